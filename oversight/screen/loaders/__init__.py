"""List loaders, one module per format, in one typed registry; `detect_loader` picks the one that recognises a path.

A loader is a module with the `WatchlistLoader` shape; adding a list format means adding its module and one line in
`LOADERS` (the first loader that recognises a path wins, so the most specific formats come first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from oversight.registry import Registry
from oversight.screen.loaders.base import ParsedList, WatchlistError


class WatchlistLoader(Protocol):
    FORMAT: str

    def detect(self, path: Path) -> bool:
        """Does `path` hold a list in this format?"""
        ...

    def unit(self, path: Path) -> Path:
        """What one load reads and hashes (a file, or the folder a file belongs to)."""
        ...

    def parse(self, path: Path) -> ParsedList:
        """The whole list, or WatchlistError naming file and line."""
        ...


LOADERS: Registry[WatchlistLoader] = Registry(
    "watchlist format",
    {
        "ofac-sdn-csv": "oversight.screen.loaders.sdn",
        "un-sc-xml": "oversight.screen.loaders.un",
        "us-csl-csv": "oversight.screen.loaders.csl",
        "ftm-jsonl": "oversight.screen.loaders.ftm",
        "curated-yaml": "oversight.screen.loaders.curated",
    },
    group="oversight.watchlist_loaders",
)


def detect_loader(path: Path) -> WatchlistLoader:
    """The loader for `path` (a folder counts only as an OFAC SDN legacy CSV set)."""
    if not path.exists():
        raise WatchlistError(f"{path}: no such file or folder")
    for _, loader in LOADERS.items():
        if loader.detect(path):
            return loader
    raise WatchlistError(
        f"{path}: not a list format oversight reads (OFAC SDN CSV folder, UN consolidated XML, "
        "Consolidated Screening List CSV, FtM JSON lines, curated YAML)"
    )
