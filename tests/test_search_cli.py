"""`oversight search` as a person or a script runs it, on a store of dev-corpus documents."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from oversight.ingest.pipeline import ingest_paths
from oversight.store.db import open_store
from tests.fixtures import copy_into

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "doc006_zbgg.html",
    "doc024_jscs.pdf",
    "doc025_zbgg.pdf",
    "doc028_csb.xlsx",
    "doc029_zbjg.pdf",
    "doc037_zbjg.txt",
]


def cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", "search", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )


@pytest.fixture(scope="module")
def db(corpus_dev: Path, fresh_store: Callable[[str], str]) -> str:
    path = fresh_store("search_cli")
    conn = open_store(path)
    assert {r.status for r in ingest_paths(conn, path, [corpus_dev / name for name in FILES])} == {"new"}
    conn.close()
    return path


def test_json_output_quotes_raw_text_with_match_offsets(db: str) -> None:
    run = cli("維族", "--limit", "3", "--format", "json", db=db)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    conn = open_store(db)
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


def test_table_output_marks_matches_and_names_file_and_page(db: str) -> None:
    run = cli("海康", db=db)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    headings = [line for line in lines if line[:1].isdigit()]
    assert headings and all(line.split(". ", 1)[1].split()[0] in FILES for line in headings)
    assert len(headings) == len({line.split()[1] for line in headings})  # one heading per document
    assert any(line.strip().startswith("page ") for line in lines)
    assert "**海康**" in run.stdout and "matched in" in run.stderr


@pytest.mark.parametrize("args", [["，。"], ["维族", "--severity", "severe"]])
def test_bad_queries_and_filters_fail_with_one_line(db: str, args: list[str]) -> None:
    run = cli(*args, db=db)
    assert run.returncode == 2 and run.stdout == ""
    assert "Traceback" not in run.stderr and run.stderr.strip()


def test_batch_file_gives_one_row_per_line(db: str, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# vendors to look for\n海康\n\n不存在的词语\n，。\n", encoding="utf-8")
    run = cli("--batch", str(names), "--format", "json", db=db)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [(r["line"], r["query"]) for r in rows] == [(2, "海康"), (4, "不存在的词语"), (5, "，。")]
    assert rows[0]["documents"] > 0 and rows[0]["top"][0]["file"] in FILES
    assert rows[1]["documents"] == 0 and rows[1]["error"] is None and rows[2]["error"]
    table = cli("--batch", str(names), db=db)
    assert table.returncode == 0 and "海康" in table.stdout and "of 3 lines found" in table.stderr


def test_saved_search_runs_again_and_can_be_forgotten(db: str, new_store: str) -> None:
    store = copy_into(db, new_store)
    first = cli("维族", "--kind", "tender", "--save", "tenders", "--format", "json", db=store)
    assert first.returncode == 0, first.stderr
    again = cli("--saved", "tenders", "--format", "json", db=store)
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(first.stdout)
    assert all(row["kind"] == "tender" for row in json.loads(again.stdout))
    listed = json.loads(cli("--list-saved", "--format", "json", db=store).stdout)
    assert [(r["name"], r["query"], r["filters"]) for r in listed] == [("tenders", "维族", {"kinds": ["tender"]})]
    assert cli("--forget", "tenders", db=store).returncode == 0
    missing = cli("--saved", "tenders", db=store)
    assert missing.returncode == 2 and "no saved search" in missing.stderr


@pytest.mark.parametrize("args", [["维族", "-n", "0"], ["维族", "-n", "999999"], [], ["--batch", "/nonexistent/x.txt"]])
def test_limits_and_missing_inputs_fail_with_one_line(db: str, args: list[str]) -> None:
    run = cli(*args, db=db)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
