"""Search on ~100,000 generated pages: the FTS5 index against a naive LIKE scan, in one run on one store.

Generated procurement pages are written straight into a fresh store (no PDFs), with planted terms (some in
traditional script, some broken over a line) on known pages, findings rows on the pages planted with capability
terms and a stored notice (with its own date) per document. The index is built with `oversight.search.index.update`,
then a fixed query mix runs through `oversight.search.engine.run` as the CLI and the web app call it (entity-aware
expansion, ranking, filters and snippets included) and the same mix as LIKE scans over `pages.norm_text` (first
`--limit` matches, unranked; a party's other names, prefixes and NOT as the LIKE forms a person would type). The mix
includes the query kinds of the workbench: entity-aware (Hikvision -> 海康威视), model-number prefix (DS-2CD*), NOT
and notice-date filters; each kind's p95 is reported beside the overall one. Prints build time, p50/p95 latency of
both, and recall on the planted terms. `--compare` also builds the other SQLite scheme, an FTS5 trigram index, and
times it on the same mix (terms under three characters cannot use a trigram index and fall back to a LIKE scan).
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.entities.notice import version as notice_version  # noqa: E402
from oversight.search import index  # noqa: E402
from oversight.search.engine import run  # noqa: E402
from oversight.search.filters import Filters  # noqa: E402
from oversight.search.tokens import SEPARATOR, fold  # noqa: E402
from oversight.store.db import connect, transaction  # noqa: E402
from oversight.text.normalize import Normalized, normalize  # noqa: E402
from tests.synthetic import page_lines  # noqa: E402

PAGES_PER_DOC = 20
POOL = 1500  # distinct generated page bodies; every stored page adds its own lines to one
# Planted lines: (text, finding category or None). Rates are per page.
PLANTS = [
    ("功能要求：支持维族人员实时预警功能", "ethnicity"),
    ("民族属性识别：支援維吾爾族、漢族人員識別", "ethnicity"),
    ("品牌：海康威视 型号：DS-2CD7A46G0-IZHS", None),
    ("前端设备接入人脸\n识别服务器，支持1:N比对", "face-recognition"),
    ("Face attributes: ethnic minority (Uyghur) alert", "ethnicity"),
]
PLANT_RATE = 0.01
DATES: dict[int, str] = {}  # document id -> the date its generated notice states
# (query, filters, planted lines whose pages are exactly the expected result, or None when not checked)
MIX: list[tuple[str, Filters, tuple[int, ...] | None]] = [
    ("维族", Filters(), (0,)),
    ("維族", Filters(), (0,)),
    ("海康", Filters(), (2,)),
    ("维吾尔族", Filters(), (1,)),
    ("人脸识别", Filters(), (3,)),
    ("Uyghur", Filters(), (4,)),
    ("DS-2CD7A46G0", Filters(), (2,)),
    ("维族 OR 维吾尔族", Filters(), (0, 1)),
    ("维", Filters(), None),
    ("公安", Filters(), None),
    ("质保期 网络摄像机", Filters(), None),
    ("supplier", Filters(), None),
    ('"install and commission"', Filters(), None),
    ("预警", Filters(categories=("ethnicity",)), (0,)),
    ("摄像机", Filters(since=date(2024, 1, 1), severity="critical"), None),
    ("采购人", Filters(vendors=("海康",)), None),
    ("不存在的词语", Filters(), ()),
    # The workbench's query kinds: a party's name in another script, model-number prefix, NOT, notice dates.
    ("Hikvision", Filters(), (2,)),
    ("DS-2CD*", Filters(), (2,)),
    ("海康 NOT 维族", Filters(), (2,)),
    ("维族", Filters(since=date(2024, 1, 1)), (0,)),
    ("人脸识别", Filters(since=date(2023, 1, 1), until=date(2023, 12, 31)), (3,)),
]
KINDS = {"Hikvision": "entity", "DS-2CD*": "prefix", "海康 NOT 维族": "not"}  # else "date" when dated, else "base"
# What a person would type into a LIKE search for the same need (no aliases, no tokens).
LIKE_FORMS = {"Hikvision": "hikvision", "DS-2CD*": "ds-2cd", "海康 NOT 维族": "海康 -维族"}


def generate(conn: sqlite3.Connection, pages: int, seed: int = 11) -> dict[int, set[tuple[int, int]]]:
    """Write `pages` pages into the store; returns, per planted line, the (document, page) it went on.

    Each document also gets a stored notice dated in 2022-2025 (DATES holds them), as a scan would store it."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(POOL):
        raw = "\n".join(page_lines(rng))
        norm = normalize(raw)
        bodies.append((raw, norm.text, norm.map_bytes()))
    planted: dict[int, set[tuple[int, int]]] = {i: set() for i in range(len(PLANTS))}
    documents = max(1, pages // PAGES_PER_DOC)
    vendor_docs = set(rng.sample(range(1, documents + 1), max(1, documents // 50)))
    for first in range(0, documents, 250):
        with transaction(conn):
            for document_id in range(first + 1, min(first + 250, documents) + 1):
                _document(conn, rng, document_id, bodies, planted, document_id in vendor_docs)
    return planted


def _document(
    conn: sqlite3.Connection, rng: random.Random, document_id: int, bodies: list, planted: dict, names_vendor: bool
) -> None:
    stamp = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T08:00:00.000000Z"
    stated = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    DATES[document_id] = stated
    conn.execute(
        "INSERT INTO documents(id, sha256, size, media_type, page_count, first_seen, last_seen) VALUES (?,?,?,?,?,?,?)",
        (document_id, f"{document_id:064x}", 1, "text/plain", PAGES_PER_DOC, stamp, stamp),
    )
    conn.execute(
        "INSERT INTO document_names(document_id, name, path, first_seen) VALUES (?,?,?,?)",
        (document_id, f"gen-{document_id:05d}.pdf", f"gen-{document_id:05d}.pdf", stamp),
    )
    rows, findings = [], []
    for number in range(1, PAGES_PER_DOC + 1):
        raw, norm, blob = rng.choice(bodies)
        # Added lines are NFKC-stable apart from one-to-one folds, so the body's offset map stays valid.
        tail = f"\n附件编号 GEN-{document_id}-{number}"
        if rng.random() < PLANT_RATE * len(PLANTS):
            which = rng.randrange(len(PLANTS))
            text, category = PLANTS[which]
            tail += "\n" + text
            planted[which].add((document_id, number))
            if category:
                findings.append(
                    (document_id, number, category, "critical", f"{category}/bench", "bench", text, 0, 1, text)
                )
        rows.append((document_id, number, raw + tail, norm + normalize(tail).text, blob, "txt"))
    conn.executemany(
        "INSERT INTO pages(document_id, number, raw_text, norm_text, norm_map, method) VALUES (?,?,?,?,?,?)", rows
    )
    conn.executemany(
        "INSERT INTO findings(document_id, page, category, severity, rule, taxonomy_version, quote,"
        " start, end, context) VALUES (?,?,?,?,?,?,?,?,?,?)",
        findings,
    )
    conn.execute(
        "INSERT INTO notices(document_id, version, title, kind, document_date, data, extracted_at)"
        " VALUES (?, ?, ?, 'tender', ?, '{}', ?)",
        (document_id, notice_version(), f"gen-{document_id}", stated, stamp),
    )
    if names_vendor:
        conn.execute(
            "INSERT INTO entities(document_id, page, kind, text, start, end, source, name, listed)"
            " VALUES (?, 1, 'vendor', '海康威视', 0, 4, 'bench', '海康威视', 1)",
            (document_id,),
        )


def check_offsets(conn: sqlite3.Connection, sample: int = 200) -> None:
    """The stored norm_text and offset map must mean what normalize() gives for the raw text."""
    for raw, norm, blob in conn.execute(
        "SELECT raw_text, norm_text, norm_map FROM pages ORDER BY random() LIMIT ?", (sample,)
    ):
        expected, stored = normalize(raw), Normalized.from_store(norm, blob)
        if expected.text != norm or any(expected.to_raw(i) != stored.to_raw(i) for i in range(len(norm) + 1)):
            raise SystemExit("generated page does not match normalize(); fix the generator")


def like_search(conn: sqlite3.Connection, query: str, filters: Filters, limit: int) -> list[tuple[int, int]]:
    """The naive baseline: each typed term as LIKE '%term%' over norm_text, first `limit` pages, no ranking."""
    groups: list[list[str]] = []
    unwanted: list[str] = []
    joined = False
    for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', LIKE_FORMS.get(query, query)):
        if bare == "OR":
            joined = True
            continue
        if bare and bare.startswith("-"):
            unwanted.append(bare[1:])
            continue
        if not joined:
            groups.append([])
        groups[-1].append(quoted or bare)
        joined = False
    where = ["(" + " OR ".join(["norm_text LIKE ?"] * len(group)) + ")" for group in groups]
    where += ["norm_text NOT LIKE ?"] * len(unwanted)
    params: list[object] = [f"%{term}%" for group in groups for term in group] + [f"%{t}%" for t in unwanted]
    if filters.categories or filters.severity:
        values = [*filters.categories, *([filters.severity] if filters.severity else [])]
        where.append(
            "EXISTS (SELECT 1 FROM findings f WHERE f.document_id = p.document_id AND f.page = p.number"
            + (" AND f.category = ?" if filters.categories else "")
            + (" AND f.severity = ?" if filters.severity else "")
            + ")"
        )
        params += values
    if filters.vendors:
        where.append("p.document_id IN (SELECT document_id FROM entities WHERE kind = 'vendor' AND name LIKE ?)")
        params.append(f"%{filters.vendors[0]}%")
    if filters.since or filters.until:
        where.append("p.document_id IN (SELECT document_id FROM notices WHERE document_date BETWEEN ? AND ?)")
        params += [(filters.since or date.min).isoformat(), (filters.until or date.max).isoformat()]
    sql = f"SELECT document_id, number FROM pages p WHERE {' AND '.join(where)} LIMIT ?"
    return conn.execute(sql, [*params, limit]).fetchall()


def _in_range(document_id: int, filters: Filters) -> bool:
    stated = DATES[document_id]
    return (not filters.since or stated >= filters.since.isoformat()) and (
        not filters.until or stated <= filters.until.isoformat()
    )


def kind_of(text: str, filters: Filters) -> str:
    return KINDS.get(text) or ("date" if filters.since or filters.until else "base")


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - start) * 1000, result


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def recall(conn: sqlite3.Connection, planted: dict[int, set[tuple[int, int]]]) -> tuple[bool, bool]:
    """Whether search, and whether LIKE, return exactly the planted pages for the checked queries."""
    search_ok = like_ok = True
    for text, filters, expected in MIX:
        if expected is None:
            continue
        truth = (
            {p for p in set().union(*(planted[i] for i in expected)) if _in_range(p[0], filters)} if expected else set()
        )
        found = {(h.document_id, h.page) for h in run(conn, text, filters, limit=5000).hits}
        liked = set(map(tuple, like_search(conn, text, filters, 100000)))
        if found != truth:
            print(f"  search {text!r}: {len(found)} pages, expected {len(truth)}")
            search_ok = False
        like_ok = like_ok and liked == truth
    return search_ok, like_ok


def _folded(text: str) -> str:
    """`text` folded as search folds it, separators as spaces: what a trigram index over folded text would hold."""
    codes, kinds = fold(text)
    return np.where(kinds == SEPARATOR, ord(" "), codes).astype(np.uint32).tobytes().decode("utf-32-le")


def trigram(conn: sqlite3.Connection, limit: int, rounds: int) -> tuple[float, float, float, int]:
    """Build an FTS5 trigram index over the folded page text; query 3+ character terms by it, the rest by LIKE."""
    conn.execute("DROP TABLE IF EXISTS bench_trigram")
    conn.execute("CREATE VIRTUAL TABLE bench_trigram USING fts5(body, content='', tokenize='trigram')")
    start = time.perf_counter()
    rows = conn.execute("SELECT document_id, number, norm_text FROM pages").fetchall()
    for offset in range(0, len(rows), 5000):
        chunk = rows[offset : offset + 5000]
        folded = [_folded(r[2]) for r in chunk]
        with transaction(conn):
            conn.executemany(
                "INSERT INTO bench_trigram(rowid, body) VALUES (?, ?)",
                [(index.page_key(r[0], r[1]), f) for r, f in zip(chunk, folded)],
            )
    build = time.perf_counter() - start
    size = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'bench_trigram%'").fetchone()[0]
    samples = []
    for _ in range(rounds):
        for text, filters, _ in MIX:
            terms = text.replace('"', "").replace(" OR ", " ").split()
            if all(len(t) >= 3 for t in terms):
                match = " AND ".join('"' + _folded(t) + '"' for t in terms)
                sql = "SELECT rowid FROM bench_trigram WHERE bench_trigram MATCH ? ORDER BY rank LIMIT ?"
                samples.append(timed(lambda q, m: conn.execute(q, (m, limit)).fetchall(), sql, match)[0])
            else:
                samples.append(timed(like_search, conn, text, filters, limit)[0])
    conn.execute("DROP TABLE bench_trigram")
    return (build, *percentiles(samples), size)


def on_postgresql(conn: sqlite3.Connection, tmp: Path, limit: int, rounds: int) -> tuple[float, float, float]:
    """The same query mix on a PostgreSQL copy of the store (`oversight store copy`'s path), in a throwaway cluster."""
    from oversight.store.cluster import start_cluster
    from oversight.store.copy import copy_store
    from oversight.store.db import open_store

    cluster = start_cluster()
    try:
        target = open_store(cluster.create_database("bench"))
        start = time.perf_counter()
        copy_store(conn, target, tmp / "blobs", tmp / "pg-blobs")
        run(target, "海康", Filters(), limit)  # the first search builds the PostgreSQL index
        build = time.perf_counter() - start
        for text, filters, _ in MIX:  # warm-up round
            run(target, text, filters, limit)
        samples = [timed(run, target, text, filters, limit)[0] for _ in range(rounds) for text, filters, _ in MIX]
        target.close()
        return (build, *percentiles(samples))
    finally:
        cluster.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="times the query mix runs through search")
    parser.add_argument("--compare", action="store_true", help="also build and time an FTS5 trigram index")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="also copy the store into a throwaway PostgreSQL cluster and run the same queries there",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.db")
        start = time.perf_counter()
        planted = generate(conn, args.pages)
        check_offsets(conn)
        generate_s = time.perf_counter() - start
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]

        build_ms, indexed = timed(index.update, conn)
        size = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_index%'").fetchone()[0]
        text_size = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'pages'").fetchone()[0]
        print(
            f"pages={pages} generated in {generate_s:.1f}s; index built in {build_ms / 1000:.1f}s "
            f"({indexed} pages), {size / 2**20:.0f} MiB (page table {text_size / 2**20:.0f} MiB)"
        )

        search_ok, like_ok = recall(conn, planted)
        for text, filters, _ in MIX:  # warm-up round
            run(conn, text, filters, args.limit)
        samples: dict[str, list[float]] = {text: [] for text, _, _ in MIX}
        for _ in range(args.rounds):
            for text, filters, _ in MIX:
                samples[text].append(timed(run, conn, text, filters, args.limit)[0])
        like_samples = {text: timed(like_search, conn, text, filters, args.limit)[0] for text, filters, _ in MIX}
        print(f"{'query':28} {'kind':7} {'search ms (median)':>18} {'LIKE ms':>9}")
        for text, filters, _ in MIX:
            kind = kind_of(text, filters)
            print(f"{text:28} {kind:7} {statistics.median(samples[text]):18.1f} {like_samples[text]:9.1f}")
        p50, p95 = percentiles([s for values in samples.values() for s in values])
        like_p50, like_p95 = percentiles(list(like_samples.values()))
        by_kind = {}
        for kind in ("entity", "prefix", "not", "date"):
            ours = [s for text, filters, _ in MIX if kind_of(text, filters) == kind for s in samples[text]]
            theirs = [like_samples[text] for text, filters, _ in MIX if kind_of(text, filters) == kind]
            by_kind[kind] = (percentiles(ours)[1], percentiles(theirs)[1])
            print(f"{kind}: search p95={by_kind[kind][0]:.1f}ms LIKE p95={by_kind[kind][1]:.1f}ms")
        print(
            f"search p50={p50:.1f}ms p95={p95:.1f}ms | LIKE p50={like_p50:.1f}ms p95={like_p95:.1f}ms | "
            f"planted terms exact: search={search_ok} LIKE={like_ok}"
        )
        extra = ""
        if args.compare:
            tri_build, tri_p50, tri_p95, tri_size = trigram(conn, args.limit, max(1, args.rounds // 2))
            print(
                f"FTS5 trigram (+LIKE under 3 chars): build {tri_build:.1f}s, {tri_size / 2**20:.0f} MiB, "
                f"p50={tri_p50:.1f}ms p95={tri_p95:.1f}ms"
            )
            extra = f" trigram_build_s={tri_build:.1f} trigram_p95_ms={tri_p95:.1f}"
        if args.postgresql:
            pg_build, pg_p50, pg_p95 = on_postgresql(conn, Path(tmp), args.limit, args.rounds)
            print(f"PostgreSQL: copy + index {pg_build:.1f}s, p50={pg_p50:.1f}ms p95={pg_p95:.1f}ms")
            extra += f" pg_index_s={pg_build:.1f} pg_p50_ms={pg_p50:.1f} pg_p95_ms={pg_p95:.1f} pg_over_sqlite={pg_p95 / p95:.2f}"
        conn.close()
    print(
        f"pages={pages} build_s={build_ms / 1000:.1f} index_mib={size / 2**20:.0f} p50_ms={p50:.1f} "
        f"p95_ms={p95:.1f} like_p50_ms={like_p50:.1f} like_p95_ms={like_p95:.1f} speedup={like_p95 / p95:.1f} "
        f"exact={str(search_ok).lower()} "
        + " ".join(
            f"{kind}_p95_ms={ours:.1f} {kind}_like_p95_ms={theirs:.1f}" for kind, (ours, theirs) in by_kind.items()
        )
        + extra
    )


if __name__ == "__main__":
    main()
