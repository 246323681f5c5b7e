"""A party's preferences as a JSON document, and back, exactly.

The store keeps each party's :class:`~accord.model.Preferences` as one JSON document (a
column of ``preferences``, and the ``before``/``after`` of their audit events). Why this
document and not the preferences block of scenario format v1, written by
:func:`accord.formats.scenario_v1_write.dump_scenario`:

* **Lossless.** The store must give back what it was given: the workbench's analysis of
  an imported GENIUS domain must find the numbers ``accord analyze`` finds on the folder.
  The format-1 writer is a *conversion*, not an identity: it turns ids such as ``0 kW``
  into slugs, rescales ratings to 0-100, drops ``weight_total`` (so a GENIUS party whose
  weights do not sum to 1 gets other utilities) and ``discount``, writes the ratings of
  unrated options as explicit zeros and adds the range's ends to a rating curve. On the
  flagship, ``loads(dump_scenario(s)) != s`` (the United States' ratings); on the Energy
  domain the ratings, ``weight_total`` and ``rating_scale`` all change. This document maps
  every field of the dataclasses one to one, and JSON keeps ``str``, ``int`` and ``float``
  apart and floats exact (``repr`` round trip), so ``decode(encode(p)) == p``.
* **Checked on the way back.** :func:`decode` builds the model objects, whose own checks
  (``ModelError``) run; the store then builds the whole :class:`~accord.model.Scenario`,
  whose checks tie every point, option and party to the negotiation. A document that does
  not fit raises ``StoreError`` naming the party.
* **Versioned.** ``{"codec": 1, ...}``: a later change of the model gets a new number and a
  migration that rewrites the rows.

Files users read and write stay format v1 (``accord export``); this document never leaves
the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.errors import ModelError, StoreError
from accord.model import (
    CategoricalRating,
    Interaction,
    Link,
    Normal,
    PiecewiseLinear,
    Preferences,
    Rating,
    RedLine,
    Uncertain,
    Uniform,
    Value,
)

CODEC = 1
"""The document's version."""

JSONObject = dict[str, Any]


def encode(prefs: Preferences) -> JSONObject:
    """``prefs`` as a JSON-ready mapping (see the module docstring)."""
    return {
        "codec": CODEC,
        "party": prefs.party,
        "weights": dict(prefs.weights),
        "ratings": {point: _rating(r) for point, r in prefs.ratings.items()},
        "reservation": prefs.reservation,
        "red_lines": [
            {"point": r.point, "option": r.option, "below": r.below, "above": r.above, "probability": r.probability}
            for r in prefs.red_lines
        ],
        "links": [
            {
                "point": k.point,
                "value": k.value,
                "requires_point": k.requires_point,
                "requires": list(k.requires),
                "probability": k.probability,
            }
            for k in prefs.links
        ],
        "interactions": [
            {"conditions": [[p, v] for p, v in i.conditions], "bonus": i.bonus, "probability": i.probability}
            for i in prefs.interactions
        ],
        "weight_total": prefs.weight_total,
        "rating_scale": prefs.rating_scale,
        "discount": prefs.discount,
        "uncertain": [_uncertain(u) for u in prefs.uncertain],
    }


def decode(data: Mapping[str, Any], source: str = "the stored document") -> Preferences:
    """The preferences :func:`encode` wrote; StoreError for a document it did not write
    (its message names ``source``, and a missing key by its name)."""
    party = data.get("party", "?") if isinstance(data, Mapping) else "?"
    try:
        if data.get("codec") != CODEC:
            raise StoreError(f"preferences of {party!r}: codec {data.get('codec')!r} is not {CODEC}")
        return Preferences(
            party=data["party"],
            weights=dict(data["weights"]),
            ratings={point: _read_rating(r) for point, r in data["ratings"].items()},
            reservation=data["reservation"],
            red_lines=tuple(RedLine(**r) for r in data["red_lines"]),
            links=tuple(
                Link(k["point"], k["value"], k["requires_point"], tuple(k["requires"]), k["probability"])
                for k in data["links"]
            ),
            interactions=tuple(
                Interaction(tuple((p, v) for p, v in i["conditions"]), i["bonus"], i["probability"])
                for i in data["interactions"]
            ),
            weight_total=data["weight_total"],
            rating_scale=data["rating_scale"],
            discount=data["discount"],
            uncertain=tuple(_read_uncertain(u) for u in data["uncertain"]),
        )
    except KeyError as err:
        raise StoreError(f"preferences of {party!r}: {source} has no key {err}; give every key GET returns") from err
    except (TypeError, ValueError, AttributeError, ModelError) as err:
        raise StoreError(f"preferences of {party!r}: {source} does not fit: {err}") from err


def _rating(rating: Rating) -> JSONObject:
    if isinstance(rating, CategoricalRating):
        return {"scores": dict(rating.scores)}
    return {"breakpoints": [[x, y] for x, y in rating.breakpoints]}


def _read_rating(data: Mapping[str, Any]) -> Rating:
    if "scores" in data:
        return CategoricalRating(dict(data["scores"]))
    return PiecewiseLinear(tuple((x, y) for x, y in data["breakpoints"]))


def _uncertain(u: Uncertain) -> JSONObject:
    d = u.distribution
    shape: JSONObject = {"uniform": [d.low, d.high]} if isinstance(d, Uniform) else {"normal": [d.mean, d.sd]}
    return {"kind": u.kind, "point": u.point, "value": u.value, **shape}


def _read_uncertain(data: Mapping[str, Any]) -> Uncertain:
    if "uniform" in data:
        low, high = data["uniform"]
        distribution: Uniform | Normal = Uniform(low, high)
    else:
        mean, sd = data["normal"]
        distribution = Normal(mean, sd)
    value: Value | None = data["value"]
    return Uncertain(data["kind"], distribution, data["point"], value)
