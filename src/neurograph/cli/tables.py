"""Plain-text tables for the answers (no rich: the paths commands are the cold path)."""

from __future__ import annotations

import sys
from typing import Optional


_SIGN_SYMBOL = {"+": "+", "-": "−", "?": "?"}
_ANSI = {"+": "\033[32m", "-": "\033[31m", "?": "\033[2m"}


def _quote(evidence: Optional[dict]) -> str:
    """One evidence quote with its document (or citation), for the tables."""
    if not evidence:
        return ""
    sentence = " ".join(str(evidence.get("sentence", "")).split())
    # Curated and imported evidence is better identified by its citation than by its file.
    where = evidence.get("citation") or evidence.get("doc") or ""
    flags = ", ".join(f for f in (evidence.get("modifier"), "hedged" if evidence.get("hedged") else None) if f)
    return f"“{sentence}” [{where}]" + (f" ({flags})" if flags else "")


class _Sign(str):
    """A table cell holding a sign: drawn in colour on a terminal."""


def _table(title: str, headers: list[str], rows: list[list], wrap: tuple[int, ...] = ()) -> str:
    """A boxed plain-text table (the paths commands do not load rich: it is the cold path).

    Columns in ``wrap`` are word-wrapped to fit the terminal (or 140 columns
    when the output is piped); the others keep their natural width.
    """
    import os
    import shutil
    import textwrap

    tty = sys.stdout.isatty()
    if tty or os.environ.get("COLUMNS"):
        width = shutil.get_terminal_size((140, 24)).columns
    else:
        width = 140
    from ..terminal import terminal_safe

    title, headers = terminal_safe(title), [terminal_safe(h) for h in headers]
    cells = [[terminal_safe(str(c)) for c in row] for row in rows]
    natural = [max([len(h)] + [len(line) for row in cells for line in row[i].split("\n")])
               for i, h in enumerate(headers)]
    widths = list(natural)
    room = width - (3 * len(headers) + 1) - sum(w for i, w in enumerate(natural) if i not in wrap)
    # Water-filling: narrow wrap columns keep their width, the wide ones share what is left.
    pending = sorted((i for i in wrap if i < len(headers)), key=lambda i: natural[i])
    while pending:
        share = max(12, room // len(pending))
        i = pending.pop(0)
        widths[i] = max(len(headers[i]), min(natural[i], share))
        room -= widths[i]

    def lines_of(text: str, w: int) -> list[str]:
        out = []
        for paragraph in text.split("\n"):
            out += textwrap.wrap(paragraph, w, break_long_words=True, break_on_hyphens=False) or [""]
        return out

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    out = [title, line("┌", "┬", "┐"),
           "│" + "│".join(f" {h:<{w}} " for h, w in zip(headers, widths)) + "│", line("├", "┼", "┤")]
    for raw, row in zip(rows, cells):
        parts = [lines_of(c, w) for c, w in zip(row, widths)]
        for n in range(max(len(p) for p in parts)):
            texts = []
            for i, (p, w) in enumerate(zip(parts, widths)):
                text = f"{p[n] if n < len(p) else '':<{w}}"
                if tty and isinstance(raw[i], _Sign) and n == 0:
                    text = f"{_ANSI.get(raw[i].key, '')}{text}\033[0m"
                texts.append(f" {text} ")
            out.append("│" + "│".join(texts) + "│")
    out.append(line("└", "┴", "┘"))
    return "\n".join(out)


def _sign_cell(sign: str) -> _Sign:
    cell = _Sign(_SIGN_SYMBOL.get(sign, "?"))
    cell.key = sign
    return cell
