"""Shared fixtures: the dev corpus and watchlists live in ../shared beside the repository (as CI lays them out)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fixtures import ARGS, CHROMIUM, Store, copy_into, make_inputs, run_cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Built screening indexes go to a folder of this session (and its CLI subprocesses), not the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OVERSIGHT_CACHE_DIR", str(tmp_path_factory.mktemp("oversight-cache")))
        # The originals of every PostgreSQL store of the session (content-addressed, so they may share a folder);
        # a test that damages originals gives its private copy a folder of its own (`store_copy`).
        patch.setenv("OVERSIGHT_BLOBS", str(tmp_path_factory.mktemp("pg-blobs")))
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
def sqlite_corpus_store(tmp_path_factory: pytest.TempPathFactory, corpus_dev: Path) -> Path:
    """The whole dev corpus ingested once per test session (OCR included) into a real SQLite store."""
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
    source = sqlite3.connect(db)  # as ingested, before any module scans it: what the PostgreSQL twin starts from
    source.execute("VACUUM INTO ?", (str(db.with_name("ingested.db")),))
    source.close()
    return db


@pytest.fixture(scope="session")
def corpus_store(backend: str, sqlite_corpus_store: Path, fresh_store: Callable[[str], str]) -> str:
    """The ingested dev corpus on this run's backend: the SQLite store, or its `store copy` as ingested into
    PostgreSQL (the corpus is OCRed once; test_postgres_parity ingests it into PostgreSQL directly). Returns the
    --db target.

    Tests must treat it as read-only for documents and pages; they may add their own rows (findings, entities)
    only through the real commands, which are idempotent.
    """
    from oversight.store.db import blob_dir

    if backend == "sqlite":
        return str(sqlite_corpus_store)
    ingested = sqlite_corpus_store.with_name("ingested.db")
    return copy_into(str(ingested), fresh_store("corpus"), blob_dir(sqlite_corpus_store))


@pytest.fixture(scope="session")
def scanned_store(backend: str, fresh_store: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Samples and injection documents ingested and scanned (findings and entities) by `oversight scan --db`, once
    per backend."""
    from oversight.store.db import blob_dir

    root = tmp_path_factory.getbasetemp() / f"report-store-{backend}"
    inputs = root / "inputs"
    shutil.rmtree(root, ignore_errors=True)
    make_inputs(inputs)
    db = fresh_store("scanned")
    code, out = run_cli("scan", inputs, "--db", db, "--jobs", "1", "--format", "jsonl")
    assert code == 0, out
    assert any(json.loads(line)["type"] == "finding" for line in out.splitlines() if line.startswith("{"))
    return Store(db=db, inputs=inputs, blobs=blob_dir(db))


@pytest.fixture(scope="session")
def built_report(scanned_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`oversight report --all` over the scanned store; returns the report folder."""
    out = tmp_path_factory.mktemp("report-built") / "report"
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


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The backend of the session stores that reports, exports, search and the workbench read: every test that
    uses one runs on SQLite, then on PostgreSQL."""
    return str(request.param)


@pytest.fixture(scope="session")
def fresh_store(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """Makes an empty store on this run's backend: `make(name)` gives an SQLite path in a new folder, or the URL
    of a new PostgreSQL database (whose originals go to the session's $OVERSIGHT_BLOBS)."""
    if backend == "sqlite":
        return lambda name: str(tmp_path_factory.mktemp(name) / "o.db")
    cluster = request.getfixturevalue("pg_cluster")
    return lambda name: str(cluster.create_database(f"{name}_{next(_DATABASES)}"))


@pytest.fixture
def new_store(fresh_store: Callable[[str], str]) -> str:
    """An empty store for one test, on this run's backend."""
    return fresh_store("new")


@pytest.fixture
def store_copy(
    backend: str, fresh_store: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Store], Store]:
    """Makes a private copy of a session store (database and originals) that one test may change or damage; on
    PostgreSQL the test's originals move to a folder of its own ($OVERSIGHT_BLOBS for the rest of the test)."""
    from oversight.store.db import blob_dir

    if backend == "postgresql":
        monkeypatch.setenv("OVERSIGHT_BLOBS", str(tmp_path / "pg-blobs"))

    def make(source: Store) -> Store:
        target = str(tmp_path / "o.db") if backend == "sqlite" else fresh_store("copy")
        copy_into(str(source.db), target, source.blobs)
        return Store(db=target, inputs=source.inputs, blobs=blob_dir(target))

    return make
