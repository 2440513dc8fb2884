"""Restrict search results: by finding category and severity (page level), by vendor, listed vendor and buyer
(document level: a buyer is named on the cover page, the matching term may be on page 40) and by the date a
document was first stored.

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

DOCUMENT = f"(search_index.rowid >> {KEY_SHIFT})"
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
    since: date | None = None  # first stored on or after
    until: date | None = None  # first stored on or before


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
        low = filters.since.isoformat() if filters.since else ""
        high = (filters.until + timedelta(days=1)).isoformat() if filters.until else "9999"
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
    return int(bool(haystack) and bool(find(haystack, (tuple(phrase.split(" ")),))))
