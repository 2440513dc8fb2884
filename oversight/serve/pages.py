"""Read-only pages of the workbench: triage, document, page images, original files, parties, search, audit log.

Handlers run in a worker thread with the signed-in user; they read through the store and the report's view model
and render templates, never composing HTML themselves.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from oversight.report.gather import documents
from oversight.report.view import FACETS, Reviews, document_view, facet_counts, select, triage_order
from oversight.search.engine import run as run_search
from oversight.search.filters import FilterError, Filters
from oversight.search.query import QueryError
from oversight.serve.auth import User
from oversight.serve.data import ImageKey, find_document, finding_spans, load_view, original
from oversight.serve.render import HEADERS, Workbench, render
from oversight.store import review, saved_searches
from oversight.store.workbench import documents_naming, list_versions

PAGE_SIZE = 100
SEARCH_LIMIT = 50
BATCH_LINES = 200


def _not_found(request: Request, what: str) -> Response:
    return render(request, "wb_message.html", status=404, title="Not found", message=f"No such {what} in this store.")


def triage(request: Request, bench: Workbench, user: User) -> Response:
    conn = bench.conn()
    rows, pending = bench.triage.rows(conn, Reviews.load(conn))
    chosen = {facet: request.query_params.get(facet, "") for facet, _ in FACETS}
    text = request.query_params.get("q", "")
    by_finding = request.query_params.get("by") == "finding"
    selected = triage_order(select(rows, chosen, text))
    start = max(0, int(request.query_params.get("start", "0") or 0))

    def link(**change: str) -> str:
        params = {k: v for k, v in {**chosen, "q": text, "by": "finding" if by_finding else "", **change}.items() if v}
        return "/?" + urlencode(params)

    return render(
        request,
        "wb_triage.html",
        rows=selected[start : start + PAGE_SIZE],
        total=len(selected),
        everything=len(rows),
        pending=pending,
        start=start,
        page_size=PAGE_SIZE,
        facets=facet_counts(selected),
        chosen=chosen,
        text=text,
        link=link,
        by_finding=by_finding,
    )


def document(request: Request, bench: Workbench, user: User) -> Response:
    sha256 = request.path_params["sha256"]
    view = load_view(bench.conn(), sha256)
    if view is None:
        return _not_found(request, "document")
    for card in view.cards:
        span = card.quote.span
        if span is not None and _paged(view.doc.media_type):
            card.quote.image = f"/doc/{sha256}/img/{card.finding.page}/{span[0]}-{span[1]}.png"
        elif card.quote.span is None:
            card.quote.image_note = (
                "The quote was not found in the stored page text, so it is not boxed on a page image."
            )
        else:
            card.quote.image_note = "No page image: the original has no fixed pages; the quote is shown in its text."
    link = view.doc.source_url if (view.doc.source_url or "").startswith(("http://", "https://")) else None
    return render(
        request,
        "wb_document.html",
        view=view,
        doc=view.doc,
        methods=sorted(Counter(p.method for p in view.doc.pages).items()),
        source_link=link,
        index_href="/",
        findings_note="No findings in this document." if view.doc.scanned else "Not scanned yet.",
        entities_note="No parties or products recognised in this document.",
        show_paths=False,
        download_href=f"/doc/{sha256}/file",
        page_href=lambda card: f"/doc/{sha256}/page/{card.finding.page}" if _paged(view.doc.media_type) else "",
        history=review.history(bench.conn(), "document", sha256, limit=20),
    )


def _paged(media_type: str) -> bool:
    return media_type == "application/pdf" or media_type.startswith("image/")


def download(request: Request, bench: Workbench, user: User) -> Response:
    found = original(bench.blobs, bench.conn(), request.path_params["sha256"])
    if found is None:
        return _not_found(request, "original file")
    path, name, media_type = found
    headers = {**HEADERS, "Content-Security-Policy": "default-src 'none'; sandbox"}
    return FileResponse(
        path, media_type=media_type, filename=name, headers=headers, content_disposition_type="attachment"
    )


def _png(data: bytes | None) -> Response:
    if data is None:
        return Response(b"", status_code=404, headers=HEADERS)
    return Response(data, media_type="image/png", headers={**HEADERS, "Cache-Control": "private, max-age=3600"})


def region(request: Request, bench: Workbench, user: User) -> Response:
    params = request.path_params
    doc = find_document(bench.conn(), params["sha256"])
    if doc is None:
        return _png(None)
    key = ImageKey(doc.sha256, params["page"], ((params["start"], params["end"]),), False)
    return _png(bench.images.get(doc, key))


def full_page_png(request: Request, bench: Workbench, user: User) -> Response:
    doc = find_document(bench.conn(), request.path_params["sha256"])
    if doc is None:
        return _png(None)
    page = request.path_params["page"]
    return _png(bench.images.get(doc, ImageKey(doc.sha256, page, finding_spans(doc, page), True)))


def full_page(request: Request, bench: Workbench, user: User) -> Response:
    doc = find_document(bench.conn(), request.path_params["sha256"])
    page = request.path_params["page"]
    if doc is None or doc.page(page) is None:
        return _not_found(request, "page")
    return render(request, "wb_page.html", doc=doc, page=page, title=doc.meta.title or doc.name)


def party(request: Request, bench: Workbench, user: User) -> Response:
    name = request.query_params.get("name", "").strip()
    if not name:
        return _not_found(request, "party")
    conn = bench.conn()
    reviews = Reviews.load(conn)
    rows: list[dict[str, Any]] = []
    for doc in documents(conn, documents_naming(conn, name)):
        view = document_view(doc, reviews)
        match = next((p for p in view.parties if p.name == name or name in p.texts), None)
        if match is not None:
            rows.append({"view": view, "party": match, "href": f"/doc/{doc.sha256}"})
    rows.sort(key=lambda r: (r["party"].role != "supplied", r["view"].doc.meta.date or ""))
    listing = next((r["party"] for r in rows if r["party"].listed), None)
    decision = review.decision(conn, "party", name)
    versions = list_versions(conn) if listing else []
    return render(request, "wb_party.html", name=name, rows=rows, listing=listing, decision=decision, versions=versions)


def _grouped(conn: Any, text: str, filters: Filters | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """Search hits grouped by document, best document first; or an error line. Queries are entity-aware: a
    party's name in any script finds its mentions."""
    try:
        results = run_search(conn, text, filters or Filters(), SEARCH_LIMIT)
    except (QueryError, FilterError) as exc:
        return [], str(exc)
    groups: dict[str, dict[str, Any]] = {}
    for hit in results.hits:
        group = groups.setdefault(hit.sha256, {"sha256": hit.sha256, "name": hit.name, "hits": []})
        group["hits"].append(hit)
    return list(groups.values()), None


def search(request: Request, bench: Workbench, user: User) -> Response:
    """The search form: a query, the notice-date range (the date the notice states), and the searches saved with
    `oversight search --save`, each a link that runs it with its filters."""
    conn = bench.conn()
    params = request.query_params
    text = params.get("q", "").strip()
    dates = {name: params.get(name, "").strip() for name in ("since", "until")}
    groups: list[dict[str, Any]] = []
    error = None
    saved_name = params.get("saved", "").strip()
    try:
        if saved_name:
            found = saved_searches.get(conn, saved_name)
            if found is None:
                raise FilterError(f"no saved search called {saved_name!r}")
            text, filters = found.query, Filters.from_dict(found.filters)
            dates = {name: str(found.filters.get(name, "")) for name in dates}
        else:
            filters = Filters.from_dict({name: value for name, value in dates.items() if value})
    except FilterError as exc:
        filters, error = Filters(), str(exc)
    if text and error is None:
        groups, error = _grouped(conn, text, filters)
    return render(
        request,
        "wb_search.html",
        text=text,
        dates=dates,
        groups=groups,
        error=error,
        quote=quote,
        saved=saved_searches.all_saved(conn),
        saved_link=lambda name: "/search?" + urlencode({"saved": name}),
    )


def batch(request: Request, bench: Workbench, user: User) -> Response:
    """One search per pasted line (or line of an uploaded list): one table of hits per line."""
    form = request.state.form
    lines: list[str] = []
    if form is not None:
        upload = form.get("file")
        pasted = str(form.get("lines") or "")
        if upload is not None and hasattr(upload, "file"):
            pasted += "\n" + upload.file.read(1 << 20).decode("utf-8", errors="replace")
        lines = list(dict.fromkeys(line.strip() for line in pasted.splitlines() if line.strip()))[:BATCH_LINES]
    results = [(line, *_grouped(bench.conn(), line)) for line in lines]
    return render(request, "wb_batch.html", results=results)


def log(request: Request, bench: Workbench, user: User) -> Response:
    return render(request, "wb_log.html", entries=review.history(bench.conn(), limit=500))
