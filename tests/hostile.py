"""Hostile inputs and the probes that feed them to the CLI: shared by tests/test_hostile_*.py and bench/faults.py
(benches import test helpers, never the reverse).

Every input is generated (nothing large is committed). A probe runs the real CLI in a subprocess and watches
it from outside: exit code, stderr lines, wall time, and the peak resident memory of the main process and of
its worker processes, sampled from /proc. `check` returns the problems found; an empty list is a pass.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER_LIMIT_MB = 1024
MAIN_LIMIT_MB = 500
_DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@dataclass(slots=True)
class Run:
    """What one CLI run did, seen from outside."""

    rc: int
    out: str
    err: str
    wall_s: float
    main_mb: float
    worker_mb: float
    timed_out: bool = False


def run_cli(
    *args: str,
    cwd: Path = ROOT,
    timeout: float = 180,
    unprivileged: bool = False,
    fsize_limit: int | None = None,
) -> Run:
    """Run `python -m oversight ARGS`, sampling the RSS of it and its descendants every 20 ms.

    `unprivileged` drops root's power to ignore file permissions (so unreadable files are unreadable);
    `fsize_limit` sets RLIMIT_FSIZE in bytes, as `ulimit -f` would.
    """
    command = [sys.executable, "-m", "oversight", *args]
    if unprivileged and os.geteuid() == 0 and shutil.which("setpriv"):
        command = [*_DROP_DAC, *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}

    def limit() -> None:
        if fsize_limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_limit, fsize_limit))

    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=limit,
    )
    main_mb = worker_mb = 0.0
    timed_out = False
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    import threading

    readers = [
        threading.Thread(target=lambda: out_chunks.append(process.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err_chunks.append(process.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    while process.poll() is None:
        main_mb = max(main_mb, rss_mb(process.pid))
        worker_mb = max([worker_mb, *(rss_mb(child) for child in descendants(process.pid))])
        if time.monotonic() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            timed_out = True
            break
        time.sleep(0.02)
    process.wait()
    for reader in readers:
        reader.join(5)
    wall = time.monotonic() - start
    out, err = (b"".join(chunks).decode("utf-8", "replace") for chunks in (out_chunks, err_chunks))
    return Run(process.returncode, out, err, wall, main_mb, worker_mb, timed_out)


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc/<pid>/task/*/children."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.extend(children)
            stack.extend(children)
    return found


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


# ---- generators ---------------------------------------------------------------------------------------------


def text_file(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def deep_html(path: Path, depth: int, marker: str) -> Path:
    path.write_text(f"<html><body>{'<div>' * depth}{marker}{'</div>' * depth}</body></html>", encoding="utf-8")
    return path


def xlsx_with_cells(path: Path, cells: dict[str, str]) -> Path:
    """A minimal XLSX package whose one sheet holds `cells` (e.g. {"A1": "x", "XFD1048576": "y"})."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells.items():
        number = int("".join(c for c in ref if c.isdigit()))
        rows.setdefault(number, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    data = "".join(f'<row r="{n}">{"".join(cs)}</row>' for n, cs in sorted(rows.items()))
    _xlsx(path, f"<sheetData>{data}</sheetData>")
    return path


def _xlsx(path: Path, sheet_data: str, extra: dict[str, bytes] | None = None) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}">{sheet_data}</worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)


def xlsx_rows(path: Path, rows: int, marker: str) -> Path:
    """A long legitimate sheet: `rows` rows of five cells, `marker` in the last row."""
    body = io.StringIO()
    body.write("<sheetData>")
    for number in range(1, rows + 1):
        text = marker if number == rows else f"item {number}"
        body.write(
            f'<row r="{number}"><c r="A{number}"><v>{number}</v></c><c r="B{number}" t="inlineStr"><is><t>{text}'
            f'</t></is></c><c r="C{number}"><v>3.5</v></c><c r="D{number}"><v>42</v></c><c r="E{number}">'
            "<v>7</v></c></row>"
        )
    body.write("</sheetData>")
    _xlsx(path, body.getvalue())
    return path


def docx(path: Path, paragraphs: int, marker: str, content_types: bool = True) -> Path:
    """A DOCX with `paragraphs` paragraphs (a large one is a memory bomb for a tree parser)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types:
            archive.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>",
            )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>'.encode())
            chunk = b"<w:p><w:r><w:t>filler paragraph text</w:t></w:r></w:p>" * 1000
            for _ in range(paragraphs // 1000):
                part.write(chunk)
            part.write(f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:body></w:document>".encode())
    return path


def png_bomb(path: Path, side: int) -> Path:
    """A PNG of side x side one-bit pixels: a few kilobytes that decode to side² bytes and more."""
    from PIL import Image

    Image.new("1", (side, side), 1).save(path, optimize=True)
    return path


def big_page_pdf(path: Path, points: int) -> Path:
    """A one-page PDF whose page is `points` square (PDF allows 14,400) and is covered by an image."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    image = path.with_suffix(".png")
    Image.new("L", (200, 200), 255).save(image)
    sheet = canvas.Canvas(str(path), pagesize=(points, points))
    sheet.drawImage(str(image), 0, 0, points, points)
    sheet.save()
    image.unlink()
    return path


def scanned_pdf(path: Path, pages: int) -> Path:
    """A PDF of `pages` image-only pages with text drawn in pixels (OCR is needed to read it)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    image = path.with_suffix(".png")
    picture = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(20):
        draw.text((100, 100 + line * 60), f"Line {line} of a scanned procurement notice", fill=0)
    picture.save(image)
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        sheet.drawImage(str(image), 0, 0, *A4)
        sheet.showPage()
    sheet.save()
    image.unlink()
    return path


def big_text(path: Path, megabytes: int, marker: str) -> Path:
    """Procurement-like lines with varying numbers (compressing like real text, not like a zip bomb)."""
    import random

    rng = random.Random(megabytes)
    with open(path, "wb") as out:
        written = 0
        while written < megabytes * 1024 * 1024:
            block = "".join(
                f"采购人：{rng.randint(1, 99999)}号公安局　项目编号：ZFCG-{rng.randint(10**6, 10**7)}　"
                f"预算金额：{rng.random() * 1000:.4f}万元 item {rng.getrandbits(64):x} delivered\n"
                for _ in range(1000)
            ).encode()
            out.write(block)
            written += len(block)
        out.write(f"{marker}\n".encode())
    return path


# ---- probes -------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    name: str
    problems: list[str]
    run: Run


@dataclass(slots=True)
class Probe:
    """One hostile situation: `act` builds the input in a folder, runs the CLI and returns the run to judge;
    `expect` adds checks beyond the common ones (no traceback, memory bounds, store integrity)."""

    name: str
    act: Callable[[Path], tuple[Run, Path | None]]
    rc: tuple[int, ...]
    stderr: str | None = None
    expect: Callable[[Run, Path], list[str]] = lambda run, folder: []
    slow: bool = False
    main_limit_mb: float = MAIN_LIMIT_MB
    worker_limit_mb: float = WORKER_LIMIT_MB
    tags: tuple[str, ...] = field(default_factory=tuple)


def judge(probe: Probe, folder: Path) -> Outcome:
    """Run a probe in `folder` and list everything that is wrong with what happened."""
    folder.mkdir(parents=True, exist_ok=True)
    run, db = probe.act(folder)
    problems = []
    if run.timed_out:
        problems.append(f"hung: killed after {run.wall_s:.0f} s")
    if run.rc not in probe.rc:
        problems.append(f"exit code {run.rc}, expected {probe.rc}")
    if "Traceback" in run.err or "Traceback" in run.out:
        problems.append("traceback: " + run.err.strip().splitlines()[-1][:200])
    if probe.stderr and probe.stderr not in run.err:
        problems.append(f"stderr lacks {probe.stderr!r}: {run.err.strip()[:300]!r}")
    if run.worker_mb > probe.worker_limit_mb:
        problems.append(f"worker peak RSS {run.worker_mb:.0f} MB > {probe.worker_limit_mb}")
    if run.main_mb > probe.main_limit_mb:
        problems.append(f"main peak RSS {run.main_mb:.0f} MB > {probe.main_limit_mb}")
    if db is not None and db.exists() and integrity(db) != "ok":
        problems.append("store fails integrity_check")
    problems.extend(probe.expect(run, folder))
    return Outcome(probe.name, problems, run)


def ingest(folder: Path, *paths: Path | str, jobs: int = 1, extra: tuple[str, ...] = (), **kwargs: object) -> Run:
    db = folder / "store.db"
    return run_cli("ingest", *map(str, paths), "--db", str(db), "--jobs", str(jobs), *extra, **kwargs)  # type: ignore[arg-type]


def shown(folder: Path, ref: str) -> str:
    return run_cli("show", ref, "--db", str(folder / "store.db")).out
