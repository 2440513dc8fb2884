"""A document's analysis as `scan` output records: one dict per finding and per vendor, chip and buyer.

`{"type": "finding", ...}` for each capability and each export-control finding (naming the chip and the listed
parties it rests on), `{"type": "entity", ...}` for every party of the purchase, chip and listed name outside
standard clauses (banks, regulators and clause templates stay in the store).
"""

from __future__ import annotations

from typing import Any

from oversight.entities.exportcontrol import CATEGORY, SEVERITY
from oversight.entities.records import PARTY_ROLES, EntityRecord
from oversight.pipeline.analyse import Analysis


def _reported(record: EntityRecord) -> bool:
    """Parties of the purchase, chips outside clauses, and anything else that screening flagged."""
    m = record.mention
    if m.zone == "clause":
        return False
    return m.role in PARTY_ROLES or m.kind == "chip" or record.listed


def lines(file: str, sha256: str, analysis: Analysis) -> list[dict[str, Any]]:
    """Output records for a document named `file` (the path as given, or as first stored)."""
    out: list[dict[str, Any]] = [
        {
            "type": "finding",
            "file": file,
            "sha256": sha256,
            "page": f.page,
            "category": f.category,
            "severity": f.severity,
            "quote": f.quote,
            "start": f.start,
            "end": f.end,
            "rule": f.rule,
            "context": f.context,
            "quote_kind": f.quote_kind,
            "quotes": list(f.quotes),
        }
        for f in analysis.findings
    ]
    records = analysis.entities.records
    out += [r.as_line(file) for r in records if _reported(r)]
    for f in analysis.entities.findings:
        chip = records[f.chip]
        parties = [records[i] for i in f.parties]
        out.append(
            {
                "type": "finding",
                "file": file,
                "sha256": sha256,
                "page": f.page,
                "category": CATEGORY,
                "severity": SEVERITY,
                "quote": f.quote,
                "start": f.start,
                "end": f.end,
                "rule": f.rule,
                "context": f.context,
                "summary": f.summary,
                "chip": {
                    "text": chip.text,
                    "maker": chip.mention.maker,
                    "model": chip.mention.model,
                    "origin": chip.mention.origin,
                },
                "parties": [
                    {"kind": p.kind, "text": p.text, "page": p.page, "name": p.name, "lists": p.lists} for p in parties
                ],
            }
        )
    return out
