"""Who may see what: the one confidentiality rule, for the briefing report, the workbench and
the API alike.

The record (drafts, their lineage and the stances parties stated) is public to everyone at
the table. A party's preferences are not: its weights, ratings, red lines, links,
interaction bonuses, reservation value, and every utility computed from them. The engine
uses every party's preferences; what it *shows* follows the viewer:

| viewer | sees the record | sees the analysis (agreements, core, proposals) | sees the preferences and utilities of |
| --- | --- | --- | --- |
| ``analyst`` (holds the whole file) | yes | yes | every party |
| ``mediator`` | yes | yes | the parties that shared them with the mediator |
| ``party`` | yes | yes | itself, and parties that shared them with it |
| ``observer`` | yes | no | nobody |

A constraint of a party the viewer may not see is never named: not its point, not its
value, not even which party holds it ("a confidential constraint of another party").
This mirrors the single promise of confidential negotiation-support systems (Raiffa's
"neutral analyst" who holds each side's valuations in confidence [Raiffa1982]_; the
Smartsettle and Inspire systems [Kersten1999]_).

Answers computed from every bargainer's preferences at once (whether a deal exists, the
solutions, the core, whether every bargainer accepts a draft) belong to the analysis; an
answer about one party (whether *it* accepts a draft, its utility) belongs to that party's
preferences. The robustness analysis follows the same line (:meth:`Viewer.robustness`):
the probabilities that every bargainer accepts, that a deal exists, of each option of a
solution and the robust compromise are the analysis; each party's probability of accepting,
its uncertain estimates and their effects are its preferences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, TypeVar

from accord.errors import AnalysisError
from accord.model import Scenario

if TYPE_CHECKING:
    from accord.analysis.robust import Acceptance, Robustness, Sensitivity

ViewerRole = Literal["analyst", "mediator", "party", "observer"]
VIEWER_ROLES: tuple[ViewerRole, ...] = ("analyst", "mediator", "party", "observer")

T = TypeVar("T")

CONFIDENTIAL = "a confidential constraint of another party"
"""How a constraint the viewer may not see is described, whoever holds it."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking. ``party`` names the party of a ``party`` viewer; ``shared`` the
    parties that have shared their preferences with this viewer."""

    role: ViewerRole = "analyst"
    party: str | None = None
    shared: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.role not in VIEWER_ROLES:
            raise AnalysisError(f"unknown viewer role {self.role!r}; use one of {', '.join(VIEWER_ROLES)}")
        if (self.role == "party") != (self.party is not None):
            raise AnalysisError("a party viewer names its party, and only a party viewer does")
        object.__setattr__(self, "shared", frozenset(self.shared))

    @classmethod
    def for_party(cls, party: str, shared: Iterable[str] = ()) -> Viewer:
        """The view of one party: its own preferences, the record, the analysis."""
        return cls("party", party, frozenset(shared))

    @property
    def label(self) -> str:
        """``analyst``, ``mediator``, ``observer`` or ``party ua``."""
        return f"party {self.party}" if self.role == "party" else self.role

    def sees_preferences(self, party: str) -> bool:
        """Whether this viewer may see ``party``'s preferences and the utilities computed
        from them."""
        if self.role == "analyst":
            return True
        if self.role == "observer":
            return False
        return party == self.party or party in self.shared

    @property
    def sees_analysis(self) -> bool:
        """Whether this viewer sees the analysis (agreements, core, proposals): everyone
        but an observer."""
        return self.role != "observer"

    @property
    def sees_everything(self) -> bool:
        """Whether nothing is hidden from this viewer (an analyst holding the whole file)."""
        return self.role == "analyst"

    def visible(self, parties: Iterable[str]) -> tuple[str, ...]:
        """The parties of ``parties`` whose preferences this viewer sees, in order."""
        return tuple(p for p in parties if self.sees_preferences(p))

    def only_visible(self, values: Mapping[str, T]) -> dict[str, T]:
        """``values`` (per party) without the parties this viewer may not see."""
        return {p: v for p, v in values.items() if self.sees_preferences(p)}

    def columns(self, parties: Sequence[str], values: Sequence[T]) -> dict[str, T]:
        """Per-party values given in ``parties`` order, keeping the visible ones."""
        return {p: v for p, v in zip(parties, values, strict=True) if self.sees_preferences(p)}

    def scenario(self, scenario: Scenario) -> Scenario:
        """``scenario`` with only the preferences this viewer may see: what may be printed
        or exported for it. Never analyse this copy: the engine uses everyone's."""
        kept = {p: prefs for p, prefs in scenario.preferences.items() if self.sees_preferences(p)}
        bargainers = None if scenario.bargainers is None else tuple(p for p in scenario.bargainers if p in kept)
        return replace(scenario, preferences=kept, bargainers=bargainers or None)

    def constraint(self, party: str, described: str, names: Mapping[str, str]) -> str:
        """A party's constraint as this viewer may read it: ``Russia's red line
        recognition=none``, or :data:`CONFIDENTIAL`."""
        if not self.sees_preferences(party):
            return CONFIDENTIAL
        return f"{names.get(party, party)}'s {described}"

    def robustness(self, result: Robustness) -> Robustness | None:
        """``result`` (:meth:`accord.api.Case.robust`) with only what this viewer may see;
        None for a viewer who does not see the analysis.

        Kept: the answers about every bargainer at once (acceptance by all, whether a deal
        exists, the solutions' options, the robust compromise), each agreement's acceptance
        by the parties whose preferences this viewer sees, and the uncertain estimates of
        those parties with their effects on events about every bargainer or about those
        parties, ranked again by what is left (the ranking by a hidden event would tell
        something of it); ``uncertain`` counts the estimates kept."""
        if not self.sees_analysis:
            return None
        if self.sees_everything:
            return result
        kept = [
            replace(s, effects=tuple(e for e in s.effects if e.party is None or self.sees_preferences(e.party)))
            for s in result.sensitivity
            if self.sees_preferences(s.party)
        ]
        ranked = tuple(sorted(kept, key=_by_swing))
        return replace(
            result,
            drafts=self._acceptances(result.drafts),
            solutions=self._acceptances(result.solutions),
            proposals=self._acceptances(result.proposals),
            sensitivity=ranked,
            uncertain=len(ranked),
        )

    def _acceptances(self, items: Sequence[Acceptance]) -> tuple[Acceptance, ...]:
        return tuple(replace(a, party=self.only_visible(a.party)) for a in items)


def _by_swing(s: Sensitivity) -> float:
    return -round(s.swing, 12)
