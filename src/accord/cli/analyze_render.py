"""Tables of ``accord analyze`` for people at a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from accord.analysis.consensus import ConsensusMap
from accord.model import Scenario, StanceKind

if TYPE_CHECKING:
    from accord.analysis.drafts import DraftUtility
    from accord.cli.analyze import Report

_STYLE = {
    StanceKind.ACCEPT: "green",
    StanceKind.CRITICISE: "yellow",
    StanceKind.UNACCEPTABLE: "red",
    StanceKind.AMEND: "cyan",
}
LABELS = {
    "nash": "Nash bargaining",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}


def party_names(scenario: Scenario, ids: tuple[str, ...]) -> list[str]:
    """Display names of the parties ``ids``."""
    return [scenario.party(p).name for p in ids]


def render_analysis(report: Report, out: Console) -> None:
    """Print the whole analysis."""
    s = report.case.scenario
    f = report.frontier
    parties = report.parties
    out.print(f"[bold]{s.title}[/bold]")
    if f is None:
        out.print(f"{s.outcome_count():,} possible agreements; {report.too_large}.")
        out.print("The fair solutions below come from the CP-SAT solver, one optimisation each.")
    elif f.outcomes:
        method = "Pareto-list merge" if f.method == "merge" else "the CP-SAT solver"
        out.print(
            f"{f.outcome_count:,} possible agreements; {len(f.outcomes):,} Pareto-optimal among those every party "
            f"prefers to no deal (by {method}, {report.seconds:.2f} s)."
        )
    else:
        out.print(f"{f.outcome_count:,} possible agreements; [bold red]none is acceptable to every party[/].")
    names = party_names(s, parties)
    out.print(
        "No-deal utilities (the disagreement point): "
        + ", ".join(f"{n} ({p}) {d:.3f}" for n, p, d in zip(names, parties, report.disagreement, strict=True))
    )
    if f is not None and not f.outcomes:
        out.print()
        for line in report.explanation:
            out.print(line)
    else:
        out.print(_solutions(report, parties))
        out.print(_solution_texts(report))
    if report.drafts:
        out.print(_drafts(report, parties))
        out.print(_draft_problems(report, parties))
        if report.gains:
            out.print(
                "common gain: how much every party could gain at once by moving from the draft to the frontier; "
                "negative: the draft gives some party more than any agreement all can accept, by that much.",
                style="dim",
            )
    consensus = report.consensus()
    if consensus is not None:
        out.print(_consensus(report, consensus))
    if (f is None or f.outcomes) and s.drafts:
        out.print(f"Next: `accord propose {s.source}` ranks compromise versions near the latest draft.")


def _solutions(report: Report, names: tuple[str, ...]) -> Table:
    table = Table(title="Fair solutions: each party's utility", title_justify="left")
    table.add_column("solution")
    for n in names:
        table.add_column(n, justify="right")
    for key, sol in report.solution_map().items():
        if sol is not None:
            table.add_row(LABELS[key], *(f"{u:.3f}" for u in sol.outcome.utilities))
    return table


def _solution_texts(report: Report) -> Table:
    s = report.case.scenario
    sols = {k: v for k, v in report.solution_map().items() if v is not None}
    table = Table(title="What each solution says (* where the solutions differ)", title_justify="left")
    table.add_column("point", no_wrap=True)
    for key in sols:
        table.add_column(LABELS[key])
    for point in s.points:
        values = [sol.outcome.agreement[point.id] for sol in sols.values()]
        mark = "*" if len(set(values)) > 1 else ""
        table.add_row(f"{point.id}{mark}", *(point.describe(v) for v in values))
    return table


def _consensus(report: Report, cmap: ConsensusMap) -> Table:
    s = report.case.scenario
    table = Table(title=f"Consensus map of draft {cmap.draft} (recorded stances)", title_justify="left")
    table.add_column("point", no_wrap=True)
    table.add_column("draft says")
    for party in cmap.parties:
        table.add_column(party)
    rows = [(p.point, p.choice, p.stances, p.proposals) for p in cmap.points]
    rows.append(("(whole draft)", None, cmap.overall, {}))
    for point, choice, stances, proposals in rows:
        if not any(stances.values()):
            continue
        said = "" if point not in s.point_ids else "open" if choice is None else s.point(point).describe(choice)
        cells = []
        for party in cmap.parties:
            stance = stances[party]
            text = "" if stance is None else f"[{_STYLE[stance]}]{stance.value}[/]"
            if party in proposals:
                text += f" -> {proposals[party]}"
            cells.append(text)
        table.add_row(point, said, *cells)
    return table


def _drafts(report: Report, names: tuple[str, ...]) -> Table:
    table = Table(title="Drafts: each party's utility (a range over open points)", title_justify="left")
    table.add_column("draft")
    for n in names:
        table.add_column(n, justify="right", min_width=11, no_wrap=True)  # "0.437-0.812" stays whole
    table.add_column("common gain", justify="right")
    for d in report.drafts:
        cells = [f"{lo:.3f}" if lo == hi else f"{lo:.3f}-{hi:.3f}" for lo, hi in zip(d.low, d.high, strict=True)]
        gain = report.gains.get(d.draft)
        table.add_row(_label(d), *cells, "-" if gain is None else f"{gain:+.3f}")
    return table


def _draft_problems(report: Report, names: tuple[str, ...]) -> Table:
    """Per draft: who gets less than no deal, and whose red lines or links it breaks (a
    table of its own, so that both tables fit a terminal of 80 columns)."""
    table = Table(title="Drafts: who would rather have no deal, and what they break", title_justify="left")
    table.add_column("draft")
    table.add_column("below no-deal for")
    table.add_column("red lines or links broken")
    for d in report.drafts:
        below = [n for n, hi, r in zip(names, d.high, report.disagreement, strict=True) if hi < r]
        maybe = [n for n, lo, hi, r in zip(names, d.low, d.high, report.disagreement, strict=True) if lo < r <= hi]
        parts = [", ".join(below)] if below else []
        parts += [f"maybe {', '.join(maybe)} (depends on the open points)"] if maybe else []
        verdict = "; ".join(parts) or "nobody"
        broken = report.broken(d.draft)
        breaks = "; ".join(f"{p}: {', '.join(lines)}" for p, lines in broken.items()) or "nobody"
        table.add_row(_label(d), verdict, breaks)
    return table


def _label(d: DraftUtility) -> str:
    """A draft's id, with how many points it leaves open."""
    return d.draft + (f" ({len(d.open_points)} open)" if d.open_points else "")
