"""Drafts: complete versions of the single negotiating text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.model.checks import fail, require_id
from accord.model.point import Value


@dataclass(frozen=True)
class Draft:
    """A version of the text: one value per point; points not in ``choices`` are open.

    ``authors`` are the parties that wrote it (the Geneva text: ``("us", "ua")``);
    ``parents`` the drafts it revises, the first being the text it was written on and any
    others texts whose amendments it adopts. ``texts`` holds per-point wording that differs
    from the option's standard text. Whether ``choices``, authors and parents name real
    points, values, parties and drafts is checked by the :class:`Scenario` holding it.
    """

    id: str
    title: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    description: str = ""
    choices: Mapping[str, Value] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_id("Draft", "id", self.id)
        for name in ("authors", "parents"):
            given = getattr(self, name)
            if isinstance(given, str) or not isinstance(given, tuple):
                fail(f"draft {self.id!r}", name, given, "give a tuple of ids, e.g. ('us', 'ua')")
            for one in given:
                require_id(f"draft {self.id!r}", name, one)
            if len(set(given)) < len(given):
                fail(f"draft {self.id!r}", name, given, "name each one once")
        if self.id in self.parents:
            fail(f"draft {self.id!r}", "parents", self.parents, "a draft cannot revise itself")

    def open_points(self, point_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The points of ``point_ids`` this draft leaves open."""
        return tuple(p for p in point_ids if p not in self.choices)

    def says(self, point_id: str) -> tuple[Value | None, str]:
        """What the draft says on a point: its value (None: open) and its own wording ('' if
        the option's standard text)."""
        return self.choices.get(point_id), self.texts.get(point_id, "")
