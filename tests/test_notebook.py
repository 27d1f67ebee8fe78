"""The walk-through notebook runs from top to bottom with the outputs it promises, in a data directory of its own."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _text(cell) -> str:
    return "\n".join(o.get("text", "") or str(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", []))


def test_walkthrough_notebook_executes_with_its_outputs(tmp_path, monkeypatch):
    # The user's own data directory and Neo4j: the notebook must touch neither.
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    (user_home / "build.json").write_text("{}")
    monkeypatch.setenv("NEUROGRAPH_HOME", str(user_home))
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there: using it would fail the notebook
    nb = nbformat.read(ROOT / "notebooks" / "walkthrough.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert not [o for cell in code for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    home = Path(_text(code[0]).strip())
    assert home.is_dir() and home != user_home and "neurograph-notebook-" in home.name
    assert sorted(p.name for p in user_home.iterdir()) == ["build.json"]  # untouched
    build = _text(code[1])
    assert " entities, " in build and " statements" in build and "Mineral" in build
    assert "LoadReport(nodes_created=" in _text(code[3]) and "relationship" in _text(code[3])
    assert "magnesium → dopamine:" in _text(code[5])
    assert "ANTAGONIST_OF" in _text(code[6])  # explain magnesium, NMDA receptor
    view = _text(code[-2])
    assert "bound method" not in view and "magnesium-dopamine.html:" in view and "entities" in view
    assert (home / "magnesium-dopamine.html").is_file()
    assert code[-1].get("outputs", []) == []  # closing the store prints nothing
