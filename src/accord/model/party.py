"""Parties: the sides with a stake in the agreement."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
