"""Layout rules import-linter cannot see, because they are about the test and bench trees rather than the package."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_tests_import_nothing_from_bench() -> None:
    """Benches may reuse test generators; a test that imports a bench would break when a bench changes."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported(path) if n == "bench" or n.startswith("bench."))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if "vendor" not in path.parts
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_package_imports_nothing_from_tests_or_bench() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported(path) if n.split(".")[0] in ("tests", "bench"))
        for path in sorted((ROOT / "oversight").rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}
