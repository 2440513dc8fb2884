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
from oversight.errors import PATH_ERRNOS, ExitCode, OversightError, environment_line
from oversight.text.terminal import printable


def main() -> None:
    """Run the CLI; user errors print one line, not a traceback, and end with their class's exit code.

    A store that cannot be used or an output path that cannot be written is a usage error; a write the machine
    refused (disk full, file-size limit, I/O error) means nothing more could be done: the store stays intact and
    a rerun resumes.
    """
    try:
        app()
    except OversightError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.errno in PATH_ERRNOS:  # an output path the user gave cannot be used: a usage error
            print(f"error: cannot use {printable(str(exc.filename))}: {exc.strerror}", file=sys.stderr)
            sys.exit(ExitCode.USAGE)
        print(f"error: {printable(environment_line(exc))}", file=sys.stderr)
        sys.exit(ExitCode.FAILED)
    except sqlite3.OperationalError as exc:
        print(f"error: {printable(environment_line(exc))}", file=sys.stderr)
        sys.exit(ExitCode.FAILED)
    except RecursionError:
        print("error: the input is nested too deeply to read", file=sys.stderr)
        sys.exit(ExitCode.FAILED)
