"""Every exception accord raises, in one tree.

::

    AccordError                      base; the CLI prints it on one line and exits 1
    ├── InputError                   a file could not be read or parsed
    │   ├── FileTooLargeError        over the size limit
    │   ├── UnsafeInputError         tags that build objects, alias bombs, XML entities
    │   └── UnsupportedFormatError   no reader recognises the file or folder
    ├── ScenarioError                the content is readable but wrong; holds every Problem
    ├── ModelError                   a model object was built with inconsistent values
    ├── ExportError                  a scenario cannot be written in the requested format
    └── AnalysisError                an analysis cannot answer
        ├── EmptyFrontierError       no agreement is acceptable to every party
        ├── FrontierTooLargeError    the frontier has too many points to list
        └── NeedsSolverError         tied points too many to merge; use the CP-SAT path

A message says where the problem is, what is wrong and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""

    status = 400


class InputError(AccordError):
    """A file could not be read or parsed."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line


class FileTooLargeError(InputError):
    """The file is larger than accord accepts."""

    status = 413


class UnsafeInputError(InputError):
    """The file uses a construct that accord refuses for safety."""


class UnsupportedFormatError(InputError):
    """No reader recognises the file or folder."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a scenario file, with where it is and how to fix it."""

    file: str
    path: str
    message: str
    hint: str = ""
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        """``file:line:column`` where a position is known, else ``file``."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def __str__(self) -> str:
        where = f"{self.location()}: {self.path}: " if self.path else f"{self.location()}: "
        fix = f"; {self.hint}" if self.hint else ""
        return f"{where}{self.message}{fix}"


class ScenarioError(AccordError):
    """A scenario file is readable but wrong; ``problems`` lists every error found."""

    status = 422

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ModelError(AccordError):
    """A model object was built with inconsistent values."""


class ExportError(AccordError):
    """A scenario holds something the requested file format cannot express."""

    status = 422


class AnalysisError(AccordError):
    """An analysis cannot answer the question asked."""


class EmptyFrontierError(AnalysisError):
    """No agreement is acceptable to every party (after red lines and reservations)."""


class NeedsSolverError(AnalysisError):
    """Points tied by links or interactions form a group too large to merge as one
    compound point; the constraint solver (``accord.analysis.cpsat``) handles the scenario.

    ``points`` names the tied points and ``size`` the joint values counted when the
    enumeration stopped.
    """

    def __init__(self, message: str, *, points: tuple[str, ...], size: int) -> None:
        super().__init__(message)
        self.points = points
        self.size = size


class FrontierTooLargeError(AnalysisError):
    """The Pareto frontier holds more points than can be listed (``limit``).

    The fair solutions can still be computed, by the constraint solver.
    """

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit
