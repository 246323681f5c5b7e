"""The consensus heatmap: one cell per point and party, coloured by the party's stance as
the record holds it, marked where the stance is inferred."""

from __future__ import annotations

import pytest

from accord.analysis.consensus import ConsensusMap, consensus_map
from accord.api import Case
from accord.errors import UnknownIdError
from accord.plots import consensus_figure, html_fragment
from accord.plots.consensus import STANCE_COLOURS

# (party, point) -> (stance, inferred) on draft d3, read off the scenario by hand: stated on
# d3, or (down on fund) carried from d2, which leaves the fund open as d3 does
EXPECTED = {
    ("up", "dam"): ("accept", False),
    ("down", "dam"): ("unacceptable", True),
    ("delta", "quota"): ("amend", True),
    ("press", "fund"): ("criticise", False),
    ("down", "fund"): ("accept", True),
    ("med", "(whole draft)"): ("criticise", False),
}


@pytest.fixture
def cm(case: Case) -> ConsensusMap:
    return consensus_map(case.scenario, "d3")


def test_cells_match_the_record(case: Case, cm: ConsensusMap) -> None:
    parties = [p.id for p in case.scenario.parties]
    fig = consensus_figure(cm, parties=parties, title="River")
    cells = fig.cells
    assert cells is not None
    points = [*case.scenario.point_ids, "(whole draft)"]
    assert [r.split(" ")[0] for r in cells.rows] == [*case.scenario.point_ids, "(whole"]
    assert cells.columns == tuple(parties)
    for r, point in enumerate(points):
        for c, party in enumerate(parties):
            stance, inferred = EXPECTED.get((party, point), ("", False))
            assert cells.kinds[r][c] == stance, (party, point)
            assert cells.marked[r][c] is inferred, (party, point)
            assert cells.texts[r][c].endswith(" *") is inferred
    assert cells.texts[points.index("quota")][parties.index("delta")] == "amend: share *"
    assert "read from a speech" in cells.hover[0][parties.index("down")]
    assert "The dam is acceptable" in cells.hover[0][parties.index("up")]
    assert "(from d2)" in cells.hover[points.index("fund")][parties.index("down")]
    assert set(cells.colours) == {"accept", "amend", "criticise", "unacceptable"}
    assert cells.rows[1] == "quota (fixed)"
    assert cells.rows[2] == "fund (open)"


def test_parties_choose_and_order_the_columns(case: Case, cm: ConsensusMap) -> None:
    fig = consensus_figure(cm, parties=["down", "up"], names={"down": "Downstream"})
    assert fig.cells.columns == ("Downstream", "up")
    assert fig.cells.kinds[0] == ("unacceptable", "accept")
    assert "Press" not in fig.to_json()
    assert "press" not in fig.to_json()
    with pytest.raises(UnknownIdError, match="did you mean 'down'"):
        consensus_figure(cm, parties=["dowm"])


def test_html_outlines_each_inferred_cell(case: Case, cm: ConsensusMap) -> None:
    from accord.plots import plotly_figure

    fig = consensus_figure(cm, parties=[p.id for p in case.scenario.parties])
    drawn = plotly_figure(fig)
    outlined = {(round(s.x0 + 0.45), round(s.y0 + 0.42)) for s in drawn.layout.shapes}
    parties = [p.id for p in case.scenario.parties]
    points = [*case.scenario.point_ids, "(whole draft)"]
    expected = {(parties.index(p), points.index(q)) for (p, q), (_, inferred) in EXPECTED.items() if inferred}
    assert outlined == expected
    (heatmap,) = [t for t in drawn.data if t.type == "heatmap"]
    kinds = ["", *STANCE_COLOURS]
    assert [[kinds[z] for z in row] for row in heatmap.z] == [list(row) for row in fig.cells.kinds]
    assert "inferred" in html_fragment(fig)
