"""The report of the scanned dev corpus meets the issue's bar: a listed buyer is flagged on the index and in
index.json, and every document's most severe finding is its first card."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from oversight.report.view import severity_rank
from tests.fixtures import fetch

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report(corpus_store: str, corpus_dev: Path, labels: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = [str(corpus_dev / label["file"]) for label in labels]
    command = [sys.executable, "-m", "oversight", "scan", *files, "--db", corpus_store, "--format", "jsonl"]
    assert subprocess.run(command, capture_output=True, cwd=ROOT, timeout=900).returncode == 0
    out = tmp_path_factory.mktemp("corpus-report")
    command = [
        sys.executable,
        "-m",
        "oversight",
        "report",
        "--all",
        "--no-images",
        "-o",
        str(out),
        "--db",
        corpus_store,
    ]
    assert subprocess.run(command, capture_output=True, cwd=ROOT, timeout=900).returncode == 0
    return out


def test_documents_bought_by_a_listed_buyer_are_flagged(report: Path, corpus_store: str) -> None:
    listed_buyer_docs = {
        row[0]
        for row in fetch(
            corpus_store,
            "SELECT DISTINCT d.sha256 FROM entities e JOIN documents d ON d.id = e.document_id"
            " WHERE e.kind = 'buyer' AND e.listed = 1",
        )
    }
    assert listed_buyer_docs, "the dev corpus has documents bought by a listed buyer"
    index = json.loads((report / "index.json").read_text(encoding="utf-8"))
    flagged = {d["sha256"] for d in index["documents"] if d["buyer_listed"]}
    assert flagged == listed_buyer_docs
    tree = lxml.html.parse(str(report / "index.html"))
    rows = tree.xpath("//table[@id='documents']/tbody/tr")
    assert len(rows) == len(index["documents"])
    for row in rows:
        href = row.xpath(".//a/@href")[0]
        sha = next(d["sha256"] for d in index["documents"] if d["href"] == href)
        badges = row.xpath("./td[3]//span[contains(@class, 'listed')]")
        assert bool(badges) == (sha in listed_buyer_docs), href


def test_the_most_severe_finding_is_the_first_card(report: Path) -> None:
    checked = 0
    for path in (report / "documents").glob("*.json"):
        cards = [f for f in json.loads(path.read_text(encoding="utf-8"))["findings"] if "anchor" in f]
        if cards:
            assert severity_rank(cards[0]["severity"]) == min(severity_rank(c["severity"]) for c in cards), path
            checked += 1
    assert checked >= 10


def test_index_ranks_most_severe_documents_first(report: Path) -> None:
    index = json.loads((report / "index.json").read_text(encoding="utf-8"))
    ranks = [severity_rank(d["top_severity"]) if d["top_severity"] else 99 for d in index["triage"]]
    assert ranks == sorted(ranks)
