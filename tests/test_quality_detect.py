"""`oversight scan` scored against the dev corpus labels, per category.

A label is found when a finding of its category is on its file and page. A finding on a file and page with no
label of its category (the label's category or one of its `also` categories) is a false positive. Labelled
negatives must not raise their category. Floors: ethnicity, religion and detention 0.95 precision and recall;
every other category 0.9.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from oversight.detect import load
from oversight.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]
CRITICAL = {"ethnicity", "religion", "detention"}


@pytest.fixture(scope="module")
def scanned(corpus_store: str, corpus_dev: Path, labels: list[dict]) -> list[dict]:
    files = [str(corpus_dev / label["file"]) for label in labels]
    run = subprocess.run(
        [sys.executable, "-m", "oversight", "scan", *files, "--db", corpus_store, "--format", "jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def _predicted(records: list[dict]) -> set[tuple[str, int, str]]:
    """(file name, page, category) of the taxonomy's findings (other stages add categories of their own)."""
    ours = load().categories
    return {
        (Path(r["file"]).name, r["page"], r["category"])
        for r in records
        if r["type"] == "finding" and r["category"] in ours
    }


def _score(records: list[dict], labels: list[dict]) -> dict[str, tuple[float, float, Counter]]:
    predicted = _predicted(records)
    expected, allowed = set(), set()
    for label in labels:
        for finding in label["findings"]:
            key = (label["file"], finding["page"])
            expected.add((*key, finding["category"]))
            allowed.update((*key, c) for c in [finding["category"], *finding.get("also", [])])
    counts: Counter = Counter()
    for _, _, category in expected:
        counts[category, "labels"] += 1
    for item in expected & predicted:
        counts[item[2], "found"] += 1
    for item in predicted:
        counts[item[2], "true" if item in expected else "false" if item not in allowed else "also"] += 1
    scores = {}
    for category in {c for c, _ in counts}:
        true, false = counts[category, "true"], counts[category, "false"]
        precision = true / (true + false) if true + false else 1.0
        recall = counts[category, "found"] / counts[category, "labels"] if counts[category, "labels"] else 1.0
        scores[category] = (precision, recall, counts)
    return scores


def test_precision_and_recall_per_category(scanned: list[dict], labels: list[dict]) -> None:
    scores = _score(scanned, labels)
    report = {c: (round(p, 3), round(r, 3)) for c, (p, r, _) in sorted(scores.items())}
    assert sorted(scores) == sorted(load().categories), report
    for category, (precision, recall, _) in scores.items():
        floor = 0.95 if category in CRITICAL else 0.9
        assert precision >= floor and recall >= floor, (category, report)


def test_labelled_negatives_stay_quiet(scanned: list[dict], labels: list[dict]) -> None:
    predicted = _predicted(scanned)
    raised = [
        (label["file"], n["page"], n["not"], n["text"])
        for label in labels
        for n in label["negatives"]
        if (label["file"], n["page"], n["not"]) in predicted
    ]
    assert not raised


def test_quotes_are_the_stored_raw_text(scanned: list[dict], corpus_store: str) -> None:
    conn = open_store(corpus_store)
    for r in (r for r in scanned if r["type"] == "finding" and r["category"] in load().categories):
        raw = conn.execute(
            "SELECT p.raw_text FROM pages p JOIN documents d ON d.id = p.document_id"
            " WHERE d.sha256 = ? AND p.number = ?",
            (r["sha256"], r["page"]),
        ).fetchone()[0]
        assert raw[r["start"] : r["end"]] == r["quote"] and r["quote"] in r["context"]
    conn.close()
