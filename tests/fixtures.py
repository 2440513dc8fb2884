"""Helpers of the report and export tests: the bundled samples plus documents whose text tries to run script in a
report (as a TXT file, an HTML page and a PDF text layer), and an in-process CLI runner. The session fixtures that
build a scanned store and a report from them are in conftest.py."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

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
    db: Path
    inputs: Path


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
