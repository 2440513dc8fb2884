"""Command-line entry point. Each module below registers its commands on `app`."""

from __future__ import annotations

import sys

# Imported in pipeline order, which is the order `oversight --help` lists the commands in.
from oversight.cli import (  # noqa: F401
    export,
    ingest,
    inspect,
    lists,
    report,
    scan,
    screen,
    search,
    serve,
    store,
    worker,
)
from oversight.cli.app import app
from oversight.cli.common import EXIT_USAGE
from oversight.errors import OversightError


def main() -> None:
    """Run the CLI; user errors print one line, not a traceback."""
    try:
        app()
    except OversightError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
