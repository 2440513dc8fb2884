"""The entities stage of `oversight scan`: one analyser that turns a stored document into output lines.

Lines are `{"type": "entity", ...}` for every vendor, chip and buyer (agencies and banks stay in the store), and
`{"type": "finding", "category": "export-control", ...}` for each export-control finding, naming the chip and
the listed parties it rests on. The screener is built once per set of loaded watchlists and shared by every
document of a run, so each distinct name is screened once.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any, Protocol

from oversight.entities.analyse import analyse_document
from oversight.entities.exportcontrol import CATEGORY, SEVERITY
from oversight.entities.records import PARTY_ROLES, EntityRecord
from oversight.entities.resolve import CachedResolver
from oversight.screen import store as watchlists
from oversight.screen.screener import Screener

SCAN_KINDS = ("vendor", "chip", "buyer", "agent")


class Target(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def document_id(self) -> int: ...


_RESOLVERS: dict[int, CachedResolver] = {}


def _reported(record: EntityRecord) -> bool:
    """Parties of the purchase, chips outside clauses, and anything else that screening flagged."""
    m = record.mention
    if m.zone == "clause":
        return False
    return m.role in PARTY_ROLES or m.kind == "chip" or record.listed


def entity_lines(conn: sqlite3.Connection, target: Target, force: bool) -> list[dict[str, Any]]:
    """Analyse `target` (again when forced) and return its scan output lines."""
    screener = Screener.from_store(conn)
    resolver = _RESOLVERS.get(id(screener))
    if resolver is None or resolver.resolver is not screener:
        _RESOLVERS.clear()
        resolver = _RESOLVERS[id(screener)] = CachedResolver(screener)
    lists = hashlib.sha256("\n".join(watchlists.signature(conn)).encode()).hexdigest()[:12]
    analysis = analyse_document(conn, target.document_id, resolver, lists_version=lists, force=force)
    lines = [r.as_line(target.file) for r in analysis.records if _reported(r)]
    for f in analysis.findings:
        chip = analysis.records[f.chip]
        parties = [analysis.records[i] for i in f.parties]
        lines.append(
            {
                "type": "finding",
                "file": target.file,
                "sha256": target.sha256,
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
    return lines
