"""Conformance over every GENIUS folder in ../shared/data/genius.

Each folder imports, or is refused for the reason listed in REFUSED (the same list is in
docs/reference/formats.md). For each imported domain, 100 random agreements (seeded) get
the same utility from accord as from a small evaluator written here, straight from the
GENIUS definition and parsing the files itself; and both writers round-trip them exactly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from accord.errors import UnsupportedFormatError
from accord.formats.detect import load
from accord.formats.export_common import value_label
from accord.formats.genius_write import write_genius
from accord.formats.genius_xml import read_genius
from accord.formats.geniusweb_json import read_geniusweb
from accord.formats.geniusweb_write import geniusweb_losses, write_geniusweb
from accord.model import Value
from oracle import assert_loads_within_the_model_or_names_it, random_agreements

GENIUS = Path(__file__).parents[2] / ".." / "shared" / "data" / "genius"
FOLDERS = sorted(p for p in GENIUS.rglob("*") if p.is_dir() and p.parent != GENIUS) if GENIUS.is_dir() else []
AGREEMENTS = 100
_SUBFOLDERS = (UnsupportedFormatError, "only sub-folders")
_NONLINEAR = (UnsupportedFormatError, 'non-linear GENIUS profile (type="nonlinear" utility space)')
REFUSED: dict[str, tuple[type[Exception], str]] = {
    "raw-templates/2nd_hand_car": (UnsupportedFormatError, "issue 'Price' has type='price'"),
    "raw-templates/Railway": (UnsupportedFormatError, 'non-linear GENIUS profile (type="constraint" utility space)'),
    **{f"raw-templates/nonlinear/{n}": _NONLINEAR for n in ("S-1NAGUNL-114", "S-1NAGUNL-128", "S-1NAGUNL-255")},
    **{f"raw-templates/nonlinear/S-1NIKFRT-{n}": _NONLINEAR for n in (1, 2, 3)},
    **{f"raw-templates/{n}": _SUBFOLDERS for n in ("ANAC2015", "ANAC2016", "linear", "nonlinear")},
}
IMPORTED = [f for f in FOLDERS if f.relative_to(GENIUS).as_posix() not in REFUSED]


def _id(path: Path) -> str:
    return path.relative_to(GENIUS).as_posix()


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_folder_imports_or_is_refused_for_its_reason(folder: Path) -> None:
    refusal = REFUSED.get(_id(folder))
    if refusal is None:
        scenario = load(folder).scenario
        assert scenario.origin == "genius"
        assert len(scenario.rated_parties) >= 2
        return
    kind, text = refusal
    with pytest.raises(kind) as info:
        load(folder)
    assert text in str(info.value)


# -- an independent evaluator, from the GENIUS definition ------------------------------


def _parse(path: Path) -> ET.Element:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"&(?!(amp|lt|gt|quot|apos);|#)", "&amp;", text)
    return ET.fromstring(text.strip())


def _kind(issue: ET.Element, default: str) -> str:
    return (issue.get("type") or issue.get("vtype") or issue.get("etype") or default).lower()


def _domain_issues(folder: Path) -> dict[str, ET.Element]:
    for path in folder.glob("*.xml"):
        if path.read_bytes().lstrip().startswith(b"<negotiation_template"):
            return {i.get("name", ""): i for i in _parse(path).iter("issue")}
    raise AssertionError(f"no domain in {folder}")


def _evaluate(issue: ET.Element, kind: str, domain: ET.Element, value: Value) -> float:
    if kind == "discrete":
        evals = {
            i.get("value"): float(i.get("evaluation", "0"))
            for i in issue
            if i.tag == "item" and i.get("evaluation") not in (None, "null")
        }
        top = max(evals.values())
        return 0.0 if top < 0.00001 else evals[str(value)] / top
    ev = issue.find("evaluator")
    assert ev is not None
    x = float(value)
    if kind == "integer":
        low = float(issue.get("lowerbound") or domain.get("lowerbound") or 0)
        return min(1.0, max(0.0, float(ev.get("slope", 0)) * (x - low) + float(ev.get("offset", 0))))
    p = [float(ev.get(f"parameter{k}", "nan")) for k in range(3)]
    if ev.get("ftype") == "linear":
        return min(1.0, max(0.0, p[1] * x + p[0]))
    lo, hi, top = p
    if x < lo or x >= hi:
        return 0.0
    return (x - lo) / (top - lo) if x < top else 1 - (x - top) / (hi - top)


def genius_utility(profile: ET.Element, domain: dict[str, ET.Element], agreement: dict[str, Value]) -> float:
    """sum over issues of weight[index] * evaluation, weights matched by index at their level."""
    total = 0.0
    for level in [profile, *profile.iter("objective")]:
        weights = {int(w.get("index", -1)): float(w.get("value", 0)) for w in level if w.tag == "weight"}
        for issue in (c for c in level if c.tag == "issue"):
            name = issue.get("name", "")
            dom = domain[name]
            kind = _kind(issue, _kind(dom, "discrete"))
            total += weights[int(issue.get("index", -1))] * _evaluate(issue, kind, dom, agreement[name])
    return total


def _weight_sum(profile: ET.Element) -> float:
    return sum(float(w.get("value", 0)) for w in profile.iter("weight") if _is_issue_weight(profile, w))


def _is_issue_weight(profile: ET.Element, weight: ET.Element) -> bool:
    return any(i.get("index") == weight.get("index") for i in profile.iter("issue"))


def _over_one(profile: ET.Element, domain: dict[str, ET.Element]) -> bool:
    """Whether the profile's best agreement is worth more than 1 (GENIUS would cap it; accord
    divides the weights by their sum instead, with a note)."""
    best = {name: max(_best_evaluations(issue, domain[issue.get("name", "")])) for name, issue in _issues(profile)}
    weights = {int(w.get("index", -1)): float(w.get("value", 0)) for w in profile.iter("weight")}
    return sum(weights[int(issue.get("index", -1))] * best[name] for name, issue in _issues(profile)) > 1 + 1e-9


def _issues(profile: ET.Element) -> list[tuple[str, ET.Element]]:
    return [(i.get("name", ""), i) for i in profile.iter("issue")]


def _best_evaluations(issue: ET.Element, dom: ET.Element) -> list[float]:
    kind = _kind(issue, _kind(dom, "discrete"))
    if kind == "discrete":
        return [_evaluate(issue, kind, dom, i.get("value", "")) for i in dom if i.tag == "item"]
    if kind == "integer":
        low, high = int(float(dom.get("lowerbound", 0))), int(float(dom.get("upperbound", 0)))
        return [_evaluate(issue, kind, dom, x) for x in range(low, high + 1)]
    return [1.0]  # no real issue in the shared data is over 1


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", IMPORTED, ids=_id)
def test_utilities_equal_the_genius_definition(folder: Path) -> None:
    scenario = read_genius(folder).scenario
    domain = _domain_issues(folder)
    profiles = {p: _parse(folder / f"{p}.xml") for p in scenario.rated_parties}
    scale = {party: _weight_sum(profile) if _over_one(profile, domain) else 1.0 for party, profile in profiles.items()}
    for agreement in random_agreements(scenario, _id(folder), AGREEMENTS):
        for party, profile in profiles.items():
            assert scenario.utility(party, agreement) == pytest.approx(
                genius_utility(profile, domain, agreement) / scale[party], abs=1e-9
            ), (party, agreement)
            assert -1e-12 <= scenario.utility(party, agreement) <= 1 + 1e-12
    for party, profile in profiles.items():
        element = profile.find("reservation")
        written = float(element.get("value", 0)) if element is not None else 0.0
        assert scenario.preferences[party].reservation == written


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", IMPORTED, ids=_id)
def test_both_writers_round_trip(folder: Path, tmp_path: Path) -> None:
    scenario = read_genius(folder).scenario
    chosen = random_agreements(scenario, _id(folder), AGREEMENTS)
    for write, read in ((write_genius, read_genius), (write_geniusweb, read_geniusweb)):
        out = tmp_path / write.__name__
        write(scenario, out)
        copy = read(out).scenario
        assert [p.name for p in copy.parties] == [p.name for p in scenario.parties]
        for agreement in chosen:
            moved = {k: (v if copy.point(k).is_numeric else value_label(v)) for k, v in agreement.items()}
            for party in scenario.rated_parties:
                assert copy.utility(party, moved) == pytest.approx(scenario.utility(party, agreement), abs=1e-12)
        dropped = geniusweb_losses(scenario) if write is write_geniusweb else ()
        for party in scenario.rated_parties:
            if not any(f"party {party!r}: no agreement is worth exactly" in x for x in dropped):
                assert copy.preferences[party].reservation == pytest.approx(
                    scenario.preferences[party].reservation, abs=1e-12
                )


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_folder_loads_within_the_model_or_names_the_file_it_refuses(folder: Path) -> None:
    assert_loads_within_the_model_or_names_it(folder)
