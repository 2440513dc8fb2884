"""A document's analysis as `scan` output records: one dict per finding and per vendor, chip and buyer.

`{"type": "finding", ...}` for each capability and each export-control finding (naming the chip and the listed
parties it rests on), `{"type": "entity", ...}` for every vendor, chip and buyer (agencies and banks stay in the
store).
"""

from __future__ import annotations

from typing import Any

from oversight.entities.exportcontrol import CATEGORY, SEVERITY
from oversight.pipeline.analyse import Analysis

SCAN_KINDS = ("vendor", "chip", "buyer")


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
        }
        for f in analysis.findings
    ]
    records = analysis.entities.records
    out += [r.as_line(file) for r in records if r.kind in SCAN_KINDS]
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
