"""The workbench application: :func:`create_app` puts the store, the JSON API, the pages
and the error handlers together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord import __version__
from accord.errors import AccordError
from accord.store import Store
from accord.web import api, pages, pages_work
from accord.web.errors import ApiError, from_accord
from accord.web.render import error_page
from accord.web.settings import Settings
from accord.web.workbench import Workbench

STATIC = Path(__file__).parent / "static"


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The workbench on ``store`` (:func:`accord.store.open_store`); serve it with any ASGI
    server (``accord serve`` runs uvicorn)."""
    workbench = Workbench(store, settings or Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        workbench.close()

    app = FastAPI(
        title="accord workbench",
        version=__version__,
        description="Negotiation support: one text in versions, every party's stances, confidential preferences.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.workbench = workbench
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(pages_work.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(AccordError, _accord_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal)
    app.add_middleware(SecurityHeaders)
    return app


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (a plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` costs a task and a stream per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _answer(request: Request, err: ApiError) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse(err.body(), status_code=err.status, headers=err.headers)
    return error_page(request, err)


async def _api_error(request: Request, err: ApiError) -> Response:
    return _answer(request, err)


async def _accord_error(request: Request, err: AccordError) -> Response:
    return _answer(request, from_accord(err))


async def _invalid(request: Request, err: RequestValidationError) -> Response:
    problems = [
        {"where": ".".join(str(x) for x in e.get("loc", ())), "problem": str(e.get("msg", ""))} for e in err.errors()
    ]
    first = problems[0] if problems else {"where": "request", "problem": "invalid"}
    message = f"{first['where']}: {first['problem']}"
    return _answer(request, ApiError(422, message, details={"problems": problems}))


async def _http_error(request: Request, err: HTTPException) -> Response:
    messages = {404: f"no page or endpoint at {request.url.path}", 405: f"{request.method} is not allowed here"}
    return _answer(request, ApiError(err.status_code, messages.get(err.status_code, str(err.detail))))


async def _internal(request: Request, err: Exception) -> Response:
    import logging

    logging.getLogger("accord.web").exception("unexpected error on %s %s", request.method, request.url.path)
    return _answer(request, ApiError(500, "an unexpected error; the server's log has the details"))
