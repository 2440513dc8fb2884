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
