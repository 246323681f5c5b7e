"""The consensus heatmap: points x parties, each cell coloured by the party's stance.

Drawn from a :class:`~accord.analysis.consensus.ConsensusMap`, built from the recorded
stances only (what the parties said, never their preferences). A cell is the party's
current stance on the point (:mod:`accord.model.record`), stated on the draft or carried
from an ancestor; an ``amend`` cell names the option proposed. A stance whose basis is
``inferred`` (the analyst's reading of a vaguer statement, not a quote naming the point)
is marked: an asterisk in the cell, hatched in PNG and outlined in HTML. The last row holds
the stances on the draft as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from accord.analysis.consensus import ConsensusMap, PointConsensus
from accord.errors import AnalysisError, UnknownIdError
from accord.model import Basis, StanceKind
from accord.plots.figure import Cells, Figure

STANCE_COLOURS: dict[str, str] = {
    StanceKind.ACCEPT.value: "#2ca02c",
    StanceKind.AMEND.value: "#6baed6",
    StanceKind.CRITICISE.value: "#ffbf00",
    StanceKind.UNACCEPTABLE.value: "#d62728",
}
"""The colour of each stance, in legend order (a cell with no stance is light grey)."""

INFERRED_MARK = " *"
_QUOTE_LIMIT = 200


def consensus_figure(
    consensus: ConsensusMap,
    *,
    parties: Sequence[str],
    names: Mapping[str, str] | None = None,
    title: str = "",
) -> Figure:
    """The heatmap of ``consensus``: one row per point (then the draft as a whole), one
    column per party of ``parties`` (in that order), each cell the party's stance.

    Stances are public, but ``parties`` still limits the columns (and every word of the
    figure) to the parties given. ``names`` names the columns (ids where missing).
    Raises UnknownIdError for a party the map does not hold.
    """
    if isinstance(parties, str):
        raise AnalysisError(f"parties takes a list of party ids, such as [{parties!r}], not a string")
    for party in parties:
        if party not in consensus.parties:
            raise UnknownIdError("party", party, consensus.parties)
    columns = tuple(dict.fromkeys(parties))
    rows = [*consensus.points, consensus.whole_draft()]
    shown = names or {}
    cells = Cells(
        rows=tuple(_row_label(p) for p in rows),
        columns=tuple(shown.get(p, p) for p in columns),
        kinds=tuple(tuple(_kind(p, c) for c in columns) for p in rows),
        texts=tuple(tuple(_text(p, c) for c in columns) for p in rows),
        hover=tuple(tuple(_hover(p, c, shown.get(c, c)) for c in columns) for p in rows),
        marked=tuple(tuple(inferred(p, c) for c in columns) for p in rows),
        colours=dict(STANCE_COLOURS),
        mark="inferred (the analyst's reading, not a quote naming the point)",
    )
    head = f"{title}\n" if title else ""
    return Figure(
        name="consensus",
        title=f"{head}Consensus map of draft {consensus.draft}: each party's stance on each point",
        cells=cells,
        note=f"{INFERRED_MARK.strip()} inferred stance. A stance carried from an earlier draft that says the same on "
        "the point counts as said on this one.",
    )


def inferred(point: PointConsensus, party: str) -> bool:
    """Whether the party's current stance on the point is marked ``basis: inferred``."""
    history = point.history.get(party)
    if not history:
        return False
    return history[-1].stance.basis is Basis.INFERRED


def _row_label(point: PointConsensus) -> str:
    if point.point == "(whole draft)":
        return point.point
    return f"{point.point} ({'open' if point.choice is None else point.choice})"


def _kind(point: PointConsensus, party: str) -> str:
    stance = point.stances.get(party)
    return "" if stance is None else stance.value


def _text(point: PointConsensus, party: str) -> str:
    stance = point.stances.get(party)
    if stance is None:
        return ""
    proposal = point.proposals.get(party)
    words = f"{stance.value}: {proposal}" if proposal is not None else stance.value
    return words + (INFERRED_MARK if inferred(point, party) else "")


def _hover(point: PointConsensus, party: str, name: str) -> str:
    said = point.said(party)
    where = "the draft as a whole" if point.point == "(whole draft)" else point.point
    if said is None:
        return f"{name} on {where}: no stance on record"
    stance = point.history[party][-1].stance
    if stance.basis is Basis.INFERRED:
        basis = f"inferred: {_short(stance.reason)}"
    elif stance.source is not None and stance.source.quote:
        basis = (
            f"{'reported' if stance.basis is Basis.REPORTED else 'quote'}: \u201c{_short(stance.source.quote)}\u201d"
        )
    else:
        basis = "basis not stated"
    return f"{name} on {where}: {said}; {basis}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "\u2026"
