"""The briefing report as plain data: sections of sentences and tables, every value already
filtered by the viewer's rights (:mod:`accord.views`). The HTML template only lays it out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Grid:
    """A table: ``header`` over ``rows`` of text cells; ``note`` and a list of ``items``
    under it."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One stance of the record, for people: where, who, what, on what basis, the quote."""

    place: str
    party: str
    stance: str
    basis: str
    who: str
    quote: str = ""
    reason: str = ""
    note: str = ""
    link: str = ""
    carried_from: str = ""


@dataclass(frozen=True)
class Lineage:
    """A draft in the lineage tree, with the drafts written on it."""

    draft: str
    label: str
    children: tuple[Lineage, ...] = ()


@dataclass(frozen=True)
class Change:
    """The differences of a draft from the text it revises."""

    heading: str
    grid: Grid | None


@dataclass(frozen=True)
class Estimates:
    """One party's estimates, as the viewer may see them."""

    party: str
    name: str
    reservation: str
    weights: Grid
    ratings: tuple[Grid, ...]
    constraints: tuple[str, ...]


@dataclass(frozen=True)
class Robust:
    """The robustness analysis ("How sure is this?") as the viewer may see it: sentences,
    the acceptance table and the figures (HTML fragments)."""

    lines: tuple[str, ...]
    acceptance: Grid | None = None
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    """Everything the report shows."""

    title: str
    description: str
    viewer: str
    confidentiality: str
    summary: tuple[str, ...]
    core: tuple[str, ...] = ()
    compromise: Grid | None = None
    blocking: tuple[str, ...] = ()
    drafts: Grid | None = None
    lineage: tuple[Lineage, ...] = ()
    changes: tuple[Change, ...] = ()
    consensus: Grid | None = None
    record: tuple[Entry, ...] = ()
    solutions: Grid | None = None
    proposals: tuple[Grid, ...] = ()
    figures: tuple[str, ...] = ()
    estimates: tuple[Estimates, ...] = ()
    generator: str = ""
    robust: Robust | None = None
