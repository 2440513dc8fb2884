"""Legacy .doc/.xls through headless LibreOffice: made from corpus documents, then read back."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from test_formats import assert_matches_labels

from oversight.errors import IngestError
from oversight.ingest import office
from oversight.ingest.base import Options
from oversight.ingest.office import DocIngestor, XlsIngestor
from oversight.ingest.registry import choose

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
SAMPLES = {"doc": "doc035_zbjg.docx", "xls": "doc028_csb.xlsx"}  # both with findings inside table cells


@pytest.fixture(scope="module")
def legacy(corpus_dev: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The samples saved as Word 97 / Excel 97 files by LibreOffice itself."""
    folder = tmp_path_factory.mktemp("legacy")
    made = {}
    for target, name in SAMPLES.items():
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                str(corpus_dev / name),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        made[target] = folder / f"{Path(name).stem}.{target}"
    return made


def record_for(labels: list[dict], name: str) -> dict:
    return next(record for record in labels if record["file"] == name)


@pytest.mark.parametrize(
    "kind, cls, method",
    [("doc", DocIngestor, "convert:libreoffice+docx"), ("xls", XlsIngestor, "convert:libreoffice+xlsx")],
)
def test_legacy_files_read_like_their_originals(
    legacy: dict[str, Path], labels: list[dict], kind: str, cls: type, method: str
) -> None:
    path = legacy[kind]
    assert type(choose(path, path.read_bytes()[:4096])) is cls
    pages = list(cls().pages(path, Options()))
    assert_matches_labels(pages, record_for(labels, SAMPLES[kind]), method)


def test_ole_stream_names_beat_a_wrong_extension(legacy: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "really-a-doc.xls"
    renamed.write_bytes(legacy["doc"].read_bytes())
    unnamed = tmp_path / "workbook"
    unnamed.write_bytes(legacy["xls"].read_bytes())
    assert type(choose(renamed, renamed.read_bytes()[:4096])) is DocIngestor
    assert type(choose(unnamed, unnamed.read_bytes()[:4096])) is XlsIngestor


def test_truncated_legacy_file_is_refused_before_conversion(legacy: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "cut.xls"
    path.write_bytes(legacy["xls"].read_bytes()[:1536])
    with pytest.raises(IngestError, match="no Workbook or Book stream"):
        list(XlsIngestor().pages(path, Options()))


def test_damaged_legacy_file_is_refused_not_read_as_garbage_text(legacy: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(legacy["doc"].read_bytes())
    data[600:20000] = b"\xff" * (20000 - 600)  # the content, not the OLE2 directory at the end
    path = tmp_path / "damaged.doc"
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="LibreOffice could not convert") as caught:
        list(DocIngestor().pages(path, Options()))
    assert "\n" not in str(caught.value)


def test_missing_libreoffice_is_one_clear_error(
    legacy: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(IngestError, match=r"LibreOffice .* is not installed"):
        list(DocIngestor().pages(legacy["doc"], Options()))


def test_timeout_kills_libreoffice_and_cleans_up(
    legacy: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(office, "CONVERT_TIMEOUT_S", 0.2)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(IngestError, match=r"did not convert .* within 0\.2 s"):
        list(DocIngestor().pages(legacy["doc"], Options()))
    time.sleep(0.5)
    alive = [p for p in Path("/proc").glob("[0-9]*/cmdline") if str(scratch).encode() in _read(p)]
    assert not alive, "LibreOffice processes outlived the timeout"
    assert not any(scratch.iterdir()), "the conversion folder was left behind"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process ended while we looked
        return b""
