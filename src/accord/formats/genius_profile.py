"""GENIUS profiles (``<utility_space>`` with weights) -> accord preferences, as GENIUS computes.

GENIUS's ``AdditiveUtilitySpace.getUtility`` sums ``weight * evaluation`` over the issues
(Hindriks, Jonker, Kraus, Lin, Tykhonov, "Genius: negotiation environment for heterogeneous
agents", AAMAS 2009; source ``genius.core.utility``):

* weights are matched to issues by ``index`` at the same objective level, before or after
  the issues; they are used as written (not renormalised);
* discrete (``EvaluatorDiscrete``): evaluation / largest evaluation of the issue's direct
  ``<item>`` children (0 when that maximum is below 1e-5); ``evaluation="null"`` is no value;
* integer (``EvaluatorInteger``): ``slope * (x - lowerbound) + offset``, clipped to [0, 1];
* real (``EvaluatorReal``): ``linear`` ``parameter1 * x + parameter0`` clipped to [0, 1],
  ``constant`` ``parameter0``, ``triangular`` rising from ``parameter0`` to 1 at
  ``parameter2`` and falling to 0 at ``parameter1``;
* ``<reservation value>`` is the reservation value; ``<discount_factor value>`` a discount,
  where GENIUS's ``validateDiscount`` reads 0, 1 and anything outside (0, 1] as none.

What GENIUS allows, and what accord does otherwise (the table in docs/reference/formats.md):

* evaluations are ``>= 0`` (``EvaluatorDiscrete.setEvaluation``: "Evaluation values have to
  be >= 0"); a negative one, or one that is not a finite number, is refused with its line;
* each value is evaluated once per issue; a repeated ``<item value>`` is refused;
* weights are ``>= 0`` and sum to 1 (GENIUS's ``checkTreeNormalization`` allows 0.98-1.02);
  a negative weight, a weight given twice for one index, or all weights 0 is refused;
* a reservation value is a utility, a finite number in [0, 1]; anything else is refused;
* a ``constant`` real evaluator's ``parameter0`` is a utility in [0, 1]; else refused.

Preferences keep ``rating_scale = 1`` and ``weight_total = 1`` so accord's utility equals
GENIUS's sum. GENIUS caps a sum above 1 at 1, which an additive model cannot do: when the
best agreement of a profile is worth more than 1, accord divides its weights by their sum
(``weight_total`` = that sum) and says so in a note. Non-linear spaces (``ufun``
hyperrectangles of ANAC 2014, ``constraint`` spaces with ``rules``) are refused.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from accord.errors import UnsupportedFormatError
from accord.formats.genius_domain import (
    GeniusIssue,
    fail,
    issue_index,
    issue_kind,
    number,
)
from accord.formats.safe_xml import XmlDocument
from accord.model import CategoricalRating, PiecewiseLinear, Preferences, Rating

_NONLINEAR_TAGS = {"ufun": "hyperrectangle <ufun>", "hyperRectangle": "hyperrectangle <ufun>"}
_CONSTRAINT_TAGS = {"rules": "<rules>", "constraint": "<constraint>", "ranks": "<ranks>"}
_MIN_MAX_EVALUATION = 0.00001


@dataclass(frozen=True)
class Profile:
    """A profile read: its preferences, or None when the file holds no evaluations at all."""

    preferences: Preferences | None
    notes: tuple[str, ...] = ()


def is_profile(root: ET.Element) -> bool:
    """Whether a ``<utility_space>`` root is a profile (weights, evaluations or a special type)."""
    if root.get("type", "").lower() in ("nonlinear", "constraint"):
        return True
    tags = {e.tag for e in root.iter()}
    return bool(tags & {"weight", "evaluator", *_NONLINEAR_TAGS, *_CONSTRAINT_TAGS}) or any(
        e.get("evaluation") is not None for e in root.iter("item")
    )


def read_profile(doc: XmlDocument, issues: Sequence[GeniusIssue], party: str) -> Profile:
    """The preferences of ``party`` read from profile ``doc`` over the domain's ``issues``."""
    _refuse_nonlinear(doc)
    for element in doc.root.iter("issue"):
        issue_kind(doc, element)
    if _is_empty(doc.root):
        note = (
            f'{doc.source}: no evaluations (an empty template, evaluation="null" or none); '
            "GENIUS cannot compute utilities with it; profile skipped"
        )
        return Profile(None, (note,))
    found = _issues_with_weights(doc)
    weights: dict[str, float] = {}
    ratings: dict[str, Rating] = {}
    notes: list[str] = []
    for issue in issues:
        where = f"issue {issue.name!r}"
        entry = found.get(issue.index)
        weight = entry[1] if entry is not None else None
        if entry is None or weight is None:
            missing = "issue" if entry is None else "weight"
            raise fail(
                doc,
                doc.root,
                where,
                f"the profile has no {missing} for issue {issue.name!r} (index {issue.index})",
                f'add <weight index="{issue.index}" value="..."/> and the issue\'s evaluations',
            )
        weights[issue.name] = weight
        ratings[issue.name] = _rating(doc, entry[0], issue, notes)
    return Profile(
        Preferences(
            party=party,
            weights=weights,
            ratings=ratings,
            reservation=_reservation(doc),
            weight_total=_weight_total(doc, weights, ratings, notes),
            rating_scale=1.0,
            discount=_discount(doc, notes),
        ),
        tuple(notes),
    )


def _weight_total(doc: XmlDocument, weights: dict[str, float], ratings: dict[str, Rating], notes: list[str]) -> float:
    """1 (weights as written), or the weights' sum when the best agreement would exceed 1."""
    total = sum(weights.values())
    if total <= 0:
        raise fail(
            doc,
            doc.root,
            "weights",
            "every issue weight is 0, so every agreement is worth 0",
            "give at least one issue a positive weight",
        )
    best = sum(w * _best(ratings[name]) for name, w in weights.items())
    if best <= 1 + 1e-9:
        return 1.0
    notes.append(
        f"{doc.source}: weights sum to {total:.10g}, so the best agreement is worth {best:.10g}; GENIUS caps "
        f"utilities at 1, which an additive model cannot; accord divides every weight by {total:.10g} "
        f"(utilities are GENIUS's uncapped sums / {total:.10g})"
    )
    return total


def _refuse_nonlinear(doc: XmlDocument) -> None:
    space_type = doc.root.get("type", "").lower()
    for element in doc.root.iter():
        construct = _NONLINEAR_TAGS.get(element.tag) or _CONSTRAINT_TAGS.get(element.tag)
        if construct is None and element is doc.root and space_type in ("nonlinear", "constraint"):
            construct = f'type="{space_type}" utility space'
        if construct is not None:
            line = doc.line(element)
            raise UnsupportedFormatError(
                f"{doc.source}: line {line}: non-linear GENIUS profile ({construct}); accord's "
                "additive model cannot express it exactly, so the domain is refused; "
                "use a linear additive profile (weights and evaluations)",
                file=doc.source,
                line=line,
            )


def _is_empty(root: ET.Element) -> bool:
    if any(True for _ in root.iter("evaluator")):
        return False
    return not any(e.get("evaluation") not in (None, "null") for e in root.iter("item"))


def _issues_with_weights(doc: XmlDocument) -> dict[int, tuple[ET.Element, float | None]]:
    found: dict[int, tuple[ET.Element, float | None]] = {}
    levels = [doc.root, *doc.root.iter("objective")]
    for level in levels:
        weights = _weights(doc, level)
        for element in (c for c in level if c.tag == "issue"):
            index = issue_index(doc, element, f"issue {element.get('name', '?')!r}")
            if index in found:
                raise fail(doc, element, "issue", f"index {index} is used twice", "give every issue its own index")
            found[index] = (element, weights.get(index))
    return found


def _weights(doc: XmlDocument, level: ET.Element) -> dict[int, float]:
    """The ``<weight index value>`` children of ``level``; each index once, each value >= 0."""
    weights: dict[int, float] = {}
    for element in (w for w in level if w.tag == "weight"):
        index = issue_index(doc, element, "weight")
        where = f"weight {index}"
        value = number(doc, element, "value", where)
        if index in weights:
            raise fail(
                doc, element, where, f"index {index} has a second weight ({value:g})", "keep one weight per index"
            )
        if value < 0:
            raise fail(
                doc,
                element,
                where,
                f"weight {element.get('value')!r} is negative; GENIUS weights are >= 0 and sum to 1",
                "write a weight between 0 and 1",
            )
        weights[index] = value
    return weights


def _rating(doc: XmlDocument, element: ET.Element, issue: GeniusIssue, notes: list[str]) -> Rating:
    where = f"issue {issue.name!r}"
    kind = issue_kind(doc, element) or issue.kind
    if kind != issue.kind:
        raise fail(
            doc,
            element,
            where,
            f"the profile says {kind}, the domain says {issue.kind}",
            "use the domain's issue type in the profile",
        )
    if kind == "discrete":
        return _discrete(doc, element, issue, notes)
    evaluator = element.find("evaluator")
    if kind == "integer":
        if evaluator is None:
            notes.append(f"{doc.source}: {where} has no <evaluator>; GENIUS rates each of its values 0")
            return PiecewiseLinear(((issue.low, 0.0), (issue.high, 0.0)))
        low = number(doc, element, "lowerbound", where) if element.get("lowerbound") else issue.low
        slope = number(doc, evaluator, "slope", where)
        offset = number(doc, evaluator, "offset", where)
        return PiecewiseLinear(integer_breakpoints(issue.low, issue.high, low, slope, offset))
    if evaluator is None:
        raise fail(doc, element, where, "a real issue without <evaluator>", 'add <evaluator ftype="linear" ...>')
    return PiecewiseLinear(tuple((float(x), _real(doc, evaluator, where, float(x))) for x in issue.grid().values()))


def _discrete(doc: XmlDocument, element: ET.Element, issue: GeniusIssue, notes: list[str]) -> CategoricalRating:
    where = f"issue {issue.name!r}"
    evaluations: dict[str, float] = {}
    for item in (c for c in element if c.tag == "item"):
        value = item.get("value")
        if value is None or item.get("evaluation") in (None, "null"):
            continue
        if value in evaluations:
            raise fail(doc, item, where, f"value {value!r} is evaluated twice", "keep one <item> per value")
        evaluation = number(doc, item, "evaluation", where)
        if evaluation < 0:
            raise fail(
                doc,
                item,
                where,
                f"value {value!r} has evaluation {item.get('evaluation')!r}; GENIUS evaluations are >= 0",
                "write a number >= 0 (GENIUS divides each by the issue's largest)",
            )
        if value not in issue.values:
            notes.append(
                f"{doc.source}: line {doc.line(item)}: {where}: value {value!r} is not in the domain; no "
                f"agreement can choose it (its evaluation {evaluation:g} still counts in the issue's largest, "
                "as in GENIUS)"
            )
        evaluations[value] = evaluation
    for value in issue.values:
        if value not in evaluations:
            raise fail(
                doc,
                element,
                where,
                f"value {value!r} has no evaluation",
                f'add <item value="{value}" evaluation="..."/> to the profile',
            )
    top = max(evaluations.values())
    if top < _MIN_MAX_EVALUATION:
        return CategoricalRating(dict.fromkeys(issue.values, 0.0))
    return CategoricalRating({v: evaluations[v] / top for v in issue.values})


def integer_breakpoints(
    low: float, high: float, origin: float, slope: float, offset: float
) -> tuple[tuple[float, float], ...]:
    """Breakpoints, on the integer grid ``low..high``, of ``clip(slope * (x - origin) + offset, 0, 1)``.

    GENIUS's ``EvaluatorInteger`` clips the line to [0, 1]; the function is linear between
    ``low``, ``high`` and the integers on either side of each point where the line crosses 0 or 1.
    """
    xs = {low, high}
    if slope != 0:
        for level in (0.0, 1.0):
            crossing = origin + (level - offset) / slope
            for x in (math.floor(crossing), math.ceil(crossing)):
                if low < x < high:
                    xs.add(float(x))
    return tuple((x, min(1.0, max(0.0, slope * (x - origin) + offset))) for x in sorted(xs))


def _real(doc: XmlDocument, evaluator: ET.Element, where: str, x: float) -> float:
    ftype = evaluator.get("ftype", "").lower()
    if ftype == "linear":
        value = number(doc, evaluator, "parameter1", where) * x + number(doc, evaluator, "parameter0", where)
        return min(1.0, max(0.0, value))
    if ftype == "constant":
        value = number(doc, evaluator, "parameter0", where)
        if not 0 <= value <= 1:
            raise fail(
                doc,
                evaluator,
                where,
                f"constant evaluator parameter0 {evaluator.get('parameter0')!r} is outside [0, 1]",
                "write a utility between 0 and 1",
            )
        return value
    if ftype == "triangular":
        low = number(doc, evaluator, "parameter0", where)
        high = number(doc, evaluator, "parameter1", where)
        top = number(doc, evaluator, "parameter2", where)
        return triangular(x, low, high, top)
    raise UnsupportedFormatError(
        f"{doc.source}: line {doc.line(evaluator)}: {where}: real evaluator ftype={ftype!r} is not "
        "supported (accord reads linear, constant and triangular); use one of these",
        file=doc.source,
        line=doc.line(evaluator),
    )


def triangular(x: float, low: float, high: float, top: float) -> float:
    """GENIUS's ``EVALFUNCTYPE.evalTriangular``: 0 outside [low, high), 1 at ``top``."""
    if x < low:
        return 0.0
    if x < top:
        return (x - low) / (top - low)
    if x < high:
        return 1 - (x - top) / (high - top)
    return 0.0


def _best(rating: Rating) -> float:
    if isinstance(rating, CategoricalRating):
        return max(rating.scores.values(), default=0.0)
    return max((y for _, y in rating.breakpoints), default=0.0)


def _reservation(doc: XmlDocument) -> float:
    """The ``<reservation value>``, a finite number in [0, 1]; 0 when there is none."""
    element = doc.root.find("reservation")
    if element is None:
        return 0.0
    value = number(doc, element, "value", "reservation")
    if not 0 <= value <= 1:
        raise fail(
            doc,
            element,
            "reservation",
            f"reservation value {element.get('value')!r} is outside [0, 1]; GENIUS reservation values "
            "are utilities between 0 (no deal is worthless) and 1",
            "write the utility of no agreement as a number between 0 and 1",
        )
    return value


def _discount(doc: XmlDocument, notes: list[str]) -> float | None:
    element = doc.root.find("discount_factor")
    if element is None:
        return None
    try:
        value = float(element.get("value", ""))
    except ValueError:
        notes.append(f"{doc.source}: line {doc.line(element)}: unreadable <discount_factor>; no discount")
        return None
    if 0 < value < 1:
        return value
    if value not in (0.0, 1.0):
        notes.append(
            f"{doc.source}: line {doc.line(element)}: discount_factor {element.get('value')} is outside "
            "(0, 1]; GENIUS ignores it (no discount)"
        )
    return None
