"""Text for a terminal: control characters made visible, so document text cannot drive the terminal.

Evidence sentences, entity names and file names come from documents a user
did not write. Printed raw, an escape sequence in them can retitle the
window (OSC), clear the screen (``ESC[2J``), hide text or forge a hyperlink.
The CLI passes every table, TSV and CSV line and every diagnostic through
:func:`terminal_safe`; JSON output stays exact (its encoder escapes control
characters itself).

>>> terminal_safe("Mg\\x1b]0;pwned\\x07 blocks\\x1b[2J NMDA")
'Mg\\\\x1b]0;pwned\\\\x07 blocks\\\\x1b[2J NMDA'
>>> terminal_safe("two\\nlines\\tand a tab, CRLF\\r\\n kept as a line break")
'two\\nlines\\tand a tab, CRLF\\n kept as a line break'
>>> terminal_safe("C1 \\x9b and bidi \\u202e override")
'C1 \\\\x9b and bidi \\\\u202e override'
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
# (they reorder what follows on the line: "Trojan source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control character but newline and tab written as a visible ``\\xNN`` escape."""
    text = str(text)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_visible, text)
