"""Alembic's environment for accord's store: runs the migrations on the connection that
:func:`accord.store.engine.migrate` passes in ``config.attributes["connection"]``, or, for
Alembic's own command line (``alembic -x url=sqlite:///workbench.db upgrade head``), on a
new engine for ``-x url=...``.

SQLite cannot alter most columns in place, so later migrations run in batch mode there
(Alembic copies the table), which ``render_as_batch`` makes ``alembic revision
--autogenerate`` write.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from accord.store.engine import WRITE, make_engine
from accord.store.schema import Base


def run(connection: Connection) -> None:
    """Run the pending migrations on ``connection``."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if isinstance(given, Connection):
    run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("name the database: alembic -x url=sqlite:///workbench.db upgrade head")
    engine = make_engine(url)
    try:
        with engine.execution_options(**WRITE).begin() as new_connection:
            run(new_connection)
    finally:
        engine.dispose()
