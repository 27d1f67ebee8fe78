"""Extraction time against document size, for text without sentence punctuation.

The sample corpus with every sentence mark and line break removed (one line
of words, as a badly converted PDF or a scraped page gives) is repeated to
0.4, 0.8, 1.6 and 5 MB and extracted as one document by
``neurograph.extract.extract_document``. Printed: CPU seconds of this process
and seconds per MB for each size, and the largest sentence. Time stays
linear when seconds per MB stay flat (issue 17: before sentences were
bounded, 0.4, 0.8 and 1.6 MB took 6, 19 and 71 s).

Run: .venv/bin/python benchmarks/extraction_scaling.py [--sizes 0.4 0.8 1.6 5]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS_DIR = ROOT / "data" / "documents"


def unpunctuated(size: int, docs_dir: Path = DOCS_DIR) -> str:
    """``size`` characters of the corpus's words with no sentence marks or line breaks."""
    words = " ".join(re.sub(r"[.!?:;\n]+", " ", p.read_text(encoding="utf-8"))
                     for p in sorted(docs_dir.glob("*.txt")))
    words = " ".join(words.split())
    return (words + " ") * (size // (len(words) + 1)) + words[: size % (len(words) + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.4, 0.8, 1.6, 5.0], help="sizes in MB")
    args = parser.parse_args(argv)

    from neurograph.documents import Document, split_sentences
    from neurograph.extract import extract_document
    from neurograph.lexicon import load_lexicon
    from neurograph.schema import load_schema

    schema = load_schema()
    lexicon = load_lexicon(schema=schema)
    matcher = lexicon.matcher()
    print("size MB   CPU s   s per MB   sentences   longest   statements")
    for mb in args.sizes:
        text = unpunctuated(int(mb * 1e6))
        start = time.process_time()
        out = extract_document(Document("unpunctuated", None, "unpunctuated", text, ""), lexicon, schema, matcher)
        seconds = time.process_time() - start
        sentences = split_sentences(text)
        print(f"{mb:7.1f}  {seconds:6.2f}   {seconds / mb:8.2f}   {len(sentences):9d}   "
              f"{max(len(s.text) for s in sentences):7d}   {len(out.statements):10d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
