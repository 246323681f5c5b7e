"""Ranges and probabilities in scenario format v1: reading, checks, writing back, exports."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import ScenarioError
from accord.formats import scenario_v1
from accord.formats.export_common import value_label
from accord.formats.genius_write import genius_files, genius_losses
from accord.formats.genius_xml import read_genius
from accord.formats.geniusweb_write import geniusweb_losses
from accord.formats.scenario_v1_write import dump_scenario
from accord.formats.schema import SCHEMA
from accord.formats.uncertainty_checks import estimate
from accord.formats.yaml_source import load_document
from accord.model import (
    CategoricalRating,
    Interaction,
    Link,
    Normal,
    PiecewiseLinear,
    Preferences,
    RedLine,
    Scenario,
    Uncertain,
    Uniform,
    Value,
)

ROOT = Path(__file__).parents[3]
BASE = (ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UNION = """\
  union:
    reservation: {min: 0.1, max: 0.3}
    weights: {wage: {mean: 3, sd: 1}, hours: {min: 0.5, max: 2, estimate: 1}}
    ratings:
      wage: {0: 0, 4: {min: 40, max: 70}, 10: {mean: 90, sd: 5, estimate: 95}}
      hours: {h35: 100, h38: {min: 0, max: 30, estimate: 10}}
    red_lines: [wage<2, {line: wage>9, probability: 0.3}, {line: hours=h38, probability: 1}]
    links: [{if: hours=h35, then: [wage=5, wage=6], probability: 0.8}, {if: hours=h38, then: wage=2}]
    interactions:
      - {when: {hours: h35, wage: 3}, bonus: 0.1, probability: 0.5}
      - {when: {hours: h38, wage: 2}, bonus: -0.05}
"""
runner = CliRunner()


def _with_union(block: str = UNION) -> str:
    start = BASE.index("  union:\n")
    end = BASE.index("  firm:\n")
    return BASE[:start] + block + BASE[end:]


def _load(text: str) -> Scenario:
    return scenario_v1.loads(text, "ranges.yaml")


@pytest.fixture(scope="module")
def union() -> Preferences:
    return _load(_with_union()).preferences["union"]


def test_every_form_is_read_into_model_objects(union: Preferences) -> None:
    assert union.uncertain == (
        Uncertain("reservation", Uniform(0.1, 0.3)),
        Uncertain("weight", Normal(3.0, 1.0), "wage"),
        Uncertain("weight", Uniform(0.5, 2.0), "hours"),
        Uncertain("rating", Uniform(40.0, 70.0), "wage", 4.0),
        Uncertain("rating", Normal(90.0, 5.0), "wage", 10.0),
        Uncertain("rating", Uniform(0.0, 30.0), "hours", "h38"),
    )
    assert union.weights == {"wage": 3.0, "hours": 1.0}
    assert union.ratings["wage"] == PiecewiseLinear(((0.0, 0.0), (4.0, 55.0), (10.0, 95.0)))
    assert union.ratings["hours"] == CategoricalRating({"h35": 100.0, "h38": 10.0})
    assert union.red_lines == (
        RedLine("wage", below=2),
        RedLine("wage", above=9, probability=0.3),
        RedLine("hours", option="h38"),
    )
    assert union.links == (
        Link("hours", "h35", "wage", (5, 6), probability=0.8),
        Link("hours", "h38", "wage", (2,)),
    )
    assert union.interactions == (
        Interaction((("hours", "h35"), ("wage", 3)), 0.1, probability=0.5),
        Interaction((("hours", "h38"), ("wage", 2)), -0.05),
    )
    assert union.is_uncertain


def test_estimates_default_to_the_midpoint_or_the_mean(union: Preferences) -> None:
    assert union.reservation == pytest.approx(0.2)  # midpoint of 0.1..0.3
    assert union.weights["wage"] == 3.0  # the mean
    assert union.weights["hours"] == 1.0  # given
    assert [union.estimate(u) for u in union.uncertain] == [union.reservation, 3.0, 1.0, 55.0, 95.0, 10.0]
    assert estimate({"min": 0.52, "max": 0.64}) == Uniform(0.52, 0.64).centre
    assert estimate({"mean": 14, "sd": 3}) == 14.0
    assert estimate({"min": 1, "max": 2, "estimate": 1.2}) == 1.2
    assert estimate(7) == 7.0


def test_numeric_breakpoints_are_found_by_estimate() -> None:
    text = _with_union().replace("wage: {0: 0, 4:", "wage: {0.0: 0, 4.0:")
    union = _load(text).preferences["union"]
    (u,) = [u for u in union.uncertain if u.kind == "rating" and u.value == 4]
    assert isinstance(u.value, float)
    assert union.estimate(u) == 55.0
    assert u.describe() == "rating of wage=4"


def test_the_file_order_of_keys_does_not_change_the_preferences(union: Preferences) -> None:
    shuffled = UNION.replace(
        "      wage: {0: 0, 4: {min: 40, max: 70}, 10: {mean: 90, sd: 5, estimate: 95}}\n"
        "      hours: {h35: 100, h38: {min: 0, max: 30, estimate: 10}}\n",
        "      hours: {h38: {min: 0, max: 30, estimate: 10}, h35: 100}\n"
        "      wage: {10: {mean: 90, sd: 5, estimate: 95}, 0: 0, 4: {min: 40, max: 70}}\n",
    ).replace(
        "weights: {wage: {mean: 3, sd: 1}, hours: {min: 0.5, max: 2, estimate: 1}}",
        "weights: {hours: {min: 0.5, max: 2, estimate: 1}, wage: {mean: 3, sd: 1}}",
    )
    assert _load(_with_union(shuffled)).preferences["union"] == union


def test_json_files_read_the_same(union: Preferences, tmp_path: Path) -> None:
    data = yaml.safe_load(_with_union().replace("2026-01-10", "'2026-01-10'").replace("2026-01-12", "'2026-01-12'"))
    path = tmp_path / "ranges.json"
    path.write_text(json.dumps(data, indent=2))
    assert scenario_v1.load(path).preferences["union"] == union
    data["preferences"]["union"]["weights"]["wage"] = {"mean": 3, "sd": 1, "min": 1}
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(ScenarioError, match=r"ranges.json:\d+:\d+: preferences.union.weights.wage: the range"):
        scenario_v1.load(path)


def test_round_trip_through_the_writer(union: Preferences) -> None:
    scenario = _load(_with_union())
    text = dump_scenario(scenario)
    again = _load(text)
    assert again.preferences == scenario.preferences
    written = yaml.safe_load(text)["preferences"]["union"]
    assert written["reservation"] == {"min": 0.1, "max": 0.3}  # the estimate is the default: not written
    assert written["weights"] == {"wage": {"mean": 3, "sd": 1}, "hours": {"min": 0.5, "max": 2, "estimate": 1}}
    assert written["ratings"]["wage"][10] == {"mean": 90, "sd": 5, "estimate": 95}
    assert written["red_lines"] == ["wage<2", {"line": "wage>9", "probability": 0.3}, "hours=h38"]
    assert [k.get("probability") for k in written["links"]] == [0.8, None]
    assert [k.get("probability") for k in written["interactions"]] == [0.5, None]
    assert "reservation: {min: 0.1, max: 0.3}\n" in text  # one line, as a person writes it


def test_round_trip_keeps_unrounded_estimates_and_a_range_on_an_unweighted_point() -> None:
    block = UNION.replace("reservation: {min: 0.1, max: 0.3}", "reservation: {min: 0.52, max: 0.64, estimate: 0.58}")
    block = block.replace("hours: {min: 0.5, max: 2, estimate: 1}}", "hours: {min: 0, max: 2, estimate: 0}}")
    scenario = _load(_with_union(block))
    assert scenario.preferences["union"].weights["hours"] == 0.0
    again = _load(dump_scenario(scenario))
    assert again.preferences == scenario.preferences
    assert again.preferences["union"].reservation == 0.58


def test_ranges_of_another_rating_scale_are_rescaled() -> None:
    scenario = _load(_with_union())
    union = scenario.preferences["union"]
    scaled = Preferences(
        party="union",
        weights=union.weights,
        ratings={
            "wage": PiecewiseLinear(((0.0, 0.0), (4.0, 5.5), (10.0, 9.5))),
            "hours": CategoricalRating({"h35": 10.0, "h38": 1.0}),
        },
        reservation=union.reservation,
        rating_scale=10.0,
        uncertain=(Uncertain("rating", Uniform(0.0, 3.0), "hours", "h38"),),
    )
    again = _load(dump_scenario(replace(scenario, preferences={**scenario.preferences, "union": scaled})))
    assert again.preferences["union"].uncertain == (Uncertain("rating", Uniform(0.0, 30.0), "hours", "h38"),)
    assert again.preferences["union"].ratings["hours"] == CategoricalRating({"h35": 100.0, "h38": 10.0})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("reservation: high", "preferences.union.reservation: expected a number, got 'high'"),
        ("reservation: {min: 0.1}", "the range {min} needs both min and max, or both mean and sd"),
        ("reservation: {mean: 0.1, sd: 0.1, mode: 1}", "unknown key 'mode'"),
        ("reservation: {mean: 1.2, sd: 0.1}", "reservation.mean: the mean 1.2 lies outside the valid interval"),
        (
            "reservation: {mean: 0.5, sd: 0.1, estimate: 2}",
            "reservation.estimate: the estimate 2 lies outside the valid",
        ),
        ("reservation: {min: -0.1, max: 0.3}", "reservation.min: the range -0.1..0.3 reaches outside"),
        ("red_lines: [{line: wage>9, probability: 0.3, p: 1}]", "unknown key 'p'"),
        ("red_lines: [{probability: 0.3}]", "missing required key 'line'"),
        ("red_lines: [{line: no cut}]", "red_lines[0].line: 'no cut' is not of the form point=value"),
        ("red_lines: [{line: wage=11}]", "red_lines[0].line: 'wage=11': 11 is outside point 'wage'"),
    ],
)
def test_problems_name_their_place(change: str, message: str) -> None:
    key = change.split(":", 1)[0]
    lines = [line for line in UNION.splitlines(keepends=True) if not line.strip().startswith(f"{key}:")]
    block = "".join(lines[:1]) + f"    {change}\n" + "".join(lines[1:])
    with pytest.raises(ScenarioError) as info:
        _load(_with_union(block))
    assert message in str(info.value)
    assert all(p.line is not None and p.hint for p in info.value.problems)


def test_a_range_at_a_breakpoint_written_twice_is_refused() -> None:
    text = _with_union().replace("wage: {0: 0, 4:", "wage: {0: 0, 4.0: 50, 4:")
    with pytest.raises(ScenarioError, match=r"breakpoints '4.0' and '4' are the same number"):
        _load(text)


def test_weights_given_as_ranges_count_by_their_estimate() -> None:
    block = UNION.replace(
        "weights: {wage: {mean: 3, sd: 1}, hours: {min: 0.5, max: 2, estimate: 1}}",
        "weights: {wage: {min: 0, max: 1, estimate: 0}, hours: 0}",
    )
    with pytest.raises(ScenarioError, match="every weight is 0"):
        _load(_with_union(block))


def test_schema_describes_the_new_keys() -> None:
    prefs = SCHEMA["properties"]["preferences"]["additionalProperties"]["properties"]
    assert set(prefs["reservation"]["properties"]) == {"min", "max", "mean", "sd", "estimate"}
    assert prefs["red_lines"]["items"]["type"] == ["string", "object"]
    assert "probability" in prefs["links"]["items"]["properties"]
    assert "probability" in prefs["interactions"]["items"]["properties"]


def _exportable(scenario: Scenario) -> Scenario:
    prefs = {p: replace(v, red_lines=(), links=(), interactions=()) for p, v in scenario.preferences.items()}
    return replace(scenario, preferences=prefs, drafts=(), stances=())


def test_exports_write_the_estimates_and_say_so(tmp_path: Path) -> None:
    scenario = _exportable(_load(_with_union()))
    note = (
        "ranges and probabilities of union's preferences are not carried: {} has no place for them; "
        "the estimates are written"
    )
    assert genius_losses(scenario) == (note.format("GENIUS"),)
    assert note.format("GeniusWeb") in geniusweb_losses(scenario)
    for name, body in genius_files(scenario).items():
        (tmp_path / name).write_bytes(body)
    back = read_genius(tmp_path).scenario
    plain = replace(scenario, preferences={p: replace(v, uncertain=()) for p, v in scenario.preferences.items()})
    assert back.preferences["union"].reservation == pytest.approx(0.2)
    agreements: list[dict[str, Value]] = [{"wage": 4, "hours": "h38"}, {"wage": 10, "hours": "h35"}]
    for agreement in agreements:
        moved = {k: v if back.point(k).is_numeric else value_label(v) for k, v in agreement.items()}
        assert back.utility("union", moved) == pytest.approx(plain.utility("union", agreement), abs=1e-12)
    assert genius_losses(plain) == ()


def test_accord_export_prints_the_note(tmp_path: Path) -> None:
    source = tmp_path / "ranges.yaml"
    source.write_text(_with_union())
    result = runner.invoke(app, ["export", str(source), "--drop-constraints", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert (
        "note: ranges and probabilities of union's preferences are not carried: GENIUS has no place for them; "
        "the estimates are written"
    ) in result.stderr.splitlines()


def _as_estimates(data: Any) -> Any:
    """The document with every range written as its estimate and every probability left out."""
    for prefs in data.get("preferences", {}).values():
        if "reservation" in prefs:
            prefs["reservation"] = estimate(prefs["reservation"])
        prefs["weights"] = {k: estimate(v) for k, v in prefs["weights"].items()}
        prefs["ratings"] = {p: {k: estimate(v) for k, v in t.items()} for p, t in prefs["ratings"].items()}
        prefs["red_lines"] = [r["line"] if isinstance(r, dict) else r for r in prefs.get("red_lines", [])]
        for item in (*prefs.get("links", []), *prefs.get("interactions", [])):
            item.pop("probability", None)
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load_as_before(path: Path) -> None:
    """The examples read as they did before ranges existed: a file without ranges has no
    uncertain entries, and a file with them (the flagship may gain some) reads, apart from
    them, as the same file with its estimates written as plain numbers."""
    _reads_as_its_estimates(path)


def test_a_file_with_ranges_reads_as_its_estimates(tmp_path: Path) -> None:
    path = tmp_path / "ranges.yaml"
    path.write_text(_with_union())
    _reads_as_its_estimates(path)


def _reads_as_its_estimates(path: Path) -> None:
    scenario = scenario_v1.load(path)
    data = load_document(path).data  # as accord reads it (YAML 1.2)
    plain_data = _as_estimates(copy.deepcopy(data))
    if plain_data == data:
        assert not any(p.is_uncertain for p in scenario.preferences.values())
    plain = scenario_v1.loads(json.dumps(plain_data), "plain.json")
    for party, prefs in scenario.preferences.items():
        certain = replace(
            prefs,
            uncertain=(),
            red_lines=tuple(replace(r, probability=1.0) for r in prefs.red_lines),
            links=tuple(replace(k, probability=1.0) for k in prefs.links),
            interactions=tuple(replace(k, probability=1.0) for k in prefs.interactions),
        )
        assert certain == plain.preferences[party]
