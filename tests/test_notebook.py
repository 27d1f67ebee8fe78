"""The walk-through notebook runs from top to bottom, so it cannot rot."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def test_walkthrough_notebook_executes(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    nb = nbformat.read(ROOT / "notebooks" / "walkthrough.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {i: cell.get("outputs", []) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    assert all(not any(o.get("output_type") == "error" for o in outs) for outs in outputs.values())
    text = "\n".join(o.get("text", "") or str(o.get("data", {}).get("text/plain", "")) for outs in outputs.values()
                     for o in outs)
    assert "magnesium → dopamine" in text
    assert (tmp_path / "home" / "magnesium-dopamine.html").is_file()
