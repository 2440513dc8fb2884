"""Compiled copies of the screening modules, built with mypyc and used only while they match the sources.

Screening compares every extracted name with tens of thousands of listed names; its word alignment and name
analysis are plain typed Python, and mypyc (part of mypy) compiles such modules to C extensions that run the same
code about a third faster. The compiled files live outside the source tree, in a folder named by a digest of the
sources (`OVERSIGHT_NATIVE_DIR`, else ~/.cache/oversight/native), so an edited module is never shadowed by a stale
build: with no build for the current sources, Python imports the `.py` files as always.

    python3 -m oversight.native build    # compile (scripts/install.sh does it; needs mypy and a C compiler)
    python3 -m oversight.native status   # which build the current sources would use

`OVERSIGHT_NATIVE=0` turns the compiled modules off (the results are the same: tests compare them).
This module imports nothing from oversight, so the screening package can install the finder before anything else.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent  # oversight/
SCREEN = PACKAGE / "screen"
# The modules on the screening hot path: name analysis, word alignment, the Chinese layer, the index, the screener.
MODULES = (
    "oversight.screen.align",
    "oversight.screen.config",
    "oversight.screen.fold",
    "oversight.screen.graph",
    "oversight.screen.index",
    "oversight.screen.lexicon",
    "oversight.screen.match",
    "oversight.screen.memo",
    "oversight.screen.names",
    "oversight.screen.parts",
    "oversight.screen.pinyin",
    "oversight.screen.screener",
    "oversight.screen.skeleton",
    "oversight.screen.spellings",
)
_MANIFEST = "manifest.json"
_KEEP = 3  # builds kept per folder (other source versions: branches, older installs)
_MYPY_CONFIG = "[mypy]\nignore_missing_imports = True\n"

_active: Path | None = None


def enabled() -> bool:
    return os.environ.get("OVERSIGHT_NATIVE", "1") != "0"


def folder() -> Path:
    base = os.environ.get("OVERSIGHT_NATIVE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "oversight" / "native"


def key() -> str:
    """A digest of the screening sources, the module list and the interpreter's extension ABI: a build is used only
    for exactly the sources it was compiled from (other oversight modules they import are checked by the manifest)."""
    digest = hashlib.sha256("\n".join((*MODULES, _ext_suffix(), sys.version)).encode())
    for path in sorted(SCREEN.rglob("*.py")):
        digest.update(str(path.relative_to(SCREEN)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def install() -> bool:
    """Put the compiled modules first on the import path when a build matches the sources; True if one does.
    Called by `oversight.screen` before any of its modules is imported."""
    global _active
    if _active is not None:
        return True
    if not enabled():
        return False
    build = folder() / key()
    files = _usable(build)
    if files is None:
        return False
    sys.meta_path.insert(0, _Finder(files))
    _active = build
    return True


def active() -> Path | None:
    """The build in use by this process, if any."""
    return _active


def build(force: bool = False) -> Path:
    """Compile MODULES into the folder for the current sources (atomically: a build folder appears whole or not at
    all) and return it. Raises RuntimeError with mypyc's last lines when it fails."""
    target = folder() / key()
    if not force and _usable(target) is not None:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oversight-native-") as tmp:
        work = Path(tmp)
        shutil.copytree(PACKAGE, work / "oversight", ignore=shutil.ignore_patterns("__pycache__", "*.so", "data"))
        (work / "mypy.ini").write_text(_MYPY_CONFIG, encoding="utf-8")
        sources = [str(Path(*m.split(".")).with_suffix(".py")) for m in MODULES]
        env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", "--config-file", "mypy.ini", *sources],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-8:]
            raise RuntimeError("mypyc failed:\n" + "\n".join(tail))
        staging = target.parent / f"{target.name}.partial-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        modules: dict[str, str] = {}
        for module in MODULES:
            compiled = work / Path(*module.split(".")).with_suffix(_ext_suffix())
            shutil.copy2(compiled, staging / compiled.name)
            modules[module] = compiled.name
        for shared in work.glob(f"*__mypyc{_ext_suffix()}"):  # the one library every compiled module links to
            shutil.copy2(shared, staging / shared.name)
            modules[shared.name.removesuffix(_ext_suffix())] = shared.name
        manifest = {
            "modules": modules,
            "depends": {rel: _sha(PACKAGE / rel) for rel in _outside_imports()},
            "mypy": _mypy_version(),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        (staging / _MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    _prune(target.parent)
    return target


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and their shared library) in one build folder; everything else goes on."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


def _usable(build: Path) -> dict[str, Path] | None:
    """The build's module files, if it is complete and the other oversight modules it was compiled against are
    unchanged; else None."""
    try:
        manifest = json.loads((build / _MANIFEST).read_text(encoding="utf-8"))
        files = {name: build / file for name, file in manifest["modules"].items()}
        depends: dict[str, str] = manifest["depends"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if set(MODULES) - set(files) or not all(f.is_file() for f in files.values()):
        return None
    if any(_sha(PACKAGE / rel) != digest for rel, digest in depends.items()):
        return None
    return files


def _outside_imports() -> list[str]:
    """The oversight modules outside the screening package that the compiled modules import (mypyc may fold their
    constants in), as paths relative to the package."""
    found: set[str] = set()
    for module in MODULES:
        tree = ast.parse((PACKAGE.parent / Path(*module.split(".")).with_suffix(".py")).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                if name.startswith("oversight.") and not name.startswith("oversight.screen"):
                    found.add(_module_path(name))
    return sorted(found)


def _module_path(name: str) -> str:
    relative = Path(*name.split(".")[1:])
    return str(relative / "__init__.py" if (PACKAGE / relative).is_dir() else relative.with_suffix(".py"))


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _ext_suffix() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def _mypy_version() -> str:
    try:
        from importlib.metadata import version

        return version("mypy")
    except Exception:  # informational only
        return "unknown"


def _prune(parent: Path) -> None:
    builds = sorted((p for p in parent.iterdir() if (p / _MANIFEST).is_file()), key=lambda p: p.stat().st_mtime)
    for old in builds[:-_KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "status"
    if command == "build":
        try:
            built = build(force="--force" in args)
        except (RuntimeError, OSError) as exc:
            print(f"oversight native: not built ({exc}); screening runs as plain Python", file=sys.stderr)
            return 1
        print(f"oversight native: {len(MODULES)} screening modules compiled in {built}")
        return 0
    if command == "status":
        sources = key()
        usable = _usable(folder() / sources) is not None
        state = "off (OVERSIGHT_NATIVE=0)" if not enabled() else "compiled" if usable else "plain Python (no build)"
        print(f"oversight native: {state}; sources {sources}; folder {folder()}")
        return 0
    print("usage: python3 -m oversight.native [build [--force] | status]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
