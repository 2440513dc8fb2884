"""Options and output shared by every command: the store location, the output format, exit codes.

Kept light (typer only at import time) because every command module imports it and `oversight --help` should
not wait for the libraries a command needs; those are imported inside the command that uses them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Annotated, Any

import click
import typer

from oversight.errors import ExitCode
from oversight.text.terminal import printable

EXIT_OK = ExitCode.OK
EXIT_USAGE = ExitCode.USAGE
EXIT_PARTIAL = ExitCode.PARTIAL
EXIT_FAILED = ExitCode.FAILED


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: an SQLite file, or postgresql://… for a team's shared one"
        " [default: $OVERSIGHT_DB, else ./.oversight/oversight.db].",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table for people, json/jsonl for machines.")
]


def one_of(names: Callable[[], Sequence[str]]) -> Callable[[str], str]:
    """A parser for an option whose values come from a registry: checked when the command line is read, with the
    names looked up then, so listing them costs nothing at start-up."""

    def parse(value: str) -> str:
        allowed = names()
        if value not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(allowed)}")
        return value

    return parse


def open_store(db: str | None) -> Any:
    """Open the store chosen by --db / OVERSIGHT_DB (SQLite or PostgreSQL); it closes when the command ends,
    however it ends. Typed Any: an sqlite3.Connection, or the PostgreSQL adapter that stands in for one."""
    from oversight.store.db import open_store as open_target

    conn = open_target(db)
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(conn.close)
    return conn


def emit(
    rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str] | None = None, title: str | None = None
) -> None:
    """Print rows as a table, one JSON array, or JSON lines."""
    if fmt is Format.json:
        print(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt is Format.jsonl:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print_table(rows, columns or (list(rows[0]) if rows else []), title)


def print_table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    """A Rich table whose cells are plain text: markup (`[/b]`) and control characters in data are shown as is; a
    line break starts a new line inside its cell (a cell cannot break the table's frame)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(_cell_text(row.get(c))) for c in columns))
    Console().print(table)


def _cell_text(value: Any) -> str:
    return "\n".join(printable(line) for line in _cell(value).split("\n"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def fail(message: str, code: int = ExitCode.USAGE) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise (data in the message cannot break the line)."""
    print(f"error: {printable(message)}", file=sys.stderr)
    return typer.Exit(code)
