"""The analysers a scan runs on every document, and one document's analysis.

Analysers are plugins of one kind, declared in ANALYSERS (`oversight.registry`): a name and a `build` that makes,
once per run, what every document shares (a compiled taxonomy, a screener over the loaded lists). An analyser reads
a document's (number, raw text) pages and returns a `Part`: the capability findings of the categories it owns and,
for the one analyser that keeps them, the document's entities. `analyse` runs every analyser without touching the
store; `Analysis.rows()` is what the store writes, each analyser's rows with its version stamp, in one transaction;
`current` reads a stored analysis back and runs again only the analysers whose stamp is stale. Adding an analyser
means adding its module and one line in ANALYSERS (tests/test_analysers.py adds one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from oversight.detect import Finding
from oversight.entities import Analysis as EntityAnalysis
from oversight.entities.exportcontrol import CATEGORY
from oversight.pipeline.rows import entity_row, finding_row, linked_row
from oversight.registry import Registry
from oversight.store import analyses
from oversight.store import pages as stored_pages
from oversight.store.db import Connection
from oversight.store.rows import AnalysisRows, StageRows


@dataclass(slots=True)
class Part:
    """What one analyser found in one document: capability findings of the categories it owns (they replace the
    stored ones of those categories) and, from the analyser that keeps them, the entities."""

    findings: list[Finding]
    categories: tuple[str, ...]
    entities: EntityAnalysis | None = None


class Analyser(Protocol):
    """One analysis stage, built once per run and run on every document."""

    @property
    def version(self) -> str: ...  # stamped on what it stores: another version makes the stored part stale

    def analyse(self, pages: list[tuple[int, str]], document_id: int) -> Part: ...

    def stored(self, conn: Connection, document_id: int) -> Part: ...  # read back what it stored


class Build(Protocol):
    def __call__(self, conn: Connection) -> Analyser: ...


ANALYSERS: Registry[Build] = Registry(
    "analyser",
    {
        analyses.CAPABILITIES: "oversight.pipeline.capabilities:build",
        analyses.PARTIES: "oversight.pipeline.parties:build",
    },
    group="oversight.analysers",
)

A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class Analysers:
    """Every registered analyser, built once per run and shared by every document, in registry order."""

    stages: dict[str, Analyser]

    @classmethod
    def from_store(cls, conn: Connection) -> Analysers:
        return cls({name: build(conn) for name, build in ANALYSERS.items()})

    def stage(self, name: str, kind: type[A]) -> A:
        """The analyser registered as `name`, as the class the caller expects of it."""
        found = self.stages[name]
        if not isinstance(found, kind):
            raise TypeError(f"analyser {name!r} is a {type(found).__name__}, not a {kind.__name__}")
        return found

    def versions(self) -> dict[str, str]:
        return {name: stage.version for name, stage in self.stages.items()}


@dataclass(slots=True)
class Analysis:
    """One document's parts, by analyser name, with the version of the analyser that made each."""

    parts: dict[str, Part]
    versions: dict[str, str]
    fresh: frozenset[str] = field(default_factory=frozenset)  # the parts made now, not read back from the store

    @property
    def findings(self) -> list[Finding]:
        """Every analyser's capability findings."""
        return [f for part in self.parts.values() for f in part.findings]

    @property
    def entities(self) -> EntityAnalysis:
        """The document's entities and the export-control findings they imply (empty if no analyser keeps any)."""
        kept = [part.entities for part in self.parts.values() if part.entities is not None]
        return kept[0] if kept else EntityAnalysis([], [])

    def rows(self, names: Iterable[str] | None = None) -> AnalysisRows:
        """The store's rows of the parts named (default: all)."""
        chosen = list(self.parts) if names is None else names
        return [_stage_rows(name, self.parts[name], self.versions[name]) for name in chosen]


def analyse(pages: list[tuple[int, str]], analysers: Analysers, *, document_id: int = 0) -> Analysis:
    """Run every analyser on a document's (number, raw text) pages."""
    parts = {name: stage.analyse(pages, document_id) for name, stage in analysers.stages.items()}
    return Analysis(parts, analysers.versions(), frozenset(parts))


def current(conn: Connection, document_id: int, analysers: Analysers, *, force: bool = False) -> Analysis:
    """The document's analysis: parts whose stamp matches their analyser's version are read back, the others (all
    when `force`) made again from the stored pages. The caller stores `rows(analysis.fresh)`."""
    versions = analysers.versions()
    stamps = {} if force else analyses.versions(conn, document_id)
    stale = [name for name, version in versions.items() if stamps.get(name) != version]
    pages = stored_pages.texts(conn, document_id) if stale else []
    parts = {
        name: stage.analyse(pages, document_id) if name in stale else stage.stored(conn, document_id)
        for name, stage in analysers.stages.items()
    }
    return Analysis(parts, versions, frozenset(stale))


def _stage_rows(name: str, part: Part, version: str) -> StageRows:
    entities = part.entities
    return StageRows(
        analyser=name,
        version=version,
        findings=[finding_row(f) for f in part.findings],
        categories=part.categories,
        entities=None if entities is None else [entity_row(r) for r in entities.records],
        linked=[] if entities is None else [linked_row(f, version) for f in entities.findings],
        linked_category=CATEGORY,
    )
