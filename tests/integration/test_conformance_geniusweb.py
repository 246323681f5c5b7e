"""Conformance over ../shared/data/geniusweb: its top folder, every sub-folder, and the loose files.

Each imports or is refused for the reason listed in REFUSED (also in
docs/reference/formats.md). For each imported domain, 100 random agreements (seeded) get
the same utility as an evaluator written here from GeniusWeb's definition, reading the JSON
itself; both writers round-trip them exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.errors import ScenarioError, UnsupportedFormatError
from accord.formats.detect import load
from accord.formats.export_common import value_label
from accord.formats.genius_write import write_genius
from accord.formats.genius_xml import read_genius
from accord.formats.geniusweb_json import read_geniusweb
from accord.formats.geniusweb_write import write_geniusweb
from accord.model import Value
from oracle import assert_loads_within_the_model_or_names_it, random_agreements

WEB = Path(__file__).parents[2] / ".." / "shared" / "data" / "geniusweb"
FOLDERS = [WEB, *sorted(p for p in WEB.rglob("*") if p.is_dir())] if WEB.is_dir() else []
LOOSE = sorted(p for p in WEB.iterdir() if p.is_file() and p.suffix == ".json") if WEB.is_dir() else []
AGREEMENTS = 100
_ALONE = (UnsupportedFormatError, "a GENIUS or GeniusWeb file on its own; pass the folder")
_NOT_ACCORD = (UnsupportedFormatError, "not an accord scenario")
REFUSED: dict[str, tuple[type[Exception], str]] = {
    ".": (UnsupportedFormatError, "party1.json is for domain 'party', which differs from 'japantrip'"),
    "9issues": (ScenarioError, "1 GeniusWeb profile(s) (9issues1); a negotiation needs two"),
    "negmas-tests": (UnsupportedFormatError, "only sub-folders (Fitness, FlightBooking, JapnTrip, Party)"),
    "japantrip1.json": _ALONE,
    "party1.json": _ALONE,
    "testprofile.json": _ALONE,
    **dict.fromkeys(("mopac.json", "settings.json", "settings2.json", "settingsbadprofile.json"), _NOT_ACCORD),
    **dict.fromkeys(("shaoptoursettings.json", "tournament.json"), _NOT_ACCORD),
}
IMPORTED = [f for f in FOLDERS if f.relative_to(WEB).as_posix() not in REFUSED]


def _id(path: Path) -> str:
    return path.relative_to(WEB).as_posix()


@pytest.mark.shared_data
@pytest.mark.parametrize("path", FOLDERS + LOOSE, ids=_id)
def test_path_imports_or_is_refused_for_its_reason(path: Path) -> None:
    refusal = REFUSED.get(_id(path))
    if refusal is None:
        scenario = load(path).scenario
        assert scenario.origin == "geniusweb"
        assert len(scenario.rated_parties) >= 2
        return
    kind, text = refusal
    with pytest.raises(kind) as info:
        load(path)
    assert text in str(info.value)


def geniusweb_utility(profile: dict[str, Any], agreement: dict[str, Value]) -> float:
    """sum of issueWeights[i] * utility(value): discrete table (0 if absent), or linear in [low, high]."""
    body = profile["LinearAdditiveUtilitySpace"]
    total = 0.0
    for issue, weight in body["issueWeights"].items():
        spec = body["issueUtilities"][issue]
        value = agreement[issue]
        table = spec.get("DiscreteValueSetUtilities") or spec.get("discreteutils")
        if table is not None:
            total += weight * table["valueUtilities"].get(str(value), 0.0)
            continue
        n = spec["NumberValueSetUtilities"]
        x = float(value)
        if n["lowValue"] <= x <= n["highValue"]:
            share = (x - n["lowValue"]) / (n["highValue"] - n["lowValue"])
            total += weight * (n["lowUtility"] + (n["highUtility"] - n["lowUtility"]) * share)
    return total


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", IMPORTED, ids=_id)
def test_utilities_equal_the_geniusweb_definition(folder: Path) -> None:
    scenario = read_geniusweb(folder).scenario
    profiles = {p: json.loads((folder / f"{p}.json").read_text(encoding="utf-8")) for p in scenario.rated_parties}
    for agreement in random_agreements(scenario, _id(folder), AGREEMENTS):
        for party, profile in profiles.items():
            assert scenario.utility(party, agreement) == pytest.approx(geniusweb_utility(profile, agreement), abs=1e-9)
    for party, profile in profiles.items():
        bid = profile["LinearAdditiveUtilitySpace"].get("reservationBid")
        expected = geniusweb_utility(profile, bid["issuevalues"]) if bid else 0.0
        assert scenario.preferences[party].reservation == pytest.approx(expected, abs=1e-9)


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", IMPORTED, ids=_id)
def test_both_writers_round_trip(folder: Path, tmp_path: Path) -> None:
    scenario = read_geniusweb(folder).scenario
    chosen = random_agreements(scenario, _id(folder), AGREEMENTS)
    for write, read in ((write_genius, read_genius), (write_geniusweb, read_geniusweb)):
        out = tmp_path / write.__name__
        write(scenario, out)
        copy = read(out).scenario
        for agreement in chosen:
            moved = {k: (v if copy.point(k).is_numeric else value_label(v)) for k, v in agreement.items()}
            for party in scenario.rated_parties:
                assert copy.utility(party, moved) == pytest.approx(scenario.utility(party, agreement), abs=1e-12)
        for party in scenario.rated_parties:
            assert copy.preferences[party].reservation == pytest.approx(
                scenario.preferences[party].reservation, abs=1e-12
            )


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_folder_loads_within_the_model_or_names_the_file_it_refuses(folder: Path) -> None:
    assert_loads_within_the_model_or_names_it(folder)
