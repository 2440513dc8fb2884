"""A finding's quote cut out of its page: the raw text around it and where it sits, for every renderer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oversight.report.gather import FindingRecord, PageRecord

CONTEXT_CHARS = 120  # raw characters shown on each side of a quote


@dataclass(slots=True)
class QuoteView:
    """A finding as shown: the quote inside its raw context, and the page image region if one was made."""

    finding: FindingRecord
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool
    span: tuple[int, int] | None
    page_label: str | None
    image: str | None = None
    image_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {
            "page": f.page,
            "page_label": self.page_label,
            "category": f.category,
            "severity": f.severity,
            "rule": f.rule,
            "quote": f.quote,
            "start": self.span[0] if self.span else f.start,
            "end": self.span[1] if self.span else f.end,
            "context_before": self.before,
            "context_after": self.after,
            "image": self.image,
            "basis": f.basis,
            **f.extra,
        }


def _display(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def quote_span(page: PageRecord | None, finding: FindingRecord) -> tuple[int, int] | None:
    """Where the quote sits in the page's raw text: the stored offsets when they hold it, else its first occurrence."""
    if page is None or not finding.quote:
        return None
    raw = page.raw_text
    start, end = finding.start, finding.end
    if start is not None and end is not None and 0 <= start < end <= len(raw) and raw[start:end] == finding.quote:
        return start, end
    at = raw.find(finding.quote)
    return (at, at + len(finding.quote)) if at >= 0 else None


def quote_view(page: PageRecord | None, finding: FindingRecord) -> QuoteView:
    span = quote_span(page, finding)
    label = page.label if page else None
    if page is None or span is None:
        context = finding.context or ""
        at = context.find(finding.quote)
        before, after = (context[:at], context[at + len(finding.quote) :]) if at >= 0 else ("", "")
        return QuoteView(finding, _display(before), _display(finding.quote), _display(after), False, False, None, label)
    raw = page.raw_text
    start, end = span
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(raw), end + CONTEXT_CHARS)
    first_break, last_break = raw.find("\n", lo, start), raw.rfind("\n", end, hi)
    lo = first_break + 1 if lo > 0 and first_break >= 0 else lo  # whole lines where the window allows
    hi = last_break if hi < len(raw) and last_break >= 0 else hi
    return QuoteView(
        finding,
        _display(raw[lo:start]),
        _display(raw[start:end]),
        _display(raw[end:hi]),
        lo > 0,
        hi < len(raw),
        span,
        label,
    )
