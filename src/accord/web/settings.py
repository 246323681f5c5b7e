"""What a workbench deployment may tune: lifetimes, the login rate limit, cookie flags.

The defaults are the ones a mediation run for real needs; tests shorten the lifetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Settings:
    """One workbench's settings (:func:`accord.web.create_app`).

    ``secure_cookies``: the session cookie carries ``Secure`` (sent over HTTPS only; browsers
    also send it to ``http://127.0.0.1`` and ``http://localhost``, which they treat as
    secure contexts). Turn it off only behind a proxy that strips it.

    ``login_attempts`` failed logins per ``login_window`` are allowed for one account name
    and, separately, for one client address; the next attempt gets 429 until the window
    has passed (a correct password included, so a guesser learns nothing).
    """

    session_ttl: timedelta = timedelta(hours=12)
    api_token_ttl: timedelta = timedelta(days=30)
    invitation_ttl: timedelta = timedelta(days=7)
    login_attempts: int = 5
    login_window: timedelta = timedelta(minutes=15)
    secure_cookies: bool = True
    upload_limit: int = 20 * 1024 * 1024
    robust_samples: int = 200
    """Samples the workbench's robustness section draws when preferences carry ranges."""
    analysis_workers: int = 1
    """Threads that compute analyses in the background (each is CPU-bound)."""
