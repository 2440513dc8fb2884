"""Open the evidence store: one SQLite file in WAL mode, migrated in place to the current schema.

Migrations are the numbered `migrations/NNNN_name.sql` files, applied in order inside one transaction each and
recorded by name (and in `PRAGMA user_version`), so an older store file upgrades itself the first time a newer
oversight opens it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

DEFAULT_DB = Path(".oversight") / "oversight.db"


class Cursor(Protocol):
    """What store queries use of a DB-API cursor (sqlite3's, or the PostgreSQL adapter's)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A store connection: `?` placeholders, rows readable by index and by column name, autocommit outside
    `transaction`. sqlite3.Connection fits as it is; the PostgreSQL backend adapts psycopg to it."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def close(self) -> None: ...


def resolve_path(db: str | os.PathLike[str] | None) -> Path:
    """`--db`, else `$OVERSIGHT_DB`, else `./.oversight/oversight.db`."""
    if db:
        return Path(db)
    env = os.environ.get("OVERSIGHT_DB")
    return Path(env) if env else DEFAULT_DB


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped in the package, in order."""
    found = []
    for entry in resources.files("oversight.store.migrations").iterdir():
        if entry.name.endswith(".sql") and entry.name[:4].isdigit():
            found.append((int(entry.name[:4]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: str | os.PathLike[str], *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=60000")
    if migrate:
        apply_migrations(conn)
    return conn


def apply_migrations(conn: sqlite3.Connection) -> int:
    """Apply every shipped migration not yet recorded in the store; returns the schema version reached.

    Applied migrations are recorded by name, so one numbered below the store's version (merged from parallel
    work) is still applied; `PRAGMA user_version` carries the highest number for tools that read it.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL"
        " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"
    )
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    if not applied:  # a store from before names were recorded: its user_version tells what it has
        legacy = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = {name for version, name, _ in migrations() if version <= legacy}
        conn.executemany("INSERT OR IGNORE INTO schema_migrations(name) VALUES (?)", [(n,) for n in applied])
    for version, name, sql in migrations():
        if name in applied:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check under the write lock: another process may have migrated meanwhile.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations(name) VALUES (?)", (name,))
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {max(current, version):d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def blob_dir(db_path: str | os.PathLike[str]) -> Path:
    """Where original files live: a content-addressed folder beside the database file."""
    path = Path(db_path)
    return path.parent / (path.stem + ".blobs")


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (connections run in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
