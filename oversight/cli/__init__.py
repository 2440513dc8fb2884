"""Command-line entry point. Each module below registers its commands on `app`."""

from __future__ import annotations

import sys

# Imported in pipeline order, which is the order `oversight --help` lists the commands in.
from oversight.cli import export, ingest, inspect, lists, report, scan, screen, search, serve  # noqa: F401
from oversight.cli.app import app
from oversight.errors import OversightError


def main() -> None:
    """Run the CLI; user errors print one line, not a traceback, and end with their class's exit code."""
    try:
        app()
    except OversightError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
