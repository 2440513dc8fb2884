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
from oversight.entities.catalog import key, vocabulary
from oversight.entities.exportcontrol import ExportControlFinding
from oversight.entities.extract import extract_page
from oversight.entities.known import Dictionary, dictionary
from oversight.entities.records import EntityRecord, Mention
from oversight.entities.resolve import CachedResolver, Resolver, screen_mention

_DATA = ("labels.yaml", "models.yaml", "chips.yaml", "brands.yaml", "clauses.yaml", "cues.yaml")


def extract_document(pages: list[tuple[int, str]], known: Dictionary | None = None) -> list[Mention]:
    """Every mention in a document's (number, raw text) pages, pages in order."""
    return with_roles([m for number, raw in pages for m in extract_page(number, raw, known)])


def with_roles(mentions: list[Mention]) -> list[Mention]:
    """A name found without a role (by its legal form, outside any clause) takes the role a labelled or cued
    occurrence of it has elsewhere in the same document (the buyer labelled on the cover, named again inside)."""
    roles: dict[str, Mention] = {}
    for m in mentions:
        if m.role != "other" and m.zone == "project":
            roles.setdefault(key(m.text), m)
    out = []
    for m in mentions:
        known = roles.get(key(m.text))
        if m.role == "other" and m.zone == "project" and known is not None:
            m = replace(m, role=known.role, kind=known.kind)
        out.append(m)
    return out


def _listed_company(record: EntityRecord) -> EntityRecord:
    """A company named in the project's own text that screening ties to a listed maker is a maker of what is
    bought, until a label or cue says otherwise (government bodies stay context)."""
    m = record.mention
    if not record.listed or m.role != "other" or m.zone != "project" or m.source.startswith("field:"):
        return record
    if m.source.startswith("suffix:") and m.source[7:].split(";")[0] in vocabulary().government_suffixes:
        return record
    if m.source.startswith("known:") and not m.source.startswith("known:brand"):
        return record  # a listed name the dictionary marked as a government body
    record.mention = replace(m, role="maker", kind="vendor", source=f"{m.source};cue:listed-company")
    return record


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
    known = dictionary(resolver.resolver)
    records = [_listed_company(screen_mention(document_id, m, resolver)) for m in extract_document(pages, known)]
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
