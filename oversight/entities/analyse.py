"""Analyse a document's pages: extract mentions from every page, screen them, derive export-control findings.

Pure: pages in, records out. Storing them, and deciding when a stored analysis is stale (the extraction data or
the loaded watchlists changed: `data_version`), is the pipeline's job (`oversight.pipeline`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from oversight.entities import exportcontrol
from oversight.entities.catalog import key
from oversight.entities.exportcontrol import ExportControlFinding
from oversight.entities.extract import extract_page
from oversight.entities.records import EntityRecord, Mention
from oversight.entities.resolve import CachedResolver, Resolver, screen_mention

_DATA = ("labels.yaml", "models.yaml", "chips.yaml")


def extract_document(pages: list[tuple[int, str]]) -> list[Mention]:
    """Every mention in a document's (number, raw text) pages, pages in order."""
    return with_roles([m for number, raw in pages for m in extract_page(number, raw)])


def with_roles(mentions: list[Mention]) -> list[Mention]:
    """A name found only by its legal form takes the role a labelled occurrence of it has in the same document
    (the agency named in running text is the one `户名：` labels on the last page)."""
    roles: dict[str, str] = {}
    for m in mentions:
        if not m.source.startswith("suffix:"):
            roles.setdefault(key(m.text), m.kind)
    return [replace(m, kind=roles.get(key(m.text), m.kind)) if m.source.startswith("suffix:") else m for m in mentions]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document's screened entities and the export-control findings they imply (indexes into `records`)."""

    records: list[EntityRecord]
    findings: list[ExportControlFinding]


def analyse_document(
    pages: list[tuple[int, str]], screener: Resolver | CachedResolver, *, document_id: int = 0
) -> Analysis:
    """Extract and screen one document's (number, raw text) pages, and derive its export-control findings."""
    resolver = screener if isinstance(screener, CachedResolver) else CachedResolver(screener)
    records = [screen_mention(document_id, m, resolver) for m in extract_document(pages)]
    return Analysis(records, exportcontrol.export_control(records, dict(pages)))


def data_version() -> str:
    """The version of the extraction data: a document analysed under another one is analysed again."""
    return _data_digest()


@lru_cache(maxsize=1)
def _data_digest() -> str:
    digest = hashlib.sha256()
    for name in _DATA:
        digest.update(resources.files("oversight.entities").joinpath("data", name).read_bytes())
    return "entities-" + digest.hexdigest()[:12]
