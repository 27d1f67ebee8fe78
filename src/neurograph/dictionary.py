"""One dictionary from the installed vocabularies: entities merged by cross-reference, in our categories.

Reads the vocabulary resources installed with ``neurograph resources install``
(ChEBI, MeSH 2024, MONDO, the Disease Ontology, HPO, HGNC, GO, UBERON,
FoodOn, DrugBank's open vocabulary) and yields one :class:`VocabEntry` per
thing: magnesium is one entry whether ChEBI, MeSH or DrugBank names it. The
lexicon (:mod:`neurograph.lexicon`) merges these entries with the curated
lexicon (curated entries win), compiles the terms into its matcher and caches
the result in the data directory, rebuilt only when an input changes.

Merging. Each category has a preferred id prefix; ids of other sources join
the preferred entry when a cross-reference maps them to exactly one such
entry (an ambiguous mapping merges nothing), and stay as ``xrefs``:

=============  ==============================
category       preferred id, then
=============  ==============================
chemicals      CHEBI > DRUGBANK > MESH
diseases       MONDO > DOID > MESH
phenotypes     HP > MESH
genes          HGNC
processes      GO
anatomy        UBERON > MESH
foods          FOODON
=============  ==============================

Categories are the schema's, decided here, not by the sources: a ChEBI or
MeSH vitamin is a ``Nutrient``, a hormone a ``Hormone``, a neurotransmitter a
``Neurotransmitter``, a ChEBI role or MeSH pharmacological action a
``DrugClass``; other chemicals are ``Drug``.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .lexicon_terms import drug_salt_base

__all__ = ["OPTIONAL", "REQUIRED", "ROOTS", "VocabEntry", "compile_entries", "vocabulary_files"]

# Resources the dictionary is built from. The required ones install from their
# official URLs; the optional ones are local extracts used when installed.
REQUIRED = ("chebi", "mesh", "mondo", "doid", "hpo", "hgnc", "go", "foodon")
OPTIONAL = ("chebi-drugbank", "mesh-pa", "drugbank", "uberon")

# ChEBI roles that decide our category (a role or any of its is_a descendants).
_ROLE_CATEGORY = (
    ("CHEBI:33229", "Nutrient"),   # vitamin (role)
    ("CHEBI:33284", "Nutrient"),   # nutrient
    ("CHEBI:27027", "Nutrient"),   # micronutrient
    ("CHEBI:25512", "Neurotransmitter"),
    ("CHEBI:24621", "Hormone"),
)
_CHEBI_ROLE = "CHEBI:50906"  # role: its descendants are classes of use (DrugClass)
# MeSH pharmacological actions that decide our category.
_PA_CATEGORY = {
    "D014815": "Nutrient",   # Vitamins
    "D018977": "Nutrient",   # Micronutrients
    "D014131": "Mineral",    # Trace Elements
    "D006728": "Hormone",    # Hormones
    "D018377": "Neurotransmitter",  # Neurotransmitter Agents: not itself; see below
}
_PA_CATEGORY.pop("D018377")  # neurotransmitter agents are drugs acting on transmission, not transmitters

_HGNC_PROTEIN = "gene with protein product"
# A class with at least this many narrower classes (GO is_a, MeSH tree numbers, UBERON ancestors) is a grouping.
_GROUPING_MIN = 50
# Ontology roots without a hierarchy in the installed extract (MONDO, DOID): "disease", "disorders".
ROOTS = frozenset({"MONDO:0000001", "DOID:4", "HP:0000118", "HP:0000001"})
_SCR_MAX = 30  # longest MeSH supplementary-concept name kept


@dataclass
class VocabEntry:
    """One merged vocabulary entity.

    ``symbols`` are gene symbols: matched only as written and allowed
    shorter than other terms. ``grouping`` marks an ontology root or a class
    with many narrower classes ("biological_process", MeSH "Ion Channels"):
    texts rarely mean the class itself when they write its words, so its
    terms are kept only where the training corpora show they are mentions.
    """

    id: str
    name: str
    category: str
    source: str
    synonyms: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    grouping: bool = False


def vocabulary_files(home: str | os.PathLike | None = None) -> dict[str, Path]:
    """File name -> path of the installed vocabulary files (of :data:`REQUIRED` and :data:`OPTIONAL`)."""
    from .resources import installed, resources_dir

    found: dict[str, Path] = {}
    root = resources_dir(home)
    for name in REQUIRED + OPTIONAL:
        manifest = installed(name, home)
        if manifest is None:
            continue
        for file in manifest.get("files", {}):
            path = root / name / file
            if path.is_file():
                found[file] = path
    return found


# --- readers ----------------------------------------------------------------------


def open_text(path: Path):
    """A vocabulary file opened as UTF-8 text, gzip-compressed or not (by its ``.gz`` name)."""
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def mesh_mapped(cell: str) -> list[str]:
    """The descriptor ids a MeSH supplementary concept is mapped to: one, or several joined by "|" or ","
    (95,700 of 323,304 rows of MeSH 2024 join them by ",").

    >>> mesh_mapped("*D005492,D011799"), mesh_mapped("D000001")
    (['*D005492', 'D011799'], ['D000001'])
    """
    return cell.replace(",", "|").split("|")


def mesh_rows(path: Path | None):
    """The rows of a MeSH extract (descriptors, supplementary concepts) with at least four cells: id, name, terms,
    and tree numbers or mapped descriptors; none without a file."""
    if path is None:
        return
    with open_text(path) as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= 4:
                yield cells


def _json(path: Path):
    with open_text(path) as fh:
        return json.load(fh)


def find_file(files: dict[str, Path], prefix: str) -> Path | None:
    """The vocabulary file (of ``files``, by name) whose name starts with ``prefix`` (the first by name), or None."""
    for name in sorted(files):
        if name.startswith(prefix):
            return files[name]
    return None


def _descendants(children: dict[str, list[str]], root: str) -> set[str]:
    out, stack = set(), [root]
    while stack:
        node = stack.pop()
        for child in children.get(node, ()):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


def _read_chebi(path: Path, synonyms_path: Path | None, wanted: set[str]) -> dict[str, VocabEntry]:
    """ChEBI entities a text may name: curated (3-star, with synonyms), with a role, a role, or
    cross-referenced by MeSH or DrugBank (``wanted``); the other ~150,000 are systematic names of
    compounds no abstract of the field mentions."""
    data = _json(path)
    synonyms: dict[str, list[str]] = {}
    if synonyms_path is not None:
        with open_text(synonyms_path) as fh:
            reader = csv.reader(fh, delimiter="\t")
            next(reader, None)
            for row in reader:
                if len(row) >= 3 and row[2]:
                    synonyms.setdefault(row[0], []).append(row[2])
    children: dict[str, list[str]] = {}
    for e in data:
        for parent in e.get("relations", {}).get("is_a", ()):
            children.setdefault(parent, []).append(e["id"])
    roles = _descendants(children, _CHEBI_ROLE)
    # Drug classes are the pharmacological roles and applications ("serotonin uptake inhibitor",
    # "antidepressant"); biochemical and chemical roles ("cofactor", "metabolite") are no class of use.
    drug_roles: set[str] = set()
    for e in data:
        if e["name"] in ("pharmacological role", "application"):
            drug_roles |= {e["id"]} | _descendants(children, e["id"])
    role_category: dict[str, str] = {}
    for root, category in _ROLE_CATEGORY:
        for role in {root} | _descendants(children, root):
            role_category.setdefault(role, category)
    by_id = {e["id"]: e for e in data}

    memo: dict[str, str | None] = {}

    def category_of(e, depth=0) -> str | None:
        cid = e["id"]
        if cid in memo:
            return memo[cid]
        found = None
        relations = e.get("relations", {})
        for role in relations.get("has_role", ()):
            if role in role_category:
                found = role_category[role]
                break
        if found is None and depth < 3:
            for parent in relations.get("is_a", ()):
                p = by_id.get(parent)
                if p is not None and parent not in roles:
                    found = category_of(p, depth + 1)
                    if found:
                        break
        memo[cid] = found
        return found

    out: dict[str, VocabEntry] = {}
    for e in data:
        cid = e["id"]
        if cid == _CHEBI_ROLE:
            continue
        if not (cid in synonyms or cid in roles or cid in wanted or e.get("relations", {}).get("has_role")
                or drug_salt_base(e["name"]) is not None):  # a drug even without a role (lexicon_terms.salt_form)
            continue
        if cid in roles and cid not in drug_roles and cid not in role_category:
            continue
        category = "DrugClass" if cid in roles else (category_of(e) or "Drug")
        out[cid] = VocabEntry(cid, e["name"], category, "chebi", synonyms=synonyms.get(cid, []),
                              xrefs=[a for a in e.get("alt_ids", ())])
    return out


def _mesh_category(trees: list[str], actions: set[str]) -> str | None:
    for action in actions:
        if action in _PA_CATEGORY:
            return _PA_CATEGORY[action]
    if any(t.startswith("D27.505") for t in trees):
        return "DrugClass"
    if any(t.startswith("D") for t in trees):
        # Enzymes, receptors, proteins and peptides are gene products (BioRED annotates them as genes).
        if any(t.startswith(("D08.811", "D12.776", "D12.644")) for t in trees):
            return "Receptor" if any(t.startswith("D12.776.543.750") for t in trees) else "Enzyme"
        if any(t.startswith("D06.472") for t in trees):
            return "Hormone"
        return "Drug"
    if any(t.startswith("C23.888") for t in trees):
        return "Symptom"
    if any(t.startswith(("C", "F03")) for t in trees):
        return "Disorder"
    if any(t.startswith("A") and not t.startswith(("A13", "A18", "A19")) for t in trees):
        return "Anatomy"
    return None


def _read_mesh(files: dict[str, Path]) -> dict[str, VocabEntry]:
    actions: dict[str, set[str]] = {}
    pa_path = find_file(files, "mesh2024_pharmacological_actions")
    pa_classes: set[str] = set()
    if pa_path is not None:
        with open_text(pa_path) as fh:
            reader = csv.reader(fh, delimiter="\t")
            next(reader, None)
            for row in reader:
                if len(row) >= 4:
                    actions.setdefault(row[0], set()).add(row[2])
                    pa_classes.add(row[2])
    out: dict[str, VocabEntry] = {}
    desc_category: dict[str, str | None] = {}
    desc = find_file(files, "mesh2024_descriptors")
    if desc is not None:
        rows = [(cells[0], cells[1], cells[2], [t for t in cells[3].split("|") if t]) for cells in mesh_rows(desc)]
        numbers = sorted(t for row in rows for t in row[3])

        def narrower(tree: str) -> int:  # descriptors below a tree number
            return bisect.bisect_left(numbers, tree + "/") - bisect.bisect_right(numbers, tree + ".")

        for uid, name, terms, trees in rows:
            category = "DrugClass" if uid in pa_classes else _mesh_category(trees, actions.get(uid, set()))
            desc_category[uid] = category
            if category is None:
                continue
            # Pharmacological classes are named as classes ("antidepressants"): never groupings.
            grouping = category != "DrugClass" and bool(trees) and all(
                narrower(t) >= _GROUPING_MIN for t in trees)
            out["MESH:" + uid] = VocabEntry("MESH:" + uid, name, category, "mesh",
                                            synonyms=[t for t in terms.split("|") if t], grouping=grouping)
    supp = find_file(files, "mesh2024_supplementary")
    for cells in mesh_rows(supp):
        uid, name, terms, mapped = cells[0], cells[1], cells[2], mesh_mapped(cells[3])
        category = None
        for action in actions.get(uid, ()):
            category = _PA_CATEGORY.get(action)
            if category:
                break
        if category is None:
            for m in mapped:
                category = desc_category.get(m.lstrip("*"))
                if category:
                    break
        if category not in ("Drug", "Nutrient", "Mineral", "Hormone", "Disorder", "Enzyme", "Receptor"):
            continue
        if len(name) > _SCR_MAX:
            continue
        # Supplementary concepts are mostly rare compounds: their short names only.
        out["MESH:" + uid] = VocabEntry("MESH:" + uid, name, category, "mesh",
                                        synonyms=[t for t in terms.split("|") if t and len(t) <= _SCR_MAX][:5])
    return out


# GO's composed process names ("response to fluoxetine", "negative regulation of dopamine secretion") are class
# definitions, not what a text means when it writes them: matched, they swallow the chemical or process a
# sentence names ("the response to fluoxetine" is about fluoxetine).
_GO_COMPOSED = re.compile(r"^(?:cellular )?response to |^(?:positive |negative )?regulation of ")


def _grouping_ids(children: dict[str, list[str]]) -> set[str]:
    """Classes with at least :data:`_GROUPING_MIN` narrower classes (by is_a, transitively).

    >>> sorted(_grouping_ids({"root": [f"c{i}" for i in range(60)], "c1": ["d"]}))
    ['root']
    """
    out = set()
    for node in children:
        seen, stack = set(), [node]
        while stack and len(seen) < _GROUPING_MIN:  # counting stops at the threshold
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        if len(seen) >= _GROUPING_MIN:
            out.add(node)
    return out


def _read_obo_json(path: Path, prefix: str, category: str, source: str) -> dict[str, VocabEntry]:
    out = {}
    data = _json(path)
    children: dict[str, list[str]] = {}
    for e in data:
        for parent in e.get("relations", {}).get("is_a", ()):
            children.setdefault(parent, []).append(e["id"])
    groupings = _grouping_ids(children) | ROOTS
    for e in data:
        eid = e["id"] if ":" in e["id"] else f"{prefix}:{e['id']}"
        xrefs = []
        for x in e.get("xrefs", ()):
            ns, xid = x.get("namespace", ""), x.get("id", "")
            if ns in ("MESH", "DOID", "MONDO", "HP", "OMIM", "UMLS", "UMLS_CUI"):
                xrefs.append(xid if ":" in xid and ns in ("DOID", "MONDO", "HP") else f"{ns}:{xid}")
        if source == "go":
            category = {"biological_process": "Process", "molecular_function": "MolecularFunction",
                        "cellular_component": "CellularComponent"}.get(e.get("namespace"), "Process")
            if _GO_COMPOSED.match(e["name"]):
                continue
        out[eid] = VocabEntry(eid, e["name"], category, source, synonyms=list(e.get("synonyms", ())), xrefs=xrefs,
                              grouping=eid in groupings or e["id"] in groupings)
    return out


_OBO_SYN = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|RELATED|NARROW|BROAD)')


def _read_hpo(path: Path) -> dict[str, VocabEntry]:
    with open_text(path) as fh:
        text = fh.read()
    terms: dict[str, dict] = {}
    for block in text.split("\n[Term]\n")[1:]:
        t: dict = {"syn": [], "is_a": [], "xrefs": []}
        for line in block.split("\n"):
            if line.startswith("["):
                break
            if line.startswith("id: "):
                t["id"] = line[4:].strip()
            elif line.startswith("name: "):
                t["name"] = line[6:].strip()
            elif line.startswith("synonym: "):
                m = _OBO_SYN.match(line)
                if m and m.group(2) == "EXACT":
                    t["syn"].append(m.group(1).replace('\\"', '"'))
            elif line.startswith("is_a: "):
                t["is_a"].append(line[6:].split(" ", 1)[0])
            elif line.startswith("xref: UMLS:"):
                t["xrefs"].append(line[6:].split(" ", 1)[0])
            elif line.startswith("is_obsolete: true"):
                t["obsolete"] = True
        if "id" in t and "name" in t and not t.get("obsolete"):
            terms[t["id"]] = t
    children: dict[str, list[str]] = {}
    for tid, t in terms.items():
        for parent in t["is_a"]:
            children.setdefault(parent, []).append(tid)
    abnormal = _descendants(children, "HP:0000118")  # phenotypic abnormality
    groupings = _grouping_ids(children) | ROOTS
    return {tid: VocabEntry(tid, t["name"], "Symptom", "hpo", synonyms=t["syn"], xrefs=t["xrefs"],
                            grouping=tid in groupings)
            for tid, t in terms.items() if tid in abnormal}


def _read_hgnc(path: Path) -> dict[str, VocabEntry]:
    out = {}
    with open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            if row.get("Status") != "Approved" or row.get("Locus type") != _HGNC_PROTEIN:
                continue
            hid, symbol, name = row["HGNC ID"], row["Approved symbol"], row["Approved name"]
            category = "Receptor" if "receptor" in name.lower() and "associated" not in name.lower() \
                else "Enzyme" if row.get("Enzyme IDs") else "Gene"
            symbols = [symbol] + [s.strip() for s in (row.get("Alias symbols") or "").split(",") if s.strip()] \
                + [s.strip() for s in (row.get("Previous symbols") or "").split(",") if s.strip()]
            xrefs = []
            if row.get("NCBI Gene ID(supplied by NCBI)"):
                xrefs.append("NCBIGene:" + row["NCBI Gene ID(supplied by NCBI)"])
            if row.get("UniProt ID(supplied by UniProt)"):
                xrefs.append("UP:" + row["UniProt ID(supplied by UniProt)"].split(",")[0].strip())
            out[hid] = VocabEntry(hid, name, category, "hgnc", symbols=symbols, xrefs=xrefs)
    return out


def _read_uberon(path: Path) -> dict[str, VocabEntry]:
    data = _json(path)
    narrower: dict[str, int] = {}
    for t in data.values():
        for ancestor in t.get("ancestors") or ():
            narrower[ancestor] = narrower.get(ancestor, 0) + 1
    return {uid: VocabEntry(uid, t["label"], "Anatomy", "uberon", synonyms=list(t.get("synonyms", ())),
                            grouping=narrower.get(uid, 0) >= _GROUPING_MIN)
            for uid, t in data.items() if not t.get("deprecated") and t.get("label")}


_IRI = re.compile(r"<http://purl\.obolibrary\.org/obo/FOODON_(\d+)>")
_LABEL = re.compile(r'^"(.*)"(@en)?$')


def _read_foodon(labels: Path | None, synonyms: Path | None) -> dict[str, VocabEntry]:
    out: dict[str, VocabEntry] = {}

    def add(iri: str, label: str, synonym: bool) -> None:
        m = _IRI.fullmatch(iri.strip())
        lm = _LABEL.match(label.strip())
        if not m or not lm:
            return
        fid, text = "FOODON:" + m.group(1), lm.group(1)
        if " as food source" in text or text.endswith((" plant", " animal")):
            return
        entry = out.get(fid)
        if entry is None:
            out[fid] = VocabEntry(fid, text, "Food", "foodon")
        elif synonym and text != entry.name:
            entry.synonyms.append(text)

    if labels is not None:
        with open_text(labels) as fh:
            next(fh, None)
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 2:
                    add(cells[0], cells[1], False)
    if synonyms is not None:
        with open_text(synonyms) as fh:
            next(fh, None)
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 4 and cells[2].strip('"') in ("label", "label (alternative)", "synonym (exact)", "synonym"):
                    add(cells[0], cells[3], cells[2].strip('"') != "label")
    return out


def _read_drugbank(path: Path) -> dict[str, VocabEntry]:
    out = {}
    with open_text(path) as fh:
        for row in csv.DictReader(fh):
            dbid, name = (row.get("DrugBank ID") or "").strip(), (row.get("Common name") or "").strip()
            if dbid and name:
                out["DRUGBANK:" + dbid] = VocabEntry(
                    "DRUGBANK:" + dbid, name, "Drug", "drugbank",
                    synonyms=[s.strip() for s in (row.get("Synonyms") or "").split(" | ") if s.strip()])
    return out


# --- merging ------------------------------------------------------------------------


def _mappings(files: dict[str, Path]) -> list[tuple[str, str]]:
    """(MESH:id or DRUGBANK:id, target CURIE) pairs from the mapping files."""
    pairs = []
    path = find_file(files, "mesh_xref_mappings")
    if path is not None:
        with open_text(path) as fh:
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 5 and cells[3] in ("CHEBI", "DOID", "HP", "HGNC", "GO", "UBERON"):
                    target = cells[4] if ":" in cells[4] else f"{cells[3]}:{cells[4]}"
                    pairs.append(("MESH:" + cells[1], target))
    path = find_file(files, "chebi_drugbank_xrefs")
    if path is not None:
        with open_text(path) as fh:
            next(fh, None)
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 3:
                    pairs.append(("DRUGBANK:" + cells[0], "CHEBI:" + cells[2]))
    return pairs


_KIND_OF = {**dict.fromkeys(("Mineral", "Neurotransmitter", "Drug", "DrugClass", "Hormone", "Nutrient"), "chemical"),
            **dict.fromkeys(("Receptor", "Enzyme", "Gene"), "gene"), **dict.fromkeys(("Disorder", "Symptom"), "disease")}

_RANK = {"CHEBI": 0, "MONDO": 0, "HP": 0, "HGNC": 0, "GO": 0, "UBERON": 0, "FOODON": 0,
         "DRUGBANK": 1, "DOID": 1, "MESH": 2}


def compile_entries(files: dict[str, Path]) -> list[VocabEntry]:
    """The merged vocabulary entries of the installed files, preferred ids first (see :func:`_compile`)."""
    from .records import collector_paused

    # Half a million long-lived records: the cyclic GC would rescan them again and again.
    with collector_paused():
        return _compile(files)


def _compile(files: dict[str, Path]) -> list[VocabEntry]:
    """The merged vocabulary entries of the installed files, preferred ids first.

    Secondary ids (DOID, DrugBank, MeSH) merge into the one preferred entry a
    cross-reference maps them to; names become synonyms of the merged entry
    and the id an xref.
    """
    entries: dict[str, VocabEntry] = {}
    mappings = _mappings(files)
    chebi = find_file(files, "chebi-")
    if chebi is not None:
        entries.update(_read_chebi(chebi, find_file(files, "chebi_3star_synonyms"), {t for _, t in mappings}))
    mondo = find_file(files, "mondo-2024")
    if mondo is not None:
        entries.update(_read_obo_json(mondo, "MONDO", "Disorder", "mondo"))
    hpo = find_file(files, "hp-")
    if hpo is not None:
        entries.update(_read_hpo(hpo))
    hgnc = find_file(files, "hgnc_entries")
    if hgnc is not None:
        entries.update(_read_hgnc(hgnc))
    go = find_file(files, "go-")
    if go is not None:
        entries.update(_read_obo_json(go, "GO", "Process", "go"))
    uberon = find_file(files, "uberon-")
    if uberon is not None:
        entries.update(_read_uberon(uberon))
    entries.update(_read_foodon(find_file(files, "foodon-labels"), find_file(files, "foodon_synonyms")))
    secondary: dict[str, VocabEntry] = {}
    doid = find_file(files, "doid-2024")
    if doid is not None:
        secondary.update(_read_obo_json(doid, "DOID", "Disorder", "doid"))
    drugbank = find_file(files, "drugbank_open_vocabulary")
    if drugbank is not None:
        secondary.update(_read_drugbank(drugbank))
    secondary.update(_read_mesh(files))

    # secondary id -> preferred ids it maps to
    targets: dict[str, set[str]] = {}
    for e in entries.values():
        for x in e.xrefs:
            targets.setdefault(x, set()).add(e.id)
    for source_id, target in mappings:
        if target in entries:
            targets.setdefault(source_id, set()).add(target)
    # DOID's own MeSH xrefs: MESH -> DOID -> (MONDO)
    for e in secondary.values():
        if e.id.startswith("DOID:"):
            for x in e.xrefs:
                if x.startswith("MESH:"):
                    targets.setdefault(x, set()).add(e.id)

    def resolve(sid: str, depth: int = 0) -> str | None:
        found = targets.get(sid)
        if not found or len(found) != 1:
            return None
        (target,) = found
        if target in entries:
            return target
        if depth < 2 and target in secondary:
            return resolve(target, depth + 1) or target
        return None

    # Without a cross-reference, a secondary entry whose name is the name of
    # exactly one preferred entry of the same kind is that entry (DrugBank's
    # Sertraline is ChEBI's sertraline).
    by_name: dict[tuple[str, str], set[str]] = {}
    for e in entries.values():
        by_name.setdefault((_KIND_OF.get(e.category, e.category), e.name.lower()), set()).add(e.id)

    # Secondary entries in rank order (DOID and DrugBank before MeSH) so that
    # MeSH can merge into a DOID entry that stays on its own.
    for sid in sorted(secondary, key=lambda i: _RANK.get(i.split(":", 1)[0], 3)):
        e = secondary[sid]
        target = resolve(sid)
        if target is None:
            same = by_name.get((_KIND_OF.get(e.category, e.category), e.name.lower()), ())
            target = next(iter(same)) if len(same) == 1 else None
        owner = entries.get(target) if target else None
        if owner is not None and owner.id != sid:
            owner.xrefs.append(sid)
            owner.synonyms.extend([e.name, *e.synonyms])
        else:
            entries[sid] = e
    return list(entries.values())


def entry_ids(entry: VocabEntry) -> Iterable[str]:
    """The entry's id and its xrefs (the ids a curated entry may name it by)."""
    yield entry.id
    yield from entry.xrefs
