"""Every name of a party, so that searching one name finds the others: Hikvision -> 海康威视, 海康, HIKVISION.

Names come from the watchlists in the store (the curated reference list with its Chinese legal names, short
names and brands, and every loaded list's aliases; people are left out: oversight reads documents, it does not
look for persons) and from the parties the entities stage extracted (the texts it resolved to one name). They
are kept in `search_names` keyed by their search tokens, and rebuilt when the lists or the entities change,
so a lookup is two indexed reads.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator

from oversight.search import tokens
from oversight.search.query import Phrase
from oversight.store.db import transaction

_LIST_NAMES = (
    "SELECT e.name, n.name FROM watchlist_entries e JOIN watchlist_names n ON n.entry_id = e.id"
    " WHERE e.schema <> 'Person' AND n.kind <> 'weak'"
)
# Parties named in documents; model numbers and chips are products, not names of the party.
_ENTITY_NAMES = (
    "SELECT DISTINCT name, text FROM entities WHERE kind IN ('vendor', 'buyer')"
    " AND source NOT LIKE 'model:%' AND source NOT LIKE 'chip:%'"
)
_MIN_CHARACTERS = 2  # a one-character name would match everything


def key(name: str) -> str:
    """How names are compared: their search tokens (folded: case, width, traditional/simplified)."""
    return " ".join(tokens.query_tokens(name))


def refresh(conn: sqlite3.Connection) -> bool:
    """Rebuild `search_names` if the watchlists or entities changed since it was built; True when rebuilt."""
    _ensure_curated(conn)
    signature = _signature(conn)
    row = conn.execute("SELECT value FROM search_meta WHERE key = 'names'").fetchone()
    if row is not None and row[0] == signature:
        return False
    rows = sorted(set(_rows(conn)))
    with transaction(conn):
        conn.execute("DELETE FROM search_names")
        conn.executemany("INSERT INTO search_names(key, party, name) VALUES (?, ?, ?)", rows)
        conn.execute(
            "INSERT INTO search_meta(key, value) VALUES ('names', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (signature,),
        )
    return True


def lookup(conn: sqlite3.Connection, phrase: Phrase) -> list[tuple[str, Phrase]]:
    """(name, tokens) of every other name of the parties called `phrase`, shortest first."""
    rows = conn.execute(
        "SELECT other.name FROM search_names own JOIN search_names other ON other.party = own.party"
        " WHERE own.key = ? GROUP BY other.name ORDER BY length(other.name), other.name",
        (" ".join(phrase),),
    ).fetchall()
    found: dict[Phrase, str] = {}
    for (name,) in rows:
        other = tokens.query_tokens(name)
        if other != phrase:
            found.setdefault(other, name)
    return [(name, other) for other, name in found.items()]


def _ensure_curated(conn: sqlite3.Connection) -> None:
    """Load the shipped reference list if this store has never had it (screening loads it on first use too)."""
    if conn.execute("SELECT 1 FROM watchlist_sources WHERE name = 'curated'").fetchone() is None:
        from oversight.screen.store import ensure_curated  # the screen package costs ~0.2 s to import

        ensure_curated(conn)


def _signature(conn: sqlite3.Connection) -> str:
    lists = ",".join(row[0] for row in conn.execute("SELECT sha256 FROM watchlist_sources ORDER BY name"))
    entities = conn.execute("SELECT count(*), max(id) FROM entities").fetchone()
    digest = hashlib.sha256(f"{tokens.scheme()}|{lists}|{entities[0]}|{entities[1]}".encode())
    return digest.hexdigest()[:16]


def _rows(conn: sqlite3.Connection) -> Iterator[tuple[str, str, str]]:
    """(key, party, name) for every usable name: the party is the key of its primary (or resolved) name."""
    keys: dict[str, str] = {}
    for sql in (_LIST_NAMES, _ENTITY_NAMES):
        for primary, name in conn.execute(sql):
            party = keys.get(primary) or keys.setdefault(primary, key(primary))
            for text in (primary, name):
                folded = keys.get(text) or keys.setdefault(text, key(text))
                if len(folded.replace(" ", "")) >= _MIN_CHARACTERS and party:
                    yield folded, party, text
