"""Hostile inputs (issue 14): each fast probe of tests/probes.py runs the real CLI and must show no problem.

A probe checks the exit code, the error line, that no traceback is printed, that nothing hangs, that the store
passes integrity_check, and the peak RSS of the main process and its workers measured from outside.
SQLite only: the probes damage, lock and limit the store file and the blob folder beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import judge
from tests.probes import PROBES

FAST = [probe for probe in PROBES if not probe.slow]


@pytest.mark.parametrize("probe", FAST, ids=[probe.name for probe in FAST])
def test_probe(probe, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = judge(probe, tmp_path)
    assert outcome.problems == []
