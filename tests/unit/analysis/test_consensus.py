"""The consensus map of a draft, from recorded stances."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.analysis.consensus import consensus_map
from accord.errors import UnknownIdError
from accord.formats import scenario_v1
from accord.model import StanceKind

DATA = Path(__file__).parents[2] / "data" / "scenario" / "valid" / "wage-talks.yaml"
EXTRA = """
  - {party: firm, draft: d1, point: wage, stance: accept}
  - {party: union, draft: d1, point: hours, stance: amend, proposal: h35}
  - {party: union, draft: d1, point: hours, stance: criticise}
  - {party: firm, draft: d1, stance: accept}
  - {party: union, draft: d2, point: hours, stance: amend, proposal: h35}
"""


def _scenario():  # type: ignore[no-untyped-def]
    text = DATA.read_text().replace(
        "stance: unacceptable, note: too low}\n", "stance: unacceptable, note: too low}" + EXTRA
    )
    return scenario_v1.loads(text)


def test_consensus_map_of_a_draft() -> None:
    cmap = consensus_map(_scenario(), "d1")
    assert cmap.parties == ("union", "firm")
    wage, hours = cmap.points
    assert wage.choice == 2
    assert wage.stances == {"union": StanceKind.UNACCEPTABLE, "firm": StanceKind.ACCEPT}
    assert wage.count(StanceKind.ACCEPT) == 1
    assert wage.contested
    # the later criticism replaces the amendment, and its proposal goes with it
    assert hours.stances == {"union": StanceKind.CRITICISE, "firm": None}
    assert hours.proposals == {}
    assert not hours.contested
    assert cmap.contested_points() == ("wage",)
    assert cmap.overall == {"union": None, "firm": StanceKind.ACCEPT}


def test_open_points_and_amendments() -> None:
    cmap = consensus_map(_scenario(), "d2")
    hours = cmap.points[1]
    assert hours.choice is None
    assert hours.proposals == {"union": "h35"}
    assert cmap.contested_points() == ("hours",)


def test_unknown_draft() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown draft 'd22'; did you mean 'd2'\? \(known: d1, d2\)") as caught:
        consensus_map(_scenario(), "d22")
    assert caught.value.known == ("d1", "d2")
    with pytest.raises(KeyError):  # still what callers caught before
        consensus_map(_scenario(), "nope")
