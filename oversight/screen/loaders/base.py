"""What every list loader produces: entries with all their names, listings and ownership links.

Loaders parse a whole file into memory before anything is stored, so a malformed file is refused with one line and
nothing half-loaded; the store then writes the parsed list in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oversight.errors import OversightError
from oversight.store.blobs import sha256_of


def itself(path: Path) -> Path:
    """The unit of a single-file list: the file."""
    return path


class WatchlistError(OversightError):
    """A list file that cannot be read as the format it claims to be; the message names file and line."""


@dataclass(slots=True)
class Name:
    name: str
    kind: str = "primary"  # primary | alias | weak | former | legal | short | brand | original
    source: str | None = None
    verified: bool = True


@dataclass(slots=True)
class Listing:
    list: str  # e.g. OFAC SDN, BIS Entity List, UN Security Council
    program: str | None = None
    listed_on: str | None = None
    ended_on: str | None = None
    covers: str | None = None  # affiliates: the list's own text reaches subsidiaries and affiliates
    citation: str | None = None
    url: str | None = None
    verified: bool = True


@dataclass(slots=True)
class Entry:
    key: str  # the list's own entry id
    schema: str  # Person | Company | Organization | PublicBody | Vessel | Airplane | LegalEntity
    name: str
    names: list[Name] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    verified: bool = True
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Link:
    child: str  # entry key of the owned / subordinate party
    parent: str  # entry key of the owner / superior
    relation: str  # ownership | subsidiary | subordinate
    percentage: float | None = None
    share: str | None = None
    start: str | None = None
    end: str | None = None
    source: str | None = None
    verified: bool = True


@dataclass(slots=True)
class ParsedList:
    name: str  # source identity: a newer load under the same name replaces the older one
    format: str
    entries: list[Entry]
    links: list[Link] = field(default_factory=list)
    published: str | None = None
    notes: list[str] = field(default_factory=list)  # what the loader skipped, one line each (shown after loading)


def content_hash(path: Path) -> str:
    """sha256 of a file, or of a folder's member files (names and contents), so a re-load can be recognised."""
    if path.is_file():
        return sha256_of(path)[0]
    digest = hashlib.sha256()
    for member in sorted(p for p in path.iterdir() if p.is_file()):
        digest.update(member.name.encode() + b"\0" + sha256_of(member)[0].encode() + b"\n")
    return digest.hexdigest()


def read_text(path: Path) -> str:
    """Lists are UTF-8 (optionally with BOM); older OFAC files are Windows-1252."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def blank(value: str | None) -> str | None:
    """None for the empty markers lists use ('', '-0-')."""
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", "-0-") else value
