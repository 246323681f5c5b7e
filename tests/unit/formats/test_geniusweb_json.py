"""GeniusWeb JSON reader: linear additive profiles, reservation bids, skipped files, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import accord.errors
from accord.formats.geniusweb_json import kind_of, load_json, looks_like_json, read_geniusweb
from accord.formats.geniusweb_profile import number_breakpoints
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


# -- values outside GeniusWeb's rules are refused with file and JSON path (issue 9) -----

TWO = {"x": {"values": ["a", "b"]}, "y": {"values": ["c", "d"]}}
TWO_U = {
    "x": {"DiscreteValueSetUtilities": {"valueUtilities": {"a": 1, "b": 0}}},
    "y": {"DiscreteValueSetUtilities": {"valueUtilities": {"c": 0.5, "d": 1}}},
}


def _profile_a(folder: Path, **changes: object) -> Path:
    """``folder`` with two valid profiles over TWO; ``a.json``'s body updated with ``changes``."""
    _write_folder(folder, TWO, TWO_U)
    for name in ("a", "b"):
        data = json.loads((folder / f"{name}.json").read_text())
        data["LinearAdditiveUtilitySpace"]["issueWeights"] = {"x": 0.5, "y": 0.5}
        if name == "a":
            data["LinearAdditiveUtilitySpace"].update(changes)
        (folder / f"{name}.json").write_text(json.dumps(data))
    return folder


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        (
            {"issueWeights": {"x": 5, "y": 5}},
            "issueWeights",
            "the weights sum to 10; GeniusWeb requires them to sum to 1",
        ),
        ({"issueWeights": {"x": 1.5, "y": -0.5}}, "issueWeights.y", "weight -0.5 is negative"),
        ({"issueWeights": {"x": 0.5, "y": 0.5, "z": 0}}, "issueWeights.z", "issue 'z' is not in the domain"),
        (
            {"issueUtilities": {**TWO_U, "x": {"DiscreteValueSetUtilities": {"valueUtilities": {"a": 10, "b": 0}}}}},
            "issueUtilities.x.DiscreteValueSetUtilities.valueUtilities.a",
            "utility 10 is outside [0, 1]",
        ),
        (
            {"issueUtilities": {**TWO_U, "x": {"DiscreteValueSetUtilities": {"valueUtilities": {"a": 1, "bb": 0}}}}},
            "issueUtilities.x.DiscreteValueSetUtilities.valueUtilities.bb",
            "'bb' is not a value of issue 'x'",
        ),
        ({"reservationBid": {"issuevalues": {"x": "zz"}}}, "reservationBid.issuevalues.x", '"zz" is not a value'),
        ({"reservationBid": {"issuevalues": {"q": "a"}}}, "reservationBid.issuevalues.q", "issue 'q' is not in"),
        ({"reservationBid": {"x": "a"}}, "reservationBid", "has no issuevalues object"),
        ({"reservationBid": "a"}, "reservationBid", '"a" has no issuevalues object'),
    ],
)
def test_values_outside_geniusweb_rules_are_refused_with_file_and_path(
    tmp_path: Path, changes: dict[str, object], path: str, message: str
) -> None:
    folder = _profile_a(tmp_path, **changes)
    with pytest.raises(accord.errors.ScenarioError) as info:
        read_geniusweb(folder)
    problem = info.value.problems[0]
    assert (problem.file, problem.path) == (str(folder / "a.json"), f"LinearAdditiveUtilitySpace.{path}")
    assert message in problem.message


def test_valid_reservation_bid_may_leave_issues_out(tmp_path: Path) -> None:
    folder = _profile_a(tmp_path, reservationBid={"issuevalues": {"y": "c"}})
    assert read_geniusweb(folder).scenario.preferences["a"].reservation == 0.25


def test_number_utilities_outside_zero_one_are_refused(tmp_path: Path) -> None:
    utilities = {"x": {"NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 0, "highValue": 4, "highUtility": 2}}}
    with pytest.raises(accord.errors.ScenarioError, match=re.escape("highUtility: utility 2 is outside [0, 1]")):
        read_geniusweb(_write_folder(tmp_path, NUMBER, utilities))


def test_number_in_a_bid_off_the_grid_is_refused(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, NUMBER, NUMBER_U, reservationBid={"issuevalues": {"x": 2.5}})
    with pytest.raises(accord.errors.ScenarioError, match=re.escape("2.5 is not a value of issue 'x' (0..4 step 1)")):
        read_geniusweb(folder)


def test_discrete_values_must_be_strings(tmp_path: Path) -> None:
    with pytest.raises(accord.errors.ScenarioError, match=r"values\[0\]: value 1 is not a string"):
        read_geniusweb(_write_folder(tmp_path, {"x": {"values": [1, "b"]}}, DISCRETE_U))


def test_huge_range_is_refused(tmp_path: Path) -> None:
    issues = {"x": {"range": {"low": 0, "high": 1e300, "step": 1e-300}}}
    with pytest.raises(accord.errors.ScenarioError, match="values \\(limit 100,000\\)"):
        read_geniusweb(_write_folder(tmp_path, issues, NUMBER_U))


def test_repeated_json_key_is_refused_with_line_and_key(tmp_path: Path) -> None:
    folder = _profile_a(tmp_path)
    text = json.dumps(json.loads((folder / "a.json").read_text()), indent=1)
    (folder / "a.json").write_text(text.replace('"x": 0.5,', '"x": 0.5,\n"x": 0.9,', 1))
    line = text.split('"x": 0.5,')[0].count("\n") + 2
    with pytest.raises(accord.errors.InputError, match=f"a.json:{line}: key 'x' appears twice in one object") as info:
        read_geniusweb(folder)
    assert info.value.line == line


def test_domain_copy_with_a_repeated_value_says_which_issue_differs(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, DISCRETE, DISCRETE_U)
    (folder / "domain00.json").write_text(json.dumps({"name": "d", "issuesValues": DISCRETE}))
    data = json.loads((folder / "b.json").read_text())
    data["LinearAdditiveUtilitySpace"]["domain"]["issuesValues"]["x"]["values"].append("a")
    (folder / "b.json").write_text(json.dumps(data))
    with pytest.raises(accord.errors.UnsupportedFormatError) as info:
        read_geniusweb(folder)
    assert str(info.value) == (
        f"{folder / 'b.json'}: LinearAdditiveUtilitySpace.domain.issuesValues.x: the profile's copy of domain 'd' "
        """has {"values": ["a", "b", "a"]} where domain00.json has {"values": ["a", "b"]}; """
        "make the two copies of the domain agree"
    )


def test_profiles_picks_geniusweb_parties(tmp_path: Path) -> None:
    folder = _profile_a(tmp_path)
    (folder / "c.json").write_text((folder / "b.json").read_text())
    imported = read_geniusweb(folder)
    assert [p.id for p in imported.scenario.parties] == ["a", "b", "c"]
    assert "3 profiles read as the 3 parties of one negotiation" in imported.notes[-1]
    imported = read_geniusweb(folder, profiles=["c", "a"])
    assert [p.id for p in imported.scenario.parties] == ["c", "a"]
    assert imported.notes[-1] == f"{folder}: profiles not selected, so not read: b"
    with pytest.raises(accord.errors.UnknownIdError, match="unknown profile 'd'"):
        read_geniusweb(folder, profiles=["a", "d"])
