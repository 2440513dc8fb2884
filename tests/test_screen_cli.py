"""`oversight lists` and `oversight screen` as a person or a script runs them (in-process CLI, real store)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import oversight.cli
from oversight.cli.app import app
from oversight.cli.common import EXIT_FAILED, EXIT_PARTIAL

runner = CliRunner()


def test_load_list_and_screen(tmp_path: Path, watchlists: Path, new_store: str) -> None:
    db = new_store
    junk = tmp_path / "junk.txt"
    junk.write_text("not a list\n", encoding="utf-8")
    loaded = runner.invoke(
        app, ["lists", "load", str(watchlists / "un-2026" / "consolidated.xml"), str(junk), "--db", db, "-f", "json"]
    )
    assert loaded.exit_code == EXIT_PARTIAL
    assert json.loads(loaded.stdout) == [
        {
            "path": str(watchlists / "un-2026" / "consolidated.xml"),
            "list": "un-sc",
            "status": "new",
            "entries": 1003,
            "published": "2026-02-27",
        }
    ]
    (error,) = [line for line in loaded.stderr.splitlines() if line]
    assert error.startswith("error: ") and "junk.txt: not a list format" in error

    again = runner.invoke(app, ["lists", "load", str(junk), "--db", db])
    assert again.exit_code == EXIT_FAILED

    shown = runner.invoke(app, ["lists", "--db", db, "-f", "json"])
    rows = {row["name"]: row for row in json.loads(shown.stdout)}
    assert rows["un-sc"]["entry_count"] == 1003 and rows["un-sc"]["published"] == "2026-02-27"
    assert rows["curated"]["entry_count"] > 60  # shipped and always loaded

    screened = runner.invoke(app, ["screen", "海康", "大华银行", "--db", db, "--format", "json"])
    assert screened.exit_code == 0
    hik, bank = json.loads(screened.stdout)
    assert (
        hik["query"] == "海康"
        and hik["matches"][0]["entity_id"] == "curated:hikvision"
        and hik["matches"][0]["via"] == "brand"
    )
    assert (
        0 < hik["matches"][0]["score"] <= 1 and "NDAA §889" in hik["matches"][0]["lists"] and hik["matches"][0]["path"]
    )
    assert bank == {"query": "大华银行", "matches": []}


def test_screen_table_for_people(new_store: str) -> None:
    shown = runner.invoke(app, ["screen", "萤石", "联想", "--db", new_store], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "Hangzhou Hikvision" in shown.stdout and "ownership" in shown.stdout and "no match" in shown.stdout
    # A cell of several lines (the party's name, then its id) breaks its lines; it does not print them escaped.
    assert "\\x0a" not in shown.stdout and "curated:hikvision" in shown.stdout
