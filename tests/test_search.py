"""Search on a real store: dev-corpus documents and a generated PDF, ingested by the pipeline, then queried.

Expected pages come from an independent reading of the stored raw text (OpenCC over the whole page, whitespace
removed, plain substring test), never from the search code itself.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

import opencc
import pytest

from oversight.ingest.base import Page
from oversight.ingest.pipeline import ingest_paths
from oversight.pipeline.analyse import Analysers
from oversight.pipeline.pages import page_row
from oversight.pipeline.scan import current
from oversight.search import index, postgres
from oversight.search.engine import FINDINGS_BOOST, Results, search
from oversight.search.filters import FilterError, Filters
from oversight.search.query import QueryError, parse
from oversight.search.tokens import find, query_tokens
from oversight.store import documents
from oversight.store.db import Connection, is_postgresql, open_store
from oversight.store.rows import DocumentRow
from oversight.text.normalize import normalize
from tests.search_helpers import fold, pages, private_copy
from tests.synthetic import write_pdf

CORPUS_FILES = [
    "doc002_test.pdf",
    "doc004_spec.pdf",
    "doc006_zbgg.html",
    "doc009_test.docx",
    "doc013_spec.docx",
    "doc021_zbjg.html",
    "doc024_jscs.pdf",
    "doc025_zbgg.pdf",
    "doc027_zbgg.txt",
    "doc028_csb.xlsx",
    "doc029_zbjg.pdf",
    "doc034_zbjg.html",
    "doc037_zbjg.txt",
]
GENERATED = [
    ["项目名称：边境口岸智能安防项目", "技术要求：支援維吾爾族人員識別，品牌：海康威視"],
    ["采购需求：前端设备接入人脸", "识别服务器，支持1:N比对"],
    ["Face attributes: age, gender, ethnic minority alert", "Supports H.265 encoding"],
    ["校准测试记录：第一组，温度二十度，湿度百分之四十，全部合格"],
    ["校准测试记录：第一组，温度二十度，湿度百分之四十，全部合格"],
]


@pytest.fixture(scope="module")
def built(corpus_dev: Path, tmp_path_factory: pytest.TempPathFactory, fresh_store: Callable[[str], str]) -> str:
    folder = tmp_path_factory.mktemp("search")
    generated = write_pdf(folder / "generated.pdf", GENERATED)
    db = fresh_store("search")
    conn = open_store(db)
    results = list(ingest_paths(conn, db, [*(corpus_dev / name for name in CORPUS_FILES), generated]))
    assert {r.status for r in results} == {"new"}
    conn.close()
    return db


@pytest.fixture
def conn(built: str, new_store: str):
    """A private copy of the built store (at `new_store`), so a test may change it."""
    connection = private_copy(built, new_store)
    yield connection
    connection.close()


def _update(conn: Connection) -> int:
    """Bring the store's full-text index up to date (FTS5, or PostgreSQL's tsvectors); pages (re)indexed."""
    return postgres.update(conn) if is_postgresql(conn) else index.update(conn)


def _truth(conn: Connection, *needles: str) -> set[tuple[int, int]]:
    """Pages whose folded raw text contains every needle."""
    return {
        (d, n)
        for d, n, raw in conn.execute("SELECT document_id, number, raw_text FROM pages")
        if all(fold(needle) in fold(raw) for needle in needles)
    }


def _doc(conn: Connection, name: str) -> int:
    return conn.execute("SELECT document_id FROM document_names WHERE name = ?", (name,)).fetchone()[0]


def test_two_character_query_finds_exactly_the_pages_that_contain_it(conn, labels) -> None:
    found = pages(search(conn, parse("维族"), limit=1000))
    assert found == _truth(conn, "维族")
    labelled = {
        (_doc(conn, item["file"]), f["page"])
        for item in labels
        if item["file"] in CORPUS_FILES
        for f in item["findings"]
        if "维族" in f["text"]
    }
    assert len(labelled) == 5 and labelled <= found


@pytest.mark.parametrize("term", ["维", "海康", "公安局", "摄像机"])
def test_short_terms_find_exactly_their_pages(conn, term: str) -> None:
    truth = _truth(conn, term)
    assert truth and pages(search(conn, parse(term), limit=1000)) == truth


def test_traditional_and_simplified_queries_find_each_other(conn) -> None:
    assert pages(search(conn, parse("維族"), limit=1000)) == pages(search(conn, parse("维族"), limit=1000))
    generated = _doc(conn, "generated.pdf")
    results = search(conn, parse("维吾尔族 海康威视"))
    assert pages(results) == {(generated, 1)}
    quote = results.hits[0].snippet
    assert [quote.text[s:e] for s, e in quote.matches] == ["維吾爾族", "海康威視"]


def test_a_phrase_matches_across_a_line_break_and_is_quoted_raw(conn) -> None:
    generated = _doc(conn, "generated.pdf")
    results = search(conn, parse("人脸识别服务器"))
    assert (generated, 2) in pages(results)
    for hit in results.hits:
        raw = conn.execute(
            "SELECT raw_text FROM pages WHERE document_id = ? AND number = ?", (hit.document_id, hit.page)
        ).fetchone()[0]
        quote = hit.snippet
        assert raw[quote.start : quote.start + len(quote.text)] == quote.text
        assert quote.matches and all(fold(quote.text[s:e]) == "人脸识别服务器" for s, e in quote.matches)
    [split] = [h for h in results.hits if h.document_id == generated]
    start, end = split.snippet.matches[0]
    assert "\n" in split.snippet.text[start:end]


def test_latin_phrases_keep_word_order(conn) -> None:
    generated = _doc(conn, "generated.pdf")
    assert (generated, 3) in pages(search(conn, parse('"ethnic minority"')))
    assert (generated, 3) not in pages(search(conn, parse('"minority ethnic"')))
    assert (generated, 3) in pages(search(conn, parse("minority ethnic")))
    assert (generated, 3) in pages(search(conn, parse("h.265")))


def test_and_or(conn) -> None:
    assert pages(search(conn, parse("维族 海康"), limit=1000)) == _truth(conn, "维族", "海康")
    assert pages(search(conn, parse("维族 OR 海康"), limit=1000)) == _truth(conn, "维族") | _truth(conn, "海康")
    assert pages(search(conn, parse("公安局 维族 OR 海康"), limit=1000)) == (
        _truth(conn, "公安局", "维族") | _truth(conn, "公安局", "海康")
    )


def test_limit_keeps_the_best_pages(conn) -> None:
    every = search(conn, parse("海康"), limit=1000)
    top = search(conn, parse("海康"), limit=2)
    assert len(every.hits) > 2 and len(top.hits) == 2 and top.candidates == every.candidates
    assert [h.score for h in every.hits] == sorted((h.score for h in every.hits), reverse=True)
    assert [h.score for h in top.hits] == [h.score for h in every.hits[:2]]


def test_pages_with_findings_rank_higher(conn) -> None:
    generated = _doc(conn, "generated.pdf")
    before = {h.page: h.score for h in search(conn, parse("校准测试")).hits}
    assert set(before) == {4, 5} and before[4] == pytest.approx(before[5])
    conn.execute(
        "INSERT INTO findings(document_id, page, category, severity, rule, taxonomy_version, quote,"
        " start, \"end\", context) VALUES (?, 5, 'ethnicity', 'critical', 'ethnicity/test', 't', '校准', 0, 2, '')",
        (generated,),
    )
    after = search(conn, parse("校准测试")).hits
    assert [h.page for h in after] == [5, 4] and after[0].categories == ("ethnicity",)
    assert after[0].score == pytest.approx(before[5] * FINDINGS_BOOST)


def test_category_and_severity_filters_use_detected_findings(conn) -> None:
    analysers = Analysers.from_store(conn)
    for (document_id,) in conn.execute("SELECT id FROM documents").fetchall():
        current(conn, document_id, analysers, force=False)
    flagged = {(d, p) for d, p in conn.execute("SELECT document_id, page FROM findings WHERE category = 'ethnicity'")}
    found = pages(search(conn, parse("支持"), Filters(categories=("ethnicity",)), limit=1000))
    assert found and found == flagged & _truth(conn, "支持")
    critical = {(d, p) for d, p in conn.execute("SELECT document_id, page FROM findings WHERE severity = 'critical'")}
    at_least_high = {
        (d, p) for d, p in conn.execute("SELECT document_id, page FROM findings WHERE severity IN ('critical', 'high')")
    }
    assert pages(search(conn, parse("支持"), Filters(severity="critical"), limit=1000)) == critical & _truth(
        conn, "支持"
    )
    assert pages(search(conn, parse("支持"), Filters(severity="high"), limit=1000)) == at_least_high & _truth(
        conn, "支持"
    )
    with pytest.raises(FilterError):
        search(conn, parse("支持"), Filters(severity="severe"))


def test_vendor_listed_and_buyer_filters_work_per_document(conn) -> None:
    vendor_doc, buyer_doc = _doc(conn, "doc028_csb.xlsx"), _doc(conn, "doc024_jscs.pdf")
    rows = [
        (vendor_doc, "vendor", "海康威視", "Hangzhou Hikvision Digital Technology Co., Ltd.", 1),
        (buyer_doc, "vendor", "山特", "山特", 0),
        (buyer_doc, "buyer", "乌鲁木齐市公安局", "乌鲁木齐市公安局", 0),
    ]
    conn.executemany(
        'INSERT INTO entities(document_id, page, kind, text, start, "end", source, name, listed)'
        " VALUES (?, 1, ?, ?, 0, 1, 'test', ?, ?)",
        rows,
    )
    everywhere = _truth(conn, "技术")
    in_doc = lambda document_id: {p for p in everywhere if p[0] == document_id}  # noqa: E731
    assert in_doc(vendor_doc) and in_doc(buyer_doc)
    assert pages(search(conn, parse("技术"), Filters(vendors=("海康",)), limit=1000)) == in_doc(vendor_doc)
    assert pages(search(conn, parse("技术"), Filters(vendors=("hikvision",)), limit=1000)) == in_doc(vendor_doc)
    assert pages(search(conn, parse("技术"), Filters(listed=True), limit=1000)) == in_doc(vendor_doc)
    assert pages(search(conn, parse("技术"), Filters(vendors=("山特",), listed=True), limit=1000)) == set()
    assert pages(search(conn, parse("技术"), Filters(buyers=("乌鲁木齐",)), limit=1000)) == in_doc(buyer_doc)


def test_stored_date_range_uses_first_stored_date(conn) -> None:
    old = _doc(conn, "doc006_zbgg.html")
    conn.execute("UPDATE documents SET first_seen = '2020-03-01T10:00:00.000000Z' WHERE id = ?", (old,))
    everywhere = pages(search(conn, parse("维族"), limit=1000))
    until = pages(search(conn, parse("维族"), Filters(stored_until=date(2020, 3, 1)), limit=1000))
    since = pages(search(conn, parse("维族"), Filters(stored_since=date(2020, 3, 2)), limit=1000))
    assert until == {p for p in everywhere if p[0] == old} and until
    assert since == everywhere - until


def test_index_follows_new_changed_and_deleted_pages(conn, corpus_dev: Path, new_store: str) -> None:
    search(conn, parse("维族"))
    assert _update(conn) == 0
    added = list(ingest_paths(conn, new_store, [corpus_dev / "doc029_zbjg.pdf", corpus_dev / "doc030_jscs.docx"]))
    assert {r.status for r in added} == {"seen", "new"}
    new_doc = next(r.document_id for r in added if r.status == "new")
    new_pages = conn.execute("SELECT count(*) FROM pages WHERE document_id = ?", (new_doc,)).fetchone()[0]
    assert _update(conn) == new_pages and _update(conn) == 0

    gone = _doc(conn, "doc025_zbgg.pdf")
    conn.execute("DELETE FROM documents WHERE id = ?", (gone,))
    edited = _doc(conn, "doc006_zbgg.html")
    conn.execute(
        "UPDATE pages SET norm_text = '新的文本 替换了维族', raw_text = '新的文本 替换了维族', norm_map = ?"
        " WHERE document_id = ? AND number = 1",
        (bytes(8), edited),
    )
    found = pages(search(conn, parse("维族"), limit=1000))
    assert found == _truth(conn, "维族") and all(d != gone for d, _ in found) and (edited, 1) in found
    assert pages(search(conn, parse("人脸属性"), limit=1000)) == _truth(conn, "人脸属性")
    assert conn.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM search_documents WHERE document_id = ?", (gone,)).fetchone()[0] == 0
    if not is_postgresql(conn):  # FTS5's own consistency check (PostgreSQL's index has no such command)
        conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 0)")


def test_a_changed_tokeniser_rebuilds_the_index(conn) -> None:
    before = search(conn, parse("维族"), limit=1000)
    conn.execute("UPDATE search_meta SET value = 'older' WHERE key = 'scheme'")
    total = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert _update(conn) == total
    assert search(conn, parse("维族"), limit=1000) == before


def test_index_and_highlighter_agree_on_random_text(new_store: str) -> None:
    """Whatever the index matches, `find` locates on the page, and the reverse (pairs vs characters)."""
    rng = random.Random(5)
    alphabet = ["维", "族", "維", "海", "康", "人", "ab", "AB", "7", " ", "\n", "，", "-", "x"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    conn = open_store(new_store)
    pages = [page_row(Page(i, t, "txt")) for i, t in enumerate(texts, 1)]
    documents.insert_row(conn, DocumentRow("cd" * 32, 1, "text/plain", "r.txt", "r.txt", None, pages))
    for _ in range(80):
        term = "".join(rng.choice(alphabet[:9]) for _ in range(rng.randint(1, 4))).strip()
        if not term:
            continue
        query = parse(f'"{term}"')
        hits = search(conn, query, limit=1000).hits
        assert {h.page for h in hits} == {i for i, t in enumerate(texts, 1) if find(normalize(t).text, query.phrases)}
        assert all(h.snippet.matches for h in hits), term


def test_queries_fold_like_pages() -> None:
    assert query_tokens("ＤＳ-2CD 維族") == ("ds", "2cd", "维", "族")
    assert parse('海康 OR 大华 "face recognition"').match == '("海康" OR "大华") AND "face recognition"'
    assert parse("维 海康威视 DS海 海DS").match == '"维"* AND "海康 康威 威视" AND "ds 海"* AND "海 ds"'
    for bad in ["，。", "OR 维族", "维族 OR", ""]:
        with pytest.raises(QueryError):
            parse(bad)
