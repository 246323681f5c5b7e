"""Meaning checks of the record in a scenario v1 document: draft lineage and authorship,
stances' evidence (basis, reason, source dates) and histories, and the bargainers.

Each check adds Problems to the :class:`~accord.formats.scenario_checks.Checker` it is
given and never stops at the first one.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from accord.formats.document import Path_

if TYPE_CHECKING:
    from accord.formats.scenario_checks import Checker


def ids(value: Any) -> list[str]:
    """A one-or-many field (``author: us`` or ``authors: [us, ua]``) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def draft_links(checker: Checker, i: int, draft: dict[str, Any]) -> None:
    """Authors name parties and parents name drafts; one spelling of each field."""
    base: Path_ = ("drafts", i)
    for one, many, kind, section in (
        ("author", "authors", "party", "parties"),
        ("parent", "parents", "draft", "drafts"),
    ):
        if draft.get(one) is not None and many in draft:
            checker.add((*base, many), f"both `{one}` and `{many}` are given", f"list every {kind} under `{many}`")
        field = many if many in draft else one
        for j, given in enumerate(ids(draft.get(field))):
            if given not in getattr(checker, section):
                at: Path_ = (*base, field, j) if field == many else (*base, field)
                checker.add(at, *checker.unknown(kind, given, section))


def parents_of(draft: dict[str, Any]) -> list[str]:
    """The parents a draft names, under either spelling."""
    return ids(draft["parents"] if "parents" in draft else draft.get("parent"))


def cycles(checker: Checker) -> None:
    """Each cycle of parents once, at its first draft in file order.

    Linear time: every draft and parent link is walked once (colour marking in depth-first
    search [Cormen2009]_, section 22.3).
    """
    drafts: dict[str, dict[str, Any]] = checker.drafts
    order = {d: i for i, d in enumerate(drafts)}
    index = {draft["id"]: i for i, draft in reversed(list(enumerate(checker.data.get("drafts", []))))}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in drafts:
        if start in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, k = stack.pop()
            if k == 0:
                state[node] = 1
                path.append(node)
            parents = [p for p in parents_of(drafts[node]) if p in drafts]
            if k < len(parents):
                stack.append((node, k + 1))
                nxt = parents[k]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt) :]
                    first = min(cycle, key=order.__getitem__)
                    at = cycle.index(first)
                    _cycle(checker, index[first], cycle[at:] + cycle[:at])
                elif nxt not in state:
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()


def _cycle(checker: Checker, i: int, cycle: list[str]) -> None:
    shown = cycle if len(cycle) <= 8 else [*cycle[:6], f"... ({len(cycle):,} drafts in all)", cycle[-1]]
    loop = " -> ".join([*shown, cycle[0]])
    field = "parents" if "parents" in checker.data["drafts"][i] else "parent"
    checker.add(("drafts", i, field), f"drafts form a cycle: {loop}", "a draft's parent must be an earlier draft")


def day(text: Any) -> date | None:
    """The calendar day of an ISO date text (None if it is not one)."""
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def evidence(checker: Checker, i: int, stance: dict[str, Any]) -> None:
    """A stance's basis has what it needs, and its report is not older than its statement."""
    base: Path_ = ("stances", i)
    basis = stance.get("basis")
    source = stance.get("source") or {}
    if basis == "inferred" and not str(stance.get("reason", "")).strip():
        checker.add(
            base,
            "an inferred stance needs a `reason`",
            "say what it is read from, e.g. `reason: Peskov named no point; the report names territory`",
        )
    if basis == "reported" and not str(source.get("quote", "")).strip():
        checker.add(
            base,
            "a reported stance needs the `source` `quote` that names its point",
            "quote the words verbatim, or mark it `basis: inferred` with a `reason`",
        )
    said, published = day(source.get("date")), day(source.get("published"))
    if said is not None and published is not None and published < said:
        checker.add(
            (*base, "source", "published"),
            f"the report ({published}) is dated before the statement ({said})",
            "`date` is the day it was said, `published` the day it was reported",
        )


def histories(checker: Checker) -> None:
    """A party's stances on one point of one draft are listed in the order they were stated."""
    last: dict[tuple[Any, Any, Any], tuple[date, int]] = {}
    for i, stance in enumerate(checker.data.get("stances", [])):
        said = day((stance.get("source") or {}).get("date"))
        if said is None:
            continue
        key = (stance["party"], stance["draft"], stance.get("point"))
        before = last.get(key)
        if before is not None and said < before[0]:
            checker.add(
                ("stances", i, "source", "date"),
                f"stated on {said}, before stance #{before[1] + 1} of the same party on the same point ({before[0]})",
                "list a party's stances on a point in the order they were stated: the last is its current stance",
            )
        else:
            last[key] = (said, i)


def bargainers(checker: Checker) -> None:
    """Bargainers are parties with preferences."""
    rated = checker.data.get("preferences", {})
    for j, party in enumerate(checker.data.get("bargainers", [])):
        if party not in checker.parties:
            checker.add(("bargainers", j), *checker.unknown("party", party, "parties"))
        elif party not in rated:
            checker.add(
                ("bargainers", j),
                f"party {party!r} bargains but has no preferences",
                "add its preferences, or remove it from `bargainers`",
            )
