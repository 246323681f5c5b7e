"""accord scenario -> GENIUS XML folder: a domain file and one profile per rated party.

The files are built with ElementTree (every name and value escaped) and follow the layout
GENIUS itself writes (``AdditiveUtilitySpace.toXML``). Each party's preferences are written
in their exact linear additive form (:mod:`accord.formats.export_common`):

* categorical points become discrete issues whose items carry ``evaluation = r(v) / max r``;
* numeric points whose evaluation is linear for every party, on a whole-number range with
  step 1, become integer issues with a linear evaluator (``offset``, ``slope``); other
  numeric points become discrete issues whose values are the numbers written out (``0.1``);
* weights are ``w / W * max r / S``: they sum to the party's best utility, which is 1 when
  every point has a top-rated value, and are read back unnormalised, as GENIUS does;
* the reservation value and discount factor are written as ``<reservation>`` and
  ``<discount_factor>``.

Drafts, stances and party roles have no place in GENIUS files and are not written (see
:func:`genius_losses`). Reading the folder back gives every agreement the same utility.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from accord.formats.export_common import (
    PartyTable,
    check_exportable,
    common_losses,
    file_stems,
    is_linear,
    party_table,
    prepare,
    value_label,
)
from accord.model import Point, Scenario

_FORMAT = "GENIUS"


def write_genius(scenario: Scenario, outdir: Path) -> list[Path]:
    """Write ``scenario`` as a GENIUS domain folder in ``outdir``; return the files written.

    The domain file comes first, then one profile per rated party named after its id.
    Raises ExportError when a party has red lines, links, interactions or negative ratings.
    """
    check_exportable(scenario, _FORMAT)
    outdir = prepare(outdir)
    tables = [party_table(scenario, p, _FORMAT) for p in scenario.rated_parties]
    integer = {p.id for p in scenario.points if _integer(p, tables)}
    stems, domain_stem = file_stems([t.party for t in tables], "domain")
    written = [_save(_domain(scenario, integer), outdir / f"{domain_stem}.xml")]
    for table, stem in zip(tables, stems, strict=True):
        written.append(_save(_profile(scenario, table, integer), outdir / f"{stem}.xml"))
    return written


def genius_losses(scenario: Scenario) -> tuple[str, ...]:
    """What :func:`write_genius` leaves out of ``scenario``, one sentence each (for the CLI)."""
    return tuple(common_losses(scenario, _FORMAT))


def _integer(point: Point, tables: list[PartyTable]) -> bool:
    rng = point.range
    return (
        rng is not None
        and float(rng.step) == 1.0
        and float(rng.min).is_integer()
        and float(rng.max).is_integer()
        and is_linear(point, tables)
    )


def _objective(parent: ET.Element, scenario: Scenario) -> ET.Element:
    return ET.SubElement(
        parent, "objective", {"index": "0", "name": scenario.title, "type": "objective", "etype": "objective"}
    )


def _issue(parent: ET.Element, index: int, point: Point, integer: set[str]) -> ET.Element:
    kind = "integer" if point.id in integer else "discrete"
    attrs = {"index": str(index), "name": point.id, "type": kind, "etype": kind, "vtype": kind}
    if kind == "integer" and point.range is not None:
        attrs["lowerbound"] = str(int(point.range.min))
        attrs["upperbound"] = str(int(point.range.max))
    return ET.SubElement(parent, "issue", attrs)


def _domain(scenario: Scenario, integer: set[str]) -> ET.Element:
    root = ET.Element("negotiation_template")
    space = ET.SubElement(root, "utility_space", {"number_of_issues": str(len(scenario.points))})
    objective = _objective(space, scenario)
    for index, point in enumerate(scenario.points, start=1):
        issue = _issue(objective, index, point, integer)
        if point.id in integer:
            continue
        for n, value in enumerate(point.values(), start=1):
            attrs = {"index": str(n), "value": value_label(value)}
            option = point.option(value) if isinstance(value, str) else None
            if option is not None and option.text:
                attrs["description"] = option.text
            ET.SubElement(issue, "item", attrs)
    return root


def _profile(scenario: Scenario, table: PartyTable, integer: set[str]) -> ET.Element:
    root = ET.Element("utility_space")
    objective = _objective(root, scenario)
    for index, point in enumerate(scenario.points, start=1):
        issue = _issue(objective, index, point, integer)
        evals = table.evals[point.id]
        values = point.values()
        if point.id in integer and point.range is not None:
            lo, hi = evals[values[0]], evals[values[-1]]
            slope = (hi - lo) / (float(point.range.max) - float(point.range.min))
            ET.SubElement(issue, "evaluator", {"ftype": "linear", "offset": repr(lo), "slope": repr(slope)})
            continue
        for n, value in enumerate(values, start=1):
            ET.SubElement(
                issue, "item", {"index": str(n), "value": value_label(value), "evaluation": repr(evals[value])}
            )
    for index, point in enumerate(scenario.points, start=1):
        ET.SubElement(objective, "weight", {"index": str(index), "value": repr(table.weights[point.id])})
    discount = table.discount if table.discount is not None else 1.0
    ET.SubElement(root, "discount_factor", {"value": repr(float(discount))})
    ET.SubElement(root, "reservation", {"value": repr(float(table.reservation))})
    return root


def _save(root: ET.Element, path: Path) -> Path:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
