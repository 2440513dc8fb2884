"""The workbench application: a Starlette app over one store, rendering the report's view model.

Every response carries a Content-Security-Policy that admits only our own stylesheet and script (served from
/static, vendored in the package: nothing is loaded from the internet), so markup in a document's text or file
name cannot run even if escaping failed. Requests without the run's token (local mode) or a session (team mode)
see a sign-in page and nothing else.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from oversight.report.html import stylesheet
from oversight.serve.auth import Auth, Role, User
from oversight.serve.render import HEADERS, STATIC, Workbench, render
from oversight.store.db import open_store


def _message(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "wb_message.html", status=status, title=title, message=message)


Handler = Callable[[Request], Awaitable[Response]]


def guarded(role: Role, handler: Callable[[Request, Workbench, User], Response]) -> Handler:
    """Run `handler` (in a thread) for a signed-in user with at least `role`; check CSRF on writes."""
    from starlette.concurrency import run_in_threadpool

    async def endpoint(request: Request) -> Response:
        bench: Workbench = request.app.state.bench
        form = await request.form() if request.method == "POST" else None
        request.state.form = form
        cookies, token = dict(request.cookies), request.query_params.get("token")
        user = await run_in_threadpool(lambda: bench.auth.user(bench.conn(), cookies, token))
        if user is None:
            if bench.auth.team:
                return RedirectResponse("/login?next=" + quote(request.url.path, safe="/"), status_code=303)
            return render(request, "wb_denied.html", status=401)
        request.state.user = user
        if not user.may(role):
            return _message(request, 403, "Not allowed", f"This needs the {role} role.")
        if form is not None and not _csrf_ok(form.get("csrf"), user):
            return _message(request, 403, "Refused", "The form's CSRF token is missing or wrong; reload the page.")
        response = await run_in_threadpool(handler, request, bench, user)
        return _with_token_cookie(request, bench, response)

    return endpoint


def _csrf_ok(value: object, user: User) -> bool:
    from oversight.serve.auth import same

    return isinstance(value, str) and bool(value) and same(value, user.csrf)


def _with_token_cookie(request: Request, bench: Workbench, response: Response) -> Response:
    """Local mode: trade the URL's token for a cookie, so links and forms need not carry it."""
    from oversight.serve.auth import TOKEN_COOKIE, LocalAuth

    token = request.query_params.get("token")
    if isinstance(bench.auth, LocalAuth) and token:
        response.set_cookie(TOKEN_COOKIE, bench.auth.token, httponly=True, samesite="strict", path="/")
    return response


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404)
    report = resources.files("oversight.report").joinpath("templates")
    if name == "app.js":  # the report's script (sorting, filter box) and the workbench's (zoom)
        body = (
            report.joinpath("sort.js").read_bytes()
            + resources.files("oversight.serve").joinpath("static", "zoom.js").read_bytes()
        )
    else:
        body = stylesheet().encode("utf-8")
    return Response(body, media_type=STATIC[name], headers={**HEADERS, "Cache-Control": "max-age=3600"})


def create_app(db: str | os.PathLike[str], blobs: Path, auth: Auth) -> Starlette:
    """The workbench over the store `db` names, an SQLite file or a PostgreSQL URL (originals under `blobs`)."""
    from oversight.serve import actions, pages

    routes = [
        Route("/", guarded("viewer", pages.triage)),
        Route("/doc/{sha256}", guarded("viewer", pages.document)),
        Route("/doc/{sha256}/file", guarded("viewer", pages.download)),
        Route("/doc/{sha256}/img/{page:int}/{start:int}-{end:int}.png", guarded("viewer", pages.region)),
        Route("/doc/{sha256}/page/{page:int}.png", guarded("viewer", pages.full_page_png)),
        Route("/doc/{sha256}/page/{page:int}", guarded("viewer", pages.full_page)),
        Route("/party", guarded("viewer", pages.party)),
        Route("/search", guarded("viewer", pages.search)),
        Route("/batch", guarded("viewer", pages.batch), methods=["GET", "POST"]),
        Route("/log", guarded("viewer", pages.log)),
        Route("/review", guarded("reviewer", actions.review_decision), methods=["POST"]),
        Route("/doc/{sha256}/mark", guarded("reviewer", actions.mark), methods=["POST"]),
        Route("/accounts", guarded("admin", actions.manage_accounts), methods=["GET", "POST"]),
        Route("/login", actions.login, methods=["GET", "POST"]),
        Route("/logout", actions.logout, methods=["POST"]),
        Route("/static/{name}", static),
    ]
    bench = Workbench(str(db), blobs, auth)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        warm = threading.Thread(
            target=bench.triage.warm, args=(lambda: open_store(bench.db, migrate=False),), daemon=True
        )
        warm.start()
        yield
        bench.triage.stopping.set()
        warm.join(30)

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.bench = bench
    return app
