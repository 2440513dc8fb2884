"""Analysing stored documents: records quote the page, reruns are idempotent, the export-control finding names
the chip and the listed party, and `scan --format jsonl` prints entity lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from oversight.entities import Analysis, extract_document
from oversight.ingest.pipeline import ingest_paths
from oversight.pipeline.analyse import Analysers
from oversight.pipeline.scan import current
from oversight.store import pages
from oversight.store.db import connect, open_store

ROOT = Path(__file__).resolve().parents[1]

NOTICE = (
    "采购人：乌鲁木齐市公安局\n采购清单及参考品牌：\n序号\t名称\t品牌\t规格型号\t数量\t单位\n"
    "1\tGPU加速卡\t英伟达\tTesla V100\t2\t台\n2\t网络摄像机\t\tDS-2CD2143G0-I\t100\t台\n"
    "开户银行：华夏银行股份有限公司\n项目联系人：王先生\n"
)


def _store(tmp_path: Path, target: str, text: str, name: str = "notice.txt") -> tuple:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    conn = open_store(target)
    [result] = list(ingest_paths(conn, target, [path]))
    assert result.status == "new", result.error
    return conn, result.document_id


def analyse_document(conn, document_id: int) -> Analysis:
    return current(conn, document_id, Analysers.from_store(conn), force=False).entities


def _export_findings(conn, document_id: int) -> list:
    return conn.execute(
        "SELECT * FROM findings WHERE document_id = ? AND category = 'export-control'", (document_id,)
    ).fetchall()


def test_records_quote_the_page_and_reruns_change_nothing(tmp_path: Path, store_target: str) -> None:
    conn, document_id = _store(tmp_path, store_target, NOTICE)
    first = analyse_document(conn, document_id)
    raw = conn.execute("SELECT raw_text FROM pages WHERE document_id = ? AND number = 1", (document_id,)).fetchone()[0]
    rows = conn.execute(
        'SELECT text, "start", "end", kind, listed FROM entities WHERE document_id = ?', (document_id,)
    ).fetchall()
    assert rows and all(raw[r["start"] : r["end"]] == r["text"] for r in rows)
    kinds = {r["text"]: (r["kind"], bool(r["listed"])) for r in rows}
    assert kinds["乌鲁木齐市公安局"] == ("buyer", True)
    assert kinds["DS-2CD2143G0-I"] == ("vendor", True)  # empty brand cell: the model number names Hikvision
    assert kinds["英伟达"] == ("chip", False)
    assert kinds["华夏银行股份有限公司"] == ("other", False)
    assert not any("王" in text for text in kinds)

    second = analyse_document(conn, document_id)
    assert [r.text for r in second.records] == [r.text for r in first.records]
    count = conn.execute("SELECT count(*) FROM entities WHERE document_id = ?", (document_id,)).fetchone()[0]
    assert count == len(rows)
    assert len(_export_findings(conn, document_id)) == 1


def test_export_control_finding_names_chip_and_listed_party(tmp_path: Path, store_target: str) -> None:
    conn, document_id = _store(tmp_path, store_target, NOTICE)
    analysis = analyse_document(conn, document_id)
    [finding] = _export_findings(conn, document_id)
    raw = conn.execute(
        "SELECT raw_text FROM pages WHERE document_id = ? AND number = ?", (document_id, finding["page"])
    ).fetchone()[0]
    assert finding["severity"] == "high" and finding["quote"] == "英伟达"
    assert raw[finding["start"] : finding["end"]] == finding["quote"]
    assert "Tesla V100" in finding["context"]
    links = conn.execute(
        "SELECT e.kind, e.text, l.role FROM finding_entities l JOIN entities e ON e.id = l.entity_id"
        " WHERE l.finding_id = ?",
        (finding["id"],),
    ).fetchall()
    assert {(r["role"], r["text"]) for r in links} == {
        ("chip", "英伟达"),
        ("party", "乌鲁木齐市公安局"),
        ("party", "DS-2CD2143G0-I"),
    }
    [summary] = [f.summary for f in analysis.findings]
    assert "NVIDIA Tesla V100" in summary and "Urumqi Municipal Public Security Bureau" in summary


def test_names_in_running_text_take_the_role_their_label_gives(tmp_path: Path, store_target: str) -> None:
    conn, document_id = _store(
        tmp_path, store_target, "潜在投标人应在蒲荻诚和工程咨询有限公司获取招标文件。\n户名：蒲荻诚和工程咨询有限公司\n"
    )
    mentions = extract_document(pages.texts(conn, document_id))
    assert [(m.kind, m.source) for m in mentions] == [("other", "suffix:有限公司"), ("other", "field:户名")]


@pytest.mark.parametrize(
    "text",
    [
        NOTICE.replace("乌鲁木齐市公安局", "东湖县公安局").replace("DS-2CD2143G0-I", "C10KS"),  # no listed party
        NOTICE.replace("英伟达\tTesla V100", "华为\tAtlas 300I"),  # listed parties, but the accelerator is Chinese
    ],
)
def test_no_export_control_finding_without_both_sides(tmp_path: Path, store_target: str, text: str) -> None:
    conn, document_id = _store(tmp_path, store_target, text)
    analysis = analyse_document(conn, document_id)
    assert analysis.findings == [] and _export_findings(conn, document_id) == []


def test_scan_jsonl_prints_entity_lines(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "oversight", "scan", str(path), "--db", str(tmp_path / "o.db"), "--format", "jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    entities = [line for line in lines if line["type"] == "entity"]
    assert {e["kind"] for e in entities} == {"vendor", "chip", "buyer"}
    for e in entities:
        assert {"file", "page", "kind", "text", "name", "listed", "lists", "score", "via"} <= set(e)
        assert e["file"] == str(path)
    buyer = next(e for e in entities if e["kind"] == "buyer")
    assert buyer["listed"] and buyer["lists"] and buyer["score"] > 0.8 and buyer["via"]
    [finding] = [line for line in lines if line["type"] == "finding" and line["category"] == "export-control"]
    assert finding["chip"]["maker"] == "NVIDIA" and {p["kind"] for p in finding["parties"]} == {"buyer", "vendor"}
