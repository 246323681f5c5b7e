"""The JSON Schema of scenario format v1, and structural validation against it.

The schema checks shape and types; :mod:`accord.formats.scenario_checks` checks meaning
(references, uniqueness, ranges). ``accord schema`` prints :data:`SCHEMA`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from accord.errors import Problem, did_you_mean
from accord.formats.document import Document

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
_ID = {"type": "string", "pattern": ID_PATTERN, "maxLength": 100}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}"}
_NUMBER = {"type": "number"}
_VALUE = {"type": ["string", "number"]}
_ASSIGN = {"type": "string", "pattern": r"^[^=<>]+[=<>].+$"}


def _obj(props: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


_OPTION = _obj({"id": _ID, "text": _TEXT}, ["id"], "One formulation of a point.")
_RANGE = _obj(
    {"min": _NUMBER, "max": _NUMBER, "step": {"type": "number", "exclusiveMinimum": 0}, "unit": _TEXT},
    ["min", "max", "step"],
    "A numeric point's values: min, min + step, ..., max.",
)
_POINT = _obj(
    {
        "id": _ID,
        "title": _TEXT,
        "description": _TEXT,
        "options": {"type": "array", "items": _OPTION, "minItems": 1},
        "range": _RANGE,
    },
    ["id"],
    "A clause or issue: either `options` or a numeric `range`.",
)
_POINT["oneOf"] = [{"required": ["options"]}, {"required": ["range"]}]
_PARTY = _obj(
    {
        "id": _ID,
        "name": _TEXT,
        "role": {"enum": ["signatory", "mediator", "guarantor", "observer"]},
        "description": _TEXT,
    },
    ["id", "name"],
    "A side with a stake in the agreement.",
)
_DRAFT = _obj(
    {
        "id": _ID,
        "title": _TEXT,
        "date": _DATE,
        "author": _ID,
        "authors": {"type": "array", "items": _ID, "minItems": 1, "uniqueItems": True},
        "parent": {"type": ["string", "null"]},
        "parents": {"type": "array", "items": _ID, "minItems": 1, "uniqueItems": True},
        "description": _TEXT,
        "choices": {"type": "object", "additionalProperties": {"type": ["string", "number", "null"]}},
        "texts": {"type": "object", "additionalProperties": _TEXT},
    },
    ["id"],
    "A version of the text: one option (or number) per point; points left out are open. "
    "`author` or `authors` (several: a joint text); `parent` or `parents` (the text it revises "
    "first, then any whose amendments it adopts).",
)
_SOURCE = _obj(
    {"quote": _TEXT, "speaker": _TEXT, "date": _DATE, "outlet": _TEXT, "published": _DATE, "link": _TEXT},
    [],
    "Where a stance comes from: the verbatim `quote`, its `speaker` and the `date` it was said; "
    "the `outlet` that reported it and the day it `published` the report; a `link`.",
)
_STANCE = _obj(
    {
        "party": _ID,
        "draft": _ID,
        "point": _ID,
        "stance": {"enum": ["accept", "criticise", "unacceptable", "amend"]},
        "proposal": _VALUE,
        "note": _TEXT,
        "source": _SOURCE,
        "basis": {"enum": ["reported", "inferred"]},
        "reason": _TEXT,
    },
    ["party", "draft", "stance"],
    "What a party said about a point of a draft (or the draft as a whole, without `point`). "
    "`basis: reported` when the source's quote names the point; `basis: inferred` with a `reason` "
    "when it is the analyst's reading of a vaguer statement. Several stances of a party on one "
    "point of one draft are its history, in the order listed.",
)
RANGE_KEYS = ("min", "max", "mean", "sd", "estimate")
"""The keys of a number given as a range (:func:`_number_or_range`)."""
NUMBER_OR_RANGE = ["number", "object"]
"""The types of a number that may be given as a range."""
_PROBABILITY = {
    "type": "number",
    "minimum": 0,
    "maximum": 1,
    "description": "How likely it holds, from 0 to 1; default 1 (surely).",
}


_RANGE_SHAPES = [
    {"required": ["min", "max"], "not": {"anyOf": [{"required": ["mean"]}, {"required": ["sd"]}]}},
    {"required": ["mean", "sd"], "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}},
]


def _number_or_range(what: str, **bounds: float) -> dict[str, Any]:
    """A number, or a range object: exactly ``{min, max}`` (uniform) or ``{mean, sd}``
    (normal), each with an optional ``estimate``. ``bounds`` (``minimum``, ``maximum``)
    apply to a plain number; whether a range lies in them is a meaning check
    (:mod:`accord.formats.uncertainty_checks`), with its own message."""
    return {
        "type": NUMBER_OR_RANGE,
        "description": f"{what}: a number, or a range `{{min, max}}` (uniform) or `{{mean, sd}}` "
        "(normal, sd > 0), each with an optional `estimate` (default: the midpoint or the mean).",
        **bounds,
        "properties": {
            "min": _NUMBER,
            "max": _NUMBER,
            "mean": _NUMBER,
            "sd": {"type": "number", "exclusiveMinimum": 0},
            "estimate": _NUMBER,
        },
        "additionalProperties": False,
        "if": {"type": "object"},
        "then": {"oneOf": _RANGE_SHAPES},
    }


_RED_LINE = {
    "type": ["string", "object"],
    "description": "`point=value`, `point<number` or `point>number`; or `{line, probability}`.",
    "pattern": _ASSIGN["pattern"],
    "properties": {"line": _ASSIGN, "probability": _PROBABILITY},
    "required": ["line"],
    "additionalProperties": False,
}
_LINK = _obj(
    {
        "if": _ASSIGN,
        "then": {"oneOf": [_ASSIGN, {"type": "array", "items": _ASSIGN, "minItems": 1}]},
        "probability": _PROBABILITY,
    },
    ["if", "then"],
    "Choosing `if` (point=value) requires one of `then` (point=value, all on one point).",
)
_INTERACTION = _obj(
    {
        "when": {"type": "object", "additionalProperties": _VALUE, "minProperties": 2},
        "bonus": {"type": "number", "minimum": -1, "maximum": 1},
        "probability": _PROBABILITY,
    },
    ["when", "bonus"],
    "A package-deal bonus (or penalty) in utility units when every `when` choice holds.",
)
_PREFERENCES = _obj(
    {
        "reservation": _number_or_range("The utility of no deal, in [0, 1]", minimum=0, maximum=1),
        "weights": {
            "type": "object",
            "additionalProperties": _number_or_range("A point's weight, 0 or more", minimum=0),
        },
        "ratings": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": _number_or_range("A rating, 0 to 100", minimum=0, maximum=100),
            },
        },
        "red_lines": {"type": "array", "items": _RED_LINE},
        "links": {"type": "array", "items": _LINK},
        "interactions": {"type": "array", "items": _INTERACTION},
    },
    ["weights", "ratings"],
    "One party's confidential valuation.",
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://accord.invalid/schema/scenario-v1.json",
    "title": "accord scenario, format v1",
    "type": "object",
    "properties": {
        "accord": {"const": 1, "description": "Format version; always 1."},
        "title": _TEXT,
        "description": _TEXT,
        "parties": {"type": "array", "items": _PARTY, "minItems": 2},
        "points": {"type": "array", "items": _POINT, "minItems": 1},
        "drafts": {"type": "array", "items": _DRAFT},
        "stances": {"type": "array", "items": _STANCE},
        "bargainers": {
            "type": "array",
            "items": _ID,
            "minItems": 1,
            "uniqueItems": True,
            "description": "The parties whose interests the solutions bargain over; "
            "by default the signatories and guarantors.",
        },
        "preferences": {"type": "object", "additionalProperties": _PREFERENCES},
    },
    "required": ["accord", "title", "parties", "points"],
    "additionalProperties": False,
}

_TYPE_NAMES = {"string": "text", "number": "a number", "object": "a mapping", "array": "a list"}


@cache
def _validator() -> Draft202012Validator:
    """The schema's validator (jsonschema loads in about 0.1 s: only when a scenario file is
    read, not for GENIUS or GeniusWeb folders)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(SCHEMA)


def structural_problems(doc: Document) -> list[Problem]:
    """Every place where ``doc.data`` breaks the schema, in document order."""
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    problems: list[Problem] = []
    for err in errors:
        problems.extend(_describe(doc, err))
    return problems


def _describe(doc: Document, err: ValidationError) -> list[Problem]:
    path = tuple(err.absolute_path)
    kind = err.validator
    schema: dict[str, Any] = err.schema if isinstance(err.schema, dict) else {}
    if kind == "required":
        missing = str(err.message).split("'")[1]
        return [doc.problem(path, f"missing required key {missing!r}", f"add `{missing}:`")]
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        allowed = ", ".join(sorted(known))
        instance: Any = err.instance
        extra = sorted(set(instance) - set(known))
        return [
            doc.problem(
                (*path, k),
                f"unknown key {k!r}{did_you_mean(k, known)}",
                f"remove it or fix its spelling (allowed: {allowed})",
                key=True,
            )
            for k in extra
        ]
    return [doc.problem(path, *_value_message(err))]


def _value_message(err: ValidationError) -> tuple[str, str]:
    kind = err.validator
    value: Any = err.instance
    arg: Any = err.validator_value
    shown = repr(value)
    if kind == "const":
        return f"unsupported format version {shown}", "this accord reads `accord: 1`"
    if kind == "type" and arg == NUMBER_OR_RANGE:
        return f"expected a number, got {shown}", "write a number, or a range `{min, max}` or `{mean, sd}`"
    if kind == "oneOf" and arg == _RANGE_SHAPES:
        return _range_shape_message(value)
    last = list(err.absolute_path)[-1:]
    if last == ["probability"] and kind in ("minimum", "maximum"):
        return f"probability {shown} lies outside [0, 1]", "give a probability from 0 to 1 (1: it surely holds)"
    if last == ["sd"] and kind == "exclusiveMinimum":
        return f"standard deviation {shown} is not positive", "give an sd above 0, or a range `{min, max}`"
    if kind == "type":
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in ([arg] if isinstance(arg, str) else arg))
        return f"expected {wanted}, got {shown}", f"write {wanted} here"
    if kind == "enum":
        return f"{shown} is not one of {', '.join(map(str, arg))}", "use one of those words"
    if kind == "minimum":
        return f"{shown} is too small (minimum {arg})", f"use a number >= {arg}"
    if kind == "exclusiveMinimum":
        return f"{shown} is too small (it must be more than {arg})", f"use a number > {arg}"
    if kind == "maximum":
        return f"{shown} is too large (maximum {arg})", f"use a number <= {arg}"
    if kind == "pattern":
        return _pattern_message(shown, str(arg))
    if kind in ("minItems", "minProperties"):
        return f"needs at least {arg} entries, has {len(value)}", "add the missing entries"
    if kind == "uniqueItems":
        return f"{shown} names an id twice", "name each once"
    if kind == "maxLength":
        return f"{shown} is longer than {arg} characters", "shorten it"
    if kind == "oneOf" and list(err.absolute_path)[-1:] == ["then"]:
        return f"{shown} is not a `point=value` text or a list of them", "e.g. `then: [ceasefire=monitored]`"
    if kind == "oneOf" and isinstance(value, dict) and "id" in value:
        return "a point needs either `options` or a `range`, not both and not neither", "keep exactly one of them"
    return f"{shown} is not valid here", "see `accord schema` for the expected form"


def _range_shape_message(value: dict[str, Any]) -> tuple[str, str]:
    """Why a range object is neither ``{min, max}`` nor ``{mean, sd}`` (with an optional estimate)."""
    keys = "{" + ", ".join(k for k in value if k in RANGE_KEYS) + "}"  # unknown keys are reported apart
    hint = "write `{min, max}` (uniform) or `{mean, sd}` (normal), each with an optional `estimate`"
    if {"min", "max"} & set(value) and {"mean", "sd"} & set(value):
        return f"the range {keys} mixes min/max (uniform) with mean/sd (normal)", hint
    return f"the range {keys} needs both min and max, or both mean and sd", hint


def _pattern_message(shown: str, pattern: str) -> tuple[str, str]:
    if pattern == ID_PATTERN:
        return (
            f"id {shown} may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
            "rename it, e.g. `contact-line`",
        )
    if pattern.startswith(r"^\d{4}"):
        return f"date {shown} is not an ISO date", "write it as YYYY-MM-DD"
    return f"{shown} is not of the form point=value, point<number or point>number", "e.g. `territory=recognise`"
