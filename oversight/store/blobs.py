"""Content-addressed storage of original files: portal notices vanish, so the bytes themselves are evidence."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def sha256_of(path: Path) -> tuple[str, int]:
    """Digest and size of a file, streamed: the content address of an original, or of a loaded list."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def blob_path(root: Path, sha256: str) -> Path:
    """Where the bytes with this digest live: root/ab/cd/<sha256>."""
    return root / sha256[:2] / sha256[2:4] / sha256


def put(root: Path, sha256: str, source: Path, size: int | None = None) -> Path:
    """Copy `source` into the blob folder atomically (temp file + rename).

    A no-op when the blob is there with the right size; a missing or truncated blob is restored from `source`
    (whose digest the caller has just checked), so the store heals itself when the same bytes arrive again.
    """
    target = blob_path(root, sha256)
    try:
        if target.stat().st_size == (source.stat().st_size if size is None else size):
            return target
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def check(root: Path, sha256: str, size: int) -> str | None:
    """What is wrong with a stored original, if anything: missing, cut short, or bytes that no longer hash."""
    target = blob_path(root, sha256)
    try:
        actual = target.stat().st_size
    except FileNotFoundError:
        return "missing"
    if actual != size:
        return f"truncated or grown ({actual} bytes, {size} stored)"
    if sha256_of(target)[0] != sha256:
        return "damaged (its bytes no longer match their sha256)"
    return None


def quarantine(root: Path, sha256: str) -> Path:
    """Move a damaged blob aside (kept for inspection), so the same bytes ingested again restore it."""
    target = blob_path(root, sha256)
    aside = root / "damaged" / sha256
    aside.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, aside)
    return aside
