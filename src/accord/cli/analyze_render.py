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

from accord.analysis.consensus import describe_flags
from accord.analysis.results import SOLUTION_LABELS, SOLUTION_NAMES, Solution, SolutionName
from accord.cli.core_render import render_core
from accord.cli.output import clean, column_groups, count, id_column, plain, prose_column, safe
from accord.cli.render import STANCE_STYLE
from accord.model import Scenario

if TYPE_CHECKING:
    from accord.analysis.consensus import ConsensusMap
    from accord.analysis.drafts import DraftUtility
    from accord.api import Analysis


def party_names(scenario: Scenario, ids: tuple[str, ...]) -> list[str]:
    """Display names of the parties ``ids``."""
    return [scenario.party(p).name for p in ids]


def bargaining_line(scenario: Scenario, bargainers: tuple[str, ...], reported: tuple[str, ...]) -> str:
    """Who bargains, and whose utility is only reported: ``Bargaining: Russia, Ukraine;
    United States (mediator): utility reported, not maximised.``"""
    names = ", ".join(party_names(scenario, bargainers)) or "nobody"
    if not reported:
        return f"Bargaining: {names}."
    others = ", ".join(f"{scenario.party(p).name} ({scenario.party(p).role.value})" for p in reported)
    return f"Bargaining: {names}; {others}: {'utility' if len(reported) == 1 else 'utilities'} reported, not maximised."


def _marked(scenario: Scenario, a: Analysis, ids: tuple[str, ...], mark: str) -> list[str]:
    """Display names of ``ids``, those who do not bargain followed by `` (mark)``."""
    return [scenario.party(p).name + ("" if p in a.parties else f" ({mark})") for p in ids]


def render_analysis(s: Scenario, a: Analysis, out: Console, *, timings: bool = False) -> None:
    """Print the whole analysis."""
    f = a.frontier
    out.print(f"[bold]{safe(s.title)}[/bold]")
    out.print(plain(bargaining_line(s, a.parties, a.reported_parties)))
    took = f", {a.seconds:.2f} s" if timings else ""
    if f is None:
        out.print(plain(f"{count(s.outcome_count())} possible agreements; {a.too_large}."))
        out.print("The fair solutions below come from the CP-SAT solver, one optimisation each.")
    elif f.outcomes:
        method = "Pareto-list merge" if f.method == "merge" else "the CP-SAT solver"
        out.print(
            f"{count(f.outcome_count)} possible agreements; {len(f.outcomes):,} Pareto-optimal among those every party "
            f"prefers to no deal (by {method}{took})."
        )
    else:
        out.print(f"{count(f.outcome_count)} possible agreements; [bold red]none is acceptable to every party[/].")
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
        if _solution_map(a):
            for table in _solutions(s, a, out.width):
                out.print(table)
            out.print(_solution_texts(s, a))
        if a.solutions.unsolved:
            out.print(
                plain(
                    f"out of time: {', '.join(SOLUTION_LABELS[k] for k in a.solutions.unsolved)}: the solver found no "
                    "agreement within the time limit (which does not mean there is none); raise --time-limit, or "
                    "analyse fewer points or parties at a time"
                ),
                style="yellow",
            )
        unproven = [SOLUTION_LABELS[k] for k, v in _solution_map(a).items() if not v.optimal]
        if unproven:
            out.print(
                plain(
                    f"not proven optimal: {', '.join(unproven)} (the solver's time limit ended the search; "
                    "the agreement shown is the best found; raise --time-limit to prove it)"
                ),
                style="yellow",
            )
        if a.core is not None:
            render_core(s, a.core, out)
    if a.drafts:
        rated = a.drafts[0].parties
        for table in _drafts(a, _marked(s, a, rated, "not bargaining"), out.width):
            out.print(table)
        for table in _draft_problems(s, a):
            out.print(table)
        if a.gains:
            out.print(
                "common gain: how much every party could gain at once by moving from the draft to the frontier; "
                "negative: the draft gives some party more than any agreement all can accept, by that much.",
                style="dim",
            )
    if a.consensus is not None:
        for table in _consensus(s, a.consensus, out.width):
            out.print(table)
    if a.feasible and s.drafts:
        out.print(plain(f"Next: `accord propose {s.source}` ranks compromise versions near the latest draft."))


def _solution_map(a: Analysis) -> dict[SolutionName, Solution]:
    found = {k: getattr(a.solutions, k) for k in SOLUTION_NAMES}
    return {k: v for k, v in found.items() if v is not None}


def _solutions(s: Scenario, a: Analysis, width: int) -> list[Table]:
    """Each party's utility under each solution (those who do not bargain last, marked not
    maximised); as many tables as it takes to fit."""
    sols = _solution_map(a)
    labels = [SOLUTION_LABELS[k] + ("" if v.optimal else " (not proven)") for k, v in sols.items()]
    names = _marked(s, a, (*a.parties, *a.reported_parties), "not maximised")
    tables = []
    for group in column_groups(width, max(map(len, labels), default=8), [max(5, _longest_word(n)) for n in names]):
        table = Table(title="Fair solutions: each party's utility", title_justify="left")
        table.add_column("solution", no_wrap=True)
        for i in group:
            table.add_column(plain(names[i]), justify="right", min_width=max(5, _longest_word(names[i])))
        for label, sol in zip(labels, sols.values(), strict=True):
            values = (*sol.outcome.utilities, *(sol.reported[p] for p in a.reported_parties))
            table.add_row(label, *(f"{values[i]:.3f}" for i in group))
        tables.append(table)
    return tables


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _solution_texts(s: Scenario, a: Analysis) -> Table:
    """What the first solution says on each point, and where the others say otherwise
    (option ids are never cut: the first is an id column, the rest wraps between words)."""
    sols = _solution_map(a)
    keys = list(sols)
    table = Table(title="What each solution says (* where the solutions differ)", title_justify="left")
    id_column(table, "point", (p.id + "*" for p in s.points))
    if not keys:
        return table
    first = sols[keys[0]]
    id_column(table, SOLUTION_LABELS[keys[0]], (p.describe(first.outcome.agreement[p.id]) for p in s.points))
    rows = []
    for point in s.points:
        chosen = first.outcome.agreement[point.id]
        others = [
            f"{SOLUTION_LABELS[k]}: {point.describe(sols[k].outcome.agreement[point.id])};"
            for k in keys[1:]
            if sols[k].outcome.agreement[point.id] != chosen
        ]
        mark = "*" if others else ""
        rows.append((f"{point.id}{mark}", point.describe(chosen), " ".join(others).rstrip(";")))
    if len(keys) > 1:
        prose_column(table, "where the other solutions differ", (r[2] for r in rows))
    for row in rows:
        table.add_row(*(plain(cell) for cell in row[: 3 if len(keys) > 1 else 2]))
    return table


def _consensus(s: Scenario, cmap: ConsensusMap, width: int) -> list[Table]:
    """The consensus map, as many tables as it takes to keep every id whole: each party's
    column is as wide as the longest word in it (``free-economic-zone``)."""
    rows = [row for row in (*cmap.points, cmap.whole_draft()) if any(row.stances.values())]
    says = [
        "" if r.point not in s.point_ids else "open" if r.choice is None else s.point(r.point).describe(r.choice)
        for r in rows
    ]
    cells: list[list[Text]] = []
    for party in cmap.parties:
        column = []
        for row in rows:
            stance = row.stances[party]
            cell = Text() if stance is None else Text(stance.value, style=STANCE_STYLE[stance])
            if party in row.proposals:
                cell.append(plain(f" -> {row.proposals[party]}"))
            if stance is not None:
                cell.append(clean(describe_flags(row.carried_from(party), row.harder(party))), style="dim")
            column.append(cell)
        cells.append(column)
    widths = [
        max([len(party), *(len(w) for c in column for w in c.plain.split())])
        for party, column in zip(cmap.parties, cells, strict=True)
    ]
    key = (
        max([len("(whole draft)"), *(len(r.point) for r in rows)])
        + 3
        + max([len("draft says"), *(len(w) for x in says for w in x.split())])
    )
    tables = []
    for group in column_groups(width, key, widths):
        table = Table(title=plain(f"Consensus map of draft {cmap.draft} (recorded stances)"), title_justify="left")
        id_column(table, "point", (r.point for r in rows))
        prose_column(table, "draft says", says)
        for i in group:
            table.add_column(plain(cmap.parties[i]), min_width=widths[i], overflow="fold")
        for n, row in enumerate(rows):
            table.add_row(plain(row.point), plain(says[n]), *(cells[i][n] for i in group))
        tables.append(table)
    return tables


def _drafts(a: Analysis, names: list[str], width: int) -> list[Table]:
    """Each party's utility of each draft; as many tables as it takes to fit."""
    labels = [d.draft for d in a.drafts]
    tables = []
    widths = [max(11, _longest_word(n)) for n in names]  # "0.437-0.812" stays whole
    for group in column_groups(width, max(map(len, labels), default=5), widths):
        table = Table(title="Drafts: each party's utility (a range over open points)", title_justify="left")
        id_column(table, "draft", labels)
        for i in group:
            table.add_column(plain(names[i]), justify="right", min_width=widths[i], no_wrap=False)
        for d in a.drafts:
            cells = [_range(d.low[i], d.high[i]) for i in group]
            table.add_row(plain(d.draft), *cells)
        tables.append(table)
    return tables


def _range(low: float, high: float) -> str:
    return f"{low:.3f}" if low == high else f"{low:.3f}-{high:.3f}"


def _draft_problems(s: Scenario, a: Analysis) -> list[Table]:
    """Per draft: its open points and common gain (the bargainers'), who gets less than no
    deal; and in a table of its own, whose red lines or links it breaks (so that each fits
    80 columns). Every rated party is listed, those who do not bargain marked so."""
    table = Table(title="Drafts: open points, common gain, who would rather have no deal", title_justify="left")
    rows = []
    for d in a.drafts:
        names = _marked(s, a, d.parties, "not bargaining")
        no_deal = [a.no_deal[p] for p in d.parties]
        below = [n for n, hi, r in zip(names, d.high, no_deal, strict=True) if hi < r]
        maybe = [n for n, lo, hi, r in zip(names, d.low, d.high, no_deal, strict=True) if lo < r <= hi]
        parts = [", ".join(below)] if below else []
        parts += [f"maybe {', '.join(maybe)} (depends on the open points)"] if maybe else []
        verdict = "; ".join(parts) or "nobody"
        broken = a.breaks[d.draft]
        marks = {p: "" if p in a.parties else " (not bargaining)" for p in broken}
        breaks = "; ".join(f"{p}{marks[p]}: {', '.join(lines)}" for p, lines in broken.items()) or "nobody"
        gain = a.gains.get(d.draft)
        rows.append((d.draft, str(len(d.open_points)), "-" if gain is None else f"{gain:+.3f}", verdict, breaks))
    id_column(table, "draft", (r[0] for r in rows))
    table.add_column("open", justify="right")
    table.add_column("common gain", justify="right", min_width=6)
    prose_column(table, "below no-deal for", (r[3] for r in rows))
    lines = Table(title="Drafts: the red lines and links they break", title_justify="left")
    id_column(lines, "draft", (r[0] for r in rows))
    prose_column(lines, "red lines or links broken", (r[4] for r in rows))
    for row in rows:
        table.add_row(*(plain(cell) for cell in row[:4]))
        lines.add_row(plain(row[0]), plain(row[4]))
    return [table, lines]


def _label(d: DraftUtility) -> str:
    """A draft's id, with how many points it leaves open."""
    return d.draft + (f" ({len(d.open_points)} open)" if d.open_points else "")
