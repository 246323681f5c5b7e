"""Reading a PATH given on the command line: an accord file or a GENIUS / GeniusWeb folder."""

from __future__ import annotations

import sys
from pathlib import Path

from accord.formats import scenario_v1
from accord.model import Scenario


def load_path(path: Path) -> Scenario:
    """The scenario at ``path``; notes about repaired input go to stderr."""
    if not path.is_dir():
        return scenario_v1.load(path)
    from accord.formats.detect import load  # the folder readers

    imported = load(path)
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    return imported.scenario
