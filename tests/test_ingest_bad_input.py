"""Bad input: one clear error line per file, the run goes on, nothing stored is affected."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from oversight.store.db import blob_dir, open_store
from tests.synthetic import text_pdfs

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, db: str | Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture()
def good_pdf(tmp_path: Path) -> Path:
    return text_pdfs(tmp_path / "good", 1, 2)[0]


def _encrypted(source: Path, target: Path, password: str) -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(password, algorithm="RC4-128")
    writer.write(target)
    return target


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def test_malformed_inputs_each_get_one_error_line(tmp_path: Path, good_pdf: Path, store_target: str) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    data = good_pdf.read_bytes()
    (bad / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2048))
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "mystery.bin").write_bytes(os.urandom(1024))
    (bad / "big.pdf").write_bytes(data + b"\0" * (2 * 1024 * 1024))
    _encrypted(good_pdf, bad / "locked.pdf", "s3cret")
    _zip(bad / "bomb.zip", {"zeros.txt": b"0" * (50 * 1024 * 1024)})
    _zip(bad / "slip.zip", {"../../escape.txt": b"escaped", "/etc/abs.txt": b"absolute", "ok/notice.pdf": data})
    db = store_target

    result = run_cli("ingest", str(good_pdf), str(bad), "--max-size-mb", "1", "--jobs", "2", db=db)

    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    by_file = {line.split(": ")[1]: line for line in lines}
    expected = {
        "truncated.pdf": "PDF",
        "corrupt.pdf": "PDF",
        "empty.pdf": "empty",
        "big.pdf": "size limit",
        "locked.pdf": "--password",
        "bomb.zip!zeros.txt": "zip bomb",
        "slip.zip!../../escape.txt": "unsafe path",
        "slip.zip!/etc/abs.txt": "unsafe path",
    }
    for suffix, words in expected.items():
        [line] = [line for name, line in by_file.items() if name.endswith(suffix)]
        assert words in line
    assert len(lines) == len(expected)
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert [n for n in notes if "mystery.bin: not a document format (.bin): skipped" in n]  # found, not named
    assert not (tmp_path / "escape.txt").exists() and not Path("/etc/abs.txt").exists()
    assert not list((tmp_path).rglob("escape.txt"))

    conn = open_store(db)
    names = sorted(r[0] for r in conn.execute("SELECT path FROM document_names"))
    assert names == sorted([str(good_pdf), f"{bad / 'slip.zip'}!ok/notice.pdf"])  # same bytes, two names
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM ingest_errors").fetchone()[0] == len(expected)
    assert not list((blob_dir(db) / "tmp").rglob("*.*"))  # scratch copies cleaned up


def test_encrypted_pdf_opens_with_password(tmp_path: Path, good_pdf: Path, store_target: str) -> None:
    locked = _encrypted(good_pdf, tmp_path / "locked.pdf", "s3cret")
    db = store_target
    wrong = run_cli("ingest", str(locked), "--password", "nope", db=db)
    assert wrong.returncode == 4 and "password given is wrong" in wrong.stderr
    right = run_cli("ingest", str(locked), "--password", "s3cret", "--format", "json", db=db)
    assert right.returncode == 0, right.stderr
    [row] = json.loads(right.stdout)
    assert row["status"] == "new" and row["pages"] == 2
    conn = open_store(db)
    assert conn.execute("SELECT COUNT(*) FROM ingest_errors").fetchone()[0] == 0  # the earlier error is resolved


def test_unknown_document_reference_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("show", "nothing-like-this.pdf", db=tmp_path / "o.db")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: no stored document") and "Traceback" not in result.stderr


def test_nested_zip_members_are_ingested(tmp_path: Path, good_pdf: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep/notice.pdf", good_pdf.read_bytes())
    outer = _zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})
    result = run_cli("ingest", str(outer), "--format", "json", db=tmp_path / "o.db")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["file"].endswith("outer.zip!inner.zip!deep/notice.pdf") and row["pages"] == 2


def test_non_documents_in_a_folder_are_skipped_with_a_note_not_failed(tmp_path: Path) -> None:
    """A README or a JSON file beside the documents is not a failure; the same file named on its own is."""
    import json as _json
    import subprocess
    import sys
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notice.txt").write_text("项目名称：视频监控设备采购\n采购人：某县公安局\n", encoding="utf-8")
    (folder / "README.md").write_text("# what these files are\n", encoding="utf-8")
    (folder / "labels.json").write_text(_json.dumps({"a": 1}), encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("notes.md", "not a document")
        archive.writestr("second.txt", "第二份公告：门禁系统采购\n")
    db = tmp_path / "o.db"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "oversight", *args, "--db", str(db)]
        return subprocess.run(command, capture_output=True, text=True, timeout=300)

    run = cli("ingest", str(folder))
    assert run.returncode == 0, run.stderr
    assert "2 new" in run.stdout and "0 failed" in run.stdout and "3 skipped" in run.stdout
    for name in ("README.md", "labels.json", "bundle.zip!notes.md"):
        assert f"{name}: not a document format" in run.stderr
    assert "error" not in run.stderr
    run = cli("ingest", str(folder / "README.md"))
    assert run.returncode == 4 and "unsupported format (.md)" in run.stderr


def test_the_progress_total_is_counted_before_the_first_file(tmp_path: Path) -> None:
    """The bar's total (files in folders, members of archives) equals what the run then yields, so it never grows."""
    from oversight.ingest.sources import Limits, estimate, iter_sources

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "sub/b.txt", "README.md"):
        (folder / name).write_text("公告\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "sub" / "c.zip", "w") as archive:
        archive.writestr("one.txt", "一")
        archive.writestr("dir/two.txt", "二")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    yielded = list(iter_sources([folder], scratch, Limits()))
    assert estimate([folder]) == len(yielded) == 5
