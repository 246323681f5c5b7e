"""The stance record: histories kept in order, stances carried down the lineage (with several
parents), the flags of the consensus map, and the checks on evidence and lineage."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.consensus import consensus_map
from accord.errors import ModelError, UnknownIdError
from accord.model import (
    Basis,
    CategoricalRating,
    Draft,
    Option,
    Party,
    Point,
    Preferences,
    Role,
    Said,
    Scenario,
    Source,
    Stance,
    StanceKind,
)
from accord.model.record import harder, record

A, C, U, M = StanceKind.ACCEPT, StanceKind.CRITICISE, StanceKind.UNACCEPTABLE, StanceKind.AMEND
POINTS = (Point("t", options=(Option("a", "A"), Option("b", "B"))), Point("u", options=(Option("x"), Option("y"))))
PARTIES = (Party("p", "P"), Party("q", "Q"), Party("m", "M", Role.MEDIATOR))


def scenario(drafts: tuple[Draft, ...], stances: tuple[Stance, ...] = (), **kw: object) -> Scenario:
    return Scenario("t", PARTIES, POINTS, drafts, stances, **kw)  # type: ignore[arg-type]


def test_every_stance_is_kept_in_order_and_the_latest_is_current() -> None:
    s = scenario(
        (Draft("d", choices={"t": "a"}),),
        (
            Stance("q", "d", U, "t", source=Source("unacceptable to us", "Peskov", "2025-12-02")),
            Stance("q", "d", C, "t", source=Source("some things we criticised", "Ushakov", "2025-12-02")),
        ),
    )
    history = record(s, "d")[("q", "t")]
    assert [h.stance.stance for h in history] == [U, C]
    row = consensus_map(s, "d").points[0]
    assert row.stances["q"] is C
    assert row.said("q") == "criticise (unacceptable on 2025-12-02)"
    assert row.harder("q") == history[0]


def test_a_softer_history_is_not_flagged() -> None:
    history = (Said(Stance("q", "d", C)), Said(Stance("q", "d", U)), Said(Stance("q", "d", U)))
    assert harder(history) is None
    assert harder((Said(Stance("q", "d", A)),)) is None
    assert harder((Said(Stance("q", "d", U)), Said(Stance("q", "d", A)))) == history[1]


def test_a_stance_carries_to_a_child_that_says_the_same_until_the_child_has_its_own() -> None:
    drafts = (
        Draft("d1", choices={"t": "a", "u": "x"}),
        Draft("d2", parents=("d1",), choices={"t": "a", "u": "y"}),
        Draft("d3", parents=("d2",), choices={"t": "a", "u": "y"}),
    )
    stances = (
        Stance("p", "d1", U, "t"),
        Stance("p", "d1", C, "u"),
        Stance("q", "d1", A),  # on the draft as a whole: never carried
        Stance("q", "d3", M, "t", proposal="b"),
    )
    s = scenario(drafts, stances)
    d3 = record(s, "d3")
    assert d3[("p", "t")][-1].carried_from == "d1"  # through d2, named by the draft it was stated on
    assert ("p", "u") not in d3  # u changed in d2
    assert ("q", None) not in d3
    assert d3[("q", "t")][-1].carried_from is None
    cmap = consensus_map(s, "d3")
    assert cmap.points[0].said("p") == "unacceptable (from d1)"
    assert cmap.points[0].said("q") == "amend: b"
    assert cmap.overall["q"] is None


def test_new_wording_of_the_same_option_stops_a_stance_and_open_points_carry() -> None:
    drafts = (
        Draft("d1", choices={"t": "a"}),
        Draft("d2", parents=("d1",), choices={"t": "a"}, texts={"t": "A, reworded"}),
        Draft("d3", parents=("d2",), choices={"t": "a"}, texts={"t": "A, reworded"}),
    )
    s = scenario(drafts, (Stance("p", "d1", U, "t"), Stance("p", "d2", C, "u"), Stance("q", "d2", A, "t")))
    assert ("p", "t") not in record(s, "d2")
    assert record(s, "d3")[("q", "t")][0].carried_from == "d2"
    assert record(s, "d3")[("p", "u")][0].carried_from == "d2"  # open in both


def test_with_several_parents_the_first_that_carries_a_stance_wins() -> None:
    drafts = (
        Draft("us", choices={"t": "a", "u": "x"}),
        Draft("eu", parents=("us",), choices={"t": "b", "u": "y"}),
        Draft("geneva", authors=("p", "q"), parents=("us", "eu"), choices={"t": "b", "u": "x"}),
    )
    stances = (
        Stance("p", "us", C, "u"),
        Stance("p", "eu", U, "t"),
        Stance("q", "us", A, "t"),
        Stance("q", "eu", A, "u"),
    )
    got = record(scenario(drafts, stances), "geneva")
    assert {k: v[-1].carried_from for k, v in got.items()} == {("p", "u"): "us", ("p", "t"): "eu"}


def test_lineage_orders_every_ancestor_before_its_children() -> None:
    drafts = (
        Draft("c", parents=("b", "a")),
        Draft("a"),
        Draft("b", parents=("a",)),
        Draft("x"),
    )
    s = scenario(drafts)
    assert s.lineage("c") == ("a", "b", "c")
    assert s.lineage("x") == ("x",)
    assert s.children("a") == ("c", "b")


@st.composite
def records(draw: st.DrawFn) -> Scenario:
    """Random drafts, each revising earlier ones, and random stances on them."""
    n = draw(st.integers(1, 6))
    drafts = []
    for i in range(n):
        parents = (
            tuple(draw(st.lists(st.sampled_from([f"d{j}" for j in range(i)]), unique=True, max_size=2))) if i else ()
        )
        choices = {
            p: draw(st.sampled_from(["a", "b"] if p == "t" else ["x", "y"])) for p in ("t", "u") if draw(st.booleans())
        }
        texts = {"t": "other"} if draw(st.integers(0, 4)) == 0 else {}
        drafts.append(Draft(f"d{i}", parents=parents, choices=choices, texts=texts))
    stances = draw(
        st.lists(
            st.builds(
                Stance,
                st.sampled_from(["p", "q"]),
                st.sampled_from([d.id for d in drafts]),
                st.sampled_from(list(StanceKind)).filter(lambda k: k is not M),
                st.sampled_from(["t", "u", None]),
            ),
            max_size=8,
        )
    )
    return scenario(tuple(drafts), tuple(stances))


def reference(s: Scenario, draft: str, party: str, point: str | None) -> list[tuple[StanceKind, str | None]]:
    """The rule, written as its definition: stated here, else from the first parent that
    says the same and holds one (recursively); whole-draft stances stay put."""
    own = [(x.stance, None) for x in s.stances if (x.draft, x.party, x.point) == (draft, party, point)]
    if own or point is None:
        return own
    d = s.draft(draft)
    for parent in d.parents:
        if s.draft(parent).says(point) == d.says(point):
            found = reference(s, parent, party, point)
            if found:
                return [(k, origin or parent) for k, origin in found]
    return []


@settings(max_examples=300, deadline=None)
@given(records())
def test_the_record_follows_its_definition(s: Scenario) -> None:
    for d in s.drafts:
        got: Mapping[tuple[str, str | None], tuple[Said, ...]] = record(s, d.id)
        for party in ("p", "q"):
            for point in ("t", "u", None):
                want = reference(s, d.id, party, point)
                have = [(h.stance.stance, h.carried_from) for h in got.get((party, point), ())]
                assert have == want, (d.id, party, point)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Stance("p", "d", C, basis=Basis.INFERRED), "say what an inferred stance is read from"),
        (lambda: Stance("p", "d", C, basis="inferred", reason="  "), "say what an inferred stance is read from"),
        (lambda: Stance("p", "d", C, basis=Basis.REPORTED), "a reported stance needs the quote"),
        (lambda: Stance("p", "d", C, basis=Basis.REPORTED, source=Source(speaker="X")), "needs the quote"),
        (lambda: Stance("p", "d", C, basis="rumour", reason="x"), "basis is 'rumour'; use one of reported, inferred"),
        (lambda: Draft("d", authors="us"), "authors is 'us'; give a tuple of ids"),  # type: ignore[arg-type]
        (lambda: Draft("d", parents=("a", "a")), "name each one once"),
        (lambda: Draft("d", parents=("d",)), "a draft cannot revise itself"),
        (lambda: Draft("d", authors=("",)), "give a non-empty text id"),
        (lambda: scenario((Draft("a", parents=("b",)), Draft("b", parents=("a",)))), "parents form a cycle"),
        (lambda: scenario((Draft("a", authors=("z",)),)), "authors names party 'z'"),
        (lambda: scenario((), bargainers=("p", "zz")), "bargainers names party 'zz'"),
        (lambda: scenario((), bargainers=("p", "p")), "bargainer id 'p' appears twice"),
    ],
)
def test_the_record_refuses_what_it_cannot_hold(build: object, message: str) -> None:
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()  # type: ignore[operator]


def test_bargainers_default_to_signatories_and_guarantors_with_preferences() -> None:
    prefs = {p: Preferences(p, {"t": 1.0}, {"t": CategoricalRating({"a": 100.0, "b": 0.0})}) for p in ("p", "q", "m")}
    s = scenario((), preferences=prefs)
    assert s.bargaining_parties() == ("p", "q")
    assert s.bargaining_parties(["m", "p"]) == ("p", "m")
    assert Scenario("t", PARTIES, POINTS, preferences=prefs, bargainers=("q", "m")).bargaining_parties() == ("q", "m")
    with pytest.raises(UnknownIdError, match="rated party 'x'"):
        s.bargaining_parties(["x"])
    assert Stance("p", "d", C, basis=Basis.REPORTED, source=Source(quote="we criticise")).date == ""
