"""Shared fixtures: the dev corpus and watchlists live in ../shared beside the repository (as CI lays them out)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import ARGS, CHROMIUM, Store, make_inputs, run_cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Built screening indexes go to a folder of this session (and its CLI subprocesses), not the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OVERSIGHT_CACHE_DIR", str(tmp_path_factory.mktemp("oversight-cache")))
        yield


@pytest.fixture(scope="session")
def corpus_dev() -> Path:
    return SHARED / "corpus-dev"


@pytest.fixture(scope="session")
def labels(corpus_dev: Path) -> list[dict]:
    return json.loads((corpus_dev / "labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def watchlists() -> Path:
    return SHARED / "watchlists"


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, corpus_dev: Path) -> Path:
    """The whole dev corpus ingested once per test session (OCR included) into a real store; returns the db path.

    Tests must treat it as read-only for documents and pages; they may add their own rows (findings, entities)
    only through the real commands, which are idempotent.
    """
    from oversight.ingest.pipeline import ingest_paths
    from oversight.store.db import connect

    db = tmp_path_factory.mktemp("corpus-store") / "oversight.db"
    conn = connect(db)
    try:
        files = sorted(p for p in corpus_dev.iterdir() if p.name != "labels.json" and p.suffix != ".md")
        results = list(ingest_paths(conn, db, files, jobs=2))
    finally:
        conn.close()
    failures = [f"{r.path}: {r.error}" for r in results if r.status == "error"]
    assert not failures, failures
    return db


@pytest.fixture(scope="session")
def scanned_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Samples and injection documents ingested and scanned (findings and, once wired, entities)."""
    root = tmp_path_factory.getbasetemp() / "report-store"
    store = Store(db=root / "o.db", inputs=root / "inputs")
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        make_inputs(store.inputs)
        code, out = run_cli("scan", store.inputs, "--db", store.db, "--jobs", "1", "--format", "jsonl")
        assert code == 0, out
        assert any(json.loads(line)["type"] == "finding" for line in out.splitlines() if line.startswith("{"))
        (root / "done").touch()
    return store


@pytest.fixture(scope="session")
def built_report(scanned_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`oversight report --all` over the scanned store; returns the report folder."""
    out = tmp_path_factory.getbasetemp() / "report-built" / "report"
    if not (out / "index.html").exists():
        code, stdout = run_cli("report", "--all", "-o", out, "--db", scanned_store.db)
        assert code == 0
        assert Path(stdout.strip().splitlines()[-1]) == (out / "index.html").resolve()
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for one browser test module (which skips itself when Playwright or Chromium is missing)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the whole session (scripts/install.sh installs the server)."""
    from oversight.store.cluster import binaries, start_cluster

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (run scripts/install.sh)")
    cluster = start_cluster()
    yield cluster
    cluster.remove()


_DATABASES = iter(range(1, 1 << 30))


@pytest.fixture
def pg_url(pg_cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh PostgreSQL database for one test; its blobs go to the test's own folder."""
    monkeypatch.setenv("OVERSIGHT_BLOBS", str(tmp_path / "pg-blobs"))
    return pg_cluster.create_database(f"test_{next(_DATABASES)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store-level test keeps its store: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "o.db")
    return str(request.getfixturevalue("pg_url"))
