"""JSON written piece by piece, so an index of 100,000 documents never sits in memory as one string.

The output is byte for byte what `json.dumps(value, ensure_ascii=False, indent=2)` writes for the same data:
iterators become arrays streamed element by element, and `Encoded` text (an element already dumped with
indent=2) is indented into place without being parsed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

_PAD = "  "


class Encoded(str):
    """A JSON text dumped with `indent=2` at the top level."""


def encode(value: Any) -> Encoded:
    return Encoded(json.dumps(value, ensure_ascii=False, indent=2))


def write(out: TextIO, value: Any, level: int = 0) -> None:
    """Write `value` as JSON at nesting `level`; mappings and iterators are walked, everything else dumped."""
    if isinstance(value, Encoded):
        out.write(value.replace("\n", "\n" + _PAD * level) if level else value)
    elif isinstance(value, Mapping):
        _container(out, ((json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in value.items()), "{}", level)
    elif isinstance(value, Iterator):
        _container(out, (("", v) for v in value), "[]", level)
    else:
        write(out, encode(value), level)


def _container(out: TextIO, items: Iterator[tuple[str, Any]], brackets: str, level: int) -> None:
    inner = "\n" + _PAD * (level + 1)
    first = True
    for prefix, item in items:
        out.write((brackets[0] if first else ",") + inner + prefix)
        write(out, item, level + 1)
        first = False
    out.write(brackets if first else "\n" + _PAD * level + brackets[1])
