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

VERDICTS = {"met": "green", "not_as_asked": "yellow", "unclear": "yellow", "kept": "red", "reopened": "red"}
"""The stance verdicts in the order printed, with their colours."""

SHARES = (
    "Share: a party's gain over no deal as a percentage of the most it could gain (its best agreement "
    "among those every bargainer prefers to no deal). Utility points: utility x 100."
)
OPEN = " Gains compare each version with {draft} with its open points settled as that version settles them."


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
    """Rank compromise versions near a draft: what changes, who gains, which stances they meet.

    For each number of changed points, the version with the highest score of --method among
    those changing no more, best first: each next one changes fewer points and scores lower.
    Every version lies on the Pareto frontier of the agreements all bargaining parties prefer
    to no deal, so it respects each one's red lines, links and reservation value. The parties
    bargaining are the signatories and guarantors, or those --bargainers names; a mediator's
    or observer's utility is reported, not maximised.

    Example:

        accord propose examples/ukraine-2025.yaml --from geneva --method nash -n 3
    """
    from accord.analysis.proposals import ranking_rule
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
                "ranking": ranking_rule(key, draft),
                "steps": proposals[0].steps if proposals else 0,
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
    steps = proposals[0].steps
    shown = f"all {steps} shown" if len(proposals) == steps else f"the best {len(proposals)} of {steps} shown"
    shown = "the only one" if steps == 1 else shown
    out.print(f"[bold]Compromise versions near {safe(draft)}[/bold] ({shown})")
    out.print(plain(ranking_rule(key, draft)))
    has_open = any(c.settled for p in proposals for c in p.changes)
    out.print(plain(SHARES + (OPEN.format(draft=draft) if has_open else "")), style="dim")
    for p in proposals:
        _render(case, draft, p, proposals[0], out)


def _json(p: Proposal) -> dict[str, Any]:
    return {
        "rank": p.rank,
        "reason": p.reason,
        "agreement": dict(p.outcome.agreement),
        "utilities": list(p.outcome.utilities),
        "before": list(p.before),
        "gains": list(p.gains),
        "shares": dict(zip(p.parties, p.shares, strict=True)),
        "score": p.score,
        "scores": dict(p.scores),
        "bonus_gains": p.bonus_gains(),
        "reported": dict(p.reported),
        "reported_before": dict(p.reported_before),
        "changes": [
            {
                "point": c.point,
                "before": c.before,
                "after": c.after,
                "settled": c.settled,
                "gains": dict(p.point_gains.get(c.point, {})),
            }
            for c in p.changes
        ],
        "stances": [
            {
                "party": s.party,
                "point": s.point,
                "stance": s.stance.value,
                "before": s.before,
                "asked": s.asked,
                "after": s.after,
                "verdict": s.verdict,
                "carried_from": s.carried_from,
                "text": s.text,
            }
            for s in p.stances
        ],
        "warnings": [
            {"kind": w.kind, "party": w.party, "point": w.point, "draft": w.draft, "text": w.text} for w in p.warnings
        ],
        "answers": list(p.answers),
        "remaining": list(p.remaining),
    }


def _render(case: Case, draft: str, p: Proposal, first: Proposal, out: Console) -> None:
    from accord.analysis.proposal_text import words

    scenario = case.scenario
    out.print()
    out.print(f"[bold]{p.rank}.[/bold]", plain(p.reason[:1].upper() + p.reason[1:] + "."))
    shares = [f"{scenario.party(q).name} {_percent(s)}" for q, s in zip(p.parties, p.shares, strict=True)]
    out.print(plain("Share of what each could gain: " + ", ".join(shares)))
    changed = [c for c in p.changes if not c.settled]
    if changed:
        out.print(plain(f"What changes in {draft}:"), style="bold")
    for c in changed:
        point = scenario.point(c.point)
        out.print(plain(f"  {point.title or point.id}"))
        out.print(plain(f"    {draft}: {words(point, c.before)}"), style="dim")
        out.print(plain(f"    proposal: {words(point, c.after)}"))
    settled = [c for c in p.changes if c.settled]
    same = [c for c in settled if p is not first and first.outcome.agreement[c.point] == c.after]
    if settled:
        note = f" ({len(same)} of {len(settled)} as in 1.; the others:)" if same else ""
        note = f" (all {len(settled)} as in 1.)" if len(same) == len(settled) else note
        out.print(plain(f"Open points of {draft} settled{note}"), style="bold")
    for c in settled:
        if c not in same:
            point = scenario.point(c.point)
            out.print(plain(f"  {point.title or point.id}: {words(point, c.after)}"))
    out.print(_gains_table(case, draft, p))
    _render_record(p, out)


def _gains_table(case: Case, draft: str, p: Proposal) -> Any:
    """Points down, parties across: each changed point's gain, the totals, the shares."""
    from rich.table import Table

    scenario = case.scenario
    parties = [*case.bargainers, *case.reported_parties]
    table = Table(title="Who gains, who gives up (utility points)", title_justify="left")
    table.add_column("")
    for q in parties:
        name = scenario.party(q).name + ("" if q in case.bargainers else " (not maximised)")
        table.add_column(plain(name), justify="right")
    for point_id, gains in p.point_gains.items():
        point = scenario.point(point_id)
        table.add_row(plain(point.title or point.id), *(_signed(gains[q]) for q in parties))
    bonus = p.bonus_gains()
    if any(abs(x) >= 5e-4 for x in bonus.values()):
        table.add_row("package-deal bonuses", *(_signed(bonus[q]) for q in parties))
    change = p.total_gains()
    table.add_row("change", *(_signed(change[q]) for q in parties), end_section=True)
    before = dict(zip(p.parties, p.before, strict=True)) | dict(p.reported_before)
    after = dict(zip(p.parties, p.outcome.utilities, strict=True)) | dict(p.reported)
    settles = any(c.settled for c in p.changes)
    label = f"{draft} (open points as here)" if settles else draft
    table.add_row(plain(label), *(f"{before[q] * 100:.1f}" for q in parties))
    table.add_row("proposal", *(f"{after[q] * 100:.1f}" for q in parties))
    share = dict(zip(p.parties, p.shares, strict=True))
    table.add_row("share of what it could gain", *(_percent(share.get(q)) for q in parties))
    return table


def _signed(x: float) -> Any:
    """A gain in utility points, green or red; ``0.0`` when it rounds to nothing."""
    from rich.text import Text

    points = round(x * 100, 1)
    if points == 0:
        return Text("0.0")
    return Text(f"{points:+.1f}", style="green" if points > 0 else "red")


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _render_record(p: Proposal, out: Console) -> None:
    """The stances, met first, then the warnings."""
    if p.stances:
        out.print(plain("Stances on record:"), style="bold")
    for verdict in VERDICTS:
        for s in p.stances:
            if s.verdict == verdict:
                out.print(plain(f"  {s.text}"), style=VERDICTS[verdict])
    if p.warnings:
        out.print(plain("Warnings:"), style="bold red")
    for w in p.warnings:
        out.print(plain(f"  {w.text}"), style="red")
