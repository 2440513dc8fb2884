"""`oversight serve`: the investigator's workbench in a browser, on this machine's store."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from enum import Enum
from typing import Annotated

import typer

from oversight.cli.app import app
from oversight.cli.common import DbOption, fail, open_store
from oversight.store.db import blob_dir, resolve_target


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8765,
    team: Annotated[
        bool, typer.Option("--team", help="Accounts with passwords and roles (see `oversight account`), not a token.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Open the workbench: triage the corpus, read each document's findings with the page image, confirm or
    reject findings and parties with notes, tag and star documents, search and batch-search the text.

    Without --team, the printed URL carries a one-off access token (as Jupyter does); keep it to yourself.
    """
    import uvicorn

    from oversight.serve.app import create_app
    from oversight.serve.auth import LocalAuth, TeamAuth
    from oversight.store.accounts import accounts

    conn = open_store(db)  # migrates the store once, before the workers open it
    if team and not accounts(conn):
        raise fail("--team needs at least one account: run `oversight account NAME --role admin` first")
    conn.close()
    path = resolve_target(db)
    token = secrets.token_urlsafe(24)
    auth = TeamAuth() if team else LocalAuth(token, os.environ.get("USER") or getpass.getuser() or "local")
    application = create_app(path, blob_dir(path), auth)
    config = uvicorn.Config(application, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host

    original = server.startup

    async def startup(sockets: object = None) -> None:
        await original(sockets)  # type: ignore[arg-type]
        bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
        url = f"http://{shown}:{bound}/" + ("" if team else f"?token={token}")
        print(f"oversight workbench: {url}", flush=True)
        print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)

    server.startup = startup  # type: ignore[method-assign]
    server.run()


class RoleChoice(str, Enum):
    viewer = "viewer"
    reviewer = "reviewer"
    admin = "admin"


@app.command()
def account(
    name: Annotated[str, typer.Argument(help="Account name.")],
    role: Annotated[
        RoleChoice, typer.Option(help="viewer (read), reviewer (decide, tag, star) or admin (also accounts).")
    ] = RoleChoice.reviewer,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input instead of prompting.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a workbench account for `oversight serve --team`, or set its password and role (signs it out)."""
    from oversight.serve.auth import hash_password
    from oversight.store.accounts import put_account

    password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass(f"Password for {name}: ")
    if len(password) < 10:
        raise fail("use a password of at least 10 characters")
    put_account(open_store(db), name, hash_password(password), role.value)
    print(f"account {name} ({role.value}) saved", file=sys.stderr)
