"""The corpus index's per-document rows, kept on disk while the report is written, not in memory.

A report over 100,000 documents needs every document's index row (for index.json and index.md), the triage
list in rank order (for index.html and its pages) and per-buyer, per-region and per-vendor totals. Holding
those rows grows memory with the corpus; here they go to a scratch SQLite file beside the report, which sorts
and groups them with bounded memory, and is deleted when the report is done. This file is the report's own
scratch space, not the store: nothing here touches the store's tables.

Text is stored as UTF-8 BLOBs: SQLite compares BLOBs byte by byte, which orders names as Python orders strings
(by code point), so groups come out in exactly the order the in-memory summary used.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from oversight.report.jsonstream import Encoded, encode
from oversight.report.view import TriageFinding, TriageRow

_SCHEMA = """
CREATE TABLE docs (
    seq INTEGER PRIMARY KEY,
    severity INTEGER NOT NULL, listed INTEGER NOT NULL, state INTEGER NOT NULL, newest BLOB NOT NULL,
    buyer BLOB NOT NULL, region BLOB NOT NULL, findings INTEGER NOT NULL,
    document BLOB NOT NULL, triage BLOB NOT NULL, triage_row BLOB NOT NULL
);
CREATE TABLE vendors (name BLOB NOT NULL, listed INTEGER NOT NULL, credited INTEGER NOT NULL);
"""
NOT_STATED = "(not stated)"
_PREFIX, _SUFFIX = ".index-rows-", ".sqlite"
Group = Literal["buyer", "region"]


@dataclasses.dataclass(slots=True)
class Tally:
    documents: int = 0
    findings: int = 0  # findings of the documents in which the party supplied or made the flagged items
    listed: bool = False


def _blob(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(TriageRow))
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(TriageFinding))


def _pack(row: TriageRow) -> str:
    """A triage row as compact JSON: its fields in order, each finding as a list of its fields."""
    values = [getattr(row, name) for name in _ROW_FIELDS]
    values[_ROW_FIELDS.index("findings")] = [[getattr(f, name) for name in _FINDING_FIELDS] for f in row.findings]
    return json.dumps(values, ensure_ascii=False)


def _unpack(text: str) -> TriageRow:
    values = json.loads(text)
    at = _ROW_FIELDS.index("findings")
    values[at] = [TriageFinding(*f) for f in values[at]]
    return TriageRow(*values)


def _limited(sql: str, limit: int | None) -> tuple[str, tuple[int, ...]]:
    return (sql, ()) if limit is None else (sql + " LIMIT ?", (limit,))


def newest_first(date: str | None) -> bytes:
    """A BLOB key that sorts as `view._descending(date)` does: newest ISO date first, no date last.

    Complementing each UTF-8 byte reverses the order of two dates at their first difference and keeps a
    prefix before its extensions, as the reversed code points do; b"\\xff" is the key of "no date".
    """
    return bytes(255 - b for b in _blob(date)) if date else b"\xff"


class IndexRows:
    """Per-document rows of the corpus index in a scratch SQLite file in `folder`; `close` deletes it."""

    def __init__(self, folder: Path) -> None:
        for stale in folder.glob(_PREFIX + "*" + _SUFFIX):  # left by a killed run; unlinking an open one is safe
            stale.unlink(missing_ok=True)
        handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=_SUFFIX, dir=folder)
        os.close(handle)
        self.path = Path(name)
        self.conn = sqlite3.connect(name, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=OFF")  # scratch: a crash loses nothing the store does not hold
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.executescript(_SCHEMA)
        self.conn.execute("BEGIN")
        self._sorted = False

    def add(self, document: dict[str, Any], triage: TriageRow, vendors: dict[str, tuple[bool, bool]]) -> None:
        """One document: its index.json row, its triage row, and vendor -> (listed, supplied the flagged items)."""
        severity, listed, state, _ = triage.sort_key()
        findings = int(document["findings"])
        self.conn.execute(
            "INSERT INTO docs(severity, listed, state, newest, buyer, region, findings, document, triage, triage_row)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                severity,
                listed,
                state,
                newest_first(triage.date),
                _blob(str(document["buyer"] or NOT_STATED)),
                _blob(str(document["region"] or NOT_STATED)),
                findings,
                _blob(encode(document)),
                _blob(encode(triage.to_dict())),
                _blob(_pack(triage)),
            ),
        )
        self.conn.executemany(
            "INSERT INTO vendors(name, listed, credited) VALUES (?, ?, ?)",
            [(_blob(name), int(flag), findings if supplied else 0) for name, (flag, supplied) in vendors.items()],
        )

    def _ready(self) -> None:
        """Commit the rows and index them in triage order once, before the first read."""
        if not self._sorted:
            self.conn.execute("COMMIT")
            self.conn.execute("CREATE INDEX docs_triage ON docs(severity, listed, state, newest, seq)")
            self._sorted = True

    def documents(self) -> Iterator[Encoded]:
        """Each document's index.json row (JSON, indent 2), in the order added."""
        self._ready()
        for (blob,) in self.conn.execute("SELECT document FROM docs ORDER BY seq"):
            yield Encoded(_text(blob))

    def triage_json(self) -> Iterator[Encoded]:
        """Each document's triage row for index.json, most important first."""
        for blob, _ in self._triage("triage"):
            yield Encoded(_text(blob))

    def triage(self) -> Iterator[TriageRow]:
        """The triage rows, most important first (ties in the order added, as a stable sort leaves them)."""
        for blob, _ in self._triage("triage_row"):
            yield _unpack(_text(blob))

    def _triage(self, column: Literal["triage", "triage_row"]) -> Iterator[tuple[bytes, int]]:
        self._ready()
        yield from self.conn.execute(f"SELECT {column}, seq FROM docs ORDER BY severity, listed, state, newest, seq")

    def groups(self, key: Group, limit: int | None = None) -> Iterator[tuple[str, Tally]]:
        """Documents and findings per buyer or region: most findings first, then most documents, then name."""
        self._ready()
        column = {"buyer": "buyer", "region": "region"}[key]
        sql = (
            f"SELECT {column}, COUNT(*), SUM(findings) FROM docs GROUP BY {column}"
            f" ORDER BY SUM(findings) DESC, COUNT(*) DESC, {column}"
        )
        for name, documents, findings in self.conn.execute(*_limited(sql, limit)):
            yield _text(name), Tally(documents, findings)

    def vendors(self, limit: int | None = None) -> Iterator[tuple[str, Tally]]:
        """Documents per vendor and the findings it supplied: listed vendors first, then most documents, then name."""
        self._ready()
        sql = (
            "SELECT name, COUNT(*), SUM(credited), MAX(listed) FROM vendors GROUP BY name"
            " ORDER BY MAX(listed) DESC, COUNT(*) DESC, name"
        )
        for name, documents, findings, listed in self.conn.execute(*_limited(sql, limit)):
            yield _text(name), Tally(documents, findings, bool(listed))

    def close(self) -> None:
        self.conn.close()
        self.path.unlink(missing_ok=True)
