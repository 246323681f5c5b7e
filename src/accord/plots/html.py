"""Drawing a :class:`~accord.plots.figure.Figure` as HTML, with plotly: self-contained and
offline.

plotly is the ``plot`` extra: it is imported when a figure is drawn, and a missing install
raises MissingExtraError. A page carries plotly.js once, inline (no CDN, no request to
any server): :func:`html_page` embeds it with its first figure, and a caller assembling a
page of its own passes ``include_plotlyjs=True`` to the first :func:`html_fragment` only.
Every word from a scenario (titles, names, ids, quotes) is escaped before plotly sees it,
since plotly.js reads text as a subset of HTML (``<b>``, ``<a href>``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from accord.errors import MissingExtraError
from accord.plots.figure import Bars, Cells, Figure, Points, Rect, Rule

_EMPTY = "#f2f2f2"
_SYMBOLS = {
    "o": "circle",
    "*": "star",
    "D": "diamond",
    "s": "square",
    "^": "triangle-up",
    "v": "triangle-down",
    "P": "cross",
    "X": "x",
    "_": "line-ew",
}
_DASHES = {"solid": "solid", "dashed": "dash", "dotted": "dot"}
_CONFIG = {"displaylogo": False, "responsive": True}
_WEBGL_FROM = 5000
"""Points in one mark beyond which the whole figure is drawn with WebGL (part of plotly.js
too): WebGL traces lie above SVG ones, so mixing them would hide the solutions under the cloud."""


def _go() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError as err:
        raise MissingExtraError("an HTML plot", "plot", "plotly") from err
    return go


def _t(text: str) -> str:
    """Scenario text as plotly shows it literally: ``<``, ``>`` and ``&`` escaped."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def plotly_figure(fig: Figure) -> Any:
    """The figure as a ``plotly.graph_objects.Figure``."""
    go = _go()
    out = go.Figure()
    if fig.cells is not None:
        _cells(go, out, fig.cells)
    seen: set[str] = set()
    scatter = go.Scattergl if any(isinstance(m, Points) and len(m.x) > _WEBGL_FROM for m in fig.marks) else go.Scatter
    for mark in fig.marks:
        first = bool(mark.legend) and mark.legend not in seen
        seen.add(mark.legend)
        if isinstance(mark, Points):
            out.add_trace(_points(scatter, mark, first))
        elif isinstance(mark, Rect):
            out.add_trace(_rect(scatter, mark, first))
        elif isinstance(mark, Bars):
            out.add_trace(_bars(go, mark, first))
        else:
            _rule(out, mark, first)
    lines = fig.title.count("\n") + 1
    out.update_layout(
        template="plotly_white",
        title={"text": _t(fig.title), "font": {"size": 14}},
        xaxis_title=_t(fig.x_label),
        yaxis_title=_t(fig.y_label),
        height=_height(fig),
        margin={"t": 40 + 20 * lines, "b": (95 if fig.y_ticks else 80) if fig.note else 60},
        legend={"font": {"size": 10}},
    )
    if fig.x_ticks:
        ticks = [x for x, _ in fig.x_ticks]
        out.update_xaxes(
            tickvals=ticks, ticktext=[_t(t) for _, t in fig.x_ticks], range=[min(ticks) - 0.5, max(ticks) + 0.6]
        )
    if fig.y_ticks:
        rows = [y for y, _ in fig.y_ticks]
        out.update_yaxes(
            tickvals=rows,
            ticktext=[_t(t) for _, t in fig.y_ticks],
            range=[min(rows) - 0.6, max(rows) + 0.6],
            automargin=True,
        )
        out.update_layout(barmode="overlay")
    if fig.x_range is not None:
        out.update_xaxes(range=list(fig.x_range))
    if fig.note:
        # under the axis title: a share of the plot's height, or pixels for rows of bars (short plots)
        where: dict[str, Any] = {"y": 0, "yanchor": "top", "yshift": -58} if fig.y_ticks else {"y": -0.12}
        out.add_annotation(
            text=_t(fig.note), xref="paper", yref="paper", x=0, showarrow=False, font={"size": 10}, **where
        )
    return out


def html_fragment(fig: Figure, *, include_plotlyjs: bool = False, div_id: str | None = None) -> str:
    """The figure as an HTML ``<div>`` to embed in a page. Without ``include_plotlyjs`` the
    page must carry plotly.js already (once, see :func:`html_page`)."""
    drawn = plotly_figure(fig)
    text: str = drawn.to_html(
        full_html=False,
        include_plotlyjs=include_plotlyjs,
        config=_CONFIG,
        div_id=div_id,
        default_height=f"{_height(fig)}px",
    )
    return text


def html_page(figures: Sequence[Figure], *, title: str) -> str:
    """A whole HTML page with ``figures`` one below the other and one inline copy of
    plotly.js: it opens offline and makes no request."""
    if not figures:
        raise ValueError("html_page needs at least one figure")
    parts = [
        html_fragment(f, include_plotlyjs=i == 0, div_id=f"accord-{f.name}-{i + 1}") for i, f in enumerate(figures)
    ]
    body = "\n".join(f'<section class="accord-figure">\n{p}\n</section>' for p in parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:sans-serif;margin:1em auto;max-width:1100px;padding:0 1em}"
        ".accord-figure{margin-bottom:2em}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def _height(fig: Figure) -> int:
    if fig.cells is not None:
        return 160 + 26 * len(fig.cells.rows)
    if fig.y_ticks:
        return max(320, 200 + 40 * len(fig.y_ticks))
    return 620


def _points(scatter: Any, mark: Points, legend: bool) -> Any:
    style = mark.style
    mode = "+".join(m for m, on in (("lines", style.line), ("markers", style.marker), ("text", any(mark.labels))) if on)
    marker: dict[str, Any] = {"color": style.colour, "size": style.size}
    if style.marker is not None:
        marker["symbol"] = _SYMBOLS[style.marker]
        if style.marker == "_":
            marker["line"] = {"width": 3, "color": style.colour}
        elif style.size >= 8:
            marker["line"] = {"width": 0.6, "color": "black"}
    options: dict[str, Any] = {}
    if mark.hover:
        options = {"hovertext": [_t(h) for h in mark.hover], "hoverinfo": "text"}
    if any(mark.labels):
        options.update(text=[_t(t) for t in mark.labels], textposition="top right", textfont={"size": 10})
    return scatter(
        x=list(mark.x),
        y=list(mark.y),
        mode=mode or "markers",
        name=_t(mark.legend),
        legendgroup=_t(mark.legend),
        showlegend=legend,
        opacity=style.opacity,
        marker=marker,
        line={"color": style.colour, "dash": _DASHES[style.line or "solid"], "width": 1.5},
        **options,
    )


def _rect(scatter: Any, mark: Rect, legend: bool) -> Any:
    xs = [mark.x0, mark.x1, mark.x1, mark.x0, mark.x0]
    ys = [mark.y0, mark.y0, mark.y1, mark.y1, mark.y0]
    return scatter(
        x=xs,
        y=ys,
        mode="lines+text" if mark.label else "lines",
        fill="toself",
        fillcolor=_rgba(mark.style.colour, mark.style.opacity),
        line={"color": mark.style.colour, "width": 1.2, "dash": _DASHES[mark.style.line or "solid"]},
        text=["", "", _t(mark.label), "", ""] if mark.label else None,
        textposition="top right",
        hovertext=_t(mark.hover) if mark.hover else None,
        hoverinfo="text" if mark.hover else "skip",
        name=_t(mark.legend),
        legendgroup=_t(mark.legend),
        showlegend=legend,
    )


def _bars(go: Any, mark: Bars, legend: bool) -> Any:
    style = mark.style
    options: dict[str, Any] = {}
    if mark.hover:
        options = {"hovertext": [_t(h) for h in mark.hover], "hoverinfo": "text"}
    if any(mark.labels):
        options.update(
            text=[_t(t) for t in mark.labels],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"size": 10, "color": "black"},
        )
    return go.Bar(
        orientation="h",
        y=list(mark.y),
        x=[b - a for a, b in zip(mark.start, mark.stop, strict=True)],
        base=list(mark.start),
        width=mark.thickness,
        name=_t(mark.legend),
        legendgroup=_t(mark.legend),
        showlegend=legend,
        opacity=style.opacity,
        marker={"color": style.colour, "line": {"color": "white", "width": 0.5}},
        **options,
    )


def _rule(out: Any, mark: Rule, legend: bool) -> None:
    line = {"dash": _DASHES[mark.style.line or "dashed"], "color": mark.style.colour, "width": 1}
    where = "top left" if mark.axis == "x" else "bottom right"
    text = {"annotation_text": _t(mark.legend), "annotation_font_size": 9, "annotation_position": where}
    if mark.axis == "x":
        out.add_vline(x=mark.value, line=line, **(text if legend else {}))
    else:
        out.add_hline(y=mark.value, line=line, **(text if legend else {}))


def _rgba(colour: str, alpha: float) -> str:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _cells(go: Any, out: Any, cells: Cells) -> None:
    kinds = ["", *cells.colours]
    colours = [_EMPTY, *cells.colours.values()]
    n = len(kinds)
    scale = [[edge, c] for i, c in enumerate(colours) for edge in (i / n, (i + 1) / n)]
    out.add_trace(
        go.Heatmap(
            z=[[kinds.index(k) if k in kinds else 0 for k in row] for row in cells.kinds],
            x=list(range(len(cells.columns))),
            y=list(range(len(cells.rows))),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            text=[[_t(t) for t in row] for row in cells.texts],
            texttemplate="%{text}",
            textfont={"size": 10},
            hovertext=[[_t(h) for h in row] for row in cells.hover],
            hoverinfo="text",
            xgap=2,
            ygap=2,
        )
    )
    for kind, colour in [*cells.colours.items(), ("no stance on record", _EMPTY)]:  # legend entries: no data
        out.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_t(kind),
                marker={"color": colour, "size": 12, "symbol": "square"},
            )
        )
    for r, row in enumerate(cells.marked):
        for c, marked in enumerate(row):
            if marked:
                out.add_shape(
                    type="rect", x0=c - 0.45, x1=c + 0.45, y0=r - 0.42, y1=r + 0.42, line={"dash": "dot", "width": 2}
                )
    if any(any(row) for row in cells.marked):
        out.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=_t(cells.mark),
                marker={"symbol": "square-open", "size": 12, "color": "black"},
            )
        )
    out.update_xaxes(side="top", tickvals=list(range(len(cells.columns))), ticktext=[_t(c) for c in cells.columns])
    out.update_yaxes(autorange="reversed", tickvals=list(range(len(cells.rows))), ticktext=[_t(r) for r in cells.rows])
