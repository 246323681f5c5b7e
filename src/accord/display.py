"""Short text and HTML forms of accord's results, for notebooks and the Python prompt.

Every result prints as its kind, its size and its first rows, with floats rounded to 3
decimals (``0.925``, not ``0.9249999999999999``); ``_repr_html_`` gives the same as a
compact HTML table with every string escaped. Only these forms round: JSON output and
DataFrames (:func:`accord.to_frame`) keep full precision.

A result class inherits :class:`Shown` and describes itself once, as a :class:`Table`; a
tuple of results (proposals, drafts) is a :class:`Rows` tuple, shown as one table with a
row per result. This module imports nothing from accord, so the model and the analyses can
both use it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

Cell = str | int | float | bool | None
"""One table cell: text, a number (shown rounded) or nothing."""

TEXT_ROWS = 5
"""Rows a ``repr`` shows before ``... N more``."""
HTML_ROWS = 10
"""Rows an HTML table shows before ``... N more``."""
TEXT_WIDTH = 100
"""Characters a line of a ``repr`` may take (longer lines end in ``...``)."""
HEAD_WIDTH = 160
"""Characters the first line of a ``repr`` (kind and summary) may take."""
CELL_WIDTH = 24
"""Characters a cell of a ``repr`` may take."""


def plural(count: int, word: str) -> str:
    """``1 point``, ``3 points``, ``1,200 agreements``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def number(x: float) -> str:
    """``x`` rounded to 3 decimals: ``0.925``, ``1.0``, ``600000``; ``nan`` as is; below
    0.001 (a small Nash product) to 3 significant digits, ``4.1e-05``, not ``0.0``."""
    if isinstance(x, int):  # bools too
        return str(x)
    if not math.isfinite(x):
        return str(x)
    if 0 < abs(x) < 0.0005:
        return f"{x:.3g}"
    r = round(float(x), 3) + 0.0  # + 0.0 turns -0.0 into 0.0
    return str(int(r)) if r.is_integer() and abs(r) >= 1000 else repr(r)


def cell(value: Cell) -> str:
    """A cell as text: numbers rounded, None as ``-``."""
    if value is None:
        return "-"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number(value)
    return str(value)


def numbers(values: Iterable[float]) -> str:
    """``(0.925, 0.1)``: a tuple of numbers, rounded."""
    return "(" + ", ".join(number(v) for v in values) + ")"


def named(parties: Sequence[str], values: Sequence[float]) -> str:
    """``A=0.925 B=0.1`` when the parties are known, else ``(0.925, 0.1)``."""
    if len(parties) != len(values):
        return numbers(values)
    return " ".join(f"{p}={number(v)}" for p, v in zip(parties, values, strict=True))


def agreement_text(agreement: Mapping[str, object], limit: int = 6) -> str:
    """``a=x, b=p, n=20`` (the first ``limit`` points, then ``...``)."""
    items = list(agreement.items())
    shown = ", ".join(f"{k}={cell(v) if isinstance(v, float | int) else v}" for k, v in items[:limit])
    return shown + (", ..." if len(items) > limit else "")


def utility_columns(parties: Sequence[str], count: int) -> tuple[str, ...]:
    """Column names for ``count`` utilities: the party ids when known, else ``u[0]``, ..."""
    return tuple(parties) if len(parties) == count else tuple(f"u[{i}]" for i in range(count))


@dataclass(frozen=True)
class Table:
    """What a result shows: ``kind`` and ``summary`` head it, then ``rows`` (the first
    ones only) under ``headers``; ``total`` counts every row the result has."""

    kind: str
    summary: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    total: int = 0


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def text(table: Table) -> str:
    """``<Kind: summary`` then the rows as aligned columns, ``... N more`` and ``>``."""
    head = _clip(f"<{table.kind}: {table.summary}" if table.summary else f"<{table.kind}", HEAD_WIDTH)
    if not table.headers or not table.rows:
        return head + ">"
    grid = [[_clip(h, CELL_WIDTH) for h in table.headers]]
    grid += [[_clip(cell(c).replace("\n", " "), CELL_WIDTH) for c in row] for row in table.rows]
    widths = [max(len(r[i]) for r in grid) for i in range(len(table.headers))]
    lines = [_line(r, widths) for r in grid]
    more = table.total - len(table.rows)
    if more > 0:
        lines.append(f"  ... {more:,} more")
    return head + "\n" + "\n".join(lines) + ">"


def _line(cells: list[str], widths: list[int]) -> str:
    return _clip("  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip(), TEXT_WIDTH)


def html_table(table: Table) -> str:
    """The table as compact HTML (``<table>`` with a caption); every string escaped."""
    caption = html.escape(f"{table.kind}: {table.summary}" if table.summary else table.kind)
    out = [f"<table class='accord'><caption style='text-align:left'>{caption}</caption>"]
    if table.headers:
        out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in table.headers) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(_td(c) for c in row) + "</tr>")
    more = table.total - len(table.rows)
    if more > 0 and table.headers:
        out.append(f"<tr><td colspan='{len(table.headers)}'>... {more:,} more</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _td(value: Cell) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"<td style='text-align:right'>{html.escape(number(value))}</td>"
    return f"<td>{html.escape(cell(value))}</td>"


class Shown:
    """Mixin: ``__repr__`` and ``_repr_html_`` from one ``_table(limit)`` method.

    A dataclass using it says ``repr=False``, or the generated ``__repr__`` would win.
    """

    __slots__ = ()

    def _table(self, limit: int) -> Table:
        raise NotImplementedError

    def __repr__(self) -> str:
        return text(self._table(TEXT_ROWS))

    def _repr_html_(self) -> str:
        return html_table(self._table(HTML_ROWS))


class Row(Protocol):
    """A result that is one row of a table when it comes in a list."""

    def _row(self) -> dict[str, Cell]: ...


R = TypeVar("R", bound=Row)


class Rows(tuple[R, ...]):
    """A tuple of results (proposals, drafts, distances) shown as one table, a row each.

    Still a tuple: it compares equal to the plain tuple of its items.
    """

    __slots__ = ()

    def __new__(cls, items: Iterable[R] = ()) -> Rows[R]:
        return super().__new__(cls, items)

    def _table(self, limit: int) -> Table:
        kind = type(self[0]).__name__ if self else "Result"
        plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
        rows = [item._row() for item in self[:limit]]
        headers = tuple(dict.fromkeys(k for r in rows for k in r))
        body = tuple(tuple(r.get(h) for h in headers) for r in rows)
        return Table(plural, f"{len(self)}", headers, body, len(self))

    def __repr__(self) -> str:
        return text(self._table(TEXT_ROWS)) if self else "()"

    def _repr_html_(self) -> str:
        return html_table(self._table(HTML_ROWS))
