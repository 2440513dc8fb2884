"""Peer suites for bench/screen.py: nomenklatura's name_bench as a list, whole-list recall, generated non-listed names.

name_bench (../shared/data/peer-suites/nomenklatura-name-bench/cases.csv, MIT) gives pairs (name1, name2, schema,
is_match). Its listed sides become one extra list loaded beside SDN, UN and the curated list, so one screener
answers both questions: the pair score (`Screener.compare(name1, entry)`) and whole-list screening
(`Screener.screen(name1)` reports the entry). List recall must equal pair recall.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from oversight.screen.loaders.base import Entry, Listing, Name, ParsedList

NAME_BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer-suites" / "nomenklatura-name-bench"
SLICES = {"person": ("Person",), "company": ("Company", "Organization", "LegalEntity", "Vessel")}


@dataclass(frozen=True)
class BenchPair:
    query: str
    target: str  # entity id in the screener: name-bench:<n>
    listed: str
    schema: str
    label: bool


def name_bench(path: Path = NAME_BENCH / "cases.csv") -> tuple[ParsedList, list[BenchPair]]:
    """The listed sides as a list (one entry per distinct name and schema) and the pairs pointing into it."""
    entries: dict[tuple[str, str], Entry] = {}
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["name2"], row["schema"])
            if key not in entries:
                entries[key] = Entry(
                    key=str(len(entries)),
                    schema=row["schema"],
                    name=row["name2"],
                    names=[Name(row["name2"])],
                    listings=[Listing(list="name_bench")],
                )
            target = "name-bench:" + entries[key].key
            pairs.append(BenchPair(row["name1"], target, row["name2"], row["schema"], row["is_match"] == "true"))
    return ParsedList(name="name-bench", format="bench", entries=list(entries.values())), pairs


def f1(labels: list[bool], predictions: list[bool]) -> tuple[float, float, float]:
    tp = sum(1 for y, p in zip(labels, predictions) if y and p)
    fp = sum(1 for y, p in zip(labels, predictions) if p and not y)
    fn = sum(1 for y, p in zip(labels, predictions) if y and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0
