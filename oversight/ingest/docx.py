"""DOCX: body paragraphs and tables in document order, tables as tab-separated rows, all on page 1.

python-docx opens the package (it resolves the main part through the relationships, whatever its name); the
body is then walked directly as XML, which keeps paragraphs and tables interleaved, reaches into content
controls, and avoids python-docx's per-cell cost on large tables.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.ooxml import check_package, out_of_memory
from oversight.ingest.paging import flowing_pages

ZIP_MAGIC = b"PK\x03\x04"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Subtrees whose text is not part of the document as shown: the legacy copy of content the mc:Choice branch
# already holds, and text a tracked change moved elsewhere.
_SKIP = frozenset(("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback", f"{_W}moveFrom"))
_PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_WRAPPERS = frozenset((f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"))
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


def ooxml_score(cls: type[Ingestor], path: Path, head: bytes, main_part: str) -> int:
    """Score an Office Open XML format: the zip holding `main_part` beats the extension alone.

    DOCX, XLSX and plain zip archives share their magic bytes, so the member names decide; a zip that holds
    neither part scores 0 unless its extension claims the format (then the ingestor reports it as broken).
    """
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo(main_part)
            return cls.SCORE * 2
        except (KeyError, OSError, zipfile.BadZipFile):
            pass
    return cls.SCORE if path.suffix.lower().lstrip(".") in cls.EXTENSIONS else 0


class DocxIngestor(Ingestor):
    MEDIA_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
    EXTENSIONS = ("docx",)
    FTM_SCHEMA = "Pages"
    LABEL = "a Word document"
    KIND = "Word"
    SCORE = 10

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        return ooxml_score(cls, path, head, "word/document.xml")

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        text = "\n".join(line for line in _blocks(_body(path)) if line.strip())
        if not text:
            raise IngestError("DOCX has no text in its body")
        yield from flowing_pages(text, "docx")


def _body(path: Path) -> etree._Element:
    try:
        with zipfile.ZipFile(path) as archive:
            check_package(archive, "DOCX")
        with open(path, "rb") as handle:  # a handle, so python-docx does not judge the file by its name
            document = docx.Document(handle)
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise IngestError("corrupt DOCX: not a readable zip package (truncated or not a DOCX)") from None
    except KeyError as exc:
        raise IngestError(f"corrupt DOCX: missing part {exc}") from None
    except ValueError:
        raise IngestError("not a Word document (its main part is not WordprocessingML; .docm or .dotx?)") from None
    except etree.XMLSyntaxError as exc:
        if out_of_memory(exc):
            raise MemoryError from None
        raise IngestError(f"corrupt DOCX: malformed XML ({exc})") from None
    body: etree._Element = document.element.body
    return body


def _blocks(parent: etree._Element) -> Iterator[str]:
    """Lines of a body or cell: one per paragraph, one per table row."""
    for child in parent:
        if child.tag == _PARAGRAPH:
            yield _paragraph_text(child)
        elif child.tag == _TABLE:
            for row in child.iter(_ROW):
                if next(row.iterancestors(_TABLE)) is child:  # rows of nested tables stay inside their cell
                    yield "\t".join(_cell_text(cell) for cell in row.iterchildren(_CELL))
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _cell_text(cell: etree._Element) -> str:
    """A cell on one line, so a row stays one line."""
    return " ".join(line.strip() for line in _blocks(cell) if line.strip()).replace("\t", " ").replace("\n", " ")


def _paragraph_text(paragraph: etree._Element) -> str:
    """Run text with tabs and breaks; text boxes anchored in the paragraph follow it on their own lines."""
    parts: list[str] = []
    walk = etree.iterwalk(paragraph, events=("start",))
    for _, element in walk:
        if element.tag in _SKIP:
            walk.skip_subtree()
        elif element.tag == _PARAGRAPH and element is not paragraph:
            parts.append("\n")
        elif element.tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[element.tag] or element.text or "")
    return "".join(parts)
