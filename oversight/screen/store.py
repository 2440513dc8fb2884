"""Watchlists in the evidence store: load a list file in one transaction, list what is loaded, read it back.

A list is identified by its content hash: loading the same content again changes nothing. A new version of a list
(same source name, other content) replaces the old one in the same transaction, so the store never holds half a
list or two versions of one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oversight.screen.loaders import curated, detect_loader
from oversight.screen.loaders.base import Entry, Link, Listing, Name, ParsedList, content_hash
from oversight.store.db import transaction


@dataclass(frozen=True, slots=True)
class LoadResult:
    path: str
    source: str  # source name, e.g. ofac-sdn
    status: str  # new | replaced | seen
    entries: int
    published: str | None
    notes: tuple[str, ...] = ()  # what the loader skipped (unknown FtM schemas or properties ...)


def load_path(conn: sqlite3.Connection, path: Path) -> LoadResult:
    """Detect the format of `path`, parse it fully, then store it atomically (or recognise it as loaded)."""
    loader = detect_loader(path)
    digest = content_hash(loader.unit(path))
    seen = conn.execute(
        "SELECT name, entry_count, published FROM watchlist_sources WHERE sha256 = ?", (digest,)
    ).fetchone()
    if seen is not None:
        return LoadResult(str(path), seen["name"], "seen", seen["entry_count"], seen["published"])
    parsed = loader.parse(path)
    return store(conn, parsed, str(path), digest)


def store(conn: sqlite3.Connection, parsed: ParsedList, path: str, digest: str) -> LoadResult:
    """Write a parsed list in one transaction, replacing an older version of the same source."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        replaced = conn.execute("DELETE FROM watchlist_sources WHERE name = ?", (parsed.name,)).rowcount > 0
        source_id = conn.execute(
            "INSERT INTO watchlist_sources (name, format, path, sha256, published, loaded_at, entry_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (parsed.name, parsed.format, path, digest, parsed.published, now, len(parsed.entries)),
        ).fetchone()[0]
        for entry in parsed.entries:
            _insert_entry(conn, source_id, entry)
        conn.executemany(
            "INSERT INTO watchlist_links (source_id, child_key, parent_key, relation, percentage, share, start_date, end_date, source, verified)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    source_id,
                    l.child,
                    l.parent,
                    l.relation,
                    l.percentage,
                    l.share,
                    l.start,
                    l.end,
                    l.source,
                    int(l.verified),
                )
                for l in parsed.links
            ],
        )
    return LoadResult(
        path, parsed.name, "replaced" if replaced else "new", len(parsed.entries), parsed.published, tuple(parsed.notes)
    )


def _insert_entry(conn: sqlite3.Connection, source_id: int, entry: Entry) -> None:
    entry_id = conn.execute(
        "INSERT INTO watchlist_entries (source_id, entry_key, schema, name, country, sectors, verified, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            source_id,
            entry.key,
            entry.schema,
            entry.name,
            entry.country,
            json.dumps(entry.sectors),
            int(entry.verified),
            json.dumps(entry.data, ensure_ascii=False),
        ),
    ).fetchone()[0]
    conn.executemany(
        "INSERT INTO watchlist_names (entry_id, name, kind, source, verified) VALUES (?, ?, ?, ?, ?)",
        [(entry_id, n.name, n.kind, n.source, int(n.verified)) for n in entry.names],
    )
    conn.executemany(
        "INSERT INTO watchlist_listings (entry_id, list, program, listed_on, ended_on, covers, citation, url, verified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (entry_id, l.list, l.program, l.listed_on, l.ended_on, l.covers, l.citation, l.url, int(l.verified))
            for l in entry.listings
        ],
    )


def ensure_curated(conn: sqlite3.Connection) -> None:
    """Load (or refresh) the curated reference list shipped in the package, so it needs no explicit load."""
    path = curated.builtin_path()
    digest = content_hash(path)
    row = conn.execute("SELECT sha256 FROM watchlist_sources WHERE name = 'curated'").fetchone()
    if row is None or row["sha256"] != digest:
        store(conn, curated.parse(path), "(built in)", digest)


def sources(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """What is loaded: one row per source with entry, name and listing counts and dates."""
    rows = conn.execute(
        "SELECT s.name, s.format, s.path, s.published, s.loaded_at, s.entry_count, s.sha256,"
        " (SELECT count(*) FROM watchlist_entries e JOIN watchlist_names n ON n.entry_id = e.id WHERE e.source_id = s.id) AS names,"
        " (SELECT count(DISTINCT e.id) FROM watchlist_entries e JOIN watchlist_listings l ON l.entry_id = e.id WHERE e.source_id = s.id) AS listed,"
        " (SELECT count(*) FROM watchlist_links k WHERE k.source_id = s.id) AS links"
        " FROM watchlist_sources s ORDER BY s.name"
    ).fetchall()
    return [dict(row) for row in rows]


def signature(conn: sqlite3.Connection) -> tuple[str, ...]:
    """Content hashes of the loaded sources: a cached index is valid while this is unchanged."""
    return tuple(r[0] for r in conn.execute("SELECT sha256 FROM watchlist_sources ORDER BY name"))


def read_lists(conn: sqlite3.Connection) -> list[ParsedList]:
    """Every loaded source back as parsed lists (what the screening index is built from)."""
    out = []
    for source in conn.execute("SELECT id, name, format, published FROM watchlist_sources ORDER BY name").fetchall():
        entries: dict[int, Entry] = {}
        for row in conn.execute(
            "SELECT id, entry_key, schema, name, country, sectors, verified, data FROM watchlist_entries WHERE source_id = ?",
            (source["id"],),
        ):
            entries[row["id"]] = Entry(
                key=row["entry_key"],
                schema=row["schema"],
                name=row["name"],
                country=row["country"],
                sectors=json.loads(row["sectors"]),
                verified=bool(row["verified"]),
                data=json.loads(row["data"]),
            )
        for row in conn.execute(
            "SELECT n.entry_id, n.name, n.kind, n.source, n.verified FROM watchlist_names n"
            " JOIN watchlist_entries e ON e.id = n.entry_id WHERE e.source_id = ?",
            (source["id"],),
        ):
            entries[row["entry_id"]].names.append(Name(row["name"], row["kind"], row["source"], bool(row["verified"])))
        for row in conn.execute(
            "SELECT l.entry_id, l.list, l.program, l.listed_on, l.ended_on, l.covers, l.citation, l.url, l.verified"
            " FROM watchlist_listings l JOIN watchlist_entries e ON e.id = l.entry_id WHERE e.source_id = ?",
            (source["id"],),
        ):
            entries[row["entry_id"]].listings.append(
                Listing(
                    row["list"],
                    row["program"],
                    row["listed_on"],
                    row["ended_on"],
                    row["covers"],
                    row["citation"],
                    row["url"],
                    bool(row["verified"]),
                )
            )
        links = [
            Link(
                r["child_key"],
                r["parent_key"],
                r["relation"],
                r["percentage"],
                r["share"],
                r["start_date"],
                r["end_date"],
                r["source"],
                bool(r["verified"]),
            )
            for r in conn.execute("SELECT * FROM watchlist_links WHERE source_id = ?", (source["id"],))
        ]
        out.append(
            ParsedList(
                name=source["name"],
                format=source["format"],
                entries=list(entries.values()),
                links=links,
                published=source["published"],
            )
        )
    return out
