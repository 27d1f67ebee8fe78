"""Literature benchmark: `neurograph evaluate` on the Dev splits, the evidence grade distribution, and
streaming a large PubMed XML file.

Prints, for BioRED Dev and BC5CDR Dev (from ``../shared/datasets`` beside the checkout):

- relation pair P/R/F1 (and sign agreement) of extraction with the dictionary, of extraction with the
  gold mentions (``--use-annotations``), and of the co-occurrence baseline; mention F1 per kind;
- the evidence grade (population, study type) of every Dev abstract, counted;
- reading a synthetic PubMed XML file of ``--articles`` articles (30,000 by default): articles per
  second and the peak memory growth while streaming (the file is made from a fixed template, no corpus text).

Targets (issue 12) are printed next to the figures; the script never fails on them.

Usage::

    .venv/bin/python benchmarks/literature.py [--json] [--articles N] [--skip-xml]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from neurograph.extract.evaluate import evaluate  # noqa: E402
from neurograph.extract.grade import document_grade  # noqa: E402
from neurograph.extract.pubtator import read_pubtator  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"
CORPORA = {"BioRED Dev": (DATASETS / "biored" / "Dev.PubTator", "pair F1 >= 0.55, sign >= 0.85"),
           "BC5CDR Dev": (DATASETS / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt", "CID F1 >= 0.57")}

ARTICLE = """<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>
<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>Synthetic Journal</Title></Journal>
<ArticleTitle>Magnesium and the NMDA receptor, report {pmid}.</ArticleTitle>
<Abstract><AbstractText Label="BACKGROUND">Magnesium blocks the NMDA receptor in rats.</AbstractText>
<AbstractText Label="RESULTS">Ketamine treats depression in a randomized, double-blind trial of 40 patients.</AbstractText>
</Abstract><PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName>Humans</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
"""


def score(path: Path) -> dict:
    out = {}
    for label, kwargs in (("extraction", {}), ("extraction, gold mentions", {"use_annotations": True}),
                          ("co-occurrence baseline", {"baseline": "cooccurrence"})):
        started = time.perf_counter()
        report = evaluate(path, **kwargs)
        data = report.to_dict()
        data["seconds"] = round(time.perf_counter() - started, 2)
        out[label] = data
    return out


def grades(path: Path) -> dict:
    population, study = Counter(), Counter()
    for doc in read_pubtator(path):
        g = document_grade(doc.title, doc.abstract)
        population[g.population] += 1
        study[g.study_type] += 1
    return {"population": dict(population.most_common()), "study_type": dict(study.most_common())}


def stream_xml(articles: int) -> dict:
    from neurograph.extract.readers import read_pubmed_xml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline.xml.gz"
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write('<?xml version="1.0"?>\n<PubmedArticleSet>\n')
            for i in range(articles):
                fh.write(ARTICLE.format(pmid=10_000_000 + i))
            fh.write("</PubmedArticleSet>\n")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        count = sum(1 for _ in read_pubmed_xml(path))
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {"articles": count, "seconds": round(seconds, 2), "articles_per_second": round(count / seconds),
                "peak_rss_growth_mb": round((after - before) / 1024, 1), "gzipped_mb": round(path.stat().st_size / 2**20, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--skip-xml", action="store_true")
    args = parser.parse_args()
    results: dict = {}
    if not args.skip_xml:  # first: the peak memory figure is the process's, and the lexicon would dominate it
        xml = stream_xml(args.articles)
    for name, (path, target) in CORPORA.items():
        if not path.is_file():
            print(f"{name}: {path} not found, skipped", file=sys.stderr)
            continue
        results[name] = {"target": target, "scores": score(path), "grades": grades(path)}
    if not args.skip_xml:
        results["PubMed XML streaming"] = xml
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, result in results.items():
        if name == "PubMed XML streaming":
            print(f"\n{name}: {result['articles']} articles ({result['gzipped_mb']} MB gzipped) in {result['seconds']} s, "
                  f"{result['articles_per_second']}/s, peak memory growth {result['peak_rss_growth_mb']} MB")
            continue
        print(f"\n{name} (target: {result['target']})")
        for label, data in result["scores"].items():
            p = data["pairs"]
            mentions = ", ".join(f"{k} {v['f1']:.2f}" for k, v in data["mentions"].items() if v["tp"] + v["fn"])
            print(f"  {label:26s} pairs P {p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f} "
                  f"(unmapped {p['unmapped']}), sign {data['sign']['agreement']:.3f} "
                  f"({data['sign']['agree']}/{data['sign']['found_signed_pairs']}), recall among recognised "
                  f"{data['recognised_pairs']['recall']:.3f}; mention F1 {mentions}; {data['seconds']} s")
        print(f"  grades: population {result['grades']['population']}")
        print(f"          study type {result['grades']['study_type']}")


if __name__ == "__main__":
    main()
