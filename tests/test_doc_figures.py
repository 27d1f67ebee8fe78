"""Every marked figure in README.md and docs/*.md is what scripts/doc_figures.py computes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location("doc_figures", ROOT / "scripts" / "doc_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_marked_figures_are_current(figures):
    marked = 0
    for path in figures.FILES:
        text = path.read_text(encoding="utf-8")
        names = [m["name"] for m in figures.MARKED.finditer(text)]
        assert set(names) <= set(figures.FIGURES), f"{path.name}: unknown figure {set(names) - set(figures.FIGURES)}"
        marked += len(names)
        assert figures.render(text) == text, f"{path.name}: figures are stale: run python scripts/doc_figures.py"
    assert marked >= 3


def test_a_stale_figure_is_rewritten(figures):
    text = "We ship <!-- figures: schema-categories -->0<!-- /figures --> categories."
    fresh = figures.render(text)
    assert fresh != text and fresh.endswith(f"-->{len(figures._schema().categories)}<!-- /figures --> categories.")

