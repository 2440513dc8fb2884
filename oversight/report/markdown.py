"""Markdown pages of the report, for pasting into tickets, wikis and pull requests.

Document text is escaped twice over: HTML-special characters become entities (Markdown renderers pass raw HTML
through) and Markdown punctuation is backslash-escaped, so a document cannot add links, images or markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oversight.report.gather import DocumentRecord
    from oversight.report.quotes import QuoteView
    from oversight.report.summary import Summary

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


# GitHub-flavoured Markdown links bare URLs, www. names and e-mail addresses after escapes are resolved; a word
# joiner (U+2060, invisible) inside each trigger keeps a document's text from turning into live links.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def esc(text: object) -> str:
    """Text of a document made inert in Markdown, on one line (no markup, no HTML, no autolinks)."""
    flat = _AUTOLINK.sub("\u2060", " ".join(str(text).split()))
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _quoted(before: str, quote: str, after: str) -> str:
    """A blockquote of the context with the quote in bold, line by line (bold cannot span lines)."""
    lines: list[str] = [""]
    for text, bold in ((before, False), (quote, True), (after, False)):
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append("")
            if part.strip():
                lines[-1] += f"**{esc(part)}**" if bold else esc(part) + (" " if part.endswith(" ") else "")
    return "\n".join("> " + line for line in lines)


def _stated(label: str, stated: object) -> str:
    if stated is None:
        return f"- **{label}:** not stated"
    return f"- **{label}:** {esc(stated.text)} (page {stated.page})"  # type: ignore[attr-defined]


def document(
    doc: DocumentRecord,
    views: Sequence[QuoteView],
    methods: list[tuple[str, int]],
    notes: dict[str, str],
    show_paths: bool = False,
    reviews: Sequence[tuple[str, str]] | None = None,
) -> str:
    """A document page; `reviews` gives each view's (review state, note), as the HTML page shows them."""
    meta = doc.meta
    out = [
        f"# {esc(meta.title or doc.name)}",
        "",
        "[All documents](../index.md)",
        "",
        "## What the document states",
        "",
        _stated("Buyer", meta.buyer),
    ]
    if meta.supplier:
        out.append(_stated("Supplier or bidder", meta.supplier))
    out.append(_stated("Project number", meta.project_number))
    out += [
        f"- **Date:** {esc(d.text)}" + (f" ({esc(d.label)}, page {d.page})" if d.label else f" (page {d.page})")
        for d in meta.dates
    ]
    out += [
        f"- **{esc(a.label)}:** {esc(a.text)}"
        + (f" = CNY {a.value:,.2f}" if a.value is not None else "")
        + f" (page {a.page})"
        for a in meta.amounts
    ]
    out += ["", f"## Findings ({len(views)})", ""]
    if not views:
        out.append(notes["findings"])
    for number, view in enumerate(views, 1):
        f = view.finding
        where = f"page {f.page}" + (f" ({esc(view.page_label)})" if view.page_label else "")
        state, note = reviews[number - 1] if reviews else ("", "")
        out += [
            f"### {number}. {esc(f.severity)} · {esc(f.category)} · {where}" + (f" · {esc(state)}" if state else ""),
            "",
            _quoted(view.before, view.quote, view.after),
            "",
        ]
        if note:
            out.append(f"Review note: {esc(note)}  ")
        if f.rule:
            out.append(f"Rule: `{f.rule}`  ")
        if f.basis:
            out.append(
                "Rests on: "
                + "; ".join(
                    f"{esc(b['role'])} {esc(b['text'])} → {esc(b['name'])}" + (" (listed)" if b["listed"] else "")
                    for b in f.basis
                )
                + "  "
            )
        if view.image:
            out.append(f"![Page {f.page} with the quote boxed]({view.image})")
        elif view.image_note:
            out.append(f"_{esc(view.image_note)}_")
        out.append("")
    out += ["", f"## Parties and products named ({len(doc.entities)})", ""]
    if doc.entities:
        out += [
            "| Name as written | Kind | Page | Model | Resolved to | Screening | Why |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| {esc(e.text)} | {esc(e.kind)} | {e.page if e.page is not None else ''} | {esc(e.model or '')} | "
            f"{esc(e.name)} | "
            f"{('listed: ' + esc('; '.join(e.lists))) if e.listed else 'no match'} | {esc(e.explanation or '')} |"
            for e in doc.entities
        ]
    else:
        out.append(notes["entities"])
    out += [
        "",
        "## Chain of custody",
        "",
        f"- **SHA-256:** `{doc.sha256}`",
        f"- **Size:** {doc.size:,} bytes, {esc(doc.media_type)}",
        f"- **Pages:** {doc.page_count} (" + ", ".join(f"{esc(m)} × {n}" for m, n in methods) + ")",
        f"- **First seen:** {esc(doc.first_seen)}",
        f"- **Last seen:** {esc(doc.last_seen)}",
        f"- **Source URL:** {esc(doc.source_url) if doc.source_url else 'not recorded'}",
        "",
    ]
    out += [
        f"- arrived as {esc(n['name'])}"
        + (f" ({esc(n['path'])})" if show_paths else "")
        + f" at {esc(n['first_seen'])}"
        for n in doc.names
    ]
    return "\n".join(out) + "\n"


def index(summary: Summary) -> Iterator[str]:
    """index.md line by line (each ending in a newline): the totals, then every buyer, region, vendor and document."""
    head = [
        f"# oversight report: {summary.documents} documents, {summary.findings} findings",
        "",
        "## Findings by category",
        "",
    ]
    head += [f"- {esc(name)}: {count}" for name, count in summary.by_category()] or ["- none"]
    head += ["", "## Findings by severity", ""]
    head += [f"- {esc(name)}: {count}" for name, count in summary.by_severity()] or ["- none"]
    yield from (line + "\n" for line in head)
    for title, groups in (("buyer", summary.by_buyer()), ("region", summary.by_region())):
        yield f"\n## By {title}\n\n| {title.title()} | Documents | Findings |\n|---|---:|---:|\n"
        yield from (f"| {esc(name)} | {t.documents} | {t.findings} |\n" for name, t in groups)
    yield "\n## By vendor\n\n| Vendor | Listed | Documents |\n|---|---|---:|\n"
    for name, t in summary.by_vendor():
        yield f"| {esc(name)} | {'listed' if t.listed else 'no'} | {t.documents} |\n"
    yield "\n## Documents\n\n| Document | Buyer | Date | Findings | Top severity |\n|---|---|---|---:|---|\n"
    for encoded in summary.rows.documents():
        r = json.loads(encoded)
        yield (
            f"| [{esc(r['title'])}]({r['href'][:-5]}.md) | {esc(r['buyer'] or '')} | {esc(r['date'] or '')} | "
            f"{r['findings']} | {esc(r['top_severity'] or '')} |\n"
        )
