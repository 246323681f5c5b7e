"""The confidentiality rule, as a table: each viewer role against own, shared and other
parties' preferences, the analysis, and the copy of a scenario it may be shown."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.errors import AnalysisError
from accord.views import CONFIDENTIAL, Viewer

ROOT = Path(__file__).parents[2]

RULES = [
    # viewer, party looked at, sees preferences
    (Viewer(), "ru", True),
    (Viewer(), "ua", True),
    (Viewer.for_party("ua"), "ua", True),
    (Viewer.for_party("ua"), "ru", False),
    (Viewer.for_party("ua", shared=["ru"]), "ru", True),
    (Viewer.for_party("ua", shared=["ru"]), "eu", False),
    (Viewer("mediator"), "ua", False),
    (Viewer("mediator", shared=frozenset({"ua"})), "ua", True),
    (Viewer("mediator", shared=frozenset({"ua"})), "ru", False),
    (Viewer("observer"), "ua", False),
    (Viewer("observer", shared=frozenset({"ua"})), "ua", False),  # an observer never sees estimates
]


@pytest.mark.parametrize(("viewer", "party", "sees"), RULES)
def test_who_sees_whose_preferences(viewer: Viewer, party: str, sees: bool) -> None:
    assert viewer.sees_preferences(party) is sees
    assert (party in viewer.visible(["us", "ru", "ua", "eu"])) is sees
    assert viewer.only_visible({party: 1.0}) == ({party: 1.0} if sees else {})
    assert viewer.columns([party], [0.5]) == ({party: 0.5} if sees else {})


def test_everyone_but_an_observer_sees_the_analysis() -> None:
    assert [v.sees_analysis for v in (Viewer(), Viewer("mediator"), Viewer.for_party("ua"), Viewer("observer"))] == [
        True,
        True,
        True,
        False,
    ]
    assert Viewer().sees_everything
    assert not Viewer("mediator").sees_everything


def test_the_scenario_a_viewer_may_be_shown_keeps_only_visible_preferences() -> None:
    s = accord.load(ROOT / "examples" / "ukraine-2025.yaml").scenario
    shown = Viewer.for_party("ua").scenario(s)
    assert list(shown.preferences) == ["ua"]
    assert shown.bargainers == ("ua",)
    assert shown.drafts == s.drafts
    assert shown.stances == s.stances
    assert Viewer("observer").scenario(s).preferences == {}
    assert Viewer().scenario(s) == s


def test_a_hidden_constraint_is_never_named() -> None:
    names = {"ru": "Russia", "ua": "Ukraine"}
    assert Viewer.for_party("ua").constraint("ru", "red line recognition=none", names) == CONFIDENTIAL
    assert Viewer.for_party("ua").constraint("ua", "red line x=y", names) == "Ukraine's red line x=y"
    assert "Russia" not in CONFIDENTIAL
    assert "red line" not in CONFIDENTIAL


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Viewer("judge"), "unknown viewer role 'judge'"),  # type: ignore[arg-type]
        (lambda: Viewer("party"), "a party viewer names its party"),
        (lambda: Viewer("mediator", party="ua"), "a party viewer names its party"),
    ],
)
def test_bad_viewers_are_refused(build: object, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        build()  # type: ignore[operator]
