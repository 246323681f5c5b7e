"""What the GENIUS and GeniusWeb writers share: checks and per-point utility tables.

Both formats are linear additive: a party's utility is ``sum_p weight_p * eval_p(value)``
with ``eval_p`` in [0, 1]. An accord party's contribution of point ``p`` is
``w_p / W * r_p(v) / S`` (see :mod:`accord.model.preferences`), which is written exactly as
``weight_p = w_p / W * max_v r_p(v) / S`` times ``eval_p(v) = r_p(v) / max_v r_p(v)``.
Red lines, links and interaction terms have no counterpart in either format and make the
writers raise :class:`ExportError`, unless the caller first drops them with
:func:`without_constraints` (``accord export --drop-constraints``); negative ratings or
weights always do.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from accord.errors import ExportError
from accord.model import Point, Preferences, Scenario, Value, tidy_number

LINEAR_TOLERANCE = 1e-12
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class PartyTable:
    """One party's utilities point by point: ``weights[p] * evals[p][v]`` is the contribution."""

    party: str
    weights: dict[str, float]
    evals: dict[str, dict[Value, float]]
    reservation: float
    discount: float | None

    def utility(self, agreement: dict[str, Value]) -> float:
        """Utility of a complete agreement from the table (for the writers' own searches)."""
        return sum(self.weights[p] * self.evals[p][v] for p, v in agreement.items())


def value_label(value: Value) -> str:
    """How a value is written as a discrete item: option ids as they are, numbers tidied (``0.1``)."""
    return value if isinstance(value, str) else str(tidy_number(float(value)))


def _constraints(prefs: Preferences) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """A party's red lines, links and interaction terms, each kind named (plural)."""
    return (("red lines", prefs.red_lines), ("links", prefs.links), ("interactions", prefs.interactions))


def common_losses(scenario: Scenario, fmt: str) -> list[str]:
    """What neither writer puts in its files, one sentence each: drafts and stances, and
    the parties without preferences (they get no profile)."""
    losses = []
    if scenario.drafts or scenario.stances:
        losses.append(f"drafts and stances are not part of {fmt} files and were not written")
    unrated = [p.id for p in scenario.parties if p.id not in scenario.preferences]
    if unrated:
        losses.append(f"parties without preferences get no profile: {', '.join(unrated)}")
    return losses


def check_exportable(scenario: Scenario, fmt: str) -> None:
    """Raise ExportError if a rated party uses something ``fmt`` cannot express."""
    if not scenario.rated_parties:
        raise ExportError(f"{scenario.title!r}: no party has preferences, so there is no {fmt} profile to write")
    for party in scenario.rated_parties:
        prefs = scenario.preferences[party]
        for what, items in _constraints(prefs):
            if items:
                raise ExportError(
                    f"party {party!r} has {what}, which {fmt} profiles cannot express (they are linear "
                    f"additive); add --drop-constraints to write the profiles without them, or keep the "
                    f"scenario in accord's format"
                )
        negative = [p for p, w in prefs.weights.items() if w < 0]
        if negative:
            raise ExportError(
                f"party {party!r} gives point {negative[0]!r} a negative weight; {fmt} needs weights >= 0"
            )


def without_constraints(scenario: Scenario) -> tuple[Scenario, list[str]]:
    """``scenario`` with every party's red lines, links and interaction terms removed, and
    one sentence per party saying what was removed (none when there was nothing to drop).

    The linear additive formats cannot express them; removing them changes the analysis
    (agreements a party refuses become possible, package bonuses are no longer earned), so
    callers must show the sentences."""
    dropped: list[str] = []
    preferences = {}
    for party, prefs in scenario.preferences.items():
        parts = [
            f"{len(items)} {what if len(items) > 1 else what[:-1]}" for what, items in _constraints(prefs) if items
        ]
        if parts:
            dropped.append(f"dropped {party!r}'s {', '.join(parts)}")
        preferences[party] = dataclasses.replace(prefs, red_lines=(), links=(), interactions=())
    return dataclasses.replace(scenario, preferences=preferences), dropped


def party_table(scenario: Scenario, party: str, fmt: str) -> PartyTable:
    """The exact linear additive form of one party's preferences (see the module docstring)."""
    prefs = scenario.preferences[party]
    total = prefs.weight_sum()
    weights: dict[str, float] = {}
    evals: dict[str, dict[Value, float]] = {}
    for point in scenario.points:
        rating = prefs.ratings.get(point.id)
        weight = prefs.weights.get(point.id, 0.0)
        raw = {v: (rating(v) if rating is not None else 0.0) for v in point.values()}
        if weight > 0 and total > 0 and any(r < 0 for r in raw.values()):
            value = next(v for v, r in raw.items() if r < 0)
            raise ExportError(
                f"party {party!r} rates {point.id}={value_label(value)} below 0; {fmt} evaluations "
                "cannot be negative; shift the ratings to start at 0"
            )
        top = max(raw.values(), default=0.0)
        if weight <= 0 or total <= 0 or top <= 0:
            weights[point.id] = 0.0
            evals[point.id] = dict.fromkeys(raw, 0.0)
            continue
        weights[point.id] = weight / total * top / prefs.rating_scale
        evals[point.id] = {v: r / top for v, r in raw.items()}
    return PartyTable(party, weights, evals, prefs.reservation, prefs.discount)


def is_linear(point: Point, tables: list[PartyTable]) -> bool:
    """Whether every party's evaluation of numeric ``point`` is linear over its values."""
    if point.range is None or point.range.count() < 2:
        return False
    values = point.values()
    lo, hi = float(values[0]), float(values[-1])
    for table in tables:
        evals = table.evals[point.id]
        e_lo, e_hi = evals[values[0]], evals[values[-1]]
        for v in values:
            line = e_lo + (e_hi - e_lo) * (float(v) - lo) / (hi - lo)
            if abs(evals[v] - line) > LINEAR_TOLERANCE:
                return False
    return True


def file_stems(names: list[str], reserved: str) -> tuple[list[str], str]:
    """Safe, distinct file stems for the parties (case-insensitively) and one for the domain."""
    used: set[str] = set()
    stems = [_unique(_UNSAFE_FILE_CHARS.sub("_", n).strip(" .") or "party", used) for n in names]
    return stems, _unique(reserved, used)


def _unique(stem: str, used: set[str]) -> str:
    candidate, n = stem, 2
    while candidate.lower() in used:
        candidate, n = f"{stem}_{n}", n + 1
    used.add(candidate.lower())
    return candidate


def prepare(outdir: Path) -> Path:
    """Create ``outdir`` if needed; ExportError if it is a file."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ExportError(f"{outdir}: exists and is not a folder; choose a folder to write the domain into")
    outdir.mkdir(parents=True, exist_ok=True)
    return outdir
