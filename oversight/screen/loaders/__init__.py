"""List loaders, one module per format; `detect_loader` picks the one that recognises a path."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from oversight.screen.loaders import csl, curated, ftm, sdn, un
from oversight.screen.loaders.base import WatchlistError

LOADERS: tuple[ModuleType, ...] = (sdn, un, csl, ftm, curated)


def detect_loader(path: Path) -> ModuleType:
    """The loader for `path` (a folder counts only as an OFAC SDN legacy CSV set)."""
    if not path.exists():
        raise WatchlistError(f"{path}: no such file or folder")
    for loader in LOADERS:
        if loader.detect(path):
            return loader
    raise WatchlistError(
        f"{path}: not a list format oversight reads (OFAC SDN CSV folder, UN consolidated XML, "
        "Consolidated Screening List CSV, FtM JSON lines, curated YAML)"
    )
