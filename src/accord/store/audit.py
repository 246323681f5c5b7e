"""The append-only audit log: every change, who made it, when, the state before and after.

Writing: every change of the store calls :func:`record` in the same transaction as the
change, so an event exists exactly when its change was committed. The store offers no
way to change or delete an event, and the database refuses to (triggers of the first
migration on ``audit_events``).

Reading goes through :func:`events` and a :class:`~accord.views.Viewer`, never through the
table: an event that holds a party's preferences names that party (``private_to``), and
its ``before`` and ``after`` are hidden from a viewer who may not see that party's
preferences (``Viewer.sees_preferences``, the one confidentiality rule). That such an event
happened (the party changed its preferences at that time) stays visible to every member,
as the change of a version number would be; its values do not. Payloads of other events
(drafts, stances, memberships, comments) are the public record.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.schema import AuditRow, User, now
from accord.store.types import AuditEvent
from accord.views import Viewer


def record(
    session: Session,
    negotiation: int | None,
    actor: int | None,
    action: str,
    target: str,
    *,
    before: Any = None,
    after: Any = None,
    private_to: str | None = None,
) -> None:
    """Add one event. ``private_to``: the party whose preferences ``before``/``after`` hold
    (required for any payload with preferences in it)."""
    session.add(
        AuditRow(
            negotiation_id=negotiation,
            actor_id=actor,
            action=action,
            target=target,
            private_to=private_to,
            before=before,
            after=after,
            at=now(),
        )
    )


def events(session: Session, negotiation: int | None, viewer: Viewer) -> tuple[AuditEvent, ...]:
    """The events of ``negotiation`` (None: those of no negotiation, such as new accounts),
    oldest first, with the preferences ``viewer`` may not see taken out."""
    where = AuditRow.negotiation_id.is_(None) if negotiation is None else AuditRow.negotiation_id == negotiation
    rows = session.execute(
        select(AuditRow, User.name).outerjoin(User, User.id == AuditRow.actor_id).where(where).order_by(AuditRow.id)
    ).all()
    return tuple(_as_event(row, actor, viewer) for row, actor in rows)


def _as_event(row: AuditRow, actor: str | None, viewer: Viewer) -> AuditEvent:
    hidden = row.private_to is not None and not viewer.sees_preferences(row.private_to)
    return AuditEvent(
        id=row.id,
        negotiation=row.negotiation_id,
        actor=actor,
        action=row.action,
        target=row.target,
        at=row.at,
        before=None if hidden else row.before,
        after=None if hidden else row.after,
        private_to=row.private_to,
        redacted=hidden,
    )
