"""Reading a PATH given on the command line: an accord file or a GENIUS / GeniusWeb folder."""

from __future__ import annotations

import sys
from pathlib import Path

from accord.cli.output import clean
from accord.formats.detect import load
from accord.model import Scenario


def load_path(path: Path, profiles: str | None = None) -> Scenario:
    """The scenario at ``path``, recognised by content (as ``accord.load`` does); notes
    about repaired input and about which profiles became parties go to stderr."""
    chosen = None if profiles is None else [p.strip() for p in profiles.split(",")]
    imported = load(path, profiles=chosen)
    for note in imported.notes:
        print(f"note: {clean(note)}", file=sys.stderr)
    return imported.scenario
