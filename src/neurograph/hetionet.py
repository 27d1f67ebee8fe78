"""Import Hetionet v1.0 (nodes TSV + edges SIF) as a mirror graph.

The result has the layout of :mod:`neurograph.graph` (entity nodes and
statement edges; no documents), so path search, the store and the views work
on it unchanged.

Choices
-------
Node ids
    Hetionet's own ids are kept as-is (``"Compound::DB01221"``,
    ``"Gene::1106"``): they are unique across kinds, reversible and what
    Hetionet users type. The CURIE each one stands for (``DRUGBANK:DB01221``,
    ``NCBIGene:1106``, ``DOID:...``, ``UBERON:...``, ``GO:...``,
    ``MESH:...``, ``UMLS:...``) goes into ``xrefs``.
Categories
    Compound->Drug, Disease->Disorder, Gene->Gene, Anatomy->Anatomy,
    Symptom->Symptom, Side Effect->Symptom, Pharmacologic Class->DrugClass,
    Biological Process->Process, Cellular Component->CellularComponent,
    Molecular Function->MolecularFunction, Pathway->Pathway.
Relationship types
    AdG/CdG/DdG->DECREASES, AuG/CuG/DuG->INCREASES, CbG->BINDS, CtD->TREATS,
    CpD->PALLIATES, CrC/DrD->RESEMBLES, DaG->ASSOCIATED_WITH,
    DlA->LOCALIZES_TO, GcG->COVARIES_WITH, GiG->INTERACTS_WITH,
    Gr>G->REGULATES; and for the full release: CcSE->CAUSES,
    DpS->HAS_SYMPTOM, GpBP/GpCC/GpMF/GpPW->PARTICIPATES_IN, PCiC->IS_A
    (reversed: the compound IS_A its class). AeG ("Anatomy expresses Gene")
    has no schema type and is skipped (counted in
    ``G.graph["hetionet"]["skipped"]``). Polarity comes from the schema.
Confidence
    A constant :data:`CONFIDENCE` = 0.9 for every edge: Hetionet integrates
    curated databases, but several of its edge sets (LINCS up/down-regulation,
    ERC covariation) are computational, so it sits a little below certainty.
    Path ranking on Hetionet therefore reduces to fewest hops.
Evidence
    One evidence record per edge, ``source: "Hetionet v1.0"``, with the
    metaedge as its sentence and the Hetionet citation. Edges of one metaedge
    share the same evidence list and qualifier dict objects (it keeps the
    graph lean): treat them as read-only.
Duplicates
    A repeated ``(source, type, target)``, or the reverse of a symmetric one,
    is stored once (counted in ``G.graph["hetionet"]["duplicates"]``).

Examples
--------
>>> import gzip, os, tempfile
>>> d = tempfile.mkdtemp()
>>> nodes = os.path.join(d, "nodes.tsv"); edges = os.path.join(d, "edges.sif.gz")
>>> _ = open(nodes, "w").write("id\\tname\\tkind\\nCompound::DB01221\\tKetamine\\tCompound\\n"
...                            "Disease::DOID:1470\\tmajor depressive disorder\\tDisease\\n")
>>> with gzip.open(edges, "wt") as fh:
...     _ = fh.write("source\\tmetaedge\\ttarget\\nCompound::DB01221\\tCtD\\tDisease::DOID:1470\\n")
>>> G = load_hetionet(nodes, edges)
>>> G.nodes["Compound::DB01221"]["category"], G.nodes["Compound::DB01221"]["xrefs"]
('Drug', ['DRUGBANK:DB01221'])
>>> e = G.edges["Compound::DB01221", "Disease::DOID:1470", "TREATS"]
>>> e["polarity"], e["confidence"], e["evidence"][0]["source"]
(-1, 0.9, 'Hetionet v1.0')
"""

from __future__ import annotations

import gzip
import itertools
import os
from pathlib import Path

import networkx as nx

from .errors import InputError, SchemaError
from .naming import display_name
from .records import collector_paused

SOURCE = "Hetionet v1.0"
CITATION = "Himmelstein DS et al. (2017) eLife 6:e26726, doi:10.7554/eLife.26726"
CONFIDENCE = 0.9

# Hetionet keeps its sources' capitalisation for these kinds (DrugBank's
# "Ketamine", MeSH's "Abdomen, Acute", "Serotonin Uptake Inhibitors"); their
# names are written the way the lexicon writes names (neurograph.names).
_SENTENCE_CASE_KINDS = frozenset({"Compound", "Symptom", "Side Effect", "Pharmacologic Class"})

CATEGORIES = {
    "Compound": "Drug",
    "Disease": "Disorder",
    "Gene": "Gene",
    "Anatomy": "Anatomy",
    "Symptom": "Symptom",
    "Side Effect": "Symptom",
    "Pharmacologic Class": "DrugClass",
    "Biological Process": "Process",
    "Cellular Component": "CellularComponent",
    "Molecular Function": "MolecularFunction",
    "Pathway": "Pathway",
}

# metaedge abbreviation -> (schema type, reversed?, readable metaedge)
METAEDGES = {
    "AdG": ("DECREASES", False, "Anatomy downregulates Gene"),
    "CdG": ("DECREASES", False, "Compound downregulates Gene"),
    "DdG": ("DECREASES", False, "Disease downregulates Gene"),
    "AuG": ("INCREASES", False, "Anatomy upregulates Gene"),
    "CuG": ("INCREASES", False, "Compound upregulates Gene"),
    "DuG": ("INCREASES", False, "Disease upregulates Gene"),
    "CbG": ("BINDS", False, "Compound binds Gene"),
    "CtD": ("TREATS", False, "Compound treats Disease"),
    "CpD": ("PALLIATES", False, "Compound palliates Disease"),
    "CrC": ("RESEMBLES", False, "Compound resembles Compound"),
    "DrD": ("RESEMBLES", False, "Disease resembles Disease"),
    "DaG": ("ASSOCIATED_WITH", False, "Disease associates Gene"),
    "DlA": ("LOCALIZES_TO", False, "Disease localizes Anatomy"),
    "GcG": ("COVARIES_WITH", False, "Gene covaries Gene"),
    "GiG": ("INTERACTS_WITH", False, "Gene interacts Gene"),
    "Gr>G": ("REGULATES", False, "Gene regulates Gene"),
    "CcSE": ("CAUSES", False, "Compound causes Side Effect"),
    "DpS": ("HAS_SYMPTOM", False, "Disease presents Symptom"),
    "GpBP": ("PARTICIPATES_IN", False, "Gene participates Biological Process"),
    "GpCC": ("PARTICIPATES_IN", False, "Gene participates Cellular Component"),
    "GpMF": ("PARTICIPATES_IN", False, "Gene participates Molecular Function"),
    "GpPW": ("PARTICIPATES_IN", False, "Gene participates Pathway"),
    "PCiC": ("IS_A", True, "Pharmacologic Class includes Compound"),
}
# Real Hetionet metaedges without a schema type: skipped, not an error.
SKIPPED_METAEDGES = {"AeG": "Anatomy expresses Gene"}

# Hetionet kind -> CURIE prefix for the xref ("" when the identifier already is a CURIE).
_CURIE_PREFIX = {
    "Compound": "DRUGBANK:",
    "Gene": "NCBIGene:",
    "Symptom": "MESH:",
    "Side Effect": "UMLS:",
    "Pharmacologic Class": "NDFRT:",
    "Anatomy": "",
    "Disease": "",
    "Biological Process": "",
    "Cellular Component": "",
    "Molecular Function": "",
}


def curie(node_id: str) -> str | None:
    """The CURIE a Hetionet node id stands for, or None (pathways).

    >>> curie("Gene::1106"), curie("Disease::DOID:1470"), curie("Pathway::PC7_5403")
    ('NCBIGene:1106', 'DOID:1470', None)
    """
    kind, _, local = node_id.partition("::")
    prefix = _CURIE_PREFIX.get(kind)
    if prefix is None or not local:
        return None
    if prefix == "" and ":" not in local:
        return None
    return prefix + local


def _open_text(path: Path):
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def load_hetionet(nodes_tsv: str | os.PathLike, sif_gz: str | os.PathLike, schema=None,
                  cache: str | os.PathLike | None = None) -> nx.MultiDiGraph:
    """Read Hetionet nodes and edges into a mirror graph.

    Parameters
    ----------
    nodes_tsv : path
        ``id<TAB>name<TAB>kind`` with a header line (gzip or plain).
    sif_gz : path
        ``source<TAB>metaedge<TAB>target`` with a header line (gzip or plain).
    schema : Schema, optional
        Defaults to the installed schema; gives each type's polarity,
        Biolink predicate and qualifiers.
    cache : path, optional
        A private folder (the data directory's ``cache/``) to keep the
        parsed files in, as columnar JSON (see :func:`hetionet_cache_path`):
        the next call with the same files, schema and code reads that
        instead of parsing the files again. The graph is the same either way.

    Returns
    -------
    networkx.MultiDiGraph
        Every node of the nodes file (unconnected ones too) and every mapped
        edge. ``G.graph["hetionet"]`` counts edges per metaedge, skipped
        edges and duplicates.

    Raises
    ------
    InputError
        A missing file, a wrong header, a line without three fields, an
        unknown kind or metaedge, a repeated node id or an edge naming a node
        the nodes file lacks; the message names the file and line.
    """
    schema, nodes_tsv, sif_gz, edge_templates = _inputs(nodes_tsv, sif_gz, schema)
    with collector_paused():
        G = _graph_from_columns(_columns(nodes_tsv, sif_gz, edge_templates, cache), edge_templates)
    G.graph.update(name="hetionet", documents={}, schema_version=schema.version, source=SOURCE,
                   hetionet={"nodes_file": str(nodes_tsv), "edges_file": str(sif_gz), **G.graph.pop("hetionet")})
    return G


def hetionet_columns(nodes_tsv: str | os.PathLike, sif_gz: str | os.PathLike, schema=None,
                     cache: str | os.PathLike | None = None):
    """The graph :func:`load_hetionet` reads, as the columns :func:`neurograph.merge.merge_curated` walks.

    No graph is built on the way: the merge makes each statement once,
    where it goes. Same parameters and errors as :func:`load_hetionet`.

    Returns
    -------
    neurograph.merge.CuratedColumns
    """
    from .merge import CuratedColumns

    schema, nodes_tsv, sif_gz, edge_templates = _inputs(nodes_tsv, sif_gz, schema)
    with collector_paused():
        doc = _columns(nodes_tsv, sif_gz, edge_templates, cache)
        ids = doc["ids"]
        categories = doc["categories"]
        node_data = [{"kind": "entity", "id": n, "name": name, "category": categories[c], "synonyms": [],
                      "xrefs": [x] if x else []}
                     for n, name, c, x in zip(ids, doc["names"], doc["category"], doc["xrefs"], strict=True)]
        templates = [(t[0], t[3]) for t in edge_templates.values()]
        copies = [templates[shape[0]] if len(shape) == 1 else None for shape in doc["shapes"]]
        return CuratedColumns(ids, node_data, doc["succ"], doc["succ_shape"], _makers(doc["shapes"], edge_templates),
                              list(map(len, doc["shapes"])), doc["preds"], copies)


def _columns(nodes_tsv: Path, sif_gz: Path, edge_templates: dict, cache) -> dict:
    """The files' columns: from the cache in ``cache`` when it holds them, else parsed (and cached)."""
    if cache is None:
        return _parse(nodes_tsv, sif_gz, edge_templates)
    cache_path = hetionet_cache_path(cache, nodes_tsv, sif_gz, edge_templates)
    doc = _read_cache(cache_path, edge_templates)
    return doc if doc is not None else _parse_into_cache(cache_path, nodes_tsv, sif_gz, edge_templates)


def _parse_into_cache(cache_path: Path, nodes_tsv: Path, sif_gz: Path, edge_templates: dict) -> dict:
    """The files parsed (:func:`_parse`), and saved with their provenance as the cache file ``cache_path``."""
    from .resources import sha256_file

    doc = _parse(nodes_tsv, sif_gz, edge_templates)
    provenance = {"nodes_file": nodes_tsv.name, "nodes_sha256": sha256_file(nodes_tsv), "edges_file": sif_gz.name,
                  "edges_sha256": sha256_file(sif_gz), "code": f"{__name__} cache {_CACHE_VERSION}"}
    _write_cache(cache_path, doc, provenance)
    return doc


def fill_hetionet_cache(nodes_tsv: str | os.PathLike, sif_gz: str | os.PathLike, cache: str | os.PathLike,
                        schema=None) -> Path:
    """Parse the files into the cache folder ``cache`` unless their cache is there already; its path."""
    schema, nodes_tsv, sif_gz, edge_templates = _inputs(nodes_tsv, sif_gz, schema)
    path = hetionet_cache_path(cache, nodes_tsv, sif_gz, edge_templates)
    if not path.is_file():
        _parse_into_cache(path, nodes_tsv, sif_gz, edge_templates)
    return path


def _inputs(nodes_tsv, sif_gz, schema) -> tuple:
    """The schema, the two paths (checked) and, per metaedge, its type and one shared set of read-only
    attribute values."""
    from .schema import load_schema

    schema = schema if schema is not None else load_schema()
    nodes_tsv, sif_gz = Path(nodes_tsv), Path(sif_gz)
    for path in (nodes_tsv, sif_gz):
        if not path.is_file():
            raise InputError("file not found", path)
    edge_templates = {}
    for abbrev, (rel_type, reverse, readable) in METAEDGES.items():
        if rel_type not in schema.relationships:
            raise SchemaError(f"Hetionet metaedge {abbrev} maps to {rel_type}, which the schema lacks", schema.path)
        rel = schema.relationships[rel_type]
        evidence = [{"doc": "hetionet", "sentence": f"{readable} ({SOURCE} metaedge {abbrev})", "start": 0,
                     "end": 0, "hedged": False, "negated": False, "source": SOURCE, "citation": CITATION,
                     "subject_text": "", "object_text": ""}]
        edge_templates[abbrev] = (rel_type, reverse, rel.symmetric, {
            "kind": "statement", "type": rel_type, "predicate": rel.biolink, "qualifiers": dict(rel.qualifiers),
            "polarity": rel.polarity, "confidence": CONFIDENCE, "hedged": False, "curated": True,
            "evidence": evidence, "documents": [],
        })
    return schema, nodes_tsv, sif_gz, edge_templates


def _parse(nodes_tsv: Path, sif_gz: Path, edge_templates: dict) -> dict:
    """The two files read into columns (the cache's content; see :func:`_graph_from_columns`)."""
    ids: list[str] = []
    names: list[str] = []
    category_of: list[int] = []
    xrefs: list[str | None] = []
    index: dict[str, int] = {}
    categories = list(dict.fromkeys(CATEGORIES.values()))
    category_index = {kind: categories.index(category) for kind, category in CATEGORIES.items()}
    try:
        with _open_text(nodes_tsv) as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
            if header[:3] != ["id", "name", "kind"]:
                raise InputError(f"expected header 'id<TAB>name<TAB>kind', got {'<TAB>'.join(header)!r}", nodes_tsv, 1)
            for lineno, line in enumerate(fh, 2):
                line = line.rstrip("\r\n")
                if not line:
                    continue
                fields = line.split("\t")
                if len(fields) != 3 or not fields[0] or not fields[2]:
                    raise InputError(f"expected 3 tab-separated fields, got {len(fields)}", nodes_tsv, lineno)
                node_id, name, kind = fields
                category = category_index.get(kind)
                if category is None:
                    raise InputError(f"unknown node kind {kind!r}", nodes_tsv, lineno)
                if node_id in index:
                    raise InputError(f"node {node_id!r} listed twice", nodes_tsv, lineno)
                if kind in _SENTENCE_CASE_KINDS:
                    name = display_name(name)
                index[node_id] = len(ids)
                ids.append(node_id)
                names.append(name or node_id)
                category_of.append(category)
                xrefs.append(curie(node_id))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", nodes_tsv) from None
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", nodes_tsv) from None

    # Per node: successor index -> {type: metaedge index}, in the file's order; predecessors as first met.
    succ: list[dict[int, dict[str, int]]] = [{} for _ in ids]
    preds: list[list[int]] = [[] for _ in ids]
    metaedges = {abbrev: (m, t[0], t[1], t[2]) for m, (abbrev, t) in enumerate(edge_templates.items())}
    counts: dict[str, int] = {}
    skipped: dict[str, int] = {}
    duplicates = 0
    with collector_paused():  # nothing here forms a cycle; the collector would rescan the growing lists
        try:
            with _open_text(sif_gz) as fh:
                # One read and one split: a line-by-line read through gzip's file object cost a call per line.
                lines = fh.read().split("\n")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason})", sif_gz) from None
        except (OSError, EOFError) as exc:
            raise InputError(f"cannot read: {exc}", sif_gz) from None
        if lines and lines[-1] == "":
            lines.pop()
        if lines and lines[0].endswith("\r"):  # Windows line ends
            lines = [line.rstrip("\r") for line in lines]
        header = lines[0].split("\t") if lines else []
        if header[:3] != ["source", "metaedge", "target"]:
            raise InputError(f"expected header 'source<TAB>metaedge<TAB>target', got {'<TAB>'.join(header)!r}",
                             sif_gz, 1)
        for lineno, line in enumerate(itertools.islice(lines, 1, None), 2):
            fields = line.split("\t")
            if len(fields) != 3:
                if fields == [""]:
                    continue
                raise InputError(f"expected 3 tab-separated fields, got {len(fields)}", sif_gz, lineno)
            u, abbrev, v = fields
            metaedge = metaedges.get(abbrev)
            if metaedge is None:
                if abbrev in SKIPPED_METAEDGES:
                    skipped[abbrev] = skipped.get(abbrev, 0) + 1
                    continue
                raise InputError(f"unknown metaedge {abbrev!r}", sif_gz, lineno)
            m, rel_type, reverse, symmetric = metaedge
            if reverse:
                u, v = v, u
            ui, vi = index.get(u), index.get(v)
            if ui is None or vi is None:
                source, target = (v, u) if reverse else (u, v)
                missing = ("source", source) if source not in index else ("target", target)
                raise InputError(f"{missing[0]} node {missing[1]!r} is not in {nodes_tsv.name}", sif_gz, lineno)
            su = succ[ui]
            types = su.get(vi)
            if types is not None and rel_type in types:
                duplicates += 1
                continue
            if symmetric:
                back = succ[vi].get(ui)
                if back is not None and rel_type in back:
                    duplicates += 1
                    continue
            if types is None:
                types = su[vi] = {}
                preds[vi].append(ui)
            types[rel_type] = m
            counts[abbrev] = counts.get(abbrev, 0) + 1
        # Each pair's metaedges (its key dict's shape) once, as an index.
        shapes: list[list[int]] = []
        shape_index: dict[tuple, int] = {}
        succ_shapes = []
        for nbrs in succ:
            row = []
            for types in nbrs.values():
                shape = tuple(types.values())
                at = shape_index.get(shape)
                if at is None:
                    at = shape_index[shape] = len(shapes)
                    shapes.append(list(shape))
                row.append(at)
            succ_shapes.append(row)
        return {"format": _CACHE_FORMAT, "version": _CACHE_VERSION, "metaedges": list(edge_templates),
                "categories": categories, "ids": ids, "names": names, "category": category_of, "xrefs": xrefs,
                "shapes": shapes, "succ": [list(nbrs) for nbrs in succ], "succ_shape": succ_shapes, "preds": preds,
                "counts": {"edges": counts, "skipped": skipped, "duplicates": duplicates, "confidence": CONFIDENCE}}


# --- the cache of the parsed files ------------------------------------------------------------------

# Bump when what the cache holds, or how it is read, changes (the digest also covers this module's and
# naming.py's source, which decide the names and ids the cache holds).
_CACHE_FORMAT = "neurograph-hetionet-cache"
_CACHE_VERSION = 2


def hetionet_cache_path(folder: str | os.PathLike, nodes_tsv: Path, sif_gz: Path, edge_templates: dict) -> Path:
    """``<folder>/hetionet-<digest>.json``; the digest covers both files' bytes, the metaedge mapping (types,
    symmetry, from the schema) and the code that parses the files, so any change to them misses the cache."""
    import hashlib

    from . import naming

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_CACHE_FORMAT} {_CACHE_VERSION}\n".encode())
    h.update(repr(sorted((abbrev, t[0], t[1], t[2]) for abbrev, t in edge_templates.items())).encode())
    for path in (Path(__file__), Path(naming.__file__), nodes_tsv, sif_gz):
        h.update(f"\n{path.name}\n".encode())
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return Path(folder) / f"hetionet-{h.hexdigest()}.json"


def _write_cache(path: Path, doc: dict, provenance: dict) -> None:
    """Save the columns as JSON (nothing in it runs) with their provenance; older caches go. A folder that cannot
    be written, or is not private, leaves the build without a cache."""
    import orjson

    from .private_files import UnsafePathError, atomic_write, private_dir

    try:
        private_dir(path.parent)
        for old in path.parent.glob("hetionet-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        atomic_write(path, orjson.dumps({**doc, "provenance": provenance}))
    except (OSError, UnsafePathError):
        pass


def _read_cache(path: Path, edge_templates: dict) -> dict | None:
    """The columns saved in the cache file ``path``, or None when there is none or it cannot be trusted."""
    import orjson

    from .private_files import read_cache_bytes

    data = read_cache_bytes(path)
    if data is None:
        return None
    try:
        doc = orjson.loads(data)
        if (doc["format"], doc["version"], doc["metaedges"]) != (_CACHE_FORMAT, _CACHE_VERSION, list(edge_templates)):
            return None
        ids = doc["ids"]
        n = len(ids)
        # What reading trusts, checked: one entry per node in every column, node indices in range.
        if not all(len(doc[k]) == n for k in ("names", "category", "xrefs", "succ", "succ_shape", "preds")):
            return None
        for column, size in ((doc["succ"], n), (doc["preds"], n), (doc["succ_shape"], len(doc["shapes"])),
                             (doc["shapes"], len(edge_templates))):
            if (min(map(min, filter(None, column)), default=0) < 0
                    or max(map(max, filter(None, column)), default=0) >= size):
                return None
        if not all(len(a) == len(b) for a, b in zip(doc["succ"], doc["succ_shape"])) or not all(doc["shapes"]):
            return None
        if not (all(type(x) is str for x in doc["names"]) and all(x is None or type(x) is str for x in doc["xrefs"])
                and all(type(c) is int and 0 <= c < len(doc["categories"]) for c in doc["category"])):
            return None
        return doc
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None  # damaged: parse the files again


def _makers(shapes: list, edge_templates: dict) -> list:
    """One function per distinct key dict, each making a fresh copy of its templates (as parsing does)."""
    templates = [(t[0], t[3]) for t in edge_templates.values()]
    makers = []
    for shape in shapes:
        pairs = [templates[m] for m in shape]
        if len(pairs) == 1:
            makers.append(lambda key=pairs[0][0], attrs=pairs[0][1]: {key: attrs.copy()})
        else:
            makers.append(lambda pairs=pairs: {key: attrs.copy() for key, attrs in pairs})
    return makers


def _graph_from_columns(doc: dict, edge_templates: dict) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    ids = doc["ids"]
    categories = doc["categories"]
    G._node.update((n, {"kind": "entity", "id": n, "name": name, "category": categories[c], "synonyms": [],
                        "xrefs": [x] if x else []})
                   for n, name, c, x in zip(ids, doc["names"], doc["category"], doc["xrefs"], strict=True))
    makers = _makers(doc["shapes"], edge_templates)
    succ = {u: {ids[v]: makers[s]() for v, s in zip(targets, kinds)}
            for u, targets, kinds in zip(ids, doc["succ"], doc["succ_shape"], strict=True)}
    # networkx shares one key dict between succ and pred
    pred = {v: {ids[u]: succ[ids[u]][v] for u in preds} for v, preds in zip(ids, doc["preds"], strict=True)}
    G._succ = G._adj = succ
    G._pred = pred
    G.graph["hetionet"] = doc["counts"]
    return G
