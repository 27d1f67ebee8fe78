"""Lexicon figures: load time (cold build and cached), matcher and sentence-splitter throughput.

The matcher is timed on one 2 MB text and, as the pipeline calls it, per
document (``find_all``) next to ``documents.split_sentences``; CPU time, best
of five runs.

Run: .venv/bin/python benchmarks/lexicon.py [--write]   (--write: also save to docs/benchmarks/lexicon.txt)
"""

from __future__ import annotations

import argparse
import tempfile
import time

from common import results

from neurograph.documents import split_sentences
from neurograph.lexicon import load_lexicon
from neurograph.schema import data_dir, load_schema


def main() -> None:
    schema = load_schema()
    cache = tempfile.mkdtemp(prefix="ng-lexcache-")
    t0 = time.perf_counter()
    lex = load_lexicon(schema=schema, cache_dir=cache)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        lex = load_lexicon(schema=schema, cache_dir=cache)
        warm.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    load_lexicon(schema=schema, vocab=False)
    curated_only = time.perf_counter() - t0
    print(f"entities: {len(lex.curated)} curated + {len(lex.entities) - len(lex.curated)} vocabulary")
    print(f"load with vocabularies: cold build {cold:.2f} s, cached {min(warm):.3f} s; curated only {curated_only:.3f} s")

    matcher = lex.matcher()
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((data_dir() / "documents").glob("*.txt")))
    text = corpus * max(1, round(2_000_000 / len(corpus)))
    mb = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        found = matcher.find(text)
        best = min(best, time.process_time() - t0)
    print(f"matcher: {mb:.2f} MB, {len(found)} mentions, {best:.3f} s CPU -> {mb / best:.1f} MB/s")
    t0 = time.process_time()
    matcher.find_all(text)
    both = time.process_time() - t0
    print(f"find_all (mentions + in-text abbreviations): {both:.3f} s CPU -> {mb / both:.1f} MB/s")

    # Per document, as extraction calls them.
    docs = [p.read_text(encoding="utf-8") for p in sorted((data_dir() / "documents").glob("*.txt"))]
    docs = docs * max(1, round(2_000_000 / sum(len(d) for d in docs)))
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    for name, work in (("find_all per document", matcher.find_all), ("split_sentences per document", split_sentences)):
        best = float("inf")
        for _ in range(5):
            t0 = time.process_time()
            for doc in docs:
                work(doc)
            best = min(best, time.process_time() - t0)
        print(f"{name}: {mb:.2f} MB in {len(docs)} documents, {best:.3f} s CPU -> {mb / best:.1f} MB/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also save the output to docs/benchmarks/lexicon.txt")
    with results("lexicon", parser.parse_args().write):
        main()
