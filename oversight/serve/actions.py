"""Writes of the workbench: review decisions, tags and stars, signing in and out.

Each write answers with a redirect back to where the reviewer was (post/redirect/get), except a decision made on
a version someone else has since changed: that answers 409 with both decisions side by side and a form to decide
again on the current version.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from oversight.serve.auth import ROLES, SESSION_COOKIE, TeamAuth, User, digest, hash_password
from oversight.serve.render import HEADERS, Workbench, render
from oversight.store import accounts, review
from oversight.store import documents as stored_documents
from oversight.store.workbench import finding_quote


def _back(subject: str, key: str, fragment: str) -> str:
    if subject == "party":
        return "/party?name=" + quote(key, safe="")
    sha256 = key.split(":", 1)[0]
    anchor = fragment if fragment.startswith("#") and fragment[1:].replace("-", "").isalnum() else ""
    return f"/doc/{sha256}{anchor}"


def _redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers=HEADERS)


def review_decision(request: Request, bench: Workbench, user: User) -> Response:
    form = request.state.form
    subject = str(form.get("subject", ""))
    key = str(form.get("key", ""))
    conn = bench.conn()
    quote_now: str | None = None
    if subject == "finding":
        sha256, _, rest = key.partition(":")
        page, _, rule = rest.partition(":")
        quote_now = finding_quote(conn, sha256, int(page), rule) if page.isdigit() else None
        if quote_now is None:
            return render(request, "wb_message.html", status=404, title="Not found", message="No such finding.")
    elif subject != "party" or not key:
        return render(request, "wb_message.html", status=400, title="Bad request", message="Unknown review subject.")
    state, note = str(form.get("state", "")), str(form.get("note", ""))
    try:
        version = int(str(form.get("version", "")))
        review.decide(conn, subject, key, state, note, actor=user.name, seen_version=version, quote=quote_now)  # type: ignore[arg-type]
    except review.ReviewConflict as conflict:
        back = _back(subject, key, str(form.get("back", "")))
        return render(
            request, "wb_conflict.html", status=409, current=conflict.current, state=state, note=note, back=back
        )
    except (ValueError, review.ReviewError) as exc:
        return render(request, "wb_message.html", status=400, title="Not saved", message=str(exc) or "Bad version.")
    return _redirect(_back(subject, key, str(form.get("back", ""))))


def mark(request: Request, bench: Workbench, user: User) -> Response:
    """Tag, untag, star or unstar a document."""
    form = request.state.form
    sha256 = request.path_params["sha256"]
    conn = bench.conn()
    if stored_documents.find(conn, sha256) is None:
        return render(request, "wb_message.html", status=404, title="Not found", message="No such document.")
    action = str(form.get("action", ""))
    try:
        if action in ("star", "unstar"):
            review.set_star(conn, sha256, action == "star", actor=user.name)
        elif action in ("tag", "untag"):
            review.set_tag(conn, sha256, str(form.get("tag", "")), action == "tag", actor=user.name)
        else:
            raise review.ReviewError(f"unknown action {action!r}")
    except review.ReviewError as exc:
        return render(request, "wb_message.html", status=400, title="Not saved", message=str(exc))
    return _redirect(f"/doc/{sha256}")


async def login(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    bench: Workbench = request.app.state.bench
    if not isinstance(bench.auth, TeamAuth):
        return _redirect("/")
    target = request.query_params.get("next", "/")
    target = target if target.startswith("/") and not target.startswith("//") else "/"
    if request.method == "GET":
        return render(request, "wb_login.html", error=None, target=target)
    form = await request.form()
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    client = request.client.host if request.client else "?"
    auth = bench.auth
    if auth.throttled(name, client):
        return render(
            request, "wb_login.html", status=429, error="Too many failed sign-ins; wait 15 minutes.", target=target
        )
    cookie = await run_in_threadpool(lambda: auth.sign_in(bench.conn(), name, password, client))
    if cookie is None:
        return render(request, "wb_login.html", status=401, error="Wrong name or password.", target=target)
    response = _redirect(target)
    response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="strict", path="/", max_age=12 * 3600)
    return response


async def logout(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts.close_session(bench.conn(), digest(cookie))
    response = _redirect("/login" if bench.auth.team else "/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def manage_accounts(request: Request, bench: Workbench, user: User) -> Response:
    """Admins list accounts and add or reset one (a reset signs that account out)."""
    conn = bench.conn()
    form = request.state.form
    message = None
    if form is not None:
        name, password, role = (str(form.get(k, "")).strip() for k in ("name", "password", "role"))
        if not name or len(password) < 10 or role not in ROLES:
            message = "Not saved: give a name, a password of 10 characters or more and a known role."
        else:
            accounts.put_account(conn, name, hash_password(password), role)
            message = f"Account {name} ({role}) saved."
    return render(request, "wb_accounts.html", accounts=accounts.accounts(conn), roles=ROLES, message=message)
