"""The four bargaining solutions on the CP-SAT model, exact in its integer scale.

Each works on the individually rational agreements (``U_i >= D_i``, hard in the model) and
names one agreement. Ties go to the solution that comes first in Frontier order (lowest
utility of the first party, then the next: :meth:`AgreementModel.lowest`), and the scores
are those of :mod:`accord.analysis.bargaining`, computed on the reported utilities. With
the exact scale of :mod:`accord.analysis.cpsat_model` every comparison below is exact
arithmetic on the rational utilities, so the answers equal a brute-force enumeration's.

- Nash (Nash 1950, "The bargaining problem"): maximise ``prod_i (u_i - d_i)`` over the
  agreements with ``u > d``. The product is not linear, so the solver maximises an outer
  approximation of ``sum_i log(U_i - D_i)`` (tangent cuts of the concave logarithm, Kelley
  1960's cutting planes) and every candidate it returns is scored with the exact integer
  product; the search continues, with cuts that exclude the candidates found and everything
  they dominate, until no agreement's upper bound on the log-product reaches the best exact
  product found (a branch-and-bound in the spirit of Duran & Grossmann 1986's outer
  approximation). The approximation only steers the search; the answer is exact. (A table
  of logarithms read with ``AddElement`` would need one entry per integer gain, up to
  2**30 of them at the exact scale; the tangent cuts need about 300 per party at any scale.)
- Kalai-Smorodinsky (Kalai & Smorodinsky 1975): maximise ``min_i (u_i - d_i) / (I_i - d_i)``
  with ``I_i`` the best utility party ``i`` gets in any individually rational agreement (its
  ideal), ties broken by the sum of utilities. Parties with ``I_i = d_i`` have no gain to
  share and are left out of the minimum; with none left the score is 0, as in
  :mod:`accord.analysis.bargaining`. Exact by Dinkelbach-style
  iteration (Dinkelbach 1967): with the best ratio ``p/q`` found so far, ask the solver for
  an agreement with ``q (U_i - D_i) >= p (I_i - D_i) + 1`` for every party, a linear
  constraint, until there is none.
- Egalitarian (Kalai 1977, "Proportional solutions to bargaining situations"; leximin after
  Rawls 1971): maximise the smallest gain ``u_i - d_i``, then the second smallest, and so on.
  Leximin by the cumulative ordered sums of Ogryczak & Sliwinski 2006 ("On direct methods for
  lexicographic min-max optimization"): the sum of the ``k`` smallest gains is
  ``max_t k t - sum_i max(0, t - g_i)``, linear with one auxiliary variable per party.
- Utilitarian (Harsanyi 1955): maximise ``sum_i u_i``.

Time limit. Every solve runs against the model's deadline
(:mod:`accord.analysis.cpsat_model`). When it passes, :func:`best_found` names the best of
the agreements the solves returned so far by the solution's own criterion (for
Kalai-Smorodinsky the ideals are then the best utilities seen, which may fall short of the
true ideals), as a Solution with ``optimal=False``; when no solve returned any agreement it
raises TimeLimitError.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from ortools.sat.python import cp_model

from accord.analysis.cpsat_model import AgreementModel, Found, solve, solve_required
from accord.analysis.results import SOLUTION_LABELS, Solution, SolutionName
from accord.errors import TimeLimitError

LOG_UNIT = 10_000
"""Integer units per unit of natural logarithm in Nash's outer approximation."""
TANGENT_STEP = 1 / 16
"""Relative spacing of the tangent points of the logarithm (error below 1/8 of its square)."""
KS_STEPS = 2**20
"""Resolution of the first, approximate Kalai-Smorodinsky ratio before the exact iteration."""

Score = Callable[[tuple[float, ...]], float]


def _solution(name: SolutionName, am: AgreementModel, found: Found, score: Score) -> Solution:
    """A Solution naming ``found``'s agreement, scored on its recomputed float utilities."""
    outcome = am.outcome(found)
    return Solution(name, outcome, score(outcome.utilities))


def _gains(am: AgreementModel) -> list[cp_model.LinearExpr]:
    """``U_i - D_i`` for every party."""
    return [u - d for u, d in zip(am.utility, am.disagreement, strict=True)]


def utilitarian(am: AgreementModel, d: Sequence[float]) -> Solution | None:
    """The individually rational agreement with the largest sum of utilities [Harsanyi 1955]."""
    total = sum(am.utility)
    am.model.maximize(total)
    found = solve(am)
    if found is None:
        return None
    am.model.add(total == sum(found.levels))
    return _solution("utilitarian", am, am.lowest(found), sum)


def egalitarian(am: AgreementModel, d: Sequence[float]) -> Solution | None:
    """The leximin-best individually rational agreement by gains over ``d`` [Kalai 1977],
    computed by cumulative ordered sums [Ogryczak & Sliwinski 2006]."""
    model, gains = am.model, _gains(am)
    top = max((hi - di for (_, hi), di in zip(am.bounds, am.disagreement, strict=True)), default=0)
    found = solve(am)
    if found is None:
        return None
    for k in range(1, len(gains) + 1):
        t = model.new_int_var(0, max(top, 0), f"t{k}")
        slack = [model.new_int_var(0, max(top, 0), "") for _ in gains]
        for s, g in zip(slack, gains, strict=True):
            model.add(s >= t - g)
        smallest = k * t - sum(slack)
        model.maximize(smallest)
        found = solve_required(am)
        model.add(smallest >= sum(sorted(_int_gains(am, found))[:k]))
    return _solution(
        "egalitarian",
        am,
        am.lowest(found),
        lambda u: min(ui - di for ui, di in zip(u, d, strict=True)),
    )


def kalai_smorodinsky(am: AgreementModel, d: Sequence[float]) -> Solution | None:
    """The agreement maximising the smallest share of each party's ideal gain, ties by the
    sum of utilities [Kalai & Smorodinsky 1975], exact by Dinkelbach iteration [1967]."""
    ideals = []
    for u in am.utility:
        am.model.maximize(u)
        best = solve(am)
        if best is None:
            return None
        ideals.append(best)
    tops = {i: f.levels[i] - am.disagreement[i] for i, f in enumerate(ideals)}
    tops = {i: top for i, top in tops.items() if top > 0}
    theta = _best_ratio(am, tops)
    gains = _gains(am)
    for i, top in tops.items():
        am.model.add(theta.denominator * gains[i] >= theta.numerator * top)
    total = sum(am.utility)
    am.model.maximize(total)
    found = solve_required(am)
    am.model.add(total == sum(found.levels))
    ideal = [am.outcome(f).utilities[i] for i, f in enumerate(ideals)]

    def score(u: tuple[float, ...]) -> float:
        shares = [(u[i] - d[i]) / (ideal[i] - d[i]) for i in tops if ideal[i] > d[i]]
        return min(shares, default=0.0)

    return _solution("kalai_smorodinsky", am, am.lowest(found), score)


def _best_ratio(am: AgreementModel, tops: dict[int, int]) -> Fraction:
    """``max min_i (U_i - D_i) / tops[i]`` over the model, exactly; 1 when ``tops`` is empty.

    A first solve maximises the ratio rounded down to 1/2**20; then, while the solver finds
    an agreement whose every ratio beats the best ``p/q`` so far, take it (Dinkelbach 1967).
    """
    if not tops:
        return Fraction(1)
    model, gains = am.model, _gains(am)
    t = model.new_int_var(0, KS_STEPS, "ratio")
    for i, top in tops.items():
        model.add(top * t <= KS_STEPS * gains[i])
    model.maximize(t)
    found = solve_required(am)
    stricter = model.new_bool_var("stricter")
    while True:
        theta = min(Fraction(found.levels[i] - am.disagreement[i], top) for i, top in tops.items())
        for i, top in tops.items():
            beats = theta.denominator * gains[i] >= theta.numerator * top + 1
            model.add(beats).only_enforce_if(stricter)
        stricter.with_domain(cp_model.Domain(1, 1))
        better = solve(am)
        stricter.with_domain(cp_model.Domain(0, 0))
        if better is None:
            return theta
        found = better


def nash(am: AgreementModel, d: Sequence[float]) -> Solution | None:
    """The agreement with the largest product of gains over ``d`` among those with every gain
    positive [Nash 1950]; exact, by outer approximation of the log-product (module docstring)."""
    model, gains = am.model, _gains(am)
    logs = []
    for gain, (_, hi), di in zip(gains, am.bounds, am.disagreement, strict=True):
        if hi - di < 1:
            return None
        model.add(gain >= 1)
        logs.append(_log_envelope(model, gain, hi - di))
    model.maximize(sum(logs))
    best: Found | None = None
    best_key: tuple[int, tuple[int, ...]] = (0, ())
    while (found := solve(am)) is not None:
        product = math.prod(_int_gains(am, found))
        key = (product, tuple(-level for level in found.levels))
        if best is None or key > best_key:
            best, best_key = found, key
            model.add(sum(logs) >= math.floor(LOG_UNIT * math.log(product)) - len(logs) - 1)
        am.exclude_dominated(found.levels)
    if best is None:
        return None
    return _solution(
        "nash",
        am,
        best,
        lambda u: math.prod(ui - di for ui, di in zip(u, d, strict=True)),
    )


def _int_gains(am: AgreementModel, found: Found) -> list[int]:
    """The integer gains ``U_i - D_i`` of ``found``."""
    return [level - di for level, di in zip(found.levels, am.disagreement, strict=True)]


def _log_envelope(model: cp_model.CpModel, gain: cp_model.LinearExpr, top: int) -> cp_model.IntVar:
    """A variable ``z`` that can reach ``floor(LOG_UNIT * ln g)`` for every integer gain
    ``g`` in [1, top] and never exceeds it by more than ``LOG_UNIT * TANGENT_STEP**2 / 8 + 1``:
    ``z`` lies below the tangents of ``LOG_UNIT * ln`` at points ``a`` spaced by
    ``TANGENT_STEP`` (each ``a z <= LOG_UNIT g + ceil(a LOG_UNIT (ln a - 1)) + 1``, an upper
    bound of the concave logarithm in integers)."""
    z = model.new_int_var(0, math.ceil(LOG_UNIT * math.log(top)) + 2, "log")
    a = 1
    while a <= top:
        model.add(a * z <= LOG_UNIT * gain + math.ceil(a * LOG_UNIT * (math.log(a) - 1)) + 1)
        a = max(a + 1, int(a * (1 + TANGENT_STEP)))
    return z


def best_found(name: SolutionName, am: AgreementModel, d: Sequence[float]) -> Solution:
    """After the time limit: the best agreement of ``am.seen`` for solution ``name``, ties
    to the first in Frontier order, as a Solution with ``optimal=False`` (module
    docstring). Raises TimeLimitError when the solves returned no agreement at all."""
    seconds = 0.0 if am.deadline is None or am.deadline.seconds is None else am.deadline.seconds
    if not am.seen:
        raise TimeLimitError(
            f"the {SOLUTION_LABELS[name]} solution could not be computed within the time limit of {seconds:g} s: "
            "the constraint solver found no agreement in that time (which does not mean there is none); give a "
            "longer time limit, or analyse fewer points or parties at a time",
            seconds=seconds,
        )
    ideal_levels = [max(f.levels[i] for f in am.seen) for i in range(len(am.utility))]
    tops = {i: top - di for i, (top, di) in enumerate(zip(ideal_levels, am.disagreement, strict=True)) if top > di}

    def key(f: Found) -> tuple[object, ...]:
        gains = _int_gains(am, f)
        if name == "nash":
            merit: object = math.prod(gains) if all(g > 0 for g in gains) else -1
        elif name == "kalai_smorodinsky":
            merit = (min((Fraction(gains[i], top) for i, top in tops.items()), default=Fraction(0)), sum(f.levels))
        elif name == "egalitarian":
            merit = sorted(gains)
        else:
            merit = sum(f.levels)
        return (merit, tuple(-level for level in f.levels))

    best = max(am.seen, key=key)
    outcome = am.outcome(best)
    ideal = [max(am.outcome(f).utilities[i] for f in am.seen) for i in range(len(d))]
    return Solution(name, outcome, _scores(d, ideal)[name](outcome.utilities), optimal=False)


def _scores(d: Sequence[float], ideal: Sequence[float]) -> dict[SolutionName, Score]:
    """Each solution's score of float utilities over ``d`` (Kalai-Smorodinsky: shares of
    ``ideal``), as :mod:`accord.analysis.bargaining` computes them."""

    def ks(u: tuple[float, ...]) -> float:
        shares = [(u[i] - d[i]) / (ideal[i] - d[i]) for i in range(len(d)) if ideal[i] > d[i]]
        return min(shares, default=0.0)

    return {
        "nash": lambda u: math.prod(ui - di for ui, di in zip(u, d, strict=True)),
        "kalai_smorodinsky": ks,
        "egalitarian": lambda u: min(ui - di for ui, di in zip(u, d, strict=True)),
        "utilitarian": sum,
    }
