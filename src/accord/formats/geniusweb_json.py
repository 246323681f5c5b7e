"""GeniusWeb JSON folders -> accord scenarios (Pasman and Jonker, GeniusWeb, 2019-2021).

A folder holds a domain ``{"name", "issuesValues"}`` (optional: every profile embeds its
domain) and ``LinearAdditiveUtilitySpace`` profiles. Semantics, as in GeniusWeb's
``geniusweb.profile.utilityspace``:

* utility = sum over issues of ``issueWeights[issue] * utility(value)`` (weights as written);
* ``DiscreteValueSetUtilities`` (older files: ``discreteutils``) map each value to a
  utility; a value without one is worth 0;
* ``NumberValueSetUtilities`` (``numberutils``) interpolate linearly between
  ``(lowValue, lowUtility)`` and ``(highValue, highUtility)``, 0 outside. GeniusWeb rounds
  that interpolation to 8 decimals; accord keeps it exact;
* a ``reservationBid``'s utility is the reservation value (issues it leaves out count 0).

What GeniusWeb allows (``LinearAdditiveUtilitySpace`` and ``*ValueSetUtilities``
constructors), and what accord does otherwise (the table in docs/reference/formats.md):
weights are finite, ``>= 0`` and sum to 1 (accord allows 1e-9 for rounding); weights and
utilities name exactly the domain's issues; value utilities lie in [0, 1] and name values
of the issue; a reservation bid holds ``issuevalues`` naming issues and values of the
domain. Anything else is refused with the file and the JSON path. One leniency, noted: a
discrete value without a utility (GeniusWeb's ``isFitting`` refuses it) is read as 0, which
is what ``getUtility`` returns for it. The JSON itself is read strictly
(:func:`accord.formats.files.read_json`: no repeated keys, no ``NaN``).

Reading one profile against the domain is :mod:`accord.formats.geniusweb_profile`; this
module finds the domain and the profiles in a folder.

Number issues ``{"range": {"low", "high", "step"}}`` become numeric points; discrete issues
``{"values": [...]}`` categorical ones. Party ids are the profile file names without
extension. Other JSON files (settings, tournaments, partial orderings) are skipped with a note.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.errors import Problem, ScenarioError, UnsupportedFormatError
from accord.formats.files import MAX_INPUT_BYTES, check_folder, read_json, subfolders_message, visible_files
from accord.formats.geniusweb_profile import PROFILE_KEY, finite, problem, read_preferences, shown
from accord.formats.imported import Imported, parties_note, select_profiles
from accord.formats.scenario_checks import MAX_RANGE_VALUES
from accord.model import (
    NumericRange,
    Option,
    Party,
    Point,
    Scenario,
    tidy_number,
)

MAX_JSON_BYTES = MAX_INPUT_BYTES
_OTHER_PROFILES = ("DefaultPartialOrdering", "DefaultPartialOrderingProfile", "SumOfGroupsUtilitySpace")


@dataclass(frozen=True)
class _File:
    path: Path
    data: dict[str, Any]


def read_geniusweb(folder: Path | str, *, profiles: Sequence[str] | None = None) -> Imported:
    """Read the GeniusWeb domain and profiles in ``folder`` (see the module docstring).

    ``profiles`` names the profiles to read as parties (file names without extension), in
    that order; None reads every profile. Raises UnsupportedFormatError when the folder
    holds no GeniusWeb domain or profiles of several domains; ScenarioError for content
    outside GeniusWeb's rules; InputError for unreadable or malformed JSON; UnknownIdError
    for a selected profile the folder does not hold.
    """
    folder = check_folder(folder, "a GeniusWeb domain")
    notes: list[str] = []
    domains, found = _classify(folder, notes)
    domain, points = _domain(folder, domains, list(found.values()))
    chosen = select_profiles(folder, list(found), profiles)
    preferences = {name: read_preferences(found[name].path, found[name].data, points, notes) for name in chosen}
    if len(preferences) < 2:
        have = ", ".join(preferences) or "none"
        raise ScenarioError(
            [
                Problem(
                    str(folder),
                    "",
                    f"{len(preferences)} GeniusWeb profile(s) ({have}); a negotiation needs two",
                    "add a LinearAdditiveUtilitySpace profile per party",
                )
            ]
        )
    notes += parties_note(folder, {name: found[name].path for name in chosen}, list(found), profiles)
    title = str(domain.data.get("name") or folder.name)
    scenario = Scenario(
        title=title,
        parties=tuple(Party(p, p) for p in preferences),
        points=points,
        preferences=preferences,
        description=f"GeniusWeb domain {title!r} read from {folder}: {len(preferences)} profiles.",
        origin="geniusweb",
        source=str(folder),
    )
    return Imported(scenario, tuple(notes))


def load_json(path: Path) -> Any:
    """The JSON value in ``path``, read strictly (see :func:`accord.formats.files.read_json`)."""
    return read_json(path)


def kind_of(data: Any) -> str:
    """``"domain"``, ``"profile"``, ``"other-profile"`` or ``"other"`` for a parsed JSON value."""
    if not isinstance(data, dict):
        return "other"
    if "issuesValues" in data:
        return "domain"
    if PROFILE_KEY in data:
        return "profile"
    return "other-profile" if any(k in data for k in _OTHER_PROFILES) else "other"


def looks_like_json(path: Path) -> bool:
    """Whether ``path`` is a file whose first non-blank character is ``{``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def _classify(folder: Path, notes: list[str]) -> tuple[list[_File], dict[str, _File]]:
    """The domain files, and the profiles by party name (file name without extension)."""
    domains: list[_File] = []
    profiles: dict[str, _File] = {}
    for path in visible_files(folder):
        if not looks_like_json(path):
            continue
        data = load_json(path)
        kind = kind_of(data)
        if kind == "domain":
            domains.append(_File(path, data))
        elif kind == "profile":
            if path.stem in profiles:
                raise UnsupportedFormatError(
                    f"{path}: a second profile named {path.stem!r} (the first is {profiles[path.stem].path.name}); "
                    "rename one of the files",
                    file=str(path),
                )
            profiles[path.stem] = _File(path, data)
        elif kind == "other-profile":
            notes.append(f"{path}: a {next(iter(data))} profile has no utilities accord can use; skipped")
        else:
            top = ", ".join(list(data)[:3]) if isinstance(data, dict) else type(data).__name__
            notes.append(f"{path}: neither a GeniusWeb domain nor a profile ({top}); ignored")
    return domains, profiles


def _domain(folder: Path, domains: list[_File], profiles: list[_File]) -> tuple[_File, tuple[Point, ...]]:
    """The domain (a domain file, else the first profile's embedded one) and its points;
    every profile's embedded domain must agree with it."""
    if len(domains) > 1 and any(d.data != domains[0].data for d in domains):
        names = ", ".join(d.path.name for d in domains)
        raise UnsupportedFormatError(f"{folder}: several GeniusWeb domains ({names}); keep one per folder")
    if domains:
        domain, prefix = domains[0], "issuesValues"
    elif profiles:
        domain, prefix = _File(profiles[0].path, _embedded(profiles[0])), f"{PROFILE_KEY}.domain.issuesValues"
    else:
        message = subfolders_message(folder, "GeniusWeb domain") or (
            f'{folder}: no GeniusWeb domain ({{"name", "issuesValues"}}) or {PROFILE_KEY} profile here'
        )
        raise UnsupportedFormatError(message, file=str(folder))
    issues = domain.data.get("issuesValues")
    if not isinstance(issues, dict) or not issues:
        raise problem(domain.path, prefix, "the domain has no issues", "list the issues and their values")
    points = tuple(_point(domain.path, f"{prefix}.{name}", name, spec) for name, spec in issues.items())
    for profile in profiles:
        _same_domain(folder, domain, profile)
    return domain, points


def _same_domain(folder: Path, domain: _File, profile: _File) -> None:
    embedded = _embedded(profile)
    theirs = embedded.get("issuesValues")
    ours: dict[str, Any] = domain.data["issuesValues"]
    if not embedded or theirs == ours:
        return
    name, other = embedded.get("name"), domain.data.get("name")
    if name != other:
        raise UnsupportedFormatError(
            f"{folder}: {profile.path.name} is for domain {name!r}, which differs from "
            f"{other!r} ({domain.path.name}); put each domain's profiles in their own folder",
            file=str(profile.path),
        )
    theirs = theirs if isinstance(theirs, dict) else {}
    issue = next((k for k in (*ours, *theirs) if ours.get(k) != theirs.get(k)), "?")
    raise UnsupportedFormatError(
        f"{profile.path}: {PROFILE_KEY}.domain.issuesValues.{issue}: the profile's copy of domain {name!r} "
        f"has {shown(theirs.get(issue))} where {domain.path.name} has {shown(ours.get(issue))}; "
        "make the two copies of the domain agree",
        file=str(profile.path),
    )


def _embedded(profile: _File) -> dict[str, Any]:
    body = profile.data[PROFILE_KEY]
    embedded = body.get("domain") if isinstance(body, dict) else None
    return embedded if isinstance(embedded, dict) else {}


def _point(path: Path, where: str, name: str, spec: Any) -> Point:
    if isinstance(spec, dict) and isinstance(spec.get("values"), list) and spec["values"]:
        values: list[str] = []
        for i, value in enumerate(spec["values"]):
            if not isinstance(value, str):
                raise problem(
                    path,
                    f"{where}.values[{i}]",
                    f"value {json.dumps(value)} is not a string; GeniusWeb discrete values are strings",
                    f"write it as {json.dumps(str(value))}",
                )
            if value in values:
                raise problem(path, f"{where}.values[{i}]", f"value {value!r} is listed twice", "delete one of them")
            values.append(value)
        return Point(id=name, title=name, options=tuple(Option(v) for v in values))
    if isinstance(spec, dict) and isinstance(spec.get("range"), dict):
        low, high, step = (finite(path, f"{where}.range.{k}", spec["range"].get(k)) for k in ("low", "high", "step"))
        if step <= 0 or high < low:
            raise problem(
                path, f"{where}.range", f"low {low:g}, high {high:g}, step {step:g}", "needs low <= high and step > 0"
            )
        span = (high - low) / step
        if not span < MAX_RANGE_VALUES:
            raise problem(
                path,
                f"{where}.range",
                f"the range holds {span + 1:,.0f} values (limit {MAX_RANGE_VALUES:,})",
                "use a larger step",
            )
        count = math.floor(span + 1e-9)
        return Point(id=name, title=name, range=NumericRange(low, tidy_number(low + count * step), step))
    raise UnsupportedFormatError(
        f'{path}: {where}: expected {{"values": [...]}} or {{"range": {{low, high, step}}}}', file=str(path)
    )
