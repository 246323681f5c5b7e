"""The robustness figures from a hand-made result: the tornado chart (bars, ranking, the
overall line, the default event) and the stability of a solution's options (stacks,
shares, the points left out); both drawn to PNG and HTML, and written by ``--plot``."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from accord.analysis.robust import Acceptance, Compromise, Effect, Interval, Robustness, Sensitivity
from accord.cli.plot import write_robust_plots
from accord.errors import AnalysisError, InputError, UnknownIdError
from accord.plots import Bars, Figure, Rule, html_page, options_figure, png_bytes, tornado_figure
from accord.plots.robust import default_event, event_probability


def _iv(p: float) -> Interval:
    return Interval(p, max(0.0, p - 0.03), min(1.0, p + 0.03), 400)


def _sens(label: str, party: str, kind: str, effects: dict[str, tuple[float, float]]) -> Sensitivity:
    return Sensitivity(
        label=label,
        party=party,
        kind=kind,
        point=None,
        value=None,
        estimate=0.5,
        range=(0.4, 0.6) if kind != "red_line" else (0.0, 1.0),
        effects=tuple(Effect(e, lo, hi) for e, (lo, hi) in effects.items()),
    )


SENSITIVITY = (
    _sens("a reservation", "a", "reservation", {"a accepts d2": (0.95, 0.10), "all accept d2": (0.5, 0.2)}),
    _sens("b weight of x", "b", "weight", {"a accepts d2": (0.50, 0.56), "all accept d2": (0.1, 0.6)}),
    _sens("b red line x=1", "b", "red_line", {"a accepts d2": (0.40, 0.70), "all accept d2": (0.3, 0.4)}),
)


@pytest.fixture
def result() -> Robustness:
    return Robustness(
        samples=400,
        seed=0,
        parties=("a", "b"),
        bargainers=("a", "b"),
        solution_samples=100,
        drafts=(
            Acceptance("d1", "draft", _iv(0.0), {"a": _iv(1.0), "b": _iv(0.0)}),
            Acceptance("d2", "draft", _iv(0.36), {"a": _iv(0.61), "b": _iv(0.72)}, ("z",)),
        ),
        solutions=(Acceptance("nash", "solution", _iv(0.84), {"a": _iv(0.9), "b": _iv(0.93)}),),
        proposals=(),
        current="d2",
        deal=_iv(0.97),
        options={
            "nash": {
                "x": {"low": 0.5, "high": 0.45},
                "y": {"one": 0.95},
                "z": {"p": 0.7, "quite-long": 0.1, "r": 0.1, "something-long": 0.05},
                "w": {"1000": 0.9, "2000": 0.05},
            }
        },
        missing={"nash": 0.05},
        robust=Compromise({"x": "low", "y": "one"}, _iv(0.99), "solver", True, 100),
        sensitivity=SENSITIVITY,
        uncertain=3,
    )


def _bars(fig: Figure) -> dict[str, Bars]:
    return {m.legend: m for m in fig.marks if isinstance(m, Bars)}


def _rows(fig: Figure) -> list[str]:
    """The y labels, top to bottom."""
    return [label for _, label in sorted(fig.y_ticks, reverse=True)]


def test_the_tornado_ranks_the_estimates_by_their_effect_on_the_event(result: Robustness) -> None:
    fig = tornado_figure(result, "a accepts d2")
    assert fig.name == "tornado"
    assert _rows(fig) == ["a reservation", "b red line x=1", "b weight of x"]  # swings 0.85, 0.30, 0.06
    assert "a accepts d2" in fig.title
    assert fig.x_label == "probability"
    assert fig.x_range == (0.0, 1.0)
    low, high = _bars(fig)["estimate low"], _bars(fig)["estimate high"]
    assert low.style.colour != high.style.colour
    # each bar runs from the overall probability (a's acceptance of d2: 0.61) to the event's
    # probability with the estimate low, or high
    assert (low.start[0], low.stop[0]) == (0.61, 0.95)
    assert (high.start[0], high.stop[0]) == (0.10, 0.61)
    assert low.y[0] > high.y[0] > low.y[1]  # one row per estimate, the largest on top
    rules = [m for m in fig.marks if isinstance(m, Rule)]
    assert [(r.axis, r.value) for r in rules] == [("x", 0.61)]
    assert "61%" in rules[0].legend
    assert high.hover[1] == "b red line x=1 when it holds: a accepts d2 in 70% of the samples"
    assert low.hover[0] == "a reservation in the lowest third of 0.4 to 0.6: a accepts d2 in 95% of the samples"


def test_the_tornado_keeps_the_top_ones(result: Robustness) -> None:
    fig = tornado_figure(result, "all accept d2", top=2)
    assert _rows(fig) == ["b weight of x", "a reservation"]  # swings 0.5, 0.3 (and 0.1 left out)
    assert len(_bars(fig)["estimate low"].y) == 2
    assert [m.value for m in fig.marks if isinstance(m, Rule)] == [0.36]


def test_the_default_event_is_all_accepting_the_current_draft(result: Robustness) -> None:
    assert default_event(result) == "all accept d2"
    assert tornado_figure(result).title == tornado_figure(result, "all accept d2").title
    # without it: the event about the current draft the top estimate moves most
    fewer = dataclasses.replace(
        result, sensitivity=tuple(dataclasses.replace(s, effects=s.effects[:1]) for s in SENSITIVITY)
    )
    assert default_event(fewer) == "a accepts d2"
    assert default_event(dataclasses.replace(result, sensitivity=())) is None


def test_without_a_stated_probability_the_bars_meet_in_the_middle(result: Robustness) -> None:
    other = dataclasses.replace(
        result, sensitivity=(_sens("a reservation", "a", "reservation", {"something else": (0.2, 0.6)}),)
    )
    assert event_probability(other, "something else") is None
    fig = tornado_figure(other, "something else")
    assert not [m for m in fig.marks if isinstance(m, Rule)]
    bars = _bars(fig)
    assert (bars["estimate low"].start[0], bars["estimate low"].stop[0]) == (0.2, 0.4)
    assert (bars["estimate high"].start[0], bars["estimate high"].stop[0]) == (0.4, 0.6)


def test_event_probabilities_come_from_the_result(result: Robustness) -> None:
    assert event_probability(result, "all accept d1") == 0.0
    assert event_probability(result, "b accepts d2") == 0.72
    assert event_probability(result, "all accept the estimates' Nash solution") == 0.84
    assert event_probability(result, "Nash keeps x=low") == 0.5
    assert event_probability(result, "Nash keeps w=1,000") == 0.9  # numbers as the events write them
    assert event_probability(result, "Nash keeps x=middle") is None


def test_an_unknown_event_is_named(result: Robustness) -> None:
    with pytest.raises(UnknownIdError, match="all accept d3"):
        tornado_figure(result, "all accept d3")


def test_nothing_to_show_gives_an_empty_tornado(result: Robustness) -> None:
    fig = tornado_figure(dataclasses.replace(result, sensitivity=()))
    assert fig.marks == ()
    assert "Nothing to show" in fig.title


def test_the_options_figure_stacks_the_points_where_the_solution_varies(result: Robustness) -> None:
    fig = options_figure(result)
    assert fig.name == "options"
    assert _rows(fig) == ["x", "z", "w"]  # y never varies; least stable on top
    bars = _bars(fig)
    first = bars["most frequent option"]
    assert first.labels[0] == "low 50%"
    assert [round(b - a, 9) for a, b in zip(first.start, first.stop, strict=True)] == [0.5, 0.7, 0.9]
    assert bars["second"].labels == ("high 45%", "quite-long", "2,000")  # the option alone where both do not fit
    other = bars["other options"]
    assert other.labels == ("",)  # too short for its label; its hover says it
    assert other.hover == ("z: something-long in 5% of 100 samples",)
    gap = bars["no solution (no deal in the sample)"]
    assert gap.stop == pytest.approx((1.0, 1.0, 1.0))
    assert gap.start == pytest.approx((0.95, 0.95, 0.95))
    assert "Nash bargaining" in fig.title
    for row in range(3):  # the segments of a row follow each other from 0
        segments = sorted(
            (a, b) for m in bars.values() for y, a, b in zip(m.y, m.start, m.stop, strict=True) if y == row
        )
        assert segments[0][0] == 0.0
        assert all(abs(segments[i][1] - segments[i + 1][0]) < 1e-9 for i in range(len(segments) - 1))


def test_the_options_figure_keeps_the_top_ones_and_names_solutions(result: Robustness) -> None:
    assert _rows(options_figure(result, "nash", top=1)) == ["x"]
    with pytest.raises(AnalysisError, match="did not compute the Kalai-Smorodinsky solution"):
        options_figure(result, "ks")
    with pytest.raises(UnknownIdError):
        options_figure(result, "fair")
    stable = dataclasses.replace(result, options={"nash": {"y": {"one": 1.0}}})
    assert options_figure(stable).marks == ()


def test_both_figures_draw_to_png_and_html(result: Robustness) -> None:
    import plotly.offline

    figures = [tornado_figure(result), options_figure(result)]
    for fig in figures:
        image = Image.open(io.BytesIO(png_bytes(fig)))
        image.verify()
        assert image.format == "PNG"
    page = html_page(figures, title="Robustness")
    assert page.count(plotly.offline.get_plotlyjs()) == 1
    assert page.count("Plotly.newPlot(") == 2
    assert "a reservation" in page
    assert '"orientation":"h"' in page
    assert '"barmode":"overlay"' in page


def test_write_robust_plots(result: Robustness, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "out" / "r.png"
    assert write_robust_plots(result, png, quiet=False) == [png, tmp_path / "out" / "r-options.png"]
    out = capsys.readouterr().out
    assert f"wrote {png} (tornado chart of 'all accept d2')" in out
    assert "r-options.png (options of the Nash solution)" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = tmp_path / "r.html"
    assert write_robust_plots(result, page, quiet=True) == [page]
    assert capsys.readouterr().out == ""
    assert page.read_text().count("Plotly.newPlot(") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "r.html"]  # no temporary file left


def test_write_robust_plots_skips_what_has_nothing_to_show(
    result: Robustness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stable = dataclasses.replace(result, options={"nash": {"y": {"one": 1.0}}})
    assert write_robust_plots(stable, tmp_path / "r.png", quiet=True) == [tmp_path / "r.png"]
    assert "the Nash solution is the same in every sample" in capsys.readouterr().err
    empty = dataclasses.replace(stable, sensitivity=())
    assert write_robust_plots(empty, tmp_path / "e.png", quiet=True) == []
    assert "(" + str(tmp_path / "e.png") + " not written)" in capsys.readouterr().err
    assert not (tmp_path / "e.png").exists()


def test_write_robust_plots_refuses_another_suffix(result: Robustness, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"cannot plot to '\.svg'; use a \.png or \.html file"):
        write_robust_plots(result, tmp_path / "r.svg", quiet=True)
