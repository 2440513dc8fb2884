"""The PostgreSQL backend: a psycopg 3 connection that speaks the store's SQL.

Store queries are written once, in the SQL both backends share (`?` placeholders, `ON CONFLICT`, `RETURNING`);
this adapter turns `?` into psycopg's `%s`, gives rows that read by index and by column name like sqlite3.Row,
and runs in autocommit mode so `store.db.transaction` (BEGIN ... COMMIT) means the same on both backends.
Migrations are translated by `dialect`; a migration SQLite cannot share (full-text search) has a
`NNNN_name.postgresql.sql` twin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

URL_PREFIXES = ("postgresql://", "postgres://")


def is_url(target: str) -> bool:
    return target.startswith(URL_PREFIXES)


class Row(tuple[Any, ...]):
    """A result row: row[0] and row["name"], keys() and dict(row), as sqlite3.Row offers."""

    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}  # replaced per result shape

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return None
    names = tuple(column.name for column in description)
    shape = type("Row", (Row,), {"_names": names, "_index": {n: i for i, n in enumerate(names)}})
    return lambda values: shape(values)


@lru_cache(maxsize=1024)  # the store runs a few hundred distinct statements, each many times
def translate(sql: str) -> str:
    """`?` placeholders to `%s` (and a literal `%` to `%%`), outside quoted strings and identifiers."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "?":
            out.append("%s")
            continue
        if char == "%":
            out.append("%%")
            continue
        out.append(char)
    statement = "".join(out)
    return "BEGIN" if statement.strip().upper() == "BEGIN IMMEDIATE" else statement


class PostgresConnection:
    """A psycopg connection behind the store's `Connection` protocol."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(translate(sql), _adapt(parameters))
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any:
        cursor = self.raw.cursor()
        rows = [_adapt(p) for p in parameters]
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor

    def script(self, sql: str) -> None:
        """Run a multi-statement script as it is (migrations: no placeholders)."""
        self.raw.execute(sql)  # no parameters: psycopg sends it verbatim, `%` included

    def close(self) -> None:
        self.raw.close()

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.raw.info.transaction_status != TransactionStatus.IDLE)

    def create_function(self, name: str, arguments: int, function: Any, *, deterministic: bool = False) -> None:
        """SQL functions written in Python exist only in SQLite: on PostgreSQL the caller filters in Python."""

    def __iter__(self) -> Iterator[Any]:  # pragma: no cover - not a cursor
        raise TypeError("iterate over conn.execute(...), not the connection")


def _adapt(parameters: Sequence[Any]) -> tuple[Any, ...]:
    """Python values as PostgreSQL takes them: a bool column is an integer column on both backends."""
    return tuple(int(p) if isinstance(p, bool) else p for p in parameters)
