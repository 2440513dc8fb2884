"""Helpers of the report and export tests: the bundled samples plus documents whose text tries to run script in a
report (as a TXT file, an HTML page and a PDF text layer), and an in-process CLI runner. The session fixtures that
build a scanned store and a report from them are in conftest.py."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from oversight.cli import app
from tests.synthetic import write_pdf

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "documents"
# Headless Chromium for the report and workbench browser tests.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PAYLOAD_SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1;alert(2)">'

INJECT_TXT = f"""{PAYLOAD_SCRIPT}溪口县视频监控项目招标公告
项目编号：XK-INJ-001
采购人：<img src=x onerror=alert(3)>溪口县公安局
一、采购需求
1. 平台须支持少数民族人员识别{PAYLOAD_SCRIPT}，对维吾尔族{PAYLOAD_IMG}等重点群体实时预警；
2. <svg onload=alert(4)>建设电子围栏与WiFi探针，采集手机MAC地址。
"""

INJECT_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>
<script>window.__pwned=1</script></head><body><div class="vF_detail_content">
<p>项目编号：XK-INJ-002</p>
<p>前端部署人脸识别摄像机&lt;script&gt;window.__pwned=1&lt;/script&gt;，支持布控预警。</p>
<p>&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;平台支持人员轨迹查询与一人一档。</p>
</div></body></html>
"""

INJECT_PDF_LINES = [
    "Checkpoint Analytics Server (injection sample)",
    f"Face attributes: ethnic minority (Uighur) alert {PAYLOAD_IMG}",
    f"{PAYLOAD_SCRIPT} Licence plate recognition at checkpoints.",
]


@dataclass(frozen=True)
class Store:
    db: str  # an SQLite path or a postgresql:// URL, as --db takes it
    inputs: Path
    blobs: Path


@contextmanager
def opened(db: str) -> Iterator[Any]:
    """A connection to the store `db` (either backend), closed when the block ends."""
    from oversight.store.db import open_store

    conn = open_store(db, migrate=False)
    try:
        yield conn
    finally:
        conn.close()


def fetch(db: str, sql: str, parameters: tuple = ()) -> list:
    """The rows of one query on the store `db` (either backend), read on a connection closed at once."""
    with opened(db) as conn:
        return conn.execute(sql, parameters).fetchall()


def copy_into(source: str, target: str, blobs: Path | None = None) -> str:
    """Copy the store `source` (originals under `blobs`, else beside it) into the new store `target`; returns
    `target`. SQLite to SQLite copies the file as it is; anything else goes through `oversight store copy`'s code."""
    from oversight.store.copy import copy_store
    from oversight.store.db import blob_dir, open_store
    from oversight.store.postgres import is_url

    blobs = blobs or blob_dir(source)
    if not is_url(source) and not is_url(target):
        conn = sqlite3.connect(source)
        conn.execute("VACUUM INTO ?", (target,))
        conn.close()
        if blobs.is_dir():
            shutil.copytree(blobs, blob_dir(target))
        return target
    src, dst = open_store(source), open_store(target)
    try:
        copy_store(src, dst, blobs, blob_dir(target))
    finally:
        src.close()
        dst.close()
    return target


def run_cli(*args: str) -> tuple[int, str]:
    """Run an oversight command in-process; returns (exit code, stdout)."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout


def make_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, folder / sample.name)
    (folder / "inject.txt").write_text(INJECT_TXT, encoding="utf-8")
    (folder / "inject.html").write_text(INJECT_HTML, encoding="utf-8")
    write_pdf(folder / "inject.pdf", [INJECT_PDF_LINES])
    return folder


def document_json(report: Path, file_name: str) -> tuple[Path, dict]:
    """(HTML path, JSON record) of the document page for the file that arrived as `file_name`."""
    for path in sorted((report / "documents").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if any(n["name"] == file_name for n in record["document"]["names"]):
            return path.with_suffix(".html"), record
    raise AssertionError(f"no document page for {file_name}")
