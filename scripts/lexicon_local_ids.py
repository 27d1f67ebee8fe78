"""Write the list of local (NG:) lexicon ids, with why, into docs/lexicon.md.

The list is generated from ``data/lexicon.tsv`` (the entries whose id is
``NG:``) and ``data/lexicon_local_ids.tsv`` (why each has no ontology id),
between the markers ``<!-- local-ids:start -->`` and ``<!-- local-ids:end -->``.
``tests/test_lexicon_grounding.py`` checks that the docs match.

Usage::

    .venv/bin/python scripts/lexicon_local_ids.py          # rewrite the docs section
    .venv/bin/python scripts/lexicon_local_ids.py --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "data" / "lexicon.tsv"
REASONS = ROOT / "data" / "lexicon_local_ids.tsv"
DOCS = ROOT / "docs" / "lexicon.md"
START, END = "<!-- local-ids:start -->", "<!-- local-ids:end -->"


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("id\t"):
            rows.append(line.split("\t"))
    return rows


def local_entries(lexicon: Path = LEXICON) -> list[tuple[str, str, str]]:
    """(id, name, category) of the curated entries with a local NG: id, in file order."""
    return [(r[0], r[1], r[2]) for r in _rows(lexicon) if r[0].startswith("NG:")]


def reasons(path: Path = REASONS) -> dict[str, str]:
    """Why each local id has no ontology id."""
    return {r[0]: r[1] for r in _rows(path)}


def section(lexicon: Path = LEXICON, reasons_path: Path = REASONS) -> str:
    """The generated docs section (markers included)."""
    why = reasons(reasons_path)
    entries = sorted(local_entries(lexicon), key=lambda e: (e[2], e[1].lower()))
    total = len(_rows(lexicon))
    lines = [START, "",
             f"{len(entries)} of the {total} curated entries keep a local `NG:` id: no vocabulary "
             "has the thing itself (checked with `scripts/ground_lexicon.py`).", "",
             "| category | entry | id | why |", "| --- | --- | --- | --- |"]
    for entity_id, name, category in entries:
        lines.append(f"| {category} | {name} | `{entity_id}` | {why.get(entity_id, '(no reason given)')} |")
    lines += ["", END]
    return "\n".join(lines)


def render(docs_text: str, new_section: str) -> str:
    """The docs text with its local-ids section replaced."""
    start, end = docs_text.index(START), docs_text.index(END) + len(END)
    return docs_text[:start] + new_section + docs_text[end:]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/lexicon.md is stale")
    args = parser.parse_args(argv)
    text = DOCS.read_text(encoding="utf-8")
    new = render(text, section())
    if args.check:
        sys.exit(0 if new == text else 1)
    DOCS.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
