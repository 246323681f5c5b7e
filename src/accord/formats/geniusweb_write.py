"""accord scenario -> GeniusWeb JSON folder: a domain file and one profile per rated party.

Profiles are ``LinearAdditiveUtilitySpace`` objects, each embedding the domain, built from
the exact linear additive form of the party's preferences
(:mod:`accord.formats.export_common`):

* categorical points become discrete issues with ``DiscreteValueSetUtilities``;
* numeric points whose evaluation is linear for every party become number issues
  (``range``) with ``NumberValueSetUtilities``; others become discrete issues whose values
  are the numbers written out (``"0.1"``);
* GeniusWeb wants weights that sum to 1 and utilities in [0, 1]. With ``M`` the party's
  best utility, weights ``m_p / M`` and utilities ``M * eval_p(v)`` give every agreement its
  utility exactly when ``M <= 1``; when ``M > 1`` (a GENIUS profile whose weights sum above
  1) the weights sum to ``M`` and GeniusWeb's own validator will refuse the profile;
* the reservation value becomes a ``reservationBid`` when some agreement (searched among
  at most :data:`RESERVATION_SEARCH_LIMIT`) has exactly that utility, else it is left out.

Drafts, stances, discount factors and the ranges of uncertain weights, ratings and
reservation values have no place in GeniusWeb profiles; the estimates are written (see
:func:`geniusweb_losses`).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

from accord.errors import ExportError
from accord.formats.atomic import write_folder
from accord.formats.export_common import PartyTable, common_losses, domain_files, is_linear, party_table, value_label
from accord.model import Point, Scenario, Value

RESERVATION_SEARCH_LIMIT = 100_000
_FORMAT = "GeniusWeb"
_MATCH = 1e-12
_ROUNDING = 1e-9


def geniusweb_files(scenario: Scenario) -> dict[str, bytes]:
    """``scenario`` as the files of a GeniusWeb domain folder, name -> bytes:
    ``domain.json`` first, then one profile per rated party named after its id.

    Raises ExportError when a party has red lines, links, interactions or negative ratings.
    """
    return domain_files(scenario, _FORMAT, ".json", _encode)


def write_geniusweb(scenario: Scenario, outdir: Path, *, force: bool = False) -> list[Path]:
    """Write :func:`geniusweb_files` as the folder ``outdir`` (atomically, replacing it whole
    with ``force``; see :func:`accord.formats.atomic.write_folder`); return the files written."""
    return write_folder(outdir, geniusweb_files(scenario), force=force)


def geniusweb_losses(scenario: Scenario) -> tuple[str, ...]:
    """What :func:`write_geniusweb` leaves out or approximates, one sentence each (for the CLI)."""
    losses = common_losses(scenario, _FORMAT)
    for party in scenario.rated_parties:
        prefs = scenario.preferences[party]
        table = party_table(scenario, party, _FORMAT)
        if prefs.discount is not None:
            losses.append(f"party {party!r}: GeniusWeb has no discount factor; {prefs.discount:g} was not written")
        if prefs.reservation > 0 and _reservation_bid(scenario, table) is None:
            losses.append(
                f"party {party!r}: no agreement is worth exactly its reservation value "
                f"{prefs.reservation:g}, so no reservationBid was written"
            )
    return tuple(losses)


def _encode(scenario: Scenario, tables: list[PartyTable]) -> tuple[bytes, list[bytes]]:
    number = {p.id for p in scenario.points if is_linear(p, tables)}
    domain = _domain(scenario, number)
    return _json(domain), [_json(_profile(scenario, t, number, domain)) for t in tables]


def _domain(scenario: Scenario, number: set[str]) -> dict[str, Any]:
    issues: dict[str, Any] = {}
    for point in scenario.points:
        if point.id in number and point.range is not None:
            rng = point.range
            issues[point.id] = {"range": {"low": _num(rng.min), "high": _num(rng.max), "step": _num(rng.step)}}
        else:
            issues[point.id] = {"values": [value_label(v) for v in point.values()]}
    return {"name": scenario.title, "issuesValues": issues}


def _profile(scenario: Scenario, table: PartyTable, number: set[str], domain: dict[str, Any]) -> dict[str, Any]:
    best = sum(table.weights.values())
    if best > 1 + _ROUNDING:
        raise ExportError(
            f"party {table.party!r}: its best agreement is worth {best:.6g} > 1, which GeniusWeb profiles cannot "
            "hold (their weights sum to 1 and utilities lie in [0, 1]); export to GENIUS instead"
        )
    scale = best if 0 < best <= 1 + 1e-9 else 1.0
    count = len(scenario.points)
    utilities: dict[str, Any] = {}
    weights: dict[str, float] = {}
    for point in scenario.points:
        weights[point.id] = table.weights[point.id] / scale if best > 0 else 1.0 / count
        utilities[point.id] = _utilities(point, table, number, scale)
    body: dict[str, Any] = {
        "issueUtilities": utilities,
        "issueWeights": weights,
        "domain": domain,
        "name": re.sub(r"[^A-Za-z0-9]", "", table.party) or "party",
    }
    bid = _reservation_bid(scenario, table) if table.reservation > 0 else None
    if bid is not None:
        body["reservationBid"] = {"issuevalues": {p: _bid_value(p, v, number) for p, v in bid.items()}}
    return {"LinearAdditiveUtilitySpace": body}


def _utilities(point: Point, table: PartyTable, number: set[str], scale: float) -> dict[str, Any]:
    evals = table.evals[point.id]
    if point.id in number and point.range is not None:
        values = point.values()
        return {
            "NumberValueSetUtilities": {
                "lowValue": _num(point.range.min),
                "lowUtility": _unit(scale * evals[values[0]]),
                "highValue": _num(point.range.max),
                "highUtility": _unit(scale * evals[values[-1]]),
            }
        }
    return {
        "DiscreteValueSetUtilities": {"valueUtilities": {value_label(v): _unit(scale * e) for v, e in evals.items()}}
    }


def _reservation_bid(scenario: Scenario, table: PartyTable) -> dict[str, Value] | None:
    """An agreement worth exactly the reservation value, if one exists among the first few."""
    if scenario.outcome_count() > RESERVATION_SEARCH_LIMIT:
        return None
    ids = [p.id for p in scenario.points]
    for combo in itertools.product(*(p.values() for p in scenario.points)):
        agreement = dict(zip(ids, combo, strict=True))
        if abs(table.utility(agreement) - table.reservation) <= _MATCH:
            return agreement
    return None


def _bid_value(point_id: str, value: Value, number: set[str]) -> Value:
    return value if point_id in number else value_label(value)


def _unit(x: float) -> float:
    """A utility in [0, 1] as GeniusWeb requires: ``1.0000000000000002`` (rounding) is 1."""
    return min(max(x, 0.0), 1.0) if -_ROUNDING <= x <= 1 + _ROUNDING else x


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() and math.isfinite(x) else float(x)


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
