"""Drafts: complete versions of the single negotiating text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.model.checks import require_id
from accord.model.point import Value


@dataclass(frozen=True)
class Draft:
    """A version of the text: one value per point; points not in ``choices`` are open.

    ``texts`` holds per-point wording that differs from the option's standard text. Whether
    ``choices`` name real points and values is checked by the :class:`Scenario` holding it.
    """

    id: str
    title: str = ""
    date: str = ""
    author: str | None = None
    parent: str | None = None
    description: str = ""
    choices: Mapping[str, Value] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_id("Draft", "id", self.id)

    def open_points(self, point_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The points of ``point_ids`` this draft leaves open."""
        return tuple(p for p in point_ids if p not in self.choices)
