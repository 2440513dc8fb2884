"""Search on PostgreSQL returns the same pages as on SQLite: one- and two-character queries, traditional and
simplified Chinese, phrases across line breaks, OR, English words, and the finding, vendor and date filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversight.pipeline.scan import scan_paths
from oversight.search.engine import run, search
from oversight.search.filters import Filters
from oversight.search.postgres import CHUNK, tsquery, tsvector
from oversight.search.query import parse
from oversight.store.db import open_store

FILES = ("doc027_zbgg.txt", "doc037_zbjg.txt", "doc006_zbgg.html", "doc011_zbjg.html", "doc009_test.docx")
NOTICE = "项目名称：边境口岸智能安防项目\n技术要求：支援維吾爾族人員識別，品牌：海康\n威視，支持人脸识别比对。\n"
QUERIES = ["维", "维族", "維吾爾", "海康威视", "人脸 识别", "人脸识别 OR 车牌", '"智能 安防"', "H.265", "项目", "采购"]


def _pages(conn, text: str, filters: Filters = Filters()) -> set[tuple[str, int]]:
    return {(h.sha256, h.page) for h in search(conn, parse(text), filters, limit=10_000).hits}


@pytest.fixture
def stores(tmp_path: Path, corpus_dev: Path, pg_url: str):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    paths = [corpus_dev / name for name in FILES] + [notice]
    opened = []
    for target in (str(tmp_path / "o.db"), pg_url):
        conn = open_store(target)
        assert {s.result.status for s in scan_paths(conn, target, paths)} == {"new"}
        opened.append(conn)
    yield opened
    for conn in opened:
        conn.close()


def test_the_same_queries_find_the_same_pages(stores) -> None:
    sqlite, pg = stores
    for text in QUERIES:
        assert _pages(pg, text) == _pages(sqlite, text), text
    assert _pages(pg, "海康威视") and _pages(pg, "维")  # across the line break, traditional folded to simplified
    for filters in (Filters(categories=("ethnicity",)), Filters(severity="high"), Filters(vendors=("海康",))):
        assert _pages(pg, "支持", filters) == _pages(sqlite, "支持", filters), filters


def test_a_page_longer_than_a_tsvector_is_indexed_in_overlapping_chunks() -> None:
    words = [f"w{i}" for i in range(CHUNK + 10)]
    chunks = tsvector(" ".join(words))
    assert len(chunks) == 2
    assert f"'w{CHUNK - 1}':{CHUNK}" in chunks[0] and f"'w{CHUNK - 1}':" in chunks[1]  # the border is in both
    assert tsquery('"a b"* AND ("c" OR "d")') == "('a' <-> 'b':*) & (('c') | ('d'))"


def test_party_names_and_not_expand_the_same_way_on_both(stores) -> None:
    """`run` adds a party's other names (海康 finds Hikvision's) and NOT narrows: the PostgreSQL path must build
    the same query (its alias lookup and tsquery once failed there)."""
    sqlite, pg = stores
    for text in ("海康", "海康 NOT 维族", "Hikvision", "人脸 NOT 车牌"):
        ours = {(h.sha256, h.page) for h in run(sqlite, text, Filters(), 10_000, True).hits}
        theirs = {(h.sha256, h.page) for h in run(pg, text, Filters(), 10_000, True).hits}
        assert theirs == ours, text
    assert {(h.sha256, h.page) for h in run(pg, "Hikvision", Filters(), 10_000, True).hits}  # found via 海康威视


def test_a_capped_phrase_checks_older_candidates_until_the_cap_is_full(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest pages hold both words but not the phrase, so the first batches of candidates mostly fail the
    check: PostgreSQL must go on to older batches and rank the same newest matching pages as SQLite."""
    import oversight.search.engine as engine
    import oversight.search.postgres as postgres

    monkeypatch.setattr(engine, "RANK_CAP", 6)
    monkeypatch.setattr(postgres, "RANK_CAP", 6)
    monkeypatch.setattr(postgres, "_CHECK_BATCH", 3)
    paths = []
    for i in range(24):  # older files state the phrase; the newest 12 only hold its words apart
        path = tmp_path / f"n{i:02}.txt"
        path.write_text(f"notice {i}: " + ("camera tender terminal" if i < 12 else "terminal tender camera"))
        paths.append(path)
    results = []
    for target in (str(tmp_path / "o.db"), pg_url):
        conn = open_store(target)
        for path in paths:  # one at a time, so the ids follow the file order
            assert [s.result.status for s in scan_paths(conn, target, [path])] == ["new"]
        found = search(conn, parse('"camera tender"'), limit=100)
        results.append((found.capped, sorted(h.name for h in found.hits)))
        conn.close()
    assert results[0] == results[1]
    assert results[1] == (True, [f"n{i:02}.txt" for i in range(6, 12)])  # the six newest that state the phrase
