"""GENIUS XML reader: semantics as GENIUS computes them, repairs, refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import accord.errors
from accord.errors import UnsupportedFormatError
from accord.formats.genius_domain import REAL_VALUES
from accord.formats.genius_profile import integer_breakpoints, triangular
from accord.formats.genius_xml import has_genius_root, looks_like_xml, read_genius
from accord.formats.imported import Imported
from accord.model import CategoricalRating, PiecewiseLinear

DATA = Path(__file__).parents[2] / "data" / "genius"
VALID = sorted(p for p in (DATA / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", VALID, ids=lambda p: p.name)
def test_valid_folders_import(folder: Path) -> None:
    scenario = read_genius(folder).scenario
    assert scenario.origin == "genius"
    assert scenario.source == str(folder)
    assert len(scenario.rated_parties) >= 2
    for party in scenario.rated_parties:
        prefs = scenario.preferences[party]
        assert (prefs.weight_total, prefs.rating_scale) == (1.0, 1.0)


@pytest.mark.parametrize("folder", INVALID, ids=lambda p: p.name)
def test_invalid_folders_give_their_error(folder: Path) -> None:
    kind, text = (folder / "EXPECTED").read_text(encoding="utf-8").splitlines()[:2]
    with pytest.raises(getattr(accord.errors, kind)) as info:
        read_genius(folder)
    assert text in str(info.value)


def basic() -> Imported:
    return read_genius(DATA / "valid" / "basic")


def test_points_keep_issue_names_values_and_kinds() -> None:
    scenario = basic().scenario
    assert scenario.title == "Picnic"
    food, guests, start = scenario.points
    assert food.id == "Food"
    assert [o.id for o in food.options] == ["Bread & cheese", "Salad", "Cake"]
    assert food.options[0].text == "simple"
    assert guests.range is not None
    assert guests.values() == tuple(range(2, 13))
    assert start.range is not None
    assert len(start.values()) == REAL_VALUES
    assert start.values()[:3] == (10, 10.5, 11)
    assert [p.id for p in scenario.parties] == ["alice", "bob"]
    assert [p.name for p in scenario.parties] == ["alice", "bob"]


def test_discrete_evaluation_is_divided_by_the_largest_direct_item() -> None:
    rating = basic().scenario.preferences["alice"].ratings["Food"]
    assert isinstance(rating, CategoricalRating)
    assert dict(rating.scores) == {"Bread & cheese": 0.25, "Salad": 0.5, "Cake": 1.0}


def test_weights_match_issues_by_index_and_are_used_as_written() -> None:
    alice = basic().scenario.preferences["alice"]
    bob = basic().scenario.preferences["bob"]
    assert dict(alice.weights) == {"Food": 0.5, "Guests": 0.3, "Start": 0.2}
    assert dict(bob.weights) == {"Food": 0.3, "Guests": 0.6, "Start": 0.1}


def test_integer_and_real_evaluators() -> None:
    prefs = basic().scenario.preferences
    assert prefs["alice"].ratings["Guests"](6) == pytest.approx(0.6)
    assert prefs["alice"].ratings["Guests"](12) == 1.0
    assert prefs["bob"].ratings["Guests"](2) == 1.0
    assert prefs["bob"].ratings["Guests"](6) == pytest.approx(0.5)
    assert prefs["bob"].ratings["Guests"](12) == 0.0
    assert prefs["alice"].ratings["Start"](13.5) == pytest.approx(0.5)
    assert prefs["bob"].ratings["Start"](12.5) == pytest.approx(0.5)


def test_utility_equals_the_genius_sum() -> None:
    scenario = basic().scenario
    agreement = {"Food": "Salad", "Guests": 6, "Start": 12.5}
    assert scenario.utility("alice", agreement) == pytest.approx(0.25 + 0.3 * 0.6 + 0.2 * (1 - 0.5 / 3))
    assert scenario.utility("bob", agreement) == pytest.approx(0.3 + 0.6 * 0.5 + 0.1 * 0.5)


def test_reservation_and_discount() -> None:
    imported = basic()
    alice = imported.scenario.preferences["alice"]
    bob = imported.scenario.preferences["bob"]
    assert (alice.reservation, alice.discount) == (0.3, 0.5)
    assert (bob.reservation, bob.discount) == (0.0, None)
    assert any("discount_factor 2 is outside (0, 1]" in n for n in imported.notes)
    assert any("accord takes 11 evenly spaced values" in n and "'Start'" in n for n in imported.notes)


def test_bare_utility_space_is_a_domain_and_tiny_maximum_rates_zero() -> None:
    imported = read_genius(DATA / "valid" / "bare")
    scenario = imported.scenario
    assert scenario.title == "space"
    first = scenario.preferences["first"].ratings["Colour"]
    second = scenario.preferences["second"].ratings["Colour"]
    assert isinstance(first, CategoricalRating)
    assert isinstance(second, CategoricalRating)
    assert dict(first.scores) == {"red": 0.75, "blue": 0.25}
    assert dict(second.scores) == {"red": 0.0, "blue": 0.0}


def test_repaired_folder_reports_every_repair() -> None:
    imported = read_genius(DATA / "valid" / "repaired")
    notes = [n.split("repaired", 1)[1].removeprefix("/") for n in imported.notes]
    assert notes == [
        "domain.xml: line 5: bytes are not valid UTF-8; read the file as Windows-1252",
        "domain.xml: line 2: a comment before the XML declaration; declaration ignored",
        "domain.xml: line 7: unescaped '&' read as '&amp;'",
        "pareto.xml: not an XML document (it does not start with '<'); ignored",
        "two.xml: line 2: bytes are not valid UTF-8; read the file as Windows-1252",
        "two.xml: line 4: unescaped '&' read as '&amp;'",
        'empty.xml: no evaluations (an empty template, evaluation="null" or none); '
        "GENIUS cannot compute utilities with it; profile skipped",
        ": parties read from profiles: 'one' <- one.xml, 'two' <- two.xml",
    ]
    scenario = imported.scenario
    assert scenario.title == "Café"
    assert scenario.point("Drink").values() == ("Coffee & tea", "Café €")
    assert [p.id for p in scenario.parties] == ["one", "two"]
    assert scenario.utility("one", {"Drink": "Coffee & tea"}) == 0.5
    assert scenario.preferences["two"].reservation == 0.25


def test_integer_breakpoints_follow_the_clipped_line() -> None:
    assert integer_breakpoints(0, 10, 0, 0.1, 0.0) == ((0, 0.0), (10, 1.0))
    points = integer_breakpoints(-5, 5, -5, 0.08, 0.3)
    curve = PiecewiseLinear(points)
    for x in range(-5, 6):
        assert curve(x) == pytest.approx(min(1.0, max(0.0, 0.3 + 0.08 * (x + 5))))
    assert all(float(x).is_integer() for x, _ in points)
    assert integer_breakpoints(1, 3, 1, 0.0, 0.5) == ((1, 0.5), (3, 0.5))


def test_triangular_matches_genius() -> None:
    assert [triangular(x, 0, 1, 0.5) for x in (-1, 0, 0.25, 0.5, 0.75, 1, 2)] == [0, 0, 0.5, 1, 0.5, 0, 0]


def test_not_a_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "file.xml"
    path.write_text("<a/>")
    with pytest.raises(UnsupportedFormatError, match="not a folder"):
        read_genius(path)


def test_folder_without_xml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UnsupportedFormatError, match="no GENIUS domain file"):
        read_genius(tmp_path)


def test_folder_of_folders_names_them(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    with pytest.raises(UnsupportedFormatError, match=r"only sub-folders \(one\)"):
        read_genius(tmp_path)


def test_unrelated_xml_root_is_ignored_with_a_note(tmp_path: Path) -> None:
    for name in ("domain.xml", "first.xml", "second.xml"):
        (tmp_path / name).write_bytes((DATA / "valid" / "bare" / name.replace("domain", "space")).read_bytes())
    (tmp_path / "page.html").write_text("<html><body/></html>")
    notes = read_genius(tmp_path).notes
    assert notes == (
        f"{tmp_path / 'page.html'}: root element <html> is neither a GENIUS domain nor a profile; ignored",
        f"{tmp_path / 'first.xml'}: line 6: issue 'Colour': value 'green' is not in the domain; no agreement can "
        "choose it (its evaluation 4 still counts in the issue's largest, as in GENIUS)",
        f"{tmp_path}: parties read from profiles: 'first' <- first.xml, 'second' <- second.xml",
    )


def test_sniffing_helpers(tmp_path: Path) -> None:
    xml16 = tmp_path / "a16.xml"
    xml16.write_bytes("<utility_space/>".encode("utf-16"))
    other = tmp_path / "b.txt"
    other.write_text("plain")
    assert looks_like_xml(xml16)
    assert not looks_like_xml(other)
    assert not looks_like_xml(tmp_path / "missing")
    assert has_genius_root(DATA / "valid" / "basic" / "alice.xml")
    assert not has_genius_root(other)
    assert not has_genius_root(tmp_path / "missing")


def test_duplicate_issue_names_are_refused(tmp_path: Path) -> None:
    issue = '<issue index="{}" name="x" type="discrete"><item index="1" value="a"/></issue>'
    (tmp_path / "d.xml").write_text(
        f'<negotiation_template><utility_space><objective index="0" name="d">{issue.format(1)}{issue.format(2)}'
        "</objective></utility_space></negotiation_template>"
    )
    with pytest.raises(accord.errors.ScenarioError, match="is used twice"):
        read_genius(tmp_path)


GOOD_ISSUE = '<issue index="1" name="x" type="discrete"><item index="1" value="a"/><item index="2" value="b"/></issue>'
GOOD_PROFILE = (
    '<utility_space><objective index="0" name="d"><issue index="1" name="x" type="discrete">'
    '<item index="1" value="a" evaluation="1"/><item index="2" value="b" evaluation="2"/></issue>'
    '<weight index="1" value="1"/></objective></utility_space>'
)


def _folder(tmp_path: Path, domain_body: str, profile: str = GOOD_PROFILE, *, template: bool = True) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    domain = f'<utility_space><objective index="0" name="d">{domain_body}</objective></utility_space>'
    (tmp_path / "domain.xml").write_text(
        f"<negotiation_template>{domain}</negotiation_template>" if template else domain
    )
    (tmp_path / "a.xml").write_text(profile)
    (tmp_path / "b.xml").write_text(profile)
    return tmp_path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "the domain has no <issue>"),
        ('<issue index="1" type="discrete"><item value="a"/></issue>', "an <issue> has no name"),
        ('<issue index="1.5" name="x"><item value="a"/></issue>', "index 1.5 is not a whole number"),
        ('<issue index="1" name="x" type="discrete"/>', "a discrete issue without <item> values"),
        ('<issue index="1" name="x"><item value="a"/><item value="a"/></issue>', "value 'a' is listed twice"),
        ('<issue index="1" name="x"><item index="1"/></issue>', "an <item> has no value"),
        ('<issue index="1" name="x" type="integer" lowerbound="0.5" upperbound="2"/>', "are not whole numbers"),
        ('<issue index="1" name="x" type="real"><range lowerbound="3" upperbound="1"/></issue>', "is below lowerbound"),
        ('<issue index="1" name="x" type="real"/>', "attribute lowerbound is missing"),
    ],
)
def test_malformed_domains_are_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(accord.errors.ScenarioError, match=re.escape(message)):
        read_genius(_folder(tmp_path, body))


def test_template_without_utility_space_is_refused(tmp_path: Path) -> None:
    (tmp_path / "domain.xml").write_text("<negotiation_template/>")
    (tmp_path / "a.xml").write_text(GOOD_PROFILE)
    with pytest.raises(accord.errors.ScenarioError, match="no <utility_space> element"):
        read_genius(tmp_path)


def _profile(issue: str, weight: str = '<weight index="1" value="1"/>', tail: str = "") -> str:
    return f'<utility_space><objective index="0" name="d">{issue}{weight}</objective>{tail}</utility_space>'


INT_ISSUE = '<issue index="1" name="x" type="integer" lowerbound="0" upperbound="4"/>'
REAL_ISSUE = '<issue index="1" name="x" type="real"><range lowerbound="0" upperbound="1"/></issue>'
LINEAR = '<evaluator ftype="linear" slope="0.25" offset="0"/>'


@pytest.mark.parametrize(
    ("domain", "profile", "kind", "message"),
    [
        (
            GOOD_ISSUE,
            _profile(GOOD_ISSUE.replace('type="discrete"', 'type="integer"') + LINEAR),
            "ScenarioError",
            "the profile says integer, the domain says discrete",
        ),
        (
            GOOD_ISSUE + REAL_ISSUE.replace('index="1" name="x"', 'index="2" name="r"'),
            _profile(
                GOOD_ISSUE.replace("<item", '<item evaluation="1"')
                + REAL_ISSUE.replace('index="1" name="x"', 'index="2" name="r"'),
                '<weight index="1" value="1"/><weight index="2" value="1"/>',
            ),
            "ScenarioError",
            "a real issue without <evaluator>",
        ),
        (
            REAL_ISSUE,
            _profile(REAL_ISSUE.replace("</issue>", '<evaluator ftype="faratin"/></issue>')),
            "UnsupportedFormatError",
            "real evaluator ftype='faratin' is not supported",
        ),
        (
            GOOD_ISSUE,
            _profile(GOOD_ISSUE.replace("<item", '<item evaluation="1"') + GOOD_ISSUE),
            "ScenarioError",
            "index 1 is used twice",
        ),
    ],
)
def test_malformed_profiles_are_refused(tmp_path: Path, domain: str, profile: str, kind: str, message: str) -> None:
    with pytest.raises(getattr(accord.errors, kind), match=re.escape(message)):
        read_genius(_folder(tmp_path, domain, profile))


def test_integer_without_evaluator_and_constant_real_and_bad_extras(tmp_path: Path) -> None:
    weights = '<weight index="1" value="1"/><weight index="2" value="1"/>'
    evaluated = GOOD_ISSUE.replace("<item", '<item evaluation="1"')
    integer = INT_ISSUE.replace('index="1"', 'index="2"').replace('name="x"', 'name="n"')
    first = _folder(
        tmp_path / "int",
        GOOD_ISSUE + integer,
        _profile(evaluated + integer.replace("/>", f">{LINEAR}</issue>"), weights),
    )
    (first / "a.xml").write_text(_profile(evaluated + integer, weights))
    imported = read_genius(first)
    assert imported.scenario.utility("a", {"x": "a", "n": 3}) == 1.0
    assert imported.scenario.utility("b", {"x": "a", "n": 3}) == 0.875
    assert any("has no <evaluator>; GENIUS rates each of its values 0" in n for n in imported.notes)
    assert any("b.xml: weights sum to 2, so the best agreement is worth 2;" in n for n in imported.notes)
    constant = REAL_ISSUE.replace("</issue>", '<evaluator ftype="constant" parameter0="0.4"/></issue>')
    second = _folder(tmp_path / "real", REAL_ISSUE, _profile(constant, tail='<discount_factor value="soon"/>'))
    (second / "a.xml").write_text(_profile(constant))
    imported = read_genius(second)
    assert imported.scenario.point("x").values()[1] == 0.1
    assert imported.scenario.utility("b", {"x": 0.7}) == 0.4
    assert any("unreadable <discount_factor>; no discount" in n for n in imported.notes)


def test_single_valued_real_issue(tmp_path: Path) -> None:
    issue = '<issue index="1" name="x" type="real"><range lowerbound="2" upperbound="2"/></issue>'
    linear = issue.replace("</issue>", '<evaluator ftype="linear" parameter0="0" parameter1="0.25"/></issue>')
    folder = _folder(tmp_path, issue, _profile(linear))
    (folder / "a.xml").write_text(_profile(linear))
    scenario = read_genius(folder).scenario
    assert scenario.point("x").values() == (2,)
    assert scenario.utility("a", {"x": 2}) == 0.5


def test_two_profiles_with_one_name_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD_ISSUE)
    (folder / "a.profile").write_text(GOOD_PROFILE)
    with pytest.raises(UnsupportedFormatError, match="a second profile named 'a'"):
        read_genius(folder)


# -- values outside GENIUS's rules are refused with file and line (issue 9) ------------


def _with_profile(tmp_path: Path, profile_a: str) -> Path:
    folder = _folder(tmp_path, GOOD_ISSUE)
    (folder / "a.xml").write_text(profile_a)
    return folder


@pytest.mark.parametrize(
    ("profile", "line", "message"),
    [
        (
            GOOD_PROFILE.replace("</utility_space>", '\n<reservation value="280"/></utility_space>'),
            2,
            "'280' is outside",
        ),
        (GOOD_PROFILE.replace("</utility_space>", '\n<reservation value="NaN"/></utility_space>'), 2, "not a finite"),
        (GOOD_PROFILE.replace("</utility_space>", '\n<reservation value="-0.1"/></utility_space>'), 2, "outside"),
        (GOOD_PROFILE.replace("</utility_space>", "\n<reservation/></utility_space>"), 2, "value is missing"),
        (GOOD_PROFILE.replace('evaluation="1"', '\nevaluation="-0.729"'), 1, "evaluation '-0.729'; GENIUS"),
        (GOOD_PROFILE.replace('evaluation="2"', 'evaluation="inf"'), 1, "evaluation='inf' is not a finite number"),
        (GOOD_PROFILE.replace('value="b" evaluation="2"', 'value="a" evaluation="2"'), 1, "'a' is evaluated twice"),
        (GOOD_PROFILE.replace('<weight index="1" value="1"/>', '\n<weight index="1" value="-1"/>'), 2, "negative"),
        (GOOD_PROFILE.replace("/></objective>", '/>\n<weight index="1" value="0.5"/></objective>'), 2, "second weight"),
        (
            GOOD_PROFILE.replace('<weight index="1" value="1"/>', '<weight index="1" value="0"/>'),
            1,
            "every issue weight is 0",
        ),
    ],
)
def test_values_outside_genius_rules_are_refused_with_file_and_line(
    tmp_path: Path, profile: str, line: int, message: str
) -> None:
    folder = _with_profile(tmp_path, profile)
    with pytest.raises(accord.errors.ScenarioError, match=re.escape(message)) as info:
        read_genius(folder)
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (str(folder / "a.xml"), line)
    assert str(info.value).startswith(f"{folder / 'a.xml'}:{line}:")


def test_constant_real_evaluator_outside_zero_one_is_refused(tmp_path: Path) -> None:
    constant = REAL_ISSUE.replace("</issue>", '<evaluator ftype="constant" parameter0="4"/></issue>')
    folder = _folder(tmp_path, REAL_ISSUE, _profile(constant))
    with pytest.raises(accord.errors.ScenarioError, match=re.escape("parameter0 '4' is outside [0, 1]")):
        read_genius(folder)


def test_profile_worth_more_than_one_has_its_weights_divided_with_a_note(tmp_path: Path) -> None:
    folder = _with_profile(
        tmp_path, GOOD_PROFILE.replace('<weight index="1" value="1"/>', '<weight index="1" value="10"/>')
    )
    imported = read_genius(folder)
    assert imported.scenario.utility("a", {"x": "b"}) == 1.0
    assert imported.scenario.utility("a", {"x": "a"}) == 0.5
    assert imported.scenario.preferences["a"].weight_total == 10
    assert imported.scenario.preferences["b"].weight_total == 1
    assert (
        f"{folder / 'a.xml'}: weights sum to 10, so the best agreement is worth 10; GENIUS caps utilities at 1, "
        "which an additive model cannot; accord divides every weight by 10 (utilities are GENIUS's uncapped sums / 10)"
    ) in imported.notes


def test_a_skipped_profile_is_named_when_too_few_remain(tmp_path: Path) -> None:
    folder = _with_profile(
        tmp_path, GOOD_PROFILE.replace('evaluation="1"', 'evaluation="null"').replace('evaluation="2"', "")
    )
    with pytest.raises(accord.errors.ScenarioError, match=r"\(b\); skipped for lack of evaluations: a\.xml"):
        read_genius(folder)


# -- which profiles become parties (issue 9) --------------------------------------------


def _many(tmp_path: Path, names: tuple[str, ...] = ("buyer1", "buyer2", "seller1", "seller2")) -> Path:
    folder = _folder(tmp_path, GOOD_ISSUE)
    for name in ("a", "b"):
        (folder / f"{name}.xml").unlink()
    for name in names:
        (folder / f"{name}.xml").write_text(GOOD_PROFILE)
    return folder


def test_more_than_two_profiles_are_read_with_a_note_naming_them(tmp_path: Path) -> None:
    folder = _many(tmp_path)
    imported = read_genius(folder)
    assert [p.id for p in imported.scenario.parties] == ["buyer1", "buyer2", "seller1", "seller2"]
    assert imported.notes == (
        f"{folder}: parties read from profiles: 'buyer1' <- buyer1.xml, 'buyer2' <- buyer2.xml, "
        "'seller1' <- seller1.xml, 'seller2' <- seller2.xml",
        f"{folder}: 4 profiles read as the 4 parties of one negotiation; if some are alternative profiles for the "
        "same side, pick the parties with profiles=[...] (command line: --profiles buyer1,buyer2)",
    )


def test_profiles_picks_the_parties_in_the_order_given(tmp_path: Path) -> None:
    folder = _many(tmp_path)
    imported = read_genius(folder, profiles=["seller2", "buyer1"])
    assert [p.id for p in imported.scenario.parties] == ["seller2", "buyer1"]
    assert imported.notes == (
        f"{folder}: parties read from profiles: 'seller2' <- seller2.xml, 'buyer1' <- buyer1.xml",
        f"{folder}: profiles not selected, so not read: buyer2, seller1",
    )


def test_profiles_selection_errors(tmp_path: Path) -> None:
    folder = _many(tmp_path)
    with pytest.raises(accord.errors.UnknownIdError, match="unknown profile 'seler1'; did you mean 'seller1'") as info:
        read_genius(folder, profiles=["buyer1", "seler1"])
    assert info.value.known == ("buyer1", "buyer2", "seller1", "seller2")
    assert str(info.value).startswith(f"{folder}: ")
    with pytest.raises(accord.errors.InputError, match=r"1 profile\(s\) selected \(buyer1\); a negotiation needs"):
        read_genius(folder, profiles=["buyer1"])
    with pytest.raises(accord.errors.InputError, match="'buyer1' is selected twice"):
        read_genius(folder, profiles=["buyer1", "buyer1"])
    assert [p.id for p in read_genius(folder, profiles="buyer2, seller1").scenario.parties] == ["buyer2", "seller1"]
