"""What `oversight scan` prints for a person: a summary to act on, not every finding.

A scan of a folder can yield thousands of findings; the tables that list them all scroll the summary away. So a
scan prints how many documents were new, already stored, failed or skipped, the findings by severity, the
documents most worth opening first, the listed parties named, and the command to run next; the full tables come
with `--all` or `-v`, and machines read `--format json|jsonl`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOP_DOCUMENTS = 5


@dataclass
class ScanCounts:
    """Inputs by outcome: `skipped` names the files in a folder that are not documents (README, JSON, ...)."""

    new: int = 0
    seen: int = 0
    failed: int = 0
    skipped: list[str] = field(default_factory=list)


def summary_lines(
    counts: ScanCounts, records: Iterable[dict[str, Any]], severities: Sequence[str], next_step: str
) -> list[str]:
    """The summary as lines of text: documents, findings by severity, top documents, listed parties, next step."""
    records = list(records)
    findings = [r for r in records if r.get("type") == "finding"]
    lines = [_documents_line(counts)]
    if not findings:
        lines.append("No findings.")
    else:
        by_severity = Counter(str(r["severity"]) for r in findings)
        documents = {r["sha256"] for r in findings}
        shown = ", ".join(f"{by_severity[s]} {s}" for s in severities if by_severity[s])
        lines.append(f"Findings: {shown} ({len(findings)} in {len(documents)} document{_s(len(documents))})")
        lines.append("Documents to read first:")
        lines += [f"  {line}" for line in _top_documents(findings, severities)]
    listed = _listed(records)
    if listed:
        lines.append("Listed parties named:")
        lines += [f"  {line}" for line in listed]
    lines.append(f"Next: {next_step}")
    return lines


def _documents_line(counts: ScanCounts) -> str:
    total = counts.new + counts.seen
    parts = [f"{counts.new} new", f"{counts.seen} already stored"]
    if counts.failed:
        parts.append(f"{counts.failed} failed")
    line = f"{total} document{_s(total)} scanned: " + ", ".join(parts)
    if counts.skipped:
        names = ", ".join(Path(name).name for name in counts.skipped[:3]) + (", ..." if len(counts.skipped) > 3 else "")
        line += f"; {len(counts.skipped)} file{_s(len(counts.skipped))} skipped, not documents ({names})"
    return line


def _top_documents(findings: list[dict[str, Any]], severities: Sequence[str]) -> list[str]:
    """The documents with the most severe findings first (then the most findings), with their categories."""
    rank = {s: i for i, s in enumerate(severities)}
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in findings:
        by_document[str(record["sha256"])].append(record)

    def weight(items: list[dict[str, Any]]) -> tuple[int, ...]:
        counts = Counter(str(r["severity"]) for r in items)
        return tuple(-counts[s] for s in severities) + (min(rank.get(str(r["severity"]), 99) for r in items),)

    ordered = sorted(by_document.values(), key=weight)
    out = []
    for items in ordered[:TOP_DOCUMENTS]:
        counts = Counter(str(r["severity"]) for r in items)
        severity = ", ".join(f"{counts[s]} {s}" for s in severities if counts[s])
        categories = ", ".join(sorted({str(r["category"]) for r in items}))
        out.append(f"{Path(str(items[0]['file'])).name}  {severity}  ({categories})")
    if len(ordered) > TOP_DOCUMENTS:
        out.append(f"... and {len(ordered) - TOP_DOCUMENTS} more")
    return out


def _listed(records: list[dict[str, Any]]) -> list[str]:
    """Each listed party once, with its lists and in how many documents it is named."""
    documents: dict[str, set[str]] = defaultdict(set)
    lists: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.get("type") == "entity" and record.get("listed"):
            name = str(record.get("name") or record.get("text"))
            documents[name].add(str(record.get("sha256") or record.get("file")))
            lists[name].update(str(x) for x in record.get("lists") or ())
    out = []
    for name in sorted(documents, key=lambda n: (-len(documents[n]), n)):
        count = len(documents[name])
        out.append(f"{name} ({', '.join(sorted(lists[name])) or 'listed'}; {count} document{_s(count)})")
    return out


def _s(count: int) -> str:
    return "" if count == 1 else "s"
