"""Errors a user can act on: printed as one line, never as a traceback."""

from __future__ import annotations

import errno
import sqlite3


class OversightError(Exception):
    """Base for errors whose message is the whole story for the person at the terminal."""


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
