"""The README stays true: its data model section is generated from the schema, its first commands exist."""

from __future__ import annotations

from pathlib import Path

from neurograph.schema import load_schema, schema_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_data_model_section_matches_the_schema():
    text = (ROOT / "README.md").read_text()
    section = text.split("<!-- schema:start -->\n", 1)[1].split("<!-- schema:end -->", 1)[0]
    assert section == schema_markdown(load_schema())


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    text = (ROOT / "README.md").read_text()
    first_block = text.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert first_block[0].startswith("bash scripts/quickstart.sh")
    assert first_block[1].startswith("bash scripts/test.sh")
    assert (ROOT / "scripts" / "quickstart.sh").is_file() and (ROOT / "scripts" / "test.sh").is_file()
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def _script(name: str):
    """A module of scripts/ (not a package), loaded from its file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_outputs_are_what_the_commands_print():
    """Every ``<!-- sample -->`` block of README.md and the docs (store, view) is what scripts/readme_samples.py
    regenerates. The files render at once, each in its own data directory: the time of the slowest, not of all."""
    samples = _script("readme_samples")
    assert samples.FILES[0].name == "README.md" and len(samples.FILES) >= 3
    rendered = _script("generated_blocks").texts(samples.FILES, samples.render, parallel=True)
    assert list(rendered) == samples.FILES
    for path, (text, fresh) in rendered.items():
        assert text.count("<!-- sample: ") >= (5 if path.name == "README.md" else 1), path.name
        assert fresh == text, f"{path.name} samples are stale: run python scripts/readme_samples.py"
