"""What every workbench handler shares: the security headers, the state object and the template renderer.

Its own module so that the route modules (pages, actions) and the app factory import it, never each other.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from oversight.report.view import FACETS, ROLE_TITLES, has_cjk
from oversight.serve.auth import Auth, User
from oversight.serve.data import Images, Triage
from oversight.store.db import open_store

CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
STATIC = {"report.css": "text/css", "app.js": "text/javascript"}


@dataclass
class Workbench:
    """What every request handler shares: the store (an SQLite path or a PostgreSQL URL), the auth scheme, caches."""

    db: str
    blobs: Path
    auth: Auth
    triage: Triage = field(default_factory=Triage)
    images: Images = field(init=False)
    local: threading.local = field(default_factory=threading.local)

    def __post_init__(self) -> None:
        self.images = Images(self.blobs)

    def conn(self) -> sqlite3.Connection:
        """One connection per worker thread (handlers run in a thread pool), to either backend: typed as sqlite3's,
        whose API the PostgreSQL adapter speaks (the store's functions are annotated with it)."""
        conn: sqlite3.Connection | None = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = cast("sqlite3.Connection", open_store(self.db, migrate=False))
        return conn


def _release() -> str:
    try:
        return version("oversight")
    except PackageNotFoundError:
        return "dev"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("oversight.serve", "templates"),
                jinja2.PackageLoader("oversight.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        csp=CSP,
        css_href="/static/report.css",
        script_src="/static/app.js",
        css="",
        script="",
        version=_release(),
        cjk=has_cjk,
        role_titles=ROLE_TITLES,
        facet_titles=dict(FACETS),
        party_href=lambda name: "/party?name=" + quote(name, safe=""),
    )
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    from datetime import UTC, datetime

    user: User | None = getattr(request.state, "user", None)
    page = (
        environment()
        .get_template(template)
        .render(
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            user=user,
            csrf=user.csrf if user else "",
            team=request.app.state.bench.auth.team,
            static=False,
            **context,
        )
    )
    return HTMLResponse(page, status_code=status, headers=HEADERS)
