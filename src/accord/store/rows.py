"""A scenario into rows, and rows back into the scenario, field by field.

:func:`insert_scenario` writes every party, point, option, draft (numbered by ``version``
in file order), parent, stance (numbered by ``position`` in record order) and each rated
party's preferences (:mod:`accord.store.codec`); :func:`read_scenario` builds the same
:class:`~accord.model.Scenario` back, so that ``read_scenario(insert_scenario(s)) == s``.
The model's constructors check what they are given, as they do for files.

The lookups (:func:`party_row`, :func:`draft_row`, :func:`point_row`) raise
UnknownIdError, with a did-you-mean, for an id the negotiation does not hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accord.errors import UnknownIdError
from accord.model import (
    Basis,
    Draft,
    NumericRange,
    Option,
    Party,
    Point,
    Role,
    Scenario,
    Source,
    Stance,
    StanceKind,
)
from accord.model.scenario import Origin
from accord.store import codec
from accord.store.schema import (
    DraftParent,
    DraftRow,
    Negotiation,
    OptionRow,
    PartyRow,
    PointRow,
    PreferencesRow,
    StanceRow,
    now,
)

K = TypeVar("K", PartyRow, DraftRow, PointRow)
SOURCE_FIELDS = ("quote", "speaker", "date", "link", "outlet", "published")


def insert_scenario(session: Session, scenario: Scenario, user_id: int) -> Negotiation:
    """Write ``scenario`` as a new negotiation created by ``user_id``."""
    created = now()
    negotiation = Negotiation(
        title=scenario.title,
        description=scenario.description,
        origin=scenario.origin,
        source=scenario.source,
        bargainers=None if scenario.bargainers is None else list(scenario.bargainers),
        created=created,
        created_by=user_id,
    )
    session.add(negotiation)
    session.flush()
    nid = negotiation.id
    parties = {}
    for i, party in enumerate(scenario.parties):
        parties[party.id] = PartyRow(
            negotiation_id=nid,
            position=i,
            key=party.id,
            name=party.name,
            role=party.role.value,
            description=party.description,
        )
    points = {p.id: point_row_of(nid, i, p) for i, p in enumerate(scenario.points)}
    session.add_all([*parties.values(), *points.values()])
    session.flush()
    session.add_all(
        OptionRow(point_id=points[p.id].id, position=j, key=o.id, text=o.text)
        for p in scenario.points
        for j, o in enumerate(p.options)
    )
    drafts: dict[str, DraftRow] = {}
    for version, draft in enumerate(scenario.drafts, start=1):
        drafts[draft.id] = draft_row_of(nid, version, draft, user_id)
        session.add(drafts[draft.id])
        session.flush()
        add_parents(session, drafts[draft.id], draft, drafts)
    session.add_all(
        stance_row_of(
            nid, i, s, (parties[s.party].id, drafts[s.draft].id, points[s.point].id if s.point else None), user_id
        )
        for i, s in enumerate(scenario.stances)
    )
    session.add_all(
        PreferencesRow(
            party_id=parties[party].id, data=codec.encode(prefs), version=1, updated=created, updated_by=user_id
        )
        for party, prefs in scenario.preferences.items()
    )
    session.flush()
    return negotiation


def point_row_of(nid: int, position: int, point: Point) -> PointRow:
    """A new row for ``point`` (its options go in their own rows)."""
    rng = point.range
    return PointRow(
        negotiation_id=nid,
        position=position,
        key=point.id,
        title=point.title,
        description=point.description,
        range_min=None if rng is None else rng.min,
        range_max=None if rng is None else rng.max,
        range_step=None if rng is None else rng.step,
        range_unit=None if rng is None else rng.unit,
    )


def draft_row_of(nid: int, version: int, draft: Draft, user_id: int) -> DraftRow:
    """A new row for ``draft`` (its parents go in ``draft_parents``)."""
    return DraftRow(
        negotiation_id=nid,
        version=version,
        key=draft.id,
        title=draft.title,
        date=draft.date,
        description=draft.description,
        authors=list(draft.authors),
        choices=dict(draft.choices),
        texts=dict(draft.texts),
        created=now(),
        created_by=user_id,
    )


def add_parents(session: Session, row: DraftRow, draft: Draft, known: Mapping[str, DraftRow]) -> None:
    """The rows naming ``draft``'s parents, in order."""
    session.add_all(
        DraftParent(draft_id=row.id, position=i, parent_id=known[parent].id) for i, parent in enumerate(draft.parents)
    )


def stance_row_of(
    nid: int, position: int, stance: Stance, refs: tuple[int, int, int | None], user_id: int
) -> StanceRow:
    """A new row for ``stance`` at ``position`` of the record, recorded by ``user_id``;
    ``refs`` holds the row ids of its party, draft and point (None: the whole draft)."""
    party_id, draft_id, point_id = refs
    source: dict[str, str | None] = {
        f"source_{k}": None if stance.source is None else getattr(stance.source, k) for k in SOURCE_FIELDS
    }
    return StanceRow(
        negotiation_id=nid,
        position=position,
        party_id=party_id,
        draft_id=draft_id,
        point_id=point_id,
        stance=stance.stance.value,
        proposal=stance.proposal,
        note=stance.note,
        basis=None if stance.basis is None else stance.basis.value,
        reason=stance.reason,
        created=now(),
        created_by=user_id,
        **source,
    )


def read_scenario(session: Session, nid: int) -> Scenario:
    """The negotiation ``nid`` as a scenario, with every party's preferences (the engine's
    input: show it only through :meth:`accord.views.Viewer.scenario`)."""
    negotiation = negotiation_row(session, nid)
    parties, points = read_frame(session, nid)
    party_keys = {row.id: row.key for row in session.scalars(select(PartyRow).where(PartyRow.negotiation_id == nid))}
    point_keys = {row.id: row.key for row in session.scalars(select(PointRow).where(PointRow.negotiation_id == nid))}
    drafts = session.scalars(select(DraftRow).where(DraftRow.negotiation_id == nid).order_by(DraftRow.version)).all()
    draft_keys = {row.id: row.key for row in drafts}
    parents: dict[int, list[str]] = defaultdict(list)
    parent_rows = session.scalars(
        select(DraftParent)
        .join(DraftRow, DraftRow.id == DraftParent.draft_id)
        .where(DraftRow.negotiation_id == nid)
        .order_by(DraftParent.draft_id, DraftParent.position)
    )
    for link in parent_rows:
        parents[link.draft_id].append(draft_keys[link.parent_id])
    stances = session.scalars(
        select(StanceRow).where(StanceRow.negotiation_id == nid).order_by(StanceRow.position)
    ).all()
    preferences = session.execute(
        select(PartyRow.key, PreferencesRow.data)
        .join(PreferencesRow, PreferencesRow.party_id == PartyRow.id)
        .where(PartyRow.negotiation_id == nid)
        .order_by(PartyRow.position)
    ).all()
    return Scenario(
        title=negotiation.title,
        parties=parties,
        points=points,
        drafts=tuple(draft_of(row, tuple(parents[row.id])) for row in drafts),
        stances=tuple(stance_of(row, party_keys, draft_keys, point_keys) for row in stances),
        preferences={key: codec.decode(data) for key, data in preferences},
        description=negotiation.description,
        origin=cast(Origin, negotiation.origin),  # the Scenario checks it
        source=negotiation.source,
        bargainers=None if negotiation.bargainers is None else tuple(negotiation.bargainers),
    )


def read_frame(session: Session, nid: int) -> tuple[tuple[Party, ...], tuple[Point, ...]]:
    """The negotiation's parties and points, in file order."""
    party_rows = session.scalars(select(PartyRow).where(PartyRow.negotiation_id == nid).order_by(PartyRow.position))
    parties = tuple(Party(r.key, r.name, Role(r.role), r.description) for r in party_rows)
    point_rows = session.scalars(
        select(PointRow).where(PointRow.negotiation_id == nid).order_by(PointRow.position)
    ).all()
    options: dict[int, list[Option]] = defaultdict(list)
    option_rows = session.scalars(
        select(OptionRow)
        .join(PointRow, PointRow.id == OptionRow.point_id)
        .where(PointRow.negotiation_id == nid)
        .order_by(OptionRow.point_id, OptionRow.position)
    )
    for o in option_rows:
        options[o.point_id].append(Option(o.key, o.text))
    return parties, tuple(point_of(row, tuple(options[row.id])) for row in point_rows)


def point_of(row: PointRow, options: tuple[Option, ...]) -> Point:
    """The model's point for ``row`` and its options."""
    rng = None
    if row.range_min is not None and row.range_max is not None and row.range_step is not None:
        rng = NumericRange(row.range_min, row.range_max, row.range_step, row.range_unit or "")
    return Point(row.key, row.title, row.description, options, rng)


def draft_of(row: DraftRow, parents: tuple[str, ...]) -> Draft:
    """The model's draft for ``row``."""
    return Draft(
        id=row.key,
        title=row.title,
        date=row.date,
        authors=tuple(row.authors),
        parents=parents,
        description=row.description,
        choices=dict(row.choices),
        texts=dict(row.texts),
    )


def stance_of(
    row: StanceRow, parties: Mapping[int, str], drafts: Mapping[int, str], points: Mapping[int, str]
) -> Stance:
    """The model's stance for ``row`` (keys of its party, draft and point looked up)."""
    source = None
    if row.source_quote is not None:
        source = Source(**{k: getattr(row, f"source_{k}") or "" for k in SOURCE_FIELDS})
    return Stance(
        party=parties[row.party_id],
        draft=drafts[row.draft_id],
        stance=StanceKind(row.stance),
        point=None if row.point_id is None else points[row.point_id],
        proposal=row.proposal,
        note=row.note,
        source=source,
        basis=None if row.basis is None else Basis(row.basis),
        reason=row.reason,
    )


def negotiation_row(session: Session, nid: int, *, lock: bool = False) -> Negotiation:
    """The negotiation ``nid`` (``lock``: its row locked until the transaction ends, which
    every change to a negotiation takes first); UnknownIdError if there is none."""
    query = select(Negotiation).where(Negotiation.id == nid)
    row = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if row is None:
        raise UnknownIdError("negotiation", nid, ())
    return row


def party_row(session: Session, nid: int, key: str) -> PartyRow:
    """The party ``key`` of negotiation ``nid``."""
    return _keyed(session, PartyRow, nid, key, "party")


def draft_row(session: Session, nid: int, key: str) -> DraftRow:
    """The draft ``key`` of negotiation ``nid``."""
    return _keyed(session, DraftRow, nid, key, "draft")


def point_row(session: Session, nid: int, key: str) -> PointRow:
    """The point ``key`` of negotiation ``nid``."""
    return _keyed(session, PointRow, nid, key, "point")


def count_stances(session: Session, *where: Any) -> int:
    """How many stances match ``where``."""
    return session.scalar(select(func.count()).select_from(StanceRow).where(*where)) or 0


def _keyed(session: Session, table: type[K], nid: int, key: str, kind: str) -> K:
    row = session.scalars(select(table).where(table.negotiation_id == nid, table.key == key)).one_or_none()
    if row is None:
        known = session.scalars(select(table.key).where(table.negotiation_id == nid))
        raise UnknownIdError(kind, key, known)
    return row
