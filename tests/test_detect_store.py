"""Detection through the pipeline on a real SQLite store: findings per page and rule, raw quotes, re-scan on a
new taxonomy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oversight.detect import Finding, Taxonomy, load
from oversight.detect.taxonomy import default_dir
from oversight.ingest.base import Page
from oversight.pipeline.analyse import Analysers
from oversight.pipeline.capabilities import Capabilities
from oversight.pipeline.pages import page_row
from oversight.pipeline.rows import finding_from_row
from oversight.pipeline.scan import current
from oversight.store import analyses, documents
from oversight.store import findings as stored_findings
from oversight.store.analyses import CAPABILITIES
from oversight.store.db import open_store
from oversight.store.rows import DocumentRow

PAGES = [
    "采购需求：\n1．人脸识别服务器 2 台\n2．支持维族人员实时预警功能\n3．人脸抓拍机 40 台",
    "县民族中学食堂设备采购项目另行公告。\n技术要求：WiFi探针采集手机MAC地址",
    "无相关内容",
]


def _insert(conn, pages: list[str]) -> int:
    rows = [page_row(Page(i, text, "txt")) for i, text in enumerate(pages, 1)]
    return documents.insert_row(conn, DocumentRow("ab" * 32, 1, "text/plain", "t.txt", "t.txt", None, rows))


def scan_document(conn, document_id: int, taxonomy: Taxonomy | None = None) -> list[Finding]:
    analysers = Analysers.from_store(conn)
    if taxonomy is not None:
        analysers = Analysers({**analysers.stages, CAPABILITIES: Capabilities(taxonomy)})
    return current(conn, document_id, analysers, force=False).findings


class findings:
    """The store's findings read back as the detect stage's objects."""

    @staticmethod
    def stored(conn, document_id: int, categories) -> list[Finding]:
        return [finding_from_row(document_id, row) for row in stored_findings.stored(conn, document_id, categories)]

    @staticmethod
    def stale(conn, version: str) -> list[int]:
        return analyses.stale(conn, {CAPABILITIES: version})


@pytest.fixture
def store(store_target: str):
    conn = open_store(store_target)
    yield conn, _insert(conn, PAGES)
    conn.close()


def test_findings_are_stored_per_page_and_rule(store) -> None:
    conn, document_id = store
    found = scan_document(conn, document_id)
    assert {(f.page, f.category) for f in found} == {
        (1, "face-recognition"),
        (1, "ethnicity"),
        (2, "phone-surveillance"),
    }
    assert len({(f.page, f.rule) for f in found}) == len(found)
    for f in found:
        assert PAGES[f.page - 1][f.start : f.end] == f.quote and f.taxonomy_version == load().version
    assert findings.stored(conn, document_id, load().categories) == sorted(found, key=lambda f: (f.page, f.start))


def test_current_findings_are_not_recomputed(store) -> None:
    conn, document_id = store
    scan_document(conn, document_id)
    stamp = conn.execute("SELECT analysed_at FROM analyser_runs WHERE analyser = ?", (CAPABILITIES,)).fetchone()[0]
    again = scan_document(conn, document_id)
    assert (
        conn.execute("SELECT analysed_at FROM analyser_runs WHERE analyser = ?", (CAPABILITIES,)).fetchone()[0] == stamp
    )
    assert again == findings.stored(conn, document_id, load().categories)
    assert findings.stale(conn, load().version) == []


def test_a_changed_taxonomy_rescans(store, tmp_path: Path) -> None:
    conn, document_id = store
    scan_document(conn, document_id)
    changed = tmp_path / "taxonomy"
    shutil.copytree(default_dir(), changed)
    meta = changed / "taxonomy.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('version: "', 'version: "9.'), encoding="utf-8")
    newer = load(changed)
    assert findings.stale(conn, newer.version) == [document_id]
    rescanned = scan_document(conn, document_id, newer)
    assert {f.taxonomy_version for f in findings.stored(conn, document_id, load().categories)} == {newer.version}
    assert len(rescanned) == len(findings.stored(conn, document_id, load().categories))


def test_findings_go_with_their_document(store) -> None:
    conn, document_id = store
    scan_document(conn, document_id)
    conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    assert conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM analyser_runs").fetchone()[0] == 0


def test_a_finding_inside_another_of_its_category_is_not_stored(store_target: str) -> None:
    conn = open_store(store_target)
    page = "前端设备：少数民族人脸属性识别；出入口人脸属性抓拍"
    document_id = _insert(conn, [page])
    scan_document(conn, document_id)
    stored = findings.stored(conn, document_id, load().categories)
    conn.close()
    assert [f.quote for f in stored if f.category == "ethnicity"] == ["少数民族人脸属性识别"]
    assert "face-recognition" in {f.category for f in stored}
    for f in stored:
        assert not any(
            o is not f and o.category == f.category and o.start <= f.start and f.end <= o.end for o in stored
        )
