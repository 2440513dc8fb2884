"""Small CLI promises: `oversight --version`, and `report --out` refusing a file where it writes a folder."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def oversight(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_version_prints_the_package_version() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    run = oversight("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"oversight {declared}"


@pytest.mark.parametrize("name", ["report.html", "existing"])
def test_report_out_must_be_a_folder(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    if name == "existing":
        target.write_text("not a folder", encoding="utf-8")
    run = oversight("report", "--all", "--out", str(target), "--db", str(tmp_path / "o.db"))
    assert run.returncode == 2 and run.stdout == ""
    assert "--out takes a folder" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "o.db").exists()  # refused before any store is opened
