"""Tables of ``accord analyze`` for people at a terminal.

Every piece of text that comes from a scenario (titles, names, ids, option texts) goes
through :func:`accord.cli.output.plain` or :func:`~accord.cli.output.safe`: printed as
written, never read as markup, with terminal controls escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.analysis.results import SOLUTION_LABELS, SOLUTION_NAMES, Solution, SolutionName
from accord.cli.output import id_column, plain, safe
from accord.cli.render import STANCE_STYLE
from accord.model import Scenario

if TYPE_CHECKING:
    from accord.analysis.consensus import ConsensusMap
    from accord.analysis.drafts import DraftUtility
    from accord.api import Analysis


def party_names(scenario: Scenario, ids: tuple[str, ...]) -> list[str]:
    """Display names of the parties ``ids``."""
    return [scenario.party(p).name for p in ids]


def render_analysis(s: Scenario, a: Analysis, out: Console, *, timings: bool = False) -> None:
    """Print the whole analysis."""
    f = a.frontier
    out.print(f"[bold]{safe(s.title)}[/bold]")
    took = f", {a.seconds:.2f} s" if timings else ""
    if f is None:
        out.print(plain(f"{s.outcome_count():,} possible agreements; {a.too_large}."))
        out.print("The fair solutions below come from the CP-SAT solver, one optimisation each.")
    elif f.outcomes:
        method = "Pareto-list merge" if f.method == "merge" else "the CP-SAT solver"
        out.print(
            f"{f.outcome_count:,} possible agreements; {len(f.outcomes):,} Pareto-optimal among those every party "
            f"prefers to no deal (by {method}{took})."
        )
    else:
        out.print(f"{f.outcome_count:,} possible agreements; [bold red]none is acceptable to every party[/].")
    names = party_names(s, a.parties)
    out.print(
        plain(
            "No-deal utilities (the disagreement point): "
            + ", ".join(f"{n} ({p}) {d:.3f}" for n, p, d in zip(names, a.parties, a.disagreement, strict=True))
        )
    )
    if not a.feasible:
        out.print()
        for line in a.explanation:
            out.print(plain(line))
    else:
        out.print(_solutions(s, a))
        out.print(_solution_texts(s, a))
        unproven = [SOLUTION_LABELS[k] for k, v in _solution_map(a).items() if not v.optimal]
        if unproven:
            out.print(
                plain(
                    f"not proven optimal: {', '.join(unproven)} (the solver's time limit ended the search; "
                    "the agreement shown is the best found; raise --time-limit to prove it)"
                ),
                style="yellow",
            )
    if a.drafts:
        out.print(_drafts(a, names))
        out.print(_draft_problems(a, names))
        if a.gains:
            out.print(
                "common gain: how much every party could gain at once by moving from the draft to the frontier; "
                "negative: the draft gives some party more than any agreement all can accept, by that much.",
                style="dim",
            )
    if a.consensus is not None:
        out.print(_consensus(s, a.consensus))
    if a.feasible and s.drafts:
        out.print(plain(f"Next: `accord propose {s.source}` ranks compromise versions near the latest draft."))


def _solution_map(a: Analysis) -> dict[SolutionName, Solution]:
    found = {k: getattr(a.solutions, k) for k in SOLUTION_NAMES}
    return {k: v for k, v in found.items() if v is not None}


def _solutions(s: Scenario, a: Analysis) -> Table:
    table = Table(title="Fair solutions: each party's utility", title_justify="left")
    table.add_column("solution")
    for n in party_names(s, a.parties):
        table.add_column(plain(n), justify="right")
    for key, sol in _solution_map(a).items():
        mark = "" if sol.optimal else " (not proven)"
        table.add_row(SOLUTION_LABELS[key] + mark, *(f"{u:.3f}" for u in sol.outcome.utilities))
    return table


def _solution_texts(s: Scenario, a: Analysis) -> Table:
    sols = _solution_map(a)
    table = Table(title="What each solution says (* where the solutions differ)", title_justify="left")
    id_column(table, "point", (p.id + "*" for p in s.points))
    for key in sols:
        table.add_column(SOLUTION_LABELS[key])
    for point in s.points:
        values = [sol.outcome.agreement[point.id] for sol in sols.values()]
        mark = "*" if len(set(values)) > 1 else ""
        table.add_row(plain(f"{point.id}{mark}"), *(plain(point.describe(v)) for v in values))
    return table


def _consensus(s: Scenario, cmap: ConsensusMap) -> Table:
    table = Table(title=plain(f"Consensus map of draft {cmap.draft} (recorded stances)"), title_justify="left")
    id_column(table, "point", [*(p.point for p in cmap.points), "(whole draft)"])
    table.add_column("draft says")
    for party in cmap.parties:
        table.add_column(plain(party))
    rows = [(p.point, p.choice, p.stances, p.proposals) for p in cmap.points]
    rows.append(("(whole draft)", None, cmap.overall, {}))
    for point, choice, stances, proposals in rows:
        if not any(stances.values()):
            continue
        said = "" if point not in s.point_ids else "open" if choice is None else s.point(point).describe(choice)
        cells = []
        for party in cmap.parties:
            stance = stances[party]
            cell = Text() if stance is None else Text(stance.value, style=STANCE_STYLE[stance])
            if party in proposals:
                cell.append(plain(f" -> {proposals[party]}"))
            cells.append(cell)
        table.add_row(plain(point), plain(said), *cells)
    return table


def _drafts(a: Analysis, names: list[str]) -> Table:
    table = Table(title="Drafts: each party's utility (a range over open points)", title_justify="left")
    id_column(table, "draft", (_label(d) for d in a.drafts))
    for n in names:
        table.add_column(plain(n), justify="right", min_width=11, no_wrap=True)  # "0.437-0.812" stays whole
    table.add_column("common gain", justify="right")
    for d in a.drafts:
        cells = [f"{lo:.3f}" if lo == hi else f"{lo:.3f}-{hi:.3f}" for lo, hi in zip(d.low, d.high, strict=True)]
        gain = a.gains.get(d.draft)
        table.add_row(plain(_label(d)), *cells, "-" if gain is None else f"{gain:+.3f}")
    return table


def _draft_problems(a: Analysis, names: list[str]) -> Table:
    """Per draft: who gets less than no deal, and whose red lines or links it breaks (a
    table of its own, so that both tables fit a terminal of 80 columns)."""
    table = Table(title="Drafts: who would rather have no deal, and what they break", title_justify="left")
    id_column(table, "draft", (_label(d) for d in a.drafts))
    table.add_column("below no-deal for")
    table.add_column("red lines or links broken")
    for d in a.drafts:
        below = [n for n, hi, r in zip(names, d.high, a.disagreement, strict=True) if hi < r]
        maybe = [n for n, lo, hi, r in zip(names, d.low, d.high, a.disagreement, strict=True) if lo < r <= hi]
        parts = [", ".join(below)] if below else []
        parts += [f"maybe {', '.join(maybe)} (depends on the open points)"] if maybe else []
        verdict = "; ".join(parts) or "nobody"
        broken = a.breaks[d.draft]
        breaks = "; ".join(f"{p}: {', '.join(lines)}" for p, lines in broken.items()) or "nobody"
        table.add_row(plain(_label(d)), plain(verdict), plain(breaks))
    return table


def _label(d: DraftUtility) -> str:
    """A draft's id, with how many points it leaves open."""
    return d.draft + (f" ({len(d.open_points)} open)" if d.open_points else "")
