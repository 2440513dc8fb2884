"""XLSX: one page per sheet (hidden sheets included: they hold evidence too), rows as tab-separated values.

Cells give their last computed values, not formulas. The workbook is parsed by calamine (Rust), several
times faster than openpyxl's streaming reader on large sheets; cell formatting stays ours.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, ZipError

from oversight.errors import IngestError, one_line
from oversight.ingest import ooxml
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.docx import ooxml_score
from oversight.ingest.paging import flowing_pages

_CELL_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
_XLSX_NAMES = (".xlsx", ".xlsm")  # calamine picks its reader by extension; other names go by content
_NOT_A_PACKAGE = "corrupt XLSX: not a readable zip package (truncated or not an XLSX)"


class XlsxIngestor(Ingestor):
    MEDIA_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
    EXTENSIONS = ("xlsx", "xlsm")
    FTM_SCHEMA = "Workbook"
    LABEL = "a spreadsheet"
    KIND = "spreadsheet"
    SCORE = 10

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        return ooxml_score(cls, path, head, "xl/workbook.xml")

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        """One page per sheet (more for a sheet longer than a page may be), numbered through the workbook."""
        if _widest_span(path) > ooxml.DENSE_CELLS:
            sheets = _streamed_sheets(path)
        else:
            sheets = _calamine_sheets(path)
        number, any_text = 1, False
        for name, text in sheets:
            any_text = any_text or bool(text)
            for page in flowing_pages(text, "xlsx", name):
                page.number = number
                number += 1
                yield page
        if not any_text:
            raise IngestError("XLSX has no cell values")


def _widest_span(path: Path) -> int:
    """Check the package's parts and return the largest rectangle of cells any sheet spans."""
    try:
        with zipfile.ZipFile(path) as archive:
            ooxml.check_package(archive, "XLSX")
            return max((ooxml.span(archive, part) for _, part in ooxml.sheet_parts(archive)), default=0)
    except (zipfile.BadZipFile, OSError):
        raise IngestError(_NOT_A_PACKAGE) from None
    except KeyError as exc:
        raise IngestError(f"corrupt XLSX: missing part {exc}") from None


def _calamine_sheets(path: Path) -> Iterator[tuple[str, str]]:
    with _open(path) as workbook:
        for name in workbook.sheet_names:
            yield name, _sheet_text(workbook, name)


def _streamed_sheets(path: Path) -> Iterator[tuple[str, str]]:
    """Sheets whose cells span a huge rectangle (a far-away cell, or a million rows), one row at a time."""
    with zipfile.ZipFile(path) as archive:
        shared = ooxml.shared_strings(archive)
        for name, part in ooxml.sheet_parts(archive):
            lines = []
            for cells in ooxml.streamed_rows(archive, part, shared):
                row = [""] * max((column for column, _ in cells), default=0)
                for column, text in cells:
                    row[column - 1] = text.translate(_CELL_BREAKS)
                while row and not row[-1]:
                    row.pop()
                if row:
                    lines.append("\t".join(row))
            yield name, "\n".join(lines)


def _open(path: Path) -> CalamineWorkbook:
    """Open by path when the name says XLSX (sharper errors), else by content: portals serve XLSX as .xls."""
    try:
        if path.suffix.lower() in _XLSX_NAMES:
            return CalamineWorkbook.from_path(path)
        with open(path, "rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except ZipError:
        raise IngestError(_NOT_A_PACKAGE) from None
    except CalamineError as exc:
        if str(exc) == "Cannot detect file format":
            raise IngestError(_NOT_A_PACKAGE) from None
        raise IngestError(f"corrupt XLSX: {_reason(exc)}") from None
    except OSError as exc:
        raise IngestError(f"cannot read XLSX: {one_line(exc)}") from None


def _sheet_text(workbook: CalamineWorkbook, name: str) -> str:
    """Non-empty rows as lines, columns counted from A; chart and empty sheets give an empty page."""
    try:
        return rows_text(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    except CalamineError as exc:
        raise IngestError(f"corrupt XLSX: cannot read sheet {name!r} ({_reason(exc)})") from None


def rows_text(rows: Iterable[Iterable[object]]) -> str:
    """Cell values as tab-separated lines; trailing empty cells and empty rows dropped, leading ones kept."""
    lines: list[str] = []
    for row in rows:
        cells = [_value(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)


def _value(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates in ISO form, text on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value).translate(_CELL_BREAKS)


def _reason(exc: CalamineError) -> str:
    """calamine's messages can be a bare part or sheet name; its error class says what kind of fault it was."""
    return f"{type(exc).__name__}: {one_line(exc)}"
