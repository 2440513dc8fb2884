"""`oversight lists update` against a local HTTP server serving the shared list files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from oversight.screen import fetch
from oversight.store.db import blob_dir

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "watchlists"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP (Last-Modified and If-Modified-Since as http.server does them) and its address."""
    root = tmp_path / "served"
    (root / "un").mkdir(parents=True)
    shutil.copy2(SHARED / "un-2026" / "consolidated.xml", root / "un" / "consolidated.xml")
    shutil.copytree(SHARED / "ofac-sdn-2021", root / "sdn")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _spec(name: str, base: str, *paths: str) -> fetch.SourceSpec:
    return {"name": name, "publisher": "test", "files": [{"url": f"{base}/{p}"} for p in paths]}


def test_conditional_fetch_keeps_each_version(served: tuple[Path, str], tmp_path: Path) -> None:
    root, base = served
    spec = _spec("un-sc", base, "un/consolidated.xml")
    lists = tmp_path / "lists"
    first = fetch.update(spec, lists, now=datetime(2026, 12, 1, tzinfo=UTC))
    assert first.status == "new"
    assert first.path == lists / "un-sc" / "2026-12-01T000000Z" / "consolidated.xml"
    assert first.path.read_bytes() == (root / "un" / "consolidated.xml").read_bytes()
    again = fetch.update(spec, lists, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert (again.status, again.path, again.sha256) == ("unchanged", first.path, first.sha256)
    served_file = root / "un" / "consolidated.xml"
    served_file.write_bytes(
        served_file.read_bytes().replace(b"</CONSOLIDATED_LIST>", b"<!-- v2 --></CONSOLIDATED_LIST>")
    )
    later = served_file.stat().st_mtime + 3600
    os.utime(served_file, (later, later))
    changed = fetch.update(spec, lists, now=datetime(2026, 12, 3, tzinfo=UTC))
    assert changed.status == "new" and changed.sha256 != first.sha256
    versions = json.loads((lists / "un-sc" / "versions.json").read_text(encoding="utf-8"))
    assert [v["fetched_at"] for v in versions] == ["2026-12-01T000000Z", "2026-12-03T000000Z"]
    assert first.path.exists() and changed.path is not None and changed.path.exists()
    assert versions[0]["files"][0]["last_modified"]


def test_several_files_make_one_version_folder(served: tuple[Path, str], tmp_path: Path) -> None:
    _, base = served
    spec = _spec("ofac-sdn", base, "sdn/sdn.csv", "sdn/add.csv", "sdn/alt.csv", "sdn/sdn_comments.csv")
    got = fetch.update(spec, tmp_path / "lists")
    assert got.path is not None and got.path.is_dir()
    assert sorted(p.name for p in got.path.iterdir()) == ["add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]


def test_cli_update_loads_new_versions_and_reports_failures(
    served: tuple[Path, str], tmp_path: Path, new_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --dir the versions go beside the store file, or on PostgreSQL beside the shared originals."""
    _, base = served
    monkeypatch.setenv("OVERSIGHT_BLOBS", str(tmp_path / "blobs"))  # PostgreSQL's originals: this test's own
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        yaml.safe_dump([_spec("un-sc", base, "un/consolidated.xml"), _spec("gone", base, "missing.csv")]),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "oversight", "lists", "update", "--sources", str(sources)]
    command += ["--db", new_store, "--format", "json"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert run.returncode == 3, run.stderr  # partial: one source failed, the other updated
    assert run.stderr.count("\n") == 1 and "gone" in run.stderr and "HTTP 404" in run.stderr
    (row,) = json.loads(run.stdout)
    assert (row["source"], row["download"], row["store"]) == ("un-sc", "new", "new")
    assert row["entries"] > 500
    assert any((blob_dir(new_store).parent / "lists" / "un-sc").iterdir())
    again = subprocess.run(command[:5] + ["un-sc"] + command[5:], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    (row,) = json.loads(again.stdout)
    assert (row["download"], row["store"]) == ("unchanged", "seen")
