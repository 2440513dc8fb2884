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


# What `oversight --help` must not load: the matchers, the screening stack and the search engine take ~1 s to
# import together, and a person asking for help should not wait for them (issue bar: --help under 0.5 s).
_HEAVY = (
    "numpy",
    "rigour",
    "normality",
    "jinja2",
    "pypdfium2",
    "PIL",
    "followthemoney",
    "oversight.detect.matcher",
    "oversight.entities.extract",
    "oversight.screen.screener",
    "oversight.search.engine",
    "oversight.pipeline.analyse",
)


def test_help_loads_no_command_libraries() -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['oversight', '--help']\n"
        "try:\n"
        "    runpy.run_module('oversight', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('loaded=' + ','.join(m for m in {_HEAVY!r} if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Commands" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "loaded="


@pytest.mark.parametrize("command", ["scan", "search", "screen", "lists", "export", "serve"])
def test_command_help_still_works(command: str) -> None:
    run = oversight(command, "--help")
    assert run.returncode == 0 and "Usage" in run.stdout and "Traceback" not in run.stderr
