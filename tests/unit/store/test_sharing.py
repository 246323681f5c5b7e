"""Preference shares, on SQLite and PostgreSQL: a grant reaches what a member sees only
through its Viewer (Store.member), in the preferences, the export and the audit log, and
withdrawing it takes that back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import accord
from accord.errors import ForbiddenError, StoreError, UnknownIdError
from accord.model import Scenario
from accord.store import Share, Store, User, codec
from accord.store.schema import PartyRow, ShareRow, now
from accord.views import Viewer

FLAGSHIP = Path(__file__).parents[3] / "examples" / "ukraine-2025.yaml"


def _users(store: Store, *names: str) -> list[User]:
    return [store.create_user(name, f"the passphrase of {name}") for name in names]


@pytest.fixture
def flagship(store: Store) -> tuple[int, dict[str, User], Scenario]:
    """The flagship negotiation with a mediator, a delegate of ru, of ua and of us, and an
    observer."""
    scenario = accord.load(FLAGSHIP).scenario
    roles = ["mediator", "ru", "ua", "us", "observer"]
    people = dict(zip(roles, _users(store, "envoy", "ru", "ua", "us", "press"), strict=True))
    nid = store.import_scenario(scenario, people["mediator"].id)
    for party in ("ru", "ua", "us"):
        store.add_member(nid, people[party].id, "party", party=party, by_user=people["mediator"].id)
    store.add_member(nid, people["observer"].id, "observer", by_user=people["mediator"].id)
    return nid, people, scenario


def _redacted(store: Store, nid: int, viewer: Viewer) -> dict[str, bool]:
    """Whether the payloads of each party's preference events are hidden from ``viewer``."""
    return {e.private_to: e.redacted for e in store.audit(nid, viewer) if e.private_to is not None}


def test_sharing_with_the_mediator_shows_the_preferences_to_its_team(
    store: Store, flagship: tuple[int, dict[str, User], Scenario]
) -> None:
    nid, people, scenario = flagship
    mediator = store.member(nid, people["mediator"].id)
    assert (mediator.shared, mediator.viewer) == (frozenset(), Viewer("mediator"))
    with pytest.raises(ForbiddenError):
        store.preferences(nid, "ru", mediator.viewer)
    assert store.export_scenario(nid, mediator.viewer).preferences == {}
    assert set(_redacted(store, nid, mediator.viewer).values()) == {True}

    store.share(nid, "ru", None, by_user=people["ru"].id)
    mediator = store.member(nid, people["mediator"].id)
    assert mediator.shared == {"ru"}
    assert mediator.viewer == Viewer("mediator", shared=frozenset({"ru"}))
    assert store.preferences(nid, "ru", mediator.viewer).value == scenario.preferences["ru"]
    with pytest.raises(ForbiddenError):
        store.preferences(nid, "ua", mediator.viewer)
    assert list(store.export_scenario(nid, mediator.viewer).preferences) == ["ru"]
    assert _redacted(store, nid, mediator.viewer) == {"ua": True, "ru": False, "us": True, "eu": True}
    assert [e.after for e in store.audit(nid, mediator.viewer) if e.private_to == "ru"] == [
        codec.encode(scenario.preferences["ru"])
    ]
    for other in ("ua", "us", "observer"):  # the mediator's grant is the mediator's only
        assert store.member(nid, people[other].id).shared == frozenset()

    store.unshare(nid, "ru", None, by_user=people["ru"].id)
    mediator = store.member(nid, people["mediator"].id)
    assert mediator.viewer == Viewer("mediator")
    with pytest.raises(ForbiddenError):
        store.preferences(nid, "ru", mediator.viewer)
    assert store.export_scenario(nid, mediator.viewer).preferences == {}
    assert set(_redacted(store, nid, mediator.viewer).values()) == {True}


def test_sharing_with_a_party_shows_the_preferences_to_its_delegation(
    store: Store, flagship: tuple[int, dict[str, User], Scenario]
) -> None:
    nid, people, scenario = flagship
    store.share(nid, "ru", "ua", by_user=people["ru"].id)
    store.share(nid, "us", "ua", by_user=people["us"].id)
    ua = store.member(nid, people["ua"].id)
    assert ua.viewer == Viewer.for_party("ua", {"ru", "us"})
    assert store.preferences(nid, "ru", ua.viewer).value == scenario.preferences["ru"]
    assert set(store.export_scenario(nid, ua.viewer).preferences) == {"ua", "ru", "us"}
    assert _redacted(store, nid, ua.viewer) == {"ua": False, "ru": False, "us": False, "eu": True}
    assert store.member(nid, people["us"].id).shared == frozenset()  # one way only
    assert store.member(nid, people["mediator"].id).shared == frozenset()
    store.unshare(nid, "us", "ua", by_user=people["us"].id)
    ua = store.member(nid, people["ua"].id)
    assert ua.viewer == Viewer.for_party("ua", {"ru"})
    with pytest.raises(ForbiddenError):
        store.preferences(nid, "us", ua.viewer)


def test_an_observer_sees_no_preferences_even_if_shared(
    store: Store, flagship: tuple[int, dict[str, User], Scenario]
) -> None:
    nid, people, _ = flagship
    store.share(nid, "ru", None, by_user=people["ru"].id)
    observer = store.member(nid, people["observer"].id)
    assert (observer.shared, observer.viewer) == (frozenset(), Viewer("observer"))
    assert store.export_scenario(nid, observer.viewer).preferences == {}


def test_shares_are_listed_and_idempotent(store: Store, flagship: tuple[int, dict[str, User], Scenario]) -> None:
    nid, people, _ = flagship
    ru = people["ru"].id
    assert store.shares(nid) == ()
    for _ in range(2):
        store.share(nid, "ru", None, by_user=ru)
        store.share(nid, "ru", "ua", by_user=ru)
    store.share(nid, "ua", None, by_user=people["ua"].id)
    assert store.shares(nid) == (Share("ru", None), Share("ru", "ua"), Share("ua", None))
    store.unshare(nid, "ru", None, by_user=ru)
    store.unshare(nid, "ru", None, by_user=ru)
    store.unshare(nid, "us", "eu", by_user=people["us"].id)  # never granted
    assert store.shares(nid) == (Share("ru", "ua"), Share("ua", None))
    events = [(e.action, e.target, e.after) for e in store.audit(nid, Viewer("observer")) if "share" in e.action]
    assert events == [
        ("preferences.share", "the preferences of ru, for the mediator", {"party": "ru", "with": None}),
        ("preferences.share", "the preferences of ru, for ua", {"party": "ru", "with": "ua"}),
        ("preferences.share", "the preferences of ua, for the mediator", {"party": "ua", "with": None}),
        ("preferences.unshare", "the preferences of ru, for the mediator", {"party": "ru", "with": None}),
    ]


def test_a_share_that_does_not_fit_is_refused(store: Store, flagship: tuple[int, dict[str, User], Scenario]) -> None:
    nid, people, _ = flagship
    with pytest.raises(StoreError, match="'ru' cannot share its preferences with itself"):
        store.share(nid, "ru", "ru", by_user=people["ru"].id)
    with pytest.raises(UnknownIdError, match="unknown party 'rus'"):
        store.share(nid, "rus", None, by_user=people["ru"].id)
    with pytest.raises(UnknownIdError, match="unknown party 'uk'"):
        store.unshare(nid, "ru", "uk", by_user=people["ru"].id)
    assert store.shares(nid) == ()


def test_the_database_holds_one_grant_per_pair(store: Store, flagship: tuple[int, dict[str, User], Scenario]) -> None:
    """The unique indexes, NULL (the mediator) included, on both databases."""
    nid, _, _ = flagship
    with Session(store.engine) as session:
        ids = {row.key: row.id for row in session.scalars(select(PartyRow).where(PartyRow.negotiation_id == nid))}
    for to in (None, ids["ua"]):
        with Session(store.engine) as session, session.begin():
            session.add(ShareRow(negotiation_id=nid, party_id=ids["ru"], to_party_id=to, created=now()))
        with pytest.raises(IntegrityError), Session(store.engine) as session, session.begin():
            session.add(ShareRow(negotiation_id=nid, party_id=ids["ru"], to_party_id=to, created=now()))
    with Session(store.engine) as session, session.begin():  # another party may grant the mediator too
        session.add(ShareRow(negotiation_id=nid, party_id=ids["us"], to_party_id=None, created=now()))
    assert store.shares(nid) == (Share("ru", None), Share("ru", "ua"), Share("us", None))
