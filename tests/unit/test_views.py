"""The confidentiality rule, as a table: each viewer role against own, shared and other
parties' preferences, the analysis, and the copy of a scenario it may be shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import accord
from accord.analysis.robust import Acceptance, Compromise, Effect, Interval, Robustness, Sensitivity
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


def _robustness(parties: tuple[str, ...] = ("ua", "ru")) -> Robustness:
    """A hand-made result: parties ``ua`` and ``ru`` (and others given), events about
    everyone and about one party."""
    iv = Interval(0.5, 0.4, 0.6, 100)

    def acceptance(id: str) -> Acceptance:
        return Acceptance(id, "draft", iv, {"ua": Interval(0.61, 0.5, 0.7, 100), "ru": Interval(0.17, 0.1, 0.2, 100)})

    effects = (
        Effect("all accept d", 0.4, 0.5),
        Effect("ua accepts d", 0.9, 0.1, "ua"),
        Effect("ru accepts d", 0.0, 1.0, "ru"),
        Effect("all accepts d", 0.2, 0.9, "all"),  # about a party "all", if there is one
        Effect("Nash keeps x=1", 0.3, 0.5),
    )

    def sensitivity(label: str, party: str) -> Sensitivity:
        return Sensitivity(label, party, "reservation", None, None, 0.5, (0.4, 0.6), effects)

    return Robustness(
        samples=100,
        seed=0,
        parties=parties,
        bargainers=parties,
        solution_samples=10,
        drafts=(acceptance("d"),),
        solutions=(acceptance("nash"),),
        proposals=(acceptance("proposal 1"),),
        current="d",
        deal=iv,
        options={"nash": {"x": {"1": 0.5, "2": 0.5}}},
        missing={"nash": 0.0},
        robust=Compromise({"x": "1"}, iv, "solver", True, 10),
        sensitivity=(sensitivity("ru reservation", "ru"), sensitivity("ua reservation", "ua")),
        uncertain=2,
    )


def test_the_robustness_analysis_as_each_viewer_may_see_it() -> None:
    result = _robustness()
    assert Viewer().robustness(result) is result
    assert Viewer("observer").robustness(result) is None
    ua = Viewer.for_party("ua").robustness(result)
    assert ua is not None
    for a in (*ua.drafts, *ua.solutions, *ua.proposals):
        assert list(a.party) == ["ua"]
        assert a.all == result.drafts[0].all  # every bargainer at once: the analysis
    assert [s.label for s in ua.sensitivity] == ["ua reservation"]
    assert [e.event for e in ua.sensitivity[0].effects] == ["all accept d", "ua accepts d", "Nash keeps x=1"]
    assert ua.uncertain == 1
    assert (ua.deal, ua.options, ua.robust) == (result.deal, result.options, result.robust)
    mediator = Viewer("mediator").robustness(result)
    assert mediator is not None
    assert mediator.sensitivity == ()
    assert all(a.party == {} for a in mediator.drafts)
    shared = Viewer("mediator", shared=frozenset({"ru"})).robustness(result)
    assert shared is not None
    assert [s.label for s in shared.sensitivity] == ["ru reservation"]
    assert [e.event for e in shared.sensitivity[0].effects] == ["all accept d", "ru accepts d", "Nash keeps x=1"]


def test_an_event_is_about_the_party_it_names_not_the_words_of_its_name() -> None:
    """With a party ``all``, "all accepts d" is about that party and hidden from ua, while
    "all accept d" (every bargainer) stays: the rule reads each event's party, not its text."""
    result = _robustness(("ua", "ru", "all"))
    ua = Viewer.for_party("ua").robustness(result)
    assert ua is not None
    assert [e.event for e in ua.sensitivity[0].effects] == ["all accept d", "ua accepts d", "Nash keeps x=1"]
    sharing = Viewer.for_party("ua", shared=["all"]).robustness(result)
    assert sharing is not None
    assert [e.event for e in sharing.sensitivity[0].effects] == [
        "all accept d",
        "ua accepts d",
        "all accepts d",
        "Nash keeps x=1",
    ]


def test_the_estimates_are_ranked_again_by_what_the_viewer_sees() -> None:
    """ru's estimate ranks by an effect on an event ua may not see; ua's view ranks its own
    by the events it sees."""
    result = _robustness()
    strong = Sensitivity(
        "ua weight of x", "ua", "weight", "x", None, 1.0, (0.5, 1.5), (Effect("ru accepts d", 0, 1, "ru"),)
    )
    weak = Sensitivity(
        "ua rating of x=1", "ua", "rating", "x", "1", 50.0, (40.0, 60.0), (Effect("ua accepts d", 0.4, 0.6, "ua"),)
    )
    ua = Viewer.for_party("ua").robustness(replace(result, sensitivity=(strong, weak)))
    assert ua is not None
    assert [s.label for s in ua.sensitivity] == ["ua rating of x=1", "ua weight of x"]
    assert ua.sensitivity[1].effects == ()
