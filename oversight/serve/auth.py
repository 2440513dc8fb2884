"""Who is asking: the per-run access token of a local workbench, or an account's session in team mode.

Local mode (the default) works as Jupyter does: the URL printed at start carries a random token; the first visit
trades it for an HttpOnly, SameSite=Strict cookie. Team mode (`--team`) signs people in with argon2-hashed
passwords, throttles failed sign-ins, and gives each account a role: viewer (read), reviewer (also decide, tag,
star), admin. Every form that changes something carries a CSRF token bound to the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from oversight.store import accounts

Role = Literal["viewer", "reviewer", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "reviewer", "admin")
TOKEN_COOKIE = "oversight_token"
SESSION_COOKIE = "oversight_session"
SESSION_HOURS = 12
MAX_FAILURES = 5  # failed sign-ins per account within THROTTLE_SECONDS before its sign-in is refused
MAX_CLIENT_FAILURES = 20  # ... and per client address (several people may share one, behind a proxy)
THROTTLE_SECONDS = 15 * 60
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password")  # verified against when the account does not exist: same timing


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    csrf: str

    def may(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


class LocalAuth:
    """One person on their own machine: whoever holds the run's token is the reviewer `actor`."""

    team = False

    def __init__(self, token: str, actor: str) -> None:
        self.token = token
        self.actor = actor
        self.csrf = hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()

    def user(self, conn: sqlite3.Connection, cookies: dict[str, str], query_token: str | None) -> User | None:
        offered = cookies.get(TOKEN_COOKIE) or query_token or ""
        return User(self.actor, "admin", self.csrf) if same(offered, self.token) else None


class Throttle:
    """Failed sign-ins per key (account name, client address) in a sliding window."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, *keys: str) -> bool:
        cutoff = time.monotonic() - THROTTLE_SECONDS
        with self._lock:
            for key in keys:
                failures = self._failures[key]
                while failures and failures[0] < cutoff:
                    failures.popleft()
                if len(failures) >= (MAX_CLIENT_FAILURES if key.startswith("client:") else MAX_FAILURES):
                    return True
        return False

    def fail(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures[key].append(time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class TeamAuth:
    """Accounts in the store, sessions by cookie."""

    team = True

    def __init__(self) -> None:
        self.throttle = Throttle()

    def user(self, conn: sqlite3.Connection, cookies: dict[str, str], query_token: str | None) -> User | None:
        cookie = cookies.get(SESSION_COOKIE)
        found = accounts.session(conn, digest(cookie)) if cookie else None
        return User(found.account, found.role, found.csrf) if found and found.role in ROLES else None

    def sign_in(self, conn: sqlite3.Connection, name: str, password: str, client: str) -> str | None:
        """A new session cookie value, or None (wrong name or password, or throttled: the caller cannot tell)."""
        if self.throttle.blocked(f"account:{name}", f"client:{client}"):
            return None
        found = accounts.account(conn, name)
        try:
            _HASHER.verify(found.password_hash if found else _DUMMY, password)
            ok = found is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or found is None:
            self.throttle.fail(f"account:{name}", f"client:{client}")
            return None
        self.throttle.clear(f"account:{name}")
        cookie = secrets.token_urlsafe(32)
        expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        accounts.open_session(conn, digest(cookie), found.name, secrets.token_urlsafe(24), expires)
        return cookie

    def throttled(self, name: str, client: str) -> bool:
        return self.throttle.blocked(f"account:{name}", f"client:{client}")


Auth = LocalAuth | TeamAuth
