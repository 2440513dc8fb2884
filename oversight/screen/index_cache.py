"""The built screening index on disk, so a scan does not analyse every listed name again.

Building the index analyses each of tens of thousands of listed names word by word (5-19 s at 20,000 entries); it
depends only on the loaded lists and on this code. So the built index is kept in the user's cache folder under a
key made of the lists' content hashes (`store.signature`), a digest of the oversight package's code and data, the
Python version, and whether the screening modules run compiled (`oversight.native`): any change to lists or code
reads as a miss and the index is built again. Every process of a scan (`-j N` workers) and every later scan then
reads it back in about a second.

The cache folder is `$OVERSIGHT_CACHE_DIR`, else `$XDG_CACHE_HOME/oversight`, else `~/.cache/oversight`; it holds
pickles, so it must be as private as the user's own site-packages (it is created mode 0700). Set
`OVERSIGHT_INDEX_CACHE=0` to build every time. Only the newest few indexes are kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from oversight import native

_KEEP = 4  # indexes kept on disk; older ones are removed when a new one is written
_PACKAGE = Path(__file__).resolve().parents[1]  # oversight/
_SUFFIXES = (".py", ".yaml", ".yml", ".csv", ".json", ".txt")


def enabled() -> bool:
    return os.environ.get("OVERSIGHT_INDEX_CACHE", "1") != "0"


def folder() -> Path:
    base = os.environ.get("OVERSIGHT_CACHE_DIR")
    if base:
        return Path(base) / "screen-index"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "oversight" / "screen-index"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of every source and data file of the package (read once per process, a few milliseconds)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _path(signature: tuple[str, ...]) -> Path:
    # Compiled and plain classes pickle differently: each keeps its own index.
    compiled = "native" if native.active() else "python"
    key = hashlib.sha256("\n".join((code_digest(), compiled, *signature)).encode()).hexdigest()[:32]
    return folder() / f"{key}.pickle.z"


def load(signature: tuple[str, ...]) -> Any | None:
    """The index saved for these lists and this code, or None (missing, disabled or unreadable)."""
    if not enabled():
        return None
    try:
        data = _path(signature).read_bytes()
        return pickle.loads(zlib.decompress(data))
    except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def save(signature: tuple[str, ...], built: Any) -> None:
    """Keep `built` for these lists and this code; a failure to write only costs the next process a rebuild."""
    if not enabled():
        return
    target = _path(signature)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = zlib.compress(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL), 1)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        os.replace(tmp.name, target)
        for old in sorted(target.parent.glob("*.pickle.z"), key=lambda p: p.stat().st_mtime)[:-_KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        return
