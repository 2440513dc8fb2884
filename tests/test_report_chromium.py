"""The report in a real browser (headless Chromium via Playwright): quotes and highlights visible, page images
loaded, our sorting script running, and no script from document text running, even if escaping were bypassed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.fixtures import CHROMIUM, Store, document_json

TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


class Visit:
    """A page opened in a fresh context, recording dialogs, console messages and page errors."""

    def __init__(self, browser: object, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def pwned(self) -> object:
        return self.page.evaluate("typeof window.__pwned === 'undefined' ? null : window.__pwned")

    def close(self) -> None:
        self.context.close()


def _visible_in_viewport(page: object, locator: object) -> dict:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    viewport, slack = page.viewport_size, 2  # sub-pixel layout may overhang by a fraction of a pixel
    assert box["y"] >= -slack and box["y"] + box["height"] <= viewport["height"] + slack
    assert box["x"] >= -slack and box["x"] + box["width"] <= viewport["width"] + slack
    return box


def test_quotes_highlights_and_page_images_are_visible(browser: object, built_report: Path) -> None:
    html, record = document_json(built_report, "spec-sheet.pdf")
    visit = Visit(browser, html)
    try:
        for finding in (f for f in record["findings"] if "anchor" in f):  # folded look-alikes have no card
            article = visit.page.locator(f"#{finding['anchor']}")
            mark = article.locator("mark.quote")
            assert mark.text_content() == finding["quote"].replace("\r\n", "\n")
            _visible_in_viewport(visit.page, mark)
            background = mark.evaluate("element => getComputedStyle(element).backgroundColor")
            assert background not in TRANSPARENT
            image = article.locator("figure img")
            image.scroll_into_view_if_needed()  # images load lazily, as a reader scrolls
            image.evaluate("img => img.complete ? true : new Promise(done => img.addEventListener('load', done))")
            assert image.evaluate("img => img.naturalWidth") > 100
            _visible_in_viewport(visit.page, image)
        assert not visit.errors and not visit.dialogs
        assert not [m for m in visit.console if "Content Security Policy" in m]
    finally:
        visit.close()


@pytest.mark.parametrize("name", ["inject.txt", "inject.html", "inject.pdf"])
def test_script_in_document_text_does_not_run(browser: object, built_report: Path, name: str) -> None:
    html, record = document_json(built_report, name)
    assert record["findings"], "the injected text must reach the report through findings"
    visit = Visit(browser, html)
    try:
        assert visit.pwned() is None and not visit.dialogs and not visit.errors
        # Escaping held, so the browser never even had to block anything.
        assert not [m for m in visit.console if "Content Security Policy" in m]
        mark = visit.page.locator(".finding mark.quote").first
        _visible_in_viewport(visit.page, mark)
    finally:
        visit.close()


def test_csp_stops_markup_that_escaped_escaping(browser: object, built_report: Path, tmp_path: Path) -> None:
    """Defence in depth: markup pasted raw into a report page is blocked by the page's own policy."""
    html, _ = document_json(built_report, "inject.txt")
    page = html.read_text(encoding="utf-8").replace(
        "<h1>", '<h1><script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">', 1
    )
    forged = tmp_path / "forged.html"
    forged.write_text(page, encoding="utf-8")
    visit = Visit(browser, forged)
    try:
        assert visit.pwned() is None and not visit.dialogs
        assert [m for m in visit.console if "Content Security Policy" in m]
    finally:
        visit.close()


def test_index_table_sorts_with_our_script(browser: object, built_report: Path) -> None:
    visit = Visit(browser, built_report / "index.html")
    try:
        header = visit.page.locator("#documents thead th", has_text="Findings")
        cells = visit.page.locator("#documents tbody tr td:nth-child(7)")

        def counts() -> list[int]:
            return [int(c.get_attribute("data-sort")) for c in cells.all()]

        header.click()
        assert counts() == sorted(counts())
        header.click()
        assert counts() == sorted(counts(), reverse=True) and len(set(counts())) > 1
        assert header.get_attribute("aria-sort") == "descending"
        charts = visit.page.locator("svg.chart")
        assert charts.count() >= 4
        index = json.loads((built_report / "index.json").read_text(encoding="utf-8"))
        link = visit.page.locator("#documents tbody a").first
        assert link.get_attribute("href") in {d["href"] for d in index["documents"]}
        assert not visit.errors and not [m for m in visit.console if "Content Security Policy" in m]
    finally:
        visit.close()
