"""``accord analyze --plot FILE``: the figures of :mod:`accord.plots`, written to files.

``FILE.png`` (matplotlib) writes the 2-D frontier of the two ``--axes`` parties to FILE.png;
with three or more rated parties, the all-parties chart to FILE-parties.png; with stances
on record, the consensus heatmap to FILE-consensus.png. ``FILE.html`` (plotly) writes one
page holding the same figures, with plotly.js embedded once (it opens offline). Each file
written is named on the standard output; each is written whole or not at all
(:mod:`accord.formats.atomic`), replacing a file of that name.

``accord robust --plot FILE`` (:func:`write_robust_plots`): ``FILE.png`` writes the tornado
chart of what moves the main conclusion most to FILE.png and, when the Nash solution's
option varies at some point, the stability of its options to FILE-options.png;
``FILE.html`` one page holding both.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from accord.cli.output import clean
from accord.errors import InputError, UnknownIdError

if TYPE_CHECKING:
    from accord.analysis.robust import Robustness
    from accord.api import Analysis, Case
    from accord.plots import Figure

SUFFIXES = (".png", ".html", ".htm")


def plot_axes(case: Case, text: str | None, plot: Path | None) -> tuple[str, str] | None:
    """The two parties of ``--axes A,B`` (None when not given: the first two bargainers),
    checked with ``--plot``'s suffix before the analysis runs.

    Raises InputError for a suffix other than .png or .html, for anything but two different ids, for a party without
    preferences (no utility to plot) and for ``--axes`` without ``--plot``;
    UnknownIdError, with a did-you-mean, for an id that is no rated party.
    """
    if plot is not None:
        _check_suffix(plot)
    if text is None:
        return None
    if plot is None:
        raise InputError("--axes chooses the two parties of the plot; add --plot FILE.png or FILE.html")
    ids = [p.strip() for p in text.split(",")]
    if len(ids) != 2 or not all(ids) or ids[0] == ids[1]:
        raise InputError(f"--axes takes two different party ids separated by a comma, such as --axes a,b; got {text!r}")
    s = case.scenario
    rated = s.rated_parties
    for party in ids:
        if party in rated:
            continue
        if party in {p.id for p in s.parties}:
            raise InputError(
                f"--axes: party {party!r} has no preferences on file, so it has no utility to plot; "
                f"choose two of {', '.join(rated)}"
            )
        raise UnknownIdError("rated party", party, rated, where="--axes")
    return ids[0], ids[1]


def write_plots(case: Case, result: Analysis, path: Path, *, axes: tuple[str, str] | None, quiet: bool) -> list[Path]:
    """Write the figures of ``result`` to ``path`` (and its ``-parties`` and ``-consensus``
    siblings for PNG); return the files written. Says on stderr why nothing is written when
    the frontier is empty or only one party bargains."""
    suffix = _check_suffix(path)
    if not result.feasible:
        print(f"note: no plot: the frontier is empty ({path} not written)", file=sys.stderr)
        return []
    if len(result.parties) < 2:
        print(
            f"note: no plot: only one party bargains, there is no frontier to draw ({path} not written)",
            file=sys.stderr,
        )
        return []
    chosen = axes or (result.parties[0], result.parties[1])
    figures = _figures(case, result, chosen)
    if suffix == ".png":
        from accord.plots import png_bytes

        files = {(path if n == 0 else _sibling(path, f.name)): png_bytes(f) for n, f in enumerate(figures)}
    else:
        from accord.plots import html_page

        files = {path: html_page(figures, title=case.scenario.title).encode("utf-8")}
    written = [_write(target, content) for target, content in files.items()]
    if not quiet:
        for target, what in zip(
            written,
            _describe(figures, chosen, result.consensus.draft if result.consensus else None, suffix),
            strict=True,
        ):
            print(f"wrote {target} ({clean(what)})")
    return written


def _figures(case: Case, result: Analysis, axes: tuple[str, str]) -> list[Figure]:
    from accord.plots import PlotData, consensus_figure, frontier_figure, parties_figure

    data = PlotData.of(case.scenario, result)
    s = case.scenario
    rated = s.rated_parties
    figures = [frontier_figure(data, axes, parties=rated)]
    if len(rated) >= 3:
        figures.append(parties_figure(data, parties=rated))
    if result.consensus is not None:
        everyone = [p.id for p in s.parties]
        figures.append(consensus_figure(result.consensus, parties=everyone, names=data.names, title=s.title))
    return figures


def write_robust_plots(result: Robustness, path: Path, *, quiet: bool) -> list[Path]:
    """Write the figures of the robustness analysis ``result`` to ``path`` (the tornado
    chart; for PNG, the options of the Nash solution to its ``-options`` sibling); return
    the files written. Says on stderr why a figure is not drawn (no estimate moves any
    conclusion; the Nash solution is the same in every sample). Raises InputError for a
    suffix other than .png or .html."""
    suffix = _check_suffix(path)
    figures = _robust_figures(result)
    if not figures:
        print(f"note: no plot: nothing to draw ({path} not written)", file=sys.stderr)
        return []
    if suffix == ".png":
        from accord.plots import png_bytes

        files = {(path if f.name == "tornado" else _sibling(path, f.name)): png_bytes(f) for f in figures}
    else:
        from accord.plots import html_page

        files = {path: html_page(figures, title="How sure is this? The robustness analysis").encode("utf-8")}
    written = [_write(target, content) for target, content in files.items()]
    if not quiet:
        words = [_robust_words(result, f) for f in figures]
        for target, what in zip(written, words if suffix == ".png" else [", ".join(words)], strict=True):
            print(f"wrote {target} ({clean(what)})")
    return written


def _robust_figures(result: Robustness) -> list[Figure]:
    """The tornado chart of the default event and the options of the Nash solution, each
    when it has something to draw (a note on stderr says why not)."""
    from accord.plots import options_figure, tornado_figure

    figures = []
    tornado = tornado_figure(result)
    if tornado.marks:
        figures.append(tornado)
    else:
        print("note: no tornado chart: no uncertain estimate changes any conclusion followed", file=sys.stderr)
    if "nash" in result.options:
        options = options_figure(result, "nash")
        if options.marks:
            figures.append(options)
        else:
            print("note: no options chart: the Nash solution is the same in every sample", file=sys.stderr)
    return figures


def _robust_words(result: Robustness, fig: Figure) -> str:
    from accord.plots.robust import default_event

    return f"tornado chart of '{default_event(result)}'" if fig.name == "tornado" else "options of the Nash solution"


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: cannot plot to {suffix or 'a file without extension'!r}; use a .png or .html file")
    return suffix


def _sibling(path: Path, name: str) -> Path:
    return path.with_name(f"{path.stem}-{name}{path.suffix}")


def _describe(figures: list[Figure], axes: tuple[str, str], draft: str | None, suffix: str) -> list[str]:
    words = {
        "frontier": f"frontier of {axes[0]} and {axes[1]}",
        "parties": "all parties",
        "consensus": f"consensus map of {draft}",
    }
    every = [words[f.name] for f in figures]
    return every if suffix == ".png" else [", ".join(every)]


def _write(path: Path, content: bytes) -> Path:
    from accord.formats.atomic import write_file

    return write_file(path, content, force=True)
