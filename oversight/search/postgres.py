"""Full-text search on a PostgreSQL store: the same tokens, the same queries, the same pages as FTS5.

Each page's search tokens (`tokens.index_texts`: CJK character pairs and words) become a `tsvector` built here,
token by token with its position, so PostgreSQL's own parser never re-cuts Chinese; a query's FTS5 expression
(`query.parse`) becomes the equivalent `tsquery` (a phrase is tokens `<->` in a row, a lone last character a
prefix). A tsvector position stops at 16,383, so a longer page is indexed in chunks that overlap by OVERLAP
tokens, and a phrase of up to OVERLAP tokens is found across a chunk border. Ranking is ts_rank over the query's
words one by one (term frequency; FTS5 ranks by bm25, which also sums per word), times the same boost for pages
with findings; the pages found are the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby
from typing import Any

from oversight.entities.notice_version import version
from oversight.search import tokens
from oversight.search.filters import Filters, conditions
from oversight.search.index import (
    BATCH_PAGES,
    KEY_SHIFT,
    PAGE_MASK,
    current_pages,
    page_key,
    pending,
    stale_scheme,
)
from oversight.search.limits import RANK_CAP
from oversight.search.query import Query
from oversight.search.results import FINDINGS_BOOST, Results, hits_at
from oversight.store import notices
from oversight.store.db import Connection, transaction

CHUNK = 16000  # tokens per tsvector (positions run to 16,383)
OVERLAP = 64
_LEXEME_BYTES = 2046
_CHECK_BATCH = 2000  # candidate pages read per query, after the first RANK_CAP + 1, to check phrases and rank
_PHRASE = re.compile(r'"([^"]*)"(\*?)')


def tsvector(body: str) -> list[str]:
    """The tsvector literals of one page's index text (one per chunk)."""
    words = body.split()
    out = []
    for start in range(0, max(len(words), 1), CHUNK - OVERLAP):
        positions: dict[str, list[int]] = {}
        for offset, word in enumerate(words[start : start + CHUNK], 1):
            if len(word.encode()) <= _LEXEME_BYTES:
                positions.setdefault(word, []).append(offset)
        out.append(" ".join(f"{_quote(word)}:{','.join(map(str, at))}" for word, at in positions.items()))
        if start + CHUNK >= len(words):
            break
    return out


def tsquery(match: str, loose: bool = False) -> str:
    """The tsquery of an FTS5 match expression as `query.parse` writes them.

    `loose` asks for a superset the GIN index answers without reading any page: a phrase's words in any order
    (`&` instead of `<->`, so no positions to check) and no NOT part.
    """

    def phrase(found: re.Match[str]) -> str:
        words = found.group(1).split()
        quoted = [_quote(word) for word in words]
        if found.group(2):
            quoted[-1] += ":*"
        return "(" + (" & " if loose else " <-> ").join(quoted) + ")"

    if loose:
        match = match.split(" NOT ")[0]
    return _PHRASE.sub(phrase, match).replace(" AND ", " & ").replace(" OR ", " | ").replace(" NOT ", " & !")


def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def update(conn: Connection) -> int:
    """Index every page not yet in the index; returns how many pages were (re)indexed."""
    stale = stale_scheme(conn)
    if not stale and not pending(conn):
        return 0
    if stale:
        with transaction(conn):
            conn.execute("DELETE FROM search_index")
            conn.execute("DELETE FROM search_documents")
            conn.execute("DELETE FROM search_queue")
            conn.execute(
                "INSERT INTO search_meta(key, value) VALUES ('scheme', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (tokens.scheme(),),
            )
    done = _replay_queue(conn)
    while True:
        with transaction(conn):
            ids = [
                int(r[0])
                for r in conn.execute(
                    "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM search_documents s"
                    " WHERE s.document_id = d.id) ORDER BY id LIMIT ?",
                    (max(1, BATCH_PAGES // 20),),
                )
            ]
            if not ids:
                return done
            marks = ",".join("?" * len(ids))
            rows = conn.execute(
                f"SELECT document_id, number, norm_text FROM pages WHERE document_id IN ({marks})"
                f" AND number <= {PAGE_MASK}",
                ids,
            ).fetchall()
            _insert(conn, [(page_key(r[0], r[1]), r[2]) for r in rows])
            conn.executemany(
                "INSERT INTO search_documents(document_id) VALUES (?) ON CONFLICT DO NOTHING", [(i,) for i in ids]
            )
            done += len(rows)


def _insert(conn: Connection, pages: list[tuple[int, str]]) -> None:
    bodies = tokens.index_texts([text for _, text in pages])
    conn.executemany(
        "INSERT INTO search_index(rowid, chunk, body) VALUES (?, ?, CAST(? AS tsvector))",
        [(key, n, vector) for (key, _), body in zip(pages, bodies) for n, vector in enumerate(tsvector(body))],
    )


def _replay_queue(conn: Connection) -> int:
    """Re-index the pages whose text changed (or that appeared or went) since their document was indexed."""
    with transaction(conn):
        queue = conn.execute("SELECT id, document_id, number FROM search_queue ORDER BY id").fetchall()
        if not queue:
            return 0
        changed = [key for key, _ in groupby(sorted((int(r[1]), int(r[2])) for r in queue))]
        conn.executemany("DELETE FROM search_index WHERE rowid = ?", [(page_key(*key),) for key in changed])
        current = current_pages(conn, changed)
        _insert(conn, current)
        conn.executemany(  # a deleted document leaves the index's list, as on SQLite
            "DELETE FROM search_documents WHERE document_id = ? AND NOT EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [(d, d) for d in {key[0] for key in changed}],
        )
        conn.execute("DELETE FROM search_queue WHERE id <= ?", (queue[-1][0],))
    return len(current)


def search(conn: Connection, query: Query, filters: Filters = Filters(), limit: int = 20) -> Results:
    """The `limit` best pages for `query` under `filters` (see `engine.search`)."""
    update(conn)
    if filters.by_notice:
        notices.refresh(conn, _stored_form, version())  # type: ignore[arg-type]
    where, params = conditions(conn, replace(filters, vendors=(), buyers=(), listed=False))  # type: ignore[arg-type]
    where += _named(conn, filters)
    with transaction(conn):
        # Page tsvectors are stored out of line (TOAST), so the planner prices reading every one of them far below
        # its cost and picks a full scan over the GIN index (1.4 s a query at 100,000 pages instead of ~20 ms).
        # Plan each query for its own words: a plan cached for any words (psycopg prepares a statement run five
        # times) walks the key index for a rare word too, reading every page (0.8 s instead of 40 ms).
        # The candidates always come through the GIN index: walking the key index instead (the planner's choice
        # when it guesses a word is common) reads every page when the guess is wrong (0.8-1.5 s).
        conn.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true),"
            " set_config('enable_indexscan', 'off', true)"
        )
        rows = _matches(conn, query, where, params)
    capped = len(rows) > RANK_CAP
    if capped:  # the extra row only tells that there are more: drop it (the oldest page)
        oldest = min(int(row[0]) for row in rows)
        rows = [row for row in rows if int(row[0]) != oldest]
    ranked = rows[: max(1, min(limit, RANK_CAP))]
    keys = [int(key) >> KEY_SHIFT for key, _ in ranked]
    notices.refresh(conn, _stored_form, version(), list(dict.fromkeys(keys)))  # type: ignore[arg-type]
    about = notices.summaries(conn, keys)  # type: ignore[arg-type]
    hits = hits_at(conn, [(int(key), float(score)) for key, score in ranked], query, about)  # type: ignore[arg-type]
    matched = len({int(key) >> KEY_SHIFT for key, _ in rows})
    return Results(hits, len(rows), capped, query, matched)


def _matches(conn: Connection, query: Query, where: list[str], params: list[object]) -> list[tuple[int, float]]:
    """(index key, boosted score) of the RANK_CAP + 1 most recent matching pages, best first.

    Each batch is one statement: the newest chunks holding all the words (`tsquery(..., loose=True)`: no positions,
    no NOT) from the GIN index alone, carrying their tsvectors along (reading a page twice cost a tenth of the
    query), then only those chunks checked for phrases and NOT and ranked; batches go on, older each time, until
    RANK_CAP + 1 pages match. A page is ranked by ts_rank over the query's words taken one by one (bm25 too sums
    per word): ranking by their proximity cost several times more on a long page than finding it. Keys and
    scores come back as two arrays, best first: a row per page cost more in Python than the ranking.
    """
    extra = "".join(f" AND {condition}" for condition in where)
    loose, exact = tsquery(query.match, loose=True), tsquery(query.match)
    check = "" if exact == loose else " WHERE body @@ CAST(? AS tsquery)"  # every candidate matches a plain query
    found: dict[int, float] = {}
    below: list[object] = []
    batch = RANK_CAP + 1
    while len(found) <= RANK_CAP:
        row = conn.execute(
            "WITH candidates AS MATERIALIZED (SELECT search_index.rowid AS key, body FROM search_index"
            f" WHERE body @@ CAST(? AS tsquery){extra}{' AND search_index.rowid <= ?' if below else ''}"
            " ORDER BY search_index.rowid DESC LIMIT ?),"
            f" ranked AS (SELECT key, max(ts_rank(body, CAST(? AS tsquery))) AS score FROM candidates{check}"
            " GROUP BY key),"
            # Pages with findings, looked up per candidate document rather than per candidate page.
            f" boosted AS MATERIALIZED (SELECT DISTINCT (f.document_id << {KEY_SHIFT}) | f.page AS key FROM findings f"
            f" WHERE f.document_id IN (SELECT DISTINCT key >> {KEY_SHIFT} FROM candidates)),"
            " scored AS MATERIALIZED (SELECT key, score * CASE WHEN key IN (SELECT key FROM boosted) THEN ? ELSE 1.0 END AS score"
            " FROM ranked)"
            " SELECT (SELECT count(*) FROM candidates), (SELECT min(key) FROM candidates),"
            " array_agg(key ORDER BY score DESC, key DESC), array_agg(score ORDER BY score DESC, key DESC) FROM scored",
            [
                loose,
                *params,
                *below,
                batch,
                loose.replace(" & ", " | "),
                *([exact] if check else []),
                FINDINGS_BOOST,
            ],
        ).fetchone()
        count, oldest, keys, scores = int(row[0]), row[1], row[2] or [], row[3] or []
        if count < batch and not found:  # the first batch held every candidate: best first already
            return list(zip(keys, scores))
        for key, score in zip(keys, scores):
            found[key] = max(score, found.get(key, score))
        if count < batch:  # no candidates are left
            break
        # The oldest page again: the batch may have cut between the chunks of a long page.
        below, batch = [oldest], _CHECK_BATCH
    newest = sorted(found.items(), reverse=True)[: RANK_CAP + 1]
    return sorted(newest, key=lambda row: (-row[1], -row[0]))


def _named(conn: Connection, filters: Filters) -> list[str]:
    """Vendor, listed-vendor and buyer filters as document-id conditions, names matched in Python as in SQLite."""
    out = []
    for kind, names, listed in (("vendor", filters.vendors, filters.listed), ("buyer", filters.buyers, False)):
        if not names and not listed:
            continue
        phrases = tuple(tokens.query_tokens(name) for name in names)
        rows = conn.execute(
            "SELECT document_id, name, text FROM entities WHERE kind = ?" + (" AND listed = 1" if listed else ""),
            (kind,),
        )
        ids = {
            int(r[0])
            for r in rows
            if not phrases or any(tokens.find(v or "", (p,)) for p in phrases if p for v in (r[1], r[2]))
        }
        out.append(f"(search_index.rowid >> {KEY_SHIFT}) IN ({','.join(map(str, sorted(ids))) or 'NULL'})")
    return out


def _stored_form(pages: Sequence[tuple[int, str]]) -> dict[str, Any]:
    """The notice extractor, imported only when a notice must be extracted (see `notice_version`)."""
    from oversight.entities.notice import stored_form

    return stored_form(pages)
