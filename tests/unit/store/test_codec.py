"""The preferences document reads back to equal preferences, where format v1 does not."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.errors import StoreError
from accord.formats import scenario_v1
from accord.formats.scenario_v1_write import dump_scenario
from accord.model import (
    CategoricalRating,
    Interaction,
    Link,
    Normal,
    PiecewiseLinear,
    Preferences,
    RedLine,
    Uncertain,
    Uniform,
)
from accord.store import codec

EXAMPLES = sorted((Path(__file__).parents[3] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_party_reads_back_equal(path: Path) -> None:
    scenario = accord.load(path).scenario
    assert scenario.preferences
    for prefs in scenario.preferences.values():
        assert codec.decode(codec.encode(prefs)) == prefs


def test_every_field_reads_back_with_its_type() -> None:
    prefs = Preferences(
        party="p",
        weights={"a": 1, "b": 0.1 + 0.2},
        ratings={"a": PiecewiseLinear(((0, 0.0), (2.5, 7.0))), "b": CategoricalRating({"x": 3.5, "y": 0})},
        reservation=0.25,
        red_lines=(RedLine("a", below=1), RedLine("a", option=2.5, probability=0.4)),
        links=(Link("b", "x", "a", (0, 2.5), 0.9),),
        interactions=(Interaction((("a", 0), ("b", "x")), -0.05, 0.5),),
        weight_total=1.0,
        rating_scale=7.0,
        discount=0.9,
        uncertain=(
            Uncertain("weight", Normal(1, 0.5), "a"),
            Uncertain("reservation", Uniform(0.2, 0.3)),
            Uncertain("rating", Uniform(6.0, 7.0), "a", 2.5),
        ),
    )
    back = codec.decode(codec.encode(prefs))
    assert back == prefs
    assert isinstance(back.weights["a"], int)
    assert back.weights["b"] == 0.1 + 0.2  # floats exact, not rounded
    assert back.links[0].requires == (0, 2.5)


def test_the_flagship_is_what_format_v1_would_not_keep_exactly() -> None:
    """Why the store does not keep format v1 blocks (the codec module's docstring)."""
    scenario = accord.load(EXAMPLES[-1]).scenario
    assert EXAMPLES[-1].name == "ukraine-2025.yaml"
    assert scenario_v1.loads(dump_scenario(scenario)).preferences != scenario.preferences


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ({"codec": 2, "party": "ua"}, "codec 2 is not 1"),
        ({"codec": 1, "party": "ua"}, "the stored document has no key 'weights'"),
        ([], "the stored document does not fit"),
    ],
)
def test_a_foreign_document_is_refused_naming_the_party(document: object, says: str) -> None:
    with pytest.raises(StoreError, match=says):
        codec.decode(document)  # type: ignore[arg-type]
