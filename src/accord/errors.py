"""Every exception accord raises, in one tree.

::

    AccordError                      base; the CLI prints it on one line and exits 1
    ├── InputError                   a file could not be read or parsed
    │   ├── FileTooLargeError        over the size limit
    │   ├── UnsafeInputError         tags that build objects, alias bombs, XML entities
    │   └── UnsupportedFormatError   no reader recognises the file or folder
    ├── ScenarioError                the content is readable but wrong; holds every Problem
    ├── ModelError                   a model object was built with inconsistent values
    ├── UnknownIdError               an id (party, point, option, draft, solution) not in the scenario
    ├── OutputError                  an output file or folder cannot be written
    ├── MissingExtraError            an optional part is not installed (names the extra)
    ├── ExportError                  a scenario cannot be written in the requested format
    ├── BatchError                   batch work cannot run (worker count, scheduler, worker died)
    ├── StoreError                   the workbench's store refuses a change (a name, a password)
    │   ├── ConflictError            someone changed it first (a version moved, a name taken): 409
    │   ├── ForbiddenError           the viewer may not read or change it: 403
    │   └── InvitationError          an invitation link is unknown (404), used or expired (410)
    └── AnalysisError                an analysis cannot answer
        ├── FrontierTooLargeError    the frontier has too many points to list
        ├── NeedsSolverError         tied points too many to merge; use the CP-SAT path
        └── TimeLimitError           the time limit passed before any answer was found

A message says where the problem is, what is wrong and how to fix it. The command line
exits 1 on any of them; an exception outside this tree is a defect of accord (exit 3).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


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


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """``"; did you mean 'recognition'?"`` for the closest known word, else ``""``."""
    close = difflib.get_close_matches(str(given), [str(k) for k in known], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def known_list(known: Iterable[str], limit: int = 8) -> str:
    """The first ``limit`` known ids, comma-separated, with how many more there are."""
    ids = [str(k) for k in known]
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") if ids else "none"


class UnknownIdError(AccordError, KeyError):
    """An id that the scenario does not hold: ``kind`` is ``party``, ``point``, ``option``,
    ``draft`` or ``solution``; ``known`` lists the ids it does hold.

    Also a KeyError, so that code written for a mapping's lookup keeps working.
    """

    status = 404

    def __init__(self, kind: str, given: object, known: Iterable[str], *, where: str = "") -> None:
        self.kind = kind
        self.id = given
        self.known = tuple(str(k) for k in known)
        prefix = f"{where}: " if where else ""
        message = (
            f"{prefix}unknown {kind} {given!r}{did_you_mean(str(given), self.known)} (known: {known_list(self.known)})"
        )
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class OutputError(AccordError):
    """An output file or folder cannot be written (missing folder, permission, disk full)."""

    status = 500

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class MissingExtraError(AccordError):
    """An optional part of accord is not installed; ``extra`` names what to install."""

    status = 501

    def __init__(self, what: str, extra: str, module: str) -> None:
        self.extra = extra
        self.module = module
        super().__init__(f"{what} needs {module}, which is not installed; pip install 'accord[{extra}]'")


class MissingToolError(AccordError):
    """An optional program accord runs (headless Chromium for PDF) is not installed."""

    status = 501

    def __init__(self, what: str, tool: str, install: str) -> None:
        self.tool = tool
        super().__init__(f"{what} needs {tool}, which was not found; {install}")


class ExportError(AccordError):
    """A scenario holds something the requested file format cannot express."""

    status = 422


class BatchError(AccordError):
    """Batch work cannot run as asked (:mod:`accord.batch`): a worker count below 1, a Dask
    scheduler that does not answer or has no workers, a function worker processes cannot
    import, a worker that died. ``address`` names the scheduler where one is involved.
    """

    status = 503

    def __init__(self, message: str, *, address: str | None = None) -> None:
        super().__init__(message)
        self.address = address


class StoreError(AccordError):
    """The workbench's store (:mod:`accord.store`) refuses a change: a user name or
    password it cannot take, a membership that names no party, a record that does not fit
    the negotiation."""


class ConflictError(StoreError):
    """Someone changed the thing first: the version the caller read (``expected``) is no
    longer the current one (``current``), or a name is already taken. Read it again, then
    retry (HTTP 409 Conflict)."""

    status = 409

    def __init__(self, message: str, *, expected: int | None = None, current: int | None = None) -> None:
        super().__init__(message)
        self.expected = expected
        self.current = current


class ForbiddenError(StoreError):
    """The viewer may not read or change this (another party's preferences): HTTP 403."""

    status = 403


InvitationProblem = Literal["unknown", "used", "expired"]


class InvitationError(StoreError):
    """An invitation link that cannot be used: ``reason`` says why: ``unknown`` (no such
    invitation: HTTP 404), ``used`` (each admits one person) or ``expired`` (both HTTP 410
    Gone). The fix is the same for all three: ask the mediator for a new invitation."""

    status = 404

    def __init__(self, reason: InvitationProblem, message: str) -> None:
        super().__init__(message)
        self.reason: InvitationProblem = reason
        self.status = 404 if reason == "unknown" else 410


class AnalysisError(AccordError):
    """An analysis cannot answer the question asked."""


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


class TimeLimitError(AnalysisError):
    """The time limit (``seconds``) passed before any answer was found."""

    def __init__(self, message: str, *, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds
