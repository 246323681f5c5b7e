"""What accord's writers share: the GENIUS and GeniusWeb folder skeleton (checks, per-point
utility tables, file names; :func:`domain_files`) and safe distinct names (:func:`unique_names`,
also used for the ids of the scenario v1 writer).

Both formats are linear additive: a party's utility is ``sum_p weight_p * eval_p(value)``
with ``eval_p`` in [0, 1]. An accord party's contribution of point ``p`` is
``w_p / W * r_p(v) / S`` (see :mod:`accord.model.preferences`), which is written exactly as
``weight_p = w_p / W * max_v r_p(v) / S`` times ``eval_p(v) = r_p(v) / max_v r_p(v)``.
Red lines, links and interaction terms have no counterpart in either format and make the
writers raise :class:`ExportError`, unless the caller first drops them with
:func:`without_constraints` (``accord export --drop-constraints``); negative ratings or
weights always do. Ranges and probabilities have no place either: the profiles hold the
estimates (the numbers every deterministic analysis uses), and :func:`common_losses` says so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accord.errors import ExportError
from accord.model import Interaction, Point, Preferences, Scenario, Value, format_value, tidy_number

LINEAR_TOLERANCE = 1e-12
MAX_FILE_STEM = 100
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class PartyTable:
    """One party's utilities point by point: ``weights[p] * evals[p][v]`` is the contribution."""

    party: str
    weights: dict[str, float]
    evals: dict[str, dict[Value, float]]
    reservation: float
    discount: float | None

    def utility(self, agreement: dict[str, Value]) -> float:
        """Utility of a complete agreement from the table (for the writers' own searches)."""
        return sum(self.weights[p] * self.evals[p][v] for p, v in agreement.items())


Encoder = Callable[[Scenario, list[PartyTable]], tuple[bytes, list[bytes]]]
"""A format's encoder: the domain file's bytes and one profile's bytes per table, in order."""


def domain_files(scenario: Scenario, fmt: str, suffix: str, encode: Encoder) -> dict[str, bytes]:
    """The files of ``scenario`` as a ``fmt`` domain folder, name -> bytes: the domain file
    first, then one profile per rated party named after its id (made safe and distinct).

    Raises ExportError when a party has red lines, links, interactions or negative ratings.
    """
    check_exportable(scenario, fmt)
    tables = [party_table(scenario, p, fmt) for p in scenario.rated_parties]
    domain, profiles = encode(scenario, tables)
    stems, domain_stem = file_stems([t.party for t in tables], "domain")
    files = {f"{domain_stem}{suffix}": domain}
    files.update((f"{stem}{suffix}", body) for stem, body in zip(stems, profiles, strict=True))
    return files


def value_label(value: Value) -> str:
    """How a value is written as a discrete item: option ids as they are, numbers tidied (``0.1``)."""
    return value if isinstance(value, str) else str(tidy_number(float(value)))


def _constraints(prefs: Preferences) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """A party's red lines, links and interaction terms, each kind named (plural)."""
    return (("red lines", prefs.red_lines), ("links", prefs.links), ("interactions", prefs.interactions))


def common_losses(scenario: Scenario, fmt: str) -> list[str]:
    """What neither writer puts in its files, one sentence each: drafts and stances, the
    parties without preferences (they get no profile), and each party's ranges and
    probabilities (the profiles hold the estimates)."""
    losses = []
    if scenario.drafts or scenario.stances:
        losses.append(f"drafts and stances are not part of {fmt} files and were not written")
    unrated = [p.id for p in scenario.parties if p.id not in scenario.preferences]
    if unrated:
        losses.append(f"parties without preferences get no profile: {', '.join(unrated)}")
    for party in scenario.rated_parties:
        if scenario.preferences[party].is_uncertain:
            losses.append(
                f"ranges and probabilities of {party}'s preferences are not carried: {fmt} has no place "
                "for them; the estimates are written"
            )
    return losses


def check_exportable(scenario: Scenario, fmt: str) -> None:
    """Raise ExportError if a rated party uses something ``fmt`` cannot express."""
    if not scenario.rated_parties:
        raise ExportError(f"{scenario.title!r}: no party has preferences, so there is no {fmt} profile to write")
    for party in scenario.rated_parties:
        prefs = scenario.preferences[party]
        for what, items in _constraints(prefs):
            if items:
                raise ExportError(
                    f"party {party!r} has {what}, which {fmt} profiles cannot express (they are linear "
                    f"additive); add --drop-constraints to write the profiles without them, or keep the "
                    f"scenario in accord's format"
                )
        negative = [p for p, w in prefs.weights.items() if w < 0]
        if negative:
            raise ExportError(
                f"party {party!r} gives point {negative[0]!r} a negative weight; {fmt} needs weights >= 0"
            )


def without_constraints(scenario: Scenario) -> tuple[Scenario, list[str]]:
    """``scenario`` with every party's red lines, links and interaction terms removed, and
    one sentence per constraint removed (``dropped Ukraine's (ua) red line territory=recognise``).

    The linear additive formats cannot express them; removing them changes the analysis
    (agreements a party refuses become possible, package bonuses are no longer earned), so
    callers must show the sentences."""
    dropped: list[str] = []
    preferences = {}
    for party, prefs in scenario.preferences.items():
        whose = _possessive(scenario, party)
        dropped += [f"dropped {whose} red line {line.describe()}" for line in prefs.red_lines]
        dropped += [f"dropped {whose} link {link.describe()}" for link in prefs.links]
        dropped += [f"dropped {whose} interaction {_describe(term)}" for term in prefs.interactions]
        preferences[party] = dataclasses.replace(prefs, red_lines=(), links=(), interactions=())
    return dataclasses.replace(scenario, preferences=preferences), dropped


def _possessive(scenario: Scenario, party: str) -> str:
    name = next((p.name for p in scenario.parties if p.id == party), "")
    return f"{name}'s ({party})" if name and name != party else f"{party}'s"


def _describe(term: Interaction) -> str:
    """``hours=h35 and wage=4 (bonus +0.05)``."""
    conditions = " and ".join(f"{point}={format_value(value)}" for point, value in term.conditions)
    return f"{conditions} (bonus {term.bonus:+g})"


def party_table(scenario: Scenario, party: str, fmt: str) -> PartyTable:
    """The exact linear additive form of one party's preferences (see the module docstring)."""
    prefs = scenario.preferences[party]
    total = prefs.weight_sum()
    weights: dict[str, float] = {}
    evals: dict[str, dict[Value, float]] = {}
    for point in scenario.points:
        rating = prefs.ratings.get(point.id)
        weight = prefs.weights.get(point.id, 0.0)
        raw = {v: (rating(v) if rating is not None else 0.0) for v in point.values()}
        if weight > 0 and total > 0 and any(r < 0 for r in raw.values()):
            value = next(v for v, r in raw.items() if r < 0)
            raise ExportError(
                f"party {party!r} rates {point.id}={value_label(value)} below 0; {fmt} evaluations "
                "cannot be negative; shift the ratings to start at 0"
            )
        top = max(raw.values(), default=0.0)
        if weight <= 0 or total <= 0 or top <= 0:
            weights[point.id] = 0.0
            evals[point.id] = dict.fromkeys(raw, 0.0)
            continue
        weights[point.id] = weight / total * top / prefs.rating_scale
        evals[point.id] = {v: r / top for v, r in raw.items()}
    if not any(weights.values()) and total > 0:
        # Every agreement is worth 0: any weights give that, and both formats' readers refuse all-zero ones.
        weights = {p.id: max(prefs.weights.get(p.id, 0.0), 0.0) / total for p in scenario.points}
    return PartyTable(party, weights, evals, prefs.reservation, prefs.discount)


def is_linear(point: Point, tables: list[PartyTable]) -> bool:
    """Whether every party's evaluation of numeric ``point`` is linear over its values."""
    if point.range is None or point.range.count() < 2:
        return False
    values = point.values()
    lo, hi = float(values[0]), float(values[-1])
    for table in tables:
        evals = table.evals[point.id]
        e_lo, e_hi = evals[values[0]], evals[values[-1]]
        for v in values:
            line = e_lo + (e_hi - e_lo) * (float(v) - lo) / (hi - lo)
            if abs(evals[v] - line) > LINEAR_TOLERANCE:
                return False
    return True


def file_stems(names: list[str], reserved: str) -> tuple[list[str], str]:
    """Safe file stems for the parties, distinct without regard to case (as file systems on
    macOS and Windows compare names), and one for the domain (``reserved`` unless taken)."""
    stems = unique_names(names, _file_stem, sep="_")
    domain = unique_names([reserved], _file_stem, sep="_", taken=stems.values())[reserved]
    return [stems[n] for n in names], domain


def _file_stem(name: str) -> str:
    return _UNSAFE_FILE_CHARS.sub("_", name).strip(" .")[:MAX_FILE_STEM] or "party"


def unique_names(
    names: Iterable[str],
    clean: Callable[[str], str],
    *,
    sep: str,
    limit: int = MAX_FILE_STEM,
    key: Callable[[str], str] = str.lower,
    taken: Iterable[str] = (),
) -> dict[str, str]:
    """Each name's safe form, all distinct under ``key`` and from ``taken``.

    Names that ``clean`` leaves unchanged keep themselves when free (first come, first
    served); the others get ``clean(name)``, then ``clean(name) + sep + "2"``, ``"3"``, ...,
    cut to at most ``limit`` characters.
    """
    names = list(dict.fromkeys(names))
    used = {key(t) for t in taken}
    out: dict[str, str] = {}
    for name in names:
        if clean(name) == name and key(name) not in used:
            out[name] = name
            used.add(key(name))
    for name in names:
        if name in out:
            continue
        base = candidate = clean(name)
        n = 2
        while key(candidate) in used:
            suffix = f"{sep}{n}"
            candidate, n = base[: limit - len(suffix)] + suffix, n + 1
        used.add(key(candidate))
        out[name] = candidate
    return out
