"""Who is calling, and whether the call may go on: sessions, bearer tokens, CSRF, the login
rate limit.

Two kinds of credentials, both random tokens of which the store keeps only a digest
(:meth:`accord.store.Store.create_token`):

- a **browser session** travels in the ``accord_session`` cookie, ``HttpOnly`` (scripts
  cannot read it), ``SameSite=Lax`` (other sites' forms and scripts do not send it) and
  ``Secure``; every request that changes something with it must also carry the session's
  CSRF token, in the ``X-CSRF-Token`` header (htmx sends it) or the ``csrf_token`` form
  field (the synchroniser token pattern, OWASP's CSRF Prevention Cheat Sheet);
- an **API token** travels in ``Authorization: Bearer TOKEN``; a browser never sends it
  on its own, so it needs no CSRF token.

Forms shown before anyone is signed in (the login and an invitation's sign-up) carry a
double-submit token: a random ``accord_form`` cookie whose value the form repeats.

Failed logins are counted per account name and per client address
(:class:`RateLimiter`): past ``Settings.login_attempts`` within ``Settings.login_window``
the next attempt gets 429 with ``Retry-After``, whatever the password.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request

from accord.store import Token, User
from accord.web.errors import ApiError

SESSION_COOKIE = "accord_session"
FORM_COOKIE = "accord_form"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Caller:
    """A signed-in caller: the user, and how they proved it (``cookie`` or ``bearer``)."""

    user: User
    via: Literal["cookie", "bearer"]
    csrf: str = ""


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def caller_of(token: Token | None, via: Literal["cookie", "bearer"]) -> Caller | None:
    """The caller a live token proves, or None."""
    return None if token is None else Caller(token.user, via, token.csrf)


def check_csrf(request: Request, caller: Caller, form_value: str | None = None) -> None:
    """403 when a cookie-authenticated request that changes something lacks its session's
    CSRF token (in the header or the form field)."""
    if caller.via != "cookie" or request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER) or form_value or ""
    if not given or not hmac.compare_digest(given, caller.csrf):
        raise ApiError(
            403,
            "this form has expired or did not come from the workbench; reload the page and try again",
            code="csrf",
        )


def check_form_token(request: Request, form_value: str | None) -> None:
    """403 when an anonymous form's double-submit token does not match its cookie."""
    cookie = request.cookies.get(FORM_COOKIE, "")
    if not cookie or not form_value or not hmac.compare_digest(cookie, form_value):
        raise ApiError(403, "this form has expired; reload the page and try again", code="csrf")


def new_form_token() -> str:
    """A fresh double-submit token."""
    return secrets.token_urlsafe(24)


class RateLimiter:
    """Failed attempts per key within a sliding window (one process's memory: a workbench
    runs as one server process; behind several, put the limit in the proxy)."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds before any of ``keys`` may try again (0: now)."""
        now = time.monotonic()
        longest = 0.0
        with self._lock:
            for key in keys:
                seen = self._prune(key, now)
                if len(seen) >= self.attempts:
                    longest = max(longest, seen[0] + self.window - now)
        return longest

    def failed(self, *keys: str) -> None:
        """Count one failed attempt for each of ``keys``."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)

    def _prune(self, key: str, now: float) -> deque[float]:
        seen = self._failures.setdefault(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        return seen


def login_keys(request: Request, name: str) -> tuple[str, str]:
    """The keys a login attempt counts against: the account name and the client address."""
    host = request.client.host if request.client is not None else "unknown"
    return f"name:{name.strip().lower()}", f"addr:{host}"


def check_rate(limiter: RateLimiter, keys: tuple[str, str]) -> None:
    """429 with Retry-After while ``keys`` are over the limit."""
    wait = limiter.wait(*keys)
    if wait > 0:
        seconds = int(wait) + 1
        raise ApiError(
            429,
            f"too many failed logins; wait {seconds} s and try again",
            details={"retry_after": seconds},
            headers={"Retry-After": str(seconds)},
        )
