"""Analysers are plugins: one added to ANALYSERS runs in every scan, its findings and version stamp are stored with
the others in the document's transaction, and a rescan runs again only the analysers whose stamp is stale."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oversight.detect import Finding
from oversight.pipeline.analyse import ANALYSERS, Part
from oversight.pipeline.rows import finding_from_row
from oversight.pipeline.scan import rescan, scan_paths
from oversight.store import analyses
from oversight.store import findings as stored_findings
from oversight.store.db import Connection, open_store

MARK = "抽检"  # the toy analyser's word: it marks every page that names a spot check
CATEGORY = "spot-check"


@dataclass(frozen=True)
class SpotChecks:
    """A minimal analyser of its own category, as a plugin would write one."""

    version: str

    def analyse(self, pages: list[tuple[int, str]], document_id: int) -> Part:
        found = [
            Finding(document_id, n, CATEGORY, "low", "mark", MARK, at, at + len(MARK), text, self.version)
            for n, text in pages
            if (at := text.find(MARK)) >= 0
        ]
        return Part(found, (CATEGORY,))

    def stored(self, conn: Connection, document_id: int) -> Part:
        rows = stored_findings.stored(conn, document_id, (CATEGORY,))
        return Part([finding_from_row(document_id, row) for row in rows], (CATEGORY,))


VERSION = {"now": "1"}


def build(conn: Connection) -> SpotChecks:
    return SpotChecks(VERSION["now"])


@pytest.fixture
def plugged() -> Iterator[None]:
    ANALYSERS.add("spot-checks", f"{__name__}:build")
    yield
    ANALYSERS.remove("spot-checks")


def _scan(tmp_path: Path, target: str) -> tuple[Connection, list[dict[str, object]]]:
    notice = tmp_path / "notice.txt"
    notice.write_text(f"采购需求：人脸识别服务器 2 台\n验收前由采购人{MARK}设备。\n", encoding="utf-8")
    conn = open_store(target)
    [scanned] = list(scan_paths(conn, target, [notice]))
    return conn, scanned.records


def test_an_added_analyser_runs_in_every_scan_and_is_stamped(tmp_path: Path, store_target: str, plugged: None) -> None:
    conn, records = _scan(tmp_path, store_target)
    marks = [r for r in records if r.get("category") == CATEGORY]
    assert [(r["page"], r["quote"]) for r in marks] == [(1, MARK)]
    assert any(r.get("category") == "face-recognition" for r in records)  # the shipped analysers ran too
    assert set(analyses.versions(conn, 1)) == {analyses.CAPABILITIES, analyses.PARTIES, "spot-checks"}
    stored = conn.execute("SELECT quote FROM findings WHERE category = ?", (CATEGORY,)).fetchall()
    assert [row[0] for row in stored] == [MARK]


def test_a_rescan_runs_again_only_the_stale_analyser(tmp_path: Path, store_target: str, plugged: None) -> None:
    conn, first = _scan(tmp_path, store_target)
    others = "SELECT id FROM findings WHERE category != ? UNION ALL SELECT -id FROM entities"
    kept = {row[0] for row in conn.execute(others, (CATEGORY,))}
    assert list(rescan(conn)) == []  # nothing is stale
    VERSION["now"] = "2"
    try:
        [again] = list(rescan(conn))
    finally:
        VERSION["now"] = "1"
    assert sorted(json.dumps(r, sort_keys=True) for r in again) == sorted(json.dumps(r, sort_keys=True) for r in first)
    assert analyses.versions(conn, 1)["spot-checks"] == "2"
    # The other analysers' rows were read back, not replaced (replacing gives new ids).
    assert {row[0] for row in conn.execute(others, (CATEGORY,))} == kept
    versions = conn.execute("SELECT taxonomy_version FROM findings WHERE category = ?", (CATEGORY,)).fetchall()
    assert [row[0] for row in versions] == ["2"]


def test_an_analyser_registered_twice_is_refused(plugged: None) -> None:
    with pytest.raises(ValueError, match="registered twice"):
        ANALYSERS.add("spot-checks", f"{__name__}:build")
