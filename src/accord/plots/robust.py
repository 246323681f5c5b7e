"""The figures of the robustness analysis (:mod:`accord.analysis.robust`): how sure are the
conclusions, and what would change them.

- :func:`tornado_figure`: the tornado chart of one event (such as "ua accepts
  twenty-point"): one row per uncertain estimate, the largest effect on top, with the
  event's probability when the estimate is low (the lowest third of its samples; a red
  line, link or interaction: when it does not hold) and when it is high (the highest
  third; the rule holds), drawn from the event's overall probability. This is the
  tornado diagram of decision analysis (Howard 1988, "Decision analysis: practice and
  promise", Management Science 34(6)) read off the Monte Carlo filtering of
  :mod:`accord.analysis.robust.summary` instead of one-at-a-time runs.
- :func:`options_figure`: how stable a solution is: one stacked bar per point where the
  solution's option varies across the samples, each segment an option's share of the
  samples (the rank acceptability of SMAA, Lahdelma & Salminen 2001).

Who may see them. Both figures read a :class:`~accord.analysis.robust.Robustness` and
nothing else, and show what it holds: whole-sample probabilities, option frequencies and,
in the tornado, the names and effects of uncertain estimates. An estimate's name and range
and an event about one party ("ru accepts twenty-point") come from that party's
confidential preferences. So never draw the whole result for anyone but the analyst:
draw the result *as the viewer may see it*, ``Viewer.robustness(result)``
(:mod:`accord.views`, the one confidentiality rule), which keeps the answers about every
bargainer at once (the acceptance by all, whether a deal exists, the options of the
solutions, the robust compromise) for the analyst, the mediator and the parties, each
party's own acceptance and estimates for the viewers who see that party's preferences,
and nothing of the analysis for an observer. Drawn from such a view, the tornado holds
only the viewer's visible estimates, and the options figure is the same for every viewer
who sees the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from accord.analysis.results import SOLUTION_LABELS, solution_name
from accord.analysis.robust.result import Effect, Robustness, Sensitivity, percent
from accord.errors import AnalysisError, UnknownIdError
from accord.model import format_value, tidy_number
from accord.plots.figure import Bars, Figure, Mark, Rule, Style

LOW = Style(colour="#2c7bb6", marker=None, opacity=0.9)
"""The bars of an estimate at the low end of its range (a rule that does not hold)."""
HIGH = Style(colour="#f28e2b", marker=None, opacity=0.9)
"""The bars of an estimate at the high end of its range (a rule that holds)."""
OVERALL = Style(colour="#333333", marker=None, line="dashed")
RANKS: tuple[tuple[str, str], ...] = (
    ("most frequent option", "#6baed6"),
    ("second", "#fdae6b"),
    ("third", "#a1d99b"),
    ("other options", "#bcbddc"),
)
"""The legend and colour of an option by its rank at its point (the fourth and later share one)."""
CHAR = 0.0095
"""The share of the x axis a character of a label takes: a segment too short for its label
shows the option alone, or nothing (the hover text, in HTML, always says it)."""
NO_SOLUTION = ("no solution (no deal in the sample)", "#d9d9d9")
_NASH_EVENT = "all accept the estimates' Nash solution"


def events(result: Robustness) -> tuple[str, ...]:
    """Every event the sensitivity analysis follows, in the order it lists them."""
    return tuple(dict.fromkeys(e.event for s in result.sensitivity for e in s.effects))


def default_event(result: Robustness) -> str | None:
    """The event a tornado shows by default, among those the most influential estimate
    moves: that every bargainer accepts the current draft; else, of the events about the
    current draft, the one it moves most (ties: the first listed); else the event it moves
    most. None when no event is uncertain enough to follow."""
    if not result.sensitivity or not result.sensitivity[0].effects:
        return None
    effects = result.sensitivity[0].effects
    current = result.current
    about = [e for e in effects if current is not None and e.event.endswith(f" {current}")]
    everyone = [e for e in about if e.event == f"all accept {current}"]
    return max(everyone or about or list(effects), key=lambda e: e.swing).event


def event_probability(result: Robustness, event: str) -> float | None:
    """The overall probability of ``event``: as the sensitivity analysis measured it
    (:attr:`Effect.p`), else as the result states it elsewhere (an agreement's acceptance by
    all or by one party, a solution's option frequency); None when neither does (the
    tornado then draws no line)."""
    for s in result.sensitivity:
        for e in s.effects:
            if e.event == event and e.p is not None:
                return e.p
    agreements = (*result.drafts, *result.solutions, *result.proposals)
    for a in agreements:
        if event == f"all accept {a.id}":
            return a.all.p
        for party, interval in a.party.items():
            if event == f"{party} accepts {a.id}":
                return interval.p
    if event == _NASH_EVENT:
        nash = next((a for a in result.solutions if a.id == "nash"), None)
        return None if nash is None else nash.all.p
    if event.startswith("Nash keeps ") and "=" in event:
        point, _, value = event.removeprefix("Nash keeps ").partition("=")
        for key, share in result.options.get("nash", {}).get(point, {}).items():
            if value in (key, _formatted(key)):
                return share
    return None


def _short(x: float) -> str:
    """An end of an estimate's range, to 3 significant digits."""
    return format_value(tidy_number(float(f"{x:.3g}")))


def _formatted(key: str) -> str:
    """An option key as the events write it (and the figures show it): numbers with
    thousands separators."""
    try:
        return format_value(tidy_number(float(key)))
    except ValueError:
        return key


def tornado_figure(result: Robustness, event: str | None = None, top: int = 10) -> Figure:
    """The tornado chart of ``event`` (default: :func:`default_event`): the ``top``
    estimates that move its probability most, the largest on top, each as a bar from the
    event's overall probability to its probability with the estimate low and one to its
    probability with the estimate high. A vertical line marks the overall probability
    when the result states it (:func:`event_probability`); without it, each row's bars
    start from the middle of its two probabilities.

    Raises UnknownIdError, with a did-you-mean, for an event the analysis does not follow.
    """
    chosen = default_event(result) if event is None else event
    if chosen is None:
        return Figure(
            name="tornado",
            title="What moves the conclusions\nNothing to show: no uncertain estimate changes any conclusion followed",
            x_label="probability",
            x_range=(0.0, 1.0),
        )
    if chosen not in events(result):
        raise UnknownIdError("event", chosen, events(result))
    ranked = _ranked(result.sensitivity, chosen)[: max(top, 0)]
    overall = event_probability(result, chosen)
    rows = len(ranked)
    marks: list[Mark] = []
    for legend, style, side, offset in (("estimate low", LOW, "low", 0.19), ("estimate high", HIGH, "high", -0.19)):
        ys, starts, stops, hover = [], [], [], []
        for i, (s, e) in enumerate(ranked):
            base = overall if overall is not None else (e.low + e.high) / 2
            end = e.low if side == "low" else e.high
            ys.append(rows - 1 - i + offset)
            starts.append(min(base, end))
            stops.append(max(base, end))
            hover.append(f"{s.label} {_where(s, side)}: {chosen} in {percent(end)} of the samples")
        marks.append(Bars(legend, tuple(ys), tuple(starts), tuple(stops), style, 0.36, hover=tuple(hover)))
    if overall is not None:
        marks.append(Rule(f"overall: {percent(overall)}", "x", overall, OVERALL))
    return Figure(
        name="tornado",
        title=f"What moves the probability that {chosen}\n"
        f"The {rows} most influential of {len(result.sensitivity)} uncertain estimates, "
        f"over {result.samples:,} samples",
        x_label="probability",
        marks=tuple(marks),
        y_ticks=tuple((float(rows - 1 - i), s.label) for i, (s, _) in enumerate(ranked)),
        x_range=(0.0, 1.0),
        note="Low: the estimate in the lowest third of its samples (a rule: when it does not hold); "
        "high: in the highest third (the rule holds).",
    )


def _ranked(sensitivity: Sequence[Sensitivity], event: str) -> list[tuple[Sensitivity, Effect]]:
    """The estimates with an effect on ``event``, the largest first (ties: the result's order)."""
    found = [(s, e) for s in sensitivity for e in s.effects if e.event == event]
    return sorted(found, key=lambda se: -round(se[1].swing, 12))


def _where(s: Sensitivity, side: str) -> str:
    if s.kind in ("red_line", "link", "interaction"):
        return "when it does not hold" if side == "low" else "when it holds"
    span = f"{_short(s.range[0])} to {_short(s.range[1])}"
    return f"in the lowest third of {span}" if side == "low" else f"in the highest third of {span}"


def options_figure(result: Robustness, solution: str = "nash", top: int = 12) -> Figure:
    """How often ``solution`` chooses each option at each point where it varies (more than
    one option chosen in some sample): one stacked bar per point, the ``top`` least stable
    on top, each segment an option's share of the samples solved, labelled inside and
    coloured by its rank at the point; the samples without a solution are grey.

    Raises UnknownIdError for an unknown solution name and AnalysisError for a solution the
    analysis did not compute.
    """
    name = solution_name(solution)
    label = SOLUTION_LABELS[name]
    if name not in result.options:
        raise AnalysisError(
            f"the robustness analysis did not compute the {label} solution; "
            f"ask for it among the solutions (computed: {', '.join(result.options) or 'none'})"
        )
    points = result.options[name]
    varying = [(p, o) for p, o in points.items() if sum(1 for share in o.values() if share > 0) > 1]
    shown = sorted(varying, key=lambda po: max(po[1].values()))[: max(top, 0)]
    head = f"How stable is the {label} solution?"
    if not shown:
        return Figure(
            name="options",
            title=f"{head}\nThe same option at every point in each of the {result.solution_samples:,} samples solved",
            x_label="share of the samples",
            x_range=(0.0, 1.0),
        )
    missing = result.missing.get(name, 0.0)
    rows = len(shown)
    return Figure(
        name="options",
        title=f"{head}\nHow often each option is chosen, over {result.solution_samples:,} samples: "
        f"the {rows} least stable of the {len(varying)} points (of {len(points)}) where it varies",
        x_label="share of the samples",
        marks=tuple(_stacks(shown, rows, missing, result.solution_samples)),
        y_ticks=tuple((float(rows - 1 - i), p) for i, (p, _) in enumerate(shown)),
        x_range=(0.0, 1.0),
        note="Points where every sample gives the same option are left out.",
    )


def _stacks(shown: Sequence[tuple[str, Mapping[str, float]]], rows: int, missing: float, n: int) -> list[Mark]:
    """One Bars mark per rank of option (and one for no solution), stacked along each row."""
    parts: dict[str, tuple[str, list[tuple[float, float, float, str, str]]]] = {}
    for i, (point, options) in enumerate(shown):
        y, left = float(rows - 1 - i), 0.0
        segments = [(option, share) for option, share in options.items() if share > 0]
        for rank, (option, share) in enumerate(segments):
            legend, colour = RANKS[min(rank, len(RANKS) - 1)]
            name = _formatted(option)
            hover = f"{point}: {name} in {percent(share)} of {n:,} samples"
            text = next((x for x in (f"{name} {percent(share)}", name) if len(x) * CHAR <= share), "")
            parts.setdefault(legend, (colour, []))[1].append((y, left, left + share, text, hover))
            left += share
        if missing > 0:
            legend, colour = NO_SOLUTION
            hover = f"{point}: no solution in {percent(missing)} of {n:,} samples"
            parts.setdefault(legend, (colour, []))[1].append((y, left, left + missing, "", hover))
    order = [legend for legend, _ in (*RANKS, NO_SOLUTION) if legend in parts]
    return [
        Bars(
            legend,
            tuple(y for y, *_ in parts[legend][1]),
            tuple(a for _, a, *_ in parts[legend][1]),
            tuple(b for _, _, b, *_ in parts[legend][1]),
            Style(colour=parts[legend][0], marker=None, opacity=0.95),
            labels=tuple(t for *_, t, _ in parts[legend][1]),
            hover=tuple(h for *_, h in parts[legend][1]),
        )
        for legend in order
    ]
