"""Review decisions as exports carry them: each finding's and party's state, note, reviewer and time.

An investigator who rejected a finding judged it a false positive; an export handed to a colleague or loaded into
Aleph should not bring it back as evidence. So exports keep, by default, everything not rejected (`not-rejected`),
or only what a reviewer confirmed (`confirmed`), or everything (`all`), and every row says its state. A decision
made on an earlier quote (the finding's text changed on a rescan) no longer applies: the finding is unreviewed.
Decisions are read once per export through the report's view model (`report.view.Reviews`), the one place that
knows how review keys are formed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from oversight.report.gather import DocumentRecord, FindingRecord
from oversight.report.view import Reviews
from oversight.store.review import Decision, finding_key, undecided

Keep = Literal["not-rejected", "confirmed", "all"]
KEEPS: tuple[Keep, ...] = get_args(Keep)
COLUMNS = ("review_state", "review_note", "reviewed_by", "reviewed_at")


@dataclass
class ReviewFilter:
    """Which findings and parties an export keeps, and how many it left out (by subject)."""

    reviews: Reviews = field(default_factory=Reviews)
    keep: Keep = "not-rejected"
    left_out: Counter[str] = field(default_factory=Counter)

    def finding(self, doc: DocumentRecord, finding: FindingRecord) -> Decision | None:
        """The decision on a finding, or None when the export leaves it out."""
        key = finding_key(doc.sha256, finding.page, finding.rule)
        decision = self.reviews.findings.get(key)
        if decision is None or not decision.applies_to(finding.quote):
            decision = undecided("finding", key)
        return self._kept("finding", decision)

    def party(self, name: str) -> Decision | None:
        """The decision on a party (by its resolved name), or None when the export leaves it out."""
        return self._kept("party", self.reviews.parties.get(name) or undecided("party", name))

    def document(self, doc: DocumentRecord) -> dict[str, Any]:
        """The document's tags and star."""
        return {"tags": list(self.reviews.tags.get(doc.sha256, [])), "starred": doc.sha256 in self.reviews.stars}

    def _kept(self, subject: str, decision: Decision) -> Decision | None:
        if (self.keep == "not-rejected" and decision.state == "rejected") or (
            self.keep == "confirmed" and decision.state != "confirmed"
        ):
            self.left_out[subject] += 1
            return None
        return decision


def columns(decision: Decision) -> dict[str, Any]:
    """The review columns of a row."""
    return {
        "review_state": decision.state,
        "review_note": decision.note or None,
        "reviewed_by": decision.actor or None,
        "reviewed_at": decision.at or None,
    }


def summary(decision: Decision) -> str | None:
    """One line for a reviewed subject (FtM notes): state, reviewer, time and note; None when never reviewed."""
    if decision.version == 0:
        return None
    note = f": {decision.note}" if decision.note else ""
    return f"review: {decision.state} by {decision.actor} at {decision.at[:19]}{note}"
