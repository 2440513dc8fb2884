"""Turn the paths a user gives into readable files: folders walked, .zip archives opened safely.

Archive members are copied to a private scratch folder, never to a path taken from the archive, so absolute or
`..` member names cannot write anywhere else; zip bombs are bounded by total uncompressed size and by ratio, and
the byte count is enforced while reading (declared sizes can lie).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from oversight.errors import IngestError

ZIP_MAGIC = b"PK\x03\x04"
_OFFICE_ZIP_MEMBERS = ("[Content_Types].xml",)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost."""

    max_file_bytes: int = 512 * 1024 * 1024
    max_archive_bytes: int = 2 * 1024 * 1024 * 1024  # total uncompressed per archive
    max_ratio: float = 200.0  # uncompressed / compressed, per member
    max_depth: int = 2  # archives inside archives


@dataclass(slots=True)
class Source:
    """A file to ingest: `label` is how the user knows it (path, or archive.zip!member), `path` where to read it."""

    label: str
    name: str
    path: Path
    error: str | None = None
    scratch: bool = False  # a copy made for this run (archive member), to delete once stored


def iter_sources(paths: list[Path], scratch: Path, limits: Limits) -> Iterator[Source]:
    """Yield every file under `paths`, expanding folders (sorted, recursive) and zip archives."""
    for given in paths:
        if not given.exists():
            yield Source(str(given), given.name, given, error="no such file or folder")
        elif given.is_dir():
            for root, dirs, files in os.walk(given):
                dirs.sort()
                for file in sorted(files):
                    yield from _expand(Path(root) / file, str(Path(root) / file), scratch, limits, 0)
        else:
            yield from _expand(given, str(given), scratch, limits, 0)


def _expand(path: Path, label: str, scratch: Path, limits: Limits, depth: int) -> Iterator[Source]:
    if not _is_plain_zip(path):
        yield Source(label, PurePosixPath(label.replace("\\", "/")).name, path)
        return
    if depth >= limits.max_depth:
        yield Source(label, Path(label).name, path, error="archive nested too deeply")
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(label, Path(label).name, path, error=f"corrupt zip archive ({exc})")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > limits.max_archive_bytes:
            yield Source(
                label,
                Path(label).name,
                path,
                error=f"zip archive refused: {total} bytes uncompressed exceeds the limit of {limits.max_archive_bytes}",
            )
            return
        # Members go to the run's scratch folder (removed by the caller when the run ends), under generated names.
        folder = Path(tempfile.mkdtemp(dir=scratch, prefix="zip-"))
        budget = [limits.max_archive_bytes]
        for index, member in enumerate(members):
            member_label = f"{label}!{member.filename}"
            name = PurePosixPath(member.filename.replace("\\", "/")).name
            problem = _member_problem(member, limits)
            if problem:
                yield Source(member_label, name, path, error=problem)
                continue
            target = folder / f"{index:06d}{_safe_suffix(name)}"
            try:
                _copy_bounded(archive, member, target, budget, limits)
            except IngestError as exc:
                target.unlink(missing_ok=True)
                yield Source(member_label, name, path, error=str(exc))
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                target.unlink(missing_ok=True)
                yield Source(member_label, name, path, error=f"unreadable zip member ({exc})")
                continue
            for source in _expand(target, member_label, scratch, limits, depth + 1):
                source.scratch = source.scratch or source.path == target
                yield source


def _member_problem(member: zipfile.ZipInfo, limits: Limits) -> str | None:
    raw = member.filename.replace("\\", "/")
    parts = PurePosixPath(raw).parts
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":") or ".." in parts:
        return f"zip entry refused: unsafe path {member.filename!r}"
    if member.flag_bits & 0x1:
        return "zip entry refused: encrypted"
    if member.compress_size and member.file_size / member.compress_size > limits.max_ratio:
        return f"zip entry refused: compression ratio {member.file_size / member.compress_size:.0f}:1 looks like a zip bomb"
    if member.file_size > limits.max_file_bytes:
        return f"zip entry refused: {member.file_size} bytes exceeds the size limit"
    return None


def _copy_bounded(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: list[int], limits: Limits
) -> None:
    """Copy a member, stopping as soon as it reads more than declared or than the archive budget allows."""
    allowed = min(member.file_size, budget[0], limits.max_file_bytes)
    written = 0
    with archive.open(member) as src, open(target, "wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > allowed:
                raise IngestError("zip entry refused: expands beyond its declared size or the archive limit")
            out.write(chunk)
    budget[0] -= written


def _safe_suffix(name: str) -> str:
    """Keep a member's extension (ingestors score on it) but nothing else from the archive's naming."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""


def _is_plain_zip(path: Path) -> bool:
    """A zip archive to open, as opposed to a DOCX/XLSX (zip containers that are documents themselves)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != ZIP_MAGIC:
                return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return path.suffix.lower() == ".zip"
    return not any(member in names for member in _OFFICE_ZIP_MEMBERS)
