"""What the search test modules share: a private copy of a module's built store (so a test may change it), the
pages a result names, and the oracle's own fold (OpenCC and lower case, not the code under test)."""

from __future__ import annotations

import opencc

from oversight.search.engine import Results
from oversight.store.db import Connection, open_store
from tests.fixtures import copy_into

_T2S = opencc.OpenCC("t2s")


def fold(raw: str) -> str:
    return "".join(_T2S.convert(raw).lower().split())


def pages(results: Results) -> set[tuple[int, int]]:
    return {(h.document_id, h.page) for h in results.hits}


def private_copy(built: str, target: str) -> Connection:
    """The store at `built` (and its originals) copied into the new store `target` (either backend), opened."""
    return open_store(copy_into(built, target))
