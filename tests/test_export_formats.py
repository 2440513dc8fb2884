"""Adding an export format is one module and one registry line: a format defined here is listed, checked at parse
time and written by the real `oversight export` command, with no change to the command."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import pytest

from oversight.export.formats import EXPORTERS, ExportContext, Style
from oversight.report.gather import DocumentRecord
from tests.fixtures import Store, fetch, run_cli


class _FindingPages:
    """One JSON line per page that has a finding: the document, the page and its categories."""

    styles: tuple[Style, ...] = ("jsonl",)
    unit = "pages"

    def write(self, docs: Iterable[DocumentRecord], context: ExportContext, out: TextIO, style: Style) -> int:
        count = 0
        for doc in docs:
            pages: dict[int, set[str]] = {}
            for finding in doc.findings:
                if context.reviews.finding(doc, finding) is not None:
                    pages.setdefault(finding.page, set()).add(finding.category)
            for page, categories in sorted(pages.items()):
                out.write(json.dumps({"sha256": doc.sha256, "page": page, "categories": sorted(categories)}) + "\n")
                count += 1
        return count


FINDING_PAGES = _FindingPages()


@pytest.fixture
def pages_format() -> Iterator[str]:
    EXPORTERS.add("finding-pages", f"{__name__}:FINDING_PAGES")
    yield "finding-pages"
    EXPORTERS.remove("finding-pages")


def test_a_registered_format_is_exported_by_the_command(scanned_store: Store, pages_format: str) -> None:
    stored = fetch(
        scanned_store.db, "SELECT DISTINCT d.sha256, f.page FROM findings f JOIN documents d ON d.id = f.document_id"
    )
    code, out = run_cli("export", pages_format, "--all", "--db", scanned_store.db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    assert sorted((r["sha256"], r["page"]) for r in rows) == sorted(map(tuple, stored))


def test_styles_and_names_are_checked_before_the_store_is_opened(pages_format: str, tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    code, _ = run_cli("export", pages_format, "--all", "-f", "csv", "--db", db)
    assert code == 2
    code, _ = run_cli("export", "no-such-format", "--all", "--db", db)
    assert code == 2
    assert not db.exists()
