"""The corpus summary: counts by category and severity, buyer and region, vendor and listed status, and time.

Built from one small row per document so a report over many documents never holds their page text at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oversight.report.view import DocumentView, severity_rank

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


@dataclass(slots=True)
class Tally:
    documents: int = 0
    findings: int = 0  # findings of the documents in which the party supplied or made the flagged items
    listed: bool = False


@dataclass(slots=True)
class Summary:
    rows: list[DocumentRow] = field(default_factory=list)

    def add(self, row: DocumentRow) -> None:
        self.rows.append(row)

    @property
    def findings(self) -> int:
        return sum(r.findings for r in self.rows)

    def by_category(self) -> list[tuple[str, int]]:
        return _most_common(sum((r.categories for r in self.rows), Counter()))

    def by_severity(self) -> list[tuple[str, int]]:
        total = sum((r.severities for r in self.rows), Counter())
        return sorted(total.items(), key=lambda item: severity_rank(item[0]))

    def category_severity(self) -> tuple[list[str], list[tuple[str, list[int]]]]:
        """Findings per category (rows) and severity (columns)."""
        cells: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.rows:
            for (category, severity), count in row.kinds.items():
                cells[category][severity] += count
        severities = sorted({s for c in cells.values() for s in c}, key=severity_rank)
        return severities, [(category, [cells[category][s] for s in severities]) for category, _ in self.by_category()]

    def _group(self, key: Callable[[DocumentRow], str]) -> list[tuple[str, Tally]]:
        groups: dict[str, Tally] = defaultdict(Tally)
        for row in self.rows:
            name = key(row)
            groups[name].documents += 1
            groups[name].findings += row.findings
        return sorted(groups.items(), key=lambda item: (-item[1].findings, -item[1].documents, item[0]))

    def by_buyer(self) -> list[tuple[str, Tally]]:
        return self._group(lambda r: r.buyer or "(not stated)")

    def by_region(self) -> list[tuple[str, Tally]]:
        return self._group(lambda r: r.region or "(not stated)")

    def by_vendor(self) -> list[tuple[str, Tally]]:
        groups: dict[str, Tally] = defaultdict(Tally)
        for row in self.rows:
            for vendor, listed in row.vendors.items():
                groups[vendor].documents += 1
                groups[vendor].findings += row.findings if vendor in row.suppliers else 0
                groups[vendor].listed = groups[vendor].listed or listed
        return sorted(groups.items(), key=lambda item: (not item[1].listed, -item[1].documents, item[0]))

    def over_time(self) -> list[tuple[str, list[int]]]:
        """(year, [documents, documents with findings, findings]) for documents that state a date."""
        years: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for row in self.rows:
            if row.date:
                cell = years[row.date[:4]]
                cell[0] += 1
                cell[1] += 1 if row.findings else 0
                cell[2] += row.findings
        return sorted(years.items())

    def to_dict(self) -> dict[str, Any]:
        def tallies(items: list[tuple[str, Tally]]) -> list[dict[str, Any]]:
            return [
                {"name": name, "documents": t.documents, "findings": t.findings, "listed": t.listed}
                for name, t in items
            ]

        return {
            "documents": len(self.rows),
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
