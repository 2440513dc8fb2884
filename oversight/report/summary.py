"""The corpus summary: counts by category and severity, buyer and region, vendor and listed status, and time.

Built from one small row per document, counted as it comes and then written to disk, so a report over many
documents holds neither their page text nor their rows at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from oversight.report.spill import IndexRows, Tally
from oversight.report.view import DocumentView, TriageRow, severity_rank

__all__ = ["DocumentRow", "Summary", "Tally", "severity_rank"]


@dataclass(slots=True)
class DocumentRow:
    """What the index table and the charts need of one document."""

    sha256: str
    name: str
    href: str
    title: str
    buyer: str | None
    region: str | None
    date: str | None
    amount: float | None
    is_award: bool
    pages: int
    media_type: str
    first_seen: str
    kinds: Counter[tuple[str, str]]  # (category, severity) -> findings not rejected on review
    vendors: dict[str, bool]  # vendor name -> listed on a screened list
    suppliers: set[str]  # vendors that supplied or made the flagged items: only they are credited with findings
    listed_buyers: list[str]
    scanned: bool
    screened: bool

    @classmethod
    def of(cls, view: DocumentView, href: str) -> DocumentRow:
        doc = view.doc
        amounts = [a.value for a in doc.meta.amounts if a.value is not None]
        vendors = {p.name: p.listed for p in view.parties if p.kind in ("vendor", "chip") and p.role != "bought"}
        kinds: Counter[tuple[str, str]] = Counter()
        for card in view.cards:
            if card.state != "rejected":
                for finding in [card.finding, *(q.finding for q in card.also)]:
                    kinds[(finding.category, finding.severity)] += 1
        return cls(
            sha256=doc.sha256,
            name=doc.name,
            href=href,
            title=doc.meta.title or doc.name,
            buyer=doc.meta.buyer.text if doc.meta.buyer else None,
            region=doc.meta.region,
            date=doc.meta.date,
            amount=max(amounts) if amounts else None,
            is_award=doc.meta.is_award,
            pages=doc.page_count,
            media_type=doc.media_type,
            first_seen=doc.first_seen,
            kinds=kinds,
            vendors=vendors,
            suppliers={p.name for p in view.role("supplied")},
            listed_buyers=view.listed_buyers,
            scanned=doc.scanned,
            screened=doc.screened,
        )

    @property
    def categories(self) -> Counter[str]:
        return _sum_by(self.kinds, 0)

    @property
    def severities(self) -> Counter[str]:
        return _sum_by(self.kinds, 1)

    @property
    def findings(self) -> int:
        return sum(self.kinds.values())

    @property
    def top_severity(self) -> str | None:
        return min(self.severities, key=severity_rank) if self.severities else None

    @property
    def listed_vendors(self) -> list[str]:
        return sorted(name for name, listed in self.vendors.items() if listed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "name": self.name,
            "href": self.href,
            "title": self.title,
            "buyer": self.buyer,
            "region": self.region,
            "date": self.date,
            "amount_cny": self.amount,
            "is_award": self.is_award,
            "pages": self.pages,
            "media_type": self.media_type,
            "first_seen": self.first_seen,
            "findings": self.findings,
            "top_severity": self.top_severity,
            "categories": dict(self.categories),
            "severities": dict(self.severities),
            "vendors": [
                {"name": n, "listed": v, "supplied": n in self.suppliers} for n, v in sorted(self.vendors.items())
            ],
            "buyer_listed": bool(self.listed_buyers),
            "listed_buyers": self.listed_buyers,
            "listed_parties": sorted(set(self.listed_buyers) | set(self.listed_vendors)),
        }


class Summary:
    """Corpus totals counted as documents are added; the per-document rows go to disk (`IndexRows`).

    What stays in memory is bounded by the taxonomy and the calendar (findings per category and severity,
    documents per year), never by the number of documents; per-buyer, per-region and per-vendor totals are
    grouped on disk when asked for.
    """

    def __init__(self, rows: IndexRows) -> None:
        self.rows = rows
        self.documents = 0
        self.findings = 0
        self.with_findings = 0
        self.listed = 0  # documents with a listed buyer or supplier
        self.unscanned = 0
        self.unscreened = 0
        self.kinds: Counter[tuple[str, str]] = Counter()
        self.years: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(self, row: DocumentRow, triage: TriageRow) -> None:
        findings = row.findings
        self.documents += 1
        self.findings += findings
        self.with_findings += 1 if findings else 0
        self.listed += 1 if triage.listed else 0
        self.unscanned += 0 if row.scanned else 1
        self.unscreened += 0 if row.screened else 1
        self.kinds.update(row.kinds)
        if row.date:
            cell = self.years[row.date[:4]]
            cell[0] += 1
            cell[1] += 1 if findings else 0
            cell[2] += findings
        vendors = {name: (listed, name in row.suppliers) for name, listed in row.vendors.items()}
        self.rows.add(row.to_dict(), triage, vendors)

    def by_category(self) -> list[tuple[str, int]]:
        return _most_common(_sum_by(self.kinds, 0))

    def by_severity(self) -> list[tuple[str, int]]:
        return sorted(_sum_by(self.kinds, 1).items(), key=lambda item: severity_rank(item[0]))

    def category_severity(self) -> tuple[list[str], list[tuple[str, list[int]]]]:
        """Findings per category (rows) and severity (columns)."""
        cells: dict[str, Counter[str]] = defaultdict(Counter)
        for (category, severity), count in self.kinds.items():
            cells[category][severity] += count
        severities = sorted({s for c in cells.values() for s in c}, key=severity_rank)
        return severities, [(category, [cells[category][s] for s in severities]) for category, _ in self.by_category()]

    def by_buyer(self, limit: int | None = None) -> Iterator[tuple[str, Tally]]:
        return self.rows.groups("buyer", limit)

    def by_region(self, limit: int | None = None) -> Iterator[tuple[str, Tally]]:
        return self.rows.groups("region", limit)

    def by_vendor(self, limit: int | None = None) -> Iterator[tuple[str, Tally]]:
        """Listed vendors first, then those named in most documents."""
        return self.rows.vendors(limit)

    def over_time(self) -> list[tuple[str, list[int]]]:
        """(year, [documents, documents with findings, findings]) for documents that state a date."""
        return sorted(self.years.items())

    def to_dict(self) -> dict[str, Any]:
        """The summary of index.json; the per-buyer, per-region and per-vendor lists are streamed from disk."""

        def tallies(items: Iterator[tuple[str, Tally]]) -> Iterator[dict[str, Any]]:
            for name, t in items:
                yield {"name": name, "documents": t.documents, "findings": t.findings, "listed": t.listed}

        return {
            "documents": self.documents,
            "findings": self.findings,
            "by_category": dict(self.by_category()),
            "by_severity": dict(self.by_severity()),
            "by_buyer": tallies(self.by_buyer()),
            "by_region": tallies(self.by_region()),
            "by_vendor": tallies(self.by_vendor()),
            "over_time": [
                {"year": y, "documents": v[0], "documents_with_findings": v[1], "findings": v[2]}
                for y, v in self.over_time()
            ],
        }


def _sum_by(kinds: Counter[tuple[str, str]], index: int) -> Counter[str]:
    total: Counter[str] = Counter()
    for key, count in kinds.items():
        total[key[index]] += count
    return total


def _most_common(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
