"""`oversight scan` and `oversight rescan` as a person or a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from oversight.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args, "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "OVERSIGHT_BLOBS": os.environ["OVERSIGHT_BLOBS"]},
    )


def _files(tmp_path: Path) -> list[Path]:
    notice = tmp_path / "notice.txt"
    notice.write_text("采购需求：\n1．支持維族人員實時預警功能\n2．人脸抓拍机 40 台\n3．UPS 电源\n", encoding="gb18030")
    page = tmp_path / "award.html"
    page.write_text(
        "<html><body><p>同期采购的县民族中学食堂设备采购项目另行公告。</p><p>WiFi探针采集手机MAC地址</p></body></html>",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a pdf")
    return [notice, page, broken]


def test_scan_reports_findings_and_errors_as_json_lines(tmp_path: Path, new_store: str) -> None:
    db = new_store
    files = _files(tmp_path)
    run = cli("scan", *map(str, files), "--format", "jsonl", db=db)
    assert run.returncode == 3, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    [error] = [r for r in records if r["type"] == "error"]
    assert error["file"] == str(files[2]) and error["error"]
    found = [r for r in records if r["type"] == "finding"]
    assert {(Path(r["file"]).name, r["page"], r["category"], r["severity"]) for r in found} == {
        ("notice.txt", 1, "ethnicity", "critical"),
        ("notice.txt", 1, "face-recognition", "medium"),
        ("award.html", 1, "phone-surveillance", "high"),
    }
    conn = open_store(db)
    for r in found:
        raw = conn.execute(
            "SELECT p.raw_text FROM pages p JOIN documents d ON d.id = p.document_id"
            " WHERE d.sha256 = ? AND p.number = ?",
            (r["sha256"], r["page"]),
        ).fetchone()[0]
        assert raw[r["start"] : r["end"]] == r["quote"] and r["rule"].startswith(r["category"] + "/")
    assert "維族人員實時預警" in {r["quote"] for r in found}


def _sorted(output: str) -> list[dict]:
    """Records in a stable order (parallel ingest stores files in the order they finish)."""
    return sorted(json.loads(output), key=lambda r: json.dumps(r, sort_keys=True))


def test_scan_again_and_after_a_taxonomy_change(tmp_path: Path, new_store: str) -> None:
    db = new_store
    files = [str(f) for f in _files(tmp_path)[:2]]
    first = cli("scan", *files, "--format", "json", db=db)
    assert first.returncode == 0, first.stderr
    conn = open_store(db)
    conn.execute("UPDATE findings SET taxonomy_version = 'old', quote = 'stale'")
    conn.execute("UPDATE analyser_runs SET version = 'old' WHERE analyser = 'capabilities'")
    assert _sorted(cli("rescan", "--format", "json", db=db).stdout) == _sorted(first.stdout)
    assert json.loads(cli("rescan", "--format", "json", db=db).stdout) == []
    conn.execute("UPDATE analyser_runs SET version = 'old' WHERE analyser = 'capabilities'")
    again = cli("scan", *files, "--format", "json", db=db)
    assert _sorted(again.stdout) == _sorted(first.stdout)
    assert {v for (v,) in conn.execute("SELECT DISTINCT taxonomy_version FROM findings")} != {"old"}
    assert len(json.loads(cli("rescan", "--all", "--format", "json", db=db).stdout)) == len(json.loads(first.stdout))
    conn.close()


def test_table_for_people(tmp_path: Path, new_store: str) -> None:
    run = cli("scan", *map(str, _files(tmp_path)), "-v", db=new_store)
    assert run.returncode == 3
    assert "notice.txt" in run.stdout and "critical" in run.stdout and "維族人員實時預警" in run.stdout
    lines = run.stdout.strip().splitlines()
    assert "2 documents scanned: 2 new, 0 already stored, 1 failed" in lines
    assert "Findings: 1 critical, 1 high, 1 medium (3 in 2 documents)" in lines
    assert lines[-1].startswith("Next: oversight report")
    assert "broken.pdf" in run.stderr and "Traceback" not in run.stderr
    summary = cli("scan", *map(str, _files(tmp_path)), db=new_store)  # a second run: no tables
    assert "維族人員實時預警" not in summary.stdout
    assert "0 new, 2 already stored, 1 failed" in summary.stdout.splitlines()[0]
    assert "Documents to read first:" in summary.stdout and "--all or -v" in summary.stdout
