"""What several analysis modules share: array types, the rounding of utilities, the
disagreement point and the check that some party has preferences.

Utilities are compared after rounding to :data:`DECIMALS` decimals, so that sums formed
in different orders (the merge, the solver, a brute force) compare equal; rounding is
monotone, so it never reverses a strict preference between two agreements by more than the
rounding itself (see :mod:`accord.analysis.pareto`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from accord.errors import AnalysisError
from accord.model import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DECIMALS = 12
"""Utilities are rounded to this many decimals before vectors are compared."""


def rounded_utilities(utilities: FloatArray) -> FloatArray:
    """Utilities rounded to :data:`DECIMALS` decimals, with -0.0 turned into 0.0."""
    out: FloatArray = np.round(utilities, DECIMALS) + 0.0
    return out


def require_rated_parties(scenario: Scenario) -> tuple[str, ...]:
    """The parties with preferences; AnalysisError when there are none."""
    if not scenario.rated_parties:
        raise AnalysisError(
            f'scenario "{scenario.title}" has no party with preferences; add a preferences block for at least one party'
        )
    return scenario.rated_parties


def resolve_disagreement(scenario: Scenario, disagreement: Sequence[float] | None) -> tuple[float, ...]:
    """The disagreement point: the reservation values by default, else ``disagreement``
    checked for length and finiteness (AnalysisError otherwise)."""
    parties = scenario.rated_parties
    if disagreement is None:
        return tuple(float(scenario.preferences[p].reservation) for p in parties)
    return checked_disagreement(parties, disagreement)


def checked_disagreement(parties: tuple[str, ...], disagreement: Sequence[float]) -> tuple[float, ...]:
    """``disagreement`` as floats, one finite value per party (AnalysisError otherwise)."""
    d = tuple(float(x) for x in disagreement)
    if len(d) != len(parties):
        raise AnalysisError(
            f"disagreement point has {len(d)} values but {len(parties)} parties have "
            f"preferences ({', '.join(parties)}); give one value per party"
        )
    for x in d:
        if not math.isfinite(x):
            raise AnalysisError(f"disagreement value {x!r} is not a finite number")
    return d
