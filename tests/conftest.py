"""Shared fixtures: the dev corpus and watchlists live in ../shared beside the repository (as CI lays them out)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


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
