"""A bounded memo for the screening hot path, where functools.lru_cache costs more than the work it saves.

In the compiled build (`oversight.native`) a call through an lru_cache wrapper is a generic call that builds a key
tuple, hashes it and relinks the cache's recency list; a hit here is one native method call and one dict lookup.
Entries are not aged: a full memo is emptied and fills again with what is used next (per-word readings repeat, so
it refills quickly). Use it for pure functions of hashable arguments called per word or per pair of words.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Values remembered by key, at most `size` of them."""

    __slots__ = ("_found", "_size")

    def __init__(self, size: int) -> None:
        self._found: dict[K, V] = {}
        self._size = size

    def get(self, key: K) -> V | None:
        return self._found.get(key)

    def put(self, key: K, value: V) -> V:
        """Remember `value` for `key` and return it."""
        if len(self._found) >= self._size:
            self._found.clear()
        self._found[key] = value
        return value

    def clear(self) -> None:
        self._found.clear()

    def __len__(self) -> int:
        return len(self._found)
