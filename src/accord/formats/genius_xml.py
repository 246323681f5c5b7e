"""GENIUS XML folders -> accord scenarios (Hindriks et al., GENIUS, AAMAS 2009).

A GENIUS domain is a folder holding one domain file and two or more profile files. Files
are recognised by content: a root ``<negotiation_template>``, or a ``<utility_space>``
without weights or evaluations, is the domain; a ``<utility_space>`` with weights is a
profile. Each profile becomes a party whose id and name are the file name without its
extension. Domain semantics: :mod:`accord.formats.genius_domain`; profile semantics:
:mod:`accord.formats.genius_profile`. Repairs and skipped files are reported as notes.
"""

from __future__ import annotations

from pathlib import Path

from accord.errors import Problem, ScenarioError, UnsupportedFormatError
from accord.formats.genius_domain import REAL_VALUES, GeniusIssue, domain_title, read_domain
from accord.formats.genius_profile import is_profile, read_profile
from accord.formats.imported import Imported
from accord.formats.safe_xml import XmlDocument, parse_xml
from accord.model import Party, Preferences, Scenario

_SNIFF_BYTES = 512


def read_genius(folder: Path) -> Imported:
    """Read the GENIUS domain in ``folder`` (see the module docstring).

    Raises UnsupportedFormatError when the folder holds no GENIUS domain, several domains
    or a non-linear profile; ScenarioError for content GENIUS could not evaluate; InputError
    for unreadable files.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UnsupportedFormatError(
            f"{folder}: not a folder; a GENIUS domain is a folder with a domain file and its profiles",
            file=str(folder),
        )
    documents, notes = _parse_folder(folder)
    domain, profiles, more = _classify(folder, documents)
    notes += more
    issues = read_domain(domain)
    preferences: dict[str, Preferences] = {}
    for doc in profiles:
        party = Path(doc.source).stem
        if party in preferences:
            raise UnsupportedFormatError(
                f"{doc.source}: a second profile named {party!r}; rename one of the files", file=doc.source
            )
        profile = read_profile(doc, issues, party)
        notes += profile.notes
        if profile.preferences is not None:
            preferences[party] = profile.preferences
    _need_two(folder, preferences)
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


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _parse_folder(folder: Path) -> tuple[list[XmlDocument], list[str]]:
    documents: list[XmlDocument] = []
    notes: list[str] = []
    for path in _files(folder):
        if not looks_like_xml(path):
            if path.suffix.lower() == ".xml":
                notes.append(f"{path}: not an XML document (it does not start with '<'); ignored")
            continue
        doc = parse_xml(path)
        notes += doc.notes
        documents.append(doc)
    return documents, notes


def _classify(folder: Path, documents: list[XmlDocument]) -> tuple[XmlDocument, list[XmlDocument], list[str]]:
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
    return domains[0], profiles, notes


def _no_domain_message(folder: Path, profiles: list[XmlDocument]) -> str:
    subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if profiles:
        return (
            f"{folder}: GENIUS profiles but no domain file (<negotiation_template>); "
            "add the domain file that lists the issues"
        )
    if subfolders:
        shown = ", ".join(subfolders[:5]) + (", ..." if len(subfolders) > 5 else "")
        return f"{folder}: no GENIUS domain here, only sub-folders ({shown}); pass one of them"
    return (
        f"{folder}: no GENIUS domain file (an XML file whose root is <negotiation_template>, "
        "or a <utility_space> without weights)"
    )


def _need_two(folder: Path, preferences: dict[str, Preferences]) -> None:
    if len(preferences) >= 2:
        return
    have = ", ".join(preferences) or "none"
    raise ScenarioError(
        [
            Problem(
                file=str(folder),
                path="",
                message=f"{len(preferences)} usable GENIUS profile(s) ({have}); a negotiation needs at least two",
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
