"""One error shape for the whole JSON API, ``{"error": {"code", "message", "details"}}``,
and the HTTP status of each of accord's errors.

Every failure a caller can cause becomes an :class:`ApiError` or one of accord's own
errors (:mod:`accord.errors`, each with its ``status``) and leaves here in that shape;
pages (:mod:`accord.web.pages`) show the same code and message on an HTML page. An error
never carries a traceback, nor another party's preferences: the messages come from the
store and the engine, which name points and parties, never a confidential value.
"""

from __future__ import annotations

from typing import Any

from accord.errors import AccordError, ConflictError, InvitationError

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "internal",
    501: "not_available",
    503: "unavailable",
}


class ApiError(Exception):
    """An error the web layer answers with: HTTP ``status``, a stable ``code``, a message
    for people and ``details`` for programs."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def from_accord(err: AccordError) -> ApiError:
    """The API error for one of accord's errors (its ``status``; a conflict's versions and
    an invitation's reason in ``details``)."""
    details: dict[str, Any] = {}
    code = None
    if isinstance(err, ConflictError):
        details = {k: v for k, v in (("expected", err.expected), ("current", err.current)) if v is not None}
    if isinstance(err, InvitationError):
        details = {"reason": err.reason}
        code = f"invitation_{err.reason}"
    status = err.status if err.status != 500 else 422
    return ApiError(status, str(err), code=code, details=details)


def unauthenticated() -> ApiError:
    """401: no valid session or token."""
    return ApiError(401, "sign in first: log in on the home page, or send 'Authorization: Bearer TOKEN'")


def not_member(negotiation: int) -> ApiError:
    """404 for a negotiation the caller is not a member of (whether it exists is not told)."""
    return ApiError(404, f"no negotiation {negotiation} of which you are a member")
