"""Exports carry the evidence: FtM Notes with each finding's quote and context, and clear errors for bad output
paths. The store is built by `oversight scan` from the bundled samples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from followthemoney import model

from oversight.store.db import connect

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "documents"


def oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, cwd=ROOT, timeout=900
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export-evidence") / "o.db"
    scan = oversight("scan", str(SAMPLES), "--db", str(path), "--format", "json")
    assert scan.returncode == 0, scan.stderr
    return path


def test_every_finding_is_a_note_on_its_page_with_quote_and_context(db: Path) -> None:
    run = oversight("export", "ftm", "--all", "--db", str(db))
    assert run.returncode == 0, run.stderr
    entities = {e["id"]: e for e in map(json.loads, run.stdout.splitlines())}
    notes = [e for e in entities.values() if e["schema"] == "Note"]
    conn = connect(db)
    stored = conn.execute(
        "SELECT d.sha256, f.page, f.category, f.severity, f.rule, f.quote FROM findings f"
        " JOIN documents d ON d.id = f.document_id"
    ).fetchall()
    conn.close()
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
def test_out_must_be_a_file_not_a_folder(db: Path, tmp_path: Path, what: str) -> None:
    run = oversight("export", what, "--all", "--db", str(db), "-o", str(tmp_path))
    assert run.returncode == 2 and run.stdout == ""
    assert "folder" in run.stderr and "Traceback" not in run.stderr
