"""GENIUS XML folders -> accord scenarios (Hindriks et al., GENIUS, AAMAS 2009).

A GENIUS domain is a folder holding one domain file and two or more profile files. Files
are recognised by content: a root ``<negotiation_template>``, or a ``<utility_space>``
without weights or evaluations, is the domain; a ``<utility_space>`` with weights is a
profile. Each profile becomes a party whose id and name are the file name without its
extension. Domain semantics: :mod:`accord.formats.genius_domain`; profile semantics:
:mod:`accord.formats.genius_profile`. Repairs and skipped files are reported as notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.errors import Problem, ScenarioError, UnsupportedFormatError
from accord.formats.files import check_folder, subfolders_message, visible_files
from accord.formats.genius_domain import REAL_VALUES, GeniusIssue, domain_title, read_domain
from accord.formats.genius_profile import is_profile, read_profile
from accord.formats.imported import Imported, parties_note, select_profiles
from accord.formats.safe_xml import XmlDocument, parse_xml
from accord.model import Party, Preferences, Scenario

_SNIFF_BYTES = 512


def read_genius(folder: Path | str, *, profiles: Sequence[str] | None = None) -> Imported:
    """Read the GENIUS domain in ``folder`` (see the module docstring).

    ``profiles`` names the profiles to read as parties (file names without extension), in
    that order; None reads every profile. Raises UnsupportedFormatError when the folder
    holds no GENIUS domain, several domains or a non-linear profile; ScenarioError for
    content GENIUS could not evaluate or that lies outside GENIUS's rules (see
    :mod:`accord.formats.genius_profile`); InputError for unreadable files;
    UnknownIdError for a selected profile the folder does not hold.
    """
    folder = check_folder(folder, "a GENIUS domain")
    documents, notes = _parse_folder(folder)
    domain, found, more = _classify(folder, documents)
    notes += more
    issues = read_domain(domain)
    chosen = select_profiles(folder, list(found), profiles)
    preferences: dict[str, Preferences] = {}
    files: dict[str, Path] = {}
    skipped: list[str] = []
    for party in chosen:
        doc = found[party]
        profile = read_profile(doc, issues, party)
        notes += profile.notes
        if profile.preferences is None:
            skipped.append(Path(doc.source).name)
            continue
        preferences[party] = profile.preferences
        files[party] = Path(doc.source)
    _need_two(folder, preferences, skipped)
    notes += parties_note(folder, files, list(found), profiles)
    notes += _real_notes(domain, issues)
    title = domain_title(domain, Path(domain.source).stem)
    scenario = Scenario(
        title=title,
        parties=tuple(Party(p, p) for p in preferences),
        points=tuple(issue.point() for issue in issues),
        preferences=preferences,
        description=(
            f"GENIUS domain {title!r} read from {folder}: domain file {Path(domain.source).name}, "
            f"{len(preferences)} profiles."
        ),
        origin="genius",
        source=str(folder),
    )
    return Imported(scenario, tuple(notes))


def looks_like_xml(path: Path) -> bool:
    """Whether ``path`` is a file whose first non-blank character is ``<`` (any encoding mark)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def has_genius_root(path: Path) -> bool:
    """Whether ``path`` looks like a GENIUS file: ``<negotiation_template`` or ``<utility_space`` early on."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return looks_like_xml(path) and (b"<negotiation_template" in head or b"<utility_space" in head)


def _parse_folder(folder: Path) -> tuple[list[XmlDocument], list[str]]:
    documents: list[XmlDocument] = []
    notes: list[str] = []
    for path in visible_files(folder):
        if not looks_like_xml(path):
            if path.suffix.lower() == ".xml":
                notes.append(f"{path}: not an XML document (it does not start with '<'); ignored")
            continue
        doc = parse_xml(path)
        notes += doc.notes
        documents.append(doc)
    return documents, notes


def _classify(folder: Path, documents: list[XmlDocument]) -> tuple[XmlDocument, dict[str, XmlDocument], list[str]]:
    """The domain document, the profile documents by party name (file name without
    extension), and notes on the documents that are neither."""
    domains: list[XmlDocument] = []
    profiles: list[XmlDocument] = []
    notes: list[str] = []
    for doc in documents:
        if doc.root.tag == "negotiation_template":
            domains.append(doc)
        elif doc.root.tag == "utility_space":
            (profiles if is_profile(doc.root) else domains).append(doc)
        else:
            notes.append(
                f"{doc.source}: root element <{doc.root.tag}> is neither a GENIUS domain nor a profile; ignored"
            )
    if len(domains) > 1:
        names = ", ".join(Path(d.source).name for d in domains)
        raise UnsupportedFormatError(
            f"{folder}: several GENIUS domain files ({names}); keep one domain per folder",
            file=str(folder),
        )
    if not domains:
        raise UnsupportedFormatError(_no_domain_message(folder, profiles), file=str(folder))
    found: dict[str, XmlDocument] = {}
    for doc in profiles:
        party = Path(doc.source).stem
        if party in found:
            raise UnsupportedFormatError(
                f"{doc.source}: a second profile named {party!r} (the first is {Path(found[party].source).name}); "
                "rename one of the files",
                file=doc.source,
            )
        found[party] = doc
    return domains[0], found, notes


def _no_domain_message(folder: Path, profiles: list[XmlDocument]) -> str:
    if profiles:
        return (
            f"{folder}: GENIUS profiles but no domain file (<negotiation_template>); "
            "add the domain file that lists the issues"
        )
    only_subfolders = subfolders_message(folder, "GENIUS domain")
    if only_subfolders is not None:
        return only_subfolders
    return (
        f"{folder}: no GENIUS domain file (an XML file whose root is <negotiation_template>, "
        "or a <utility_space> without weights)"
    )


def _need_two(folder: Path, preferences: dict[str, Preferences], skipped: list[str]) -> None:
    if len(preferences) >= 2:
        return
    have = ", ".join(preferences) or "none"
    without = f"; skipped for lack of evaluations: {', '.join(skipped)}" if skipped else ""
    raise ScenarioError(
        [
            Problem(
                file=str(folder),
                path="",
                message=(
                    f"{len(preferences)} usable GENIUS profile(s) ({have}){without}; a negotiation needs at least two"
                ),
                hint="add a profile (a <utility_space> with weights and evaluations) per party",
            )
        ]
    )


def _real_notes(domain: XmlDocument, issues: tuple[GeniusIssue, ...]) -> list[str]:
    real = [f"{i.name!r} ({i.low:g}..{i.high:g}, step {i.grid().step:g})" for i in issues if i.kind == "real"]
    if not real:
        return []
    return [
        f"{domain.source}: real issues are continuous in GENIUS; accord takes {REAL_VALUES} evenly "
        f"spaced values of each: {', '.join(real)}"
    ]
