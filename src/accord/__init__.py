"""accord: negotiation support and mediation.

Keeps the text as versions of a single negotiating text, records stances, holds each
party's confidential preferences, and computes the Pareto frontier, the fair solutions,
why no agreement exists and ranked compromise versions.

The names below load on first use, so that ``accord --version`` and ``accord --help`` do
not pay for numpy and the analysis.
"""

from __future__ import annotations

import importlib
import typing

__version__ = "0.1.0"

_WHERE = {
    "AccordError": "accord.errors",
    "ScenarioError": "accord.errors",
    "Analysis": "accord.api",
    "Case": "accord.api",
    "load": "accord.api",
    "to_frame": "accord.frames",
    "Scenario": "accord.model",
}

__all__ = ["AccordError", "Analysis", "Case", "Scenario", "ScenarioError", "__version__", "load", "to_frame"]

if typing.TYPE_CHECKING:
    from accord.api import Analysis, Case, load
    from accord.errors import AccordError, ScenarioError
    from accord.frames import to_frame
    from accord.model import Scenario


def __getattr__(name: str) -> typing.Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*(k for k in globals() if k not in ("importlib", "typing")), *__all__})
