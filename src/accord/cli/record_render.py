"""The record for people and programs: who said what about which point, when, how we
know it; and the drafts' lineage drawn as a graph.

Quotes are printed verbatim (escaped only where a terminal would act on a character):
accord never shortens or rewrites them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.cli.output import clean, safe
from accord.model import Said, Scenario, Stance
from accord.model.record import record

if TYPE_CHECKING:
    from rich.console import Group, RenderableType


def who_and_when(s: Stance) -> str:
    """``Dmitry Peskov, 2025-12-02; reported by news report, 2025-12-02``."""
    src = s.source
    if src is None:
        return "source not on file"
    return "; ".join(x for x in (src.attribution(), src.link) if x) or "source not on file"


def evidence(s: Stance) -> str:
    """The quote (verbatim, in quotation marks), then how an inferred stance was read."""
    lines = []
    if s.source is not None and s.source.quote:
        lines.append(f"\u201c{s.source.quote}\u201d")
    if s.reason:
        lines.append(f"{'inferred' if s.basis is not None and s.basis.value == 'inferred' else 'why'}: {s.reason}")
    if s.note:
        lines.append(f"note: {s.note}")
    return "\n".join(lines)


def what(s: Stance, scenario: Scenario) -> str:
    """``amend -> alliance-consensus`` (the proposal named), or the stance word."""
    if s.proposal is None or s.point is None:
        return s.stance.value
    return f"{s.stance.value} -> {scenario.point(s.point).describe(s.proposal)}"


def basis_word(s: Stance) -> str:
    """``reported``, ``inferred`` or ``not stated``."""
    return s.basis.value if s.basis is not None else "not stated"


def record_text(scenario: Scenario) -> Group:
    """Every stance, draft by draft in the order stated (each party's history on a point
    in order): a line naming point, party, stance and basis, then who said it when, the
    quote verbatim and how an inferred stance was read. A list, not a table, so that no
    quote is ever cut at any width."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text("Who said what (the record, in the order stated)", style="italic")]
    for d in scenario.drafts:
        stances = [s for s in scenario.stances if s.draft == d.id]
        if stances:
            parts.append(Text.assemble("\n", (clean(d.id), "bold"), f"  {clean(d.title)}"))
            for s in stances:
                parts.extend(_entry(scenario, s, ""))
    return Group(*parts)


def history_text(scenario: Scenario, draft_id: str) -> Group:
    """A draft's stances point by point and party by party, stated on it or carried from an
    ancestor, each party's history in the order stated."""
    from rich.console import Group
    from rich.text import Text

    held = record(scenario, draft_id)
    parts: list[RenderableType] = [
        Text(f"Stances on draft {clean(draft_id)}, point by point, with their history", style="italic")
    ]
    if not held:
        parts.append(Text("No stance is on record for this draft or carried to it."))
    for point in [*scenario.point_ids, None]:
        for party in (p.id for p in scenario.parties):
            for said in held.get((party, point), ()):
                parts.extend(_entry(scenario, said.stance, _carried(said)))
    return Group(*parts)


def _entry(scenario: Scenario, s: Stance, carried: str) -> list[RenderableType]:
    """One stance: a heading line indented 2, its evidence lines indented 4 (wrapped lines
    keep the indent)."""
    from rich.padding import Padding
    from rich.text import Text

    from accord.cli.render import STANCE_STYLE

    head = Text.assemble(
        (clean(s.point or "(whole draft)"), "bold"),
        " \u00b7 ",
        clean(s.party),
        " \u00b7 ",
        (clean(what(s, scenario)), STANCE_STYLE[s.stance]),
        clean(carried),
        " \u00b7 ",
        (basis_word(s), "dim" if s.basis is None else ""),
    )
    lines: list[RenderableType] = [Padding(head, (0, 0, 0, 2))]
    lines.append(Padding(Text(clean(who_and_when(s)), style="dim"), (0, 0, 0, 4)))
    lines.extend(Padding(Text(clean(line)), (0, 0, 0, 4)) for line in evidence(s).split("\n") if line)
    return lines


def _carried(said: Said) -> str:
    return f" (from {said.carried_from})" if said.carried_from else ""


def lineage_tree(scenario: Scenario) -> RenderableType:
    """The drafts as a graph: each under the first draft it revises; a draft with several
    parents names the others ("also adopts eu-counter"); authors and dates beside each."""
    from rich.tree import Tree

    root = Tree("[bold]Lineage[/bold] (each draft under the text it revises)", guide_style="dim")
    nodes: dict[str, Any] = {}
    for d in scenario.drafts:  # parents before children: placed in lineage order
        for ancestor in scenario.lineage(d.id):
            if ancestor in nodes:
                continue
            draft = scenario.draft(ancestor)
            label = f"[bold]{safe(draft.id)}[/bold]  {safe(draft.title)}" + safe(_byline(scenario, ancestor))
            parent = nodes.get(draft.parents[0]) if draft.parents else None
            nodes[ancestor] = (parent or root).add(label)
    return root


def _byline(scenario: Scenario, draft_id: str) -> str:
    draft = scenario.draft(draft_id)
    who = " + ".join(scenario.party(a).name for a in draft.authors)
    facts = [x for x in (who, draft.date) if x]
    if len(draft.parents) > 1:
        facts.append("also adopts " + ", ".join(draft.parents[1:]))
    return f" ({'; '.join(clean(f) for f in facts)})" if facts else ""
