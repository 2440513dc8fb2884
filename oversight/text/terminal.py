"""Text from documents and file names made safe for a terminal: nothing in the data can steer the screen.

Escape sequences in a hostile document could retitle the window, clear the screen or plant a link; a newline
in a file name could forge an extra `error:` line; right-to-left overrides could reorder what a reader sees.
Such characters are shown as visible escapes (`\\x1b`, `\\u202e`) instead of being sent to the terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidirectional embeddings/overrides/isolates and marks, line/paragraph separators.
_UNSAFE = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE_KEEP_LINES = re.compile(f"[{_UNSAFE}]")
_UNSAFE_ONE_LINE = re.compile(f"[{_UNSAFE}\\t\\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """`text` with control and bidirectional characters escaped; tab and newline kept only with `keep_lines`.

    Carriage returns are escaped too: a bare CR would let later text overwrite a line on screen.
    """
    pattern = _UNSAFE_KEEP_LINES if keep_lines else _UNSAFE_ONE_LINE
    return pattern.sub(_escape, text)
