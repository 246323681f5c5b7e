"""Analysis results as pandas DataFrames, for notebooks (``pip install accord[notebook]``).

>>> import accord
>>> case = accord.load("examples/tutorial-labour.yaml")
>>> frame = accord.to_frame(case.frontier())
>>> list(frame.columns)[-2:]
['u:union', 'u:employer']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from accord.analysis.drafts import DraftUtility
from accord.analysis.proposals import Proposal
from accord.analysis.results import Frontier, Outcome, Solutions
from accord.errors import AccordError

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:  # pragma: no cover - the dev extra installs pandas
        raise AccordError("DataFrames need pandas: pip install 'accord[notebook]'") from err
    return pandas


def _row(outcome: Outcome, parties: Sequence[str]) -> dict[str, Any]:
    row: dict[str, Any] = dict(outcome.agreement)
    row.update({f"u:{p}": u for p, u in zip(parties, outcome.utilities, strict=True)})
    return row


def to_frame(
    result: Frontier | Solutions | Sequence[Proposal] | Sequence[DraftUtility], parties: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per frontier outcome, solution, proposal or draft.

    Utilities are columns ``u:<party>``; ``parties`` names them for results that do not
    carry their party ids (solutions, proposals, drafts: pass ``scenario.rated_parties``,
    or get numbered columns).
    """
    pd = _pandas()
    if isinstance(result, Frontier):
        return pd.DataFrame([_row(o, result.parties) for o in result.outcomes])
    if isinstance(result, Solutions):
        rows = []
        for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
            sol = getattr(result, name)
            if sol is not None:
                names = parties or [str(i) for i in range(len(sol.outcome.utilities))]
                rows.append({"solution": name, "score": sol.score, **_row(sol.outcome, names)})
        return pd.DataFrame(rows)
    rows = [_sequence_row(item, parties) for item in result]
    return pd.DataFrame(rows)


def _sequence_row(item: Proposal | DraftUtility, parties: Sequence[str]) -> dict[str, Any]:
    if isinstance(item, Proposal):
        names = parties or [str(i) for i in range(len(item.gains))]
        row = {"rank": item.rank, "changes": len(item.changes), "reason": item.reason, **item.scores}
        row.update({f"gain:{p}": g for p, g in zip(names, item.gains, strict=True)})
        row.update(_row(item.outcome, names))
        return row
    names = parties or [str(i) for i in range(len(item.low))]
    row = {"draft": item.draft, "open_points": len(item.open_points)}
    row.update({f"low:{p}": v for p, v in zip(names, item.low, strict=True)})
    row.update({f"high:{p}": v for p, v in zip(names, item.high, strict=True)})
    return row
