"""Stances: what a party said about a point of a draft, with its source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.model.point import Value


class StanceKind(StrEnum):
    """The four stances a party can take."""

    ACCEPT = "accept"
    CRITICISE = "criticise"
    UNACCEPTABLE = "unacceptable"
    AMEND = "amend"


@dataclass(frozen=True)
class Source:
    """Where a stance was reported: a quote, its speaker, a date and a link."""

    quote: str = ""
    speaker: str = ""
    date: str = ""
    link: str = ""


@dataclass(frozen=True)
class Stance:
    """A party's stance on one point of a draft (``point`` None: on the draft as a whole).

    ``proposal`` is the option or number an ``amend`` stance proposes instead.
    """

    party: str
    draft: str
    stance: StanceKind
    point: str | None = None
    proposal: Value | None = None
    note: str = ""
    source: Source | None = None
