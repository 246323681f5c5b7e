"""GENIUS and GeniusWeb writers, and the scenario v1 writer: exact round trips and refusals."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from accord.errors import ExportError, OutputError
from accord.formats import scenario_v1
from accord.formats.detect import load
from accord.formats.export_common import file_stems, unique_names, value_label, without_constraints
from accord.formats.genius_write import genius_files, genius_losses, write_genius
from accord.formats.genius_xml import read_genius
from accord.formats.geniusweb_json import read_geniusweb
from accord.formats.geniusweb_write import geniusweb_files, geniusweb_losses, write_geniusweb
from accord.formats.imported import Imported
from accord.formats.scenario_v1_write import dump_scenario, slug
from accord.model import (
    Basis,
    CategoricalRating,
    Draft,
    Interaction,
    Link,
    NumericRange,
    Option,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    RedLine,
    Scenario,
    Source,
    Stance,
    StanceKind,
    Value,
)

DATA = Path(__file__).parents[2] / "data"
Writer = Callable[..., list[Path]]
Reader = Callable[[Path], Imported]
PAIRS = [(write_genius, read_genius), (write_geniusweb, read_geniusweb)]
PAIR_IDS = ["genius", "geniusweb"]


def wage_scenario(**changes: object) -> Scenario:
    """An accord-style scenario: 0-100 ratings, weights summing to 5, every kind of point."""
    union = Preferences(
        party="union",
        weights={"wage": 3, "hours": 1, "army": 1},
        ratings={
            "wage": PiecewiseLinear(((0, 0.0), (4, 80.0), (10, 100.0))),
            "hours": CategoricalRating({"h35": 100.0, "h38 & more": 20.0}),
            "army": PiecewiseLinear(((400000, 0.0), (1000000, 90.0))),
        },
        reservation=0.25,
        discount=0.9,
    )
    firm = Preferences(
        party="Firm/Ltd",
        weights={"wage": 2, "hours": 1},
        ratings={"wage": PiecewiseLinear(((0, 100.0), (10, 0.0))), "hours": CategoricalRating({"h35": 0.0})},
    )
    scenario = Scenario(
        title='Wage <talks> & "more"',
        parties=(Party("union", "Union"), Party("Firm/Ltd", "Firm"), Party("press", "Press")),
        points=(
            Point("wage", "Wage rise", range=NumericRange(0, 10, 1, "%")),
            Point("hours", "Hours", options=(Option("h35", "35 hours"), Option("h38 & more", "<38>"))),
            Point("army", "Army", range=NumericRange(400000, 1000000, 50000)),
        ),
        preferences={"union": union, "Firm/Ltd": firm},
    )
    return replace(scenario, **changes)  # type: ignore[arg-type]


def agreements(scenario: Scenario) -> list[dict[str, Value]]:
    ids = [p.id for p in scenario.points]
    return [dict(zip(ids, combo, strict=True)) for combo in itertools.product(*(p.values() for p in scenario.points))]


def same_utilities(original: Scenario, copy: Scenario, party_map: dict[str, str] | None = None) -> None:
    party_map = party_map or {p: p for p in original.rated_parties}
    for agreement in agreements(original):
        moved = {k: (v if copy.point(k).is_numeric else value_label(v)) for k, v in agreement.items()}
        for party in original.rated_parties:
            assert copy.utility(party_map[party], moved) == pytest.approx(original.utility(party, agreement), abs=1e-12)


@pytest.mark.parametrize(("write", "read"), PAIRS, ids=PAIR_IDS)
def test_accord_scenario_round_trips_exactly(write: Writer, read: Reader, tmp_path: Path) -> None:
    original = wage_scenario()
    files = write(original, tmp_path / "out")
    assert [f.stem for f in files] == ["domain", "union", "Firm_Ltd"]
    copy = read(tmp_path / "out").scenario
    same_utilities(original, copy, {"union": "union", "Firm/Ltd": "Firm_Ltd"})
    assert copy.title == original.title
    assert copy.point("hours").values() == ("h35", "h38 & more")


@pytest.mark.parametrize(("write", "read"), PAIRS, ids=PAIR_IDS)
@pytest.mark.parametrize(
    "folder", ["genius/valid/basic", "genius/valid/bare", "genius/valid/repaired", "geniusweb/valid/trip"]
)
def test_imported_fixtures_round_trip(write: Writer, read: Reader, folder: str, tmp_path: Path) -> None:
    source = DATA / folder
    original = (read_genius if folder.startswith("genius/") else read_geniusweb)(source).scenario
    write(original, tmp_path)
    copy = read(tmp_path).scenario
    same_utilities(original, copy)
    dropped = geniusweb_losses(original) if write is write_geniusweb else ()
    for party in original.rated_parties:
        if any(f"party {party!r}: no agreement is worth exactly" in x for x in dropped):
            assert copy.preferences[party].reservation == 0.0
        else:
            assert copy.preferences[party].reservation == pytest.approx(
                original.preferences[party].reservation, abs=1e-12
            )


def test_genius_keeps_linear_integer_points_and_discount(tmp_path: Path) -> None:
    write_genius(wage_scenario(), tmp_path)
    copy = read_genius(tmp_path).scenario
    assert copy.point("army").values()[0] == "400000"  # step 50000: written as discrete values
    assert copy.point("wage").is_numeric is False  # union's wage curve has a kink: discrete
    union = replace(wage_scenario().preferences["union"], ratings={"wage": PiecewiseLinear(((0, 10.0), (10, 60.0)))})
    linear = wage_scenario(preferences={"union": union, "Firm/Ltd": wage_scenario().preferences["Firm/Ltd"]})
    write_genius(linear, tmp_path / "linear")
    again = read_genius(tmp_path / "linear").scenario
    assert again.point("wage").range == NumericRange(0, 10, 1)
    assert read_genius(tmp_path).scenario.preferences["union"].discount == 0.9
    text = (tmp_path / "domain.xml").read_text(encoding="utf-8")
    assert "h38 &amp; more" in text
    assert "&lt;38&gt;" in text


def test_geniusweb_weights_sum_to_one_and_numbers_stay_numbers(tmp_path: Path) -> None:
    write_geniusweb(wage_scenario(), tmp_path)
    body = json.loads((tmp_path / "union.json").read_text())["LinearAdditiveUtilitySpace"]
    assert sum(body["issueWeights"].values()) == pytest.approx(1.0, abs=1e-12)
    assert "NumberValueSetUtilities" in body["issueUtilities"]["army"]
    assert "DiscreteValueSetUtilities" in body["issueUtilities"]["wage"]
    assert body["name"] == "union"
    domain = json.loads((tmp_path / "domain.json").read_text())
    assert domain["issuesValues"]["army"] == {"range": {"low": 400000, "high": 1000000, "step": 50000}}


def test_geniusweb_reservation_bid_when_an_agreement_matches(tmp_path: Path) -> None:
    scenario = read_geniusweb(DATA / "geniusweb" / "valid" / "trip").scenario
    write_geniusweb(scenario, tmp_path)
    body = json.loads((tmp_path / "ann.json").read_text())["LinearAdditiveUtilitySpace"]
    assert "reservationBid" in body
    assert geniusweb_losses(scenario) == ()


def test_geniusweb_losses_name_what_is_not_written(tmp_path: Path) -> None:
    union = replace(wage_scenario().preferences["union"], reservation=0.2501234)
    scenario = wage_scenario(drafts=(Draft("d1"),), preferences={"union": union})
    write_geniusweb(scenario, tmp_path)
    assert "reservationBid" not in json.loads((tmp_path / "union.json").read_text())["LinearAdditiveUtilitySpace"]
    losses = geniusweb_losses(scenario)
    assert losses[0].startswith("drafts and stances")
    assert any("no discount factor; 0.9" in x for x in losses)
    assert any("reservation value 0.250123" in x for x in losses)


def test_geniusweb_refuses_a_best_utility_above_one(tmp_path: Path) -> None:
    prefs = Preferences(
        "a",
        {"x": 0.7, "y": 0.5},
        {"x": CategoricalRating({"p": 1.0}), "y": CategoricalRating({"q": 1.0})},
        weight_total=1.0,
        rating_scale=1.0,
    )
    scenario = Scenario(
        "over",
        (Party("a", "a"), Party("b", "b")),
        (Point("x", options=(Option("p"), Option("r"))), Point("y", options=(Option("q"),))),
        preferences={"a": prefs, "b": replace(prefs, party="b")},
    )
    with pytest.raises(ExportError, match=r"^party 'a': its best agreement is worth 1.2 > 1, which GeniusWeb"):
        write_geniusweb(scenario, tmp_path / "web")
    assert not (tmp_path / "web").exists()


def test_genius_losses() -> None:
    assert genius_losses(wage_scenario()) == ("parties without preferences get no profile: press",)
    assert geniusweb_losses(wage_scenario())[0] == "parties without preferences get no profile: press"
    stance = Stance("union", "d1", StanceKind.ACCEPT)
    assert genius_losses(wage_scenario(drafts=(Draft("d1"),), stances=(stance,)))[0].startswith("drafts and stances")


@pytest.mark.parametrize("write", [write_genius, write_geniusweb], ids=PAIR_IDS)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"red_lines": (RedLine("hours", option="h35"),)}, "has red lines"),
        ({"links": (Link("hours", "h35", "wage", (1,)),)}, "has links"),
        ({"interactions": (Interaction((("hours", "h35"), ("wage", 1)), 0.1),)}, "has interactions"),
    ],
)
def test_inexpressible_preferences_are_refused(
    write: Writer, change: dict[str, object], message: str, tmp_path: Path
) -> None:
    union = replace(wage_scenario().preferences["union"], **change)  # type: ignore[arg-type]
    scenario = wage_scenario(preferences={"union": union})
    with pytest.raises(ExportError, match=message):
        write(scenario, tmp_path)


@pytest.mark.parametrize("write", [write_genius, write_geniusweb], ids=PAIR_IDS)
def test_nothing_to_write_and_bad_outdir(write: Writer, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no party has preferences"):
        write(wage_scenario(preferences={}), tmp_path)
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write(wage_scenario(), target)
    assert target.read_text() == "x"


@pytest.mark.parametrize(("write", "files"), [(write_genius, genius_files), (write_geniusweb, geniusweb_files)])
def test_writers_build_the_files_in_memory_and_replace_the_whole_folder(
    write: Writer, files: Callable[[Scenario], dict[str, bytes]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    firm = wage_scenario().preferences["Firm/Ltd"]
    big = wage_scenario(preferences={**wage_scenario().preferences, "press": replace(firm, party="press")})
    written = write(big, out)
    built = files(big)
    assert [f.name for f in written] == list(built)
    assert {f.name: f.read_bytes() for f in out.iterdir()} == built
    small = wage_scenario()
    with pytest.raises(OutputError, match="is not empty; choose a new or empty folder, or add --force"):
        write(small, out)
    assert {f.name: f.read_bytes() for f in out.iterdir()} == built
    write(small, out, force=True)
    assert {f.name: f.read_bytes() for f in out.iterdir()} == files(small)  # no stale press profile
    assert sorted(load(out).scenario.rated_parties) == ["Firm_Ltd", "union"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_zero_weights_and_unrated_points_write_zero(tmp_path: Path) -> None:
    union = replace(wage_scenario().preferences["union"], weights={"wage": 0.0, "hours": 1.0})
    scenario = wage_scenario(preferences={"union": union, "Firm/Ltd": wage_scenario().preferences["Firm/Ltd"]})
    for write, read in PAIRS:
        write(scenario, tmp_path / write.__name__)
        same_utilities(scenario, read(tmp_path / write.__name__).scenario, {"union": "union", "Firm/Ltd": "Firm_Ltd"})


# -- scenario v1 ---------------------------------------------------------------------


def test_dump_round_trips_an_accord_file() -> None:
    original = scenario_v1.load(DATA / "scenario" / "valid" / "wage-talks.yaml")
    copy = scenario_v1.loads(dump_scenario(original), "copy.yaml")
    assert replace(copy, source="") == replace(original, source="")


def test_dump_round_trips_everything_the_model_holds() -> None:
    union = replace(
        wage_scenario().preferences["union"],
        red_lines=(RedLine("hours", option="h38 & more"), RedLine("wage", below=2, above=9)),
        links=(Link("hours", "h35", "wage", (2, 3)),),
        interactions=(Interaction((("hours", "h35"), ("wage", 4)), 0.05),),
        discount=None,
    )
    scenario = wage_scenario(
        preferences={"union": union, "Firm/Ltd": wage_scenario().preferences["Firm/Ltd"]},
        drafts=(
            Draft("d 1", "First", "2026-01-10", ("union",), (), "desc", {"hours": "h38 & more", "wage": 2}),
            Draft("d2", authors=("union", "Firm/Ltd"), parents=("d 1",)),
            Draft("d3", parents=("d2", "d 1")),
        ),
        stances=(
            Stance("Firm/Ltd", "d 1", StanceKind.AMEND, "hours", "h35", "note"),
            Stance(
                "union",
                "d2",
                StanceKind.UNACCEPTABLE,
                basis=Basis.REPORTED,
                source=Source("«No»… \u201cnever\u201d  twice", "Chair", "2026-01-11", "", "Gazette", "2026-01-12"),
            ),
            Stance("union", "d2", StanceKind.CRITICISE, "wage", basis=Basis.INFERRED, reason="said 'parts'"),
        ),
        bargainers=("Firm/Ltd",),
    )
    copy = scenario_v1.loads(dump_scenario(scenario), "copy.yaml")
    assert [(d.authors, d.parents) for d in copy.drafts] == [
        (("union",), ()),
        (("union", "Firm-Ltd"), ("d-1",)),
        ((), ("d2", "d-1")),
    ]
    assert copy.stances[1].source == scenario.stances[1].source  # the quote verbatim, every field kept
    assert copy.stances[1].basis is Basis.REPORTED
    assert (copy.stances[2].basis, copy.stances[2].reason) == (Basis.INFERRED, "said 'parts'")
    assert copy.bargainers == ("Firm-Ltd",)
    assert [p.id for p in copy.parties] == ["union", "Firm-Ltd", "press"]
    assert copy.point("hours").values() == ("h35", "h38-more")
    assert copy.point("hours").options[1].text == "h38 & more: <38>"
    assert copy.drafts[0].id == "d-1"
    assert copy.drafts[0].choices == {"hours": "h38-more", "wage": 2}
    assert copy.stances[0].proposal == "h35"
    prefs = copy.preferences["union"]
    assert [r.describe() for r in prefs.red_lines] == ["hours=h38-more", "wage<2", "wage>9"]
    assert prefs.links[0].requires == (2, 3)
    assert prefs.interactions[0].conditions == (("hours", "h35"), ("wage", 4))
    for agreement in agreements(scenario):
        moved = {"wage": agreement["wage"], "hours": slug(str(agreement["hours"])), "army": agreement["army"]}
        assert copy.utility("union", moved) == pytest.approx(scenario.utility("union", agreement), abs=1e-12)


def test_dump_notes_weight_sums_and_discounts_of_imported_domains() -> None:
    imported = read_genius(DATA / "genius" / "valid" / "basic").scenario
    alice = replace(imported.preferences["alice"], weights={"Food": 1.0, "Guests": 0.3, "Start": 0.2})
    scenario = replace(imported, preferences={**imported.preferences, "alice": alice})
    text = dump_scenario(scenario)
    copy = scenario_v1.loads(text, "copy.yaml")
    assert "Party alice: the source uses the weights as written (they sum to 1.5, not 1)" in copy.description
    assert "Party alice: discount factor 0.5 in the source" in copy.description
    assert "Bread-cheese" in text
    agreement = {"Food": "Salad", "Guests": 6, "Start": 12.5}
    moved = {"Food": "Salad", "Guests": 6, "Start": 12.5}
    assert copy.utility("alice", moved) == pytest.approx(scenario.utility("alice", agreement) / 1.5, abs=1e-12)
    assert copy.utility("bob", moved) == pytest.approx(scenario.utility("bob", agreement), abs=1e-12)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weights": {"wage": 0.0}}, "every point weight 0"),
    ],
)
def test_dump_refuses_what_v1_cannot_hold(change: dict[str, object], message: str) -> None:
    union = replace(wage_scenario().preferences["union"], **change)  # type: ignore[arg-type]
    with pytest.raises(ExportError, match=message):
        dump_scenario(wage_scenario(preferences={"union": union}))


def test_dump_writes_breakpoints_inside_the_range() -> None:
    union = replace(
        wage_scenario().preferences["union"],
        weights={"wage": 1.0},
        ratings={"wage": PiecewiseLinear(((-5, 0.0), (5, 50.0), (20, 100.0)))},
    )
    copy = scenario_v1.loads(dump_scenario(wage_scenario(preferences={"union": union})), "c.yaml")
    rating = copy.preferences["union"].ratings["wage"]
    assert isinstance(rating, PiecewiseLinear)
    assert [x for x, _ in rating.breakpoints] == [0, 5, 10]
    for x in range(11):
        assert rating(x) == pytest.approx(union.ratings["wage"](x))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("CD player", "CD-player"), ("19'' LCD", "19-LCD"), ("ok_id-1.2", "ok_id-1.2"), ("&&&", "x"), ("-10", "10")],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_dump_keeps_roles_descriptions_sources_and_texts() -> None:
    from accord.model import Role, Source

    scenario = wage_scenario(
        parties=(
            Party("union", "Union", Role.MEDIATOR, "the workers"),
            Party("Firm/Ltd", "Firm"),
            Party("Firm-Ltd", "Other"),
        ),
        points=(
            replace(wage_scenario().points[0], description="per year"),
            *wage_scenario().points[1:],
        ),
        drafts=(Draft("d1", texts={"wage": "a rise"}),),
        stances=(Stance("union", "d1", StanceKind.CRITICISE, source=Source(quote="no", link="https://x.invalid")),),
        description="Made up.",
        origin="genius",
        source="/somewhere",
    )
    copy = scenario_v1.loads(dump_scenario(scenario), "c.yaml")
    assert copy.parties[0] == Party("union", "Union", Role.MEDIATOR, "the workers")
    assert [p.id for p in copy.parties] == ["union", "Firm-Ltd-2", "Firm-Ltd"]
    assert copy.point("wage").description == "per year"
    assert copy.drafts[0].texts == {"wage": "a rise"}
    assert copy.stances[0].source is not None
    assert copy.stances[0].source.link == "https://x.invalid"
    assert copy.description.startswith("Made up.\nConverted by accord from GENIUS (/somewhere).")


def test_dump_unrated_numeric_point_and_rounding_at_the_edges() -> None:
    union = replace(
        wage_scenario().preferences["union"],
        weights={"wage": 1.0, "hours": 1.0},
        ratings={"hours": CategoricalRating({"h35": 100.0 + 1e-12, "h38 & more": -1e-12})},
    )
    copy = scenario_v1.loads(dump_scenario(wage_scenario(preferences={"union": union})), "c.yaml")
    ratings = copy.preferences["union"].ratings
    assert isinstance(ratings["wage"], PiecewiseLinear)
    assert ratings["wage"].breakpoints == ((0.0, 0.0),)
    assert isinstance(ratings["hours"], CategoricalRating)
    assert dict(ratings["hours"].scores) == {"h35": 100.0, "h38-more": 0.0}


def test_file_names_stay_distinct_without_case(tmp_path: Path) -> None:
    prefs = wage_scenario().preferences["Firm/Ltd"]
    scenario = wage_scenario(
        parties=(Party("a", "a"), Party("A", "A")),
        preferences={"a": replace(prefs, party="a"), "A": replace(prefs, party="A")},
    )
    assert [f.name for f in write_genius(scenario, tmp_path)] == ["domain.xml", "a.xml", "A_2.xml"]


def test_reservation_search_stops_at_its_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from accord.formats import geniusweb_write

    scenario = read_geniusweb(DATA / "geniusweb" / "valid" / "trip").scenario
    monkeypatch.setattr(geniusweb_write, "RESERVATION_SEARCH_LIMIT", 10)
    write_geniusweb(scenario, tmp_path)
    assert "reservationBid" not in json.loads((tmp_path / "ann.json").read_text())["LinearAdditiveUtilitySpace"]


def test_unique_names_keep_safe_names_first_and_number_the_rest() -> None:
    def clean(name: str) -> str:
        return name.replace("/", "_")

    assert unique_names(["a/b", "a_b", "A_B"], clean, sep="_") == {"a_b": "a_b", "a/b": "a_b_2", "A_B": "A_B_3"}
    assert unique_names(["a/b", "a_b", "A_B"], clean, sep="-", key=str) == {"a_b": "a_b", "A_B": "A_B", "a/b": "a_b-2"}
    assert unique_names(["x" * 10], lambda n: n[:4], sep="-", limit=4, taken=["xxxx", "xx-2"]) == {"x" * 10: "xx-3"}
    assert file_stems(["domain", "Domain", "a:b", ".."], "domain") == (
        ["domain", "Domain_2", "a_b", "party"],
        "domain_3",
    )


def test_long_party_ids_give_file_names_the_file_system_takes(tmp_path: Path) -> None:
    prefs = wage_scenario().preferences["Firm/Ltd"]
    long = "p" * 300
    scenario = wage_scenario(
        parties=(Party(long, "P"), Party("b", "B")), preferences={long: replace(prefs, party=long)}
    )
    assert [f.name for f in write_genius(scenario, tmp_path)] == ["domain.xml", "p" * 100 + ".xml"]


def test_dropped_constraints_are_listed_one_by_one() -> None:
    union = replace(
        wage_scenario().preferences["union"],
        red_lines=(RedLine("hours", option="h38 & more"), RedLine("wage", below=2, above=9)),
        links=(Link("hours", "h35", "wage", (2, 3)),),
        interactions=(Interaction((("hours", "h35"), ("wage", 4)), 0.05),),
    )
    firm = replace(wage_scenario().preferences["Firm/Ltd"], red_lines=(RedLine("wage", above=8),))
    scenario = wage_scenario(
        parties=(Party("union", "Union"), Party("Firm/Ltd", "Firm/Ltd")),
        preferences={"union": union, "Firm/Ltd": firm},
    )
    plain, dropped = without_constraints(scenario)
    assert dropped == [
        "dropped Union's (union) red line hours=h38 & more",
        "dropped Union's (union) red line wage<2 or wage>9",
        "dropped Union's (union) link hours=h35 requires wage in {2, 3}",
        "dropped Union's (union) interaction hours=h35 and wage=4 (bonus +0.05)",
        "dropped Firm/Ltd's red line wage>8",
    ]
    assert all(not (p.red_lines or p.links or p.interactions) for p in plain.preferences.values())
    assert without_constraints(plain)[1] == []


def test_dump_refuses_text_that_check_would_refuse() -> None:
    scenario = wage_scenario(drafts=(Draft("d1", date="soon"),), source="talks/")
    with pytest.raises(ExportError) as caught:
        dump_scenario(scenario)
    assert str(caught.value) == (
        "talks/: the converted scenario would not pass `accord check`, so it is not written: "
        "drafts[0].date: date 'soon' is not an ISO date; correct it in the source"
    )
    two = wage_scenario(drafts=(Draft("d1", date="soon"), Draft("d2", date="later")))
    with pytest.raises(ExportError, match=r"^Wage <talks>.*not an ISO date \(and 1 more problem\); correct it"):
        dump_scenario(two)
