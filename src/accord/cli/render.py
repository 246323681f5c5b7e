"""Rendering a scenario for people (rich tables) and for programs (plain dicts)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.cli.output import clean, column_groups, count, id_column, plain, prose_column, safe
from accord.cli.record_render import lineage_tree, record_text
from accord.model import Point, Scenario, StanceKind, format_value
from accord.shapes import stance_json

STANCE_STYLE = {
    StanceKind.ACCEPT: "green",
    StanceKind.CRITICISE: "yellow",
    StanceKind.UNACCEPTABLE: "red",
    StanceKind.AMEND: "cyan",
}
"""The colour of each stance, in every table that shows stances."""


def describe_range(point: Point) -> str:
    """``400,000 .. 1,000,000 troops, step 50,000 (13 values)``."""
    rng = point.range
    if rng is None:
        return ""
    lo, hi = point.describe(point.values()[0]), point.describe(point.values()[-1])
    return f"{lo} .. {hi}, step {format_value(rng.step)} ({rng.count()} values)"


def scenario_summary(scenario: Scenario) -> dict[str, Any]:
    """What ``show --json`` prints: everything but the confidential preferences."""
    return {
        "title": scenario.title,
        "source": scenario.source,
        "origin": scenario.origin,
        "outcome_count": scenario.outcome_count(),
        "parties": [
            {"id": p.id, "name": p.name, "role": p.role.value, "has_preferences": p.id in scenario.preferences}
            for p in scenario.parties
        ],
        "points": [
            {
                "id": p.id,
                "title": p.title,
                "options": [{"id": o.id, "text": o.text} for o in p.options],
                "range": None
                if p.range is None
                else {"min": p.range.min, "max": p.range.max, "step": p.range.step, "unit": p.range.unit},
            }
            for p in scenario.points
        ],
        "drafts": [
            {
                "id": d.id,
                "title": d.title,
                "date": d.date,
                "authors": list(d.authors),
                "parents": list(d.parents),
                "lineage": list(scenario.lineage(d.id)),
                "choices": dict(d.choices),
                "open": list(d.open_points(scenario.point_ids)),
            }
            for d in scenario.drafts
        ],
        "stances": stance_counts(scenario),
        "record": [stance_json(s) for s in scenario.stances],
    }


def stance_counts(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Per point (``*`` for whole-draft stances): how many stances of each kind."""
    out: dict[str, dict[str, int]] = {}
    for key in [*scenario.point_ids, "*"]:
        counts = Counter(s.stance.value for s in scenario.stances if (s.point or "*") == key)
        if counts:
            out[key] = {k.value: counts.get(k.value, 0) for k in StanceKind}
    return out


def render_scenario(scenario: Scenario, out: Console) -> None:
    """Print the scenario as tables."""
    out.print(f"[bold]{safe(scenario.title)}[/bold]")
    if scenario.description:
        out.print(plain(scenario.description.strip().split("\n\n")[0]), style="dim")
    out.print(f"{len(scenario.points)} points, {count(scenario.outcome_count())} possible agreements\n")
    out.print(_parties(scenario))
    out.print(_points(scenario))
    if scenario.drafts:
        out.print(_drafts(scenario))
        out.print(lineage_tree(scenario))
        out.print()
        for table in _choices(scenario, out.width):
            out.print(table)
    if scenario.stances:
        out.print(_stances(scenario))
        out.print(record_text(scenario))


def _parties(scenario: Scenario) -> Table:
    table = Table(title="Parties", title_justify="left")
    id_column(table, "id", (p.id for p in scenario.parties))
    for col in ("name", "role", "preferences"):
        table.add_column(col)
    for p in scenario.parties:
        table.add_row(plain(p.id), plain(p.name), p.role.value, "on file" if p.id in scenario.preferences else "-")
    return table


def _points(scenario: Scenario) -> Table:
    """Two columns, so that the long ids and words fit 80 columns: the point's id, then its
    title (bold) over its options (``id: text``) or its range."""
    table = Table(title="Points", title_justify="left", show_lines=True)
    id_column(table, "id", (p.id for p in scenario.points))
    cells = [
        describe_range(p)
        if p.range is not None
        else "\n".join(f"{o.id}: {o.text}" if o.text else o.id for o in p.options)
        for p in scenario.points
    ]
    prose_column(table, "title and options", cells)  # an option id is never cut
    for p, options in zip(scenario.points, cells, strict=True):
        cell = Text.assemble((clean(p.title), "bold"), "\n", clean(options))
        table.add_row(plain(p.id), cell)
    return table


def _drafts(scenario: Scenario) -> Table:
    table = Table(title="Drafts", title_justify="left")
    id_column(table, "id", (d.id for d in scenario.drafts))
    prose_column(table, "title", (d.title for d in scenario.drafts))
    table.add_column("date")
    prose_column(table, "authors", (" + ".join(d.authors) for d in scenario.drafts))
    prose_column(table, "revises", (", ".join(d.parents) for d in scenario.drafts))
    table.add_column("open points")
    for d in scenario.drafts:
        authors = " + ".join(scenario.party(a).name for a in d.authors) or "-"
        table.add_row(
            plain(d.id),
            plain(d.title),
            plain(d.date or "-"),
            plain(authors),
            plain(", ".join(d.parents) or "-"),
            str(len(d.open_points(scenario.point_ids))),
        )
    return table


def _choices(scenario: Scenario, width: int) -> list[Table]:
    """What each draft says on each point; as many tables as it takes to keep every value whole."""
    columns = []
    for d in scenario.drafts:
        cells = [d.choices.get(p.id) for p in scenario.points]
        texts = ["open" if v is None else p.describe(v) for p, v in zip(scenario.points, cells, strict=True)]
        columns.append((d.id, texts))
    key = max((len(p.id) for p in scenario.points), default=5)
    widths = [max(len(d), *(len(t) for t in texts)) for d, texts in columns]
    tables = []
    for group in column_groups(width, key, widths):
        table = Table(title="What each draft says", title_justify="left")
        id_column(table, "point", scenario.point_ids)
        for i in group:
            table.add_column(plain(columns[i][0]), min_width=widths[i], no_wrap=True)
        for row, p in enumerate(scenario.points):
            cells = [columns[i][1][row] for i in group]
            table.add_row(plain(p.id), *(Text(c, style="dim") if c == "open" else plain(c) for c in cells))
        tables.append(table)
    return tables


def _stances(scenario: Scenario) -> Table:
    table = Table(title="Stances per point (all drafts)", title_justify="left")
    id_column(table, "point", scenario.point_ids)
    for kind in StanceKind:
        table.add_column(kind.value, style=STANCE_STYLE[kind], justify="right")
    for key, counts in stance_counts(scenario).items():
        label = "(whole draft)" if key == "*" else key
        table.add_row(plain(label), *(str(counts[k.value]) for k in StanceKind))
    return table
