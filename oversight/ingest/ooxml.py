"""Office Open XML packages (DOCX, XLSX) checked before a reader expands them, and large sheets streamed.

A 1 MB package can hold parts that expand to gigabytes, or a sheet with one cell at A1 and one at XFD1048576
that a dense reader turns into 17 billion cells. Parts are bounded by their declared sizes before anything is
parsed; a sheet whose cells span more than DENSE_CELLS is read by a streaming parser that holds one row at a
time instead of by calamine, which allocates the whole rectangle.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from lxml import etree

from oversight.errors import IngestError

MAX_PART_BYTES = 256 * 1024 * 1024  # uncompressed size of one XML part
MAX_PART_RATIO = 1100  # beyond deflate's own maximum (~1032:1): the declared sizes are lying
DENSE_CELLS = 4_000_000  # cells a sheet may span (rows x columns) and still be read by calamine
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1 << 20


def check_package(archive: zipfile.ZipFile, kind: str) -> None:
    """Refuse a package missing its content types or holding a part too large to expand safely."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise IngestError(f"corrupt {kind}: no [Content_Types].xml (not an Office package, or damaged)")
    for member in archive.infolist():
        if member.file_size > MAX_PART_BYTES:
            raise IngestError(
                f"{kind} part {member.filename!r} expands to {member.file_size // (1024 * 1024)} MB, over the"
                f" {MAX_PART_BYTES // (1024 * 1024)} MB limit for one part (a zip bomb?)"
            )
        if member.compress_size and member.file_size / member.compress_size > MAX_PART_RATIO:
            raise IngestError(f"{kind} part {member.filename!r} has an impossible compression ratio (a zip bomb?)")


def out_of_memory(exc: etree.XMLSyntaxError) -> bool:
    """libxml2 reports a refused allocation (the worker's memory cap) as a syntax error."""
    text = str(exc).lower()
    return "memory" in text or text.startswith("unknown error")


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name) in workbook order, resolved through the workbook's relationships."""
    workbook = _parse(archive, "xl/workbook.xml")
    rels = {
        rel.get("Id"): rel.get("Target", "")
        for rel in _parse(archive, "xl/_rels/workbook.xml.rels").iter(f"{_PKG_REL}Relationship")
    }
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = rels.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts.append((sheet.get("name", ""), part))
    return parts


def span(archive: zipfile.ZipFile, part: str) -> int:
    """Cells in the rectangle a sheet's cells span (what a dense reader allocates), read as a stream."""
    rows, cols = [0, 0], [0, 0]
    tail = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            data = tail + chunk
            for match in _CELL_REF.finditer(data):
                _widen(cols, _column(match.group(1)))
                _widen(rows, int(match.group(2)))
            for match in _ROW_REF.finditer(data):
                _widen(rows, int(match.group(1)))
            tail = data[-64:]
    return (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) if rows[1] else 0


def _widen(bounds: list[int], value: int) -> None:
    bounds[0] = value if not bounds[0] else min(bounds[0], value)
    bounds[1] = max(bounds[1], value)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def streamed_rows(archive: zipfile.ZipFile, part: str, shared: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Each row of a sheet as (column, cell text) pairs, parsed one row at a time."""
    with archive.open(part) as handle:
        for _, row in etree.iterparse(handle, tag=f"{_MAIN}row", resolve_entities=False, no_network=True):
            cells = []
            for position, cell in enumerate(row.iter(f"{_MAIN}c"), start=1):
                ref = cell.get("r", "")
                column = _column(re.sub("[^A-Z]", "", ref).encode()) if ref else position
                cells.append((column, _cell_text(cell, shared)))
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            yield cells


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared strings, streamed (rich-text runs joined)."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    with archive.open("xl/sharedStrings.xml") as handle:
        for _, item in etree.iterparse(handle, tag=f"{_MAIN}si", resolve_entities=False, no_network=True):
            strings.append("".join(t.text or "" for t in item.iter(f"{_MAIN}t")))
            item.clear()
    return strings


def _cell_text(cell: etree._Element, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        return shared[int(value)] if value.isdigit() and int(value) < len(shared) else ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind == "n" and value:
        try:
            number = float(value)
        except ValueError:
            return value
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else value
    return value


def _parse(archive: zipfile.ZipFile, part: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(archive.read(part), parser)
    except KeyError:
        raise IngestError(f"corrupt XLSX: missing part {part!r}") from None
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"corrupt XLSX: malformed XML in {part!r} ({exc})") from None
