"""Restrict search results: by finding category and severity (page level), by vendor, listed vendor and buyer
(document level: a buyer is named on the cover page, the matching term may be on page 40), by the notice's own
date and kind (as extracted at scan time, `oversight.store.notices`) and by the date a document was first stored.

Each filter is a condition on the index rowid (`document_id << 24 | page`) that SQLite checks per candidate page.
Names match as search terms do: 海康 matches a vendor written 海康威視.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from oversight.detect.taxonomy import severities
from oversight.errors import OversightError
from oversight.search.index import KEY_SHIFT, PAGE_MASK
from oversight.search.tokens import find, query_tokens
from oversight.store.notices import dated_documents

DOCUMENT = f"(search_index.rowid >> {KEY_SHIFT})"
_DATES = ("since", "until", "stored_since", "stored_until")
PAGE = f"(search_index.rowid & {PAGE_MASK})"


class FilterError(OversightError):
    """A filter cannot be applied to this store or was given a value it does not know."""


@dataclass(frozen=True, slots=True)
class Filters:
    categories: tuple[str, ...] = ()  # any of these finding categories on the page
    severity: str | None = None  # a finding at least this severe on the page
    vendors: tuple[str, ...] = ()  # the document names a vendor containing any of these
    listed: bool = False  # the document names a vendor on a watchlist (with `vendors`: one of those)
    buyers: tuple[str, ...] = ()  # the document names a buyer containing any of these
    since: date | None = None  # the notice's own date on or after (documents stating no date are left out)
    until: date | None = None  # the notice's own date on or before
    kinds: tuple[str, ...] = ()  # notice kinds (award, tender, specification, ...)
    stored_since: date | None = None  # first stored on or after
    stored_until: date | None = None  # first stored on or before

    @property
    def by_notice(self) -> bool:
        """Whether a filter reads the stored notices (so they must be extracted first)."""
        return bool(self.since or self.until or self.kinds)

    def to_dict(self) -> dict[str, Any]:
        """The filters as JSON values, leaving out the unset ones (for saved searches)."""
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if value:
                out[name] = (
                    value.isoformat() if isinstance(value, date) else list(value) if isinstance(value, tuple) else value
                )
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filters:
        """The inverse of `to_dict`; raises FilterError for a key or value it does not know."""
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in cls.__slots__:
                raise FilterError(f"unknown filter {name!r}")
            default = getattr(cls(), name)
            if name in _DATES:
                try:
                    values[name] = date.fromisoformat(str(value))
                except ValueError:
                    raise FilterError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
            else:
                values[name] = tuple(value) if isinstance(default, tuple) else value
        return cls(**values)


def conditions(conn: sqlite3.Connection, filters: Filters) -> tuple[list[str], list[Any]]:
    """SQL conditions on the index rowid and their parameters; raises FilterError for a value it cannot use."""
    where: list[str] = []
    params: list[Any] = []
    if filters.categories or filters.severity:
        clause, values = _findings(filters)
        where.append(f"EXISTS (SELECT 1 FROM findings f WHERE f.document_id = {DOCUMENT} AND f.page = {PAGE}{clause})")
        params += values
    for kind, names, listed in (("vendor", filters.vendors, filters.listed), ("buyer", filters.buyers, False)):
        if not names and not listed:
            continue
        phrases = [" ".join(query_tokens(name)) for name in names]
        if not all(phrases):
            raise FilterError(f"--{kind} needs a name with letters, digits or Chinese characters")
        named = " OR ".join(["search_contains(e.name, ?) OR search_contains(e.text, ?)"] * len(phrases))
        clause = f"e.kind = '{kind}'" + (" AND e.listed = 1" if listed else "") + (f" AND ({named})" if named else "")
        where.append(f"{DOCUMENT} IN (SELECT e.document_id FROM entities e WHERE {clause})")
        params += [phrase for phrase in phrases for _ in range(2)]
    if filters.since or filters.until:
        dated, values = dated_documents(
            filters.since.isoformat() if filters.since else None, filters.until.isoformat() if filters.until else None
        )
        where.append(f"{DOCUMENT} IN ({dated})")
        params += values
    if filters.kinds:
        where.append(
            f"{DOCUMENT} IN (SELECT document_id FROM notices WHERE kind IN ({','.join('?' * len(filters.kinds))}))"
        )
        params += list(filters.kinds)
    if filters.stored_since or filters.stored_until:
        low = filters.stored_since.isoformat() if filters.stored_since else ""
        high = (filters.stored_until + timedelta(days=1)).isoformat() if filters.stored_until else "9999"
        where.append(f"{DOCUMENT} IN (SELECT id FROM documents WHERE first_seen >= ? AND first_seen < ?)")
        params += [low, high]
    conn.create_function("search_contains", 2, _contains, deterministic=True)
    return where, params


def notices(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """Why a filter may match nothing: analysis not run yet, or a category no finding has (a typo?)."""
    found = []
    if (filters.categories or filters.severity) and not conn.execute("SELECT 1 FROM findings LIMIT 1").fetchone():
        found.append("no findings stored yet, so --category/--severity match nothing (run `oversight rescan`)")
    else:
        found += [
            f"no stored finding has category {c!r}"
            for c in filters.categories
            if not conn.execute("SELECT 1 FROM findings WHERE category = ? LIMIT 1", (c,)).fetchone()
        ]
    if (filters.vendors or filters.listed or filters.buyers) and not conn.execute(
        "SELECT 1 FROM entities LIMIT 1"
    ).fetchone():
        found.append("no vendors or buyers stored yet, so --vendor/--listed/--buyer match nothing")
    if filters.since or filters.until:
        undated = conn.execute("SELECT count(*) FROM notices WHERE document_date IS NULL").fetchone()[0]
        if undated:
            found.append(
                f"{undated} document{'s' if undated != 1 else ''} state no date, so --since/--until leave them out"
            )
    return found


def _findings(filters: Filters) -> tuple[str, list[Any]]:
    clause, values = "", []
    if filters.categories:
        clause += f" AND f.category IN ({','.join('?' * len(filters.categories))})"
        values += list(filters.categories)
    if filters.severity:
        levels = severities()
        if filters.severity not in levels:
            raise FilterError(f"unknown severity {filters.severity!r} (one of: {', '.join(levels)})")
        allowed = levels[: levels.index(filters.severity) + 1]
        clause += f" AND f.severity IN ({','.join('?' * len(allowed))})"
        values += list(allowed)
    return clause, values


def _contains(haystack: str | None, phrase: str) -> int:
    """1 when the query tokens `phrase` (space-separated) occur in a row in `haystack` (so 海康 matches 海康威視)."""
    return int(bool(haystack) and bool(find(haystack or "", (tuple(phrase.split(" ")),))))
