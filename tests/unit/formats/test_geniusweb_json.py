"""GeniusWeb JSON reader: linear additive profiles, reservation bids, skipped files, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import accord.errors
from accord.formats.geniusweb_json import kind_of, load_json, looks_like_json, number_breakpoints, read_geniusweb
from accord.model import NumericRange, PiecewiseLinear

DATA = Path(__file__).parents[2] / "data" / "geniusweb"
VALID = sorted(p for p in (DATA / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", VALID, ids=lambda p: p.name)
def test_valid_folders_import(folder: Path) -> None:
    scenario = read_geniusweb(folder).scenario
    assert scenario.origin == "geniusweb"
    assert len(scenario.rated_parties) == 2


@pytest.mark.parametrize("folder", INVALID, ids=lambda p: p.name)
def test_invalid_folders_give_their_error(folder: Path) -> None:
    kind, text = (folder / "EXPECTED").read_text(encoding="utf-8").splitlines()[:2]
    with pytest.raises(getattr(accord.errors, kind)) as info:
        read_geniusweb(folder)
    assert text in str(info.value)


def test_domain_points_and_parties() -> None:
    scenario = read_geniusweb(DATA / "valid" / "trip").scenario
    assert scenario.title == "trip"
    city, budget, nights = scenario.points
    assert city.values() == ("Kyoto", "Osaka", "Nara")
    assert budget.values() == (100, 300, 500, 700, 900)
    assert nights.values() == (1, 2, 3, 4, 5)
    assert [p.id for p in scenario.parties] == ["ann", "ben"]


def test_utilities_follow_geniusweb() -> None:
    scenario = read_geniusweb(DATA / "valid" / "trip").scenario
    agreement = {"city": "Nara", "budget": 300, "nights": 1}
    # ann: Nara has no utility (0); budget 1.0 -> 0.2 over 100..900; nights 0 below lowValue 2.
    assert scenario.utility("ann", agreement) == pytest.approx(0.3 * 0.8)
    assert scenario.utility("ann", {"city": "Kyoto", "budget": 900, "nights": 3}) == pytest.approx(
        0.5 + 0.3 * 0.2 + 0.2 * 0.75
    )
    # ben reads the older lowercase `discreteutils` key
    assert scenario.utility("ben", agreement) == pytest.approx(0.2 + 0.6 * 0.25 + 0.2)


def test_reservation_bid_becomes_the_reservation_value() -> None:
    scenario = read_geniusweb(DATA / "valid" / "trip").scenario
    assert scenario.preferences["ann"].reservation == pytest.approx(0.5 * 0.4 + 0.3 * 0.6 + 0.2 * 0.75)
    assert scenario.preferences["ben"].reservation == 0.0


def test_other_files_are_skipped_with_notes() -> None:
    folder = DATA / "valid" / "trip"
    notes = [n.replace(str(folder), "trip") for n in read_geniusweb(folder).notes]
    assert notes == [
        "trip/partial.json: a DefaultPartialOrdering profile has no utilities accord can use; skipped",
        "trip/settings.json: neither a GeniusWeb domain nor a profile (SAOPSettings); ignored",
        "trip/ann.json: LinearAdditiveUtilitySpace.issueUtilities.city.DiscreteValueSetUtilities: no utility "
        "for 'Nara'; read as 0, which is what GeniusWeb's getUtility gives (its isFitting would refuse the profile)",
        "trip: parties read from profiles: 'ann' <- ann.json, 'ben' <- ben.json",
    ]


def test_domain_embedded_in_profiles_is_enough() -> None:
    scenario = read_geniusweb(DATA / "valid" / "embedded").scenario
    assert scenario.title == "tiny"
    assert scenario.preferences["q"].reservation == 1.0
    assert scenario.utility("p", {"x": "b"}) == 0.25


def test_number_breakpoints_are_zero_outside_and_on_the_grid() -> None:
    grid = NumericRange(0, 10, 1)
    points = number_breakpoints(grid, 2.5, 0.4, 7, 1.0)
    curve = PiecewiseLinear(points)
    for x in range(11):
        expected = 0.0 if not 2.5 <= x <= 7 else 0.4 + 0.6 * (x - 2.5) / 4.5
        assert curve(x) == pytest.approx(expected)
    assert all(float(x).is_integer() for x, _ in points)
    assert number_breakpoints(grid, 20, 1, 30, 1) == ((0, 0.0), (10, 0.0))


def test_kind_of_and_sniffing(tmp_path: Path) -> None:
    assert kind_of({"name": "d", "issuesValues": {}}) == "domain"
    assert kind_of({"LinearAdditiveUtilitySpace": {}}) == "profile"
    assert kind_of({"DefaultPartialOrdering": {}}) == "other-profile"
    assert kind_of({"SAOPSettings": {}}) == "other"
    assert kind_of([1, 2]) == "other"
    path = tmp_path / "x.json"
    path.write_text('  {"a": 1}')
    assert looks_like_json(path)
    assert not looks_like_json(tmp_path / "missing.json")


def test_load_json_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(accord.errors.InputError, match="not UTF-8"):
        load_json(bad)


def test_range_with_high_off_the_grid_ends_on_the_grid(tmp_path: Path) -> None:
    domain = {"name": "r", "issuesValues": {"n": {"range": {"low": 0, "high": 10, "step": 3}}}}
    for name in ("a", "b"):
        profile = {
            "LinearAdditiveUtilitySpace": {
                "issueUtilities": {
                    "n": {
                        "NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 0, "highValue": 10, "highUtility": 1}
                    }
                },
                "issueWeights": {"n": 1},
                "domain": domain,
                "name": name,
            }
        }
        (tmp_path / f"{name}.json").write_text(json.dumps(profile))
    scenario = read_geniusweb(tmp_path).scenario
    assert scenario.point("n").values() == (0, 3, 6, 9)
    assert scenario.utility("a", {"n": 9}) == pytest.approx(0.9)


def test_bad_range_and_issue_spec_are_refused(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text(
        json.dumps({"name": "r", "issuesValues": {"n": {"range": {"low": 5, "high": 1, "step": 1}}}})
    )
    with pytest.raises(accord.errors.ScenarioError, match="needs low <= high and step > 0"):
        read_geniusweb(tmp_path)
    (tmp_path / "d.json").write_text(json.dumps({"name": "r", "issuesValues": {"n": {"weird": 1}}}))
    with pytest.raises(accord.errors.UnsupportedFormatError, match="expected"):
        read_geniusweb(tmp_path)


def test_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(accord.errors.UnsupportedFormatError, match="nothing: no such file or folder"):
        read_geniusweb(tmp_path / "nothing")
    (tmp_path / "file.json").write_text("{}")
    with pytest.raises(accord.errors.UnsupportedFormatError, match=r"file\.json: not a folder"):
        read_geniusweb(tmp_path / "file.json")


def _write_folder(folder: Path, issues: dict[str, object], utilities: dict[str, object], **extra: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    domain = {"name": "d", "issuesValues": issues}
    for name in ("a", "b"):
        body = {"issueUtilities": utilities, "issueWeights": dict.fromkeys(issues, 1), "domain": domain, **extra}
        (folder / f"{name}.json").write_text(json.dumps({"LinearAdditiveUtilitySpace": body}))
    return folder


DISCRETE = {"x": {"values": ["a", "b"]}}
NUMBER = {"x": {"range": {"low": 0, "high": 4, "step": 1}}}
DISCRETE_U = {"x": {"DiscreteValueSetUtilities": {"valueUtilities": {"a": 1, "b": 0}}}}
NUMBER_U = {"x": {"NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 0, "highValue": 4, "highUtility": 1}}}


@pytest.mark.parametrize(
    ("issues", "utilities", "message"),
    [
        ({}, DISCRETE_U, "the domain has no issues"),
        ({"x": {"values": ["a", "a"]}}, DISCRETE_U, r"issuesValues.x.values\[1\]: value 'a' is listed twice"),
        (NUMBER, DISCRETE_U, "discrete utilities need a discrete issue"),
        (DISCRETE, NUMBER_U, "number utilities need a number issue"),
        (
            NUMBER,
            {"x": {"NumberValueSetUtilities": {"lowValue": 4, "lowUtility": 0, "highValue": 4, "highUtility": 1}}},
            "highValue 4 is not above lowValue 4",
        ),
        (NUMBER, {"x": {"NumberValueSetUtilities": {"lowValue": True}}}, "lowValue: true is not a number"),
    ],
)
def test_malformed_profiles_are_refused(
    tmp_path: Path, issues: dict[str, object], utilities: dict[str, object], message: str
) -> None:
    with pytest.raises(accord.errors.ScenarioError, match=message):
        read_geniusweb(_write_folder(tmp_path, issues, utilities))


def test_profile_without_utilities_is_refused(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, DISCRETE, DISCRETE_U)
    (folder / "b.json").write_text(json.dumps({"LinearAdditiveUtilitySpace": {"name": "b"}}))
    with pytest.raises(accord.errors.ScenarioError, match="issueUtilities or issueWeights is missing"):
        read_geniusweb(folder)


def test_several_different_domains_are_refused(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, DISCRETE, DISCRETE_U)
    (folder / "d1.json").write_text(json.dumps({"name": "one", "issuesValues": DISCRETE}))
    (folder / "d2.json").write_text(json.dumps({"name": "two", "issuesValues": NUMBER}))
    with pytest.raises(accord.errors.UnsupportedFormatError, match=r"several GeniusWeb domains \(d1.json, d2.json\)"):
        read_geniusweb(folder)


def test_identical_domain_copies_are_fine_and_numbers_in_bids_are_read(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, NUMBER, NUMBER_U, reservationBid={"issuevalues": {"x": 2}})
    for name in ("d1", "d2"):
        (folder / f"{name}.json").write_text(json.dumps({"name": "d", "issuesValues": NUMBER}))
    scenario = read_geniusweb(folder).scenario
    assert scenario.preferences["a"].reservation == 0.5


def test_two_profiles_with_one_name_are_refused(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, DISCRETE, DISCRETE_U)
    (folder / "a.txt").write_text((folder / "a.json").read_text())
    with pytest.raises(accord.errors.UnsupportedFormatError, match="a second profile named 'a'"):
        read_geniusweb(folder)
