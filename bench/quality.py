"""Detection quality per category, before and after, on the labelled corpora (used by bench/scan.py).

Each corpus is ingested once into a cached store; then `oversight rescan --all --format jsonl` runs twice on a copy
of it: once with this tree's code ("after") and once with the code of a git revision ("before", checked out with
`git archive` into a temporary folder and put first on PYTHONPATH). Both outputs are scored by the shared scorer
`shared/tools/score_real.py`. The dev corpus labels name, in `also`, other categories a phrase plainly names as
well, which a tool may report or not: they are passed to the scorer as soft labels (neither true nor false).
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = {"real": SHARED / "data" / "corpus-real", "dev": SHARED / "data" / "corpus-dev"}
CATEGORIES = (
    "ethnicity",
    "religion",
    "detention",
    "person-tracking",
    "phone-surveillance",
    "biometrics",
    "emotion",
    "face-recognition",
    "vehicle-tracking",
)


def scorer() -> ModuleType | None:
    path = SHARED / "tools" / "score_real.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_real", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _oversight(args: list[str], pythonpath: Path, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    run = subprocess.run(
        [sys.executable, "-m", "oversight", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900
    )
    if run.returncode not in (0, 3):
        raise SystemExit(f"oversight {args[0]} failed: {run.stderr.strip().splitlines()[-1:]}")
    return run.stdout


def stored(corpus: Path, cache: Path) -> Path:
    """A store holding the corpus, ingested once (cached across runs)."""
    db = cache / f"{corpus.name}.db"
    if not db.exists():
        files = [str(p) for p in sorted(corpus.iterdir()) if p.suffix not in (".md", ".json")]
        _oversight(["ingest", *files, "--db", str(db)], ROOT, ROOT)
    return db


def checkout(revision: str, target: Path) -> Path:
    """The package tree of `revision`, extracted into `target`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "oversight"], capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def records(db: Path, code: Path, work: Path) -> list[dict[str, Any]]:
    """Scan every stored document with the code under `code` (on a copy of the store)."""
    copy = work / f"{code.name}-{db.name}"
    shutil.copy(db, copy)
    out = _oversight(["rescan", "--all", "--db", str(copy), "--format", "jsonl"], code, work)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def labels(corpus: Path) -> dict[str, dict[str, Any]]:
    """Labels by file name; a dev finding's `also` categories become soft labels."""
    docs = {Path(r["file"]).name: r for r in json.loads((corpus / "labels.json").read_text(encoding="utf-8"))}
    for record in docs.values():
        also = [{**f, "category": c} for f in record.get("findings") or [] for c in f.get("also") or []]
        record["soft"] = [*(record.get("soft") or []), *also]
    return docs


def score(module: ModuleType, docs: dict[str, dict[str, Any]], found: list[dict[str, Any]]) -> dict[str, float]:
    """key -> value: precision and recall per labelled category, all categories together, negatives raised."""
    result = module.score_findings(docs, found)
    out: dict[str, float] = {}
    total = {"tp": 0, "fp": 0, "fn": 0}
    for category in CATEGORIES:
        counts = result["cat"].get(category)
        if not counts or counts["tp"] + counts["fn"] == 0:
            continue
        for key in total:
            total[key] += counts[key]
        out[f"{category}_p"] = module.ratio(counts["tp"], counts["tp"] + counts["fp"])
        out[f"{category}_r"] = module.ratio(counts["tp"], counts["tp"] + counts["fn"])
    out["all_p"] = module.ratio(total["tp"], total["tp"] + total["fp"])
    out["all_r"] = module.ratio(total["tp"], total["tp"] + total["fn"])
    out["negatives"] = float(len(result["neg"]))
    return out


def compare(before: str) -> str:
    """key=value pairs: each corpus's scores with this tree and with `before` (keys ending _before)."""
    module = scorer()
    if module is None:
        return "quality=skipped_no_shared_scorer"
    cache = Path(tempfile.gettempdir()) / "oversight-bench-quality"
    cache.mkdir(exist_ok=True)
    pairs: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old = checkout(before, work / "before")
        for name, corpus in CORPORA.items():
            if not corpus.exists():
                pairs.append(f"{name}=skipped_missing")
                continue
            db, docs = stored(corpus, cache), labels(corpus)
            after = score(module, docs, records(db, ROOT, work))
            prior = score(module, docs, records(db, old, work))
            for key, value in after.items():
                pairs.append(f"{name}_{key}={value:.3f} {name}_{key}_before={prior.get(key, float('nan')):.3f}")
    return " ".join(pairs)
