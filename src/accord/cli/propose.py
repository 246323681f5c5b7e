"""``accord propose``: ranked compromise versions near a draft."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.analyze import DisagreementChoice, DisagreementOption, PathArg
from accord.cli.errors import reports_errors
from accord.cli.output import (
    BargainersOption,
    JsonOption,
    ProfilesOption,
    TimeLimitOption,
    console,
    plain,
    print_json,
    safe,
    working,
)

if TYPE_CHECKING:
    from rich.console import Console

    from accord.analysis.proposals import Proposal
    from accord.api import Case


class Method(StrEnum):
    """The fairness score proposals are ranked by: the solution names of the library, and
    ``ks`` for Kalai-Smorodinsky (both spellings work in the API too)."""

    NASH = "nash"
    KS = "ks"
    KALAI_SMORODINSKY = "kalai_smorodinsky"
    EGALITARIAN = "egalitarian"
    UTILITARIAN = "utilitarian"


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
    time_limit: TimeLimitOption = None,
    profiles: ProfilesOption = None,
    bargainers: BargainersOption = None,
) -> None:
    """Rank compromise versions near a draft: what changes, who gains, which objections they answer.

    Every proposal lies on the Pareto frontier of the agreements all bargaining parties
    prefer to no deal, so it respects each one's red lines, links and reservation value. The
    parties bargaining are the signatories and guarantors, or those --bargainers names; a
    mediator's or observer's utility is reported, not maximised.

    Example:

        accord propose examples/ukraine-2025.yaml --from geneva --method nash -n 3
    """
    from accord.analysis.results import solution_name
    from accord.cli.analyze_render import bargaining_line
    from accord.cli.loading import open_case
    from accord.errors import UnknownIdError

    case = open_case(path, profiles=profiles, bargainers=bargainers, time_limit=time_limit)
    known = [d.id for d in case.scenario.drafts]
    if from_draft is not None and from_draft not in known:
        raise UnknownIdError("draft", from_draft, known, where=str(path))
    draft = from_draft or case.latest_draft()
    key = solution_name(method.value)
    with working("Ranking compromise versions") as progress:
        case.progress = progress
        proposals = case.propose(draft, key, n, disagreement.key)
    if as_json:
        print_json(
            {
                "draft": draft,
                "method": key,
                "bargainers": list(case.bargainers),
                "reported_parties": list(case.reported_parties),
                "proposals": [_json(p) for p in proposals],
            }
        )
        return
    out = console()
    out.print(plain(bargaining_line(case.scenario, case.bargainers, case.reported_parties)))
    if not proposals:
        out.print("No agreement respects every red line, link and reservation value, so there is nothing to propose.")
        out.print(plain(f"Run `accord analyze {path}` for the concessions that would open one."))
        return
    out.print(f"[bold]Compromise versions near {safe(draft)}[/bold], ranked by {key.replace('_', '-')}")
    for p in proposals:
        _render(case, draft, p, out)


def _json(p: Proposal) -> dict[str, Any]:
    return {
        "rank": p.rank,
        "reason": p.reason,
        "agreement": dict(p.outcome.agreement),
        "utilities": list(p.outcome.utilities),
        "before": list(p.before),
        "gains": list(p.gains),
        "reported": dict(p.reported),
        "reported_before": dict(p.reported_before),
        "changes": [{"point": c.point, "before": c.before, "after": c.after} for c in p.changes],
        "scores": dict(p.scores),
        "answers": list(p.answers),
        "remaining": list(p.remaining),
    }


def _render(case: Case, draft: str, p: Proposal, out: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    scenario = case.scenario
    out.print(f"\n[bold]{p.rank}.[/bold] {safe(p.reason)}")
    changes = Table(title="Changes to the draft", title_justify="left")
    for col in ("point", f"{draft} says", "proposal says"):
        changes.add_column(plain(col))
    for c in p.changes:
        point = scenario.point(c.point)
        said = "open" if c.before is None else point.describe(c.before)
        changes.add_row(plain(point.title), plain(said), plain(point.describe(c.after)))
    out.print(changes)
    gains = Table(title="Who gains, who gives up", title_justify="left")
    for col in ("party", "draft (open points as proposed)", "proposal", "change"):
        gains.add_column(col, justify="right" if col != "party" else "left")
    rows = list(zip(case.bargainers, p.before, p.outcome.utilities, p.gains, strict=True))
    rows += [(q, p.reported_before[q], p.reported[q], p.reported_gains[q]) for q in case.reported_parties]
    for party, before, after, gain in rows:
        colour = "green" if gain > 0 else "red" if gain < 0 else "white"
        name = scenario.party(party).name + ("" if party in case.bargainers else " (not maximised)")
        gains.add_row(plain(name), f"{before:.3f}", f"{after:.3f}", Text(f"{gain:+.3f}", style=colour))
    out.print(gains)
    out.print(
        "scores: "
        + ", ".join(f"{k.replace('_', '-')} {v:.4g}" for k, v in p.scores.items())
        + "; respects every red line and link"
    )
    for line in p.answers:
        out.print(plain(f"  answers: {line}"))
    for line in p.remaining:
        out.print(plain(f"  still open: {line}"), style="yellow")
