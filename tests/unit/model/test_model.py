"""The domain model: values, ratings, red lines, links, interactions, utility, lineage."""

from __future__ import annotations

import pytest

from accord.model import (
    CategoricalRating,
    Draft,
    Interaction,
    Link,
    NumericRange,
    Option,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    RedLine,
    Scenario,
    Stance,
    StanceKind,
    format_value,
    tidy_number,
)


def test_numeric_range_values_and_grid() -> None:
    rng = NumericRange(0.1, 0.5, 0.1, "%")
    assert rng.values() == (0.1, 0.2, 0.3, 0.4, 0.5)
    assert rng.on_grid(0.3)
    assert not rng.on_grid(0.35)
    assert not rng.on_grid(0.6)
    assert NumericRange(400000, 1000000, 50000).count() == 13


def test_tidy_and_format() -> None:
    assert tidy_number(600000.0) == 600000
    assert isinstance(tidy_number(600000.0), int)
    assert tidy_number(0.30000000000000004) == 0.3
    assert format_value(600000, "troops") == "600,000 troops"
    assert format_value(2.5, "%") == "2.5 %"
    assert format_value("recognise") == "recognise"


def test_point_values_and_lookup() -> None:
    cat = Point("t", options=(Option("a", "A"), Option("b")))
    num = Point("n", range=NumericRange(0, 10, 5, "kg"))
    assert cat.values() == ("a", "b")
    assert not cat.is_numeric
    assert cat.option("b") == Option("b")
    assert cat.option("z") is None
    assert cat.has_value("a")
    assert not cat.has_value(5)
    assert num.values() == (0, 5, 10)
    assert num.is_numeric
    assert num.has_value(5)
    assert not num.has_value(3)
    assert not num.has_value("a")
    assert num.describe(5) == "5 kg"
    assert cat.describe("a") == "a"


def test_piecewise_linear() -> None:
    curve = PiecewiseLinear(((400000.0, 0.0), (800000.0, 90.0), (1000000.0, 100.0)))
    assert curve(300000) == 0.0
    assert curve(600000) == pytest.approx(45.0)
    assert curve(900000) == pytest.approx(95.0)
    assert curve(2000000) == 100.0
    assert curve("x") == 0.0
    assert PiecewiseLinear(())(5) == 0.0


def test_categorical_rating() -> None:
    rating = CategoricalRating({"a": 40.0})
    assert rating("a") == 40.0
    assert rating("b") == 0.0
    assert rating(3) == 0.0


def test_red_lines() -> None:
    assert RedLine("t", option="a").excludes("a")
    assert not RedLine("t", option="a").excludes("b")
    low = RedLine("n", below=600000)
    assert low.excludes(550000)
    assert not low.excludes(600000)
    assert not low.excludes("x")
    assert low.describe() == "n<600,000"
    both = RedLine("n", below=1, above=5)
    assert both.excludes(6)
    assert not both.excludes(3)
    assert both.describe() == "n<1 or n>5"
    assert RedLine("n", option=5).describe() == "n=5"


def test_links_and_interactions() -> None:
    link = Link("ref", "held", "cf", ("60d", "perm"))
    assert link.satisfied({"ref": "none", "cf": "x"})
    assert link.satisfied({"ref": "held", "cf": "60d"})
    assert not link.satisfied({"ref": "held", "cf": "x"})
    assert link.describe() == "ref=held requires cf in {60d, perm}"
    bonus = Interaction((("a", "x"), ("b", 3)), 0.1)
    assert bonus.applies({"a": "x", "b": 3})
    assert not bonus.applies({"a": "x", "b": 4})


def _prefs(**kw: object) -> Preferences:
    base: dict[str, object] = {
        "party": "p",
        "weights": {"t": 3.0, "n": 1.0},
        "ratings": {"t": CategoricalRating({"a": 100.0, "b": 0.0}), "n": PiecewiseLinear(((0.0, 0.0), (10.0, 100.0)))},
    }
    base.update(kw)
    return Preferences(**base)  # type: ignore[arg-type]


def test_utility_is_weighted_and_normalised() -> None:
    prefs = _prefs()
    assert prefs.utility({"t": "a", "n": 10}) == pytest.approx(1.0)
    assert prefs.utility({"t": "b", "n": 5}) == pytest.approx(0.125)
    assert prefs.utility({"t": "a"}) == pytest.approx(0.75)  # open points add nothing
    assert prefs.contribution("other", "a") == 0.0
    assert _prefs(weights={"t": 0.0}).contribution("t", "a") == 0.0


def test_weight_total_and_scale_as_in_genius() -> None:
    prefs = _prefs(weight_total=1.0, weights={"t": 0.6, "n": 0.4}, rating_scale=100.0)
    assert prefs.weight_sum() == 1.0
    assert prefs.utility({"t": "a", "n": 0}) == pytest.approx(0.6)


def test_interaction_bonus_and_violations() -> None:
    prefs = _prefs(
        interactions=(Interaction((("t", "a"), ("n", 10)), 0.05),),
        red_lines=(RedLine("t", option="b"),),
        links=(Link("t", "a", "n", (10,)),),
    )
    assert prefs.utility({"t": "a", "n": 10}) == pytest.approx(1.05)
    assert prefs.violations({"t": "b", "n": 0}) == ["t=b"]
    assert prefs.violations({"t": "a", "n": 0}) == ["t=a requires n in {10}"]


def _scenario() -> Scenario:
    return Scenario(
        title="s",
        parties=(Party("p", "P"), Party("q", "Q")),
        points=(Point("t", options=(Option("a"), Option("b"))), Point("n", range=NumericRange(0, 10, 5))),
        drafts=(Draft("d1", choices={"t": "a"}), Draft("d2", parent="d1", choices={"t": "b", "n": 5})),
        stances=(Stance("q", "d1", StanceKind.ACCEPT, point="t"), Stance("q", "d1", StanceKind.CRITICISE)),
        preferences={"p": _prefs()},
    )


def test_scenario_lookups_and_counts() -> None:
    s = _scenario()
    assert s.party("q").name == "Q"
    assert s.point("n").values() == (0, 5, 10)
    assert s.draft("d2").parent == "d1"
    for lookup in (s.party, s.point, s.draft):
        with pytest.raises(KeyError):
            lookup("zz")
    assert s.outcome_count() == 6
    assert s.lineage("d2") == ("d1", "d2")
    assert s.rated_parties == ("p",)
    assert s.draft("d1").open_points(s.point_ids) == ("n",)
    assert s.stances_on("d1", "t")[0].stance is StanceKind.ACCEPT
    assert s.stances_on("d1", None)[0].stance is StanceKind.CRITICISE


def test_scenario_utilities_sum_in_point_order() -> None:
    s = _scenario()
    assert s.utilities({"n": 10, "t": "a"}) == (pytest.approx(1.0),)
    assert s.utility("p", {"n": 0, "t": "b"}) == 0.0
    assert list(s.ordered({"n": 10, "t": "a"})) == ["t", "n"]


def test_violations_of_a_partial_agreement_skip_undecided_links() -> None:
    prefs = _prefs(links=(Link("t", "a", "n", (10,)),))
    assert prefs.violations({"t": "a"}) == []
    assert prefs.violations({"t": "a", "n": 5}) == ["t=a requires n in {10}"]
