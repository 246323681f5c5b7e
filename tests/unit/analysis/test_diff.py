"""What changed between two drafts: kinds, texts, lineage, and utility ranges checked
against every completion of each draft."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.diff import DraftDiff, Says, diff
from accord.analysis.drafts import draft_utility
from accord.errors import UnknownIdError
from accord.model import (
    CategoricalRating,
    Draft,
    Interaction,
    NumericRange,
    Option,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    Scenario,
    Value,
)
from strategies import make_scenario, rate, scenarios


def completions(scenario: Scenario, draft: Draft) -> list[dict[str, Value]]:
    """Every way of filling the draft's open points in (red lines and links not applied)."""
    values = [(p.values() if p.id not in draft.choices else (draft.choices[p.id],)) for p in scenario.points]
    return [dict(zip(scenario.point_ids, combo, strict=True)) for combo in itertools.product(*values)]


def utilities(scenario: Scenario, draft: Draft) -> np.ndarray:
    """One row per completion, one column per rated party."""
    return np.array([scenario.utilities(c) for c in completions(scenario, draft)], dtype=float)


@st.composite
def two_drafts(draw: st.DrawFn) -> tuple[Scenario, Draft, Draft]:
    """A small random scenario holding two random drafts (points open or decided, some
    with their own wording; B sometimes a revision of A)."""
    scenario = draw(scenarios(max_parties=3, max_points=4, max_options=3, max_outcomes=120))

    def one(name: str, parents: tuple[str, ...]) -> Draft:
        choices: dict[str, Value] = {}
        texts: dict[str, str] = {}
        for p in scenario.points:
            if draw(st.booleans()):
                choices[p.id] = draw(st.sampled_from(p.values()))
            if draw(st.integers(min_value=0, max_value=4)) == 0:
                texts[p.id] = draw(st.sampled_from(["as agreed", "as amended"]))
        return Draft(id=name, choices=choices, texts=texts, parents=parents)

    a = one("a", ())
    b = one("b", draw(st.sampled_from([(), ("a",)])))
    return dataclasses.replace(scenario, drafts=(a, b), stances=()), a, b


@settings(max_examples=150, deadline=None)
@given(two_drafts())
def test_change_ranges_match_every_pair_of_completions(case: tuple[Scenario, Draft, Draft]) -> None:
    scenario, a, b = case
    result = diff(scenario, "a", "b")
    ua, ub = utilities(scenario, a), utilities(scenario, b)
    pairs = ub[:, None, :] - ua[None, :, :]  # every completion of B against every completion of A
    assert [u.party for u in result.utilities] == list(scenario.rated_parties)
    for i, u in enumerate(result.utilities):
        assert u.a == pytest.approx((ua[:, i].min(), ua[:, i].max()), abs=1e-9)
        assert u.b == pytest.approx((ub[:, i].min(), ub[:, i].max()), abs=1e-9)
        assert u.change == pytest.approx((pairs[:, :, i].min(), pairs[:, :, i].max()), abs=1e-9)
        if len(ua) == len(ub) == 1:  # both complete: one number, u(B) - u(A)
            assert u.exact
    assert result.by_party() == {u.party: u.change for u in result.utilities}


@settings(max_examples=150, deadline=None)
@given(two_drafts())
def test_points_kinds_and_per_point_changes(case: tuple[Scenario, Draft, Draft]) -> None:
    scenario, a, b = case
    result = diff(scenario, "a", "b")
    differing = [p for p in scenario.point_ids if a.says(p) != b.says(p)]
    assert [c.point for c in result.points] == differing
    assert result.unchanged == len(scenario.points) - len(differing)
    for c in result.points:
        assert (c.a.value, c.b.value) == (a.choices.get(c.point), b.choices.get(c.point))
        expected = {
            (True, True): "reworded",
            (True, False): "decided",
            (False, True): "opened",
            (False, False): "reworded" if c.a.value == c.b.value else "changed",
        }[(c.a.open, c.b.open)]
        assert c.kind == expected
    changed = [c for c in result.points if c.kind == "changed"]
    for u in result.utilities:
        plain = dataclasses.replace(scenario.preferences[u.party], interactions=())
        assert list(u.points) == [c.point for c in changed]
        for c in changed:
            by_definition = plain.utility({c.point: c.b.value}) - plain.utility({c.point: c.a.value})
            assert u.points[c.point] == pytest.approx(by_definition, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(scenarios(max_parties=3, max_points=4, interactions=False, max_outcomes=200), st.data())
def test_per_point_changes_add_up_without_interactions(scenario: Scenario, data: st.DataObject) -> None:
    a = Draft(id="a", choices={p.id: data.draw(st.sampled_from(p.values())) for p in scenario.points})
    b = Draft(id="b", choices={p.id: data.draw(st.sampled_from(p.values())) for p in scenario.points})
    scenario = dataclasses.replace(scenario, drafts=(a, b), stances=())
    result = diff(scenario, "a", "b")
    for u, ua, ub in zip(result.utilities, scenario.utilities(a.choices), scenario.utilities(b.choices), strict=True):
        assert u.exact
        assert u.change[0] == pytest.approx(ub - ua, abs=1e-9)
        assert sum(u.points.values()) == pytest.approx(u.change[0], abs=1e-9)


def labour(*drafts: Draft) -> Scenario:
    """Points wage (0-6 % by 1), hours (h40, h38 with texts), training (none, five, no texts);
    the union rates wage linearly (weight 2 of 4) and earns 0.1 for h38 with five; the firm
    cares about hours only; the press has no preferences."""
    points = (
        Point(id="wage", title="Wage increase", range=NumericRange(0, 6, 1, unit="%")),
        Point(id="hours", title="Working week", options=(Option("h40", "40 hours."), Option("h38", "38 hours."))),
        Point(id="training", options=(Option("none"), Option("five"))),
    )
    union = Preferences(
        party="union",
        weights={"wage": 2.0, "hours": 1.0, "training": 1.0},
        ratings={
            "wage": PiecewiseLinear(((0, 0), (6, 100))),
            "hours": CategoricalRating({"h40": 0, "h38": 100}),
            "training": CategoricalRating({"none": 0, "five": 100}),
        },
        interactions=(Interaction((("hours", "h38"), ("training", "five")), 0.1),),
    )
    firm = rate("firm", {"hours": {"h40": 100, "h38": 0}})
    return Scenario(
        title="labour",
        parties=(Party("union", "Union"), Party("firm", "Firm"), Party("press", "Press")),
        points=points,
        drafts=drafts,
        preferences={"union": union, "firm": firm},
    )


def test_kinds_texts_and_changes_on_a_hand_made_case() -> None:
    offer = Draft(id="offer", choices={"wage": 2, "hours": "h40", "training": "none"}, texts={"training": "None."})
    claim = Draft(
        id="claim", parents=("offer",), choices={"wage": 5, "hours": "h40"}, texts={"hours": "40 hours, paid breaks."}
    )
    result = diff(labour(offer, claim), "offer", "claim")
    assert isinstance(result, DraftDiff)
    assert [(c.point, c.kind) for c in result.points] == [
        ("wage", "changed"),
        ("hours", "reworded"),
        ("training", "opened"),
    ]
    wage, hours, training = result.points
    assert wage.title == "Wage increase"
    assert (wage.a, wage.b) == (Says(2, "2 %"), Says(5, "5 %"))
    assert (hours.a, hours.b) == (Says("h40", "40 hours."), Says("h40", "40 hours, paid breaks.", own=True))
    assert training.title == "training"
    assert (training.a, training.b) == (Says("none", "None.", own=True), Says(None, ""))
    assert training.b.open
    assert result.unchanged == 0
    union, firm = result.utilities
    # union: wage 2 -> 5 on a linear 0..100 over 0..6 weighing 2 of 4: +0.25; training opens (0 or +0.25, +0.1 bonus
    # only with h38, which neither draft has)
    assert union.a == (pytest.approx(2 / 6 * 0.5), pytest.approx(2 / 6 * 0.5))
    assert union.b == (pytest.approx(5 / 6 * 0.5), pytest.approx(5 / 6 * 0.5 + 0.25))
    assert union.change == (pytest.approx(0.25), pytest.approx(0.5))
    assert union.points == {"wage": pytest.approx(0.25)}
    assert not union.exact
    assert firm.change == (0.0, 0.0)
    assert firm.exact
    assert firm.points == {"wage": 0.0}
    assert result.relation == "b-descends-from-a"
    assert result.heading() == "offer -> claim: 3 points differ, 0 unchanged; claim revises offer"
    assert "DraftDiff: offer -> claim" in repr(result)
    assert "union=+0.25..+0.5" in repr(result)


def test_an_open_point_may_be_reworded_and_a_point_decided() -> None:
    a = Draft(id="a", choices={"wage": 3}, texts={"hours": "To be agreed."})
    b = Draft(id="b", choices={"wage": 3, "training": "five"})
    result = diff(labour(a, b), "a", "b")
    assert [(c.point, c.kind) for c in result.points] == [("hours", "reworded"), ("training", "decided")]
    assert result.points[0].a == Says(None, "To be agreed.", own=True)
    assert result.points[1].b == Says("five", "five")
    assert result.unchanged == 1
    assert result.heading() == "a -> b: 2 points differ, 1 unchanged; no common ancestor"


def test_a_draft_compared_with_itself_is_an_empty_diff() -> None:
    a = Draft(id="a", choices={"wage": 3})
    result = diff(labour(a), "a", "a")
    assert result.points == ()
    assert result.unchanged == 3
    assert result.relation == "same"
    assert result.ancestors == ()
    assert all(u.change == (0.0, 0.0) and u.points == {} for u in result.utilities)
    assert result.heading() == "a -> a: 0 points differ, 3 unchanged; the same draft"


def test_drafts_the_same_on_every_point_still_fill_their_open_points_independently() -> None:
    a, b = Draft(id="a", choices={"wage": 3}), Draft(id="b", choices={"wage": 3})
    result = diff(labour(a, b), "a", "b")
    assert result.points == ()
    union = result.utilities[0]
    assert union.a == union.b
    assert union.change == (pytest.approx(union.b[0] - union.a[1]), pytest.approx(union.b[1] - union.a[0]))


def test_how_two_drafts_relate_in_the_lineage() -> None:
    drafts = (
        Draft(id="root"),
        Draft(id="left", parents=("root",)),
        Draft(id="right", parents=("root",)),
        Draft(id="leaf", parents=("left",)),
        Draft(id="merge", parents=("left", "right")),
        Draft(id="merge2", parents=("right", "left")),
        Draft(id="alone"),
    )
    scenario = labour(*drafts)

    def relation(a: str, b: str) -> tuple[str, tuple[str, ...], bool, str]:
        d = diff(scenario, a, b)
        return d.relation, d.ancestors, d.direct, d.relation_text()

    assert relation("left", "leaf") == ("b-descends-from-a", ("left",), True, "leaf revises left")
    assert relation("root", "leaf") == ("b-descends-from-a", ("root",), False, "leaf descends from root")
    assert relation("leaf", "root") == ("a-descends-from-b", ("root",), False, "leaf descends from root")
    assert relation("leaf", "left") == ("a-descends-from-b", ("left",), True, "leaf revises left")
    assert relation("left", "right") == ("common-ancestor", ("root",), False, "both descend from root")
    assert relation("leaf", "right") == ("common-ancestor", ("root",), False, "both descend from root")
    assert relation("merge", "merge2") == (
        "common-ancestor",
        ("right", "left"),
        False,
        "both descend from right and left",
    )
    assert relation("leaf", "merge") == ("common-ancestor", ("left",), False, "both descend from left")
    assert relation("right", "merge") == ("b-descends-from-a", ("right",), True, "merge revises right")
    assert relation("alone", "root") == ("unrelated", (), False, "no common ancestor")


def test_unknown_drafts_are_named_with_a_did_you_mean() -> None:
    scenario = labour(Draft(id="offer"), Draft(id="claim"))
    with pytest.raises(UnknownIdError, match=r"unknown draft 'clam'; did you mean 'claim'\?") as caught:
        diff(scenario, "offer", "clam")
    assert isinstance(caught.value, KeyError)
    with pytest.raises(UnknownIdError, match="unknown draft 'ofer'"):
        diff(scenario, "ofer", "claim")


def test_without_preferences_only_the_texts_are_compared() -> None:
    scenario = make_scenario({"a": ["x", "y"]}, [rate("A", {"a": {"x": 1}})])
    scenario = dataclasses.replace(
        scenario, preferences={}, drafts=(Draft(id="d1", choices={"a": "x"}), Draft(id="d2", choices={"a": "y"}))
    )
    result = diff(scenario, "d1", "d2")
    assert [c.kind for c in result.points] == ["changed"]
    assert result.utilities == ()
    assert result.by_party() == {}


def test_utilities_agree_with_draft_utility() -> None:
    a = Draft(id="a", choices={"hours": "h38"})
    b = Draft(id="b", choices={"wage": 4, "hours": "h38", "training": "five"})
    scenario = labour(a, b)
    result = diff(scenario, "a", "b")
    before, after = draft_utility(scenario, a), draft_utility(scenario, b)
    for i, u in enumerate(result.utilities):
        assert u.a == (before.low[i], before.high[i])
        assert u.b == (after.low[i], after.high[i])
    # the union's bonus (h38 with five) is in both totals, never in a per-point change
    assert result.utilities[0].points == {}
