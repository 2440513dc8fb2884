"""Exports carry the evidence and the review: FtM Notes with each finding's quote and context, review state and
notes in every format, rejected findings and parties left out unless asked for, and clear errors for bad output
paths. The store is built by `oversight scan` from the bundled samples; decisions are stored by the review store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from followthemoney import model

from oversight.store import review
from oversight.store.db import open_store
from oversight.store.review import finding_key
from tests.fixtures import copy_into, fetch

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "documents"


def oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, cwd=ROOT, timeout=900
    )


@pytest.fixture(scope="module")
def db(fresh_store: Callable[[str], str]) -> str:
    path = fresh_store("export_evidence")
    scan = oversight("scan", str(SAMPLES), "--db", path, "--format", "json")
    assert scan.returncode == 0, scan.stderr
    return path


def test_every_finding_is_a_note_on_its_page_with_quote_and_context(db: str) -> None:
    run = oversight("export", "ftm", "--all", "--db", str(db))
    assert run.returncode == 0, run.stderr
    entities = {e["id"]: e for e in map(json.loads, run.stdout.splitlines())}
    notes = [e for e in entities.values() if e["schema"] == "Note"]
    stored = fetch(
        db,
        "SELECT d.sha256, f.page, f.category, f.severity, f.rule, f.quote FROM findings f"
        " JOIN documents d ON d.id = f.document_id",
    )
    assert stored and len(notes) == len(stored)
    assert sorted(n["properties"]["summary"][0] for n in notes) == sorted(r["quote"] for r in stored)
    for note in notes:
        model.get_proxy(note).schema.validate(note)
        props = note["properties"]
        about, proof = entities[props["entity"][0]], entities[props["proof"][0]]
        assert model.get(proof["schema"]).is_a("Document")
        quote = props["summary"][0]
        assert f"«{quote}»" in props["description"][0]
        if about["schema"] == "Page":  # paged documents: the note sits on the page the quote is on
            assert about["properties"]["document"] == [proof["id"]]
            assert quote in about["properties"]["bodyText"][0]
            assert f"page {about['properties']['index'][0]}" in props["name"][0]
        else:
            assert about["id"] == proof["id"]
        category, severity = props["name"][0].split(" (")[0], props["name"][0].split("(")[1].split(")")[0]
        assert {category, severity} <= set(props["keywords"])


@pytest.mark.parametrize("what", ["findings", "ftm"])
def test_out_must_be_a_file_not_a_folder(db: str, tmp_path: Path, what: str) -> None:
    run = oversight("export", what, "--all", "--db", str(db), "-o", str(tmp_path))
    assert run.returncode == 2 and run.stdout == ""
    assert "folder" in run.stderr and "Traceback" not in run.stderr


def _findings(db: str) -> list:
    return fetch(
        db,
        "SELECT d.sha256, f.page, f.rule, f.quote FROM findings f JOIN documents d ON d.id = f.document_id"
        " ORDER BY d.sha256, f.page, f.rule",
    )


@pytest.fixture
def reviewed(db: str, fresh_store: Callable[[str], str]) -> tuple[str, str, str, str]:
    """A copy of the store with one finding confirmed (with a note), one rejected and one party rejected."""
    copy = copy_into(db, fresh_store("reviewed"))
    conn = open_store(copy)
    first, second = _findings(copy)[:2]
    confirmed = finding_key(first["sha256"], first["page"], first["rule"])
    rejected = finding_key(second["sha256"], second["page"], second["rule"])
    review.decide(
        conn,
        "finding",
        confirmed,
        "confirmed",
        "seen <b>in</b> the tender",
        actor="ana",
        seen_version=0,
        quote=first["quote"],
    )
    review.decide(
        conn, "finding", rejected, "rejected", "a benign mention", actor="ben", seen_version=0, quote=second["quote"]
    )
    party = conn.execute("SELECT name FROM entities ORDER BY id LIMIT 1").fetchone()[0]
    review.decide(conn, "party", party, "rejected", "not a party", actor="ana", seen_version=0)
    review.set_tag(conn, first["sha256"], "priority", True, actor="ana")
    conn.close()
    return copy, confirmed, rejected, party


def _key(row: dict) -> str:
    return finding_key(row["sha256"], int(row["page"]), row["rule"])


def test_csv_and_jsonl_carry_review_and_leave_out_rejected(reviewed: tuple[str, str, str, str], tmp_path: Path) -> None:
    copy, confirmed, rejected, party = reviewed
    total = len(_findings(copy))
    run = oversight("export", "findings", "--all", "-f", "csv", "-o", str(tmp_path / "f.csv"), "--db", str(copy))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"))))
    by_key = {_key(r): r for r in rows}
    assert len(rows) == total - 1 and rejected not in by_key and "left out by review" in run.stderr
    mark = by_key[confirmed]
    assert (mark["review_state"], mark["review_note"], mark["reviewed_by"]) == (
        "confirmed",
        "seen <b>in</b> the tender",
        "ana",
    )
    assert mark["tags"] == "priority" and mark["starred"] == "False"
    assert {r["review_state"] for k, r in by_key.items() if k != confirmed} == {"unreviewed"}
    every = [
        json.loads(line)
        for line in oversight("export", "findings", "--all", "--review", "all", "--db", str(copy)).stdout.splitlines()
    ]
    assert len(every) == total and {_key(r): r["review_state"] for r in every}[rejected] == "rejected"
    only = [
        json.loads(line)
        for line in oversight(
            "export", "findings", "--all", "--review", "confirmed", "--db", str(copy)
        ).stdout.splitlines()
    ]
    assert [_key(r) for r in only] == [confirmed]
    entities = [
        json.loads(line) for line in oversight("export", "entities", "--all", "--db", str(copy)).stdout.splitlines()
    ]
    assert entities and party not in {e["name"] for e in entities}


def test_ftm_notes_carry_review_and_rejected_findings_stay_out(reviewed: tuple[str, str, str, str]) -> None:
    copy, _, _, party = reviewed
    run = oversight("export", "ftm", "--all", "--db", str(copy))
    assert run.returncode == 0, run.stderr
    entities = [json.loads(line) for line in run.stdout.splitlines()]
    notes = [e for e in entities if e["schema"] == "Note"]
    assert len(notes) == len(_findings(copy)) - 1
    reviewed_notes = [n for n in notes if "review:confirmed" in n["properties"]["keywords"]]
    assert len(reviewed_notes) == 1
    [line] = reviewed_notes[0]["properties"]["notes"]
    assert line.startswith("review: confirmed by ana") and line.endswith("seen <b>in</b> the tender")
    assert not [n for n in notes if "review:rejected" in n["properties"]["keywords"]]
    [(kept,)] = fetch(copy, "SELECT count(*) FROM entities WHERE name <> ?", (party,))
    assert len([e for e in entities if e["schema"] == "Mention"]) == kept
