"""The result of reading a scenario from a file or folder: the model plus reading notes."""

from __future__ import annotations

from dataclasses import dataclass

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
