"""Open the evidence store: an SQLite file in WAL mode (the default), or a PostgreSQL database shared by a team,
migrated in place to the current schema.

Migrations are the numbered `migrations/NNNN_name.sql` files, applied in order inside one transaction each and
recorded by name (and, on SQLite, in `PRAGMA user_version`), so an older store upgrades itself the first time a
newer oversight opens it. PostgreSQL applies the same files, translated by `dialect` (or a
`NNNN_name.postgresql.sql` twin where the SQL cannot be shared), under an advisory lock.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from oversight.errors import OversightError
from oversight.store import dialect, postgres

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

    @property
    def in_transaction(self) -> bool: ...


def resolve_target(db: str | os.PathLike[str] | None) -> str:
    """`--db`, else `$OVERSIGHT_DB`, else `./.oversight/oversight.db`: an SQLite path or a postgresql:// URL."""
    if db:
        return str(db)
    return os.environ.get("OVERSIGHT_DB") or str(DEFAULT_DB)


class StoreError(OversightError):
    """The store cannot be opened or written as asked; the message says why and leaves the file untouched."""


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def resolve_path(db: str | os.PathLike[str] | None) -> Path:
    """`--db`, else `$OVERSIGHT_DB`, else `./.oversight/oversight.db`; a URL is never taken as a file name."""
    chosen = db or os.environ.get("OVERSIGHT_DB")
    if not chosen:
        return DEFAULT_DB
    if _URL.match(str(chosen)):
        raise StoreError(f"{str(chosen)!r} is a database URL; this store is an SQLite file: give its path")
    return Path(chosen)


def open_store(db: str | os.PathLike[str] | None, *, migrate: bool = True) -> Connection:
    """Open the store `db` names (see `resolve_target`), brought up to date."""
    target = resolve_target(db)
    if postgres.is_url(target):
        import psycopg

        try:
            conn = postgres.PostgresConnection(target)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot open the PostgreSQL store: {first}") from None
        if migrate:
            apply_postgresql_migrations(conn)
        return conn
    return connect(resolve_path(target), migrate=migrate)


def is_postgresql(conn: Connection) -> bool:
    return isinstance(conn, postgres.PostgresConnection)


def columns(conn: Connection, table: str) -> list[str]:
    """The columns of `table` in the store, in table order (empty when the table does not exist)."""
    if is_postgresql(conn):
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [str(r[0]) for r in rows]
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def migrations(dialect_name: str = "sqlite") -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped in the package, in order, in the dialect's SQL.

    The name is always the shared `NNNN_name.sql`, so both backends record the same names.
    """
    entries = {e.name: e for e in resources.files("oversight.store.migrations").iterdir()}
    found = []
    for name, entry in entries.items():
        if not (name.endswith(".sql") and name[:4].isdigit()) or name.endswith(".postgresql.sql"):
            continue
        sql = entry.read_text(encoding="utf-8")
        if dialect_name == "postgresql":
            twin = entries.get(name[:-4] + ".postgresql.sql")
            sql = twin.read_text(encoding="utf-8") if twin else dialect.to_postgresql(name, sql)
        found.append((int(name[:4]), name, sql))
    return sorted(found)


def connect(path: str | os.PathLike[str], *, migrate: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path` and bring its schema up to date.

    A path that is not an oversight store (a folder, a device, another program's SQLite file, a text file) is
    refused with a StoreError before anything is written to it; a store the user cannot write is opened
    read-only, which serves every command that only reads.
    """
    path = Path(path)
    _check_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store's folder {str(path.parent)!r} ({exc.strerror or exc})") from None
    writable = not path.exists() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    try:
        if writable:
            conn = sqlite3.connect(path, timeout=60, isolation_level=None)
        else:
            conn = _read_only(path)
        conn.row_factory = sqlite3.Row
        _check_ours(conn, path)
        if writable:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=60000")
        if migrate and writable:
            apply_migrations(conn)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and ("I/O" in str(exc) or "full" in str(exc)):
            raise  # the machine refused a write (disk full, file-size limit): not a wrong store path
        raise StoreError(f"cannot open the store {str(path)!r}: {exc}") from None
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    """A store the user may read but not write; `immutable` when SQLite cannot even create its WAL index."""
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", timeout=60, isolation_level=None, uri=True)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(f"{uri}?immutable=1", timeout=60, isolation_level=None, uri=True)
    return conn


def _check_path(path: Path) -> None:
    """Refuse what cannot be a store file: a folder, a device or FIFO (/dev/null), a path under a file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if any(parent.is_file() for parent in path.parents):
            raise StoreError(f"the store path {str(path)!r} runs through a file, not a folder") from None
        return
    except OSError as exc:
        raise StoreError(f"cannot reach the store {str(path)!r} ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(
            f"the store path {str(path)!r} is a folder; give a file path such as {str(path / 'oversight.db')!r}"
        )
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"the store path {str(path)!r} is not a regular file")
    if info.st_size:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{str(path)!r} is not an SQLite file, so not an oversight store; it was not modified")


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Another program's SQLite file has tables but none of ours: refuse it rather than add our tables to it."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not tables & {"schema_migrations", "documents"}:
        conn.close()
        raise StoreError(
            f"{str(path)!r} is an SQLite file of another program (no oversight tables); it was not modified"
        )


def apply_migrations(conn: sqlite3.Connection) -> int:
    """Apply every shipped migration not yet recorded in the store; returns the schema version reached.

    Applied migrations are recorded by name, so one numbered below the store's version (merged from parallel
    work) is still applied; `PRAGMA user_version` carries the highest number for tools that read it.
    """
    conn.execute(_MIGRATIONS_TABLE)
    applied = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    if not applied:  # a store from before names were recorded: its user_version tells what it has
        legacy = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = {name for version, name, _ in migrations() if version <= legacy}
        conn.executemany(_RECORD, [(n, _now()) for n in applied])
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
            conn.execute(_RECORD, (name, _now()))
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {max(current, version):d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # after a disk error SQLite has rolled back already: keep the real error
                conn.execute("ROLLBACK")
            raise
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


_MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
_RECORD = "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"
_MIGRATION_LOCK = 0x6F7665727369  # any constant: the advisory lock every oversight process migrates under


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def apply_postgresql_migrations(conn: postgres.PostgresConnection) -> int:
    """Apply every migration not yet recorded, in order, each in its own transaction under the migration lock
    (so processes starting together migrate once); returns how many were applied."""
    done = 0
    for _, name, sql in migrations("postgresql"):
        with transaction(conn):
            conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            conn.execute(_MIGRATIONS_TABLE)
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                continue
            conn.script(sql)
            conn.execute(_RECORD, (name, _now()))
            done += 1
    return done


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


def blob_dir(db: str | os.PathLike[str]) -> Path:
    """Where original files live: a content-addressed folder beside an SQLite file; for PostgreSQL the folder
    every machine of the team mounts, `$OVERSIGHT_BLOBS` (default `./.oversight/blobs`)."""
    if postgres.is_url(str(db)):
        return Path(os.environ.get("OVERSIGHT_BLOBS") or DEFAULT_DB.parent / "blobs")
    path = Path(db)
    return path.parent / (path.stem + ".blobs")


@contextmanager
def exclusive(conn: Connection, key: int) -> Iterator[None]:
    """Run a block in one process at a time across a PostgreSQL store (a session advisory lock), e.g. loading
    the built-in watchlist when several workers start together. SQLite writers are serialised already."""
    if not is_postgresql(conn):
        yield
        return
    conn.execute("SELECT pg_advisory_lock(?)", (key,))
    try:
        yield
    finally:
        conn.execute("SELECT pg_advisory_unlock(?)", (key,))


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (connections run in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back after some errors (disk full): keep the real one
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
