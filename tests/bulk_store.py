"""Stores of many documents generated straight into the store (no ingest, no scan), for report scale tests.

Reading and scanning 40,000 files takes hours on a laptop; a report only reads what the store holds, so these
stores are written through the store's own API (documents with pages, findings, entities, screening outcome, the
scan records and notices) into a real SQLite file. Documents vary the way a real corpus does: many buyers and
vendors (more of them as the corpus grows), a few listed ones, dates over several years, half with findings.
"""

from __future__ import annotations

import hashlib
import random
import zlib
from pathlib import Path
from typing import TypeVar

from oversight.detect.taxonomy import load
from oversight.entities.notice import stored_form, version
from oversight.store import notices, results
from oversight.store.analyses import CAPABILITIES, PARTIES
from oversight.store.db import open_store
from oversight.store.rows import DocumentRow, EntityRow, FindingRow, PageRow, StageRows
from oversight.text.normalize import normalize
from tests.synthetic import page_lines

_Target = TypeVar("_Target", str, Path)
_DEPARTMENTS = ("公安局", "公安分局", "教育局", "交通运输局", "卫生健康委员会", "司法局")
_PLACES = "芸苒青山北湖东川南岭西岚安平永和临泽清河长宁石门"
_CAPABILITY = "系统须支持{what}，并与平台对接，第{k}项。"
_WHAT = ("车辆轨迹分析", "布控预警", "视频结构化检索", "手机信息采集", "人员聚集告警")


def _page(number: int, text: str) -> PageRow:
    norm = normalize(text)
    return PageRow(number, None, text, norm.text, norm.map_bytes(), "text", None, None, 595.0, 842.0, None)


def _pages(rng: random.Random, index: int, buyer: str, count: int) -> list[PageRow]:
    year, month, day = rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28)
    head = [
        f"项目编号：ZFCG{year}-{index:06d}",
        f"采购人：{buyer}　采购代理机构：公共资源交易中心",
        f"预算金额：{rng.randint(10, 9000)}.00万元（人民币）",
        f"投标文件递交截止时间：{year}年{month}月{day}日 09点30分（北京时间）。",
    ]
    texts = ["\n".join(head + page_lines(rng, 3))]
    texts += ["\n".join(page_lines(rng, 6)) for _ in range(count - 1)]
    return [_page(n, t) for n, t in enumerate(texts, 1)]


def _findings(rng: random.Random, page: PageRow, rules: list[tuple[str, str, str]]) -> tuple[PageRow, list[FindingRow]]:
    """The page with capability lines appended and one finding per line, its quote a slice of the raw text."""
    text, found = page.raw_text, []
    for k, (rule, category, severity) in enumerate(rng.sample(rules, rng.choice((0, 0, 1, 1, 2, 3)))):
        line = _CAPABILITY.format(what=rng.choice(_WHAT), k=k + 1)
        start = len(text) + 1
        text = f"{text}\n{line}"
        found.append(FindingRow(page.number, category, severity, rule, line, start, start + len(line), line, "bulk"))
    return (_page(page.number, text) if found else page), found


def _entities(rng: random.Random, buyer: str, vendors: int, listed_every: int) -> list[EntityRow]:
    vendor = rng.randrange(vendors)
    name = f"{_PLACES[vendor % len(_PLACES)]}{vendor}号科技有限公司"
    rows = [
        EntityRow(1, "buyer", buyer, 0, len(buyer), "notice", None, None, None, buyer, False, (), None, None, None),
        EntityRow(2, "vendor", name, 0, len(name), "table", None, None, None, name, False, (), None, None, None),
    ]
    if vendor % listed_every == 0:
        rows[1] = rows[1]._replace(listed=True, lists=("generated list",), explanation="generated", role="supplier")
    if zlib.crc32(buyer.encode()) % listed_every == 0:
        rows[0] = rows[0]._replace(listed=True, lists=("generated list",), role="buyer")
    return rows


def bulk_store(db: _Target, documents: int, pages: int = 3, seed: int = 11) -> _Target:
    """Write `documents` generated documents of `pages` pages each into the store `db` names (an SQLite path or a
    PostgreSQL URL; created)."""
    taxonomy = load()
    rules = [(r.id, r.category, r.severity) for r in taxonomy.rules]
    conn = open_store(db)
    rng = random.Random(seed)
    buyers, vendors = max(1, documents // 8), max(1, documents // 20)
    categories = tuple(sorted({r[1] for r in rules}))
    for index in range(documents):
        place = _PLACES[rng.randrange(len(_PLACES))] + _PLACES[rng.randrange(len(_PLACES))]
        buyer = f"{place}市第{rng.randrange(buyers)}{rng.choice(_DEPARTMENTS)}"
        rows = _pages(rng, index, buyer, pages)
        rows[-1], found = _findings(rng, rows[-1], rules)
        sha = hashlib.sha256(f"{seed}-{index}".encode()).hexdigest()
        name = f"notice-{index:06d}.pdf"
        document = DocumentRow(sha, 4096 + index, "application/pdf", name, f"in/{name}", None, rows)
        analysis = [
            StageRows(CAPABILITIES, taxonomy.version, found, categories),
            StageRows(PARTIES, "bulk", [], (), _entities(rng, buyer, vendors, 40), [], "export-control"),
        ]
        results.write_document(conn, document, analysis)
    notices.refresh(conn, stored_form, version())
    conn.close()
    return db
