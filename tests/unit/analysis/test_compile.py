"""Compiling a scenario into separable groups: red lines, links, interactions, limits."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.compile import COMPOUND_LIMIT, compile_scenario
from accord.errors import AnalysisError, ModelError, NeedsSolverError
from accord.model import (
    Interaction,
    Link,
    NumericRange,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    RedLine,
    Scenario,
)
from strategies import make_scenario, rate


def two_points() -> Scenario:
    """Points a (x, y, z) and b (p, q); parties A and B with opposite tastes."""
    a = rate("A", {"a": {"x": 100, "y": 50, "z": 0}, "b": {"p": 100, "q": 0}})
    b = rate("B", {"a": {"x": 0, "y": 50, "z": 100}, "b": {"p": 0, "q": 100}})
    return make_scenario({"a": ["x", "y", "z"], "b": ["p", "q"]}, [a, b])


def test_separable_points_become_single_groups() -> None:
    problem = compile_scenario(two_points())
    assert problem.parties == ("A", "B")
    assert [g.points for g in problem.groups] == [("a",), ("b",)]
    assert problem.groups[0].values == (("x",), ("y",), ("z",))
    assert problem.groups[0].gains.tolist() == [[0.5, 0.0], [0.25, 0.25], [0.0, 0.5]]
    assert problem.groups[1].choice(1) == {"b": "q"}
    assert problem.offset.tolist() == [0.0, 0.0]
    assert problem.outcome_count == 6
    assert problem.point_ids == ("a", "b")


def test_contributions_equal_the_model_bit_for_bit() -> None:
    prefs = Preferences(
        party="A",
        weights={"a": 3.0, "n": 7.0},
        ratings={
            "a": rate("A", {"a": {"x": 33.3, "y": 71.0}}).ratings["a"],
            "n": PiecewiseLinear(((0.0, 10.0), (7.0, 93.0))),
        },
    )
    scenario = make_scenario({"a": ["x", "y"]}, [prefs], numeric={"n": NumericRange(min=0, max=9, step=0.5)})
    problem = compile_scenario(scenario)
    for group in problem.groups:
        for j, (value,) in enumerate(group.values):
            assert group.gains[j, 0] == prefs.contribution(group.points[0], value)


def test_unweighted_or_unrated_points_contribute_nothing() -> None:
    prefs = rate("A", {"a": {"x": 100, "y": 0}}, weights={"a": 0.0, "b": 2.0})
    scenario = make_scenario({"a": ["x", "y"], "b": ["p"]}, [prefs])
    problem = compile_scenario(scenario)
    assert [g.gains.tolist() for g in problem.groups] == [[[0.0], [0.0]], [[0.0]]]


def test_red_lines_of_any_party_remove_values() -> None:
    a = rate("A", {"a": {"x": 1, "y": 2, "z": 3}}, red_lines=[RedLine("a", option="x")])
    b = Preferences(
        party="B",
        red_lines=(RedLine("n", below=2), RedLine("n", above=3)),
    )
    scenario = make_scenario({"a": ["x", "y", "z"]}, [a, b], numeric={"n": NumericRange(0, 5, 1)})
    problem = compile_scenario(scenario)
    assert problem.groups[0].values == (("y",), ("z",))
    assert problem.groups[1].values == ((2,), (3,))
    gone = Preferences(party="B", red_lines=(RedLine("gone", option="x"),))
    with pytest.raises(ModelError, match="red_lines names point 'gone', which the scenario does not have"):
        make_scenario({"a": ["x", "y", "z"]}, [a, gone])


def test_single_point_links_remove_values() -> None:
    links = [
        Link("a", "x", "a", ("p",)),  # can never be met: a has no value p
        Link("a", "y", "a", ("y",)),  # met by itself
        Link("a", "z", "a", ("x",)),  # never met
    ]
    prefs = rate("A", {"a": {"x": 1, "y": 2, "z": 3, "w": 4}}, links=links)
    problem = compile_scenario(make_scenario({"a": ["x", "y", "z", "w"]}, [prefs]))
    assert problem.groups[0].values == (("y",), ("w",))
    for link in (Link("a", "x", "missing", ("p",)), Link("missing", "x", "a", ("x",))):
        odd = rate("A", {"a": {"x": 1}}, links=[link])
        with pytest.raises(ModelError, match="names point 'missing'"):
            make_scenario({"a": ["x", "y", "z", "w"]}, [odd])


def test_links_group_points_and_keep_the_combinations_that_satisfy_them() -> None:
    link = Link("b", "p", "a", ("x", "y"))
    a = rate("A", {"a": {"x": 100, "y": 50, "z": 0}, "b": {"p": 100, "q": 0}}, links=[link])
    b = rate("B", {"a": {"x": 0, "y": 50, "z": 100}, "b": {"p": 0, "q": 100}})
    scenario = make_scenario({"a": ["x", "y", "z"], "b": ["p", "q"], "c": ["k"]}, [a, b])
    problem = compile_scenario(scenario)
    assert [g.points for g in problem.groups] == [("a", "b"), ("c",)]
    group = problem.groups[0]
    assert group.values == (("x", "p"), ("x", "q"), ("y", "p"), ("y", "q"), ("z", "q"))
    for j in range(len(group.values)):
        agreement = {**group.choice(j), "c": "k"}
        assert tuple(group.gains[j]) == pytest.approx(scenario.utilities(agreement), abs=1e-15)


def test_interactions_group_points_and_add_bonuses_to_their_party() -> None:
    bonus = Interaction(conditions=(("a", "x"), ("c", "k")), bonus=0.25)
    never = Interaction(conditions=(("a", "x"), ("a", "y")), bonus=9.0)  # a cannot be both
    always = Interaction(conditions=(), bonus=0.125)
    a = rate("A", {"a": {"x": 100, "y": 0}}, interactions=[bonus, never])
    b = rate("B", {"a": {"x": 0, "y": 100}}, interactions=[always, always])
    scenario = make_scenario({"a": ["x", "y"], "b": ["p", "q"], "c": ["k", "m"]}, [a, b])
    problem = compile_scenario(scenario)
    assert [g.points for g in problem.groups] == [("a", "c"), ("b",)]
    assert problem.offset.tolist() == [0.0, 0.25]
    group = problem.groups[0]
    assert group.values == (("x", "k"), ("x", "m"), ("y", "k"), ("y", "m"))
    assert group.gains[:, 0].tolist() == [1.25, 1.0, 0.0, 0.0]
    assert group.gains[:, 1].tolist() == [0.0, 0.0, 1.0, 1.0]


def test_a_single_point_interaction_is_a_bonus_on_that_point() -> None:
    bonus = Interaction(conditions=(("a", "y"),), bonus=-0.5)
    prefs = rate("A", {"a": {"x": 100, "y": 100}}, interactions=[bonus])
    problem = compile_scenario(make_scenario({"a": ["x", "y"]}, [prefs]))
    assert problem.groups[0].gains[:, 0].tolist() == [1.0, 0.5]


def test_groups_follow_their_first_point() -> None:
    link = Link("d", "x", "b", ("x",))
    tie = Interaction(conditions=(("c", "x"), ("a", "x")), bonus=0.1)
    prefs = rate("A", {}, links=[link], interactions=[tie])
    scenario = make_scenario({p: ["x", "y"] for p in "abcd"}, [prefs])
    assert [g.points for g in compile_scenario(scenario).groups] == [("a", "c"), ("b", "d")]


def test_a_point_with_no_value_left_gives_an_empty_group() -> None:
    prefs = rate("A", {"a": {"x": 1}}, red_lines=[RedLine("a", option="x")])
    link = Link("b", "p", "a", ("x",))
    other = rate("B", {}, links=[link])
    scenario = make_scenario({"a": ["x"], "b": ["p"]}, [prefs, other])
    problem = compile_scenario(scenario)
    assert len(problem.groups) == 1
    assert problem.groups[0].values == ()
    assert problem.groups[0].gains.shape == (0, 2)


def test_no_rated_party_is_an_analysis_error() -> None:
    scenario = Scenario(title="empty", parties=(Party("a", "A"),), points=(Point("p"),))
    with pytest.raises(AnalysisError, match="no party with preferences"):
        compile_scenario(scenario)


def big_tie(size: int, points: int = 2, links: tuple[Link, ...] = ()) -> Scenario:
    """``points`` numeric points of ``size`` values each, tied by one interaction."""
    rng = NumericRange(min=0, max=size - 1, step=1)
    tie = Interaction(conditions=tuple((f"n{i}", 0) for i in range(points)), bonus=0.1)
    prefs = Preferences(party="A", interactions=(tie,), links=links)
    return make_scenario({}, [prefs], numeric={f"n{i}": rng for i in range(points)})


def test_a_tied_group_at_the_limit_is_enumerated() -> None:
    problem = compile_scenario(big_tie(100))
    assert len(problem.groups[0].values) == 100 * 100 <= COMPOUND_LIMIT


def test_a_tied_group_over_the_limit_needs_the_solver() -> None:
    with pytest.raises(NeedsSolverError, match="10,201 joint values") as caught:
        compile_scenario(big_tie(101))
    assert caught.value.points == ("n0", "n1")
    assert caught.value.size == 101 * 101
    assert isinstance(caught.value, AnalysisError)


def test_links_count_before_the_limit_applies() -> None:
    cut = tuple(Link("n0", v, "n1", (0,)) for v in range(1, 101))
    problem = compile_scenario(big_tie(101, links=cut))
    assert len(problem.groups[0].values) == 101 + 100


def test_a_huge_product_is_refused_before_it_is_built() -> None:
    with pytest.raises(NeedsSolverError, match="1,002,001 joint values") as caught:
        compile_scenario(big_tie(1001))
    assert caught.value.size == 1001 * 1001


def test_a_large_single_point_is_not_limited() -> None:
    rng = NumericRange(min=0, max=20_000, step=1)
    prefs = Preferences(party="A", weights={"n": 1.0}, ratings={"n": PiecewiseLinear(((0, 0), (20_000, 100)))})
    problem = compile_scenario(make_scenario({}, [prefs], numeric={"n": rng}))
    assert len(problem.groups[0].values) == 20_001
    assert np.all(np.diff(problem.groups[0].gains[:, 0]) > 0)
