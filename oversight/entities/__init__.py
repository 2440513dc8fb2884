"""Vendors, product models, chips and buyers named in stored documents, each screened against watchlists.

`analyse_document(pages, screener)` extracts and screens one document's (number, raw text) pages and returns
the records and the export-control findings they imply as an `Analysis` (`oversight.pipeline` stores them);
`record.as_line(file)` is a record's `scan --format jsonl` line. `extract_page(number, raw_text)` reads one page
without screening. What counts as a label, a table header, a model-number family or a chip is
data in `oversight/entities/data/`.

The names load on first use (`oversight.lazy`), so importing one light module of the package does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversight import lazy

if TYPE_CHECKING:
    from oversight.entities.analyse import Analysis, analyse_document, data_version, extract_document
    from oversight.entities.exportcontrol import ExportControlFinding, export_control
    from oversight.entities.extract import extract_page
    from oversight.entities.records import EntityRecord, Mention
    from oversight.entities.resolve import CachedResolver, Resolver

_HOMES = {
    "Analysis": "oversight.entities.analyse",
    "CachedResolver": "oversight.entities.resolve",
    "EntityRecord": "oversight.entities.records",
    "ExportControlFinding": "oversight.entities.exportcontrol",
    "Mention": "oversight.entities.records",
    "Resolver": "oversight.entities.resolve",
    "analyse_document": "oversight.entities.analyse",
    "data_version": "oversight.entities.analyse",
    "export_control": "oversight.entities.exportcontrol",
    "extract_document": "oversight.entities.analyse",
    "extract_page": "oversight.entities.extract",
}
__all__ = [
    "Analysis",
    "CachedResolver",
    "EntityRecord",
    "ExportControlFinding",
    "Mention",
    "Resolver",
    "analyse_document",
    "data_version",
    "export_control",
    "extract_document",
    "extract_page",
]

__getattr__ = lazy.exports(__name__, _HOMES)
