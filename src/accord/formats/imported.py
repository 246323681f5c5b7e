"""The result of reading a scenario from a file or folder: the model plus reading notes.

Also the one rule both folder readers (GENIUS, GeniusWeb) follow to turn profile files
into parties: :func:`select_profiles` and :func:`parties_note`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError, UnknownIdError
from accord.model import Scenario


@dataclass(frozen=True)
class Imported:
    """A scenario read from a file or folder, with the notes the reader made.

    ``notes`` lists what the reader repaired, ignored or approximated (for example
    ``"movie.xml: line 12: unescaped '&' read as '&amp;'"``), one sentence each. The
    library never prints them; the command line prints them on stderr.
    """

    scenario: Scenario
    notes: tuple[str, ...] = ()


def select_profiles(folder: Path, found: Sequence[str], profiles: Sequence[str] | None) -> tuple[str, ...]:
    """The profile names to read, in order: ``profiles`` when given, else every one ``found``.

    ``found`` holds the profile names in the folder (file names without extension). A
    selection must name at least two distinct profiles, each one of ``found``; otherwise
    UnknownIdError (with a did-you-mean) or InputError.
    """
    if profiles is None:
        return tuple(found)
    if isinstance(profiles, str):  # a bare string would be read as one name per character
        profiles = [p.strip() for p in profiles.split(",") if p.strip()]
    chosen: list[str] = []
    for name in profiles:
        if name not in found:
            raise UnknownIdError("profile", name, found, where=str(folder))
        if name in chosen:
            raise InputError(f"{folder}: profile {name!r} is selected twice; name each profile once", file=str(folder))
        chosen.append(name)
    if len(chosen) < 2:
        raise InputError(
            f"{folder}: {len(chosen)} profile(s) selected ({', '.join(chosen) or 'none'}); a negotiation "
            f"needs at least two: name two or more of {', '.join(found)}",
            file=str(folder),
        )
    return tuple(chosen)


def parties_note(
    folder: Path, files: dict[str, Path], found: Sequence[str], profiles: Sequence[str] | None
) -> list[str]:
    """Notes saying which profile file became which party, and, when a folder holds more than
    two profiles, which were left out or how to pick some."""
    read = ", ".join(f"{party!r} <- {path.name}" for party, path in files.items())
    notes = [f"{folder}: parties read from profiles: {read}"]
    if profiles is not None:
        left = [name for name in found if name not in profiles]
        if left:
            notes.append(f"{folder}: profiles not selected, so not read: {', '.join(left)}")
    elif len(files) > 2:
        example = ",".join(list(files)[:2])
        notes.append(
            f"{folder}: {len(files)} profiles read as the {len(files)} parties of one negotiation; if some are "
            f"alternative profiles for the same side, pick the parties with profiles=[...] "
            f"(command line: --profiles {example})"
        )
    return notes
