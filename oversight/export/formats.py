"""The export formats by name, declared without importing them, so the CLI lists and checks them when the command
line is read (the FollowTheMoney format alone takes ~1 s to import).

A format is an object with the styles it writes (csv, jsonl), the unit its count is in, and `write`. Adding a
format means adding its module and one line in EXPORTERS (tests/test_export_formats.py shows one added by a test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TextIO

from oversight.registry import Registry

if TYPE_CHECKING:
    from oversight.export.review import ReviewFilter
    from oversight.report.gather import DocumentRecord

Style = Literal["csv", "jsonl"]


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What a format may need besides the documents: the review filter, where originals are, the CSV mark."""

    reviews: ReviewFilter
    original: Callable[[str], Path | None]  # sha256 -> the stored original, when the store keeps it
    bom: bool = True  # a byte order mark before CSV (not when writing to a terminal or pipe)


class Exporter(Protocol):
    @property
    def styles(self) -> tuple[Style, ...]: ...  # the first is the default

    @property
    def unit(self) -> str: ...  # what the returned count counts: "findings", "entities"

    def write(self, docs: Iterable[DocumentRecord], context: ExportContext, out: TextIO, style: Style) -> int: ...


EXPORTERS: Registry[Exporter] = Registry(
    "export format",
    {
        "findings": "oversight.export.tabular:FINDINGS",
        "entities": "oversight.export.tabular:ENTITIES",
        "ftm": "oversight.export.ftm:FTM",
    },
    group="oversight.exporters",
)
