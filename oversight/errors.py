"""Errors a user can act on, and the exit code each one ends the run with: printed as one line, never a traceback.

Exit codes are a fact of the error classes (as click's `ClickException.exit_code`), so the CLI, its help text and
the README read them from here rather than writing 2, 3 and 4 in several places.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    """How a run ended, as the process exit status."""

    OK = 0
    USAGE = 2  # the command line or a data file is wrong; nothing was done
    PARTIAL = 3  # some inputs failed while the rest succeeded
    FAILED = 4  # nothing succeeded (e.g. every input failed)


EXIT_MEANINGS = {
    ExitCode.OK: "ok",
    ExitCode.USAGE: "usage error",
    ExitCode.PARTIAL: "some inputs failed while the rest succeeded",
    ExitCode.FAILED: "nothing succeeded",
}
EXIT_CODES_HELP = "Exit codes: " + "; ".join(f"{int(code)} {meaning}" for code, meaning in EXIT_MEANINGS.items()) + "."


def outcome(failed: int, total: int) -> ExitCode:
    """OK when nothing failed, FAILED when every one of `total` inputs did, else PARTIAL."""
    if not failed:
        return ExitCode.OK
    return ExitCode.FAILED if failed >= total else ExitCode.PARTIAL


class OversightError(Exception):
    """Base for errors whose message is the whole story for the person at the terminal."""

    exit_code: ClassVar[ExitCode] = ExitCode.USAGE


class NothingDone(OversightError):
    """Every input failed, or none was left to work on."""

    exit_code: ClassVar[ExitCode] = ExitCode.FAILED


class IngestError(OversightError):
    """A file could not be read; the run records it and goes on with the next file."""


class EncryptedError(IngestError):
    """The document is password-protected and no (correct) password was given."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """A library's exception message folded onto one bounded line (error lines must stay one line)."""
    return " ".join(str(exc).split())[:limit] or type(exc).__name__
