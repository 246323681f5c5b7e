"""Fuzzing the GENIUS and GeniusWeb readers through ``detect.load`` (issue 9).

Random bytes, and random folders that are valid in shape but extreme in content (huge,
negative, NaN and infinite numbers, empty strings, unicode, repeated names, missing parts),
must end in an AccordError or in a scenario whose utilities and reservations lie in [0, 1]:
never another exception, never an out-of-model value.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.formats.detect import load
from accord.formats.imported import Imported

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-9

numbers = st.one_of(
    st.sampled_from(["0", "1", "0.5", "-1", "-0.729", "280", "1e308", "-1e308", "NaN", "inf", "-inf", "", "x"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
names = st.one_of(st.sampled_from(["a", "b", "a ", "", "é", "\u202e", "x&y", "<z>"]), st.text(max_size=4))


def _in_model(imported: Imported) -> None:
    scenario = imported.scenario
    points = [p.values() for p in scenario.points]
    agreements = itertools.islice(itertools.product(*points), 200)
    for values in agreements:
        agreement = {p.id: v for p, v in zip(scenario.points, values, strict=True)}
        for party in scenario.rated_parties:
            assert -EPS <= scenario.utility(party, agreement) <= 1 + EPS, (party, agreement)
    for party in scenario.rated_parties:
        assert 0 <= scenario.preferences[party].reservation <= 1


def _load_folder(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        try:
            imported = load(folder)
        except AccordError:
            return
        _in_model(imported)


@FUZZ
@given(st.dictionaries(st.sampled_from(["d.xml", "a.xml", "b.json", "c.json"]), st.binary(max_size=300), min_size=1))
def test_random_bytes(files: dict[str, bytes]) -> None:
    _load_folder(files)


@FUZZ
@given(st.binary(max_size=200).map(lambda b: b"<utility_space>" + b), st.binary(max_size=200).map(lambda b: b"{" + b))
def test_random_bytes_after_a_plausible_start(xml: bytes, text: bytes) -> None:
    _load_folder({"d.xml": xml, "a.xml": xml, "b.json": text})
    _load_folder({"b.json": text, "c.json": text})


@st.composite
def genius_folders(draw: st.DrawFn) -> dict[str, bytes]:
    issues = draw(st.lists(st.tuples(names, st.lists(names, min_size=1, max_size=3)), min_size=1, max_size=3))
    domain = "".join(
        f'<issue index="{i + 1}" name={quoteattr(n)} type="discrete">'
        + "".join(f"<item value={quoteattr(v)}/>" for v in values)
        + "</issue>"
        for i, (n, values) in enumerate(issues)
    )
    files = {"domain.xml": f'<negotiation_template><utility_space><objective index="0" name="d">{domain}'}
    files["domain.xml"] += "</objective></utility_space></negotiation_template>"
    for party in draw(st.lists(st.sampled_from(["p", "q", "r"]), min_size=1, max_size=3, unique=True)):
        body = ""
        for i, (n, values) in enumerate(issues):
            if draw(st.booleans()) or i == 0:
                items = "".join(f"<item value={quoteattr(v)} evaluation={quoteattr(draw(numbers))}/>" for v in values)
                body += f'<issue index="{i + 1}" name={quoteattr(n)}>{items}</issue>'
                body += f'<weight index="{i + 1}" value={quoteattr(draw(numbers))}/>'
        tail = f"<reservation value={quoteattr(draw(numbers))}/>" if draw(st.booleans()) else ""
        files[f"{party}.xml"] = f'<utility_space><objective index="0" name="d">{body}</objective>{tail}</utility_space>'
    return {k: v.encode("utf-8", "surrogatepass") for k, v in files.items()}


@FUZZ
@given(genius_folders())
def test_extreme_genius_folders(files: dict[str, bytes]) -> None:
    _load_folder(files)


json_numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 0.5, -1, 10, 280, 1e308, True, None, "0.5"]),
    st.integers(min_value=-(10**20), max_value=10**20),
)


@st.composite
def geniusweb_folders(draw: st.DrawFn) -> dict[str, bytes]:
    issues = draw(st.dictionaries(names, st.lists(names, min_size=1, max_size=3), min_size=1, max_size=3))
    domain = {"name": draw(names), "issuesValues": {k: {"values": v} for k, v in issues.items()}}
    files = {"domain.json": json.dumps(domain)}
    for party in draw(st.lists(st.sampled_from(["p", "q", "r"]), min_size=1, max_size=3, unique=True)):
        utilities = {
            k: {"DiscreteValueSetUtilities": {"valueUtilities": {v: draw(json_numbers) for v in values}}}
            for k, values in issues.items()
        }
        body: dict[str, object] = {
            "issueUtilities": utilities,
            "issueWeights": {k: draw(json_numbers) for k in issues},
        }
        if draw(st.booleans()):
            body["reservationBid"] = {
                "issuevalues": {k: draw(st.one_of(names, st.sampled_from(v))) for k, v in issues.items()}
            }
        if draw(st.booleans()):
            body["domain"] = domain
        files[f"{party}.json"] = json.dumps({"LinearAdditiveUtilitySpace": body})
    if draw(st.booleans()):
        files["p.json"] = files.get("p.json", "{}").replace('"issueWeights": {', '"issueWeights": {"x": 1, "x": 2, ', 1)
    return {k: v.encode("utf-8", "surrogatepass") for k, v in files.items()}


@FUZZ
@given(geniusweb_folders())
def test_extreme_geniusweb_folders(files: dict[str, bytes]) -> None:
    _load_folder(files)


@FUZZ
@given(geniusweb_folders())
def test_normalised_geniusweb_weights_load_within_bounds(files: dict[str, bytes]) -> None:
    """The same folders with every weight made 1/n: what loads is still in the model."""
    fixed = {}
    for name, data in files.items():
        value = json.loads(data) if name != "domain.json" and data.startswith(b'{"Linear') else None
        if isinstance(value, dict):
            weights = value["LinearAdditiveUtilitySpace"]["issueWeights"]
            value["LinearAdditiveUtilitySpace"]["issueWeights"] = dict.fromkeys(weights, 1 / len(weights))
            data = json.dumps(value).encode("utf-8", "surrogatepass")
        fixed[name] = data
    _load_folder(fixed)
