"""neurograph evaluate: mention and relation-pair scores on small PubTator files the tests write."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from neurograph.cli import app
from neurograph.errors import InputError
from neurograph.extract.evaluate import evaluate
from neurograph.lexicon import load_lexicon

TITLE = "Ketamine treats depression."
ABSTRACT = "Magnesium blocks the NMDA receptor, and ketamine did not increase anxiety. Ketamine increases dopamine."
MENTIONS = [(0, 8, "Chemical", "D007649"), (16, 26, "Disease", "D003866"), (28, 37, "Chemical", "D008274"),
            (49, 62, "GeneOrGeneProduct", "2902"), (68, 76, "Chemical", "D007649"), (94, 101, "Disease", "D001007"),
            (103, 111, "Chemical", "D007649")]
RELATIONS = [("Negative_Correlation", "D007649", "D003866"), ("Bind", "D008274", "2902"),
             ("Positive_Correlation", "D008274", "D003866")]


def _pubtator(path, relations=RELATIONS, pmid="1"):
    text = f"{TITLE} {ABSTRACT}"
    lines = [f"{pmid}|t|{TITLE}", f"{pmid}|a|{ABSTRACT}"]
    for start, end, type_, concept in MENTIONS:
        lines.append(f"{pmid}\t{start}\t{end}\t{text[start:end]}\t{type_}\t{concept}")
    lines += [f"{pmid}\t{t}\t{a}\t{b}" for t, a, b in relations]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(vocab=False)


@pytest.fixture(autouse=True)
def rules_only(tmp_path, monkeypatch):
    """The protocol's expected counts are the rules' alone: a relation model trained in the user's data
    directory must not add statements here."""
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))


def test_relation_pairs_are_scored_by_the_protocol(tmp_path, lexicon):
    report = evaluate(_pubtator(tmp_path / "gold.pubtator"), lexicon=lexicon)
    # ketamine-depression and magnesium-NMDA receptor are found; magnesium-depression is not;
    # the negated "did not increase anxiety" is no prediction; "dopamine" is not annotated, so unmapped.
    assert (report.pairs.tp, report.pairs.fp, report.pairs.fn) == (2, 0, 1)
    assert report.unmapped == 1
    assert (report.signed_found, report.sign_agrees) == (1, 1)  # "treats" is -1, as Negative_Correlation
    assert report.pairs.precision == 1.0 and report.pairs.recall == round(2 / 3, 4)
    assert report.by_type == {"Negative_Correlation": [1, 1], "Bind": [1, 1], "Positive_Correlation": [0, 1]}
    assert report.recognised == [2, 3]  # magnesium and depression were both recognised: a pair the rules missed


def test_mentions_are_scored_per_kind(tmp_path, lexicon):
    report = evaluate(_pubtator(tmp_path / "gold.pubtator"), lexicon=lexicon)
    chemical, gene, disease = (report.mentions[k] for k in ("chemical", "gene", "disease"))
    assert chemical.fn == 0 and chemical.fp == 1  # dopamine is a chemical nobody annotated
    assert (gene.tp, gene.fn) == (1, 0)
    assert (disease.tp, disease.fn) == (2, 0)


def test_cid_counts_only_chemical_disease_statements_not_negative(tmp_path, lexicon):
    gold = _pubtator(tmp_path / "cdr.pubtator", relations=[("CID", "D007649", "D003866")])
    report = evaluate(gold, lexicon=lexicon)
    # "Ketamine treats depression" is negative: no CID candidate; magnesium-NMDA receptor is no chemical-disease pair
    assert (report.pairs.tp, report.pairs.fp, report.pairs.fn) == (0, 0, 1)


def test_cooccurrence_baseline_pairs_gold_entities_in_a_sentence(tmp_path):
    report = evaluate(_pubtator(tmp_path / "gold.pubtator"), baseline="cooccurrence")
    # Relations link Chemical-Disease and Chemical-Gene types: the title gives ketamine-depression; the second
    # sentence magnesium-NMDA receptor, magnesium-anxiety, ketamine-anxiety, ketamine-NMDA receptor.
    assert (report.pairs.tp, report.pairs.fp, report.pairs.fn) == (2, 3, 1)


def test_the_command_prints_json_and_a_table(tmp_path, monkeypatch):
    gold = _pubtator(tmp_path / "gold.pubtator")
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(gold), "--format", "json", "--baseline", "cooccurrence"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pairs"]["tp"] == 2 and data["method"] == "cooccurrence"
    result = runner.invoke(app, ["evaluate", str(gold), "--baseline", "cooccurrence"])
    assert result.exit_code == 0 and "relation pairs" in result.output and "sign agreement" in result.output


def test_a_malformed_gold_file_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "bad.pubtator"
    bad.write_text("1|t|Title\n1|a|Abstract\n1\tnot a line\n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.pubtator:3:"):
        evaluate(bad, baseline="cooccurrence")


def test_a_resolved_pronoun_maps_by_its_entity_and_class_membership_is_no_relation():
    from neurograph.extract.evaluate import GoldEntity, Prediction, score_relations, statement_predictions
    from neurograph.records import EntityRef, Evidence, Statement

    ents = {"A": GoldEntity("A", "chemical", ((0, 7),), frozenset({"lithium"})),
            "B": GoldEntity("B", "disease", ((20, 25),), frozenset({"mania"}))}
    pronoun = Prediction((30, 32, "It"), (20, 25, "mania"), -1, subject_name="lithium")
    assert score_relations([pronoun], ents, {frozenset("AB"): "Negative_Correlation"}).counts.tp == 1
    li, cls = EntityRef("X:1", "lithium", "Drug", "lithium"), EntityRef("X:2", "mood stabilisers", "DrugClass", "")
    member = Statement(li, "IS_A", cls, 1, evidence=[Evidence("d", "s", 0, 1)])
    treats = Statement(li, "TREATS", EntityRef("X:3", "mania", "Disorder", "mania"), -1,
                       evidence=[Evidence("d", "s", 0, 1)])
    assert [p.subject_name for p in statement_predictions([member, treats])] == ["lithium"]


def test_use_annotations_scores_relations_on_the_gold_mentions(tmp_path):
    report = evaluate(_pubtator(tmp_path / "gold.pubtator"), use_annotations=True)
    # every gold mention is a predicted one, so mentions are perfect; the relations are the rules' own
    assert all(c.fp == 0 and c.fn == 0 for c in report.mentions.values())
    assert report.method == "extraction with the gold mentions"
    assert report.pairs.tp >= 1 and report.pairs.fn >= 1


def test_kinds_and_signs_a_corpus_does_not_annotate_get_no_score(tmp_path, lexicon):
    from neurograph.extract.evaluate import Counts, Report, iter_report_rows

    report = Report(documents=1)
    report.mentions["chemical"] = Counts(tp=3, fp=1, fn=1)
    report.mentions["gene"] = Counts(tp=0, fp=5, fn=0)  # predicted genes, none annotated (BC5CDR)
    rows = {row[0]: row for row in iter_report_rows(report)}
    assert rows["mentions: chemical"][1:4] == ("0.750", "0.750", "0.750")
    assert rows["mentions: gene"] == ("mentions: gene", "", "", "", "0/5/0", "not annotated in this corpus")
    assert rows["sign agreement"][3:] == ("", "0/0", "no found pair has a signed gold relation")
