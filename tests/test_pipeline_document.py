"""The pipeline as a library call: a file through every stage without the store, stored in one transaction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from oversight.ingest.base import Options
from oversight.pipeline import Analysers, process_file
from oversight.store import results
from oversight.store.db import open_store
from oversight.store.rows import DocumentRow

ROOT = Path(__file__).resolve().parents[1]
NOTICE = (
    "采购人：乌鲁木齐市公安局\n采购清单及参考品牌：\n序号\t名称\t品牌\t规格型号\t数量\t单位\n"
    "1\tGPU加速卡\t英伟达\tTesla V100\t2\t台\n2\t网络摄像机\t\tDS-2CD2143G0-I\t100\t台\n"
    "技术要求：支持人脸识别比对，部署WiFi探针采集手机MAC地址。\n"
)
TABLES = ("documents", "document_names", "pages", "findings", "entities", "finding_entities")


def _counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def test_process_file_analyses_without_touching_the_store(store_target: str, notice: Path) -> None:
    conn = open_store(store_target)
    analysers = Analysers.from_store(conn)
    before = _counts(conn)
    result = process_file(str(notice), Options(), analysers)
    assert _counts(conn) == before
    assert result.media_type == "text/plain" and [p.number for p in result.pages] == [1]
    assert result.analysis is not None
    assert {f.category for f in result.analysis.findings} >= {"face-recognition", "phone-surveillance"}
    for f in result.analysis.findings:
        assert result.pages[0].raw_text[f.start : f.end] == f.quote
    kinds = {r.text: r.kind for r in result.analysis.entities.records}
    assert kinds["乌鲁木齐市公安局"] == "buyer"
    assert len(result.analysis.entities.findings) == 1  # a US chip in a document naming listed parties
    conn.close()


def _write(conn, result, name: str = "notice.txt", analysis=None):
    document = DocumentRow("cd" * 32, 1, result.media_type, name, name, None, result.pages)
    return results.write_document(conn, document, analysis if analysis is not None else result.analysis.rows())


def test_a_document_and_its_analysis_are_stored_together(store_target: str, notice: Path) -> None:
    conn = open_store(store_target)
    result = process_file(str(notice), Options(), Analysers.from_store(conn))
    rows = result.analysis.rows()
    at = next(i for i, stage in enumerate(rows) if stage.entities is not None)
    stage = rows[at]
    wrong = stage.linked[0]._replace(entities=((len(stage.entities or []) + 5, "chip"),))
    broken = [*rows[:at], stage._replace(linked=[wrong]), *rows[at + 1 :]]
    with pytest.raises(IndexError):
        _write(conn, result, analysis=broken)
    assert all(count == 0 for count in _counts(conn).values())  # nothing half-written

    document_id, new = _write(conn, result)
    counts = _counts(conn)
    assert new and counts["documents"] == 1 and counts["pages"] == 1
    assert counts["findings"] == sum(len(stage.findings) + len(stage.linked) for stage in rows)
    assert counts["entities"] == len(stage.entities or []) and counts["finding_entities"] >= 2

    again, new = _write(conn, result, name="copy.txt")  # the same bytes once more: only a new name
    assert (again, new) == (document_id, False)
    assert {**_counts(conn), "document_names": counts["document_names"]} == counts
    assert _counts(conn)["document_names"] == 2
    conn.close()


def test_two_scans_of_overlapping_folders_store_each_document_once(tmp_path: Path, store_target: str) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
    for i in range(12):  # files 4..7 are in both folders, under other names
        text = NOTICE + f"\n项目编号：XJ-{i:04d}\n"
        targets = [folders[0]] if i < 8 else [folders[1]]
        if 4 <= i < 8:
            targets.append(folders[1])
        for folder in targets:
            (folder / f"{folder.name}-{i}.txt").write_text(text, encoding="utf-8")
    db = store_target
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "oversight", "scan", str(folder), "--db", db, "-j", "1", "-f", "jsonl"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    conn = open_store(db)
    assert tuple(conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone()) == (12, 12)
    assert conn.execute("SELECT count(*) FROM document_names").fetchone()[0] == 16
    per_document = conn.execute(
        "SELECT count(*) FROM findings GROUP BY document_id, page, rule HAVING count(*) > 1"
    ).fetchall()
    assert per_document == []
    conn.close()
