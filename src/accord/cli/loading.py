"""Reading a PATH given on the command line: an accord file or a GENIUS / GeniusWeb folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from accord.cli.output import clean
from accord.formats.detect import load
from accord.model import Scenario

if TYPE_CHECKING:
    from accord.api import Case


def split_ids(text: str | None) -> list[str] | None:
    """``"a, b"`` as ``["a", "b"]``, the form of ``--profiles`` and ``--bargainers`` (None
    stays None: the option was not given)."""
    return None if text is None else [p.strip() for p in text.split(",")]


def load_path(path: Path, profiles: str | None = None) -> Scenario:
    """The scenario at ``path``, recognised by content (as ``accord.load`` does); notes
    about repaired input and about which profiles became parties go to stderr."""
    imported = load(path, profiles=split_ids(profiles))
    for note in imported.notes:
        print(f"note: {clean(note)}", file=sys.stderr)
    return imported.scenario


def open_case(
    path: Path,
    *,
    profiles: str | None = None,
    bargainers: str | None = None,
    time_limit: float | None = None,
) -> Case:
    """A Case of the scenario at ``path`` (:func:`load_path`) with ``--bargainers`` (ids
    separated by commas; an unknown one is named as the option's) and ``--time-limit``."""
    from accord.analysis.budget import TIME_LIMIT
    from accord.api import Case
    from accord.errors import UnknownIdError

    scenario = load_path(path, profiles)
    chosen = split_ids(bargainers)
    limit = TIME_LIMIT if time_limit is None else time_limit
    try:
        return Case(scenario, bargainers=chosen, time_limit=limit)
    except UnknownIdError as err:
        if chosen is None:
            raise
        raise UnknownIdError(err.kind, err.id, err.known, where="--bargainers") from None
