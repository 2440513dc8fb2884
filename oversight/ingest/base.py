"""The contract every format ingestor fulfils: score a file, then yield its pages.

Modelled on Aleph's ingest-file: each format is one small class declaring what it accepts; the registry asks
each for a score and the best one wins. Ingestors are pure (path in, pages out) so they can run in worker
processes; storing is the pipeline's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from oversight.text.page import Box as Box
from oversight.text.page import Page as Page


@dataclass(frozen=True, slots=True)
class Options:
    """Settings an ingestor may need; passed in, never read from globals."""

    password: str | None = None
    ocr_engine: str = "auto"
    ocr_dpi: int = 300
    min_text_chars: int = 20  # fewer extracted characters than this on a PDF page means "no usable text layer"
    start_page: int = 1  # a resumed long document: pages before this one are already stored
    max_pixels: int = 60_000_000  # decoded pixels of one page image (render DPI is lowered to fit, images refused)


class Ingestor:
    """Base class: subclasses declare what they accept and implement `pages`."""

    MEDIA_TYPES: ClassVar[tuple[str, ...]] = ()
    EXTENSIONS: ClassVar[tuple[str, ...]] = ()  # lower-case, without dot
    MAGIC: ClassVar[tuple[bytes, ...]] = ()  # prefixes of the first bytes
    SCORE: ClassVar[int] = 5
    # What the rest of oversight knows about the format, declared here once (report and export read it through
    # `registry.format_of`): whether the original has fixed pages a reader can be shown, the FollowTheMoney schema
    # of such a document, how a sentence names the format ("the original is a spreadsheet") and its short name
    # in lists and facets.
    PAGED: ClassVar[bool] = False
    FTM_SCHEMA: ClassVar[str] = "Document"
    LABEL: ClassVar[str] = "a document"
    KIND: ClassVar[str] = "document"

    @classmethod
    def score(cls, path: Path, head: bytes) -> int:
        """How well this ingestor fits: magic bytes beat extensions; 0 means no."""
        if cls.MAGIC and any(head.startswith(m) for m in cls.MAGIC):
            return cls.SCORE * 2
        if path.suffix.lower().lstrip(".") in cls.EXTENSIONS:
            return cls.SCORE
        return 0

    @property
    def media_type(self) -> str:
        return self.MEDIA_TYPES[0] if self.MEDIA_TYPES else "application/octet-stream"

    def pages(self, path: Path, options: Options) -> Iterator[Page]:
        """Yield pages in order. Raise `IngestError` with a one-line reason for unreadable input."""
        raise NotImplementedError
