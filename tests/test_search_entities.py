"""Entity-aware search, prefixes, NOT, notice-date filters, grouping, batch and saved searches, on a store built by
`oversight scan` from dev-corpus documents and one generated notice.

Expected pages come from an independent reading of the stored raw text (OpenCC over the page, whitespace removed,
substring or regular-expression test), never from the search code itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import opencc
import pytest

from oversight.search.batch import run_batch
from oversight.search.engine import Results, run, search
from oversight.search.filters import FilterError, Filters
from oversight.search.query import parse
from oversight.store import saved_searches
from oversight.store.db import Connection
from tests.search_helpers import fold, pages, private_copy

ROOT = Path(__file__).resolve().parents[1]
FILES = ["doc001_spec.pdf", "doc024_jscs.pdf", "doc028_csb.xlsx", "doc037_zbjg.txt", "doc006_zbgg.html"]
GENERATED = (
    "北湖县公安局视频监控设备采购项目中標公告\n"
    "公告日期：二〇一六年五月六日\n"
    "品牌：海康威視　型號：DS-2CD3T47G2-LU、DS-2DE4425IW-DE\n"
    "另购 iDS-2CD7146G0 一台\n"
)


@pytest.fixture(scope="module")
def built(corpus_dev: Path, tmp_path_factory: pytest.TempPathFactory, fresh_store: Callable[[str], str]) -> str:
    folder = tmp_path_factory.mktemp("search-entities")
    generated = folder / "generated_notice.txt"
    generated.write_text(GENERATED, encoding="utf-8")
    db = fresh_store("search_entities")
    paths = [str(corpus_dev / name) for name in FILES] + [str(generated)]
    scan = subprocess.run(
        [sys.executable, "-m", "oversight", "scan", *paths, "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert scan.returncode == 0, scan.stderr
    return db


@pytest.fixture
def conn(built: str, new_store: str):
    """A private copy of the scanned store, so a test may change it."""
    connection = private_copy(built, new_store)
    yield connection
    connection.close()


def _truth(conn: Connection, test) -> set[tuple[int, int]]:
    return {(d, n) for d, n, raw in conn.execute("SELECT document_id, number, raw_text FROM pages") if test(fold(raw))}


def _containing(conn: Connection, needle: str) -> set[tuple[int, int]]:
    return _truth(conn, lambda text: fold(needle) in text)


def _doc(conn: Connection, name: str) -> int:
    return conn.execute("SELECT document_id FROM document_names WHERE name = ?", (name,)).fetchone()[0]


def test_a_party_name_finds_its_names_in_every_script(conn: Connection) -> None:
    results = run(conn, "Hikvision", limit=1000)
    chinese = _containing(conn, "海康威视")
    assert chinese and (_doc(conn, "generated_notice.txt"), 1) in chinese
    assert chinese <= pages(results)
    [(typed, names)] = results.query.expansions
    assert typed == "Hikvision" and any(not name.isascii() for name in names)
    assert pages(run(conn, "Hikvision", limit=1000, expand=False)) == _truth(
        conn, lambda text: re.search(r"(?<![a-z0-9])hikvision(?![a-z0-9])", text) is not None
    )
    # The other direction, from traditional script: the English names come in.
    back = run(conn, "海康威視", limit=1000)
    assert pages(back) >= chinese
    assert any(name.isascii() for _, names in back.query.expansions for name in names)


def test_names_the_extraction_resolved_find_each_other(conn: Connection) -> None:
    pairs = conn.execute(
        "SELECT DISTINCT name, text FROM entities WHERE kind = 'vendor' AND source LIKE 'column:%' AND name <> text"
    ).fetchall()
    assert len(pairs) >= 3
    for name, text in pairs:
        assert _containing(conn, text) <= pages(run(conn, name, limit=1000)), (name, text)


def test_quoted_terms_are_not_expanded(conn: Connection) -> None:
    results = run(conn, '"Hikvision"', limit=1000)
    assert results.query.expansions == ()


def test_model_number_prefix_finds_every_model_of_the_line(conn: Connection) -> None:
    results = search(conn, parse("DS-2CD*"), limit=1000)
    truth = _truth(conn, lambda text: re.search(r"(?<![a-z0-9])ds[^a-z0-9\u4e00-\u9fff]*2cd", text) is not None)
    assert truth and pages(results) == truth
    generated = next(h for h in results.hits if h.document_id == _doc(conn, "generated_notice.txt"))
    quoted = [generated.snippet.text[s:e] for s, e in generated.snippet.matches]
    assert quoted == ["DS-2CD3T47G2"]  # the whole model word, and not the iDS- one
    assert pages(search(conn, parse("2CD3T*"), limit=1000)) == {(_doc(conn, "generated_notice.txt"), 1)}


def test_not_leaves_out_pages_with_the_term(conn: Connection) -> None:
    assert pages(search(conn, parse("海康 NOT 英伟达"), limit=1000)) == _containing(conn, "海康") - _containing(
        conn, "英伟达"
    )
    assert pages(search(conn, parse("海康 -英伟达 -联想"), limit=1000)) == (
        _containing(conn, "海康") - _containing(conn, "英伟达") - _containing(conn, "联想")
    )


def test_document_date_filter_reads_the_notice_date_not_the_storage_date(conn: Connection) -> None:
    generated = _doc(conn, "generated_notice.txt")
    everywhere = pages(search(conn, parse("海康"), limit=1000))
    only_2016 = Filters(since=date(2016, 5, 6), until=date(2016, 5, 6))
    assert pages(search(conn, parse("海康"), only_2016, limit=1000)) == {p for p in everywhere if p[0] == generated}
    stated = dict(conn.execute("SELECT document_id, document_date FROM notices").fetchall())
    later = pages(search(conn, parse("海康"), Filters(since=date(2017, 1, 1)), limit=1000))
    assert later == {p for p in everywhere if (stated.get(p[0]) or "") >= "2017-01-01"}
    stored_today = Filters(stored_since=date.today())
    assert pages(search(conn, parse("海康"), stored_today, limit=1000)) == everywhere
    assert pages(search(conn, parse("海康"), Filters(kinds=("award",)), limit=1000)) == {
        p
        for p in everywhere
        if conn.execute("SELECT kind FROM notices WHERE document_id = ?", p[:1]).fetchone()[0] == "award"
    }


def test_results_group_by_document_best_first(conn: Connection) -> None:
    results = search(conn, parse("技术 OR 参数"), limit=1000)
    groups = results.documents()
    assert len(groups) == len({h.document_id for h in results.hits}) == results.documents_matched
    assert [g.score for g in groups] == sorted((g.score for g in groups), reverse=True)
    assert sorted((h.document_id, h.page) for g in groups for h in g.hits) == sorted(pages(results))
    for group in groups:
        assert group.score == group.hits[0].score and all(h.document_id == group.document_id for h in group.hits)
        assert group.kind and group.title


def test_batch_gives_one_row_per_line_and_keeps_going(conn: Connection) -> None:
    lines = ["Hikvision", "# a comment", "", "英伟达", "不存在的词语", "，。", "海康 OR"]
    rows = run_batch(conn, lines, per_line=2)
    assert [r.line for r in rows] == [1, 4, 5, 6, 7]
    hik, nvidia, missing, empty, broken = rows
    assert hik.pages == len(run(conn, "Hikvision", limit=1000).hits) and hik.documents >= 3 and hik.also_searched
    assert nvidia.documents >= len({d for d, _ in _containing(conn, "英伟达")}) > 0
    assert sum(len(g.hits) for g in nvidia.top) == min(2, nvidia.pages)
    assert (missing.pages, missing.documents, missing.error) == (0, 0, None)
    assert empty.error and broken.error and not empty.top


def test_saved_searches_keep_query_and_filters(conn: Connection) -> None:
    filters = Filters(categories=("face-recognition",), since=date(2020, 1, 1), listed=True, kinds=("award", "tender"))
    saved_searches.save(conn, "hik since 2020", "Hikvision NOT 英伟达", filters.to_dict())
    again = saved_searches.get(conn, "hik since 2020")
    assert again is not None and Filters.from_dict(again.filters) == filters and again.query == "Hikvision NOT 英伟达"
    saved_searches.save(conn, "hik since 2020", "Hikvision", {})
    assert [(s.name, s.query, s.filters) for s in saved_searches.all_saved(conn)] == [
        ("hik since 2020", "Hikvision", {})
    ]
    assert saved_searches.delete(conn, "hik since 2020") and not saved_searches.delete(conn, "hik since 2020")
    with pytest.raises(FilterError):
        Filters.from_dict({"since": "last year"})
    with pytest.raises(FilterError):
        Filters.from_dict({"colour": "red"})
