"""The workbench in a real browser (headless Chromium via Playwright) against a real server and a scanned store:
triage → document → a decision that the report then shows; two reviewers on one finding; hostile text and file
names; team mode's sign-in, roles and CSRF; downloads that cannot leave the blob folder; a phone viewport; axe-core.
"""

from __future__ import annotations

import csv
import io
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oversight.serve.app import create_app
from oversight.serve.auth import LocalAuth, TeamAuth, hash_password
from oversight.store import review
from oversight.store.accounts import put_account
from oversight.store.db import blob_dir, open_store
from tests.fixtures import CHROMIUM, INJECT_TXT, Store, copy_into, document_json, opened, run_cli

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
uvicorn = pytest.importorskip("uvicorn")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1;alert(9)">报告.txt'
TOKEN = "test-token-0123456789"
PHONE = {"width": 390, "height": 844}
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


class Server:
    """A real uvicorn server on a free port, in a thread."""

    def __init__(self, db: str, auth: LocalAuth | TeamAuth) -> None:
        config = uvicorn.Config(create_app(db, blob_dir(db), auth), host="127.0.0.1", port=0, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@dataclass(frozen=True)
class Bench:
    db: str
    url: str


@pytest.fixture(scope="module")
def store(scanned_store: Store, fresh_store: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the scanned store, plus a document whose file name and text carry markup."""
    root = tmp_path_factory.mktemp("serve-store")
    db = copy_into(scanned_store.db, fresh_store("serve"), scanned_store.blobs)
    hostile = root / "in"
    hostile.mkdir()
    (hostile / HOSTILE_NAME).write_text(INJECT_TXT.replace("溪口县", "北岭县"), encoding="utf-8")
    code, out = run_cli("scan", hostile, "--db", db, "--jobs", "1", "--format", "jsonl")
    assert code == 0, out
    return db


@pytest.fixture(scope="module")
def local(store: str) -> Iterator[Bench]:
    server = Server(store, LocalAuth(TOKEN, "ana"))
    yield Bench(store, server.url)
    server.stop()


class Tab:
    """A page in a fresh context that records dialogs and page errors."""

    def __init__(self, browser: object, viewport: dict[str, int] | None = None, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> object:
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        return response

    def pwned(self) -> object:
        return self.page.evaluate("typeof window.__pwned === 'undefined' ? null : window.__pwned")

    def close(self) -> None:
        self.context.close()


def _open_document(tab: Tab, bench: Bench, file_name: str) -> None:
    tab.open(f"{bench.url}/?token={TOKEN}")
    tab.page.locator("#documents tbody tr", has_text=file_name).locator("a").first.click()
    tab.page.wait_for_load_state("load")


def test_triage_to_a_confirmed_finding_that_the_report_shows(browser: object, local: Bench, tmp_path: Path) -> None:
    tab = Tab(browser)
    try:
        _open_document(tab, local, "spec-sheet.pdf")
        card = tab.page.locator("article.finding").first
        assert card.locator(".badge").first.text_content() == "critical"  # the critical finding comes first
        anchor = card.get_attribute("id")
        card.locator("input[value=confirmed]").check()
        card.locator("textarea[name=note]").fill("Checked against the page image")
        card.locator("button[type=submit]").click()
        tab.page.wait_for_load_state("load")
        card = tab.page.locator(f"#{anchor}")
        assert card.locator(".state").first.text_content() == "confirmed"
        assert "Checked against the page image" in card.locator(".review-note").text_content()
        image = card.locator("figure img")
        image.scroll_into_view_if_needed()
        loaded = (
            "img => img.complete ? img.naturalWidth"
            " : new Promise(done => img.addEventListener('load', () => done(img.naturalWidth)))"
        )
        assert image.evaluate(loaded) > 100
        assert not tab.errors and not tab.dialogs
    finally:
        tab.close()
    code, _ = run_cli("report", "--all", "-o", tmp_path / "r", "--db", local.db)
    assert code == 0
    html, record = document_json(tmp_path / "r", "spec-sheet.pdf")
    [confirmed] = [f for f in record["findings"] if f.get("anchor") == anchor]
    assert confirmed["review"]["state"] == "confirmed"
    assert confirmed["review"]["note"] == "Checked against the page image"
    assert "Checked against the page image" in html.read_text(encoding="utf-8")
    code, _ = run_cli("report", "--all", "--confirmed-only", "-o", tmp_path / "c", "--db", local.db)
    _, only = document_json(tmp_path / "c", "spec-sheet.pdf")
    assert [f["anchor"] for f in only["findings"] if "anchor" in f] == [anchor]
    out = tmp_path / "findings.csv"
    run_cli("export", "findings", "--all", "-f", "csv", "-o", out, "--db", local.db)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    state_column = next((c for c in rows[0] if "review" in c and "state" in c), None) if rows else None
    if state_column is not None:  # exports carry review state once the export stage reads it
        assert any(r[state_column] == "confirmed" for r in rows)
    conn = open_store(local.db)
    decided = review.decisions(conn, "finding")
    conn.close()
    assert [d.state for d in decided.values() if d.note == "Checked against the page image"] == ["confirmed"]


def test_two_reviewers_on_one_finding_neither_is_lost(browser: object, local: Bench) -> None:
    first, second = Tab(browser), Tab(browser)
    try:
        for tab in (first, second):
            _open_document(tab, local, "award-xikou.html")
        key = first.page.locator("article.finding").first.locator("input[name=key]").get_attribute("value")
        for tab, state, note in ((first, "rejected", "benign wording"), (second, "needs-check", "ask a colleague")):
            card = tab.page.locator("article.finding").first
            card.locator(f"input[value={state}]").check()
            card.locator("textarea[name=note]").fill(note)
            with tab.page.expect_navigation():
                card.locator("button[type=submit]").click()
        assert "not saved" in second.page.locator("[role=alert]").text_content()
        assert "rejected" in second.page.locator("table.facts").text_content()
        with opened(local.db) as conn:
            log = review.history(conn, "finding", key)
        expected = [("needs-check", "conflict"), ("rejected", "applied")]
        assert [(e.after["state"], e.outcome) for e in log[:2]] == expected
        with second.page.expect_navigation():
            second.page.locator("form.review button[type=submit]").click()  # decide again on the current version
        with opened(local.db) as conn:
            assert review.decision(conn, "finding", key).state == "needs-check"
    finally:
        first.close()
        second.close()


def test_markup_in_text_and_file_names_never_runs(browser: object, local: Bench, tmp_path: Path) -> None:
    tab = Tab(browser)
    try:
        tab.open(f"{local.url}/?token={TOKEN}")
        assert HOSTILE_NAME in tab.page.locator("#documents").text_content()
        _open_document(tab, local, HOSTILE_NAME)
        assert tab.page.locator("article.finding").count() > 0
        assert HOSTILE_NAME in tab.page.locator("#custody").text_content()
        tab.open(f"{local.url}/search?q=北岭县")
        tab.open(f"{local.url}/party?name=" + "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E")
        assert tab.pwned() is None and not tab.dialogs and not tab.errors
    finally:
        tab.close()
    run_cli("report", "--all", "-o", tmp_path / "r", "--db", local.db)
    html, _ = document_json(tmp_path / "r", HOSTILE_NAME)
    tab = Tab(browser)
    try:
        for page in (tmp_path / "r" / "index.html", html):
            tab.open(page.as_uri())
            assert tab.pwned() is None and not tab.dialogs and not tab.errors
    finally:
        tab.close()


def test_the_token_is_needed_and_downloads_stay_in_the_blob_folder(browser: object, local: Bench) -> None:
    tab = Tab(browser)
    try:
        assert tab.open(f"{local.url}/").status == 401
        assert tab.open(f"{local.url}/?token=wrong").status == 401
        tab.open(f"{local.url}/?token={TOKEN}")
        request = tab.page.request
        conn = open_store(local.db)
        sha = conn.execute("SELECT sha256 FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        response = request.get(f"{local.url}/doc/{sha}/file")
        assert response.status == 200 and response.body() == blob_path_bytes(local.db, sha)
        assert "attachment" in response.headers["content-disposition"]
        for path in (
            "/doc/..%2F..%2F..%2Fetc%2Fpasswd/file",
            "/doc/" + "0" * 64 + "/file",
            "/doc/" + sha[:63] + "%2F/file",
            "/static/..%2F..%2Fstore%2Fdb.py",
        ):
            assert request.get(local.url + path).status == 404, path
        planted = conn.execute("SELECT sha256 FROM documents ORDER BY id DESC LIMIT 1").fetchone()[0]
        blob = blob_dir(local.db) / planted[:2] / planted[2:4] / planted
        saved = blob.read_bytes()
        blob.unlink()
        os.symlink("/etc/passwd", blob)  # a link planted in the blob folder does not lead out of it
        try:
            assert request.get(f"{local.url}/doc/{planted}/file").status == 404
        finally:
            blob.unlink()
            blob.write_bytes(saved)
    finally:
        tab.close()


def blob_path_bytes(db: str, sha: str) -> bytes:
    return (blob_dir(db) / sha[:2] / sha[2:4] / sha).read_bytes()


def _no_overflow(tab: Tab) -> None:
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.page.url}: {width}px wide"


# Layout and accessibility of the pages are the same whatever store fills them: SQLite only.
@SQLITE_ONLY
def test_phone_viewport_has_no_horizontal_overflow(browser: object, local: Bench, tmp_path: Path) -> None:
    run_cli("report", "--all", "-o", tmp_path / "r", "--db", local.db)
    html, _ = document_json(tmp_path / "r", "spec-sheet.pdf")
    tab = Tab(browser, viewport=PHONE)
    try:
        tab.open(f"{local.url}/?token={TOKEN}")
        _no_overflow(tab)
        _open_document(tab, local, "spec-sheet.pdf")
        _no_overflow(tab)
        for page in (tmp_path / "r" / "index.html", html):
            tab.open(page.as_uri())
            _no_overflow(tab)
    finally:
        tab.close()


def _axe(tab: Tab) -> list[str]:
    tab.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = tab.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# Layout and accessibility of the pages are the same whatever store fills them: SQLite only.
@SQLITE_ONLY
def test_axe_finds_no_serious_violations(browser: object, local: Bench, tmp_path: Path) -> None:
    run_cli("report", "--all", "-o", tmp_path / "r", "--db", local.db)
    html, _ = document_json(tmp_path / "r", "spec-sheet.pdf")
    tab = Tab(browser, bypass_csp=True)  # the test injects axe-core, which the pages' own policy would block
    try:
        pages = [tmp_path / "r" / "index.html", html]
        for page in pages:
            tab.open(page.as_uri())
            assert _axe(tab) == [], page.name
        tab.open(f"{local.url}/?token={TOKEN}")
        assert _axe(tab) == [], "triage"
        _open_document(tab, local, "spec-sheet.pdf")
        assert _axe(tab) == [], "document"
        tab.open(f"{local.url}/search?q=海康")
        assert _axe(tab) == [], "search"
    finally:
        tab.close()


@pytest.fixture(scope="module")
def team(store: str) -> Iterator[Bench]:
    conn = open_store(store)
    put_account(conn, "rita", hash_password("reviewer-password"), "reviewer")
    put_account(conn, "vic", hash_password("viewer-password"), "viewer")
    put_account(conn, "ada", hash_password("admin-password"), "admin")
    server = Server(store, TeamAuth())
    yield Bench(store, server.url)
    server.stop()


def _sign_in(tab: Tab, bench: Bench, name: str, password: str) -> object:
    tab.open(f"{bench.url}/login")
    tab.page.fill("#name", name)
    tab.page.fill("#password", password)
    with tab.page.expect_navigation() as navigation:
        tab.page.click("button[type=submit]")
    return navigation.value


def test_team_mode_enforces_sign_in_roles_csrf_and_throttling(browser: object, team: Bench) -> None:
    tab = Tab(browser)
    try:
        tab.open(f"{team.url}/")
        assert tab.page.url.startswith(f"{team.url}/login")
        assert tab.open(f"{team.url}/?token={TOKEN}").url.startswith(f"{team.url}/login")  # no token in team mode
        assert _sign_in(tab, team, "vic", "viewer-password").status == 200
        _open_document(tab, team, "spec-sheet.pdf")
        assert tab.page.locator("form.review").count() == 0  # viewers read only
        csrf = tab.page.locator("input[name=csrf]").first.get_attribute("value")
        form = {"csrf": csrf, "subject": "party", "key": "X", "version": "0", "state": "confirmed"}
        assert tab.page.request.post(f"{team.url}/review", form=form).status == 403
    finally:
        tab.close()
    tab = Tab(browser)
    try:
        _sign_in(tab, team, "rita", "reviewer-password")
        _open_document(tab, team, "tender-xikou.txt")
        card = tab.page.locator("article.finding").first
        form = {
            "subject": "finding",
            "key": card.locator("input[name=key]").get_attribute("value"),
            "version": card.locator("input[name=version]").get_attribute("value"),
            "state": "confirmed",
            "note": "forged",
        }
        assert tab.page.request.post(f"{team.url}/review", form=form).status == 403  # no CSRF token
        assert tab.page.request.post(f"{team.url}/review", form={**form, "csrf": "guess"}).status == 403
        card.locator("input[value=confirmed]").check()
        with tab.page.expect_navigation():
            card.locator("button[type=submit]").click()
        with opened(team.db) as conn:
            entry = review.history(conn, "finding", form["key"])[0]
        assert entry.actor == "rita" and entry.outcome == "applied"
    finally:
        tab.close()
    tab = Tab(browser)
    try:
        statuses = [_sign_in(tab, team, "rita", f"wrong-{n}").status for n in range(6)]
        assert statuses[:5] == [401] * 5 and statuses[5] == 429
        assert _sign_in(tab, team, "rita", "reviewer-password").status == 429  # throttled even when right
    finally:
        tab.close()


def test_only_admins_manage_accounts(browser: object, team: Bench) -> None:
    tab = Tab(browser)
    try:
        _sign_in(tab, team, "vic", "viewer-password")
        assert tab.open(f"{team.url}/accounts").status == 403
    finally:
        tab.close()
    tab = Tab(browser)
    try:
        _sign_in(tab, team, "ada", "admin-password")
        assert tab.open(f"{team.url}/accounts").status == 200
        tab.page.fill("#acct", "newcomer")
        tab.page.fill("#pw", "newcomer-password")
        tab.page.select_option("#role", "reviewer")
        with tab.page.expect_navigation():
            tab.page.click("form[action='/accounts'] button[type=submit]")
        assert "newcomer" in tab.page.locator("table").text_content()
    finally:
        tab.close()
    tab = Tab(browser)
    try:
        assert _sign_in(tab, team, "newcomer", "newcomer-password").status == 200
        assert tab.page.url == f"{team.url}/"
    finally:
        tab.close()
