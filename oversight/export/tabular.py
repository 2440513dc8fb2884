"""CSV and JSON-lines writers for flat rows.

CSV is written with a UTF-8 byte order mark so spreadsheet programs open Chinese text correctly, and cells that
begin with = + - @ are prefixed with an apostrophe: document text must not become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from oversight.export.formats import ExportContext, Style
from oversight.export.rows import ENTITY_COLUMNS, FINDING_COLUMNS, entity_rows, finding_rows

if TYPE_CHECKING:
    from oversight.export.review import ReviewFilter
    from oversight.report.gather import DocumentRecord

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO, bom: bool = True) -> int:
    """Write rows with a header line; returns the number of rows."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
        count += 1
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One JSON object per line; returns the number of lines."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


@dataclass(frozen=True, slots=True)
class TableExport:
    """An export of one row per finding or party, as CSV or JSON lines."""

    unit: str
    columns: tuple[str, ...]
    rows: Callable[[DocumentRecord, ReviewFilter | None], Iterator[dict[str, Any]]]
    styles: tuple[Style, ...] = ("jsonl", "csv")

    def write(self, docs: Iterable[DocumentRecord], context: ExportContext, out: TextIO, style: Style) -> int:
        rows = (row for doc in docs for row in self.rows(doc, context.reviews))
        if style == "csv":
            return write_csv(rows, self.columns, out, bom=context.bom)
        return write_jsonl(rows, out)


FINDINGS = TableExport("findings", FINDING_COLUMNS, finding_rows)
ENTITIES = TableExport("entities", ENTITY_COLUMNS, entity_rows)
