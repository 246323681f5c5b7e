"""Analysis results as pandas DataFrames, for notebooks (``pip install 'accord[notebook]'``).

Utilities are columns named by party (``u:union``), as the results carry their parties;
numbers keep full precision. Every result type converts; anything else raises AccordError
saying what ``to_frame`` takes.

>>> import accord
>>> case = accord.load("examples/tutorial-labour.yaml")
>>> frame = accord.to_frame(case.frontier())
>>> list(frame.columns)[-2:]
['u:union', 'u:employer']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from accord.analysis.consensus import ConsensusMap
from accord.analysis.drafts import DraftDistance, DraftUtility
from accord.analysis.proposals import Proposal
from accord.analysis.results import Diagnosis, Frontier, Outcome, Solution, Solutions
from accord.errors import AccordError, MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

Row = dict[str, Any]
Result = (
    Frontier
    | Solutions
    | Solution
    | Diagnosis
    | ConsensusMap
    | Proposal
    | DraftUtility
    | DraftDistance
    | Sequence[Proposal]
    | Sequence[DraftUtility]
    | Sequence[DraftDistance]
    | Sequence[Outcome]
)
WHOLE_DRAFT = "(whole draft)"
"""The ``point`` of a consensus map's last row: the stances on the draft as a whole."""
SUPPORTED = (
    "a Frontier, Solutions, a Solution, a Diagnosis, a ConsensusMap, a Proposal, DraftUtility or "
    "DraftDistance, or a list of proposals, drafts, distances or outcomes"
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise MissingExtraError("DataFrames", "notebook", "pandas") from err
    return pandas


def to_frame(result: Result, parties: Sequence[str] = ()) -> pd.DataFrame:
    """One row per frontier outcome, solution, proposal, draft, point of a consensus map (and
    a last row, point ``(whole draft)``, for the stances on the draft as a whole) or
    relaxation of a diagnosis (none when an agreement exists).

    Utilities are columns ``u:<party>``, named by the parties the result carries;
    ``parties`` names them for a result built without them (else ``u:0``, ``u:1``, ...).
    The utilities of rated parties who do not bargain, reported beside a frontier, a
    solution or a proposal, are columns ``reported:<party>`` (not maximised).
    Raises AccordError for anything else (a list of sentences from ``Case.explain()``
    prints; it is not a table) and MissingExtraError without pandas.
    """
    rows = _rows(result, tuple(parties))
    return _pandas().DataFrame(rows)


def _rows(result: object, parties: tuple[str, ...]) -> list[Row]:
    for kind, convert in _CONVERTERS.items():
        if isinstance(result, kind):
            return convert(result, parties)
    if isinstance(result, Sequence) and not isinstance(result, str | bytes):
        items = list(result)
        for kind, convert in _ITEMS.items():
            if items and all(isinstance(i, kind) for i in items):
                return [row for i in items for row in convert(i, parties)]
        if not items:
            return []
    raise AccordError(f"to_frame takes {SUPPORTED}; got {_describe(result)}")


def _describe(value: object) -> str:
    """``a list of str`` or ``a Scenario``: what was given."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        kinds = sorted({type(i).__name__ for i in value})
        return f"a {type(value).__name__} of {', '.join(kinds)}"
    return f"a {type(value).__name__}"


def _names(carried: Sequence[str], given: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Party names for ``count`` utilities: the result's own, else ``given``, else numbers."""
    for names in (tuple(carried), given):
        if len(names) == count:
            return names
    if given:
        raise AccordError(f"parties= names {len(given)} parties for {count} utilities; give one per utility")
    return tuple(str(i) for i in range(count))


def _utilities(prefix: str, names: Sequence[str], values: Sequence[float]) -> Row:
    return {f"{prefix}{p}": u for p, u in zip(names, values, strict=True)}


def _outcome(outcome: Outcome, names: Sequence[str]) -> Row:
    return {**outcome.agreement, **_utilities("u:", names, outcome.utilities)}


def _reported(values: Mapping[str, float]) -> Row:
    return _utilities("reported:", list(values), list(values.values()))


def _frontier(f: Frontier, given: tuple[str, ...]) -> list[Row]:
    names = _names(f.parties, given, len(f.parties))
    rows = [_outcome(o, names) for o in f.outcomes]
    for row, reported in zip(rows, f.reported, strict=False):
        row.update(_reported(reported))
    return rows


def _solutions(s: Solutions, given: tuple[str, ...]) -> list[Row]:
    return [row for sol in s.found().values() for row in _solution(sol, given, s.parties)]


def _solution(s: Solution, given: tuple[str, ...], carried: Sequence[str] = ()) -> list[Row]:
    names = _names(carried, given, len(s.outcome.utilities))
    row = {"solution": s.name, "score": s.score, "optimal": s.optimal, **_outcome(s.outcome, names)}
    return [{**row, **_reported(s.reported)}]


def _diagnosis(d: Diagnosis, given: tuple[str, ...]) -> list[Row]:
    rows: list[Row] = []
    for i, relaxations in enumerate(d.corrections):
        witness = d.witnesses[i] if i < len(d.witnesses) else None
        utilities: Row = {}
        if witness is not None:
            utilities = _utilities("u:", _names(d.parties, given, len(witness.utilities)), witness.utilities)
        for r in relaxations:
            row: Row = {"set": i + 1, "party": r.party, "kind": r.kind.value, "description": r.description}
            rows.append({**row, **utilities})
    return rows


def _consensus(c: ConsensusMap, given: tuple[str, ...]) -> list[Row]:
    rows = [{"point": p.point, "choice": p.choice, **{party: p.said(party) for party in c.parties}} for p in c.points]
    whole = c.whole_draft()
    return [*rows, {"point": WHOLE_DRAFT, "choice": None, **{party: whole.said(party) for party in c.parties}}]


def _proposal(p: Proposal, given: tuple[str, ...]) -> list[Row]:
    names = _names(p.parties, given, len(p.outcome.utilities))
    row: Row = {"rank": p.rank, "changes": len(p.changes), "reason": p.reason, **p.scores}
    row.update(_utilities("gain:", names, p.gains))
    row.update({f"share:{q}": share for q, share in zip(names, p.shares, strict=False)})
    row.update(_outcome(p.outcome, names))
    row.update(_reported(p.reported))
    return [row]


def _draft(d: DraftUtility, given: tuple[str, ...]) -> list[Row]:
    names = _names(d.parties, given, len(d.low))
    row: Row = {"draft": d.draft, "open_points": len(d.open_points)}
    row.update(_utilities("low:", names, d.low))
    row.update(_utilities("high:", names, d.high))
    return [row]


def _distance(d: DraftDistance, given: tuple[str, ...]) -> list[Row]:
    names = _names(d.parties, given, len(d.utilities))
    row: Row = {"draft": d.draft, "gain": d.gain, "target": d.index}
    row.update(_utilities("u:", names, d.utilities))
    row.update(_utilities("target:", names, d.target.utilities))
    return [row]


def _outcomes(o: Outcome, given: tuple[str, ...]) -> list[Row]:
    return [_outcome(o, _names((), given, len(o.utilities)))]


Converter = Callable[[Any, tuple[str, ...]], list[Row]]
_CONVERTERS: Mapping[type, Converter] = {
    Frontier: _frontier,
    Solutions: _solutions,
    Solution: _solution,
    Diagnosis: _diagnosis,
    ConsensusMap: _consensus,
    Proposal: _proposal,
    DraftUtility: _draft,
    DraftDistance: _distance,
    Outcome: _outcomes,  # before the sequences: an Outcome is a tuple
}
_ITEMS: Mapping[type, Converter] = {
    Proposal: _proposal,
    DraftUtility: _draft,
    DraftDistance: _distance,
    Outcome: _outcomes,
}
