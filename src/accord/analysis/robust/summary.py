"""From per-sample answers to probabilities: intervals, option frequencies, sensitivity.

- Confidence intervals: the Wilson score interval at 95% (Wilson 1927, "Probable
  inference, the law of succession, and statistical inference", JASA 22(158)), which
  stays inside [0, 1] and is not empty at 0 or n successes, unlike the normal
  approximation.
- Sensitivity: Monte Carlo filtering (Hornberger & Spear 1981; Saltelli et al. 2008,
  "Global Sensitivity Analysis: The Primer", ch. 5): the samples are split by each
  uncertain number into its lowest and highest thirds (a rule: not holding and holding),
  and an event's probability is compared between the two. An estimate whose move across
  its range changes the probability of the conclusions most ranks first. It costs no
  extra solving: the same samples answer every question.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from accord.analysis.common import FloatArray
from accord.analysis.robust.result import Effect, Interval, Sensitivity
from accord.analysis.robust.sampling import BoolArray, Space
from accord.model import Value, tidy_number

Z95 = 1.959963984540054
"""The 97.5th percentile of the standard normal distribution."""


def wilson(successes: int, n: int, z: float = Z95) -> Interval:
    """The share ``successes / n`` with its Wilson score interval (module docstring)."""
    if n <= 0:
        return Interval(0.0, 0.0, 1.0, 0)
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(p, low, high, n)


def frequencies(
    picks: FloatArray | np.ndarray, groups: Sequence[tuple[tuple[str, ...], tuple[tuple[Value, ...], ...]]]
) -> tuple[dict[str, dict[str, float]], float]:
    """How often each option of each point is chosen over the rows of ``picks`` (one row
    per sample, one column per group; -1 where the solution does not exist), and the share
    of samples without a solution. Options of a point are listed most frequent first."""
    n = len(picks)
    if not n:
        return {}, 0.0
    present = picks[:, 0] >= 0 if picks.shape[1] else np.ones(n, dtype=bool)
    out: dict[str, dict[str, float]] = {}
    for g, (points, values) in enumerate(groups):
        column = picks[present, g].astype(np.int64)
        counts = np.bincount(column, minlength=len(values)) if len(column) else np.zeros(len(values), dtype=np.int64)
        for k, point in enumerate(points):
            tally: dict[str, int] = {}
            for row, count in enumerate(counts.tolist()):
                if count:
                    value = values[row][k]
                    key = value if isinstance(value, str) else str(tidy_number(value))
                    tally[key] = tally.get(key, 0) + count
            out[point] = {key: c / n for key, c in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))}
    return out, float((~present).sum()) / n


Event = tuple[str | None, BoolArray]
"""An event of the sensitivity analysis: the party it is about (None: every bargainer) and
whether it happens in each sample it covers."""


def sensitivity(
    space: Space, values: FloatArray, holds: BoolArray, events: Mapping[str, Event]
) -> tuple[Sensitivity, ...]:
    """Every uncertain number and rule with the effect of moving it on each event (one
    boolean per sample; an event may cover fewer samples than ``values``: the first ones),
    ranked by the largest change, then by label."""
    out = []
    for k, p in enumerate(space.parameters):
        effects = tuple(_split(values[: len(e), k], e, name, who) for name, (who, e) in events.items())
        u = p.uncertain
        out.append(Sensitivity(p.label, p.party, u.kind, u.point, u.value, p.estimate, p.quantiles(), effects))
    for k, r in enumerate(space.rules):
        effects = tuple(
            Effect(name, _mean(e[~holds[: len(e), k]]), _mean(e[holds[: len(e), k]]), who, _mean(e))
            for name, (who, e) in events.items()
        )
        out.append(Sensitivity(r.label, r.party, r.kind, None, None, r.probability, (0.0, 1.0), effects))
    return tuple(sorted(out, key=lambda s: (-round(s.swing, 12), s.label)))


def _split(x: FloatArray, event: BoolArray, name: str, party: str | None) -> Effect:
    """The event's probability in the lowest and the highest third of ``x`` (equal
    probabilities when ``x`` does not vary)."""
    p = _mean(event)
    if not len(x) or float(x.min()) == float(x.max()):
        return Effect(name, p, p, party, p)
    low_cut, high_cut = np.quantile(x, [1 / 3, 2 / 3])
    return Effect(name, _mean(event[x <= low_cut]), _mean(event[x >= high_cut]), party, p)


def _mean(x: BoolArray) -> float:
    """The share of True (0 for no samples)."""
    return float(x.mean()) if len(x) else 0.0
