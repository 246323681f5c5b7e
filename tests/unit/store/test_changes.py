"""Stances, drafts, preferences, members and comments: each change checked, versioned and
refused with 409 when the version the writer read has moved."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import accord
from accord.errors import AccordError, ConflictError, ForbiddenError, ModelError, StoreError, UnknownIdError
from accord.model import Draft, Scenario, Stance
from accord.store import Store, User
from accord.views import Viewer

FLAGSHIP = Path(__file__).parents[3] / "examples" / "ukraine-2025.yaml"
LABOUR = Path(__file__).parents[3] / "examples" / "tutorial-labour.yaml"


@pytest.fixture
def labour(store: Store) -> tuple[int, User, Scenario]:
    """The tutorial's negotiation, imported by its mediator."""
    user = store.create_user("mediator", "a long passphrase")
    scenario = accord.load(LABOUR).scenario
    return store.import_scenario(scenario, user.id), user, scenario


def test_a_stance_is_recorded_after_the_others(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    stance = Stance("employer", "claim", "unacceptable", point="wage", note="Too high.")
    assert store.stance_version(nid, "employer", "claim", "wage") == 0
    assert store.record_stance(nid, stance, by_user=user.id, expected_version=0) == 1
    assert store.stance_version(nid, "employer", "claim", "wage") == 1
    assert store.export_scenario(nid, Viewer()).stances == (*scenario.stances, stance)
    amend = Stance("employer", "claim", "amend", point="wage", proposal=3.5)
    assert store.record_stance(nid, amend, by_user=user.id, expected_version=1) == 2
    assert store.export_scenario(nid, Viewer()).stances[-2:] == (stance, amend)


def test_a_stance_on_the_whole_draft_has_its_own_version(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, _ = labour
    whole = Stance("union", "offer", "criticise")
    assert store.stance_version(nid, "union", "offer", None) == 0
    assert store.record_stance(nid, whole, by_user=user.id, expected_version=0) == 1
    assert store.stance_version(nid, "union", "offer", "wage") == 1  # the file's own stance on the wage


def test_two_writers_of_one_stance_version_the_second_gets_409(
    store: Store, labour: tuple[int, User, Scenario]
) -> None:
    nid, user, scenario = labour
    first = Stance("union", "offer", "accept", point="hours")
    second = Stance("union", "offer", "unacceptable", point="hours")
    store.record_stance(nid, first, by_user=user.id, expected_version=0)
    with pytest.raises(ConflictError) as info:
        store.record_stance(nid, second, by_user=user.id, expected_version=0)
    assert info.value.status == 409
    assert (info.value.expected, info.value.current) == (0, 1)
    assert "read it again" in str(info.value)
    assert store.export_scenario(nid, Viewer()).stances == (*scenario.stances, first)


@pytest.mark.parametrize(
    ("stance", "error", "says"),
    [
        (Stance("boss", "offer", "accept", point="wage"), UnknownIdError, "unknown party 'boss'"),
        (Stance("union", "ofer", "accept", point="wage"), UnknownIdError, "did you mean 'offer'"),
        (Stance("union", "offer", "accept", point="pay"), UnknownIdError, "unknown point 'pay'"),
        (Stance("union", "offer", "amend", point="wage", proposal=4.2), StoreError, "not one of the point's values"),
        (Stance("union", "offer", "amend", point="hours", proposal="h30"), StoreError, "propose one of h40, h38"),
    ],
)
def test_a_stance_that_does_not_fit_is_refused(
    store: Store, labour: tuple[int, User, Scenario], stance: Stance, error: type[AccordError], says: str
) -> None:
    nid, user, scenario = labour
    with pytest.raises(error, match=says):
        store.record_stance(nid, stance, by_user=user.id, expected_version=0)
    assert store.export_scenario(nid, Viewer()).stances == scenario.stances


def test_a_draft_is_published_as_the_next_version(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    assert store.draft_version(nid) == 2
    draft = Draft(
        "mediator-1",
        "Mediator's text",
        authors=("union", "employer"),
        parents=("claim", "offer"),
        choices={"wage": 3.5, "hours": "h38"},
        texts={"hours": "38 hours from 2027."},
    )
    assert store.publish_draft(nid, draft, by_user=user.id, expected_version=2) == 3
    back = store.export_scenario(nid, Viewer())
    assert back.drafts == (*scenario.drafts, draft)
    assert back.lineage("mediator-1") == ("offer", "claim", "mediator-1")
    with pytest.raises(ConflictError, match="changed since version 2"):
        store.publish_draft(nid, replace(draft, id="mediator-2"), by_user=user.id, expected_version=2)
    with pytest.raises(ConflictError, match="drafts never change"):
        store.publish_draft(nid, draft, by_user=user.id, expected_version=3)


@pytest.mark.parametrize(
    ("draft", "says"),
    [
        (Draft("d", parents=("nope",)), "parents"),
        (Draft("d", authors=("nobody",)), "authors"),
        (Draft("d", choices={"wage": 9}), "not one of its values"),
        (Draft("d", choices={"pay": 1}), "pay"),
    ],
)
def test_a_draft_that_does_not_fit_is_refused(
    store: Store, labour: tuple[int, User, Scenario], draft: Draft, says: str
) -> None:
    nid, user, _ = labour
    with pytest.raises(ModelError, match=says):
        store.publish_draft(nid, draft, by_user=user.id, expected_version=2)
    assert store.draft_version(nid) == 2


def test_preferences_change_with_their_version(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    union = scenario.preferences["union"]
    changed = replace(union, reservation=0.45, weights={**union.weights, "hours": 40})
    assert store.set_preferences(nid, changed, by_user=user.id, expected_version=1) == 2
    read = store.preferences(nid, "union", Viewer.for_party("union"))
    assert (read.value, read.version) == (changed, 2)
    with pytest.raises(ConflictError) as info:
        store.set_preferences(nid, union, by_user=user.id, expected_version=1)
    assert (info.value.expected, info.value.current) == (1, 2)
    assert store.preferences(nid, "union", Viewer()).value == changed


def test_a_party_without_preferences_sets_its_first_at_version_zero(store: Store) -> None:
    user = store.create_user("mediator", "a long passphrase")
    scenario = accord.load(LABOUR).scenario
    employer = scenario.preferences["employer"]
    nid = store.import_scenario(replace(scenario, preferences={"union": scenario.preferences["union"]}), user.id)
    assert store.preferences(nid, "employer", Viewer()).version == 0
    assert store.preferences(nid, "employer", Viewer()).value is None
    with pytest.raises(ConflictError):
        store.set_preferences(nid, employer, by_user=user.id, expected_version=1)
    assert store.set_preferences(nid, employer, by_user=user.id, expected_version=0) == 1
    assert store.export_scenario(nid, Viewer()) == scenario


def test_preferences_that_do_not_fit_are_refused(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    wrong = replace(scenario.preferences["union"], weights={"pay": 1})
    with pytest.raises(ModelError, match="pay"):
        store.set_preferences(nid, wrong, by_user=user.id, expected_version=1)
    assert store.preferences(nid, "union", Viewer()).version == 1


def test_concurrent_writers_of_one_version_exactly_one_wins(store: Store, labour: tuple[int, User, Scenario]) -> None:
    """Eight threads, each on its own connection, all naming the version they read: for the
    preferences and for a stance, one change lands and seven get 409, nothing is lost or
    doubled (the lock and the check hold on both databases)."""
    nid, user, scenario = labour
    union = scenario.preferences["union"]
    barrier = threading.Barrier(8)
    outcomes: list[tuple[str, str]] = []

    def attempt(kind: str, change: Callable[[], int]) -> None:
        try:
            change()
            outcomes.append((kind, "won"))
        except ConflictError:
            outcomes.append((kind, "409"))

    def write(i: int) -> None:
        barrier.wait()
        prefs = replace(union, reservation=i / 100)
        attempt("preferences", lambda: store.set_preferences(nid, prefs, by_user=user.id, expected_version=1))
        stance = Stance("union", "claim", "accept", point="training", note=str(i))
        attempt("stance", lambda: store.record_stance(nid, stance, by_user=user.id, expected_version=0))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for kind in ("preferences", "stance"):
        assert sorted(o for k, o in outcomes if k == kind) == ["409"] * 7 + ["won"]
    assert store.preferences(nid, "union", Viewer()).version == 2
    assert store.stance_version(nid, "union", "claim", "training") == 1
    events = [e.action for e in store.audit(nid, Viewer())]
    assert events.count("preferences.set") == 2 + 1  # the import's two parties, then the winner
    assert events.count("stance.record") == 1


def test_members_and_their_viewers(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = labour
    union = store.create_user("union-delegate", "another passphrase")
    observer = store.create_user("observer", "a third passphrase")
    store.add_member(nid, union.id, "party", party="union", by_user=mediator.id)
    store.add_member(nid, observer.id, "observer", by_user=mediator.id)
    assert store.member(nid, mediator.id).viewer == Viewer("mediator")
    assert store.member(nid, union.id).viewer == Viewer.for_party("union")
    assert store.member(nid, observer.id).viewer == Viewer("observer")
    assert [n.role for n in store.negotiations(union.id)] == ["party"]
    assert store.negotiations(mediator.id)[0].drafts == 2
    with pytest.raises(ConflictError, match="already"):
        store.add_member(nid, union.id, "observer", by_user=mediator.id)
    with pytest.raises(StoreError, match="names the party"):
        store.add_member(nid, observer.id, "party", by_user=mediator.id)
    with pytest.raises(UnknownIdError, match="unknown party"):
        store.add_member(nid, observer.id, "party", party="bosses", by_user=mediator.id)
    with pytest.raises(StoreError, match="unknown role 'boss'"):
        store.add_member(nid, observer.id, "boss", by_user=mediator.id)  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match="unknown user 99"):
        store.add_member(nid, 99, "observer", by_user=mediator.id)
    stranger = store.create_user("stranger", "a fourth passphrase")
    with pytest.raises(ForbiddenError):
        store.member(nid, stranger.id)
    assert store.negotiations(stranger.id) == ()


def test_comments_on_the_negotiation_a_draft_and_a_point(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, _ = labour
    store.add_comment(nid, "Opening remarks.", by_user=user.id)
    store.add_comment(nid, "The wage gap is 3.5 points.", by_user=user.id, draft="claim", point="wage")
    comments = store.comments(nid)
    assert [(c.author, c.draft, c.point, c.body) for c in comments] == [
        ("mediator", None, None, "Opening remarks."),
        ("mediator", "claim", "wage", "The wage gap is 3.5 points."),
    ]
    with pytest.raises(StoreError, match="empty"):
        store.add_comment(nid, "  ", by_user=user.id)
    with pytest.raises(StoreError, match="names the draft"):
        store.add_comment(nid, "x", by_user=user.id, point="wage")
