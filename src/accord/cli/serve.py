"""``accord serve``, ``accord user add`` and ``accord seed``: the workbench from the command
line (the ``workbench`` extra).

``serve`` runs the web application (:func:`accord.web.create_app`) with uvicorn on one
process; ``user add`` makes an account (the password is asked twice, or read from standard
input with ``--password-stdin``); ``seed`` loads a scenario into a database with a
mediator's account and one account per party, for a demonstration.
"""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import clean
from accord.errors import StoreError

if TYPE_CHECKING:
    from accord.store import Store

DEFAULT_DB = "sqlite:///accord-workbench.db"

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="ACCORD_DB",
        help="The database: sqlite:///FILE (the default, accord-workbench.db) or postgresql+psycopg://USER@HOST/DB.",
    ),
]

users = typer.Typer(
    help="Workbench accounts.\n\n\b\nExample:\n  accord user add envoy --db sqlite:///demo.db",
    no_args_is_help=True,
)


def open_db(url: str) -> Store:
    """The store at ``url``, migrated; StoreError (exit 1) naming the URL without its
    password when it cannot be opened."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from accord.store import open_store

    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        raise StoreError(
            f"--db {url!r} is not a database URL; give sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"
        ) from None
    try:
        return open_store(url)
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        raise StoreError(
            f"--db {shown}: cannot open the database ({reason}); check the URL and that the server runs"
        ) from None


@reports_errors
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="The address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8000,
    insecure_cookies: Annotated[
        bool, typer.Option(help="Send the session cookie over plain HTTP to other hosts (only behind a TLS proxy).")
    ] = False,
) -> None:
    """Run the mediation workbench (open http://HOST:PORT in a browser).

    \b
    Example:
      accord seed examples/ukraine-2025.yaml --db sqlite:///demo.db
      accord serve --db sqlite:///demo.db
    """
    import uvicorn

    from accord.web import Settings, create_app

    store = open_db(db)
    app = create_app(store, Settings(secure_cookies=not insecure_cookies))
    print(f"accord workbench on http://{host}:{port}/ (database {clean(_shown(db))}); Ctrl-C stops it", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@users.command("add")
@reports_errors
def add_user(
    name: Annotated[str, typer.Argument(help="The account's name (what the person types to sign in).")],
    db: DbOption = DEFAULT_DB,
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input (one line).")] = False,
) -> None:
    """Create an account (the password is hashed with Argon2id; 12 characters or more).

    \b
    Example:
      accord user add envoy --db sqlite:///demo.db
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = open_db(db)
    try:
        user = store.create_user(name, password)
    finally:
        store.close()
    print(f"created user {clean(user.name)} (id {user.id})")


@reports_errors
def seed(
    path: Annotated[Path, typer.Argument(help="A scenario file or a GENIUS/GeniusWeb folder.")],
    db: DbOption = DEFAULT_DB,
    invite_hours: Annotated[float, typer.Option(help="Also print invitation links valid this long (0: none).")] = 0,
) -> None:
    """Load a scenario into the workbench with demo accounts: a mediator, and one account
    per rated party (each a member for its party); prints the names and passwords.

    \b
    Example:
      accord seed examples/ukraine-2025.yaml --db sqlite:///demo.db
    """
    from accord.formats.detect import load

    scenario = load(path).scenario
    store = open_db(db)
    try:
        accounts = [("mediator", None)] + [(p, p) for p in scenario.rated_parties]
        made = {}
        for name, _ in accounts:
            password = secrets.token_urlsafe(12)
            made[name] = (store.create_user(name, password), password)
        nid = store.import_scenario(scenario, made["mediator"][0].id)
        for name, party in accounts[1:]:
            store.add_member(nid, made[name][0].id, "party", party=party, by_user=made["mediator"][0].id)
        print(f"negotiation {nid}: {clean(scenario.title)}")
        for name, party in accounts:
            role = "mediator" if party is None else f"party {party}"
            print(f"  {name:<10} password {made[name][1]}   ({role})")
        if invite_hours > 0:
            raw, _ = store.invite(
                nid, "observer", party=None, by_user=made["mediator"][0].id, ttl=timedelta(hours=invite_hours)
            )
            print(f"  an observer's invitation: /invite/{raw}")
    finally:
        store.close()
    print(f"start it with: accord serve --db {clean(_shown(db))}")


def _shown(url: str) -> str:
    """``url`` without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
