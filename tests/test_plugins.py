"""A package installed beside oversight adds a format through an entry point, without touching oversight: here an
e-mail notice format (an ingestor) and a plain list of names (a watchlist format), installed as a real
distribution (a .dist-info folder on the path) and used through the real commands, worker processes included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PLUGIN = '''
"""E-mailed notices and one-name-per-line lists, as a third party would add them."""

from email import message_from_bytes, policy

from oversight.ingest.base import Ingestor, Page
from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList


class EmlIngestor(Ingestor):
    MEDIA_TYPES = ("message/rfc822",)
    EXTENSIONS = ("eml",)
    LABEL = "an e-mail"
    KIND = "e-mail"

    def pages(self, path, options):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        yield Page(1, f"{message['subject']}\\n{body.get_content() if body else ''}", "eml")


class NameList:
    FORMAT = "name-list"

    def detect(self, path):
        return path.name.endswith(".names.txt")

    def unit(self, path):
        return path

    def parse(self, path):
        names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        listing = [Listing(f"names:{path.stem}")]
        entries = [Entry(str(n), "Company", name, [Name(name)], listing) for n, name in enumerate(names, 1)]
        return ParsedList(f"names:{path.stem}", self.FORMAT, entries)


NAME_LIST = NameList()
'''

ENTRY_POINTS = """[oversight.ingestors]
eml = oversight_demo_plugin:EmlIngestor

[oversight.watchlist_loaders]
name-list = oversight_demo_plugin:NAME_LIST
"""

LISTED = "西域天眼科技有限公司"  # a made-up company: only the plugin's list names it
EMAIL = (
    "From: notices@example.org\nTo: desk@example.org\nSubject: =?utf-8?b?{subject}?=\n"
    'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
    "采购需求：人脸识别服务器 2 台，支持维族人员实时预警功能。\n中标供应商：{listed}\n"
)


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "oversight_demo_plugin-0.1.dist-info").mkdir(parents=True)
    (site / "oversight_demo_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "oversight_demo_plugin-0.1.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: oversight-demo-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    return site


def _cli(*args: str, site: Path | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COLUMNS": "200"}
    env["OVERSIGHT_BLOBS"] = os.environ["OVERSIGHT_BLOBS"]  # a PostgreSQL store's originals
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, cwd=ROOT, timeout=300, env=env
    )


def _email(tmp_path: Path) -> Path:
    import base64

    subject = base64.b64encode("边境卡口设备采购".encode()).decode()
    path = tmp_path / "notice.eml"
    path.write_bytes(EMAIL.format(subject=subject, listed=LISTED).encode())
    return path


def test_an_installed_ingestor_reads_its_format_in_worker_processes(
    tmp_path: Path, installed: Path, new_store: str
) -> None:
    notice, db = _email(tmp_path), new_store
    without = _cli("scan", str(notice), "--db", str(tmp_path / "bare.db"), site=None)
    assert without.returncode == 4 and "unsupported format (.eml)" in without.stdout + without.stderr
    found = _cli("scan", str(notice), "--db", db, "--format", "jsonl", "--jobs", "2", site=installed)
    assert found.returncode == 0, found.stderr
    records = [json.loads(line) for line in found.stdout.splitlines()]
    assert "ethnicity" in {r["category"] for r in records if r["type"] == "finding"}  # the body was read
    shown = _cli("documents", "--db", db, "--format", "json", site=installed)
    assert json.loads(shown.stdout)[0]["media_type"] == "message/rfc822", shown.stdout


def test_an_installed_watchlist_format_screens_the_parties(tmp_path: Path, installed: Path, new_store: str) -> None:
    names, db = tmp_path / "regional.names.txt", new_store
    names.write_text(f"{LISTED}\n另一家虚构有限公司\n", encoding="utf-8")
    loaded = _cli("lists", "load", str(names), "--db", db, site=installed)
    assert loaded.returncode == 0, loaded.stderr
    found = _cli("scan", str(_email(tmp_path)), "--db", db, "--format", "jsonl", site=installed)
    assert found.returncode == 0, found.stderr
    parties = [json.loads(line) for line in found.stdout.splitlines() if '"entity"' in line]
    listed = [p for p in parties if p["text"] == LISTED]
    assert listed and listed[0]["listed"] and any("names:regional" in name for name in listed[0]["lists"]), parties
