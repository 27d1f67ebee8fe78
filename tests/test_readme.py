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
