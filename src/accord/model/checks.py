"""Checks every model object runs in ``__post_init__``; each failure is a ModelError.

A message names the object, the field, the bad value and the fix, e.g.
``Preferences of 'ru': weights['army'] is nan; give a finite number of 0 or more``.
The checks are cheap (one pass over the fields, no search over agreements): a scenario of
twenty points and a few hundred ratings is checked in well under a millisecond.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import NoReturn

from accord.errors import ModelError, did_you_mean


def fail(where: str, field: str, value: object, fix: str) -> NoReturn:
    """Raise ModelError: ``{where}: {field} is {value!r}; {fix}``."""
    raise ModelError(f"{where}: {field} is {value!r}; {fix}")


def require_id(where: str, field: str, value: object) -> None:
    """An id is a non-empty string."""
    if not isinstance(value, str) or not value:
        fail(where, field, value, "give a non-empty text id")


def finite(where: str, field: str, value: object) -> float:
    """``value`` as a float; ModelError unless it is a finite number (bools refused)."""
    if isinstance(value, float | int):  # before numbers.Real: that abc check costs 10 times more
        if not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value):  # numpy numbers
        return float(value)
    fail(where, field, value, "give a finite number")


def finite_values(where: str, field: str, values: Mapping[str, float]) -> None:
    """Every value of ``values`` is a finite number; ``field[key]`` names a bad one."""
    try:
        if math.isfinite(sum(values.values(), 0.0)):  # one sum keeps any NaN or infinity
            return
    except TypeError:  # not a number among them
        pass
    for key, value in values.items():
        finite(where, f"{field}[{key!r}]", value)


def unique(where: str, kind: str, ids: Iterable[str]) -> frozenset[str]:
    """The ids, as a set; ModelError if one appears twice."""
    listed = tuple(ids)
    seen = frozenset(listed)
    if len(seen) < len(listed):
        twice = next(i for n, i in enumerate(listed) if i in listed[:n])
        raise ModelError(f"{where}: {kind} id {twice!r} appears twice; rename or delete one")
    return seen


def known(where: str, field: str, kind: str, given: str, ids: Mapping[str, object] | frozenset[str]) -> None:
    """``given`` is one of ``ids`` (a set, or a mapping's keys); else ModelError with a
    did-you-mean."""
    if given not in ids:
        raise ModelError(
            f"{where}: {field} names {kind} {given!r}, which the scenario does not have"
            f"{did_you_mean(given, ids)}; add the {kind} or correct the id"
        )


def all_known(where: str, field: str, kind: str, given: Iterable[str], ids: Mapping[str, object]) -> None:
    """Every id of ``given`` is a key of ``ids`` (one set difference in the common case)."""
    if not ids.keys() >= set(given):
        for g in given:
            known(where, field, kind, g, ids)
