"""Errors a user can act on, and the exit code each one ends the run with: printed as one line, never a traceback.

Exit codes are a fact of the error classes (as click's `ClickException.exit_code`), so the CLI, its help text and
the README read them from here rather than writing 2, 3 and 4 in several places.
"""

from __future__ import annotations

import errno
import sqlite3
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


# Errors that mean a path given on the command line is wrong, not that the machine refused a write.
PATH_ERRNOS = frozenset((errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENAMETOOLONG))

_ERRNO_ADVICE = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file-size limit was reached (ulimit -f)",
    errno.EIO: "an input/output error from the disk",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
}


def environment_line(exc: OSError | sqlite3.OperationalError) -> str:
    """One line for a write the machine refused, saying that the store is intact and a rerun resumes."""
    if isinstance(exc, OSError):
        what = _ERRNO_ADVICE.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        where = f" ({exc.filename})" if exc.filename else ""
    else:
        text = one_line(exc)
        if "full" in text:
            what = "the disk is full"
        elif "I/O" in text:
            what = "the store could not be written (disk I/O error: a full disk, a file-size limit or a failing disk)"
        else:
            what = f"the store refused a write ({text})"
        where = ""
    return f"{what}{where}; stopped. The store is intact: free the resource and run again to resume"
