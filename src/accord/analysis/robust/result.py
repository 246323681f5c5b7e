"""The answer of the robustness analysis, as plain data with its JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.analysis.results import SolutionName
from accord.display import Cell, Shown, Table, number, plural
from accord.model import Value


@dataclass(frozen=True)
class Interval:
    """A probability estimated from ``n`` samples with its 95% confidence interval."""

    p: float
    low: float
    high: float
    n: int

    def json(self) -> dict[str, Any]:
        """``{"p": .., "ci": [lo, hi]}``."""
        return {"p": self.p, "ci": [self.low, self.high]}

    def text(self) -> str:
        """``46% (43.2-49.1%)``: the interval to a tenth of a percent."""
        return f"{percent(self.p)} ({_tenths(self.low)}-{_tenths(self.high)}%)"


def percent(p: float) -> str:
    """``46%``; ``<1%`` and ``>99%`` near the ends, so that 0.4% never reads as 0% nor
    99.6% as 100%."""
    if 0 < p < 0.01:
        return "<1%"
    if 0.99 < p < 1:
        return ">99%"
    return f"{round(p * 100)}%"


def _tenths(p: float) -> str:
    """``43.2``, ``0``, ``100``: a probability in percent to a tenth."""
    text = f"{p * 100:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Acceptance:
    """How likely an agreement is accepted: by all bargainers (``all``) and by each rated
    party (``party``). ``kind``: ``draft``, ``solution`` or ``proposal``."""

    id: str
    kind: str
    all: Interval
    party: Mapping[str, Interval]
    open_points: tuple[str, ...] = ()

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "p_all": self.all.p,
            "ci": [self.all.low, self.all.high],
            "p_party": {k: v.p for k, v in self.party.items()},
            "open_points": list(self.open_points),
        }


@dataclass(frozen=True)
class Compromise:
    """The agreement acceptable to every bargainer in the most samples.

    ``method`` ``solver``: found by the constraint solver over every agreement, on the
    first ``samples`` samples; ``exact`` when the solver proved that no agreement does
    better on them. ``candidates``: the best of a stated set of agreements (``searched``
    of them). ``all`` is its acceptance over every sample."""

    agreement: Mapping[str, Value]
    all: Interval
    method: str
    exact: bool
    samples: int
    searched: int = 0
    count: int = 0

    def json(self) -> dict[str, Any]:
        return {
            "agreement": dict(self.agreement),
            "p_all": self.all.p,
            "ci": [self.all.low, self.all.high],
            "exact": self.exact,
            "method": self.method,
            "samples": self.samples,
            "accepted_in": self.count,
            "candidates": self.searched,
        }


@dataclass(frozen=True)
class Effect:
    """How likely an event is when a number is low (its lowest third of samples; for a
    rule: when it does not hold) and when it is high (highest third; the rule holds).
    ``party``: the one party the event is about (its acceptance of a draft), None for an
    event about every bargainer at once (the confidentiality rule reads it,
    :meth:`accord.views.Viewer.robustness`); ``p``: the event's probability over all the
    samples that follow it."""

    event: str
    low: float
    high: float
    party: str | None = None
    p: float | None = None

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)


@dataclass(frozen=True)
class Sensitivity:
    """One uncertain estimate and how much moving it across its range changes the
    conclusions. ``range`` is the span shown (min-max, or a normal's 5th-95th percentile)."""

    label: str
    party: str
    kind: str
    point: str | None
    value: Value | None
    estimate: float | None
    range: tuple[float, float]
    effects: tuple[Effect, ...]

    @property
    def swing(self) -> float:
        """The largest change of any event's probability."""
        return max((e.swing for e in self.effects), default=0.0)

    def json(self) -> dict[str, Any]:
        return {
            "parameter": self.label,
            "party": self.party,
            "kind": self.kind,
            "point": self.point,
            "value": self.value,
            "estimate": self.estimate,
            "range": list(self.range),
            "effects": {e.event: {"low": e.low, "high": e.high, "p": e.p, "party": e.party} for e in self.effects},
            "swing": self.swing,
        }


@dataclass(frozen=True, repr=False)
class Robustness(Shown):
    """What the analysis of uncertain preferences found (see :mod:`accord.analysis.robust`).

    ``drafts``, ``solutions`` and ``proposals``: the acceptance of each draft, of each
    solution of the estimates and of each proposal; ``deal``: whether some agreement is
    acceptable to every bargainer, over the first ``solution_samples`` samples;
    ``options[solution][point][option]``: how often the solution chooses the option there
    (``missing[solution]``: how often it does not exist); ``robust``: the robust
    compromise; ``sensitivity``: the uncertain estimates, most influential first.
    """

    samples: int
    seed: int
    parties: tuple[str, ...]
    bargainers: tuple[str, ...]
    solution_samples: int
    drafts: tuple[Acceptance, ...]
    solutions: tuple[Acceptance, ...]
    proposals: tuple[Acceptance, ...]
    current: str | None
    deal: Interval | None
    options: Mapping[SolutionName, Mapping[str, Mapping[str, float]]]
    missing: Mapping[SolutionName, float]
    robust: Compromise | None
    sensitivity: tuple[Sensitivity, ...]
    uncertain: int

    def json(self) -> dict[str, Any]:
        """The JSON form (``accord robust --json``)."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "parties": list(self.parties),
            "bargainers": list(self.bargainers),
            "solution_samples": self.solution_samples,
            "current_draft": self.current,
            "drafts": [a.json() for a in self.drafts],
            "solutions": [a.json() for a in self.solutions],
            "proposals": [a.json() for a in self.proposals],
            "deal_exists": None if self.deal is None else {**self.deal.json(), "samples": self.deal.n},
            "options": {k: {p: dict(o) for p, o in v.items()} for k, v in self.options.items()},
            "no_solution": dict(self.missing),
            "robust": None if self.robust is None else self.robust.json(),
            "sensitivity": [s.json() for s in self.sensitivity],
        }

    def _table(self, limit: int) -> Table:
        summary = (
            f"{plural(self.samples, 'sample')} (seed {self.seed}) of {plural(self.uncertain, 'uncertain estimate')}"
            + ("" if self.deal is None else f"; a deal exists in {self.deal.text()}")
        )
        rows: list[tuple[Cell, ...]] = [
            (a.kind, a.id, number(a.all.p), f"{number(a.all.low)}..{number(a.all.high)}")
            for a in (*self.drafts, *self.solutions, *self.proposals)
        ]
        return Table(
            "Robustness", summary, ("kind", "agreement", "p(all accept)", "95% CI"), tuple(rows[:limit]), len(rows)
        )
