"""What a notice states about itself: labelled buyer, supplier, project number, dates, amounts and kind, as written
and as stored at scan time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oversight.entities.notice import extract, version
from oversight.ingest.pipeline import ingest_paths
from oversight.report.gather import document_ids, documents
from oversight.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]


def test_labels_in_simplified_traditional_and_full_width_forms() -> None:
    meta = extract(
        [
            (
                1,
                "西岚市智慧安防项目中標公告\r\n項目編號：XL-2024-08\r\n採購人名稱：西岚市公安局\r\n"
                "中标（成交）金额：1,200.50万元（人民币）\r\n公告日期：2024年3月5日",
            )
        ]
    )
    assert meta.title == "西岚市智慧安防项目中標公告" and meta.is_award
    assert meta.project_number.text == "XL-2024-08" and meta.project_number.label == "項目編號"
    assert meta.buyer.text == "西岚市公安局" and meta.region == "西岚市"
    [amount] = meta.amounts
    assert amount.text == "1,200.50万元（人民币）" and amount.value == 12_005_000
    assert [(d.label, d.value) for d in meta.dates] == [("公告日期", "2024-03-05")]


def test_table_rows_english_labels_and_what_is_not_a_label() -> None:
    meta = extract(
        [
            (
                1,
                "Technical Specification\nPrepared for the purchaser (采购人): 青山区教育局\n"
                "Version V3.7 2020-03-19\n为采购人技术人员提供培训\n",
            ),
            (2, "预算金额（元）\t4,650,000.00\n最高限价\t3亿元\n编制日期\t2020年08月24日"),
        ]
    )
    assert meta.buyer.text == "青山区教育局" and meta.buyer.page == 1 and not meta.is_award
    assert [(a.label, a.value, a.page) for a in meta.amounts] == [("预算金额", 4_650_000, 2), ("最高限价", 3e8, 2)]
    assert meta.date == "2020-08-24"  # the first labelled date wins over an unlabelled earlier one
    assert meta.supplier is None and meta.project_number is None


def test_unlabelled_amount_without_currency_has_no_value() -> None:
    meta = extract([(1, "Budget: 1,250,000 units of work\n")])
    [amount] = meta.amounts
    assert amount.text == "1,250,000" and amount.value is None


def test_corpus_award_notices_state_buyer_supplier_and_amount(
    store_target: str, corpus_dev: Path, labels: list[dict]
) -> None:
    awards = [r["file"] for r in labels if r["doc_type"] == "award" and r["format"] in ("html", "txt", "docx")]
    db = store_target
    conn = open_store(db)
    list(ingest_paths(conn, db, [corpus_dev / name for name in awards]))
    records = list(documents(conn, document_ids(conn)))
    assert len(records) == len(awards) > 3
    for record in records:
        meta = record.meta
        assert meta.is_award, record.name
        assert meta.buyer and meta.supplier and meta.project_number, record.name
        assert meta.amounts and meta.amounts[0].value > 0, record.name
        label = next(r for r in labels if r["file"] == record.name)
        buyers = [e["text"] for e in label["entities"] if e["kind"] == "buyer"]
        assert not buyers or meta.buyer.text in buyers, record.name


_KIND_OF_LABEL = {
    "award": "award",
    "tender": "tender",
    "tech-params": "specification",
    "param-workbook": "specification",
    "spec-sheet": "specification",
    "test-report": "test-report",
}


def test_every_dev_document_gets_its_labelled_kind_and_a_date(corpus_store: str, labels: list[dict]) -> None:
    conn = open_store(corpus_store)
    kinds, dated = {}, 0
    for record in documents(conn, document_ids(conn)):
        kinds[record.name] = record.meta.kind
        dated += record.meta.date is not None
    conn.close()
    expected = {r["file"]: _KIND_OF_LABEL[r["doc_type"]] for r in labels}
    assert kinds == expected
    assert dated >= len(labels) - 2


def test_scan_stores_the_notice_once(store_target: str, corpus_dev: Path) -> None:
    db = store_target
    files = [str(corpus_dev / name) for name in ("doc037_zbjg.txt", "doc027_zbgg.txt")]
    run = subprocess.run(
        [sys.executable, "-m", "oversight", "scan", *files, "--db", db, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    conn = open_store(db)
    rows = conn.execute("SELECT kind, document_date, version, extracted_at FROM notices ORDER BY kind").fetchall()
    assert [r["kind"] for r in rows] == ["award", "tender"]
    assert all(r["document_date"] and r["version"] == version() for r in rows)
    stamps = [r["extracted_at"] for r in rows]
    list(documents(conn, document_ids(conn)))  # a report reads the stored notice: no second extraction
    assert [r[0] for r in conn.execute("SELECT extracted_at FROM notices ORDER BY kind")] == stamps
    conn.close()
