"""Evidence grade: population and study type from PubMed metadata or text cues, on every evidence record,
through the store, and filtered by the library query."""

from __future__ import annotations

import pytest

from neurograph.extract.grade import Grade, document_grade, metadata_grade, sentence_population, text_population, \
    text_study_type
from neurograph.records import Evidence

PUBMED = """<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>901</PMID>
  <Article><Journal><Title>J Psych</Title></Journal>
    <ArticleTitle>Ketamine treats depression.</ArticleTitle>
    <Abstract><AbstractText>Ketamine treats depression. In rats, magnesium blocks the NMDA receptor.</AbstractText></Abstract>
    <PublicationTypeList><PublicationType>Randomized Controlled Trial</PublicationType></PublicationTypeList>
  </Article>
  <MeshHeadingList><MeshHeading><DescriptorName>Humans</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


@pytest.mark.parametrize("text, population, study", [
    ("In this double-blind, placebo-controlled trial, 80 patients received magnesium.", "human", "randomised trial"),
    ("We performed a meta-analysis of 12 randomized trials in adults.", "human", "meta-analysis"),
    ("We report a 54-year-old woman who developed mania on steroids.", "human", "case report"),
    ("Lithium was given to Wistar rats; in rats it lowered ...", "animal", "experimental"),
    ("Magnesium blocked NMDA currents in cultured neurons in vitro.", "in vitro", "experimental"),
    ("A population-based cohort of 20,000 women was followed.", "human", "observational"),
    ("Magnesium is a mineral.", "unknown", "unknown"),
])
def test_text_cues(text, population, study):
    assert document_grade("", text) == Grade(population, study)
    assert text_study_type(text) in (study, "unknown") and text_population(text) == population


def test_metadata_wins_over_text():
    grade = document_grade("", "Rats and mice and rats.", publication_types=["Review"], mesh_headings=["Humans"])
    assert (grade.population, grade.study_type) == ("human", "review")
    assert metadata_grade([], ["Animals", "Mice"]).population == "animal"


def test_a_plain_text_written_to_the_reader_is_a_popular_article():
    text = "Magnesium may help your mood. If you feel low, ask your doctor. A randomized trial agrees."
    assert document_grade("Mood", text, article=False).study_type == "popular article"
    assert document_grade("Mood", text, article=True).study_type == "randomised trial"


def test_a_sentence_names_its_own_population():
    assert sentence_population("In rats, magnesium blocks the NMDA receptor.") == "animal"
    assert sentence_population("Among older patients, the effect was smaller.") == "human"
    assert sentence_population("Magnesium blocks the NMDA receptor.") is None


def test_every_extracted_evidence_is_graded(tmp_path):
    from neurograph.lexicon import load_lexicon
    from neurograph.pipeline import extract_documents

    (tmp_path / "a.xml").write_text(PUBMED, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Magnesium blocks the NMDA receptor. If you are tired, your magnesium "
                                       "may be low.", encoding="utf-8")
    result = extract_documents([tmp_path], lexicon=load_lexicon(vocab=False))
    grades = {(ev.doc, ev.sentence): (ev.population, ev.study_type) for st in result.statements for ev in st.evidence}
    assert grades[("901", "Ketamine treats depression.")] == ("human", "randomised trial")
    assert grades[("901", "In rats, magnesium blocks the NMDA receptor.")] == ("animal", "randomised trial")
    assert grades[("note", "Magnesium blocks the NMDA receptor.")] == ("unknown", "popular article")
    record = Evidence("d", "s", 0, 1, population="human", study_type="review").to_record()
    assert (record["population"], record["study_type"]) == ("human", "review")
    assert Evidence.from_record(record).population == "human"
    assert "population" not in Evidence("d", "s", 0, 1).to_record()


@pytest.mark.server
def test_the_library_query_filters_evidence_by_grade(bolt_server, schema, tmp_path):
    from neurograph.graph import graph_from_records
    from neurograph.queries import bind_params, list_queries
    from neurograph.records import EntityRef, Statement

    mg, nmda, dep = (EntityRef("CHEBI:18420", "magnesium", "Mineral", "magnesium"),
                     EntityRef("FPLX:NMDA_receptor", "NMDA receptor", "Receptor", "NMDA receptor"),
                     EntityRef("MONDO:0002050", "depression", "Disorder", "depression"))
    statements = [
        Statement(mg, "ANTAGONIST_OF", nmda, -1, confidence=0.75, evidence=[
            Evidence("d1", "In rats, Mg blocks NMDA.", 0, 24, population="animal", study_type="experimental"),
            Evidence("d2", "Mg blocks NMDA in patients.", 0, 27, population="human", study_type="randomised trial")]),
        Statement(mg, "TREATS", dep, -1, confidence=0.5, evidence=[
            Evidence("d3", "Mg eases depression in mice.", 0, 28, population="animal", study_type="experimental")]),
    ]
    G = graph_from_records([], statements, {"d1": {}, "d2": {}, "d3": {}}, schema=schema)
    info = next(q for q in list_queries() if q.name == "evidence_by_grade")
    name = bolt_server.fresh_database("grade")
    store = bolt_server.open(name)
    try:
        store.load(G, schema)

        def rows(**params):
            return store.query(info.text, bind_params(info, params)).to_dict("records")

        human = rows()
        assert [(r["relationship"], r["sentences"], list(r["documents"])) for r in human] == \
            [("ANTAGONIST_OF", 1, ["d2"])]
        animal = rows(population="animal")
        assert sorted((r["relationship"], list(r["grades"])[0]) for r in animal) == \
            [("ANTAGONIST_OF", "animal / experimental"), ("TREATS", "animal / experimental")]
        assert [r["object"] for r in rows(population=None, study_type="randomised trial")] == ["NMDA receptor"]
        assert rows(population="in vitro") == []
    finally:
        store.close()
        bolt_server.server.drop_database(name)


@pytest.mark.parametrize("sentence", [
    "Serum magnesium was lower in depressed patients.",
    "Among older ADULTS it helped.",  # re.I: the substring test reads the lower case
    "In the women studied, zinc rose.",  # "men" inside "women"
    "In healthy male volunteers it was safe.",
    "Seen in many patient groups.",  # a word the pattern needs whole: no human cue
    "Given in children's hospitals.",
    "In patientſ and adult\u212aids.",  # re.I matches the long s and the Kelvin sign to s and k: the search decides
    "Magnesium blocks the NMDA receptor.",
])
def test_the_human_sentence_prefilter_never_hides_a_match(sentence):
    # sentence_population tests substrings before the human pattern: it must find whatever the pattern alone finds.
    from neurograph.extract.grade import _HUMAN_SENTENCE

    found = sentence_population(sentence) == "human"
    assert found == bool(_HUMAN_SENTENCE.search(sentence))
