"""``accord diff``: what changed between two drafts, point by point and for each party.

The command parses, calls :func:`accord.analysis.diff.diff` and renders. Every piece of
text from the scenario (ids, titles, option texts, a draft's own wording, party names)
goes through :func:`~accord.cli.output.plain` or :func:`~accord.cli.output.safe`: printed
as written, never read as markup, with terminal controls escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.analyze import PathArg
from accord.cli.errors import reports_errors
from accord.cli.output import JsonOption, ProfilesOption, console, print_json
from accord.shapes import diff_json

if TYPE_CHECKING:  # rich and the analysis load when the command runs (a fast --help)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from accord.analysis.diff import DraftDiff, Says, UtilityChange
    from accord.model import Point, Scenario

KIND_STYLE = {"changed": "yellow", "opened": "magenta", "decided": "cyan", "reworded": "blue"}
"""The colour of each kind of change in the points table."""


@reports_errors
def diff(
    path: PathArg,
    a: Annotated[str, typer.Argument(metavar="A", help="The draft to compare from (its id).")],
    b: Annotated[str, typer.Argument(metavar="B", help="The draft to compare to (its id).")],
    as_json: JsonOption = False,
    profiles: ProfilesOption = None,
) -> None:
    """Show what changed from draft A to draft B: each point that differs, with the option
    texts, and each party's utility change.

    A utility is a range where a draft leaves points open (every way of filling them in);
    the change is then a range too, the open points of A and of B filled in independently.
    Per point, each party's change on the points both drafts decide; package-deal bonuses
    are not split per point, so these need not add up to the total change.

    Example:

        accord diff examples/joint-venture.yaml brennick-counter region-amendments
    """
    from accord.analysis.diff import diff as compare
    from accord.cli.loading import load_path
    from accord.errors import UnknownIdError

    scenario = load_path(path, profiles)
    known = [d.id for d in scenario.drafts]
    for given in (a, b):
        if given not in known:
            raise UnknownIdError("draft", given, known, where=str(path))
    result = compare(scenario, a, b)
    if as_json:
        print_json(diff_json(result))
    else:
        render_diff(scenario, result, console())


def render_diff(scenario: Scenario, d: DraftDiff, out: Console) -> None:
    """Print the diff: a heading, what each draft says where they differ, each party's
    utility in both and the change, and the change per point."""
    from accord.cli.output import plain

    out.print(plain(d.heading()), style="bold")
    if d.points:
        out.print(_points(scenario, d, out.width))
    else:
        out.print("No point differs.")
    if not d.utilities:
        out.print("No party has preferences on file, so there are no utilities to compare.", style="dim")
        return
    out.print(_utilities(scenario, d))
    if not all(u.exact for u in d.utilities):
        out.print(
            "Ranges: a draft's open points can be filled in any way; the change fills those of the two "
            "drafts independently.",
            style="dim",
        )
    if any(u.points for u in d.utilities):
        for table in _per_point(scenario, d, out.width):
            out.print(table)
        out.print(
            "Change per point: on the points both drafts decide, on different values. Package-deal bonuses are "
            "not split per point, so these need not add up to the change.",
            style="dim",
        )


def _points(scenario: Scenario, d: DraftDiff, width: int) -> Table:
    """Point by point, what A and B say; the point column at most 24 characters wide, the
    two texts sharing the rest, no word ever cut."""
    from rich.table import Table

    from accord.cli.output import safe

    rows = []
    for c in d.points:
        point = scenario.point(c.point)
        rows.append((_point_cell(c.point, c.title, c.kind), _says(point, c.a), _says(point, c.b)))
    headers = ("point", f"{d.a} says", f"{d.b} says")
    texts = [[headers[i], *(r[i].plain for r in rows)] for i in range(3)]
    least = [max(len(w) for t in column for w in t.split()) for column in texts]
    most = [max(len(line) for t in column for line in t.splitlines()) for column in texts]
    most[0] = min(most[0], max(least[0], 24))
    table = Table(title="What changed", title_justify="left", show_lines=True)
    for header, w in zip(headers, fill(width - 10, least, most), strict=True):
        table.add_column(safe(header), width=w, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def fill(total: int, least: list[int], most: list[int]) -> list[int]:
    """Column widths from ``least`` up to ``most`` that share ``total`` characters: each
    character left goes to the narrowest column that wants more (the progressive filling
    of a max-min fair share, [BertsekasGallager1992]_ ch. 6). More than ``total`` when
    ``least`` needs it."""
    widths = list(least)
    room = total - sum(widths)
    while room > 0:
        wanting = [i for i, w in enumerate(widths) if w < most[i]]
        if not wanting:
            break
        widths[min(wanting, key=lambda i: widths[i])] += 1
        room -= 1
    return widths


def _point_cell(point: str, title: str, kind: str) -> Text:
    from rich.text import Text

    from accord.cli.output import clean

    cell = Text(clean(point), style="bold")
    cell.append("\n" + kind, style=KIND_STYLE[kind])
    if title != point:
        cell.append("\n" + clean(title), style="dim")
    return cell


def _says(point: Point, side: Says) -> Text:
    """``h38: 38 hours at the same pay.``, ``5 %``, ``open``; a draft's own wording marked."""
    from rich.text import Text

    from accord.cli.output import clean

    cell = Text()
    if side.value is None:
        cell.append("open", style="dim")
        if side.text:
            cell.append(": " + clean(side.text))
    else:
        shown = point.describe(side.value)
        cell.append(clean(shown))
        if side.text != shown:
            cell.append(": " + clean(side.text))
    if side.own:
        cell.append(" (this draft's wording)", style="dim")
    return cell


def _utilities(scenario: Scenario, d: DraftDiff) -> Table:
    from rich.table import Table
    from rich.text import Text

    from accord.cli.output import clean, plain, prose_column

    table = Table(title="Utility of each party", title_justify="left")
    names = [scenario.party(u.party).name for u in d.utilities]
    prose_column(table, "party", names)
    cells = [(_span(*u.a), _span(*u.b), _span(*u.change, signed=True)) for u in d.utilities]
    for i, header in enumerate((d.a, d.b, "change")):
        width = max(len(clean(header)), *(len(c[i]) for c in cells))
        table.add_column(plain(header), justify="right", no_wrap=True, min_width=width)
    for name, u, (before, after, change) in zip(names, d.utilities, cells, strict=True):
        table.add_row(plain(name), before, after, Text(change, style=_colour(u)))
    return table


def _per_point(scenario: Scenario, d: DraftDiff, width: int) -> list[Table]:
    """Each party's change on each point both drafts decide on different values; as many
    tables as it takes to fit."""
    from rich.table import Table
    from rich.text import Text

    from accord.cli.output import column_groups, id_column, plain

    points = list(dict.fromkeys(p for u in d.utilities for p in u.points))
    names = [scenario.party(u.party).name for u in d.utilities]
    widths = [max(6, *(len(w) for w in name.split())) for name in names]
    tables = []
    for group in column_groups(width, max(len(p) for p in points), widths):
        table = Table(title="Change per point", title_justify="left")
        id_column(table, "point", points)
        for i in group:
            table.add_column(plain(names[i]), justify="right", min_width=widths[i])
        for point in points:
            cells = [d.utilities[i].points[point] for i in group]
            table.add_row(plain(point), *(Text(_signed(x), style=_sign_colour(x, x)) for x in cells))
        tables.append(table)
    return tables


def _sign_colour(low: float, high: float) -> str:
    return "green" if low > 0 else "red" if high < 0 else "white" if low == high else "yellow"


def _colour(u: UtilityChange) -> str:
    return _sign_colour(*u.change)


def _span(low: float, high: float, *, signed: bool = False) -> str:
    """``0.250`` or ``0.250..1.100`` (``signed``: ``+0.125``, ``-0.850..+0.850``)."""
    show = _signed if signed else "{:.3f}".format
    return show(low) if low == high else f"{show(low)}..{show(high)}"


def _signed(x: float) -> str:
    return f"{x:+.3f}" if round(x, 3) != 0 else "0.000"
