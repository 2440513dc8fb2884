"""Compiled screening modules (oversight.native): the same answers as the Python sources, and never a stale build.

scripts/install.sh compiles them; where no build exists for these sources, the comparison test skips and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from oversight import native

ROOT = Path(__file__).resolve().parents[1]
NAME_BENCH = ROOT.parent / "shared" / "data" / "peer-suites" / "nomenklatura-name-bench" / "cases.csv"
EXT = str(sysconfig.get_config_var("EXT_SUFFIX"))

# Screens every pair of a slice of nomenklatura's name_bench (Latin, Cyrillic, Arabic, Chinese names of people
# and companies), plus whole-list screening of each query, and prints the scores as JSON.
_SCRIPT = """
import csv, json, sys
import oversight.screen.align as align
from oversight.screen.loaders import curated
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList
from oversight.screen.screener import Screener
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[: int(sys.argv[2])]
entries = [Entry(key=str(i), schema=r["schema"], name=r["name2"], names=[Name(r["name2"])],
                 listings=[Listing(list="bench")]) for i, r in enumerate(rows)]
screener = Screener([curated.parse(curated.builtin_path()), ParsedList(name="bench", format="bench", entries=entries)])
pairs = []
for i, r in enumerate(rows):
    found = screener.compare(r["name1"], "bench:" + str(i))
    pairs.append(None if found is None else [found.score, found.via])
screens = [[(m.entity_id, m.score) for m in screener.screen(r["name1"], limit=5)] for r in rows]
print(json.dumps({"file": align.__file__, "pairs": pairs, "screens": screens}))
"""


def _screen(env: dict[str, str], count: int = 300, cwd: Path = ROOT) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(NAME_BENCH), str(count)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _probe(package_root: Path) -> dict[str, object]:
    """What a process importing the oversight package under `package_root` uses."""
    code = (
        "import json, oversight.native as n, oversight.screen.align as a; "
        "print(json.dumps({'key': n.key(), 'active': str(n.active() or ''), 'file': a.__file__}))"
    )
    env = os.environ | {"PYTHONPATH": str(package_root)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=package_root, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _built() -> bool:
    """Whether a compiled build exists for these sources (scripts/install.sh makes one)."""
    return (native.folder() / native.key()).is_dir()


def test_compiled_modules_answer_exactly_as_the_sources() -> None:
    if not _built():
        pytest.skip("no compiled build for these sources (python3 -m oversight.native build)")
    compiled = _screen(os.environ | {"OVERSIGHT_NATIVE": "1"})
    plain = _screen(os.environ | {"OVERSIGHT_NATIVE": "0"})
    assert str(compiled["file"]).endswith(EXT) and str(plain["file"]).endswith(".py")
    assert sum(1 for p in compiled["pairs"] if p) > 100  # type: ignore[attr-defined]
    assert compiled["pairs"] == plain["pairs"]
    assert compiled["screens"] == plain["screens"]


def test_an_edited_source_is_never_shadowed_by_a_stale_build(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "oversight", copy / "oversight", ignore=shutil.ignore_patterns("__pycache__"))
    same = _probe(copy)
    assert same["key"] == native.key()
    built = _built() and native.enabled()
    assert str(same["file"]).endswith(EXT if built else ".py")

    with (copy / "oversight" / "screen" / "align.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    edited = _probe(copy)
    assert edited["key"] != native.key()
    assert edited["active"] == "" and str(edited["file"]).endswith(".py")


def test_a_changed_module_it_was_compiled_against_disables_the_build(tmp_path: Path) -> None:
    if not _built():
        pytest.skip("no compiled build for these sources (python3 -m oversight.native build)")
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "oversight", copy / "oversight", ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "oversight" / "text" / "chinese.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    probe = _probe(copy)
    assert probe["key"] == native.key()  # the screening sources are unchanged ...
    assert probe["active"] == "" and str(probe["file"]).endswith(".py")  # ... but what they import is not


def test_a_broken_build_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERSIGHT_NATIVE_DIR", str(tmp_path / "native"))
    broken = tmp_path / "native" / native.key()
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text(
        json.dumps({"modules": {m: "missing" + EXT for m in native.MODULES}, "depends": {}}), encoding="utf-8"
    )
    result = _screen(os.environ.copy(), count=20)
    assert str(result["file"]).endswith(".py")
    assert any(result["pairs"])  # type: ignore[arg-type]
