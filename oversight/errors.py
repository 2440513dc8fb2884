"""Errors a user can act on: printed as one line, never as a traceback."""

from __future__ import annotations


class OversightError(Exception):
    """Base for errors whose message is the whole story for the person at the terminal."""


class IngestError(OversightError):
    """A file could not be read; the run records it and goes on with the next file."""


class EncryptedError(IngestError):
    """The document is password-protected and no (correct) password was given."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """A library's exception message folded onto one bounded line (error lines must stay one line)."""
    return " ".join(str(exc).split())[:limit] or type(exc).__name__
