"""What the search test modules share: a private copy of a module's built store (so a test may change it), the
pages a result names, and the oracle's own fold (OpenCC and lower case, not the code under test)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import opencc

from oversight.search.engine import Results
from oversight.store.db import Connection, connect

_T2S = opencc.OpenCC("t2s")


def fold(raw: str) -> str:
    return "".join(_T2S.convert(raw).lower().split())


def pages(results: Results) -> set[tuple[int, int]]:
    return {(h.document_id, h.page) for h in results.hits}


def private_copy(built: Path, folder: Path) -> Connection:
    """A copy of the store at `built` (and its originals, where kept) in `folder`."""
    db = folder / "o.db"
    source = sqlite3.connect(built)
    source.execute("VACUUM INTO ?", (str(db),))
    source.close()
    if (built.parent / "o.blobs").is_dir():
        shutil.copytree(built.parent / "o.blobs", folder / "o.blobs")
    return connect(db)
