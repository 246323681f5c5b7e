"""The domain model: values, ratings, red lines, links, interactions, utility, lineage, and
the checks every object runs on construction."""

from __future__ import annotations

import dataclasses
import math

import pytest

from accord.errors import ModelError, UnknownIdError
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
    Role,
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
        drafts=(Draft("d1", choices={"t": "a"}), Draft("d2", parents=("d1",), choices={"t": "b", "n": 5})),
        stances=(Stance("q", "d1", StanceKind.ACCEPT, point="t"), Stance("q", "d1", StanceKind.CRITICISE)),
        preferences={"p": _prefs()},
    )


def test_scenario_lookups_and_counts() -> None:
    s = _scenario()
    assert s.party("q").name == "Q"
    assert s.point("n").values() == (0, 5, 10)
    assert s.draft("d2").parents == ("d1",)
    for lookup in (s.party, s.point, s.draft):
        with pytest.raises(KeyError):  # UnknownIdError is a KeyError too
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


@pytest.mark.parametrize(
    ("lookup", "kind", "given", "hint"),
    [
        ("party", "party", "qq", "did you mean 'q'?"),
        ("point", "point", "nn", "did you mean 'n'?"),
        ("draft", "draft", "dd2", "did you mean 'd2'?"),
        ("preferences_of", "rated party", "q", "(known: p)"),
    ],
)
def test_unknown_ids_name_the_kind_and_the_closest_id(lookup: str, kind: str, given: str, hint: str) -> None:
    s = _scenario()
    with pytest.raises(UnknownIdError, match=f"unknown {kind} '{given}'") as caught:
        getattr(s, lookup)(given)
    assert hint in str(caught.value)
    assert caught.value.kind == kind


def test_utility_of_an_unrated_party_is_an_unknown_id() -> None:
    with pytest.raises(UnknownIdError, match="unknown rated party 'q'"):
        _scenario().utility("q", {"t": "a"})


NAN, INF = math.nan, math.inf


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: NumericRange(0, 10, 0), r"NumericRange\(0, 10, 0\): step is 0; give a positive step"),
        (lambda: NumericRange(0, 10, -1), "step is -1; give a positive step"),
        (lambda: NumericRange(NAN, 10, 1), "min is nan; give a finite number"),
        (lambda: NumericRange(0, INF, 1), "max is inf; give a finite number"),
        (lambda: NumericRange(5, 1, 1), r"min is 5; give a min of at most max \(1\), or swap them"),
        (lambda: NumericRange(0, 1, "x"), "step is 'x'; give a finite number"),
        (lambda: Party("", "Nobody"), "Party: id is ''; give a non-empty text id"),
        (lambda: Party("p", "P", "boss"), "party 'p': role is 'boss'; use one of signatory, mediator"),
        (lambda: Option(""), "Option: id is ''"),
        (lambda: Point(""), "Point: id is ''"),
        (lambda: Point("t", options=(Option("a"), Option("a"))), "point 't': option id 'a' appears twice"),
        (
            lambda: Point("t", options=(Option("a"),), range=NumericRange(0, 1, 1)),
            "point 't': has both options and a numeric range",
        ),
        (lambda: Draft(""), "Draft: id is ''"),
        (lambda: Stance("", "d", StanceKind.ACCEPT), "Stance of '' on draft 'd': party is ''"),
        (lambda: Stance("p", "d", "maybe"), "stance is 'maybe'; use one of accept, criticise"),  # type: ignore[arg-type]
        (lambda: CategoricalRating({"a": NAN}), r"CategoricalRating: scores\['a'\] is nan; give a finite number"),
        (lambda: CategoricalRating({"a": "high"}), r"scores\['a'\] is 'high'"),  # type: ignore[dict-item]
        (lambda: PiecewiseLinear(((0, 1), (INF, 2))), r"breakpoints\[1\] is inf"),
        (
            lambda: PiecewiseLinear(((5, 1), (0, 2))),
            r"breakpoints\[1\] is \(0, 2\); list the breakpoints by increasing",
        ),
        (lambda: RedLine("t"), "red line on 't': names no option and no bound"),
        (lambda: RedLine("n", below=NAN), "red line on 'n': below is nan"),
        (lambda: Link("", "a", "n", (1,)), "Link: point is ''"),
        (lambda: Interaction((("t", "a"),), NAN), "Interaction: bonus is nan"),
        (lambda: _prefs(weights={"t": NAN}), r"Preferences of 'p': weights\['t'\] is nan; give a finite number"),
        (lambda: _prefs(weights={"t": -1.0}), r"weights\['t'\] is -1.0; give a weight of 0 or more"),
        (lambda: _prefs(weights={"t": INF}), r"weights\['t'\] is inf"),
        (
            lambda: _prefs(ratings={"t": CategoricalRating({"a": 120.0})}),
            r"a rating on 't' is 120.0; give ratings in \[0, 100\]",
        ),
        (lambda: _prefs(ratings={"n": PiecewiseLinear(((0, -5.0),))}), "a rating on 'n' is -5.0"),
        (lambda: _prefs(rating_scale=1.0), r"a rating on 't' is 100.0; give ratings in \[0, 1\]"),
        (lambda: _prefs(reservation=NAN), "reservation is nan; give a finite number"),
        (lambda: _prefs(reservation=-INF), "reservation is -inf"),
        (lambda: _prefs(rating_scale=0.0), "rating_scale is 0.0; give a positive scale"),
        (lambda: _prefs(weight_total=0.0), "weight_total is 0.0; give a positive total"),
        (lambda: _prefs(discount=NAN), "discount is nan"),
        (lambda: _prefs(party=""), "Preferences: party is ''"),
    ],
)
def test_model_objects_refuse_bad_values(build: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        build()  # type: ignore[operator]


def test_values_that_readers_produce_are_accepted() -> None:
    NumericRange(5, 5, 1)  # one value
    NumericRange(0.0, 1.0, 0.1)
    Stance("p", "d", "accept")  # type: ignore[arg-type]  # a plain string becomes the enum
    assert Stance("p", "d", "accept").stance is StanceKind.ACCEPT  # type: ignore[arg-type]
    assert Party("p", "P", "mediator").role is Role.MEDIATOR  # type: ignore[arg-type]
    # GENIUS and GeniusWeb: scale 1, weights as written; ratings to 1e-9 of the scale
    genius = {"t": CategoricalRating({"a": 1.0000000000000002, "b": 0.0})}
    Preferences("p", {"t": 0.6}, genius, reservation=1.2, weight_total=1.0, rating_scale=1.0)
    assert _prefs(weights={"t": 0.0, "n": 0.0}).weight_sum() == 0.0


def _broken(**change: object) -> Scenario:
    return dataclasses.replace(_scenario(), **change)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parties": (Party("p", "P"), Party("p", "Q"))}, "scenario 's': party id 'p' appears twice"),
        ({"points": (Point("t", options=(Option("a"),)),) * 2}, "point id 't' appears twice"),
        ({"drafts": (Draft("d1"), Draft("d1"))}, "draft id 'd1' appears twice"),
        ({"origin": "negmas"}, "scenario 's': origin is 'negmas'; use one of accord, genius, geniusweb"),
        (
            {"drafts": (Draft("d1", choices={"tt": "a"}),), "stances": ()},
            "draft 'd1': choices names point 'tt', which the scenario does not have; did you mean 't'?",
        ),
        (
            {"drafts": (Draft("d1", choices={"t": "c"}),), "stances": ()},
            "draft 'd1': choices gives 'c' on point 't', which is not one of its values; use one of a, b",
        ),
        (
            {"drafts": (Draft("d1", choices={"n": 3}),), "stances": ()},
            "choices gives 3 on point 'n', which is not one of its values; use a number from 0 to 10 by 5",
        ),
        ({"drafts": (Draft("d2", parents=("d0",)),), "stances": ()}, "draft 'd2': parents names draft 'd0'"),
        ({"stances": (Stance("x", "d1", StanceKind.ACCEPT),)}, "stance of 'x' on draft 'd1': party names party 'x'"),
        ({"stances": (Stance("q", "d9", StanceKind.ACCEPT),)}, "draft names draft 'd9'"),
        ({"stances": (Stance("q", "d1", StanceKind.ACCEPT, point="z"),)}, "point names point 'z'"),
        (
            {"stances": (Stance("q", "d1", StanceKind.AMEND, point="t", proposal="c"),)},
            "proposal gives 'c' on point 't'",
        ),
        ({"preferences": {"q": _prefs()}}, "preferences of 'q': filed under 'q' but made for party 'p'"),
        ({"preferences": {"x": _prefs(party="x")}}, "preferences of 'x': party names party 'x'"),
        ({"preferences": {"p": _prefs(weights={"tt": 1.0})}}, "preferences of 'p': weights names point 'tt'"),
        (
            {"preferences": {"p": _prefs(ratings={"m": CategoricalRating({})})}},
            "ratings names point 'm', which the scenario does not have",
        ),
        ({"preferences": {"p": _prefs(red_lines=(RedLine("x", "a"),))}}, "red_lines names point 'x'"),
        ({"preferences": {"p": _prefs(links=(Link("t", "a", "y", ()),))}}, "links names point 'y'"),
        (
            {"preferences": {"p": _prefs(interactions=(Interaction((("w", "a"),), 0.1),))}},
            "interactions names point 'w'",
        ),
    ],
)
def test_a_scenario_refuses_unknown_and_duplicate_ids(change: dict[str, object], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        _broken(**change)


def test_values_of_constraints_are_not_checked() -> None:
    # a red line, link or bonus on a value no agreement takes never applies: harmless
    prefs = _prefs(red_lines=(RedLine("t", option="zz"),), interactions=(Interaction((("n", 3),), 0.1),))
    assert _broken(preferences={"p": prefs}).preferences["p"] is prefs
