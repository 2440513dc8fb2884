"""XLSX: one page per sheet (hidden sheets included: they hold evidence too), rows as tab-separated values.

Cells give their last computed values, not formulas (`data_only`), and the workbook streams in read-only
mode so large sheets cost neither time nor memory per cell object.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from xml.etree import ElementTree
from pathlib import Path
from typing import Any, Iterator

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.docx import ooxml_score

_CELL_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
_XML_ERRORS = (etree.XMLSyntaxError, ElementTree.ParseError)  # openpyxl parses with either library


class XlsxIngestor(Ingestor):
    MEDIA_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
    EXTENSIONS = ("xlsx", "xlsm")
    SCORE = 10

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        return ooxml_score(cls, path, head, "xl/workbook.xml")

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        with open(path, "rb") as handle:  # a handle, so openpyxl does not refuse the file for its name
            try:
                workbook = load_workbook(handle, read_only=True, data_only=True)
            except (zipfile.BadZipFile, InvalidFileException):
                raise IngestError("corrupt XLSX: not a readable zip package (truncated or not an XLSX)") from None
            except KeyError as exc:
                raise IngestError(f"corrupt XLSX: missing part {exc}") from None
            except (OSError, ValueError, TypeError, *_XML_ERRORS) as exc:
                raise IngestError(f"corrupt XLSX: {_one_line(exc)}") from None
            try:
                any_text = False
                for number, name in enumerate(workbook.sheetnames, start=1):
                    text = _sheet_text(workbook[name], name)
                    any_text = any_text or bool(text)
                    yield Page(number=number, text=text, method="xlsx", label=name)
                if not any_text:
                    raise IngestError("XLSX has no cell values")
            finally:
                workbook.close()


def _sheet_text(sheet: Any, name: str) -> str:
    """Non-empty rows as lines; chart sheets have no cells and give an empty page."""
    if not isinstance(sheet, ReadOnlyWorksheet):
        return ""
    sheet.reset_dimensions()  # trust the rows, not the stored dimension, which some writers get wrong
    lines: list[str] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            cells = [_value(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                lines.append("\t".join(cells))
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile, *_XML_ERRORS) as exc:
        raise IngestError(f"corrupt XLSX: cannot read sheet {name!r} ({_one_line(exc)})") from None
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


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
