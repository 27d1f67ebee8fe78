"""Where a disease sits in MeSH's disease tree: "is this disease broader than that one?" in one lookup.

An abstract that names "stroke" beside "hemorrhagic stroke", or "liver
disease" beside "hepatitis", names one disease twice, more or less
specifically; corpora annotate the most specific name (BC5CDR's
chemical-induced diseases). Which name is the broader is in the ontologies,
not in the words: MeSH tree numbers (``C10.228.140.300`` is below
``C10.228``) place every MeSH disease, and MONDO, the Disease Ontology and
HPO reach MeSH through their cross-references (a MONDO class without one
sits below its nearest ``is_a`` ancestors that have one).

Each disease id (``MESH:D020521``, a bare ``D020521`` as PubTator writes it,
``MONDO:0005098``, ``DOID:...``, ``HP:...``) gets its *positions*: the tree
numbers where it is, ``T.*`` for somewhere below ``T``. ``A`` is broader than
``B`` when a position of ``A`` is a proper prefix of one of ``B``'s.

The table is built from the vocabularies installed in the data directory
(:func:`neurograph.lexicon_build.vocabulary_files`), once, and cached there as
text with the checksums of its inputs (:func:`load_hierarchy`); it is never
part of the repository.

Examples
--------
>>> h = Hierarchy({"MESH:D020521": ["C10.228.140.300.775", "C14.907.253.855"],
...                "MESH:D000083302": ["C10.228.140.300.775.600"], "MONDO:1": ["C10.228.140.300.775.*"]})
>>> h.broader("D020521", "MESH:D000083302"), h.broader("MESH:D000083302", "MESH:D020521")
(True, False)
>>> h.broader("MESH:D020521", "MONDO:1"), h.broader("MONDO:1", "MESH:D000083302")
(True, False)
>>> h.broader("MESH:D020521", "HP:9")  # an id without a place is broader than nothing
False
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
from pathlib import Path

from .dictionary import find_file, mesh_mapped, mesh_rows, open_text

__all__ = ["Hierarchy", "build_hierarchy", "current_hierarchy", "follow_home", "load_hierarchy", "use_hierarchy"]

# Bump when the table's content or format changes (the cache file is named by it and the inputs).
HIERARCHY_VERSION = 4  # 4: supplementary concepts mapped to several descriptors ("," joined)
# MeSH tree branches that are diseases: C (diseases) and F03 (mental disorders).
_DISEASE_TREES = ("C", "F03")
_BARE_MESH = re.compile(r"^[CD]\d{6,9}$")  # PubTator's MeSH ids carry no prefix
_MAX_UP = 4  # is_a steps climbed from a class without a MeSH place to its nearest ancestors with one


class Hierarchy:
    """Disease ids and their places in MeSH's disease tree (see the module docstring).

    Parameters
    ----------
    positions : dict[str, list[str] | str]
        Id -> tree numbers (``T.*``: somewhere below ``T``), a list or one
        ``"|"``-separated string (as the cache file keeps them: split when
        first looked up).
    provenance : dict, optional
        What the table was built from.
    """

    def __init__(self, positions: dict[str, list[str]], provenance: dict | None = None):
        self.positions = positions
        self.provenance = provenance or {}
        self._above: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.positions)

    def places(self, entity_id: str) -> list[str]:
        """The tree numbers of an id (bare MeSH ids are read as ``MESH:``); empty when it has none."""
        found = self.positions.get(entity_id)
        if found is None and _BARE_MESH.match(entity_id):
            entity_id = "MESH:" + entity_id
            found = self.positions.get(entity_id)
        if found.__class__ is str:
            found = self.positions[entity_id] = found.split("|")
        return found or []

    def above(self, entity_id: str) -> frozenset[str]:
        """Every tree number strictly above one of the id's places.

        >>> sorted(Hierarchy({"X": ["C01.2.3", "F03.4.*"]}).above("X"))
        ['C01', 'C01.2', 'F03', 'F03.4']
        """
        held = self._above.get(entity_id)
        if held is None:
            out = set()
            for place in self.places(entity_id):
                parts = place.split(".")
                for i in range(1, len(parts)):
                    out.add(".".join(parts[:i]))
            held = self._above[entity_id] = frozenset(out)
        return held

    def broader(self, a: str, b: str) -> bool:
        """Whether disease ``a`` is a broader class than disease ``b`` (an ancestor of it in the tree)."""
        places = self.places(a)
        if not places:
            return False
        above = self.above(b)
        return any(p in above for p in places)


# --- building -------------------------------------------------------------------------


def _mesh_places(files: dict[str, Path]) -> dict[str, list[str]]:
    """``MESH:`` id -> disease tree numbers, of the descriptors and of the supplementary concepts mapped to them."""
    out: dict[str, list[str]] = {}
    desc = find_file(files, "mesh2024_descriptors")
    for cells in mesh_rows(desc):
        trees = [t for t in cells[3].split("|") if t.startswith(_DISEASE_TREES)]
        if trees:
            out["MESH:" + cells[0]] = trees
    supp = find_file(files, "mesh2024_supplementary")
    for cells in mesh_rows(supp):
        below = sorted({t + ".*" for m in mesh_mapped(cells[3]) for t in out.get("MESH:" + m.lstrip("*"), ())
                        if not t.endswith(".*")})
        if below:
            out["MESH:" + cells[0]] = below
    return out


def _obo_places(path: Path, prefix: str, mesh: dict[str, list[str]], out: dict[str, list[str]]) -> None:
    """Places of an OBO-JSON ontology's classes (MONDO, DOID): their MeSH cross-references' places, else below
    their nearest ``is_a`` ancestors with a place."""
    with open_text(path) as fh:
        data = json.load(fh)

    def curie(i: str) -> str:
        return i if ":" in i else f"{prefix}:{i}"

    own: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    for e in data:
        eid = curie(e["id"])
        parents[eid] = [curie(p) for p in e.get("relations", {}).get("is_a", ())]
        places = sorted({t for x in e.get("xrefs", ()) if x.get("namespace") == "MESH"
                         for t in mesh.get("MESH:" + x.get("id", "").removeprefix("MESH:"), ())})
        if places:
            own[eid] = places
    _place(parents, own, out)


def _hpo_parents(path: Path) -> dict[str, list[str]]:
    """HPO term -> its ``is_a`` parents, from the OBO file."""
    parents: dict[str, list[str]] = {}
    term = None
    with open_text(path) as fh:
        for line in fh:
            if line.startswith("id: HP:"):
                term = line[4:].strip()
                parents[term] = []
            elif line.startswith("is_a: ") and term is not None:
                parents[term].append(line[6:].split(" ", 1)[0])
            elif line.startswith("["):
                term = None
    return parents


def _place(parents: dict[str, list[str]], own: dict[str, list[str]], out: dict[str, list[str]]) -> None:
    """Add to ``out`` each class's own places, else ``T.*`` below the places of its nearest ancestors that have
    one (at most :data:`_MAX_UP` ``is_a`` steps up)."""
    for eid, ps in parents.items():
        if eid in own:
            out.setdefault(eid, own[eid])
            continue
        found, frontier, seen = set(), ps, set()
        for _ in range(_MAX_UP):
            nxt = []
            for p in frontier:
                if p in seen:
                    continue
                seen.add(p)
                if p in own:
                    found.update(t if t.endswith(".*") else t + ".*" for t in own[p])
                else:
                    nxt.extend(parents.get(p, ()))
            if found or not nxt:
                break
            frontier = nxt
        if found:
            out.setdefault(eid, sorted(found))


def build_hierarchy(files: dict[str, Path]) -> Hierarchy:
    """The :class:`Hierarchy` of the vocabulary files (file name -> path, as
    :func:`neurograph.dictionary.vocabulary_files` gives them).

    MeSH descriptors give the places; MONDO and DOID classes take their MeSH
    cross-references' (else are below their nearest ancestors with one); HPO
    terms take those of the MeSH descriptors mapped to them (else are below
    their nearest ancestors with one).
    """
    mesh = _mesh_places(files)
    out = dict(mesh)
    for prefix, name in (("MONDO", "mondo-2024"), ("DOID", "doid-2024")):
        path = find_file(files, name)
        if path is not None:
            _obo_places(path, prefix, mesh, out)
    mappings = find_file(files, "mesh_xref_mappings")
    if mappings is not None:
        with open_text(mappings) as fh:
            hp: dict[str, set[str]] = {}
            for cells in csv.reader(fh, delimiter="\t"):
                if len(cells) >= 5 and cells[3] == "HP":
                    target = cells[4] if ":" in cells[4] else "HP:" + cells[4]
                    hp.setdefault(target, set()).update(mesh.get("MESH:" + cells[1], ()))
        own = {target: sorted(places) for target, places in hp.items() if places}
        hpo = find_file(files, "hp-")
        if hpo is not None:
            _place(_hpo_parents(hpo), own, out)
        else:
            for target, places in own.items():
                out.setdefault(target, places)
    return Hierarchy(out)


# --- the data directory's table -------------------------------------------------------------


def _inputs(home) -> dict[str, Path]:
    """The vocabulary files the table is built from: those the dictionary is built from
    (:func:`neurograph.lexicon_build.vocabulary_files`, never installing any), MeSH's, MONDO's and DOID's."""
    from .lexicon_build import VocabulariesNotInstalledError, vocabulary_files

    wanted = ("mesh2024_descriptors", "mesh2024_supplementary", "mesh_xref_mappings", "mondo-2024", "doid-2024", "hp-")
    try:
        files = vocabulary_files(home, install=False)
    except VocabulariesNotInstalledError:
        return {}
    return {p.name: p for p in files if p.name.startswith(wanted)}


def _digest(files: dict[str, Path]) -> str:
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{HIERARCHY_VERSION}\n".encode())
    h.update(Path(__file__).read_bytes())  # the building code: a new release builds the table again
    for name in sorted(files):
        st = files[name].stat()
        h.update(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def load_hierarchy(home: str | os.PathLike | None = None) -> Hierarchy:
    """The disease hierarchy of the data directory's installed vocabularies (empty when none is installed).

    Built on first use (a few seconds) and cached as text in ``cache/`` of
    the data directory, named by the inputs' names, sizes and times; the file
    records the inputs' checksums. A cache file that is not the user's own
    is never read (:func:`neurograph.private_files.read_cache_bytes`).
    """
    from .config import resolve_home
    from .locks import LockBusyError, lock
    from .private_files import UnsafePathError, atomic_write, private_dir

    files = _inputs(home)
    if not files:
        return Hierarchy({})
    folder = resolve_home(home) / "cache"
    path = folder / f"hierarchy-{_digest(files)}.txt"
    cached = _read_cache(path)
    if cached is not None:
        return cached
    # Extraction workers started together on a fresh data directory: one builds, the others wait for its file.
    building = contextlib.ExitStack()
    try:
        building.enter_context(lock(resolve_home(home), "hierarchy", "building the disease hierarchy"))
    except (OSError, UnsafePathError, LockBusyError):
        pass  # an unwritable data directory (or a stuck builder): build without waiting
    with building:
        cached = _read_cache(path)
        if cached is not None:
            return cached
        built = build_hierarchy(files)
        built.provenance = {"inputs": {name: _sha256(p) for name, p in sorted(files.items())}}
        try:
            private_dir(folder)
            for old in folder.glob("hierarchy-*.txt"):
                if old.name != path.name:
                    old.unlink()
            atomic_write(path, _to_text(built))
        except (OSError, UnsafePathError):
            pass  # an unwritable data directory: go without a cache
        return built


def _read_cache(path: Path) -> Hierarchy | None:
    """The cached table at ``path``, or None when there is none (or it is not the user's own, or damaged)."""
    from .private_files import read_cache_bytes

    data = read_cache_bytes(path)
    return None if data is None else _from_text(data)


def _to_text(hierarchy: Hierarchy) -> str:
    """The cache file: a JSON header line (version, provenance, count), then lines of id and places in turn
    (places ``"|"``-separated). Every extraction process reads it: a split of lines parses it in a tenth of the
    time of a JSON object of lists.

    >>> _from_text(_to_text(Hierarchy({"A": ["C01", "C02.1"]}, {"x": 1})).encode()).places("A")
    ['C01', 'C02.1']
    """
    rows = [(k, "|".join(v) if isinstance(v, list) else v) for k, v in hierarchy.positions.items()
            if "\n" not in k and "|" not in k]
    header = json.dumps({"version": HIERARCHY_VERSION, "provenance": hierarchy.provenance, "count": len(rows)})
    return "\n".join([header, *(x for row in rows for x in row)])


def _from_text(data: bytes) -> Hierarchy | None:
    """The :class:`Hierarchy` of a cache file, or None for a foreign or damaged one."""
    try:
        text = data.decode("utf-8")
        head, _, body = text.partition("\n")
        raw = json.loads(head)
        if raw.get("version") != HIERARCHY_VERSION:
            return None
        lines = body.split("\n") if body else []
        if len(lines) != 2 * raw["count"]:
            return None
        it = iter(lines)
        return Hierarchy(dict(zip(it, it)), raw.get("provenance"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_CURRENT: dict[str, Hierarchy] = {}  # data directory (and the variables that find it) -> its table
_OVERRIDE: list[Hierarchy] = []
_HOME: list = [None]  # the data directory of the dictionary loaded last (None: the environment's)


def follow_home(home: str | os.PathLike | None) -> None:
    """Take the hierarchy from data directory ``home`` from now on (``load_lexicon`` calls it with the data
    directory whose vocabularies it loads, so that features read the same vocabularies as the dictionary that
    found the mentions, whether ``--data-dir`` or ``NEUROGRAPH_HOME`` named it)."""
    _HOME[0] = home


def current_hierarchy() -> Hierarchy:
    """The hierarchy the extraction features use: the one given to :func:`use_hierarchy`, else that of the
    data directory of the dictionary loaded last (:func:`follow_home`), else of the environment's data
    directory (:func:`neurograph.config.resolve_home`); each loaded once per process."""
    if _OVERRIDE:
        return _OVERRIDE[-1]
    key = "\t".join([str(_HOME[0] or ""), *(os.environ.get(name) or "" for name in
                                            ("NEUROGRAPH_HOME", "XDG_DATA_HOME", "NEUROGRAPH_VOCAB"))])
    held = _CURRENT.get(key)
    if held is None:
        try:
            held = load_hierarchy(_HOME[0])
        except (OSError, ValueError):
            held = Hierarchy({})
        _CURRENT[key] = held
    return held


class use_hierarchy:
    """Use ``hierarchy`` for the features inside a ``with`` block (tests, or a library caller naming another
    data directory's).

    >>> with use_hierarchy(Hierarchy({"A": ["C01"], "B": ["C01.1"]})):
    ...     current_hierarchy().broader("A", "B")
    True
    """

    def __init__(self, hierarchy: Hierarchy):
        self.hierarchy = hierarchy

    def __enter__(self) -> Hierarchy:
        _OVERRIDE.append(self.hierarchy)
        return self.hierarchy

    def __exit__(self, *exc) -> None:
        _OVERRIDE.remove(self.hierarchy)
