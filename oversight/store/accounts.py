"""Workbench accounts and sessions (`oversight serve --team`): names, password hashes, roles, session digests.

Only digests are stored: the password as an argon2 hash made by the caller, a session by the SHA-256 of its
cookie value, so a copy of the store opens no session.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from oversight.store.db import transaction
from oversight.store.review import now


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    password_hash: str
    role: str


@dataclass(frozen=True, slots=True)
class Session:
    account: str
    role: str
    csrf: str
    expires_at: str


def put_account(conn: sqlite3.Connection, name: str, password_hash: str, role: str) -> None:
    """Create the account or replace its password and role."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO review_accounts(name, password_hash, role, created_at) VALUES (?,?,?,?)"
            " ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role",
            (name, password_hash, role, now()),
        )
        conn.execute("DELETE FROM review_sessions WHERE account = ?", (name,))


def account(conn: sqlite3.Connection, name: str) -> Account | None:
    row = conn.execute("SELECT name, password_hash, role FROM review_accounts WHERE name = ?", (name,)).fetchone()
    return Account(row[0], row[1], row[2]) if row else None


def accounts(conn: sqlite3.Connection) -> list[Account]:
    rows = conn.execute("SELECT name, password_hash, role FROM review_accounts ORDER BY name")
    return [Account(r[0], r[1], r[2]) for r in rows]


def open_session(conn: sqlite3.Connection, token_hash: str, name: str, csrf: str, expires_at: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM review_sessions WHERE expires_at < ?", (now(),))
        conn.execute(
            "INSERT INTO review_sessions(token_hash, account, csrf, created_at, expires_at) VALUES (?,?,?,?,?)",
            (token_hash, name, csrf, now(), expires_at),
        )


def session(conn: sqlite3.Connection, token_hash: str) -> Session | None:
    row = conn.execute(
        "SELECT s.account, a.role, s.csrf, s.expires_at FROM review_sessions s"
        " JOIN review_accounts a ON a.name = s.account WHERE s.token_hash = ? AND s.expires_at > ?",
        (token_hash, now()),
    ).fetchone()
    return Session(row[0], row[1], row[2], row[3]) if row else None


def close_session(conn: sqlite3.Connection, token_hash: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM review_sessions WHERE token_hash = ?", (token_hash,))
