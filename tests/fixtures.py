"""Fixtures for the report and export tests: a real store built by `oversight scan` from the bundled samples plus
documents whose text tries to run script in a report (as a TXT file, an HTML page and a PDF text layer)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.generate import write_pdf
from oversight.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "documents"
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


# Fixtures imported into several test modules are instantiated once per module; the finished store and report
# are therefore kept under the session's base temp folder and reused.


@pytest.fixture(scope="session")
def scanned_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Samples and injection documents ingested and scanned (findings and, once wired, entities)."""
    root = tmp_path_factory.getbasetemp() / "report-store"
    store = Store(db=root / "o.db", inputs=root / "inputs")
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        make_inputs(store.inputs)
        code, out = run_cli("scan", store.inputs, "--db", store.db, "--jobs", "1", "--format", "jsonl")
        assert code == 0, out
        assert any(json.loads(line)["type"] == "finding" for line in out.splitlines() if line.startswith("{"))
        (root / "done").touch()
    return store


@pytest.fixture(scope="session")
def built_report(scanned_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`oversight report --all` over the scanned store; returns the report folder."""
    out = tmp_path_factory.getbasetemp() / "report-built" / "report"
    if not (out / "index.html").exists():
        code, stdout = run_cli("report", "--all", "-o", out, "--db", scanned_store.db)
        assert code == 0
        assert Path(stdout.strip().splitlines()[-1]) == (out / "index.html").resolve()
    return out


def document_json(report: Path, file_name: str) -> tuple[Path, dict]:
    """(HTML path, JSON record) of the document page for the file that arrived as `file_name`."""
    for path in sorted((report / "documents").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        if any(n["name"] == file_name for n in record["document"]["names"]):
            return path.with_suffix(".html"), record
    raise AssertionError(f"no document page for {file_name}")
