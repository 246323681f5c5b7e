"""The robustness analysis against answers known in closed form, the deterministic
analysis (zero-width ranges) and brute force on every sample (the oracle)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import oracle
from tests.strategies import make_scenario, scenarios

import accord
from accord.analysis.robust.run import prepare
from accord.analysis.robust.sampling import Draws, Space
from accord.analysis.robust.summary import wilson
from accord.analysis.robust.tasks import solve_samples
from accord.api_robust import robust
from accord.batch import Serial
from accord.model import (
    CategoricalRating,
    Draft,
    Normal,
    Preferences,
    RedLine,
    Scenario,
    Uncertain,
    Uniform,
)

NAMES = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def _two_party(reservation: Uniform | Normal | None = None, red_line_p: float | None = None) -> Scenario:
    """``a`` rates option ``x`` of the one point at 60 (utility 0.6), ``b`` likes ``y``."""
    a = Preferences(
        "a",
        {"p": 1.0},
        {"p": CategoricalRating({"x": 60.0, "y": 0.0})},
        reservation=0.6 if reservation is None else reservation.centre,
        uncertain=() if reservation is None else (Uncertain("reservation", reservation),),
        red_lines=() if red_line_p is None else (RedLine("p", option="x", probability=red_line_p),),
    )
    b = Preferences("b", {"p": 1.0}, {"p": CategoricalRating({"x": 50.0, "y": 100.0})}, reservation=0.0)
    return make_scenario({"p": ["x", "y"]}, [a, b], drafts=[Draft(id="dx", choices={"p": "x"})])


def _run(scenario: Scenario, **options: object) -> accord.analysis.robust.Robustness:
    return robust(accord.Case(scenario), executor=Serial(), **options)  # type: ignore[arg-type]


def test_a_uniform_reservation_around_the_drafts_worth_gives_one_half() -> None:
    result = _run(_two_party(Uniform(0.4, 0.8)), samples=20_000, solution_samples=0, proposals=False)
    draft = result.drafts[0]
    assert draft.party["a"].low < 0.5 < draft.party["a"].high
    assert abs(draft.party["a"].p - 0.5) < 0.02
    assert draft.party["b"].p == 1.0


def test_a_normal_reservation_centred_on_the_drafts_worth_gives_one_half() -> None:
    result = _run(_two_party(Normal(0.6, 0.1)), samples=20_000, solution_samples=0, proposals=False)
    assert abs(result.drafts[0].party["a"].p - 0.5) < 0.02


def test_a_red_line_holding_with_probability_p_is_accepted_otherwise() -> None:
    result = _run(_two_party(red_line_p=0.3), samples=20_000, solution_samples=0, proposals=False)
    a = result.drafts[0].party["a"]
    assert a.low < 0.7 < a.high


def test_normal_samples_stay_in_the_valid_interval() -> None:
    scenario = _two_party(Normal(0.95, 0.2))
    draws = Space.of(scenario).block(seed=3, b=0)
    assert draws.values.min() >= 0.0
    assert draws.values.max() <= 1.0


def test_sample_i_does_not_depend_on_how_many_samples_are_drawn() -> None:
    scenario = _two_party(Uniform(0.4, 0.8))
    short = _run(scenario, samples=300, solution_samples=0, proposals=False, seed=7)
    long = _run(scenario, samples=3000, solution_samples=0, proposals=False, seed=7)
    space = Space.of(scenario)
    assert np.array_equal(space.block(7, 0, 300).values, space.block(7, 0).values[:300])
    assert short.seed == long.seed == 7


def test_the_same_seed_gives_the_same_json_and_another_seed_does_not() -> None:
    scenario = _two_party(Uniform(0.4, 0.8))
    one = _run(scenario, samples=500, solution_samples=20, seed=1).json()
    assert one == _run(scenario, samples=500, solution_samples=20, seed=1).json()
    assert one != _run(scenario, samples=500, solution_samples=20, seed=2).json()


def test_wilson_interval_stays_in_zero_one_and_is_not_empty_at_the_ends() -> None:
    assert wilson(0, 100).low == 0.0
    assert 0 < wilson(0, 100).high < 0.05
    assert wilson(100, 100).high == 1.0
    assert 0.95 < wilson(100, 100).low < 1
    mid = wilson(50, 100)
    assert mid.low < 0.5 < mid.high
    assert math.isclose(mid.high - 0.5, 0.5 - mid.low)


def _zero_width(scenario: Scenario) -> Scenario:
    """Every weight and reservation value of every rated party as a zero-width range."""
    prefs = {}
    for party, p in scenario.preferences.items():
        ranges = [Uncertain("reservation", Uniform(p.reservation, p.reservation))]
        ranges += [Uncertain("weight", Uniform(w, w), point) for point, w in p.weights.items()]
        prefs[party] = dataclasses.replace(p, uncertain=tuple(ranges))
    return dataclasses.replace(scenario, preferences=prefs)


def test_zero_width_ranges_reproduce_the_deterministic_flagship() -> None:
    case = accord.load("examples/ukraine-2025.yaml")
    plain = case.scenario
    for party, p in plain.preferences.items():  # the estimates, without the ranges
        plain = dataclasses.replace(
            plain,
            preferences={
                **plain.preferences,
                party: dataclasses.replace(
                    p,
                    uncertain=(),
                    red_lines=tuple(dataclasses.replace(r, probability=1.0) for r in p.red_lines),
                    interactions=tuple(dataclasses.replace(k, probability=1.0) for k in p.interactions),
                ),
            },
        )
    flat = accord.Case(_zero_width(plain))
    result = robust(flat, samples=30, solution_samples=6, executor=Serial())
    deterministic = accord.Case(plain)
    for draft in plain.drafts:
        accepted = set(deterministic.acceptable_to(draft.id))
        row = next(a for a in result.drafts if a.id == draft.id)
        assert {p for p, i in row.party.items() if i.p == 1.0} == accepted
        assert all(i.p in (0.0, 1.0) for i in row.party.values())
    solutions = deterministic.solutions()
    for name in NAMES:
        chosen = getattr(solutions, name).outcome.agreement
        for point, options in result.options[name].items():
            value = chosen[point]
            key = value if isinstance(value, str) else str(accord.model.tidy_number(value))
            assert options == {key: 1.0}


def _with_uncertainty(scenario: Scenario, data: st.DataObject) -> Scenario:
    """Ranges on reservation values and weights, probabilities on the rules."""
    prefs = {}
    for party, p in scenario.preferences.items():
        ranges = []
        low = data.draw(st.floats(0.0, p.reservation))
        high = data.draw(st.floats(p.reservation, 1.0))
        if high > low:
            ranges.append(Uncertain("reservation", Uniform(low, high)))
        for point, w in list(p.weights.items())[:2]:
            if data.draw(st.booleans()):
                ranges.append(Uncertain("weight", Normal(w, data.draw(st.floats(0.5, 4.0))), point))
        chance = st.sampled_from([0.3, 0.7, 1.0])
        prefs[party] = dataclasses.replace(
            p,
            uncertain=tuple(ranges),
            red_lines=tuple(dataclasses.replace(r, probability=data.draw(chance)) for r in p.red_lines),
            links=tuple(dataclasses.replace(k, probability=data.draw(chance)) for k in p.links),
            interactions=tuple(dataclasses.replace(k, probability=data.draw(chance)) for k in p.interactions),
        )
    return dataclasses.replace(scenario, preferences=prefs)


def _sampled(scenario: Scenario, space: Space, draws: Draws, s: int) -> Scenario:
    """Sample ``s`` as a plain scenario: the drawn numbers, the rules that hold."""
    prefs = dict(scenario.preferences)
    for k, param in enumerate(space.parameters):
        p = prefs[param.party]
        x = float(draws.values[s, k])
        if param.uncertain.kind == "reservation":
            p = dataclasses.replace(p, reservation=x)
        else:
            assert param.uncertain.point is not None
            p = dataclasses.replace(p, weights={**p.weights, param.uncertain.point: x})
        prefs[param.party] = dataclasses.replace(p, uncertain=())
    for k, rule in enumerate(space.rules):
        if draws.holds[s, k]:
            continue
        p = prefs[rule.party]
        field = {"red_line": "red_lines", "link": "links", "interaction": "interactions"}[rule.kind]
        marked = list(getattr(p, field))
        marked[rule.index] = None  # dropped below, once every rule's index has been read
        prefs[rule.party] = dataclasses.replace(p, **{field: tuple(marked)})
    clean = {
        party: dataclasses.replace(
            p,
            uncertain=(),
            red_lines=tuple(x for x in p.red_lines if x is not None),
            links=tuple(x for x in p.links if x is not None),
            interactions=tuple(x for x in p.interactions if x is not None),
        )
        for party, p in prefs.items()
    }
    return dataclasses.replace(scenario, preferences=clean)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_parties=3, max_points=4, max_options=4, max_outcomes=300), st.data())
def test_every_samples_solutions_equal_brute_force_on_that_sample(scenario: Scenario, data: st.DataObject) -> None:
    uncertain = _with_uncertainty(scenario, data)
    case = accord.Case(uncertain)
    setup = prepare(uncertain, case.bargainers, seed=data.draw(st.integers(0, 1000)), names=NAMES)
    n = 4
    solved = solve_samples((setup, 0, n))
    draws = setup.draws(0, n)
    for s in range(n):
        concrete = _sampled(uncertain, setup.space, draws, s)
        view = accord.Case(concrete)._bargain()
        expected = oracle.solutions(view)
        assert bool(solved.deal[s]) == bool(oracle.rational_vectors(view))
        for name in NAMES:
            row = solved.picks[name][s]
            if expected[name] is None:
                assert (row < 0).all()
                continue
            agreement = {
                p: v
                for g, r in zip(setup.bargain.groups, row.tolist(), strict=True)
                for p, v in zip(g.points, g.values[r], strict=True)
            }
            got = tuple(np.round(view.utilities(agreement), 12) + 0.0)
            assert got == pytest.approx(expected[name], abs=1e-9), name


def test_the_robust_compromise_is_the_best_agreement_over_its_samples() -> None:
    a = Preferences(
        "a",
        {"p": 1.0, "q": 1.0},
        {"p": CategoricalRating({"x": 100.0, "y": 30.0, "z": 0.0}), "q": CategoricalRating({"u": 80.0, "v": 20.0})},
        reservation=0.5,
        uncertain=(Uncertain("reservation", Uniform(0.3, 0.7)),),
    )
    b = Preferences(
        "b",
        {"p": 2.0, "q": 1.0},
        {"p": CategoricalRating({"x": 0.0, "y": 70.0, "z": 100.0}), "q": CategoricalRating({"u": 10.0, "v": 90.0})},
        reservation=0.45,
        uncertain=(Uncertain("reservation", Uniform(0.25, 0.65)), Uncertain("weight", Uniform(1.0, 3.0), "p")),
    )
    scenario = make_scenario({"p": ["x", "y", "z"], "q": ["u", "v"]}, [a, b])
    result = _run(scenario, samples=400, solution_samples=100, proposals=False)
    assert result.robust is not None
    assert result.robust.exact
    setup = prepare(scenario, ("a", "b"), seed=0, names=NAMES)
    draws = setup.draws(0, 100)
    best = 0
    for agreement in oracle.agreements(scenario):
        wins = 0
        for s in range(100):
            concrete = _sampled(scenario, setup.space, draws, s)
            u = np.round(concrete.utilities(agreement), 12)
            d = [concrete.preferences[p].reservation for p in ("a", "b")]
            wins += all(x >= y for x, y in zip(u, np.round(d, 12), strict=True))
        best = max(best, wins)
    assert result.robust.count == best


def test_sensitivity_ranks_the_one_estimate_that_matters_first() -> None:
    a = Preferences(
        "a",
        {"p": 1.0, "q": 1.0},
        {"p": CategoricalRating({"x": 60.0, "y": 0.0}), "q": CategoricalRating({"u": 60.0, "v": 0.0})},
        reservation=0.6,
        uncertain=(Uncertain("reservation", Uniform(0.4, 0.8)), Uncertain("weight", Uniform(0.5, 1.5), "q")),
    )
    b = Preferences("b", {"p": 1.0}, {"p": CategoricalRating({"x": 50.0, "y": 100.0})}, reservation=0.0)
    scenario = make_scenario(
        {"p": ["x", "y"], "q": ["u", "v"]}, [a, b], drafts=[Draft(id="d", choices={"p": "x", "q": "u"})]
    )
    result = _run(scenario, samples=3000, solution_samples=0, proposals=False)
    assert result.sensitivity[0].label == "a reservation"
    assert result.sensitivity[0].swing > 0.9
    assert result.sensitivity[1].swing < 0.1
