"""The workbench's search form: the notice-date range and the saved searches (`oversight search --save`), over
HTTP on a real store, as the CLI's --since/--until/--saved do."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from oversight.search.engine import run
from oversight.search.filters import Filters
from oversight.serve.app import create_app
from oversight.serve.auth import LocalAuth
from oversight.store import saved_searches
from oversight.store.db import blob_dir, open_store
from tests.fixtures import run_cli

TOKEN = "search-test"


def _client(db: str) -> TestClient:
    client = TestClient(create_app(db, blob_dir(db), LocalAuth(TOKEN, "ana")))
    client.get(f"/?token={TOKEN}")  # the token becomes a cookie
    return client


def _documents(page: str) -> int:
    found = re.search(r"(\d+) documents? with matching pages", page)
    assert found, "no result count on the page"
    return int(found.group(1))


def test_date_range_and_saved_searches(tmp_path: Path, new_store: str) -> None:
    folder, db = tmp_path / "in", new_store
    folder.mkdir()
    for year in (2019, 2024):
        (folder / f"notice-{year}.txt").write_text(
            f"某县公安局视频监控设备采购项目公告\n发布日期：{year}年5月6日\n采购内容：视频监控摄像机\n",
            encoding="utf-8",
        )
    code, _ = run_cli("scan", folder, "--db", db, "--jobs", "1", "--format", "json")
    assert code == 0
    conn = open_store(db)
    everything = {h.sha256 for h in run(conn, "监控", Filters(), 50, True).hits}
    assert everything
    saved_searches.save(conn, "far future", "监控", Filters.from_dict({"since": "2100-01-01"}).to_dict())
    conn.close()
    with _client(db) as client:
        page = client.get("/search", params={"q": "监控"}).text
        assert _documents(page) == len(everything)
        assert client.get("/search", params={"q": "监控", "since": "2100-01-01"}).text.count("/doc/") == 0
        assert _documents(client.get("/search", params={"q": "监控", "until": "2020-12-31"}).text) == 1
        assert _documents(client.get("/search", params={"q": "监控", "since": "2020-01-01"}).text) == 1
        bad = client.get("/search", params={"q": "监控", "since": "soon"}).text
        assert "not a date" in bad and 'role="alert"' in bad
        assert "/search?saved=far+future" in page  # the saved search is offered as a link
        ran = client.get("/search", params={"saved": "far future"}).text
        assert 'value="监控"' in ran and 'value="2100-01-01"' in ran and ran.count("/doc/") == 0
        assert "no saved search called" in client.get("/search", params={"saved": "nope"}).text


def test_the_serve_command_opens_either_backend(new_store: str) -> None:
    """`oversight serve --db` takes a PostgreSQL URL as it takes an SQLite path, and the printed address answers."""
    import subprocess
    import sys
    import urllib.request

    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "oversight", "serve", "--port", "0", "--db", new_store]
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("oversight workbench: http://127.0.0.1:"), line or server.stderr.read()
        with urllib.request.urlopen(line.split(": ", 1)[1].strip(), timeout=30) as response:
            assert response.status == 200
            assert "oversight" in response.read().decode("utf-8").lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
