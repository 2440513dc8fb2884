"""`documents` and `show` read the store back for people and machines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env_db: str) -> subprocess.CompletedProcess[str]:
    env = {"OVERSIGHT_DB": env_db, "PATH": "/usr/bin:/bin", "OVERSIGHT_BLOBS": os.environ["OVERSIGHT_BLOBS"]}
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )


def test_documents_and_show(tmp_path: Path, corpus_dev: Path, new_store: str) -> None:
    db = new_store  # chosen through OVERSIGHT_DB, not --db
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf at all")
    assert cli("ingest", str(corpus_dev / "doc007_zbgg.pdf"), str(tmp_path / "junk.pdf"), env_db=db).returncode == 3
    rows = json.loads(cli("documents", "--format", "json", env_db=db).stdout)
    [doc] = [r for r in rows if r["id"] is not None]
    [err] = [r for r in rows if r["error"]]
    assert doc["names"] == ["doc007_zbgg.pdf"] and doc["pages"] == 5 and doc["methods"] == ["text-layer"]
    assert err["names"] == [str(tmp_path / "junk.pdf")]

    by_name = json.loads(cli("show", "doc007_zbgg.pdf", "--page", "1", "--format", "json", env_db=db).stdout)
    by_hash = json.loads(cli("show", doc["sha256"][:10], "--page", "1", "--format", "json", env_db=db).stdout)
    assert by_name == by_hash and len(by_name) == 1 and "采购人" in by_name[0]["text"]
    text = cli("show", "doc007_zbgg.pdf", env_db=db).stdout
    assert text.count("--- page ") == 5
    missing = cli("show", "doc007_zbgg.pdf", "--page", "9", env_db=db)
    assert missing.returncode == 2 and "no page 9" in missing.stderr
