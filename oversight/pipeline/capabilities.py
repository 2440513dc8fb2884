"""The capability analyser: the shipped taxonomy's findings (`oversight.detect`) on every page of a document."""

from __future__ import annotations

from dataclasses import dataclass

from oversight.detect import Taxonomy, load, scan_pages
from oversight.pipeline.analyse import Part
from oversight.pipeline.rows import finding_from_row
from oversight.store import findings as stored_findings
from oversight.store.db import Connection


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Detection with one compiled taxonomy; it owns the findings of every category the taxonomy defines."""

    taxonomy: Taxonomy

    @property
    def version(self) -> str:
        return self.taxonomy.version

    def analyse(self, pages: list[tuple[int, str]], document_id: int) -> Part:
        found = scan_pages(pages, self.taxonomy, document_id=document_id)
        return Part(found, tuple(self.taxonomy.categories))

    def stored(self, conn: Connection, document_id: int) -> Part:
        categories = self.taxonomy.categories
        rows = stored_findings.stored(conn, document_id, categories)
        return Part([finding_from_row(document_id, row) for row in rows], tuple(categories))


def build(conn: Connection) -> Capabilities:
    """The shipped taxonomy, compiled once per run."""
    return Capabilities(load())
