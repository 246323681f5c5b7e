"""The domain model: plain, immutable, typed data with no I/O.

``model`` imports nothing else from accord except :mod:`accord.errors` and
:mod:`accord.display` (short printed forms), which import nothing from accord.
"""

from accord.model.draft import Draft
from accord.model.party import Party, Role
from accord.model.point import NumericRange, Option, Point, Value, format_value, tidy_number
from accord.model.preferences import (
    CategoricalRating,
    Interaction,
    Link,
    PiecewiseLinear,
    Preferences,
    Rating,
    RedLine,
)
from accord.model.record import Said
from accord.model.scenario import Agreement, Scenario
from accord.model.stance import Basis, Source, Stance, StanceKind
from accord.model.uncertainty import Distribution, Normal, ParameterKind, Uncertain, Uniform, support

__all__ = [
    "Agreement",
    "Basis",
    "CategoricalRating",
    "Distribution",
    "Draft",
    "Interaction",
    "Link",
    "Normal",
    "NumericRange",
    "Option",
    "ParameterKind",
    "Party",
    "PiecewiseLinear",
    "Point",
    "Preferences",
    "Rating",
    "RedLine",
    "Role",
    "Said",
    "Scenario",
    "Source",
    "Stance",
    "StanceKind",
    "Uncertain",
    "Uniform",
    "Value",
    "format_value",
    "support",
    "tidy_number",
]
