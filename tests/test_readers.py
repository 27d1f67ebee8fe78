"""Readers: PubMed XML, PubTator, BioC XML and JSON become one Document per article; bad input names file and line."""

from __future__ import annotations

import gzip
import json

import pytest

from neurograph.documents import discover, load_documents
from neurograph.errors import InputError
from neurograph.extract.readers import document_format, iter_documents

PUBMED = """<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">111</PMID>
    <Article PubModel="Print">
      <Journal><JournalIssue><PubDate><Year>2019</Year><Month>Mar</Month></PubDate></JournalIssue>
        <Title>Journal of Psychopharmacology</Title></Journal>
      <ArticleTitle>Magnesium and <i>ketamine</i> in depression.</ArticleTitle>
      <Abstract>
        <AbstractText Label="BACKGROUND">Magnesium blocks the NMDA receptor.</AbstractText>
        <AbstractText Label="RESULTS">Ketamine treats depression.</AbstractText>
      </Abstract>
      <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D016449">Randomized Controlled Trial</PublicationType></PublicationTypeList>
    </Article>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D006801">Humans</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D008274">Magnesium</DescriptorName>
        <QualifierName UI="Q000494">pharmacology</QualifierName></MeshHeading>
    </MeshHeadingList>
  </MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID>222</PMID>
    <Article><Journal><JournalIssue><PubDate><MedlineDate>1998 Jan-Feb</MedlineDate></PubDate></JournalIssue>
      <Title>Brain Research</Title></Journal>
      <ArticleTitle>A title without an abstract.</ArticleTitle></Article>
  </MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
"""

BIOC_XML = """<?xml version="1.0" encoding="UTF-8"?>
<collection><source>PubTator</source><date>2024</date><key>BioC.key</key>
<document><id>333</id>
  <passage><infon key="type">title</infon><infon key="journal">Neurology</infon><infon key="year">2021</infon>
    <offset>0</offset><text>Lithium for mania.</text>
    <annotation id="1"><infon key="identifier">MESH:D008094</infon><infon key="type">Chemical</infon>
      <location offset="0" length="7"/><text>Lithium</text></annotation>
    <annotation id="2"><infon key="identifier">MESH:D001714</infon><infon key="type">Disease</infon>
      <location offset="12" length="5"/><text>mania</text></annotation>
  </passage>
  <passage><infon key="type">abstract</infon><offset>19</offset><text>Lithium treats mania.</text>
    <annotation id="3"><infon key="identifier">MESH:D008094</infon><infon key="type">Chemical</infon>
      <location offset="19" length="7"/><text>Lithium</text></annotation>
    <annotation id="4"><infon key="identifier">MESH:D001714</infon><infon key="type">Disease</infon>
      <location offset="34" length="5"/><text>mania</text></annotation>
  </passage>
</document>
</collection>
"""


def _bioc_json():
    return {"source": "PubTator", "documents": [{"id": "444", "passages": [
        {"infons": {"type": "title"}, "offset": 0, "text": "Valproate and seizures.", "annotations": [
            {"infons": {"identifier": "MESH:D014635", "type": "Chemical"}, "text": "Valproate",
             "locations": [{"offset": 0, "length": 9}]}]},
        {"infons": {"type": "abstract"}, "offset": 24, "text": "Valproate prevents seizures in rats.",
         "annotations": [{"infons": {"identifier": "MESH:D012640", "type": "Disease"}, "text": "seizures",
                          "locations": [{"offset": 43, "length": 8}]}]}]}]}


def test_pubmed_xml_gives_one_document_per_article_with_its_metadata(tmp_path):
    path = tmp_path / "efetch.xml"
    path.write_text(PUBMED, encoding="utf-8")
    assert document_format(path) == "pubmed"
    first, second = iter_documents([path])
    assert first.id == "111" and first.title == "Magnesium and ketamine in depression."
    assert first.text[first.abstract_start:].startswith("BACKGROUND: Magnesium blocks")
    assert first.text == first.title + " " + first.text[first.abstract_start:]
    assert (first.journal, first.year) == ("Journal of Psychopharmacology", 2019)
    assert first.publication_types == ("Journal Article", "Randomized Controlled Trial")
    assert first.mesh_headings == ("Humans", "Magnesium")
    assert first.meta()["mesh_headings"] == ["Humans", "Magnesium"]
    assert (second.id, second.year, second.abstract_start, second.text) == ("222", 1998, -1, "A title without an abstract.")


def test_a_gzipped_baseline_file_is_read_too(tmp_path):
    path = tmp_path / "pubmed24n0001.xml.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(PUBMED)
    assert [d.id for d in load_documents([tmp_path])] == ["111", "222"]


def test_malformed_xml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(PUBMED.replace("</ArticleTitle>\n      <Abstract>", "\n      <Abstract>"), encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.xml:\d+: malformed XML: mismatched tag"):
        load_documents([path])


def test_bioc_xml_and_json_keep_their_annotations_and_offsets(tmp_path):
    (tmp_path / "a.xml").write_text(BIOC_XML, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(_bioc_json()), encoding="utf-8")
    lithium, valproate = load_documents([tmp_path])
    assert (lithium.id, lithium.title, lithium.abstract_start, lithium.journal, lithium.year) == \
        ("333", "Lithium for mania.", 19, "Neurology", 2021)
    assert [(a.text, a.type, a.ids) for a in lithium.annotations][:2] == \
        [("Lithium", "Chemical", ("MESH:D008094",)), ("mania", "Disease", ("MESH:D001714",))]
    assert all(lithium.text[a.start:a.end] == a.text for a in lithium.annotations)
    assert valproate.text == "Valproate and seizures. Valproate prevents seizures in rats."
    assert [valproate.text[a.start:a.end] for a in valproate.annotations] == ["Valproate", "seizures"]


def test_bioc_json_that_does_not_parse_names_its_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"documents": [\n{"id": "1",\n "passages": [}\n]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json:3: malformed JSON"):
        load_documents([path])


def test_pubtator_as_txt_is_recognised_and_duplicate_pmids_are_refused(tmp_path):
    text = "5|t|Naloxone.\n5|a|It reverses opioids.\n5\t0\t8\tNaloxone\tChemical\tD009270\n\n"
    (tmp_path / "CDR.PubTator.txt").write_text(text, encoding="utf-8")
    (tmp_path / "note.txt").write_text("Magnesium blocks the NMDA receptor.", encoding="utf-8")
    docs = load_documents([tmp_path])
    assert [d.id for d in docs] == ["5", "note"]
    assert docs[0].annotations[0].ids == ("D009270",)
    (tmp_path / "again.pubtator").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="two documents share the id '5'"):
        load_documents([tmp_path])
    assert len(discover([tmp_path])) == 3


def test_use_annotations_supplies_the_mentions(tmp_path):
    from neurograph.lexicon import load_lexicon
    from neurograph.pipeline import extract_documents

    (tmp_path / "a.xml").write_text(BIOC_XML, encoding="utf-8")
    lexicon = load_lexicon(vocab=False)
    result = extract_documents([tmp_path], lexicon=lexicon, use_annotations=True)
    pairs = {(s.subject.id, s.predicate, s.object.id) for s in result.statements}
    # an annotation id a curated entry carries (as its id or an xref) is that entry; any other is made from the
    # annotation itself
    def grounded(curie):
        known = lexicon.get(curie)
        return known.id if known is not None else curie

    subject, obj = grounded("MESH:D008094"), grounded("MESH:D001714")
    assert (subject, "TREATS", obj) in pairs
    assert {m.entity_id for m in result.mentions} == {subject, obj}
    assert result.documents["333"]["journal"] == "Neurology"


def test_an_article_s_metadata_reaches_its_store_node(tmp_path):
    from neurograph.graph import graph_from_records
    from neurograph.schema import load_schema
    from neurograph.store import node_record

    path = tmp_path / "efetch.xml"
    path.write_text(PUBMED, encoding="utf-8")
    docs = load_documents([path])
    G = graph_from_records([], [], {d.id: d.meta() for d in docs}, schema=load_schema())
    labels, props = node_record("doc:111", G.nodes["doc:111"], load_schema())
    assert labels == ("Document",)
    assert props["journal"] == "Journal of Psychopharmacology" and props["year"] == 2019
    assert props["publication_types"] == ["Journal Article", "Randomized Controlled Trial"]
    assert props["mesh_headings"] == ["Humans", "Magnesium"]


def test_the_extract_command_reads_articles_and_takes_annotations(tmp_path):
    from typer.testing import CliRunner

    from neurograph.cli import app

    (tmp_path / "efetch.xml").write_text(PUBMED, encoding="utf-8")
    (tmp_path / "bioc.xml").write_text(BIOC_XML, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(tmp_path / "efetch.xml"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {ev["doc"] for r in records for ev in r["evidence"]} == {"111"}
    result = runner.invoke(app, ["extract", str(tmp_path / "bioc.xml"), "--use-annotations"])
    assert result.exit_code == 0, result.output
    from neurograph.lexicon import load_lexicon

    known = load_lexicon(vocab=False).get("MESH:D001714")  # bipolar disorder, grounded by a curated xref
    assert any(json.loads(line)["object"]["id"] == (known.id if known else "MESH:D001714")
               for line in result.stdout.splitlines() if line.startswith("{"))
    (tmp_path / "broken.xml").write_text("<PubmedArticleSet><PubmedArticle>\n</Pubmed>", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "broken.xml")])
    assert result.exit_code != 0


MEDLINE = """PMID- 555
OWN - NLM
TI  - Omega-3 fatty acids in depression: a meta-analysis of randomized
      trials.
AB  - BACKGROUND: Omega-3 fatty acids may treat depression. RESULTS: Thirteen
      trials were pooled.
JT  - Journal of Affective Disorders
DP  - 2015 Sep
PT  - Journal Article
PT  - Meta-Analysis
MH  - *Depressive Disorder/drug therapy
MH  - Humans

PMID- 556
TI  - Lithium in rats.
DP  - 1999
"""


def test_medline_text_from_pubmed_s_export(tmp_path):
    path = tmp_path / "pubmed-omega3-set.txt"
    path.write_text(MEDLINE, encoding="utf-8")
    assert document_format(path) == "medline"
    first, second = load_documents([tmp_path])
    assert first.title == "Omega-3 fatty acids in depression: a meta-analysis of randomized trials."
    assert first.text[first.abstract_start:].startswith("BACKGROUND: Omega-3 fatty acids may treat depression.")
    assert (first.journal, first.year, first.publication_types, first.mesh_headings) == \
        ("Journal of Affective Disorders", 2015, ("Journal Article", "Meta-Analysis"), ("Depressive Disorder", "Humans"))
    assert (second.id, second.year, second.abstract_start) == ("556", 1999, -1)
    path.write_text(MEDLINE.replace("OWN - NLM", "this is not MEDLINE"), encoding="utf-8")
    with pytest.raises(InputError, match=r"pubmed-omega3-set\.txt:2: not a MEDLINE line"):
        load_documents([path])


def test_a_malformed_article_file_writes_nothing(tmp_path):
    from neurograph.pipeline import build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.xml").write_text(PUBMED, encoding="utf-8")
    bad = PUBMED.replace(">111<", ">911<").replace("<PMID>222</PMID>", "<PMID>922</PMD>")
    (docs / "zbad.xml").write_text(bad, encoding="utf-8")
    home = tmp_path / "home"
    with pytest.raises(InputError, match=r"zbad\.xml:\d+: malformed XML"):
        build([docs], home=home, curated=[])
    assert not home.exists() or {p.name for p in home.iterdir()} <= {"locks"}  # the build lock, no output
