"""Legacy binary Office files (.doc, .xls and their WPS Office twins): converted by headless LibreOffice.

Each conversion runs in a private temporary folder with its own LibreOffice profile, so parallel workers
never share (and lock) a profile; the converted DOCX/XLSX then goes through the same ingestor as a native one.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from oversight.errors import IngestError
from oversight.ingest.base import Ingestor, Options, Page
from oversight.ingest.docx import DocxIngestor
from oversight.ingest.txt import looks_like_text
from oversight.ingest.xlsx import XlsxIngestor

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_TIMEOUT_S = 180
_ENTRY_SIZE = 128  # OLE2 directory entries are 128-byte records starting with the UTF-16LE stream name


def _ole_streams(path: Path, names: tuple[str, ...]) -> set[str]:
    """Which of `names` occur as OLE2 directory entry names in the file (a cheap look without an OLE parser)."""
    found: set[str] = set()
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for name in names:
                needle = name.encode("utf-16-le") + b"\x00\x00"
                position = data.find(needle)
                while position >= 0 and position % _ENTRY_SIZE:
                    position = data.find(needle, position + 1)
                if position >= 0:
                    found.add(name)
    except (OSError, ValueError):
        pass
    return found


class _LibreOfficeIngestor(Ingestor):
    """Convert with LibreOffice to TARGET, then read the result with CONVERTED."""

    # OLE2 streams that mark this format, each with the LibreOffice import filter for it. The filter is forced:
    # left to guess, LibreOffice imports a damaged file as plain text and "converts" its bytes into garbage.
    IMPORT_FILTERS: ClassVar[dict[str, str]] = {}
    OTHER_STREAMS: ClassVar[tuple[str, ...]] = ()  # those marking the other legacy format
    TARGET: ClassVar[str] = ""
    CONVERTED: ClassVar[type[Ingestor]] = Ingestor
    SCORE = 10

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        """The stream names decide for an OLE2 file that plainly is this format, else the extension does."""
        if head.startswith(OLE_MAGIC):
            found = _ole_streams(path, (*cls.IMPORT_FILTERS, *cls.OTHER_STREAMS))
            if found and found <= cls.IMPORT_FILTERS.keys():
                return cls.SCORE * 2
        return super().score(path, head)

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        with tempfile.TemporaryDirectory(prefix="oversight-lo-") as scratch:
            converted = convert(path, self.TARGET, Path(scratch), self.EXTENSIONS[0], self._import_filter(path))
            for page in self.CONVERTED().pages(converted, options):
                page.method = f"convert:libreoffice+{page.method}"
                yield page

    def _import_filter(self, path: Path) -> str | None:
        """The filter for an OLE2 file; None (LibreOffice detects) for the RTF, XML and MHT variants, all text."""
        with open(path, "rb") as handle:
            head = handle.read(4096)
        kind = self.EXTENSIONS[0]
        if not head.startswith(OLE_MAGIC):
            if looks_like_text(head):
                return None
            raise IngestError(f"not a legacy Office file: no OLE2 signature in this .{kind} file")
        found = _ole_streams(path, tuple(self.IMPORT_FILTERS))
        for stream, import_filter in self.IMPORT_FILTERS.items():
            if stream in found:
                return import_filter
        raise IngestError(f"corrupt .{kind} file: no {' or '.join(self.IMPORT_FILTERS)} stream in its OLE2 directory")


def convert(path: Path, target: str, scratch: Path, extension: str, import_filter: str | None = None) -> Path:
    """Convert `path` to format `target` inside `scratch` and return the new file.

    The input is copied under a plain name first: LibreOffice names its output after the input and chokes on
    some file names; a process group lets a timeout kill LibreOffice's helper processes too.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise IngestError(f"cannot read .{extension} files: LibreOffice (soffice) is not installed")
    source = scratch / f"input.{extension}"
    shutil.copyfile(path, source)
    command = [
        soffice,
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(scratch / "out"),
        *([f"--infilter={import_filter}"] if import_filter else []),
        str(source),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(scratch)},
    )
    try:
        _, errors = process.communicate(timeout=CONVERT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise IngestError(f"LibreOffice did not convert the .{extension} file within {CONVERT_TIMEOUT_S} s") from None
    result = scratch / "out" / f"input.{target}"
    if not result.is_file():
        detail = errors.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit status {process.returncode}"
        raise IngestError(
            f"LibreOffice could not convert the .{extension} file (damaged or not really .{extension}): {reason}"
        )
    return result


class DocIngestor(_LibreOfficeIngestor):
    MEDIA_TYPES = ("application/msword",)
    EXTENSIONS = ("doc", "dot", "wps")
    FTM_SCHEMA = "Pages"
    LABEL = "a Word document"
    KIND = "Word"
    IMPORT_FILTERS = {"WordDocument": "MS Word 97"}
    OTHER_STREAMS = ("Workbook", "Book")
    TARGET = "docx"
    CONVERTED = DocxIngestor


class XlsIngestor(_LibreOfficeIngestor):
    MEDIA_TYPES = ("application/vnd.ms-excel",)
    EXTENSIONS = ("xls", "xlt", "et")
    FTM_SCHEMA = "Workbook"
    LABEL = "a spreadsheet"
    KIND = "spreadsheet"
    IMPORT_FILTERS = {"Workbook": "MS Excel 97", "Book": "MS Excel 95"}
    OTHER_STREAMS = ("WordDocument",)
    TARGET = "xlsx"
    CONVERTED = XlsxIngestor
