"""Import a scenario, export it: the same scenario for the analyst, only what each viewer may
see for the others (the one rule: accord.views.Viewer)."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

import pytest

import accord
from accord.errors import ForbiddenError, UnknownIdError
from accord.formats.scenario_v1_write import dump_scenario
from accord.model import Scenario
from accord.store import Store
from accord.views import Viewer

ROOT = Path(__file__).parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FLAGSHIP = ROOT / "examples" / "ukraine-2025.yaml"
SHARED = ROOT.parent / "shared" / "data"
DOMAINS = [p for p in (SHARED / "genius" / "y2011" / "Energy", SHARED / "geniusweb" / "jobs") if p.is_dir()]


def _imported(store: Store, path: Path) -> tuple[int, Scenario]:
    user = store.create_user("mediator", "a long passphrase")
    scenario = accord.load(path).scenario
    return store.import_scenario(scenario, user.id), scenario


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_exports_as_it_was_imported(store: Store, path: Path) -> None:
    nid, scenario = _imported(store, path)
    assert store.export_scenario(nid, Viewer()) == scenario


@pytest.mark.shared_data
@pytest.mark.parametrize("path", DOMAINS, ids=lambda p: p.name)
def test_a_genius_or_geniusweb_domain_exports_as_it_was_imported(store: Store, path: Path) -> None:
    nid, scenario = _imported(store, path)
    back = store.export_scenario(nid, Viewer())
    assert back == scenario
    assert back.origin in ("genius", "geniusweb")
    for party in scenario.rated_parties:  # the source's own scale and weight total, kept
        assert back.preferences[party].rating_scale == scenario.preferences[party].rating_scale
        assert back.preferences[party].weight_total == scenario.preferences[party].weight_total


def test_the_flagship_keeps_its_record_in_order(store: Store) -> None:
    nid, scenario = _imported(store, FLAGSHIP)
    back = store.export_scenario(nid, Viewer())
    assert [d.id for d in back.drafts] == [d.id for d in scenario.drafts]
    assert back.stances == scenario.stances
    assert any(s.source is not None for s in back.stances)
    assert back.is_uncertain


RESERVATION = 0.314159265
WEIGHT = 12345.678


def _with_sentinels(scenario: Scenario) -> Scenario:
    """The scenario with numbers that appear nowhere else in every party's preferences: a
    weight and a reservation value that differ per party (party i: WEIGHT + i)."""
    preferences = {
        party: replace(
            prefs,
            reservation=RESERVATION + i / 1e9,
            weights={**prefs.weights, next(iter(prefs.weights)): WEIGHT + i},
            uncertain=tuple(u for u in prefs.uncertain if u.kind != "reservation"),
        )
        for i, (party, prefs) in enumerate(scenario.preferences.items())
    }
    return replace(scenario, preferences=preferences)


@pytest.mark.parametrize("party", ["ua", "ru", "us"])
def test_a_party_exports_its_own_preferences_only(store: Store, party: str) -> None:
    """No number of another party's preferences appears in the party's export, neither in
    the scenario nor in the file written from it (format v1, as `accord export` writes)."""
    user = store.create_user("mediator", "a long passphrase")
    scenario = _with_sentinels(accord.load(FLAGSHIP).scenario)
    nid = store.import_scenario(scenario, user.id)
    view = store.export_scenario(nid, Viewer.for_party(party))
    assert list(view.preferences) == [party]
    assert view.preferences[party] == scenario.preferences[party]
    shown = repr(asdict(view)) + dump_scenario(view)
    everything = repr(asdict(scenario)) + dump_scenario(scenario)
    for i, other in enumerate(scenario.preferences):
        for secret in (f"{WEIGHT + i}", f"{RESERVATION + i / 1e9}"):
            assert secret in everything
            assert (secret in shown) == (other == party)


@pytest.mark.parametrize("role", ["mediator", "observer"])
def test_the_mediator_and_observers_export_no_preferences(store: Store, role: str) -> None:
    nid, scenario = _imported(store, FLAGSHIP)
    view = store.export_scenario(nid, Viewer(role))  # type: ignore[arg-type]
    assert view.preferences == {}
    assert view.drafts == scenario.drafts
    assert view.stances == scenario.stances


def test_shared_preferences_are_exported_to_whom_they_were_shared(store: Store) -> None:
    nid, _ = _imported(store, FLAGSHIP)
    view = store.export_scenario(nid, Viewer("mediator", shared=frozenset({"ua"})))
    assert list(view.preferences) == ["ua"]


def test_preferences_are_read_by_their_party_alone(store: Store) -> None:
    nid, scenario = _imported(store, FLAGSHIP)
    own = store.preferences(nid, "ua", Viewer.for_party("ua"))
    assert own.value == scenario.preferences["ua"]
    assert own.version == 1
    for viewer in (Viewer.for_party("ru"), Viewer("mediator"), Viewer("observer")):
        with pytest.raises(ForbiddenError) as info:
            store.preferences(nid, "ua", viewer)
        assert info.value.status == 403


def test_an_unknown_negotiation_or_party_is_named(store: Store) -> None:
    nid, _ = _imported(store, FLAGSHIP)
    with pytest.raises(UnknownIdError, match="unknown negotiation 999"):
        store.export_scenario(999, Viewer())
    with pytest.raises(UnknownIdError, match="did you mean 'ua'"):
        store.preferences(nid, "uaa", Viewer())
