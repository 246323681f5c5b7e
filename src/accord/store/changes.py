"""Every change to a negotiation, each with its audit event, in the caller's transaction.

**Concurrency.** Each change first locks its negotiation's row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the transaction began with ``BEGIN IMMEDIATE`` and holds the write
lock), so the changes of one negotiation happen one at a time and each sees the ones
committed before it. On top of that, the writer names the version it read, and a change
made since answers :class:`~accord.errors.ConflictError` (409) instead of being
overwritten: optimistic concurrency control [KungRobinson1981]_, checked under the lock, so
two writers that read the same version cannot both pass. The versions:

* a party's preferences: ``version`` of their row (0: none yet), one more per change;
* a stance: how many stances the party has stated on that point of that draft (its
  history's length), so a delegation member who records a stance without having seen the
  one a colleague just recorded is told so;
* the drafts: how many the negotiation holds (the newest draft's ``version``).

**Checks.** What a change names must exist in the negotiation (UnknownIdError, 404), and
drafts and preferences must pass the model's own checks: the new draft or preferences are
checked by building a :class:`~accord.model.Scenario` with them (ModelError, 400).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accord.errors import ConflictError, StoreError, UnknownIdError
from accord.model import Draft, Preferences, Scenario, Stance
from accord.shapes import draft_json, stance_json
from accord.store import audit, codec, rows
from accord.store.schema import CommentRow, DraftRow, Membership, PreferencesRow, StanceRow, User, now
from accord.store.types import MemberRole


def record_stance(session: Session, nid: int, stance: Stance, actor: int, expected_version: int) -> int:
    """Append ``stance`` to the record; the new version of its slot (party, draft, point)."""
    rows.negotiation_row(session, nid, lock=True)
    party = rows.party_row(session, nid, stance.party)
    draft = rows.draft_row(session, nid, stance.draft)
    point_id = None
    if stance.point is not None:
        point = rows.point_row(session, nid, stance.point)
        point_id = point.id
        if stance.proposal is not None:
            _check_proposal(session, nid, stance)
    slot = rows.count_stances(
        session,
        StanceRow.party_id == party.id,
        StanceRow.draft_id == draft.id,
        StanceRow.point_id.is_(None) if point_id is None else StanceRow.point_id == point_id,
    )
    where = f"{stance.party}'s stance on {stance.point or 'the whole draft'} of draft {stance.draft}"
    _expect(where, expected_version, slot)
    last = session.scalar(select(func.max(StanceRow.position)).where(StanceRow.negotiation_id == nid))
    position = 0 if last is None else last + 1
    session.add(rows.stance_row_of(nid, position, stance, (party.id, draft.id, point_id), actor))
    audit.record(session, nid, actor, "stance.record", where, after=stance_json(stance))
    return slot + 1


def _check_proposal(session: Session, nid: int, stance: Stance) -> None:
    _, points = rows.read_frame(session, nid)
    point = next(p for p in points if p.id == stance.point)
    if stance.proposal is None or not point.has_value(stance.proposal):
        raise StoreError(
            f"{stance.party}'s stance on {stance.point}: the proposal {stance.proposal!r} is not one of the "
            f"point's values; propose one of {', '.join(str(v) for v in point.values()[:8])}"
        )


def publish_draft(session: Session, nid: int, draft: Draft, actor: int, expected_version: int) -> int:
    """Add ``draft`` as the negotiation's newest version; its version number."""
    rows.negotiation_row(session, nid, lock=True)
    current = session.scalar(select(func.count()).select_from(DraftRow).where(DraftRow.negotiation_id == nid)) or 0
    _expect(f"the drafts of negotiation {nid}", expected_version, current)
    scenario = rows.read_scenario(session, nid)
    if any(d.id == draft.id for d in scenario.drafts):
        raise ConflictError(f"draft {draft.id!r} exists already; drafts never change: publish it under a new id")
    replace(scenario, drafts=(*scenario.drafts, draft))  # the model's checks: parents, authors, choices
    row = rows.draft_row_of(nid, current + 1, draft, actor)
    session.add(row)
    session.flush()
    known = {key: rows.draft_row(session, nid, key) for key in draft.parents}
    rows.add_parents(session, row, draft, known)
    audit.record(session, nid, actor, "draft.publish", f"draft {draft.id}", after=draft_json(draft))
    return current + 1


def set_preferences(session: Session, nid: int, prefs: Preferences, actor: int, expected_version: int) -> int:
    """Replace ``prefs.party``'s preferences; their new version."""
    negotiation = rows.negotiation_row(session, nid, lock=True)
    party = rows.party_row(session, nid, prefs.party)
    parties, points = rows.read_frame(session, nid)
    Scenario(negotiation.title, parties, points, preferences={prefs.party: prefs})  # the model's checks
    row = session.scalars(select(PreferencesRow).where(PreferencesRow.party_id == party.id)).one_or_none()
    current = 0 if row is None else row.version
    _expect(f"the preferences of {prefs.party}", expected_version, current)
    data = codec.encode(prefs)
    before = None if row is None else row.data
    if row is None:
        row = PreferencesRow(party_id=party.id, data=data, version=1, updated=now(), updated_by=actor)
        session.add(row)
    else:
        row.data, row.version, row.updated, row.updated_by = data, current + 1, now(), actor
    audit.record(
        session,
        nid,
        actor,
        "preferences.set",
        f"the preferences of {prefs.party}",
        before=before,
        after=data,
        private_to=prefs.party,
    )
    return current + 1


def add_member(session: Session, nid: int, user: int, role: MemberRole, party: str | None, actor: int) -> None:
    """Make ``user`` a member of the negotiation; ConflictError if it is one already (the
    negotiation's lock makes the check and the insert one step)."""
    rows.negotiation_row(session, nid, lock=True)
    if role not in ("mediator", "party", "observer"):
        raise StoreError(f"unknown role {role!r}; use mediator, party or observer")
    if (role == "party") != (party is not None):
        raise StoreError("a party member names the party it speaks for, and only a party member does")
    if session.get(User, user) is None:
        raise UnknownIdError("user", user, ())
    party_id = None if party is None else rows.party_row(session, nid, party).id
    taken = session.scalars(
        select(Membership).where(Membership.user_id == user, Membership.negotiation_id == nid)
    ).one_or_none()
    if taken is not None:
        raise ConflictError(f"user {user} is a member of negotiation {nid} already (as {taken.role})")
    session.add(Membership(user_id=user, negotiation_id=nid, role=role, party_id=party_id, created=now()))
    audit.record(session, nid, actor, "member.add", f"user {user}", after={"role": role, "party": party})


def add_comment(
    session: Session, nid: int, user: int, body: str, draft: str | None = None, point: str | None = None
) -> int:
    """Add a comment (on the negotiation, a draft, or a point of a draft); its id."""
    rows.negotiation_row(session, nid, lock=True)
    if not body.strip():
        raise StoreError("an empty comment; write something")
    if point is not None and draft is None:
        raise StoreError(f"a comment on point {point!r} names the draft too")
    draft_id = None if draft is None else rows.draft_row(session, nid, draft).id
    point_id = None if point is None else rows.point_row(session, nid, point).id
    row = CommentRow(negotiation_id=nid, user_id=user, draft_id=draft_id, point_id=point_id, body=body, created=now())
    session.add(row)
    session.flush()
    target = f"comment {row.id}" + (f" on draft {draft}" if draft else "") + (f", point {point}" if point else "")
    audit.record(session, nid, user, "comment.add", target, after={"body": body, "draft": draft, "point": point})
    return row.id


def _expect(what: str, expected: int, current: int) -> None:
    if expected != current:
        raise ConflictError(
            f"{what}: changed since version {expected} was read (now version {current}); "
            "read it again and make the change on the current version",
            expected=expected,
            current=current,
        )
