"""The export-control finding: a US-origin accelerator in a document whose vendor or buyer is a listed party.

US export controls follow US-origin items wherever they are resold (15 CFR 734.3), so a listed party buying or
supplying a US maker's accelerator is a lead an investigator needs to see (a lead, not a legal finding). Each
US-origin chip mention becomes one finding, quoted from the page with its offsets, and linked
(`finding_entities`) to the chip and to every listed vendor or buyer in the document, so it names both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oversight.entities.records import EntityRecord
from oversight.text.chinese import HAN

CATEGORY = "export-control"
SEVERITY = "high"
US = "US"
PARTY_KINDS = ("vendor", "buyer")
_SLUG = re.compile(f"[^0-9a-z{HAN}]+")


@dataclass(frozen=True, slots=True)
class ExportControlFinding:
    """One finding: `chip` and `parties` index the document's records; quote/start/end are the chip mention."""

    page: int
    rule: str
    quote: str
    start: int
    end: int
    context: str
    chip: int
    parties: tuple[int, ...]
    summary: str


def export_control(records: list[EntityRecord], pages: dict[int, str]) -> list[ExportControlFinding]:
    """Findings for a document's screened records (`pages`: page number -> raw text, for the context line)."""
    first: dict[tuple[str, str, str], int] = {}
    for i, r in enumerate(records):
        if r.listed and r.kind in PARTY_KINDS:
            first.setdefault((r.kind, r.text, r.name), i)
    parties = tuple(first.values())
    if not parties:
        return []
    named = "; ".join(_party(records[i]) for i in parties)
    found: dict[tuple[int, str], ExportControlFinding] = {}
    for i, record in enumerate(records):
        m = record.mention
        if record.kind != "chip" or m.origin != US:
            continue
        product = " ".join(p for p in (m.maker, m.model) if p) or m.text
        rule = f"{CATEGORY}/{_SLUG.sub('-', product.lower()).strip('-')}"
        summary = f"US-origin {product} (page {m.page}: “{m.text}”) in a document naming listed {named}"
        found.setdefault(
            (m.page, rule),
            ExportControlFinding(
                m.page, rule, m.text, m.start, m.end, _line(pages.get(m.page, ""), m.start, m.end), i, parties, summary
            ),
        )
    return list(found.values())


def _party(record: EntityRecord) -> str:
    lists = ", ".join(record.lists)
    return f"{record.kind} “{record.text}” = {record.name}" + (f" ({lists})" if lists else "")


def _line(raw: str, start: int, end: int) -> str:
    """The raw line (table row) holding the quote."""
    left = raw.rfind("\n", 0, start) + 1
    right = raw.find("\n", end)
    return (raw[left:] if right < 0 else raw[left:right]).rstrip("\r")
