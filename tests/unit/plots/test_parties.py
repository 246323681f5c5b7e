"""The all-parties chart: one line per solution, complete draft and proposal through every
party's utility; a bar per party over each open draft's range; each party's no-deal value."""

from __future__ import annotations

import itertools

import pytest

from accord.analysis.results import SOLUTION_LABELS
from accord.api import Analysis, Case
from accord.errors import UnknownIdError
from accord.plots import PlotData, Points, Rect, parties_figure

ORDER = ["delta", "med", "up", "down"]


def test_lines_are_each_partys_utility_of_the_agreement(case: Case, analysis: Analysis, data: PlotData) -> None:
    s = case.scenario
    fig = parties_figure(data, parties=ORDER)
    assert [label for _, label in fig.x_ticks] == [
        "Delta province",
        "River commission (not bargaining)",
        "Upstream",
        "Downstream",
    ]
    lines = {m.legend: m for m in fig.marks if isinstance(m, Points)}
    for name, solution in analysis.solutions.found().items():
        line = lines[SOLUTION_LABELS[name]]
        assert line.x == (0.0, 1.0, 2.0, 3.0)
        assert line.y == pytest.approx([s.utility(p, solution.outcome.agreement) for p in ORDER])
    (proposal,) = data.proposals
    assert lines["proposal #1"].y == pytest.approx([s.utility(p, proposal.outcome.agreement) for p in ORDER])
    assert lines["draft d1"].y == pytest.approx([s.utility(p, s.draft("d1").choices) for p in ORDER])
    dashes = lines["no deal (each party's no-deal value)"]
    assert dashes.y == (0.05, 0.3, 0.1, 0.15)
    assert "the fair solutions, the drafts and the proposals" in fig.title


def test_open_drafts_are_bars_over_their_ranges(case: Case, data: PlotData) -> None:
    s = case.scenario
    fig = parties_figure(data, parties=ORDER)
    bars = [m for m in fig.marks if isinstance(m, Rect)]
    assert {b.legend.split(" ")[1] for b in bars} == {"d2", "d3"}  # none left out
    for draft_id in ("d2", "d3"):
        draft = s.draft(draft_id)
        mine = [b for b in bars if b.legend.startswith(f"draft {draft_id} ")]
        assert len(mine) == len(ORDER)  # one bar per party
        open_points = [p for p in s.points if p.id not in draft.choices]
        completions = [
            {**draft.choices, **dict(zip([p.id for p in open_points], values, strict=True))}
            for values in itertools.product(*(p.values() for p in open_points))
        ]
        for i, (party, bar) in enumerate(zip(ORDER, mine, strict=True)):
            values = [s.utility(party, c) for c in completions]
            assert (bar.y0, bar.y1) == pytest.approx((min(values), max(values)))
            assert bar.x0 < bar.x1
            assert abs((bar.x0 + bar.x1) / 2 - i) < 0.3


def test_unknown_parties_and_nothing_to_show(data: PlotData) -> None:
    with pytest.raises(UnknownIdError, match="did you mean 'delta'"):
        parties_figure(data, parties=["up", "delt"])
    empty = parties_figure(PlotData(no_deal={"up": 0.1}), parties=["up"])
    assert "nothing" in empty.title
