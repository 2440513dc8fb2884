"""The hostile-input probe list (issue 14): each failure class with the situation that once broke it.

Fast probes run in CI through tests/test_hostile_probes.py; `slow` ones (large memory bombs, long documents)
only in bench/faults.py.
"""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

from tests.hostile import (
    Probe,
    Run,
    big_page_pdf,
    big_text,
    count,
    deep_html,
    docx,
    ingest,
    png_bomb,
    run_cli,
    scanned_pdf,
    shown,
    text_file,
    xlsx_rows,
    xlsx_with_cells,
)

MARKER = "MARKER-7f3a 维吾尔族 监控"
GOOD = "A short procurement notice about video surveillance equipment for a county office.\n"


def _db(folder: Path) -> Path:
    return folder / "store.db"


def _has(text: str, needle: str, what: str) -> list[str]:
    return [] if needle in text else [f"{what} lacks {needle!r}"]


def _deep_html(folder: Path) -> tuple[Run, Path]:
    deep_html(folder / "deep.html", 5000, MARKER)
    return ingest(folder, folder / "deep.html"), _db(folder)


def _lying_charset(folder: Path) -> tuple[Run, Path]:
    for codec in ("koi8-r", "cp1251", "mac-roman", "cp437"):
        page = f'<html><head><meta charset="{codec}"></head><body><p>{MARKER} {codec}</p></body></html>'
        (folder / f"{codec}.html").write_bytes(page.encode("utf-8"))
    (folder / "rot.html").write_bytes(f'<meta charset="rot13"><p>{MARKER} rot13</p>'.encode())
    return ingest(folder, *sorted(folder.glob("*.html"))), _db(folder)


def _lying_expect(run: Run, folder: Path) -> list[str]:
    return [p for name in ("koi8-r", "cp437", "rot") for p in _has(shown(folder, f"{name}.html"), MARKER, name)]


def _mixed_txt(folder: Path) -> tuple[Run, Path]:
    (folder / "mixed.txt").write_bytes("第一行 维吾尔族\n".encode() + "第二行 监控系统 采购\n".encode("gbk"))
    return ingest(folder, folder / "mixed.txt"), _db(folder)


def _backslash(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "report\\2024.txt", GOOD)
    return ingest(folder, folder / "in"), _db(folder)


def _fifo(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "good.txt", GOOD)
    os.mkfifo(folder / "in" / "pipe.txt")
    os.mkfifo(folder / "given.pdf")
    return ingest(folder, folder / "in", folder / "given.pdf", timeout=120), _db(folder)


def _unreadable(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "good.txt", GOOD)
    text_file(folder / "in" / "locked" / "secret.txt", GOOD + "locked")
    text_file(folder / "closed.txt", GOOD + "closed")
    (folder / "in" / "locked").chmod(0)
    (folder / "closed.txt").chmod(0)
    try:
        return ingest(folder, folder / "in", folder / "closed.txt", unprivileged=True), _db(folder)
    finally:
        (folder / "in" / "locked").chmod(0o755)


def _symlinks(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "good.txt", GOOD)
    text_file(folder / "in" / "real" / "inner.txt", GOOD + "inner")
    text_file(folder / "outside" / "secret.txt", GOOD + "outside secret")
    (folder / "in" / "linked").symlink_to(folder / "in" / "real")
    (folder / "in" / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "in" / "out").symlink_to(folder / "outside")
    return ingest(folder, folder / "in"), _db(folder)


def _symlinks_expect(run: Run, folder: Path) -> list[str]:
    problems = []
    if count(_db(folder), "SELECT COUNT(*) FROM pages WHERE raw_text LIKE '%root:%' OR raw_text LIKE '%secret%'"):
        problems.append("read a file outside the folder given")
    if count(_db(folder), "SELECT COUNT(*) FROM documents") != 2:
        problems.append("the symlinked folder inside the input was not read")
    return problems + _has(run.err, "passwd.txt: symlink to outside", "stderr")


def _follow(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "outside" / "secret.txt", GOOD + "followed on purpose")
    (folder / "in").mkdir()
    (folder / "in" / "out").symlink_to(folder / "outside")
    return ingest(folder, folder / "in", extra=("--follow-symlinks",)), _db(folder)


def _own_store(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "a.txt", GOOD)
    first = run_cli("ingest", ".", "--jobs", "1", cwd=folder)
    second = run_cli("ingest", ".", "--jobs", "1", cwd=folder)
    second.rc = max(first.rc, second.rc)
    return second, folder / ".oversight" / "oversight.db"


def _own_store_expect(run: Run, folder: Path) -> list[str]:
    stored = count(folder / ".oversight" / "oversight.db", "SELECT COUNT(*) FROM document_names")
    return [] if stored == 1 else [f"{stored} names stored for one input file (the store read itself)"]


def _xlsx_bomb(folder: Path) -> tuple[Run, Path]:
    xlsx_with_cells(folder / "a-bomb.xlsx", {"A1": MARKER, "XFD1048576": "far"})
    xlsx_with_cells(folder / "b-row.xlsx", {"A1": MARKER, "XFD10000": "far"})
    text_file(folder / "c-after.txt", GOOD)
    return ingest(folder, folder / "a-bomb.xlsx", folder / "b-row.xlsx", folder / "c-after.txt"), _db(folder)


def _xlsx_expect(run: Run, folder: Path) -> list[str]:
    return _has(shown(folder, "a-bomb.xlsx"), MARKER, "far-cell sheet") + _has(
        shown(folder, "c-after.txt"), "procurement", "file after the bomb"
    )


def _png_bomb(folder: Path) -> tuple[Run, Path]:
    png_bomb(folder / "bomb.png", 12_000)
    return ingest(folder, folder / "bomb.png"), _db(folder)


def _docx_no_types(folder: Path) -> tuple[Run, Path]:
    docx(folder / "bare.docx", 0, MARKER, content_types=False)
    return ingest(folder, folder / "bare.docx"), _db(folder)


def _docx_no_types_expect(run: Run, folder: Path) -> list[str]:
    lines = [line for line in run.err.splitlines() if line.startswith("error:")]
    return [] if len(lines) == 1 else [f"{len(lines)} error lines for one DOCX"]


def _memory_limit(folder: Path) -> tuple[Run, Path]:
    docx(folder / "heavy.docx", 300_000, MARKER)
    text_file(folder / "z-after.txt", GOOD)
    return ingest(folder, folder / "heavy.docx", folder / "z-after.txt", extra=("--max-memory-mb", "200")), _db(folder)


def _zips(folder: Path) -> tuple[Run, Path]:
    (folder / "fake.zip").write_bytes(b"this is not an archive")
    with zipfile.ZipFile(folder / "empty.zip", "w"):
        pass
    return ingest(folder, folder / "fake.zip", folder / "empty.zip"), _db(folder)


def _zips_expect(run: Run, folder: Path) -> list[str]:
    return _has(run.err, "empty zip archive", "stderr") + _has(run.err, "not a zip archive", "stderr")


def _markup(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "markup.txt", GOOD + "[/b] closing [bold]tag[/] and [/evil]\n")
    with zipfile.ZipFile(folder / "in" / "pack.zip", "w") as archive:
        archive.writestr("[/evil].txt", GOOD + " in a zip")
    scan = run_cli("scan", str(folder / "in"), "--db", str(_db(folder)), "--jobs", "1")
    listing = run_cli("documents", "--db", str(_db(folder)))
    listing.rc = max(scan.rc, listing.rc)
    listing.err += scan.err
    return listing, _db(folder)


def _escapes(folder: Path) -> tuple[Run, Path]:
    evil = "title\x1b]0;pwned\x07\x1b[2J\u202etxt.exe"
    text_file(folder / "in" / "esc.txt", f"{GOOD}{evil}\n")
    text_file(folder / "in" / "name\x1b[31mred\nerror: forged.txt", GOOD + " second")
    (folder / "in" / "bad\nerror: forged line.pdf").write_bytes(b"%PDF-1.7 broken")
    run = ingest(folder, folder / "in")
    for command in (["show", "esc.txt"], ["documents"], ["search", "title"]):
        extra = run_cli(*command, "--db", str(_db(folder)))
        run.out += extra.out
        run.err += extra.err
    return run, _db(folder)


def _escapes_expect(run: Run, folder: Path) -> list[str]:
    problems = []
    for char in ("\x1b", "\x07", "\u202e"):
        if char in run.out or char in run.err:
            problems.append(f"{char!r} reached the terminal")
    if "\nerror: forged" in run.err:
        problems.append("a file name forged an error line")
    return problems


def _db_errors(folder: Path) -> tuple[Run, Path | None]:
    text_file(folder / "a.txt", GOOD)
    (folder / "notes.db").write_text("plain text, not a database")
    foreign = folder / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    runs = []
    for db in (folder, folder / "notes.db", "/dev/null", foreign, folder / "a.txt" / "x.db", "postgresql://u@h/db"):
        runs.append(run_cli("ingest", str(folder / "a.txt"), "--db", str(db)))
    combined = Run(max(r.rc for r in runs), "", "".join(r.err for r in runs), 0, 0, 0)
    if foreign.read_bytes() != before:
        combined.err += "\nFOREIGN STORE MODIFIED"
    combined.rc = 2 if all(r.rc == 2 for r in runs) else max(r.rc for r in runs)
    return combined, None


def _db_errors_expect(run: Run, folder: Path) -> list[str]:
    problems = [] if "FOREIGN STORE MODIFIED" not in run.err else ["another program's SQLite file was modified"]
    lines = [line for line in run.err.splitlines() if line.strip()]
    if len(lines) != 6:
        problems.append(f"{len(lines)} stderr lines for 6 refused stores: {lines!r}")
    return problems


def _read_only(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "in" / "a.txt", GOOD)
    store = folder / "ro"
    store.mkdir()
    assert run_cli("ingest", str(folder / "in"), "--db", str(store / "s.db")).rc == 0
    for path in store.iterdir():
        path.chmod(0o444)
    store.chmod(0o555)
    try:
        return run_cli("documents", "--db", str(store / "s.db"), unprivileged=True), store / "s.db"
    finally:
        store.chmod(0o755)


def _fsize(folder: Path) -> tuple[Run, Path]:
    from tests.synthetic import text_pdfs

    text_pdfs(folder / "in", 6, 20, seed=3)
    return ingest(folder, folder / "in", fsize_limit=600_000), _db(folder)


def _fsize_expect(run: Run, folder: Path) -> list[str]:
    again = ingest(folder, folder / "in")
    problems = [] if again.rc == 0 else [f"rerun after the limit exited {again.rc}: {again.err[-200:]!r}"]
    return problems + _has(run.err, "file-size limit", "stderr")


def _blob_heal(folder: Path) -> tuple[Run, Path]:
    text_file(folder / "a.txt", GOOD)
    ingest(folder, folder / "a.txt")
    blob = next(p for p in (folder / "store.blobs").rglob("*") if p.is_file() and len(p.name) == 64)
    blob.write_bytes(b"cut")
    damaged = run_cli("verify", "--db", str(_db(folder)))
    ingest(folder, folder / "a.txt")
    healed = run_cli("verify", "--db", str(_db(folder)))
    healed.err = damaged.err + healed.err
    if damaged.rc == 0:
        healed.rc = 99
    return healed, _db(folder)


def _scratch(folder: Path) -> tuple[Run, Path]:
    stale = folder / "store.blobs" / "tmp" / "run-999999999-dead"
    text_file(stale / "left-over.bin", "x" * 1000)
    text_file(folder / "a.txt", GOOD)
    run = ingest(folder, folder / "a.txt")
    if stale.exists():
        run.err += "\nSTALE SCRATCH KEPT"
    return run, _db(folder)


def _lists_fsize(folder: Path) -> tuple[Run, Path]:
    lists = Path(__file__).resolve().parents[2] / "shared" / "data" / "watchlists" / "un-2026" / "consolidated.xml"
    db = _db(folder)
    assert run_cli("ingest", "--help").rc == 0
    run = run_cli("lists", "load", str(lists), "--db", str(db), fsize_limit=300_000)
    return run, db


def _nested_list(folder: Path) -> tuple[Run, Path]:
    depth = 200_000
    entity = '{"id": "x1", "schema": "Company", "properties": {"name": ' + "[" * depth + "]" * depth + "}}\n"
    (folder / "deep.ftm.json").write_text(entity)
    return run_cli("lists", "load", str(folder / "deep.ftm.json"), "--db", str(_db(folder))), _db(folder)


def _ocr_bogus(folder: Path) -> tuple[Run, None]:
    text_file(folder / "a.txt", GOOD)
    return ingest(folder, folder / "a.txt", extra=("--ocr", "bogus")), None


def _big_page(folder: Path) -> tuple[Run, Path]:
    big_page_pdf(folder / "huge.pdf", 14_400)
    return ingest(folder, folder / "huge.pdf", timeout=600), _db(folder)


def _big_text(folder: Path) -> tuple[Run, Path]:
    big_text(folder / "big.txt", 200, MARKER)
    return ingest(folder, folder / "big.txt", timeout=900), _db(folder)


def _big_zip_member(folder: Path) -> tuple[Run, Path]:
    big_text(folder / "member.txt", 100, MARKER)
    with zipfile.ZipFile(folder / "pack.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "member.txt", "member.txt")
    (folder / "member.txt").unlink()
    return ingest(folder, folder / "pack.zip", timeout=900), _db(folder)


def _big_html(folder: Path) -> tuple[Run, Path]:
    row = "<tr><td>项目名称</td><td>视频监控系统</td><td>100万元</td></tr>\n" * 1000
    with open(folder / "big.html", "w", encoding="utf-8") as out:
        out.write("<html><body><table>")
        for _ in range(50 * 1024 * 1024 // len(row.encode())):
            out.write(row)
        out.write(f"</table><p>{MARKER}</p></body></html>")
    return run_cli("scan", str(folder / "big.html"), "--db", str(_db(folder)), "--jobs", "1", timeout=900), _db(folder)


def _big_xlsx(folder: Path) -> tuple[Run, Path]:
    xlsx_rows(folder / "rows.xlsx", 1_000_000, MARKER)
    return ingest(folder, folder / "rows.xlsx", timeout=900), _db(folder)


def _long_scan(folder: Path) -> tuple[Run, Path]:
    """A 40-page scan under a 120 s limit per run: every run keeps the pages it read and the next goes on."""
    scanned_pdf(folder / "long.pdf", 40)
    runs: list[Run] = []
    kept = [0]
    while len(runs) < 20:
        runs.append(ingest(folder, folder / "long.pdf", extra=("--timeout-s", "120"), timeout=300))
        if runs[-1].rc == 0:
            break
        kept.append(count(_db(folder), "SELECT COUNT(*) FROM staged_pages"))
        if len(kept) > 2 and kept[-1] <= kept[-3]:  # two runs in a row kept nothing new (one may be all start-up)
            runs[-1].err += "\nNO PAGES KEPT AFTER THE TIME LIMIT"
            break
    last = runs[-1]
    last.err = "".join(run.err for run in runs)
    last.worker_mb = max(run.worker_mb for run in runs)
    last.main_mb = max(run.main_mb for run in runs)
    return last, _db(folder)


def _long_scan_expect(run: Run, folder: Path) -> list[str]:
    pages = count(_db(folder), "SELECT COALESCE(SUM(page_count), 0) FROM documents")
    problems = [] if pages == 40 else [f"{pages} of 40 pages stored after resuming"]
    return problems + (["time limit kept no pages"] if "NO PAGES KEPT" in run.err else [])


def _no_stale(run: Run, folder: Path) -> list[str]:
    return ["a dead run's scratch folder was left"] if "STALE SCRATCH KEPT" in run.err else []


def _marker_in(ref: str) -> object:
    return lambda run, folder: _has(shown(folder, ref), "MARKER-7f3a", ref)


PROBES: list[Probe] = [
    Probe("deep-html", _deep_html, (0,), expect=_marker_in("deep.html")),  # type: ignore[arg-type]
    Probe("lying-charset", _lying_charset, (0,), expect=_lying_expect),
    Probe("mixed-encoding-txt", _mixed_txt, (0,), expect=lambda r, f: _has(shown(f, "mixed.txt"), "监控系统", "text")),
    Probe("backslash-name", _backslash, (0,), expect=lambda r, f: _has(shown(f, "report\\2024.txt"), "video", "show")),
    Probe("fifo", _fifo, (3,), stderr="not a regular file (a FIFO)"),
    Probe("unreadable", _unreadable, (3,), stderr="cannot read folder"),
    Probe("symlinks", _symlinks, (3,), expect=_symlinks_expect),
    Probe("symlink-followed", _follow, (0,), stderr="note:"),
    Probe("own-store", _own_store, (0,), expect=_own_store_expect),
    Probe("xlsx-dimension-bomb", _xlsx_bomb, (0,), expect=_xlsx_expect),
    Probe("png-bomb", _png_bomb, (4,), stderr="million pixels"),
    Probe("docx-without-content-types", _docx_no_types, (4,), expect=_docx_no_types_expect),
    Probe("worker-memory-limit", _memory_limit, (3,), stderr="--max-memory-mb", worker_limit_mb=260),
    Probe("empty-and-fake-zip", _zips, (4,), expect=_zips_expect),
    Probe("rich-markup", _markup, (0,)),
    Probe("terminal-escapes", _escapes, (0, 3), expect=_escapes_expect),
    Probe("store-errors", _db_errors, (2,), expect=_db_errors_expect),
    Probe("read-only-store", _read_only, (0,)),
    Probe("file-size-limit", _fsize, (4,), expect=_fsize_expect),
    Probe("blob-heal", _blob_heal, (0,), stderr="original truncated"),
    Probe("stale-scratch", _scratch, (0,), expect=_no_stale),
    Probe("ocr-option", _ocr_bogus, (2,)),
    Probe("lists-load-file-size-limit", _lists_fsize, (4,), stderr="file-size limit"),
    Probe("deeply-nested-list", _nested_list, (3, 4), stderr="error:"),
    Probe("pdf-huge-page", _big_page, (0,), slow=True),
    Probe("txt-200mb", _big_text, (0,), slow=True),
    Probe("zip-member-100mb", _big_zip_member, (0,), slow=True),
    Probe("html-50mb-scan", _big_html, (0,), slow=True),
    Probe("xlsx-1m-rows", _big_xlsx, (0,), slow=True),
    Probe("long-scan-time-limit", _long_scan, (0,), slow=True, expect=_long_scan_expect),
]
