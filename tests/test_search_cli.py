"""`oversight search` as a person or a script runs it, on a store of dev-corpus documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from oversight.ingest.pipeline import ingest_paths
from oversight.store.db import connect

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "doc006_zbgg.html",
    "doc024_jscs.pdf",
    "doc025_zbgg.pdf",
    "doc028_csb.xlsx",
    "doc029_zbjg.pdf",
    "doc037_zbjg.txt",
]


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", "search", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


@pytest.fixture(scope="module")
def db(corpus_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search-cli") / "o.db"
    conn = connect(path)
    assert {r.status for r in ingest_paths(conn, path, [corpus_dev / name for name in FILES])} == {"new"}
    conn.close()
    return path


def test_json_output_quotes_raw_text_with_match_offsets(db: Path) -> None:
    run = cli("維族", "--limit", "3", "--format", "json", db=db)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    conn = connect(db)
    for row in rows:
        assert row["file"] in FILES and len(row["sha256"]) == 64
        raw = conn.execute(
            "SELECT p.raw_text FROM pages p JOIN documents d ON d.id = p.document_id"
            " WHERE d.sha256 = ? AND p.number = ?",
            (row["sha256"], row["page"]),
        ).fetchone()[0]
        assert raw[row["snippet_start"] : row["snippet_start"] + len(row["snippet"])] == row["snippet"]
        assert [row["snippet"][s:e] for s, e in row["matches"]] and all(
            row["snippet"][s:e] == "维族" for s, e in row["matches"]
        )
    conn.close()


def test_table_output_marks_matches_and_names_file_and_page(db: Path) -> None:
    run = cli("海康", db=db)
    assert run.returncode == 0, run.stderr
    headings = [line for line in run.stdout.splitlines() if line[:1].isdigit()]
    assert headings and all(" page " in line and line.split(". ", 1)[1].split()[0] in FILES for line in headings)
    assert "**海康**" in run.stdout and "matched" in run.stderr


@pytest.mark.parametrize("args", [["，。"], ["维族", "--severity", "severe"]])
def test_bad_queries_and_filters_fail_with_one_line(db: Path, args: list[str]) -> None:
    run = cli(*args, db=db)
    assert run.returncode == 2 and run.stdout == ""
    assert "Traceback" not in run.stderr and run.stderr.strip()
