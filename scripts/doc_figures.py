"""Regenerate (or check) the figures quoted in README.md and docs/*.md.

A figure is text between ``<!-- figures: NAME -->`` and ``<!-- /figures -->``
(inline or over several lines); NAME is a function of the registry below,
which computes it from the repository's own data: the curated lexicon, the
schema, the Cypher library. Only deterministic figures belong here;
machine-dependent measurements (times, rates, memory) live in the results
files the benchmarks write (``benchmarks/NAME.py --write`` ->
``docs/benchmarks/NAME.txt``), and the docs point to those.

    python scripts/doc_figures.py          # rewrite the marked figures
    python scripts/doc_figures.py --check  # exit 1 and show the difference when one is stale

tests/test_doc_figures.py runs the check.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A region never spans another's opening marker.
MARKED = re.compile(r"(<!-- figures: (?P<name>[\w-]+) -->)(?P<body>(?:(?!<!-- figures:).)*?)(<!-- /figures -->)", re.S)

FIGURES = {}


def figure(fn):
    """Register a figure function under its name (underscores become dashes)."""
    FIGURES[fn.__name__.replace("_", "-")] = fn
    return fn


@functools.cache
def _schema():
    from neurograph.schema import load_schema

    return load_schema()


@functools.cache
def _curated():
    from neurograph.lexicon import _default_path, _read_curated

    entries, _ = _read_curated(_default_path(), _schema().categories)
    return [entity for _, entity in entries]


@figure
def lexicon_curated() -> str:
    """Curated entries in data/lexicon.tsv."""
    return f"{len(_curated()):,}"


@figure
def lexicon_local_ids() -> str:
    """Curated entries that keep a local NG: id."""
    return f"{sum(1 for e in _curated() if e.id.startswith('NG:')):,}"


@figure
def schema_categories() -> str:
    return str(len(_schema().categories))


@figure
def schema_relationship_types() -> str:
    return str(len(_schema().relationships))


@figure
def cypher_library() -> str:
    """Queries in the Cypher library (cypher/*.cypher)."""
    from neurograph.queries import list_queries

    return str(len(list_queries()))


@functools.cache
def _gold(heldout: bool) -> dict:
    """Extraction scored against the hand-annotated gold (benchmarks/extraction.py, no throughput run)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    docs, gold = ((bench.HELDOUT_DIR / "documents", bench.HELDOUT_DIR) if heldout
                  else (bench.DOCS_DIR, bench.GOLD_DIR))
    return bench.run(docs, gold, throughput=False)["statements"]


@figure
def gold_pairs() -> str:
    return str(_gold(False)["gold_pairs"])


@figure
def gold_scores() -> str:
    return f"precision {_gold(False)['precision']:.2f} and recall {_gold(False)['recall']:.2f}"


@figure
def heldout_pairs() -> str:
    return str(_gold(True)["gold_pairs"])


@figure
def heldout_scores() -> str:
    return f"{_gold(True)['precision']:.2f} and {_gold(True)['recall']:.2f}"


def render(text: str) -> str:
    """``text`` with every marked figure recomputed; an unknown name raises KeyError."""
    return MARKED.sub(lambda m: m.group(1) + FIGURES[m["name"]]() + m.group(4), text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generated_blocks import main

    sys.exit(main(__doc__.splitlines()[0], FILES, render))
