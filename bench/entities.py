"""Parties on the real corpus: this extractor beside the previous one, with pages/s and the scan overhead.

Ingests ../shared/data/corpus-real once (OFAC SDN 2021 + UN 2026 loaded first), then:
1. runs `oversight scan --format jsonl` with this tree and with the previous extractor (the tree at --baseline,
   a git revision, exported with `git archive`) on copies of the same store, and scores both with
   ../shared/tools/score_real.py (party precision and recall, listed-party recall, screening precision,
   not_parties reported);
2. times extraction alone (`extract_page` over every stored page, already extracted from its file) in pages/s,
   ours with the known-party dictionary of the loaded lists, beside the previous extractor on the same pages; each
   the best of three passes, since the machine is shared and a pass can only be slowed, never sped up, by others,
   in wall-clock time and in CPU time of the extracting process (less dependent on what else runs);
3. scans tests/data/corpus-found (the real documents the project found itself, with their own labels) the same way,
   ours and previous, and scores both (found_party_p, found_party_r);
4. loads 10,000 generated organisation names more (about 20,000 list entries in all; `lists load` builds the
   screening index and keeps it in this run's cache folder, as it does for a user) and times the entity stage of
   every document against the time the ingest took: the scan overhead.
Ends with one key=value line.

    python3 bench/entities.py [--baseline REV] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.entities.extract import extract_page  # noqa: E402
from oversight.entities.known import dictionary  # noqa: E402
from oversight.pipeline.analyse import Analysers  # noqa: E402
from oversight.pipeline.parties import Parties  # noqa: E402
from oversight.pipeline.parties import build as build_parties  # noqa: E402
from oversight.pipeline.scan import current  # noqa: E402
from oversight.screen.screener import Screener  # noqa: E402
from oversight.store.analyses import PARTIES  # noqa: E402
from oversight.store.db import connect  # noqa: E402
from tests.real_corpus import CORPUS, FOUND, LISTS, SCORER  # noqa: E402

BASELINE = "07b6580"  # main before issue 8: the previous extractor
KEYS = ("party_p", "party_r", "listed_r", "screen_p", "not_parties")
FOUND_KEYS = ("party_p", "party_r", "not_parties")
PASSES = 3
# Run in the previous tree: its extract_page over every page of the store, best of PASSES, printed as pages/s.
_PREVIOUS_TIMER = """
import sqlite3, sys, time
from oversight.entities.extract import extract_page
pages = sqlite3.connect(sys.argv[1]).execute("SELECT number, raw_text FROM pages").fetchall()
best = cpu = float("inf")
for _ in range(int(sys.argv[2])):
    started, cpu_started = time.perf_counter(), time.process_time()
    for number, raw in pages:
        extract_page(number, raw)
    best = min(best, time.perf_counter() - started)
    cpu = min(cpu, time.process_time() - cpu_started)
print(len(pages) / best, len(pages) / cpu)
"""


def _run(args: list[str], cwd: Path = ROOT) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900)
    return done.stdout


def _score(jsonl: Path, corpus: Path = CORPUS) -> dict[str, str]:
    last = _run([sys.executable, str(SCORER), str(corpus / "labels.json"), str(jsonl)]).strip().splitlines()[-1]
    return dict(pair.split("=", 1) for pair in last.split())


def _scan(tree: Path, db: Path, out: Path, jobs: int, corpus: Path = CORPUS) -> None:
    with out.open("w") as f:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "oversight",
                "scan",
                str(corpus),
                "--db",
                str(db),
                "--format",
                "jsonl",
                "-j",
                str(jobs),
            ],
            cwd=tree,
            stdout=f,
            stderr=subprocess.DEVNULL,
            timeout=900,
        )


def _generated_list(path: Path, n: int) -> None:
    """FtM JSON lines of `n` generated organisations, so the screener holds about 20,000 entries."""
    rng = random.Random(8)
    syllables = ["zan", "lor", "vek", "tum", "qua", "bri", "sol", "mir", "dax", "pel", "rin", "tos", "hua", "xin"]
    with path.open("w") as f:
        for i in range(n):
            name = (
                "".join(rng.choice(syllables) for _ in range(3)).title()
                + f" {rng.choice(['Trading', 'Holdings', 'Logistics'])} Co"
            )
            entity = {"id": f"gen-{i}", "schema": "Company", "properties": {"name": [name]}, "datasets": ["generated"]}
            f.write(json.dumps(entity) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the previous extractor")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        # A cache folder of this run: `lists load` builds the screening index there, as a user's first load would.
        os.environ["OVERSIGHT_CACHE_DIR"] = str(tmp / "cache")
        old_tree = tmp / "previous"
        old_tree.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.baseline, "oversight"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)
        scores = {}
        ingest_s = 0.0
        for label, tree in (("ours", ROOT), ("previous", old_tree)):
            # Each tree makes its own stores: an older tree cannot open a store a newer one has migrated.
            lists_db, copy = tmp / f"{label}-lists.db", tmp / f"{label}.db"
            _run([sys.executable, "-m", "oversight", "lists", "load", *map(str, LISTS), "--db", str(lists_db)], tree)
            shutil.copy(lists_db, copy)
            started = time.perf_counter()
            ingest = [sys.executable, "-m", "oversight", "ingest", str(CORPUS), "--db", str(copy), "-j", str(args.jobs)]
            _run(ingest, tree)
            if label == "ours":
                ingest_s = time.perf_counter() - started
            _scan(tree, copy, tmp / f"{label}.jsonl", args.jobs)
            scores[label] = _score(tmp / f"{label}.jsonl")
            print(label.ljust(9), "  ".join(f"{k}={scores[label].get(k)}" for k in KEYS))
            found_db = tmp / f"{label}-found.db"
            shutil.copy(lists_db, found_db)
            _scan(tree, found_db, tmp / f"{label}-found.jsonl", args.jobs, FOUND)
            scores[f"{label}-found"] = _score(tmp / f"{label}-found.jsonl", FOUND)
            print(
                f"{label} on corpus-found".ljust(9), "  ".join(f"{k}={scores[f'{label}-found'].get(k)}" for k in KEYS)
            )

        conn = connect(tmp / "ours.db")
        pages = conn.execute("SELECT number, raw_text FROM pages").fetchall()
        known = dictionary(Screener.from_store(conn))
        best = cpu = float("inf")
        for _ in range(PASSES):
            started, cpu_started = time.perf_counter(), time.process_time()
            for number, raw in pages:
                extract_page(number, raw, known)
            best = min(best, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - cpu_started)
        pages_s, cpu_pages_s = len(pages) / best, len(pages) / cpu
        timer = [sys.executable, "-c", _PREVIOUS_TIMER, str(tmp / "previous.db"), str(PASSES)]
        previous_pages_s, previous_cpu_pages_s = map(float, (_run(timer, cwd=old_tree).split() or ["nan", "nan"]))
        print(
            f"extraction: {len(pages)} pages, {pages_s:.0f} pages/s, {cpu_pages_s:.0f} per CPU second (dictionary "
            f"of {known.size} names); previous extractor {previous_pages_s:.0f} pages/s, "
            f"{previous_cpu_pages_s:.0f} per CPU second"
        )

        _generated_list(tmp / "generated.ftm.json", 10_000)
        _run(
            [
                sys.executable,
                "-m",
                "oversight",
                "lists",
                "load",
                str(tmp / "generated.ftm.json"),
                "--db",
                str(tmp / "ours.db"),
            ]
        )
        conn = connect(tmp / "ours.db")
        # What a scan's entity stage does: one screener (the parties analyser), then every document. Detection is
        # the other analyser, measured by bench/scan.py.
        started = time.perf_counter()
        analysers = Analysers({PARTIES: build_parties(conn)})
        entries = len(analysers.stage(PARTIES, Parties).resolver.resolver.parties)  # type: ignore[attr-defined]
        documents = [row[0] for row in conn.execute("SELECT id FROM documents")]
        for document_id in documents:
            current(conn, document_id, analysers, force=True)
        entities_s = time.perf_counter() - started
        overhead = entities_s / ingest_s
        print(
            f"entity stage with {entries} list entries: {entities_s:.1f} s for {len(documents)} documents; "
            f"ingest {ingest_s:.1f} s; overhead {overhead:.1%}"
        )
    ours, old = scores["ours"], scores["previous"]
    found, old_found = scores["ours-found"], scores["previous-found"]
    print(
        " ".join(f"{k}={ours.get(k)} previous_{k}={old.get(k)}" for k in KEYS)
        + "".join(f" found_{k}={found.get(k)} previous_found_{k}={old_found.get(k)}" for k in FOUND_KEYS)
        + f" pages_per_s={pages_s:.0f} previous_pages_per_s={previous_pages_s:.0f}"
        + f" cpu_pages_per_s={cpu_pages_s:.0f} previous_cpu_pages_per_s={previous_cpu_pages_s:.0f}"
        + f" list_entries={entries} overhead={overhead:.3f}"
    )


if __name__ == "__main__":
    main()
