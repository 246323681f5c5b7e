"""The core of the deal for people at a terminal (``accord analyze``, after the solutions).

A table of the fixed points, the sentences of :func:`accord.analysis.core_text.core_sentences`,
and a table of the points where some options are ruled out. Text from the scenario goes
through :func:`accord.cli.output.plain` (printed as written, never read as markup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from accord.analysis.core_text import core_sentences
from accord.cli.output import id_column, plain, prose_column
from accord.model import Point, Scenario, Value, format_value

if TYPE_CHECKING:
    from accord.analysis.core import Core


def render_core(s: Scenario, core: Core, out: Console) -> None:
    """Print the core of the deal: fixed points, sentences, options ruled out."""
    out.print()
    out.print("[bold]The core of the deal[/bold]: what every acceptable agreement shares")
    fixed = [p for p in core.points if p.fixed is not None]
    if fixed:
        table = Table(title="Fixed points: every acceptable agreement has", title_justify="left")
        id_column(table, "point", (p.point for p in fixed))
        id_column(table, "option", (_value(s.point(p.point), p.fixed) for p in fixed if p.fixed is not None))
        if s.drafts:
            table.add_column("in a draft")
        for p in fixed:
            if p.fixed is not None:
                cells = [plain(p.point), plain(_value(s.point(p.point), p.fixed))]
                table.add_row(*cells, *(["yes" if p.in_drafts else "no"] if s.drafts else []))
        out.print(table)
    for line in core_sentences(core, s):
        out.print(plain(line))
    ruled = [p for p in core.points if p.excluded and p.fixed is None]
    if ruled and core.feasible:
        table = Table(title="Options ruled out", title_justify="left")
        possible = [
            ", ".join(_value(s.point(p.point), v) + ("" if v in p.frontier else "*") for v in p.feasible) for p in ruled
        ]
        excluded = [", ".join(_value(s.point(p.point), v) for v in p.excluded) for p in ruled]
        id_column(table, "point", (p.point for p in ruled))
        prose_column(table, "possible", possible)
        prose_column(table, "ruled out", excluded)
        for p, yes, no in zip(ruled, possible, excluded, strict=True):
            table.add_row(plain(p.point), plain(yes), plain(no))
        out.print(table)
        if any("*" in cell for cell in possible):
            out.print("* possible, but on no Pareto-optimal agreement", style="dim")


def _value(point: Point, value: Value) -> str:
    """An option id, or a number without its unit (the table's rows are long enough)."""
    return value if isinstance(value, str) and not point.is_numeric else format_value(value)
