"""The parties analyser: buyers, suppliers, makers and chips (`oversight.entities`), screened against every
watchlist loaded in the store (`oversight.screen`), and the export-control findings they imply."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from oversight.entities import Analysis as EntityAnalysis
from oversight.entities import CachedResolver, analyse_document
from oversight.entities import data_version as entity_data_version
from oversight.entities.exportcontrol import export_control
from oversight.pipeline.analyse import Part
from oversight.pipeline.rows import record_from_row
from oversight.screen import store as watchlists
from oversight.screen.screener import Screener
from oversight.store import entities as stored_entities
from oversight.store import pages as stored_pages
from oversight.store.db import Connection, exclusive

_LISTS_LOCK = 0x6C69737473


@dataclass(frozen=True, slots=True)
class Parties:
    """Extraction and screening with one screener (and its per-name cache) shared by every document of a run."""

    resolver: CachedResolver
    lists_version: str  # digest of the loaded watchlists: other lists make a stored screening stale

    @property
    def version(self) -> str:
        return f"{entity_data_version()}+{self.lists_version}"

    def analyse(self, pages: list[tuple[int, str]], document_id: int) -> Part:
        return Part([], (), analyse_document(pages, self.resolver, document_id=document_id))

    def stored(self, conn: Connection, document_id: int) -> Part:
        """The stored records; the export-control findings are derived again from them and the page texts."""
        records = [record_from_row(document_id, row) for _, row in stored_entities.stored(conn, document_id)]
        pages = dict(stored_pages.texts(conn, document_id))
        return Part([], (), EntityAnalysis(records, export_control(records, pages)))


def build(conn: Connection) -> Parties:
    """A screener over every watchlist loaded in the store (the first process to start loads the built-in list;
    the others wait for it)."""
    with exclusive(conn, _LISTS_LOCK):
        screener = Screener.from_store(conn)  # type: ignore[arg-type]
    lists = hashlib.sha256("\n".join(watchlists.signature(conn)).encode()).hexdigest()[:12]  # type: ignore[arg-type]
    return Parties(CachedResolver(screener), lists)
