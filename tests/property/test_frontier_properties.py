"""Properties of the frontier and the bargaining solutions on random small scenarios.

Every scenario is also enumerated by the brute-force oracle (tests/oracle.py): the merge
must give the identical frontier vectors and the identical solution utilities.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import oracle
from accord.analysis.bargaining import kalai_smorodinsky, nash, solutions
from accord.analysis.compile import compile_scenario
from accord.analysis.drafts import common_gain, draft_utility
from accord.analysis.pareto import frontier, frontier_from_outcomes
from accord.analysis.results import Frontier, Outcome
from accord.model import Scenario
from strategies import scenarios

CHECKS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def vectors(f: Frontier) -> list[tuple[float, ...]]:
    """The frontier's utility vectors, in its order."""
    return [o.utilities for o in f.outcomes]


def assert_matches_oracle(scenario: Scenario, disagreement: list[float] | None) -> None:
    """Frontier vectors and solution utilities equal the brute force's."""
    result = frontier(scenario, disagreement)
    assert vectors(result) == oracle.frontier_vectors(scenario, disagreement)
    got = solutions(result)
    for name, want in oracle.solutions(scenario, disagreement).items():
        picked = getattr(got, name)
        assert (None if picked is None else picked.outcome.utilities) == want, name


@CHECKS
@given(scenarios())
def test_the_merge_equals_brute_force(scenario: Scenario) -> None:
    assert_matches_oracle(scenario, None)


@CHECKS
@given(scenarios())
def test_the_merge_equals_brute_force_from_zero(scenario: Scenario) -> None:
    assert_matches_oracle(scenario, [0.0] * len(scenario.rated_parties))


@CHECKS
@given(scenarios(max_parties=3, numeric=False, red_lines=False))
def test_compound_points_equal_brute_force(scenario: Scenario) -> None:
    assume(any(len(g.points) > 1 for g in compile_scenario(scenario).groups))
    assert_matches_oracle(scenario, None)


@CHECKS
@given(scenarios())
def test_representatives_are_feasible_and_worth_what_they_say(scenario: Scenario) -> None:
    result = frontier(scenario)
    for o in result.outcomes:
        assert list(o.agreement) == list(scenario.point_ids)
        assert not any(p.violations(o.agreement) for p in scenario.preferences.values())
        exact = np.round(np.array(scenario.utilities(o.agreement)), 12) + 0.0
        assert o.utilities == tuple(exact.tolist())
        assert all(u >= d for u, d in zip(o.utilities, result.disagreement, strict=True))


@CHECKS
@given(scenarios())
def test_no_frontier_point_is_dominated_and_every_agreement_is_covered(scenario: Scenario) -> None:
    result = frontier(scenario)
    table = np.array(vectors(result)).reshape(-1, len(result.parties))
    for i, v in enumerate(table):
        covers = (table >= v).all(axis=1)
        covers[i] = False
        assert not covers.any()
    d = np.array(result.disagreement)
    for _, u in oracle.feasible(scenario):
        rounded = np.round(np.array(u), 12)
        if (rounded >= d).all():
            assert (table >= rounded).all(axis=1).any()


def positive_frontier(draw: st.DrawFn, parties: int) -> Frontier:
    """A random frontier of 1-12 outcomes with utilities in (0.05, 1] and d = 0."""
    grid = st.integers(min_value=1, max_value=20).map(lambda k: k / 20)
    points = draw(st.lists(st.tuples(*[grid] * parties), min_size=1, max_size=12))
    outcomes = [Outcome({"k": str(i)}, p) for i, p in enumerate(points)]
    return frontier_from_outcomes([f"p{i}" for i in range(parties)], outcomes, [0.0] * parties)


def product(u: tuple[float, ...], d: tuple[float, ...]) -> float:
    """Nash product of ``u`` over ``d``."""
    return math.prod(x - y for x, y in zip(u, d, strict=True))


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(min_value=2, max_value=4))
def test_nash_is_invariant_to_rescaling_one_party(data: st.DataObject, parties: int) -> None:
    f = positive_frontier(data.draw, parties)
    who = data.draw(st.integers(min_value=0, max_value=parties - 1))
    scale = data.draw(st.sampled_from([0.125, 0.5, 3.0, 7.25, 100.0]))
    shift = data.draw(st.sampled_from([-2.0, -0.5, 0.0, 0.25, 10.0]))

    def move(u: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(x * scale + shift if i == who else x for i, x in enumerate(u))

    moved = Frontier(
        parties=f.parties,
        disagreement=move(f.disagreement),
        outcomes=tuple(Outcome(o.agreement, move(o.utilities)) for o in f.outcomes),
        outcome_count=f.outcome_count,
    )
    original, rescaled = nash(f), nash(moved)
    assert original is not None
    assert rescaled is not None
    back = f.outcomes[moved.outcomes.index(rescaled.outcome)]
    assert math.isclose(product(back.utilities, f.disagreement), original.score, rel_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(min_value=2, max_value=4))
def test_nash_is_symmetric(data: st.DataObject, parties: int) -> None:
    f = positive_frontier(data.draw, parties)
    order = data.draw(st.permutations(range(parties)))
    swapped = frontier_from_outcomes(
        [f.parties[i] for i in order],
        [Outcome(o.agreement, tuple(o.utilities[i] for i in order)) for o in f.outcomes],
        [f.disagreement[i] for i in order],
    )
    original, permuted = nash(f), nash(swapped)
    assert original is not None
    assert permuted is not None
    assert math.isclose(original.score, permuted.score, rel_tol=1e-12)
    best = {
        tuple(o.utilities[i] for i in order)
        for o in f.outcomes
        if math.isclose(product(o.utilities, f.disagreement), original.score, rel_tol=1e-12)
    }
    assert permuted.outcome.utilities in best


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_nash_picks_a_mirror_pair_on_a_symmetric_problem(data: st.DataObject) -> None:
    f = positive_frontier(data.draw, 2)
    mirrored = [Outcome(o.agreement, o.utilities) for o in f.outcomes]
    mirrored += [Outcome(o.agreement, o.utilities[::-1]) for o in f.outcomes]
    sym = frontier_from_outcomes(["a", "b"], mirrored, [0.0, 0.0])
    picked = nash(sym)
    assert picked is not None
    top = [o.utilities for o in sym.outcomes if product(o.utilities, (0.0, 0.0)) == picked.score]
    assert sorted(top) == sorted(u[::-1] for u in top)
    assert picked.outcome.utilities == min(top)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(min_value=2, max_value=4))
def test_kalai_smorodinsky_is_monotone(data: st.DataObject, parties: int) -> None:
    """Adding outcomes below the ideal point never lowers anyone's share below the old
    solution's guaranteed share [Kalai & Smorodinsky 1975, axiom of monotonicity]."""
    small = positive_frontier(data.draw, parties)
    ideal = [max(o.utilities[i] for o in small.outcomes) for i in range(parties)]
    steps = st.tuples(*[st.integers(min_value=0, max_value=20)] * parties)
    extra = [tuple(ideal[i] * k / 20 for i, k in enumerate(ks)) for ks in data.draw(st.lists(steps, max_size=10))]
    grown = frontier_from_outcomes(
        small.parties,
        [*small.outcomes, *(Outcome({"k": "new"}, e) for e in extra)],
        small.disagreement,
    )
    before, after = kalai_smorodinsky(small), kalai_smorodinsky(grown)
    assert before is not None
    assert after is not None
    assert after.score >= before.score
    for i in range(parties):
        assert after.outcome.utilities[i] / ideal[i] >= before.score - 1e-12


@CHECKS
@given(scenarios(max_parties=3), st.data())
def test_a_draft_range_holds_every_completion(scenario: Scenario, data: st.DataObject) -> None:
    assume(scenario.drafts)
    draft = data.draw(st.sampled_from(scenario.drafts))
    value = draft_utility(scenario, draft)
    open_points = [scenario.point(p) for p in value.open_points]
    for values in itertools.islice(itertools.product(*(p.values() for p in open_points)), 200):
        filled = {**draft.choices, **{p.id: v for p, v in zip(open_points, values, strict=True)}}
        u = scenario.utilities(filled)
        assert all(lo - 1e-9 <= x <= hi + 1e-9 for lo, x, hi in zip(value.low, u, value.high, strict=True))


@CHECKS
@given(scenarios())
def test_a_rational_complete_draft_has_a_nonnegative_common_gain(scenario: Scenario) -> None:
    result = frontier(scenario)
    for draft in scenario.drafts:
        value = draft_utility(scenario, draft)
        if not value.complete or any(p.violations(draft.choices) for p in scenario.preferences.values()):
            continue
        if any(u < d for u, d in zip(value.low, result.disagreement, strict=True)):
            continue
        found = common_gain(result, value.low)
        assert found is not None
        gain, index = found
        assert gain >= 0
        if value.low in vectors(result):
            assert gain == 0
        target = result.outcomes[index].utilities
        assert float(np.round(min(f - u for f, u in zip(target, value.low, strict=True)), 12)) == gain
