"""``accord propose``: ranked compromise versions near a draft."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from accord.analysis.proposals import Proposal
from accord.api import Case
from accord.cli.analyze import DisagreementChoice, DisagreementOption, PathArg
from accord.cli.errors import reports_errors
from accord.cli.loading import load_path
from accord.cli.output import JsonOption, console, print_json, working
from accord.errors import AnalysisError
from accord.model import Scenario


class Method(StrEnum):
    """The fairness score proposals are ranked by."""

    NASH = "nash"
    KS = "ks"
    EGALITARIAN = "egalitarian"
    UTILITARIAN = "utilitarian"

    @property
    def key(self) -> str:
        """The score's name in results."""
        return "kalai_smorodinsky" if self is Method.KS else self.value


@reports_errors
def propose(
    path: PathArg,
    from_draft: Annotated[
        str | None, typer.Option("--from", help="The draft to start from (default: the last).")
    ] = None,
    method: Annotated[Method, typer.Option("--method", help="The fairness score to rank by.")] = Method.NASH,
    n: Annotated[int, typer.Option("-n", min=1, max=50, help="How many proposals.")] = 5,
    disagreement: DisagreementOption = DisagreementChoice.RESERVATION,
    as_json: JsonOption = False,
) -> None:
    """Rank compromise versions near a draft: what changes, who gains, which objections they answer.

    Every proposal lies on the Pareto frontier of the agreements all parties prefer to no
    deal, so it respects every red line, link and reservation value.

    Example:

        accord propose examples/ukraine-2025.yaml --from geneva --method nash -n 3
    """
    case = Case(load_path(path))
    draft = from_draft or case.latest_draft()
    if draft not in {d.id for d in case.scenario.drafts}:
        known = ", ".join(d.id for d in case.scenario.drafts)
        raise AnalysisError(f"{path}: no draft {draft!r}; drafts: {known}")
    with working("Ranking compromise versions"):
        proposals = case.propose(draft, method.key, n, disagreement.value)
    if as_json:
        print_json({"draft": draft, "method": method.key, "proposals": [_json(p) for p in proposals]})
        return
    out = console()
    if not proposals:
        out.print("No agreement respects every red line, link and reservation value, so there is nothing to propose.")
        out.print(f"Run `accord analyze {path}` for the concessions that would open one.")
        return
    out.print(f"[bold]Compromise versions near {draft}[/bold], ranked by {method.key.replace('_', '-')}")
    for p in proposals:
        _render(case.scenario, draft, p, out)


def _json(p: Proposal) -> dict[str, Any]:
    return {
        "rank": p.rank,
        "reason": p.reason,
        "agreement": dict(p.outcome.agreement),
        "utilities": list(p.outcome.utilities),
        "before": list(p.before),
        "gains": list(p.gains),
        "changes": [{"point": c.point, "before": c.before, "after": c.after} for c in p.changes],
        "scores": dict(p.scores),
        "answers": list(p.answers),
        "remaining": list(p.remaining),
    }


def _render(scenario: Scenario, draft: str, p: Proposal, out: Console) -> None:
    out.print(f"\n[bold]{p.rank}.[/bold] {p.reason}")
    changes = Table(title="Changes to the draft", title_justify="left")
    for col in ("point", f"{draft} says", "proposal says"):
        changes.add_column(col)
    for c in p.changes:
        point = scenario.point(c.point)
        changes.add_row(point.title, "open" if c.before is None else point.describe(c.before), point.describe(c.after))
    out.print(changes)
    parties = scenario.rated_parties
    gains = Table(title="Who gains, who gives up", title_justify="left")
    for col in ("party", "draft (open points as proposed)", "proposal", "change"):
        gains.add_column(col, justify="right" if col != "party" else "left")
    for party, before, after, gain in zip(parties, p.before, p.outcome.utilities, p.gains, strict=True):
        colour = "green" if gain > 0 else "red" if gain < 0 else "white"
        gains.add_row(scenario.party(party).name, f"{before:.3f}", f"{after:.3f}", f"[{colour}]{gain:+.3f}[/]")
    out.print(gains)
    out.print(
        "scores: "
        + ", ".join(f"{k.replace('_', '-')} {v:.4g}" for k, v in p.scores.items())
        + "; respects every red line and link"
    )
    for line in p.answers:
        out.print(f"  answers: {line}")
    for line in p.remaining:
        out.print(f"  still open: {line}", style="yellow")
