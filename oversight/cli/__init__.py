"""Command-line entry point. Each module below registers its commands on `app`."""

from __future__ import annotations

import sqlite3
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
    verify,
    worker,
)
from oversight.cli.app import app
from oversight.cli.common import EXIT_FAILED, EXIT_USAGE
from oversight.errors import PATH_ERRNOS, OversightError, environment_line
from oversight.text.terminal import printable


def main() -> None:
    """Run the CLI; user errors print one line, not a traceback.

    Exit codes: 2 a usage error or a store that cannot be used; 3 some inputs failed; 4 nothing could be done,
    or the machine refused a write (disk full, file-size limit, I/O error): the store stays intact and a rerun
    resumes.
    """
    try:
        app()
    except OversightError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        if exc.errno in PATH_ERRNOS:  # an output path the user gave cannot be used: a usage error
            print(f"error: cannot use {printable(str(exc.filename))}: {exc.strerror}", file=sys.stderr)
            sys.exit(EXIT_USAGE)
        print(f"error: {printable(environment_line(exc))}", file=sys.stderr)
        sys.exit(EXIT_FAILED)
    except sqlite3.OperationalError as exc:
        print(f"error: {printable(environment_line(exc))}", file=sys.stderr)
        sys.exit(EXIT_FAILED)
    except RecursionError:
        print("error: the input is nested too deeply to read", file=sys.stderr)
        sys.exit(EXIT_FAILED)
