"""`oversight report` on a real scanned store: pages per document, quotes that are raw slices, escaping, CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import numpy as np
from PIL import Image
from typer.testing import CliRunner

from oversight.cli import app
from oversight.store.blobs import blob_path
from tests.fixtures import PAYLOAD_IMG, PAYLOAD_SCRIPT, Store, document_json, fetch, run_cli


def _raw_pages(db: str) -> dict[tuple[str, int], str]:
    found = fetch(db, "SELECT d.sha256, p.number, p.raw_text FROM pages p JOIN documents d ON d.id = p.document_id")
    return {(r[0], r[1]): r[2] for r in found}


def test_report_has_a_page_per_document_in_three_formats(built_report: Path, scanned_store: Store) -> None:
    index = json.loads((built_report / "index.json").read_text(encoding="utf-8"))
    stored = fetch(scanned_store.db, "SELECT sha256 FROM documents")
    assert len(index["documents"]) == len(stored) == len(list(scanned_store.inputs.iterdir()))
    for row in index["documents"]:
        html = built_report / row["href"]
        assert html.exists() and html.with_suffix(".md").exists() and html.with_suffix(".json").exists()
    tree = lxml.html.parse(str(built_report / "index.html"))
    links = {a.get("href") for a in tree.iter("a")}
    assert {row["href"] for row in index["documents"]} <= links
    assert index["summary"]["findings"] == sum(r["findings"] for r in index["documents"]) > 0


def test_every_quote_is_the_raw_text_at_its_offsets(built_report: Path, scanned_store: Store) -> None:
    raw = _raw_pages(scanned_store.db)
    [(stored,)] = fetch(scanned_store.db, "SELECT COUNT(*) FROM findings")
    seen = 0
    for path in (built_report / "documents").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        sha = record["document"]["sha256"]
        for finding in record["findings"]:
            text = raw[(sha, finding["page"])]
            start, end = finding["start"], finding["end"]
            assert text[start:end] == finding["quote"]
            before = text[max(0, start - len(finding["context_before"]) - 5) : start].replace("\r\n", "\n")
            assert before.endswith(finding["context_before"])
            seen += 1
    assert seen == stored


def test_document_facts_come_from_the_document(built_report: Path) -> None:
    _, award = document_json(built_report, "award-xikou.html")
    meta = award["metadata"]
    assert meta["buyer"]["text"] == "溪口县公安局" and meta["region"] == "溪口县"
    assert meta["supplier"]["text"] == "杭州海康威视数字技术股份有限公司"
    assert meta["project_number"]["text"] == "XKZFCG-2025-021"
    assert meta["is_award"] and meta["amounts"][0]["value"] == 12_856_000
    _, tender = document_json(built_report, "tender-xikou.txt")  # GB18030 on disk
    assert tender["metadata"]["amounts"][0]["value"] == 23_600_000 and not tender["metadata"]["is_award"]
    names = tender["document"]["names"]
    assert names[0]["name"] == "tender-xikou.txt" and names[0]["first_seen"]
    assert len(tender["document"]["sha256"]) == 64


def test_pdf_findings_carry_a_boxed_page_image(built_report: Path) -> None:
    _, spec = document_json(built_report, "spec-sheet.pdf")
    assert spec["findings"]
    for finding in spec["findings"]:
        image = Image.open(built_report / "documents" / finding["image"]).convert("RGB")
        assert 100 < image.height < image.width  # a band of the page, not the whole page
        pixels = np.asarray(image).astype(int)
        frame = (pixels[..., 0] > 180) & (pixels[..., 1] < 40) & (pixels[..., 2] < 40)
        assert frame.sum() > 50, finding["quote"]
    _, text_doc = document_json(built_report, "tender-xikou.txt")
    assert text_doc["findings"] and all(f["image"] is None for f in text_doc["findings"])


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_document_text_is_inert_html(built_report: Path) -> None:
    pages = [built_report / "index.html", *sorted((built_report / "documents").glob("*.html"))]
    for page in pages:
        tree = lxml.html.parse(str(page))
        scripts = tree.findall(".//script")
        assert len(scripts) == 1 and "__pwned" not in (scripts[0].text or "")
        for element in tree.iter():
            if isinstance(element.tag, str):
                assert not [a for a in element.attrib if a.lower().startswith("on")], (page, element.tag)
        for image in tree.iter("img"):
            assert image.get("src").startswith("img/")
        csp = tree.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert f"script-src '{_digest(scripts[0].text)}'" in csp
        assert f"style-src '{_digest(tree.find('.//style').text)}'" in csp
        assert not re.search(r"https?://", csp)
    html_path, _ = document_json(built_report, "inject.txt")
    text = lxml.html.parse(str(html_path)).getroot().text_content()
    assert PAYLOAD_SCRIPT in text and PAYLOAD_IMG in text  # shown as text, not dropped


def test_markdown_escapes_document_text(built_report: Path) -> None:
    html_path, _ = document_json(built_report, "inject.txt")
    markdown = html_path.with_suffix(".md").read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "<svg" not in markdown
    assert "&lt;script&gt;" in markdown and "**" in markdown


def test_report_on_named_documents_and_bad_names(scanned_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "r"
    code, stdout = run_cli("report", "spec-sheet.pdf", "no-such-file.pdf", "-o", out, "--db", scanned_store.db)
    assert code == 3 and stdout.strip().endswith("index.html")
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in index["documents"]] == ["spec-sheet.pdf"]


def test_report_on_a_store_without_scans(tmp_path: Path, scanned_store: Store, new_store: str) -> None:
    db = new_store
    code, _ = run_cli("report", "--all", "-o", tmp_path / "empty", "--db", db)
    assert code == 2
    assert run_cli("ingest", scanned_store.inputs / "spec-sheet.pdf", "--db", db)[0] == 0
    code, _ = run_cli("report", "--all", "-o", tmp_path / "r", "--db", db, "--no-images")
    assert code == 0
    [page] = (tmp_path / "r" / "documents").glob("*.html")
    assert "Not scanned yet" in page.read_text(encoding="utf-8")


def test_missing_or_damaged_originals_do_not_stop_the_report(
    scanned_store: Store, store_copy: Callable[[Store], Store], tmp_path: Path
) -> None:
    copy = store_copy(scanned_store)
    db = copy.db
    shas = dict(fetch(db, "SELECT n.name, d.sha256 FROM documents d JOIN document_names n ON n.document_id = d.id"))
    blob_path(copy.blobs, shas["spec-sheet.pdf"]).unlink()
    damaged = blob_path(copy.blobs, shas["inject.pdf"])
    damaged.chmod(0o644)
    damaged.write_bytes(b"%PDF-1.4 truncated")
    result = CliRunner().invoke(app, ["report", "--all", "-o", str(tmp_path / "r"), "--db", str(db)])
    assert result.exit_code == 0 and result.stdout.strip().endswith("index.html")
    assert "warning: inject.pdf: page 1 not rendered" in result.stderr
    _, spec = document_json(tmp_path / "r", "spec-sheet.pdf")
    assert spec["findings"] and all(f["image"] is None for f in spec["findings"])
    html, _ = document_json(tmp_path / "r", "spec-sheet.pdf")
    assert "missing from the store" in html.read_text(encoding="utf-8")
