"""The built screening index is kept on disk per lists and code: a later process reads it back instead of
analysing every listed name again, and any change to the lists, or a damaged file, reads as a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oversight.screen import index_cache, screener
from oversight.screen.screener import Screener
from oversight.screen.store import load_path, signature
from oversight.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]


def _ftm(path: Path, names: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, name in enumerate(names):
            entity = {"id": f"t-{i}", "schema": "Company", "properties": {"name": [name]}, "datasets": ["test"]}
            f.write(json.dumps(entity) + "\n")
    return path


def _fresh(conn: object) -> Screener:
    screener._CACHE.clear()  # what a new process starts with
    return Screener.from_store(conn)  # type: ignore[arg-type]


def test_a_later_process_reads_the_index_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_store: str) -> None:
    monkeypatch.setenv("OVERSIGHT_CACHE_DIR", str(tmp_path / "cache"))
    conn = open_store(new_store)
    load_path(conn, _ftm(tmp_path / "a.ftm.json", ["Zanlorvek Optics Holdings Co", "Brimirdax Trading Co"]))
    built = _fresh(conn)
    files = list((tmp_path / "cache" / "screen-index").glob("*.pickle.z"))
    assert len(files) == 1
    again = _fresh(conn)
    assert again is not built and len(again.parties) == len(built.parties)
    assert [m.listed_name for m in again.screen("Zanlorvek Optics Holdings", include_unlisted=True)] == [
        m.listed_name for m in built.screen("Zanlorvek Optics Holdings", include_unlisted=True)
    ]

    files[0].write_bytes(b"not an index")  # damaged: rebuilt, and written again
    assert _fresh(conn).screen("Brimirdax Trading", include_unlisted=True)
    assert files[0].read_bytes() != b"not an index"

    before = signature(conn)
    load_path(conn, _ftm(tmp_path / "b.ftm.json", ["Solpelrin Logistics Co"]))
    assert signature(conn) != before
    assert _fresh(conn).screen("Solpelrin Logistics", include_unlisted=True)  # new lists: a miss, never the old index
    assert len(list((tmp_path / "cache" / "screen-index").glob("*.pickle.z"))) == 2


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_store: str) -> None:
    monkeypatch.setenv("OVERSIGHT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OVERSIGHT_INDEX_CACHE", "0")
    conn = open_store(new_store)
    load_path(conn, _ftm(tmp_path / "a.ftm.json", ["Zanlorvek Optics Holdings Co"]))
    assert _fresh(conn).screen("Zanlorvek Optics Holdings", include_unlisted=True)
    assert not (tmp_path / "cache").exists()
    assert index_cache.load(signature(conn)) is None


def test_lists_load_builds_the_index_for_the_scans_after_it(tmp_path: Path, new_store: str) -> None:
    db = new_store
    env_cache = tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, "-m", "oversight", "lists", "load", str(_ftm(tmp_path / "a.ftm.json", ["Vekqua Tos Co"])),
         "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "OVERSIGHT_CACHE_DIR": str(env_cache)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list((env_cache / "screen-index").glob("*.pickle.z"))


_SCREEN_ALL = """
import json, sys
from oversight.screen.screener import Screener
from oversight.store.db import open_store
screener = Screener.from_store(open_store(sys.argv[1]))
out = {}
for query in json.loads(sys.argv[2]):
    out[query] = [(m.listed_name, round(m.score, 4), m.via) for m in screener.screen(query, include_unlisted=True)]
print(json.dumps(out, sort_keys=True))
"""


def test_an_index_read_back_scores_exactly_as_one_built_in_the_process(tmp_path: Path, new_store: str) -> None:
    """Word readings are numbered per process: a read-back index must not mix its numbers with the new ones."""
    names = ["Zanlorvek Optics Holdings Co", "Brimirdax Trading Co", "Solpelrin Logistics Co", "Huaxin Tumqua Co",
             "Mirsol Vekdax Holdings", "Pelrin Brizan Trading", "Tosmir Optics Co", "Daxpel Huaxin Logistics"]  # fmt: skip
    queries = [*names, "Zanlorvek Optic Holding", "Brimirdax Trading Company", "Solpelrin", "Huaxin Tumqua",
               "Mirsol Vekdax", "Pelrin Brizan", "Tosmir Optical", "Daxpel", "Vekdax Mirsol Holdings"]  # fmt: skip
    db = new_store
    conn = open_store(db)
    load_path(conn, _ftm(tmp_path / "a.ftm.json", names))
    conn.close()
    env = {**os.environ, "OVERSIGHT_CACHE_DIR": str(tmp_path / "cache")}

    def screen_all(**extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _SCREEN_ALL, str(db), json.dumps(queries)],
            cwd=ROOT, capture_output=True, text=True, timeout=300, env={**env, **extra},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    built = screen_all(OVERSIGHT_INDEX_CACHE="0")
    screen_all()  # builds and saves
    assert list((tmp_path / "cache" / "screen-index").glob("*.pickle.z"))
    assert screen_all() == built  # read back in a new process
