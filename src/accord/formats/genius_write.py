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

Drafts, stances and party roles have no place in GENIUS files and are not written, nor
have the ranges of uncertain weights, ratings and reservation values: their estimates are
written (see :func:`genius_losses`). Reading the folder back gives every agreement the same
utility.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from accord.formats.atomic import write_folder
from accord.formats.export_common import PartyTable, common_losses, domain_files, is_linear, value_label
from accord.model import Point, Scenario

_FORMAT = "GENIUS"


def genius_files(scenario: Scenario) -> dict[str, bytes]:
    """``scenario`` as the files of a GENIUS domain folder, name -> bytes: ``domain.xml``
    first, then one profile per rated party named after its id.

    Raises ExportError when a party has red lines, links, interactions or negative ratings.
    """
    return domain_files(scenario, _FORMAT, ".xml", _encode)


def write_genius(scenario: Scenario, outdir: Path, *, force: bool = False) -> list[Path]:
    """Write :func:`genius_files` as the folder ``outdir`` (atomically, replacing it whole
    with ``force``; see :func:`accord.formats.atomic.write_folder`); return the files written."""
    return write_folder(outdir, genius_files(scenario), force=force)


def genius_losses(scenario: Scenario) -> tuple[str, ...]:
    """What :func:`write_genius` leaves out of ``scenario``, one sentence each (for the CLI)."""
    return tuple(common_losses(scenario, _FORMAT))


def _encode(scenario: Scenario, tables: list[PartyTable]) -> tuple[bytes, list[bytes]]:
    integer = {p.id for p in scenario.points if _integer(p, tables)}
    return _xml(_domain(scenario, integer)), [_xml(_profile(scenario, t, integer)) for t in tables]


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


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()
