"""Parties: the sides with a stake in the agreement."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.model.checks import fail, require_id


class Role(StrEnum):
    """What a party does at the table."""

    SIGNATORY = "signatory"
    MEDIATOR = "mediator"
    GUARANTOR = "guarantor"
    OBSERVER = "observer"


@dataclass(frozen=True)
class Party:
    """A side with a stake: ``id`` is short and stable, ``name`` is for people."""

    id: str
    name: str
    role: Role = Role.SIGNATORY
    description: str = ""

    def __post_init__(self) -> None:
        require_id("Party", "id", self.id)
        if not isinstance(self.role, Role):
            if not isinstance(self.role, str) or self.role not in {k.value for k in Role}:
                fail(f"party {self.id!r}", "role", self.role, f"use one of {', '.join(Role)}")
            object.__setattr__(self, "role", Role(self.role))
