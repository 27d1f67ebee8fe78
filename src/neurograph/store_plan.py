"""What a load must write: the mirror graph compared with what the store holds.

Pure Python, no driver and no server: :meth:`neurograph.store.GraphStore.load`
reads the store's owned nodes (and, for the nodes whose ``ng_out`` digest
differs, their relationships), hands them to a :class:`LoadPlan`, and writes
what the plan says with the Cypher of :mod:`neurograph.store_records`.

The steps, in the order a load calls them:

1. :meth:`LoadPlan.plan_nodes`: nodes to create, update, recreate (a changed
   category) or delete;
2. :meth:`LoadPlan.plan_dirty`: the nodes whose stored relationships must be
   read back (their ``ng_out`` differs from the mirror's, or they are gone,
   someone else's, relabelled or half-written, or the last load did not finish);
3. :meth:`LoadPlan.plan_relationships`: those relationships compared one by
   one with the mirror's; a fresh node's relationships are all new: they are
   grouped as its row is taken (:meth:`LoadPlan.nodes_to_create`, which adds
   its ``ng_out``) and written batch by batch (:meth:`LoadPlan.fresh_records`).

Examples
--------
>>> import networkx as nx
>>> from neurograph.schema import load_schema
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", kind="entity", name="a", category="Mineral")
>>> G.add_node("b", kind="entity", name="b", category="Mineral")
>>> _ = G.add_edge("a", "b", key="INCREASES", kind="statement", type="INCREASES", polarity=1)
>>> plan = LoadPlan(G, load_schema(), stored={})
>>> plan.plan_nodes()
>>> sorted(plan.fresh), dict(plan.plan_dirty()), plan.n_fresh, plan.total()
(['a', 'b'], {}, 1, 3)
>>> from neurograph.store_records import out_digest  # written with a new node: its edges are all new too
>>> [(p["id"], p["ng_out"] == out_digest(G, p["id"], load_schema()))
...  for p in plan.nodes_to_create()[("Entity", "Mineral")]]
[('a', True), ('b', True)]
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from dataclasses import dataclass, field

from .store_records import OWNER, _EdgeRows, _fold, _fold_edges, _out_digest, node_record, relationship_key


@dataclass
class LoadReport:
    """What one :meth:`GraphStore.load` did, and the store's counts afterwards."""

    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    unchanged: int = 0
    batches: int = 0
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    #: Nodes the mirror no longer has that were only disowned: someone else's relationships still use them.
    nodes_disowned: int = 0
    #: Whether the load compared every stored property with the mirror (``verify=True``).
    verified: bool = False
    #: What a verifying load found different and put right (``"wrote missing relationship <key>"`` ...).
    repairs: list = field(default_factory=list)
    #: A one-line hint when the store looks changed outside neurograph (a plain load does not look closely).
    warning: str | None = None

    @property
    def written(self) -> int:
        return (self.nodes_created + self.nodes_updated + self.nodes_deleted + self.relationships_created
                + self.relationships_updated + self.relationships_deleted)


@contextlib.contextmanager
def frozen_gc():
    """Keep Python's garbage collector off the objects that exist when the block starts (the mirror graph).

    A load makes millions of objects, and each full collection would walk the whole graph again: planning
    the merged graph's load took 4.1 s of CPU instead of 1.5 s. (When the collector is off, nothing changes.)

    >>> with frozen_gc():
    ...     gc.get_freeze_count() > 0
    True
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class PlanError(ValueError):
    """The mirror is not a neurograph graph (a node with no kind or category)."""


class LoadPlan:
    """The difference between a mirror graph ``G`` and the store's owned nodes ``stored``.

    ``stored`` maps node id to ``{"owner", "hash", "out", "labels", "label", "eid"}``
    (and ``"props"`` when ``verify``), as :meth:`GraphStore._stored_nodes` reads
    them. ``repairs`` collects what a verifying load found different.
    """

    def __init__(self, G, schema, stored: dict, verify: bool = False, interrupted: bool = False):
        # interrupted: the last load did not finish, so a node's ng_out may name relationships it never wrote.
        self.G, self.schema, self.stored, self.verify, self.interrupted = G, schema, stored, verify, interrupted
        self.edges = _EdgeRows(schema, cache_rows=True)
        self.repairs: list[str] = []
        self.unchanged = 0
        self.create_nodes: dict = defaultdict(list)  # labels -> rows
        self.update_nodes: dict = defaultdict(list)  # label -> rows
        self.foreign_nodes: dict = defaultdict(list)  # label -> rows
        self.delete_nodes: dict = defaultdict(list)  # label -> ids
        self.node_label: dict[str, str] = {}  # mirror node -> Entity or Document
        self.fresh: set[str] = set()  # nodes created by this load: no owned relationships yet
        self.rewritten: set[str] = set()  # nodes whose ng_out must be written again
        self.recreated: set[str] = set()
        self.out_digests: dict[str, str] = {}
        self.dirty: dict[str, list[str]] = defaultdict(list)  # label -> ids whose stored relationships are read
        self.dirty_ids: set[str] = set()
        self.create_rels: dict = defaultdict(list)  # group -> rows
        self.update_rels: dict = defaultdict(list)  # group -> rows
        self.delete_rels: dict = defaultdict(list)  # (start label, type) -> [{"s", "k"}]
        self.fresh_edges: dict = defaultdict(list)  # group -> [(u, v, template, ng_hash)], by nodes_to_create
        self.n_fresh = 0

    # --- 1. nodes ---------------------------------------------------------------------

    def plan_nodes(self) -> None:
        """Sort every mirror node into create, update, foreign (someone else's), recreate or unchanged."""
        stored, verify, schema = self.stored, self.verify, self.schema
        for node, attrs in self.G.nodes(data=True):
            node_id = str(node)
            record = node_record(node_id, attrs, schema)
            if record is None:
                raise PlanError(f"mirror node {node!r} has no kind/category; not a neurograph graph")
            labels, props = record
            label = labels[0]
            self.node_label[node_id] = label
            have = stored.get(node_id)
            if verify and have is not None and have["owner"] == OWNER and have["hash"] == props["ng_hash"] and (
                    have["props"] != props or sorted(have["labels"]) != sorted(labels)):
                self.repairs.append(f"restored the properties or labels of node {node_id}")
                have["hash"] = None  # changed behind neurograph's back: written again below
            if have is None:
                if verify and stored:
                    self.repairs.append(f"wrote missing node {node_id}")
                self.create_nodes[labels].append(props)
                self.fresh.add(node_id)
            elif have["owner"] != OWNER:
                self.foreign_nodes[label].append({k: v for k, v in props.items() if not k.startswith("ng_")})
            elif sorted(have["labels"]) != sorted(labels):
                # A category change: ArcadeDB cannot relabel a node under a uniqueness
                # constraint, so the node is deleted and created again (on any server).
                self.recreated.add(node_id)
                self.delete_nodes[have["label"]].append(node_id)
                self.create_nodes[labels].append(props)
            elif have["hash"] != props["ng_hash"]:
                self.update_nodes[label].append(props)  # SET n = row drops ng_out: write it again
                self.rewritten.add(node_id)
            else:
                self.unchanged += 1
        for node_id, have in stored.items():
            if have["owner"] == OWNER and node_id not in self.node_label:
                self.delete_nodes[have["label"]].append(node_id)

    # --- 2. which nodes' relationships must be compared ----------------------------------

    def mark(self, node_id: str, label: str) -> None:
        """Read the stored relationships out of ``node_id`` (label ``label``) and compare them."""
        if node_id not in self.dirty_ids:
            self.dirty_ids.add(node_id)
            self.dirty[label].append(node_id)

    def plan_dirty(self) -> dict[str, list[str]]:
        """Mark the stored nodes whose relationships must be read back; returns label -> ids.

        The caller also marks the sources of relationships into a recreated
        node (they go with it), which only the store can name.
        """
        G, edges = self.G, self.edges
        for node_id, have in self.stored.items():
            if self.verify or self.interrupted or node_id not in self.node_label or have["owner"] != OWNER \
                    or node_id in self.recreated or have["out"] is None:
                # Gone, someone else's (it may still hold our relationships), relabelled, or interrupted.
                self.mark(node_id, have["label"])
                continue
            self.out_digests[node_id] = _fold_edges(edges, G, node_id)
            if self.out_digests[node_id] != have["out"]:
                self.mark(node_id, have["label"])
            else:
                self.unchanged += G.out_degree(node_id)
        self.n_fresh = sum(len(keydict) for u in self.fresh for keydict in self.G._succ[u].values())
        return self.dirty

    def nodes_to_create(self) -> dict:
        """label -> rows of the nodes to create, each new node's with its ``ng_out``, added as its row is taken.

        A new node is created with the digest of its relationships, all of them new: no second write of it
        after them. Should the load stop before they are all written, the next one compares every node
        (the store's build record says the load did not finish: ``interrupted``). Taking the rows also
        groups the new relationships for writing (:attr:`fresh_edges`), in the thread that builds the
        batches while the server writes the previous one.
        """
        template_of, key_hash, fresh_edges, fresh, succ = (self.edges.template, self.edges.key_hash,
                                                          self.fresh_edges, self.fresh, self.G._succ)

        def with_digest(props: dict) -> dict:
            u = props["id"]
            if u in fresh:
                acc = count = 0
                for v, keydict in succ[u].items():  # G.out_edges(u, keys=True, data=True), without the view
                    for key, attrs in keydict.items():
                        template = template_of(key, attrs)
                        ng_key, ng_hash = key_hash(template, u, v)
                        acc, count = _fold(acc, ng_key, ng_hash), count + 1
                        fresh_edges[template[0]].append((u, v, template, ng_hash))
                props["ng_out"] = _out_digest(count, acc)
            return props

        return {labels: map(with_digest, rows) for labels, rows in self.create_nodes.items()}

    # --- 3. relationships of dirty nodes, compared one by one ------------------------------

    def _delete(self, ng_key: str, have: dict) -> None:
        self.delete_rels[(self.edges.group(have["type"])[0], have["type"])].append({"s": have["s"], "k": ng_key})

    def plan_relationships(self, have_rels: dict, duplicates: dict) -> None:
        """Compare the stored relationships of the dirty nodes (key -> entry, and duplicates) with the mirror."""
        G, edges, verify, repairs, recreated = self.G, self.edges, self.verify, self.repairs, self.recreated
        for node_id in self.dirty_ids:
            if node_id not in self.node_label:
                continue
            acc = count = 0
            for u, v, key, attrs in G.out_edges(node_id, keys=True, data=True):
                group, row, ng_hash = edges.row(u, v, key, attrs)
                acc, count = _fold(acc, row["k"], ng_hash), count + 1
                have = have_rels.pop(row["k"], None)
                if verify:
                    if have is None:
                        repairs.append(f"wrote missing relationship {row['k']}")
                    elif row["k"] in duplicates:
                        repairs.append(f"removed {len(duplicates[row['k']])} duplicate(s) of relationship {row['k']}")
                    elif have["hash"] == ng_hash and have["props"] != row["p"]:
                        repairs.append(f"restored the properties of relationship {row['k']}")
                        have["hash"] = None
                if node_id in recreated or str(v) in recreated:
                    if have is not None:
                        self._delete(row["k"], have)
                    self.create_rels[group].append(row)
                elif have is None:
                    self.create_rels[group].append(row)
                elif row["k"] in duplicates:
                    # Deleting by key removes every copy; then the wanted one is created again.
                    self._delete(row["k"], have)
                    self.create_rels[group].append(row)
                elif have["hash"] != ng_hash:
                    self.update_rels[group].append(row)
                else:
                    self.unchanged += 1
            self.out_digests[node_id] = _out_digest(count, acc)
            self.rewritten.add(node_id)
        for ng_key, have in have_rels.items():  # owned relationships the mirror no longer has
            if verify:
                repairs.append(f"removed relationship {ng_key} (not in the mirror)")
            self._delete(ng_key, have)
        deleted = {r["k"] for rows in self.delete_rels.values() for r in rows}
        for ng_key, copies in duplicates.items():
            if ng_key not in deleted:
                self._delete(ng_key, copies[0])

    def fresh_records(self, edge_list):
        """``(subject, object, template, ng_key, ng_hash)`` of fresh relationships (:meth:`_EdgeRows.template`)."""
        for u, v, template, ng_hash in edge_list:
            yield str(u), str(v), template, relationship_key(u, template[0][1], v), ng_hash

    # --- totals and the nodes' digests --------------------------------------------------

    def total(self) -> int:
        """How many rows the load writes (for progress)."""
        groups = (self.delete_rels, self.delete_nodes, self.create_nodes, self.update_nodes, self.foreign_nodes,
                  self.create_rels, self.update_rels)
        return sum(len(r) for g in groups for r in g.values()) + self.n_fresh + len(self.rewritten)

    def out_rows(self, element_ids: dict) -> dict[str, list]:
        """label -> ``[element id, id, ng_out]`` rows of the owned nodes whose ``ng_out`` is written again.

        Call once every relationship is written (new nodes were created with theirs).
        """
        rows: dict = defaultdict(list)
        for node_id in self.rewritten:
            have = self.stored.get(node_id)
            if have is not None and have["owner"] != OWNER:
                continue  # someone else's node: not ours to mark
            rows[self.node_label[node_id]].append(
                [element_ids.get(node_id), node_id, self.out_digests.get(node_id, _out_digest(0, 0))])
        return rows
