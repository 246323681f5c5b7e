"""The mediation workbench: a multi-user web application over the store (:mod:`accord.store`)
where each party keeps its priorities confidential.

Needs the ``workbench`` extra (FastAPI, uvicorn, Jinja2 and the store's SQLAlchemy,
Alembic, psycopg and argon2-cffi)::

    from accord.store import open_store
    from accord.web import create_app
    app = create_app(open_store("sqlite:///workbench.db"))

``accord serve --db URL`` runs it. See docs/explanation/workbench.md.
"""

from __future__ import annotations

from accord.errors import MissingExtraError

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as err:  # pragma: no cover - the dev install has the extra
    raise MissingExtraError("the workbench", "workbench", err.name or "fastapi") from err

from accord.web.app import create_app
from accord.web.settings import Settings

__all__ = ["Settings", "create_app"]
