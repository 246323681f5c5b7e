"""Hypothesis strategies for random small scenarios, shared by the property and oracle tests.

``scenarios()`` draws a complete :class:`Scenario`: 2-5 rated parties (sometimes one more
party without preferences), 1-6 points of 1-5 options, some numeric, and for each party
weights, ratings, a reservation value and, when asked for, red lines, links and
interaction terms. The number of complete agreements stays under ``max_outcomes`` so that
the brute-force oracles (tests/oracle.py, tests/cpsat_oracle.py) can enumerate them all.

``exact=True`` draws "round" numbers only (ratings mostly among 0, 20, 50, 80, 100, whole
weights 0-5, numeric points on whole steps with breakpoints on the grid, a few bonuses),
as the CP-SAT tests need: their oracle computes in exact fractions and the solver's integer
scale must stay small. ``strict=True`` draws high reservation values (0.3-0.75), for the
feasibility diagnosis.

Example::

    from hypothesis import given
    from strategies import scenarios

    @given(scenarios(max_parties=3, links=False))
    def test_something(scenario): ...
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

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
    Rating,
    RedLine,
    Scenario,
    Value,
)

RATINGS = st.one_of(
    st.integers(min_value=0, max_value=100).map(float),
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
)
"""Ratings: mostly whole numbers as in real files, sometimes any float in [0, 100]."""
RESERVATIONS = st.one_of(
    st.sampled_from([0.0, 0.0, 0.2, 0.35, 0.5]),
    st.floats(min_value=0, max_value=0.6, allow_nan=False),
)
BONUSES = st.one_of(
    st.sampled_from([-0.1, -0.05, 0.05, 0.1, 0.2]),
    st.floats(min_value=-0.3, max_value=0.3, allow_nan=False),
)
COARSE = (0, 20, 50, 80, 100)
EXACT_RATINGS = (st.sampled_from(COARSE) | st.integers(min_value=0, max_value=100)).map(float)
"""Ratings for exact mode: round numbers, mostly a coarse five-step scale."""
EXACT_RESERVATIONS = st.sampled_from([0.0, 0.0, 0.1, 0.25, 0.4])
STRICT_RESERVATIONS = st.sampled_from([0.3, 0.45, 0.6, 0.75])
EXACT_BONUSES = st.sampled_from([-0.1, -0.05, 0.05, 0.1, 0.2])


@st.composite
def points(
    draw: st.DrawFn, *, max_points: int, max_options: int, numeric: bool, max_outcomes: int, exact: bool = False
) -> tuple[Point, ...]:
    """1 to ``max_points`` points; their value counts multiply to at most ``max_outcomes``
    (``exact``: numeric points on whole steps)."""
    count = draw(st.integers(min_value=1, max_value=max_points))
    out: list[Point] = []
    total = 1
    for i in range(count):
        room = max(1, min(max_options, max_outcomes // total))
        size = draw(st.integers(min_value=1, max_value=room))
        total *= size
        if numeric and draw(st.integers(min_value=0, max_value=3)) == 0:
            low = draw(st.sampled_from([0, 10, 400]))
            step = draw(st.sampled_from([1, 5, 10] if exact else [1, 5, 0.5]))
            rng = NumericRange(min=low, max=low + step * (size - 1), step=step, unit="u")
            out.append(Point(id=f"n{i}", title=f"Numeric {i}", range=rng))
        else:
            options = tuple(Option(id=f"o{j}", text=f"option {j}") for j in range(size))
            out.append(Point(id=f"c{i}", title=f"Point {i}", options=options))
    return tuple(out)


def _rating(draw: st.DrawFn, point: Point, exact: bool) -> Rating:
    """A categorical rating of every option, or a piecewise-linear one over the range
    (``exact``: round ratings, breakpoints on the grid)."""
    if point.range is None:
        return CategoricalRating({o.id: draw(EXACT_RATINGS if exact else RATINGS) for o in point.options})
    if exact:
        xs = sorted(draw(st.sets(st.sampled_from(point.values()), min_size=1, max_size=2)), key=float)
        return PiecewiseLinear(tuple((float(x), draw(EXACT_RATINGS)) for x in xs))
    lo, hi = point.range.min - point.range.step, point.range.max + point.range.step
    xs = draw(st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=3, unique=True))
    bps = tuple((lo + (hi - lo) * x / 8, draw(RATINGS)) for x in sorted(xs))
    return PiecewiseLinear(bps)


def _red_line(draw: st.DrawFn, point: Point) -> RedLine:
    """A red line on one option, or below / above a number of the range."""
    if point.range is None:
        return RedLine(point.id, option=draw(st.sampled_from([o.id for o in point.options])))
    bound = draw(st.sampled_from(point.values()))
    if draw(st.booleans()):
        return RedLine(point.id, below=bound)
    return RedLine(point.id, above=bound)


def _link(draw: st.DrawFn, pts: Sequence[Point]) -> Link:
    """``a=v requires b in {...}``; ``b`` may equal ``a`` and ``{...}`` may be empty."""
    a = draw(st.sampled_from(pts))
    b = draw(st.sampled_from(pts))
    requires = draw(st.lists(st.sampled_from(b.values()), max_size=3, unique=True))
    return Link(a.id, draw(st.sampled_from(a.values())), b.id, tuple(requires))


def _interaction(draw: st.DrawFn, pts: Sequence[Point], exact: bool) -> Interaction:
    """A bonus (or penalty) earned when 1-3 (point, value) conditions hold together."""
    chosen = draw(st.lists(st.sampled_from(pts), min_size=1, max_size=3))
    conditions = tuple((p.id, draw(st.sampled_from(p.values()))) for p in chosen)
    return Interaction(conditions=conditions, bonus=draw(EXACT_BONUSES if exact else BONUSES))


@st.composite
def preferences(
    draw: st.DrawFn,
    party: str,
    pts: Sequence[Point],
    *,
    red_lines: bool,
    links: bool,
    interactions: bool,
    exact: bool = False,
    strict: bool = False,
) -> Preferences:
    """One party's preferences over ``pts`` (``exact`` and ``strict``: module docstring)."""
    weights = {p.id: float(draw(st.integers(min_value=0, max_value=5 if exact else 10))) for p in pts}
    ratings = {p.id: _rating(draw, p, exact) for p in pts}
    most = st.integers(min_value=0, max_value=2)
    reservation = STRICT_RESERVATIONS if strict else EXACT_RESERVATIONS if exact else RESERVATIONS
    return Preferences(
        party=party,
        weights=weights,
        ratings=ratings,
        reservation=draw(reservation),
        red_lines=tuple(_red_line(draw, draw(st.sampled_from(pts))) for _ in range(draw(most) if red_lines else 0)),
        links=tuple(_link(draw, pts) for _ in range(draw(most) if links else 0)),
        interactions=tuple(_interaction(draw, pts, exact) for _ in range(draw(most) if interactions else 0)),
    )


def _draft(draw: st.DrawFn, index: int, pts: Sequence[Point], complete: bool) -> Draft:
    """A draft choosing a value on every point (``complete``) or on some of them."""
    choices: dict[str, Value] = {}
    for p in pts:
        if complete or draw(st.booleans()):
            choices[p.id] = draw(st.sampled_from(p.values()))
    return Draft(id=f"d{index}", title=f"Draft {index}", choices=choices)


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    min_parties: int = 2,
    max_parties: int = 5,
    max_points: int = 6,
    max_options: int = 5,
    numeric: bool = True,
    red_lines: bool = True,
    links: bool = True,
    interactions: bool = True,
    max_outcomes: int = 1500,
    exact: bool = False,
    strict: bool = False,
) -> Scenario:
    """A random scenario small enough to enumerate (see the module docstring)."""
    n = draw(st.integers(min_value=min_parties, max_value=max_parties))
    pts = draw(
        points(max_points=max_points, max_options=max_options, numeric=numeric, max_outcomes=max_outcomes, exact=exact)
    )
    parties = [Party(id=f"p{i}", name=f"Party {i}") for i in range(n)]
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        parties.insert(draw(st.integers(min_value=0, max_value=n)), Party(id="obs", name="Observer"))
    kinds = {"red_lines": red_lines, "links": links, "interactions": interactions, "exact": exact, "strict": strict}
    prefs = {f"p{i}": draw(preferences(f"p{i}", pts, **kinds)) for i in range(n)}
    count = draw(st.integers(min_value=0, max_value=3))
    drafts = tuple(_draft(draw, i, pts, complete=i == 0) for i in range(count))
    return Scenario(title="random", parties=tuple(parties), points=pts, drafts=drafts, preferences=prefs)


def exact_scenarios(parties: tuple[int, int] = (2, 3), strict: bool = False) -> st.SearchStrategy[Scenario]:
    """Small exact-mode scenarios for the CP-SAT and feasibility tests: 1-4 points of at most
    4 values, ``parties`` rated parties (a range, inclusive)."""
    return scenarios(
        min_parties=parties[0],
        max_parties=parties[1],
        max_points=4,
        max_options=4,
        max_outcomes=256,
        exact=True,
        strict=strict,
    )


def make_scenario(
    points: dict[str, Sequence[str]],
    preferences: Sequence[Preferences],
    *,
    numeric: dict[str, NumericRange] | None = None,
    drafts: Sequence[Draft] = (),
) -> Scenario:
    """A hand-written scenario for unit tests: categorical ``points`` (id -> option ids),
    ``numeric`` points (id -> range) after them, and one party per preferences block, in
    order."""
    pts = [Point(id=p, options=tuple(Option(id=o) for o in opts)) for p, opts in points.items()]
    pts += [Point(id=p, range=r) for p, r in (numeric or {}).items()]
    parties = tuple(Party(id=pref.party, name=pref.party.upper()) for pref in preferences)
    return Scenario(
        title="hand-made",
        parties=parties,
        points=tuple(pts),
        drafts=tuple(drafts),
        preferences={pref.party: pref for pref in preferences},
    )


def rate(
    party: str,
    ratings: dict[str, dict[str, float]],
    *,
    weights: dict[str, float] | None = None,
    reservation: float = 0.0,
    red_lines: Sequence[RedLine] = (),
    links: Sequence[Link] = (),
    interactions: Sequence[Interaction] = (),
) -> Preferences:
    """Categorical preferences for unit tests; every rated point weighs 1 unless
    ``weights`` says otherwise."""
    return Preferences(
        party=party,
        weights=dict(weights) if weights is not None else dict.fromkeys(ratings, 1.0),
        ratings={p: CategoricalRating(dict(r)) for p, r in ratings.items()},
        reservation=reservation,
        red_lines=tuple(red_lines),
        links=tuple(links),
        interactions=tuple(interactions),
    )
