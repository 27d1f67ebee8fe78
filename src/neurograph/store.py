"""The graph store: the mirror graph in Neo4j (or the embedded ArcadeDB server) over Bolt.

This is the only module that imports the ``neo4j`` driver. What the mirror
becomes in the store (records, digests, batches) is
:mod:`neurograph.store_records`; the record of which build the store holds,
:mod:`neurograph.store_builds`.

What the store holds
--------------------
* every entity as ``(:Entity:<Category> {id, name, category, synonyms, xrefs})``;
  labels come from the schema whitelist (:meth:`Schema.label`);
* every document as ``(:Document {id: "doc:<doc id>", doc, name, path, sha256, chars})``
  with ``(:Document)-[:MENTIONS {count}]->(:Entity)``;
* every statement as a relationship of its schema type (:meth:`Schema.rel_type`)
  with ``predicate``, ``polarity``, ``confidence``, ``hedged``, ``curated``,
  the Biolink qualifiers as plain properties (``object_direction_qualifier``
  ...), ``documents`` (sorted doc ids), ``evidence_count`` and the evidence as
  parallel lists, one entry per evidence sentence: ``evidence_doc``,
  ``evidence_sentence``, ``evidence_start``, ``evidence_end``,
  ``evidence_hedged``, ``evidence_modifier``, ``evidence_source``,
  ``evidence_citation``, ``evidence_subject_text``, ``evidence_object_text``,
  ``evidence_population``, ``evidence_study_type`` (the evidence grade, ``extract.grade``;
  only on statements with graded evidence)
  (``""`` where the mirror has nothing: Cypher lists cannot hold nulls).
  The evidence sentences of a relationship::

      MATCH (s:Entity {name: 'magnesium'})-[r:ANTAGONIST_OF]->(o:Entity)
      UNWIND range(0, size(r.evidence_sentence) - 1) AS i
      RETURN o.name AS object, r.evidence_doc[i] AS doc, r.evidence_sentence[i] AS sentence

What neurograph owns
--------------------
Everything neurograph writes carries ``ng_owner = "neurograph"`` and
``ng_hash`` (a digest of its labels/type and properties); relationships also
carry ``ng_key`` (``"<subject id>|<TYPE>|<object id>"``, the mirror's edge
key), and owned nodes ``ng_out`` (``"<count>:<digest>"`` of the keys and hashes of their outgoing owned
relationships, written with a new node, else once they are committed; after an unfinished load the next
compares every node). A load reads the owned nodes, compares them with the mirror, reads back the
relationships of only the nodes whose ``ng_out`` differs, and writes the difference: new things are
created, changed ones updated, things the mirror no longer has are deleted. Nodes and relationships without
``ng_owner`` are never modified or deleted (an owned node that someone else's
relationship still uses is disowned rather than deleted). Each batch is its
own transaction, and a load killed at any point is completed by loading again.

Examples
--------
>>> is_read_only("MATCH (n:Entity) WHERE n.name = 'CREATE' RETURN n")
True
>>> is_read_only("match (n) detach delete n")
False
>>> refusal("MATCH (a) merge (a)-[:X]->(b)")
'MERGE at line 1, column 11'
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .cypher_guard import check_read_only, is_read_only, refusal
from .errors import QueryRefusedError, StoreError, redact_secrets
from .store_builds import BUILD_LABEL, BUILD_NODE_ID, build_properties, holds_build, warn_if_stale
from .store_builds import StaleStoreWarning, stale_store_message  # noqa: F401  (part of this module's API)
from .store_plan import LoadPlan, LoadReport, PlanError, frozen_gc
from .store_query import DEFAULT_QUERY_TIMEOUT, QueryResult, _plain_params, query_timeout  # noqa: F401
from .store_records import (OWNER, _batches, _prefetched, _quote, _size, cypher_delete_nodes,
                            cypher_delete_relationships, cypher_mark_out, cypher_set_nodes, cypher_sources_into,
                            cypher_stored_nodes, cypher_stored_relationships, cypher_update_relationships,
                            fresh_relationship_jobs, mirror_counts, node_create_jobs, relationship_create_jobs)
# Re-exported: the records are also what neurograph.export writes.
from .store_records import EVIDENCE_FIELDS, node_record, out_digest, relationship_record, \
    statement_properties  # noqa: F401

# The driver logs each retry as a warning; with no handler configured Python would print
# them on stderr. The error that ends the retries is raised as one StoreError line instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

Progress = Callable[[str, int, int], None]

# --- the store ---------------------------------------------------------------------


def _import_driver():
    """``import neo4j``, without the driver importing numpy, pandas and pyarrow on the way.

    The driver imports all three eagerly when they are installed (its
    ``_optional_deps``), about 0.5 s of CPU that a ``cypher`` or ``path
    --backend store`` command does not need: it would double the time of a
    query on a running server. Already imported (a notebook), they are left
    as they are. Without them the driver does not turn numpy or pandas
    values into Cypher values, so user parameters are made plain first
    (:func:`_plain_params`).
    """
    import sys

    if "neo4j" in sys.modules:
        return sys.modules["neo4j"]
    hidden = [name for name in ("numpy", "pandas", "pyarrow") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import neo4j
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return neo4j


class GraphStore:
    """A neurograph graph in a Neo4j-compatible database, over Bolt.

    Use :func:`open_store` rather than building one directly.
    """

    def __init__(self, uri: str, user: str, password: str, database: str, embedded=None):
        neo4j = _import_driver()

        self.uri = uri
        self.user = user
        self.database = database
        self.embedded = embedded  # the EmbeddedServer when the store is neurograph's own
        #: The data directory whose last build the first user query compares the store with (open_store sets it).
        self.check_build_of: Path | None = None
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), max_connection_pool_size=8,
                                                     connection_timeout=10, max_transaction_retry_time=15)
            # Fails at once on a bad address or password (execute_query would retry for 15 s) ...
            self.driver.verify_connectivity()
            # ... and a query proves the database exists.
            self.driver.execute_query("RETURN 1 AS ok", database_=database, routing_=neo4j.RoutingControl.READ)
        except Exception as exc:
            with contextlib.suppress(Exception):
                self.driver.close()
            raise self._error(exc, password) from None

    def __repr__(self) -> str:
        return f"GraphStore(uri={self.uri!r}, database={self.database!r})"

    def _error(self, exc: Exception, password: str | None = None) -> StoreError:
        """One line for a driver failure; for the embedded server, whether its process died."""
        error = _store_error(exc, self.uri, self.user, password)
        if self.embedded is not None and str(error).startswith("cannot reach"):
            with contextlib.suppress(Exception):
                return self.embedded.death_notice() or error
        return error

    def close(self) -> None:
        """Close the driver's connections."""
        self.driver.close()

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- low level -------------------------------------------------------------

    def _read(self, cypher: str, params: dict | None = None):
        import neo4j

        try:
            return self.driver.execute_query(cypher, params or {}, database_=self.database,
                                             routing_=neo4j.RoutingControl.READ)
        except Exception as exc:
            raise self._error(exc) from None

    def _write(self, cypher: str, params: dict | None = None):
        import neo4j

        try:
            return self.driver.execute_query(cypher, params or {}, database_=self.database,
                                             routing_=neo4j.RoutingControl.WRITE)
        except Exception as exc:
            raise self._error(exc) from None

    # --- schema ----------------------------------------------------------------

    def constraints(self) -> list[dict]:
        """The uniqueness constraints on the database, as ``{"name", "label", "properties"}``."""
        records = self._read("SHOW CONSTRAINTS").records
        out = []
        for r in records:
            data = dict(r)
            labels = data.get("labelsOrTypes") or []
            out.append({"name": data.get("name"), "label": labels[0] if labels else None,
                        "properties": list(data.get("properties") or []), "type": data.get("type")})
        return out

    def ensure_constraints(self, schema) -> list[str]:
        """One uniqueness constraint on ``id`` per label: Entity, Document and every schema category.

        Returns the labels whose constraint was created now (empty when all existed).
        """
        have = {c["label"] for c in self.constraints() if c["properties"] == ["id"]}
        labels = [schema.ENTITY_LABEL, schema.DOCUMENT_LABEL] + [schema.label(c) for c in schema.categories]
        created = []
        for label in labels:
            if label in have:
                continue
            self._write(f"CREATE CONSTRAINT {_quote(f'ng_{label}_id')} IF NOT EXISTS FOR (n:{_quote(label)}) "
                        "REQUIRE n.id IS UNIQUE")
            created.append(label)
        return created

    def ensure_key_constraints(self, schema) -> list[str]:
        """A uniqueness constraint on ``ng_key`` per relationship type the schema has (and MENTIONS).

        The store itself then refuses a second copy of a statement, whoever
        writes it (two loads from two machines, a script). ArcadeDB enforces
        it and lets relationships without ``ng_key`` (yours) be; Neo4j 5.7+
        has it too. Where the engine refuses the constraint, or the store
        still holds duplicates an older version left (``load --verify``
        removes them; the next load then adds it), the type is skipped.
        Returns the types whose constraint was created now.

        :meth:`load` calls it before it writes relationships and again at its
        end. On the merged graph, keeping the unique indexes up to date
        through a first load costs the server about 17 s of CPU, building
        them after its 767k relationships about 27 s (most of it a fixed cost
        per index over existing data).
        """
        have = {c["label"] for c in self.constraints() if c["properties"] == ["ng_key"]}
        created = []
        for rel_type in [schema.MENTIONS] + sorted({schema.rel_type(name) for name in schema.relationships}):
            if rel_type in have:
                continue
            try:
                self._write(f"CREATE CONSTRAINT {_quote('ng_' + rel_type + '_key')} IF NOT EXISTS "
                            f"FOR ()-[r:{_quote(rel_type)}]-() REQUIRE r.ng_key IS UNIQUE")
            except StoreError:
                continue
            created.append(rel_type)
        return created

    # --- counts ----------------------------------------------------------------

    def counts(self, owned: bool = True) -> dict:
        """Node and relationship counts: totals, per label, per type and (``owned``) neurograph's own.

        ``statements`` counts every relationship that is not MENTIONS. The
        owned counts read every relationship's properties (about 20 s for
        Hetionet's 766k on the embedded server); the rest come from counts
        the server keeps.
        """
        nodes = self._read("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = self._read("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
        by_label: dict[str, int] = defaultdict(int)
        for rec in self._read("MATCH (n) RETURN labels(n) AS labels, count(*) AS c").records:
            for label in rec["labels"]:
                by_label[label] += rec["c"]
        nodes -= by_label.pop(BUILD_LABEL, 0)  # the build record is not part of the graph
        by_type = {}
        for rec in self._read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t").records:
            name = rec["t"].replace("`", "``")
            count = self._read(f"MATCH ()-[r:`{name}`]->() RETURN count(r) AS c").records[0]["c"]
            if count:
                by_type[rec["t"]] = count
        out = {
            "nodes": nodes,
            "relationships": rels,
            "entities": by_label.get("Entity", 0),
            "documents": by_label.get("Document", 0),
            "mentions": by_type.get("MENTIONS", 0),
            "statements": sum(c for t, c in by_type.items() if t != "MENTIONS"),
            "labels": dict(sorted(by_label.items())),
            "types": dict(sorted(by_type.items())),
        }
        if owned:
            out["owned_nodes"] = self._read("MATCH (n) WHERE n.ng_owner = $o RETURN count(n) AS c",
                                            {"o": OWNER}).records[0]["c"]
            out["owned_relationships"] = self._read("MATCH ()-[r]->() WHERE r.ng_owner = $o RETURN count(r) AS c",
                                                    {"o": OWNER}).records[0]["c"]
        return out

    # --- which build the store holds ---------------------------------------------

    def build_record(self) -> dict | None:
        """The store's record of the build it holds, or None when no load of this version wrote one.

        ``{"build": build_id, "built_at", "loaded_at", "complete", "nodes", "edges"}``:
        :meth:`load` writes it with ``complete`` false before its first
        write and true after its last, so an interrupted load shows.
        """
        records = self._read(f"MATCH (b:{BUILD_LABEL} {{id: $id}}) RETURN properties(b) AS p",
                             {"id": BUILD_NODE_ID}).records
        return dict(records[0]["p"]) if records else None

    def holds_entities(self) -> bool:
        """Whether the store holds at least one entity node."""
        return bool(self._read("MATCH (n:Entity) RETURN n.id AS id LIMIT 1").records)

    def _record_build(self, G, complete: bool, have: dict | None = None) -> None:
        """Write the build record; nothing when ``have`` (the stored record) already says this, so that
        loading the same build again writes nothing at all."""
        props = build_properties(G, complete)
        if have is not None and have.get("complete") and all(
                have.get(k) == v for k, v in props.items() if k not in ("loaded_at", "complete")):
            return
        self._write(f"MERGE (b:{BUILD_LABEL} {{id: $id}}) SET b += $props", {"id": BUILD_NODE_ID, "props": props})

    def _totals(self) -> tuple[int, int]:
        """The store's nodes (not the build record) and relationships: two counts the server keeps."""
        nodes = self._read("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        records = self._read(f"MATCH (b:{BUILD_LABEL}) RETURN count(b) AS c").records
        rels = self._read("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
        return nodes - (records[0]["c"] if records else 0), rels

    # --- query -----------------------------------------------------------------

    def query(self, cypher: str, params: dict | None = None, write: bool = False,
              timeout: float | str | None = None):
        """Run Cypher and return a :class:`pandas.DataFrame` (one column per returned key).

        Read-only unless ``write=True``: a query that is not known to only
        read (:func:`neurograph.cypher_guard.refusal`) raises
        :class:`~neurograph.errors.QueryRefusedError` before it reaches the
        server, and reads run in a READ access-mode transaction (Neo4j refuses
        writes there; ArcadeDB does not, see docs/store.md). ``timeout``
        (seconds, see :func:`query_timeout`) bounds the transaction on servers
        that honour it. Nodes come back as dicts of their properties plus
        ``_labels``, relationships plus ``_type``, paths as lists of
        alternating node and relationship dicts.
        """
        return self.query_rows(cypher, params, write, timeout).to_frame()

    def query_rows(self, cypher: str, params: dict | None = None, write: bool = False,
                   timeout: float | str | None = None) -> QueryResult:
        """:meth:`query`, returning a :class:`QueryResult` of plain values rather than a DataFrame.

        ``neurograph cypher`` uses it: importing pandas costs more than a
        query on a running server.
        """
        seconds = query_timeout(timeout)
        if not write:
            check_read_only(cypher, "read-only unless write=True (--write)")
        keys, records = self._run_user(cypher, params, write, seconds)
        return QueryResult(keys, [[_plain(v) for v in record] for record in records])

    def _run_user(self, cypher: str, params: dict | None, write: bool, timeout: float | None):
        """A user query in a managed transaction of the right access mode, with a timeout: (keys, rows)."""
        import neo4j

        params = _plain_params(params or {})
        if self.check_build_of is not None:
            home, self.check_build_of = self.check_build_of, None  # once per store
            warn_if_stale(self, home)

        def work(tx):
            result = tx.run(cypher, params)
            return list(result.keys()), [list(r.values()) for r in result]

        work = neo4j.unit_of_work(timeout=timeout)(work) if timeout else work
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self.driver.session(database=self.database, default_access_mode=mode) as session:
                return (session.execute_write if write else session.execute_read)(work)
        except Exception as exc:
            raise self._error(exc) from None

    def query_graph(self, cypher: str, params: dict | None = None) -> dict:
        """Run a read-only query and return the graph elements it returns, for drawing.

        Returns ``{"nodes": {element_id: {"labels", "properties"}}, "relationships": [{"id", "type",
        "start", "end", "properties"}], "paths": [[relationship element ids]]}``: every node,
        relationship and path found in the returned values (lists and maps included); the end
        nodes of a relationship count as nodes (with no properties when the query did not return
        them). A query that writes raises :class:`~neurograph.errors.QueryRefusedError`.
        """
        from neo4j.graph import Node, Path, Relationship

        check_read_only(cypher, "a drawn query is read-only")
        nodes: dict[str, dict] = {}
        relationships: dict[str, dict] = {}
        paths: list[list[str]] = []

        def add_node(node) -> None:
            entry = nodes.setdefault(node.element_id, {"labels": [], "properties": {}})
            if len(node.labels) or len(node):
                entry["labels"] = sorted(node.labels)
                entry["properties"] = {k: _plain(v) for k, v in node.items()}

        def add_relationship(rel) -> None:
            add_node(rel.start_node)
            add_node(rel.end_node)
            relationships.setdefault(rel.element_id, {
                "id": rel.element_id, "type": rel.type, "start": rel.start_node.element_id,
                "end": rel.end_node.element_id, "properties": {k: _plain(v) for k, v in rel.items()}})

        def walk(value) -> None:
            if isinstance(value, Node):
                add_node(value)
            elif isinstance(value, Relationship):
                add_relationship(value)
            elif isinstance(value, Path):
                for node in value.nodes:
                    add_node(node)
                for rel in value.relationships:
                    add_relationship(rel)
                paths.append([rel.element_id for rel in value.relationships])
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)

        # the same READ transaction and timeout as any user query (see query)
        for values in self._run_user(cypher, params, False, query_timeout(None))[1]:
            for value in values:
                walk(value)
        return {"nodes": nodes, "relationships": list(relationships.values()), "paths": paths}

    # --- load ------------------------------------------------------------------

    def _stored_nodes(self, properties: bool = False) -> dict[str, dict]:
        """Entity and Document nodes in the store: id -> owner, hashes, labels (and ``props`` if asked)."""
        nodes: dict[str, dict] = {}
        for label in ("Entity", "Document"):
            for rec in self._read(cypher_stored_nodes(label, properties)).records:
                if rec["id"] is not None:
                    nodes[rec["id"]] = {"owner": rec["owner"], "hash": rec["hash"], "out": rec["out"],
                                        "labels": rec["labels"], "label": label, "eid": rec["eid"]}
                    if properties:
                        props = dict(rec["props"])
                        props.pop("ng_out", None)
                        nodes[rec["id"]]["props"] = props
        return nodes

    def _stored_relationships(self, sources: dict[str, list[str]], batch_size: int,
                              properties: bool = False) -> tuple[dict, dict]:
        """Owned relationships out of the given nodes (label -> ids): key -> entry, and duplicates."""
        rels: dict[str, dict] = {}
        duplicates: dict = defaultdict(list)
        for label, ids in sources.items():
            for batch in _batches(sorted(ids), batch_size):
                for rec in self._read(cypher_stored_relationships(label, properties), {"ids": batch, "o": OWNER}).records:
                    entry = {"hash": rec["hash"], "type": rec["type"], "s": rec["s"], "o": rec["o"]}
                    if properties:
                        entry["props"] = dict(rec["props"])
                    if rec["key"] in rels:
                        duplicates[rec["key"]].append(entry)
                    else:
                        rels[rec["key"]] = entry
        return rels, duplicates

    @frozen_gc()  # the collector leaves the mirror's millions of objects alone during the load
    def load(self, G, schema, batch_size: int = 5000, progress: Progress | None = None,
             verify: bool = False) -> LoadReport:
        """Make the store hold the mirror graph ``G``; write only what differs.

        Loads in batches of ``batch_size`` rows, each batch its own
        transaction. Loading the same graph twice writes nothing the second
        time; after an edit the store follows the mirror (see the module
        docstring for what neurograph owns). An interrupted load is completed
        by loading again. ``progress(step, done, total)`` is called after
        each batch.

        A build the store already holds, completely loaded, is recognised by
        one comparison: its build record (:meth:`build_record`) names the
        content hash and build time of ``G.graph`` and its counts. Otherwise
        the difference is found without reading every relationship back:
        each owned node keeps ``ng_out``, a digest of the keys and hashes of
        its outgoing owned relationships, written after those relationships
        are committed. Only nodes whose digest differs from the mirror's have
        their relationships read and compared (:mod:`neurograph.store_plan`).
        The report's ``counts`` come from the mirror, except the store's total
        nodes and relationships.

        Batches run one after another from one session: on ArcadeDB, two
        sessions creating relationships at once conflict on shared nodes
        ("Edge list OUT head of vertex ... changed by a concurrent
        transaction") and are slower, not faster, even with retries.

        The digests only say what neurograph wrote. A change made behind its
        back (``cypher --write`` deleting relationships or editing
        properties) leaves them as they were, so a plain load cannot see it;
        it only warns (``report.warning``) when the store holds fewer nodes
        or relationships than the mirror. With ``verify=True`` the load reads
        every node's and every owned relationship's properties, compares them
        with what the mirror would write, and puts back whatever differs:
        missing or edited things are restored, extra or duplicated owned ones
        removed (``report.repairs`` lists them). It costs a full read of the
        store.
        """
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1, not {batch_size}")
        started = time.perf_counter()
        report = LoadReport(verified=verify)
        if progress is not None:
            progress("plan", 0, 0)
        recorded = self.build_record()
        if not verify and holds_build(recorded, G):
            report.unchanged = G.number_of_nodes() + G.number_of_edges()
            return self._finish(G, schema, report, started, verify)
        self._record_build(G, complete=False, have=recorded)  # until the last write: a half-done load shows
        stored = self._stored_nodes(properties=verify)
        if stored:
            # Updates find nodes by id. Into an empty store, the nodes are created first and the id indexes
            # built at the end, which costs the server about a third of keeping them up to date.
            self.ensure_constraints(schema)
        plan = LoadPlan(G, schema, stored, verify, interrupted=bool(recorded) and not recorded.get("complete"))
        try:
            plan.plan_nodes()
        except PlanError as exc:
            raise StoreError(str(exc)) from None
        plan.plan_dirty()
        if plan.recreated:
            # Relationships into a relabelled node go with it; their sources must be re-compared.
            for batch in _batches(sorted(plan.recreated), batch_size):
                for rec in self._read(cypher_sources_into(), {"ids": batch, "o": OWNER}).records:
                    if rec["id"] is not None:
                        plan.mark(rec["id"], "Document" if "Document" in rec["labels"] else "Entity")
        plan.plan_relationships(*self._stored_relationships(plan.dirty, batch_size, properties=verify))
        report.repairs, report.unchanged = plan.repairs, plan.unchanged
        total, done = plan.total(), 0

        def run(step: str, jobs: Iterable[tuple[str, list]], check=None) -> None:
            nonlocal done
            for cypher, rows, *params in _prefetched(jobs):  # params: values a batch's rows share
                result = self._write(cypher, {"rows": rows, "o": OWNER, **(params[0] if params else {})})
                if check is not None:
                    check(rows, result.records)
                done += len(rows)
                report.batches += 1
                if progress is not None:
                    progress(step, done, total)

        if progress is not None:
            progress("plan", 0, total)

        # 1. relationships that go
        run("delete relationships", ((cypher_delete_relationships(start, rel_type), batch)
                                     for (start, rel_type), rows in plan.delete_rels.items()
                                     for batch in _batches(rows, batch_size)))
        report.relationships_deleted = sum(len(r) for r in plan.delete_rels.values())

        # 2. nodes that go (a node that still has relationships someone else wrote is only disowned)
        node_deletes = [0, 0]  # deleted, disowned: what the server did, not what was planned

        def count_deletes(rows, records) -> None:
            for rec in records:
                node_deletes[0] += rec["deleted"]
                node_deletes[1] += rec["disowned"]

        run("delete nodes", ((cypher_delete_nodes(label), batch) for label, ids in plan.delete_nodes.items()
                             for batch in _batches(ids, batch_size)), check=count_deletes)
        # A relabelled node is deleted and created again: it counts as updated, not as deleted and created.
        report.nodes_deleted = max(0, node_deletes[0] - len(plan.recreated))
        report.nodes_disowned = node_deletes[1]

        # 3. nodes that come or change; relationships then find their end nodes by element id
        element_ids = {node_id: have["eid"] for node_id, have in plan.stored.items()}

        def keep_element_ids(rows, records) -> None:
            for rec in records:
                element_ids[rec["id"]] = rec["eid"]

        run("nodes", node_create_jobs(plan.nodes_to_create(), batch_size), check=keep_element_ids)
        run("nodes", ((cypher_set_nodes(label, replace), batch)
                      for nodes, replace in ((plan.update_nodes, True), (plan.foreign_nodes, False))
                      for label, rows in nodes.items() for batch in _batches(rows, batch_size)))
        self.ensure_constraints(schema)  # into an empty store: built now, before the nodes grow edge lists
        self.ensure_key_constraints(schema)  # before the relationships: kept up to date costs less than built after
        report.nodes_created = sum(len(r) for r in plan.create_nodes.values()) - len(plan.recreated)
        report.nodes_updated = sum(len(r) for r in plan.update_nodes.values()) + len(plan.recreated)

        # 4. relationships that come or change
        def all_created(rows, records) -> None:
            created = records[0]["created"] if records else 0
            if created != len(rows):
                raise StoreError(f"{len(rows) - created} of {len(rows)} relationships found no end node: "
                                 "the graph changed during the load; load again")

        run("relationships", relationship_create_jobs(
            ((group, ((row["s"], row["o"], row["p"], _size(row["p"])) for row in rows))
             for group, rows in plan.create_rels.items()), element_ids, batch_size), check=all_created)
        run("relationships", ((cypher_update_relationships(start, rel_type), batch)
                              for (start, rel_type, _), rows in plan.update_rels.items()
                              for batch in _batches(rows, batch_size)))
        run("relationships", fresh_relationship_jobs(
            ((group, plan.fresh_records(edge_list)) for group, edge_list in plan.fresh_edges.items()),
            element_ids, batch_size), check=all_created)
        report.relationships_created = sum(len(r) for r in plan.create_rels.values()) + plan.n_fresh
        report.relationships_updated = sum(len(r) for r in plan.update_rels.values())

        # 5. each node's digest of its relationships, once they are all committed
        def by_label(label, rows, records) -> None:
            # A node whose element id went stale is found by its id instead.
            if records[0]["marked"] != len(rows):
                self._write(cypher_mark_out(label), {"rows": rows})

        for label, rows in plan.out_rows(element_ids).items():
            run("finish", ((cypher_mark_out(), batch) for batch in _batches(rows, batch_size)),
                check=lambda rows, records, label=label: by_label(label, rows, records))

        self.ensure_key_constraints(schema)  # again: a type whose duplicates --verify removed gets it now
        self._record_build(G, complete=True, have=recorded)
        return self._finish(G, schema, report, started, verify)

    def _finish(self, G, schema, report: LoadReport, started: float, verify: bool) -> LoadReport:
        """The report's counts (the mirror's, and the store's totals) and its warning."""
        self.check_build_of = None  # it now holds the graph it was given
        report.counts = mirror_counts(G, schema)
        nodes, rels = self._totals()
        report.counts.update(nodes=nodes, relationships=rels)
        if not verify and (nodes < G.number_of_nodes() or rels < G.number_of_edges()):
            # Cheap, and it catches deletions made with cypher --write.
            report.warning = (f"the store has {nodes} nodes and {rels} relationships, fewer than the mirror's "
                              f"{G.number_of_nodes()} and {G.number_of_edges()}: something changed it outside "
                              "neurograph; run `neurograph load --verify` to repair")
        report.seconds = round(time.perf_counter() - started, 3)
        return report


def _plain(value: Any) -> Any:
    """A driver value as plain Python (nodes and relationships as property dicts)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {**dict(value.items()), "_labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {**dict(value.items()), "_type": value.type}
    if isinstance(value, Path):
        out: list = []
        for i, node in enumerate(value.nodes):
            if i:
                out.append(_plain(value.relationships[i - 1]))
            out.append(_plain(node))
        return out
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):  # neo4j temporal types
        return value.to_native()
    return value


def _store_error(exc: Exception, uri: str, user: str, password: str | None = None) -> StoreError:
    """One clear line for a driver failure; never the password."""
    import neo4j.exceptions as ne

    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, ne.AuthError):
        message = f"authentication failed for user {user!r} at {uri}"
    elif isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired)) or isinstance(exc, OSError):
        reason = re.search(r"reason (?:\[Errno \d+\] )?([^)]*)\)", str(exc))
        detail = reason.group(1) if reason else (_first_line(exc) or type(exc).__name__)
        message = f"cannot reach the graph server at {uri} ({detail.lower() if reason else detail})"
    elif isinstance(exc, ne.ConfigurationError):
        message = f"bad connection settings for {uri}: {_first_line(exc)}"
    elif isinstance(exc, ne.Neo4jError):
        message = f"the graph server rejected the query: {exc.code}: {_first_line(exc.message or str(exc))}"
    elif isinstance(exc, ValueError):
        message = f"bad connection settings for {uri}: {_first_line(exc)}"
    else:
        message = f"graph store error at {uri}: {type(exc).__name__}: {_first_line(exc)}"
    if password:
        message = message.replace(password, "***")
    return StoreError(redact_secrets(message))


def _first_line(exc: Any) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""


@contextlib.contextmanager
def open_store(home: str | os.PathLike | None = None, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None,
               check_build: bool = True) -> Iterator[GraphStore]:
    """A :class:`GraphStore` for the duration of the block.

    With ``uri`` (or ``NEO4J_URI``) it connects to that server (Neo4j, Aura,
    a cluster: ``neo4j+s://...``) as ``user`` (``NEO4J_USERNAME``, default
    ``neo4j``) with ``password`` (``NEO4J_PASSWORD``), database ``database``
    (``NEO4J_DATABASE``, default ``neo4j``). Without, it uses the embedded
    server of the data directory ``home``, starting it for the block if it is
    not running.

    While another process loads into that store (it holds the load lock, see
    :func:`load_graph_into_store`), this raises
    :class:`~neurograph.locks.LockBusyError` in one line naming its pid:
    half-loaded, the store gives partial answers and "unknown entity".

    With ``check_build`` (the default), the first query on a store that does
    not hold the last build of the data directory (``home``, else
    ``NEUROGRAPH_HOME`` or the default one) issues a
    :class:`StaleStoreWarning` saying what to run
    (:func:`stale_store_message`); the CLI prints it as one ``warning:``
    line on stderr. A :meth:`GraphStore.load` before any query says nothing:
    it brings the store up to date.
    """
    from .config import resolve_home

    uri = uri or os.environ.get("NEO4J_URI") or None
    if uri:
        user = user or os.environ.get("NEO4J_USERNAME") or "neo4j"
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        _refuse_during_a_load(*_store_lock(None, uri, database))
        store = GraphStore(uri, user, password, database)
        try:
            if check_build:
                store.check_build_of = _data_dir(home)
            yield store
        finally:
            store.close()
        return

    from .embedded import EmbeddedServer, ensure_server

    home = resolve_home(home)
    _refuse_during_a_load(*_store_lock(home, None, None))
    with ensure_server(home) as info:
        store = GraphStore(info.uri, info.user, info.password, database or info.database,
                           embedded=EmbeddedServer(home))
        try:
            if check_build:
                store.check_build_of = home
            yield store
        finally:
            store.close()


def _data_dir(home: str | os.PathLike | None) -> Path:
    """The data directory ``home`` names (or NEUROGRAPH_HOME, or the default), not created: a store given by
    URI does not need one."""
    from .config import default_home

    chosen = home if home is not None else os.environ.get("NEUROGRAPH_HOME") or default_home()
    return Path(chosen).expanduser().resolve()


def _store_lock(home: Path | None, uri: str | None, database: str | None) -> tuple[Path, str]:
    """Where the load lock of a store lives: (directory, lock name).

    A server given by URI (argument or ``NEO4J_URI``): a lock keyed by URI and
    database in the user's default data directory, shared by all their data
    directories. The embedded server lives in the data directory: its load lock.
    """
    from .config import default_home
    from .locks import store_lock_name

    uri = uri or os.environ.get("NEO4J_URI") or None
    if uri:
        return default_home(), store_lock_name(uri, database or os.environ.get("NEO4J_DATABASE") or "neo4j")
    return Path(home), "load"


def _refuse_during_a_load(lock_home: Path, name: str) -> None:
    """Raise LockBusyError when another process is loading (holds lock ``name`` of ``lock_home``)."""
    from .locks import LockBusyError, holder

    info = holder(lock_home, name)
    if info is not None and int(info.get("pid", 0)) != os.getpid():
        since = time.strftime("%H:%M:%S UTC", time.gmtime(info.get("since", 0)))
        raise LockBusyError(f"a load into this store is running (pid {info.get('pid')}, since {since}); "
                            "until it ends the store is half-written: try again then")


def load_graph_into_store(home: str | os.PathLike | None = None, batch_size: int = 5000,
                          progress: Progress | None = None, verify: bool = False, lock_timeout: float | None = None,
                          on_wait: Callable[[str], None] | None = None, **connection) -> LoadReport:
    """Load the last build of ``home`` into the store given by ``connection`` (see :func:`open_store`).

    The one library call behind ``neurograph load``. One load at a time: it
    holds the data directory's load lock and a lock on the store (keyed by
    URI and database, in the user's default data directory, so loads from
    two data directories into one server take turns too). A second load
    waits up to ``lock_timeout`` seconds (see
    :func:`neurograph.locks.lock_timeout`), calling ``on_wait(message)``,
    then raises :class:`~neurograph.locks.LockBusyError` naming the running
    load's pid. ``verify``: see :meth:`GraphStore.load`.
    """
    from .config import resolve_home
    from .graph import load_graph
    from .locks import lock
    from .schema import load_schema

    home = resolve_home(home)
    store_home, store_name = _store_lock(home, connection.get("uri"), connection.get("database"))
    with contextlib.ExitStack() as held:
        held.enter_context(lock(home, "load", timeout=lock_timeout, on_wait=on_wait))
        if (store_home, store_name) != (home, "load"):
            held.enter_context(lock(store_home, store_name, "load", timeout=lock_timeout, on_wait=on_wait))
        G = load_graph(home)
        schema = load_schema()
        with open_store(home=home, check_build=False, **connection) as store:
            return store.load(G, schema, batch_size=batch_size, progress=progress, verify=verify)
