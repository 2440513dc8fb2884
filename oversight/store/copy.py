"""Copy a store to another backend (SQLite to PostgreSQL and back) without loss: every table in migration order
with its row ids, in one transaction on the target, then the originals, then a check that both stores dump the
same facts. The full-text index is not copied: the target builds its own on the first search.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from oversight.errors import OversightError
from oversight.store import dump
from oversight.store.blobs import blob_path
from oversight.store.db import Connection, columns, is_postgresql, migrations, transaction

BATCH = 500
_CREATE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", re.IGNORECASE | re.MULTILINE)
_SKIP = re.compile(r"^(search_|schema_migrations$)")


class CopyError(OversightError):
    """The target is not empty, or the copy does not hold what the source holds."""


@dataclass(frozen=True, slots=True)
class CopyResult:
    rows: dict[str, int]
    blobs: int


def tables() -> list[str]:
    """Every table the migrations create, in the order they create them (so references come first)."""
    names = [name for _, _, sql in migrations() for name in _CREATE.findall(sql)]
    return [name for name in dict.fromkeys(names) if not _SKIP.match(name)]


def copy_store(source: Connection, target: Connection, source_blobs: Path, target_blobs: Path) -> CopyResult:
    """Copy everything `source` holds into the empty store `target`; raises CopyError if the result differs."""
    if target.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is not None:
        raise CopyError("the target store already holds documents; copy into an empty one")
    counts: dict[str, int] = {}
    with transaction(target):
        for table in tables():
            shared = [c for c in columns(source, table) if c in set(columns(target, table))]
            if not shared:
                continue
            target.execute(f"DELETE FROM {table}")  # e.g. the curated list a fresh store loaded on first use
            counts[table] = _copy_table(source, target, table, shared)
        if is_postgresql(target):
            _advance_identities(target)
    copied = _copy_blobs(source, source_blobs, target_blobs)
    if dump.canonical(source) != dump.canonical(target):
        raise CopyError("the copy differs from the source (see `oversight store copy --help`)")
    return CopyResult(counts, copied)


def _copy_table(source: Connection, target: Connection, table: str, names: list[str]) -> int:
    quoted = ", ".join(f'"{n}"' for n in names)
    insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"
    order = "ORDER BY id" if "id" in names else ""
    count, batch = 0, []
    for row in source.execute(f"SELECT {quoted} FROM {table} {order}"):
        batch.append(tuple(row))
        if len(batch) >= BATCH:
            target.executemany(insert, batch)
            count, batch = count + len(batch), []
    if batch:
        target.executemany(insert, batch)
    return count + len(batch)


def _advance_identities(target: Connection) -> None:
    """Rows came with their ids: move each identity past the largest, so new rows get fresh ids."""
    for table in tables():
        if "id" in columns(target, table):
            target.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


def _copy_blobs(source: Connection, source_blobs: Path, target_blobs: Path) -> int:
    copied = 0
    for (sha256,) in source.execute("SELECT sha256 FROM documents ORDER BY id"):
        origin, destination = blob_path(source_blobs, sha256), blob_path(target_blobs, sha256)
        if origin.exists() and not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)
            copied += 1
    return copied
