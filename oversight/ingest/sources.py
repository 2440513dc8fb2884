"""Turn the paths a user gives into readable files: folders walked, .zip archives opened safely.

Archive members are copied to a private scratch folder, never to a path taken from the archive, so absolute or
`..` member names cannot write anywhere else; zip bombs are bounded by total uncompressed size and by ratio, and
the byte count is enforced while reading (declared sizes can lie).
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from oversight.errors import IngestError
from oversight.ingest.registry import is_document

ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# A zip holding any of these is an Office document, never expanded as an archive (a DOCX that lost its
# [Content_Types].xml is refused by the DOCX reader, not unpacked into its parts).
_OFFICE_ZIP_MEMBERS = frozenset(("[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "ppt/presentation.xml"))
_OFFICE_EXTENSIONS = frozenset(("docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "odt", "ods", "odp"))


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
    note: str | None = None  # said once per file on success too (e.g. a symlink followed out of the folder)
    scratch: bool = False  # a copy made for this run (archive member), to delete once stored
    found: bool = False  # found in a folder or archive rather than named by the user: a non-document is skipped


def estimate(paths: list[Path]) -> int:
    """About how many inputs `iter_sources` will yield, counted without reading any document: the regular files
    under each folder and the members of zip archives. A progress bar's total, known before the first file."""
    total = 0
    for given in paths:
        if given.is_dir():
            for root, _, files in os.walk(given):
                total += sum(_members(Path(root) / name) for name in files)
        else:
            total += _members(given)
    return total


def _members(path: Path) -> int:
    if path.suffix.lower() != ".zip":
        return 1
    try:
        with zipfile.ZipFile(path) as archive:
            return max(1, sum(1 for member in archive.infolist() if not member.is_dir()))
    except (zipfile.BadZipFile, OSError):
        return 1


def not_a_document(source: Source) -> str | None:
    """Why a file found in a folder or archive is skipped (a README, a JSON file beside the documents), or None.

    A file the user named is never skipped: if it is not a document, that is an error worth a line.
    """
    if not source.found or source.error or is_document(source.path):
        return None
    return f"not a document format ({Path(source.name).suffix.lower() or 'no extension'}): skipped"


def iter_sources(
    paths: list[Path], scratch: Path, limits: Limits, store: Path | None = None, follow_links: bool = False
) -> Iterator[Source]:
    """Yield every file under `paths`, expanding folders (sorted, recursive) and zip archives.

    Nothing is skipped silently: an unreadable folder, a special file (FIFO, device, socket) or a symlink that
    leads out of the folder given each yields a Source with an error, before anything is opened. The store's
    own files (`store`: the database, its sidecars and its blob folder) are never read as input.
    """
    skip = _store_files(store)
    for given in paths:
        try:
            info = given.stat()
        except OSError as exc:
            problem = "no such file or folder" if isinstance(exc, FileNotFoundError) else _os_reason(exc)
            yield Source(str(given), given.name, given, error=problem)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(given, scratch, limits, skip, follow_links)
        else:
            yield from _file(given, str(given), info, scratch, limits, skip)


def _walk(top: Path, scratch: Path, limits: Limits, skip: set[Path], follow_links: bool) -> Iterator[Source]:
    """Files under `top` in sorted order, without recursion; symlinks followed only while they stay inside."""
    root = top.resolve()
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str | None]] = [(top, None)]
    while stack:
        folder, via = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue  # a symlink loop, or a folder reached twice through links
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield Source(str(folder), folder.name, folder, error=f"cannot read folder ({_os_reason(exc)})")
            continue
        subfolders: list[tuple[Path, str | None]] = []
        for entry in entries:
            path = Path(entry.path)
            if path.resolve() in skip or path in skip:
                continue
            outside = entry.is_symlink() and not _inside(path.resolve(), root)
            if outside and not follow_links:
                yield Source(
                    str(path),
                    entry.name,
                    path,
                    error="symlink to outside the folder given, not followed (allow with --follow-symlinks)",
                )
                continue
            try:
                info = path.stat()
            except OSError as exc:
                yield Source(str(path), entry.name, path, error=f"cannot read ({_os_reason(exc)})")
                continue
            note = f"followed a symlink out of the folder given, to {path.resolve()}" if outside else via
            if stat.S_ISDIR(info.st_mode):
                subfolders.append((path, note))
                continue
            for source in _file(path, str(path), info, scratch, limits, skip):
                source.note = None if source.error else note
                source.found = True
                yield source
        stack.extend(reversed(subfolders))


def _file(
    path: Path, label: str, info: os.stat_result, scratch: Path, limits: Limits, skip: set[Path]
) -> Iterator[Source]:
    """One file given or found: special files are refused before anything opens them (a FIFO would block)."""
    if not stat.S_ISREG(info.st_mode):
        yield Source(label, path.name, path, error=f"not a regular file ({_kind(info.st_mode)}): refused")
        return
    yield from _expand(path, label, scratch, limits, 0, name=path.name)


def _store_files(store: Path | None) -> set[Path]:
    """The database, its SQLite sidecars and its blob folder, resolved."""
    if store is None:
        return set()
    found = {store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")}
    found |= {store.with_name(store.name + "-journal"), store.parent / (store.stem + ".blobs")}
    return {p.resolve() for p in found}


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device")]
    kinds.append((stat.S_ISBLK, "a block device"))
    return next((kind for test, kind in kinds if test(mode)), "not a file")


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _expand(path: Path, label: str, scratch: Path, limits: Limits, depth: int, name: str) -> Iterator[Source]:
    kind = _archive_kind(path)
    if kind is None:
        yield Source(label, name, path)
        return
    if kind != "zip":
        yield Source(label, name, path, error=kind)
        return
    if depth >= limits.max_depth:
        yield Source(label, name, path, error="archive nested too deeply")
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(label, name, path, error=f"corrupt zip archive ({exc})")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if not members:
            yield Source(label, name, path, error="empty zip archive (no files in it)")
            return
        if total > limits.max_archive_bytes:
            yield Source(
                label,
                name,
                path,
                error=f"zip archive refused: {total} bytes uncompressed exceeds the limit of"
                f" {limits.max_archive_bytes}",
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
            for source in _expand(target, member_label, scratch, limits, depth + 1, name):
                source.scratch = source.scratch or source.path == target
                source.found = True
                yield source


def _member_problem(member: zipfile.ZipInfo, limits: Limits) -> str | None:
    raw = member.filename.replace("\\", "/")
    parts = PurePosixPath(raw).parts
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":") or ".." in parts:
        return f"zip entry refused: unsafe path {member.filename!r}"
    if member.flag_bits & 0x1:
        return "zip entry refused: encrypted"
    if member.compress_size and member.file_size / member.compress_size > limits.max_ratio:
        ratio = member.file_size / member.compress_size
        return f"zip entry refused: compression ratio {ratio:.0f}:1 looks like a zip bomb"
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


def _archive_kind(path: Path) -> str | None:
    """ "zip" for a zip archive to open; None for any other file, DOCX/XLSX included (zip containers that are
    documents themselves); an error line for a file named .zip that is not a usable archive."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return f"cannot read file ({_os_reason(exc)})"
    named_zip = path.suffix.lower() == ".zip"
    if magic == _EMPTY_ZIP_MAGIC and named_zip:
        return "empty zip archive (no files in it)"
    if magic != ZIP_MAGIC:
        return "not a zip archive: named .zip but has no zip signature" if named_zip else None
    if path.suffix.lower().lstrip(".") in _OFFICE_EXTENSIONS:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return "zip" if named_zip else None
    return None if names & _OFFICE_ZIP_MEMBERS else "zip"
