"""Review decisions, tags, stars and their audit log: the investigator's judgement, kept beside the evidence.

Findings are deleted and re-inserted when a document is scanned again, so a decision is keyed by what survives a
rescan (document sha256, page, rule) and remembers the quote it was made on: a rejected finding stays rejected
after a rescan unless its quote changed, and then it is shown as unreviewed again. Every write carries the version
the reviewer saw; a write made on an older version is refused (`ReviewConflict`) and logged, so two reviewers
editing one finding never lose a decision silently. The log is append-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from oversight.errors import OversightError
from oversight.store.db import transaction

State = Literal["unreviewed", "confirmed", "rejected", "needs-check"]
Subject = Literal["finding", "party"]
STATES: tuple[State, ...] = get_args(State)
MAX_NOTE = 4000
MAX_TAG = 60


class ReviewError(OversightError):
    """A review write that cannot be stored as asked (unknown state, empty tag ...)."""


@dataclass(frozen=True, slots=True)
class Decision:
    subject: Subject
    key: str
    state: State
    note: str
    quote: str | None
    version: int  # 0: never decided
    actor: str
    at: str

    def applies_to(self, quote: str | None) -> bool:
        """The decision was made on this quote (always true for parties and for undecided subjects)."""
        return self.version == 0 or self.quote is None or self.quote == quote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ReviewConflict(OversightError):
    """Someone changed the subject since the reviewer loaded it; `current` is what is stored now."""

    def __init__(self, current: Decision) -> None:
        super().__init__(
            f"{current.subject} {current.key} was changed by {current.actor} at {current.at}"
            f" (now {current.state}); reload and decide again"
        )
        self.current = current


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    at: str
    actor: str
    subject: str
    key: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    outcome: str


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def finding_key(sha256: str, page: int, rule: str) -> str:
    """The key of a finding that survives a rescan: one finding per document, page and rule."""
    return f"{sha256}:{page}:{rule}"


def undecided(subject: Subject, key: str) -> Decision:
    return Decision(subject, key, "unreviewed", "", None, 0, "", "")


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        row["subject"],
        row["subject_key"],
        row["state"],
        row["note"],
        row["quote"],
        row["version"],
        row["actor"],
        row["at"],
    )


def decisions(conn: sqlite3.Connection, subject: Subject, keys: Iterable[str] | None = None) -> dict[str, Decision]:
    """Stored decisions on `subject` by key: all of them, or those among `keys`."""
    sql = "SELECT * FROM review_decisions WHERE subject = ?"
    if keys is None:
        return {row["subject_key"]: _decision(row) for row in conn.execute(sql, (subject,))}
    wanted = list(dict.fromkeys(keys))
    found: dict[str, Decision] = {}
    for at in range(0, len(wanted), 500):
        chunk = wanted[at : at + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"{sql} AND subject_key IN ({marks})", (subject, *chunk)):
            found[row["subject_key"]] = _decision(row)
    return found


def decision(conn: sqlite3.Connection, subject: Subject, key: str) -> Decision:
    return decisions(conn, subject, [key]).get(key) or undecided(subject, key)


def decide(
    conn: sqlite3.Connection,
    subject: Subject,
    key: str,
    state: str,
    note: str,
    *,
    actor: str,
    seen_version: int,
    quote: str | None = None,
) -> Decision:
    """Store a decision made on version `seen_version`; raises ReviewConflict (after logging it) when stale."""
    if state not in STATES:
        raise ReviewError(f"unknown review state {state!r}; use one of {', '.join(STATES)}")
    note = note.strip()[:MAX_NOTE]
    stamp = now()
    with transaction(conn):
        row = conn.execute(
            "SELECT * FROM review_decisions WHERE subject = ? AND subject_key = ?", (subject, key)
        ).fetchone()
        current = _decision(row) if row else undecided(subject, key)
        asked = {"state": state, "note": note, "quote": quote, "seen_version": seen_version}
        if current.version != seen_version:
            _log(conn, stamp, actor, subject, key, "decide", current.to_dict(), asked, "conflict")
            conflict: ReviewConflict | None = ReviewConflict(current)
        else:
            conflict = None
            conn.execute(
                "INSERT INTO review_decisions(subject, subject_key, state, note, quote, version, actor, at)"
                " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (subject, subject_key) DO UPDATE SET state = excluded.state,"
                " note = excluded.note, quote = excluded.quote, version = excluded.version, actor = excluded.actor,"
                " at = excluded.at",
                (subject, key, state, note, quote, current.version + 1, actor, stamp),
            )
            _log(conn, stamp, actor, subject, key, "decide", current.to_dict(), asked, "applied")
    if conflict is not None:
        raise conflict
    return Decision(subject, key, state, note, quote, current.version + 1, actor, stamp)


def tags(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Tags by document sha256."""
    found: dict[str, list[str]] = {}
    for row in conn.execute("SELECT sha256, tag FROM review_tags ORDER BY sha256, tag"):
        found.setdefault(row[0], []).append(row[1])
    return found


def stars(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT sha256 FROM review_stars")}


def set_tag(conn: sqlite3.Connection, sha256: str, tag: str, on: bool, *, actor: str) -> None:
    tag = " ".join(tag.split())[:MAX_TAG]
    if not tag:
        raise ReviewError("a tag needs at least one visible character")
    with transaction(conn):
        if on:
            conn.execute(
                "INSERT INTO review_tags(sha256, tag) VALUES (?, ?) ON CONFLICT (sha256, tag) DO NOTHING", (sha256, tag)
            )
        else:
            conn.execute("DELETE FROM review_tags WHERE sha256 = ? AND tag = ?", (sha256, tag))
        _log(conn, now(), actor, "document", sha256, "tag" if on else "untag", None, {"tag": tag}, "applied")


def set_star(conn: sqlite3.Connection, sha256: str, on: bool, *, actor: str) -> None:
    with transaction(conn):
        if on:
            conn.execute("INSERT INTO review_stars(sha256) VALUES (?) ON CONFLICT (sha256) DO NOTHING", (sha256,))
        else:
            conn.execute("DELETE FROM review_stars WHERE sha256 = ?", (sha256,))
        _log(conn, now(), actor, "document", sha256, "star" if on else "unstar", None, None, "applied")


def _log(
    conn: sqlite3.Connection,
    at: str,
    actor: str,
    subject: str,
    key: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    outcome: str,
) -> None:
    conn.execute(
        "INSERT INTO review_log(at, actor, subject, subject_key, action, before, after, outcome)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (at, actor, subject, key, action, _dump(before), _dump(after), outcome),
    )


def _dump(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)


def history(
    conn: sqlite3.Connection, subject: str | None = None, key: str | None = None, limit: int = 200
) -> list[LogEntry]:
    """The audit log, newest first, optionally for one subject."""
    where, params = [], []
    if subject is not None:
        where.append("subject = ?")
        params.append(subject)
    if key is not None:
        where.append("subject_key = ?")
        params.append(key)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(f"SELECT * FROM review_log{clause} ORDER BY id DESC LIMIT ?", (*params, limit))
    return [
        LogEntry(
            row["id"],
            row["at"],
            row["actor"],
            row["subject"],
            row["subject_key"],
            row["action"],
            json.loads(row["before"]) if row["before"] else None,
            json.loads(row["after"]) if row["after"] else None,
            row["outcome"],
        )
        for row in rows
    ]
