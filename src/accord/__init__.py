"""accord: negotiation support and mediation.

Keeps the text as versions of a single negotiating text, records stances, holds each
party's confidential preferences, and computes the Pareto frontier, the fair solutions,
why no agreement exists and ranked compromise versions.
"""

from accord.api import Case, load
from accord.errors import AccordError, ScenarioError
from accord.frames import to_frame
from accord.model import Scenario

__version__ = "0.1.0"

__all__ = ["AccordError", "Case", "Scenario", "ScenarioError", "__version__", "load", "to_frame"]
