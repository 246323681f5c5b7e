"""Why no deal: the smallest sets of red lines, links and reservation cuts to relax.

The constraints are every party's red lines, links and reservation cut (``u_i >= d_i``). If
some agreement respects them all, the scenario is feasible and that agreement is the witness.
Otherwise a *correction set* is a set of constraints whose removal leaves the rest
satisfiable, and a *minimal correction set* (MCS) is one with no smaller correction set
inside it: relaxing all of it opens an agreement, relaxing any part of it does not. The MCSes
are the complements of the maximal satisfiable subsets, and the minimal hitting sets of the
minimal unsatisfiable cores (Liffiton & Sakallah 2008, "Algorithms for computing minimal
unsatisfiable subsets of constraints", J. Automated Reasoning 40; Marques-Silva, Heras,
Janota, Previti & Belov 2013, "On computing minimal correction subsets", IJCAI).

Algorithm: each constraint is guarded by a selector literal in the CP-SAT model of
:mod:`accord.analysis.cpsat_model`. First, solve with every selector as an *assumption*;
if that is infeasible, CP-SAT names a set of assumptions that is infeasible on its own (an
unsatisfiable core), and every correction set must relax one of them, which is added as a
clause. Then enumerate smallest first, as the first phase of Liffiton & Sakallah's CAMUS
does: maximise the number of enforced constraints; the relaxed ones form a correction set
of minimum size among those not yet blocked, hence minimal; block it and its supersets with
the clause "enforce at least one of them" and solve again. The agreement of each solve is
the witness of its correction set: it breaks exactly the constraints the set relaxes.

Time limit (:mod:`accord.analysis.budget`, 60 s by default, one budget for the whole
diagnosis). Only solves that end proven count: a correction set from a solve cut short
might not be minimal. When the time passes before the sets and their examples are all
found, TimeLimitError names the sets found so far (each exact and minimal), since
returning them as the answer would claim that there are no others. A witness whose solve
is cut short is the best example the solver found (it still breaks exactly its set).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ortools.sat.python import cp_model

from accord.analysis.budget import TIME_LIMIT, Deadline, DeadlinePassed, Progress, TimeLimit, as_deadline, report
from accord.analysis.common import resolve_disagreement
from accord.analysis.cpsat_model import (
    AgreementModel,
    Stopped,
    build_model,
    check_status,
    make_solver,
    solve_required,
)
from accord.analysis.results import Diagnosis, Outcome, Relaxation, RelaxationKind
from accord.errors import AnalysisError, TimeLimitError
from accord.model import Link, RedLine, Scenario

LEVEL_CAP = 10
"""How many times ``max_sets`` correction sets the enumeration looks at to finish a size."""


def diagnose(
    scenario: Scenario,
    disagreement: Sequence[float] | None = None,
    *,
    max_sets: int = 10,
    time_limit: TimeLimit = TIME_LIMIT,
    progress: Progress | None = None,
) -> Diagnosis:
    """Whether any agreement respects every red line, link and reservation cut, and if none
    does, the ``max_sets`` smallest minimal correction sets, each with a witness agreement
    [Liffiton & Sakallah 2008; Marques-Silva et al. 2013] (algorithm: module docstring).

    ``disagreement`` replaces the reservation values (one per rated party). The sets come
    smallest first, then in the order of the constraints (party order; red lines, links,
    reservation). ``time_limit``: seconds for the whole diagnosis, a shared Deadline, or
    None (what happens when it passes: module docstring); ``progress(message, fraction)``
    hears of every set found. Raises AnalysisError for a wrong ``disagreement`` or
    ``max_sets`` < 1, TimeLimitError when the time passes before an answer.
    """
    if max_sets < 1:
        raise AnalysisError(f"max_sets must be at least 1, not {max_sets}")
    d = resolve_disagreement(scenario, disagreement)
    deadline = as_deadline(time_limit)
    am = build_model(scenario, d, relaxable=True, deadline=deadline)
    selectors = [g.literal for g in am.guards]
    am.model.add_assumptions(selectors)
    solver = make_solver(deadline)
    status = solver.solve(am.model)
    am.model.clear_assumptions()
    if status not in (cp_model.INFEASIBLE, cp_model.OPTIMAL) and deadline.seconds is not None:
        raise _too_slow(deadline, scenario, am, [], max_sets, decided=False)
    if status != cp_model.INFEASIBLE:
        check_status(solver, status)
        try:
            witness = _witness(am, ())
        except DeadlinePassed:  # the first solve's agreement is an example too
            witness = am.outcome(am.found(solver))
        return Diagnosis(True, witnesses=(witness,), parties=scenario.rated_parties)
    core = set(solver.sufficient_assumptions_for_infeasibility())
    if not core:
        return Diagnosis(False, parties=scenario.rated_parties)
    found: list[tuple[int, ...]] = []
    examples = build_model(scenario, d, relaxable=True, deadline=deadline)
    try:
        minimal_corrections(am, core, max_sets, found, progress)
        witnesses = tuple(_witness(examples, relaxed) for relaxed in found)
    except DeadlinePassed:
        raise _too_slow(deadline, scenario, am, found, max_sets) from None
    return Diagnosis(
        False,
        corrections=tuple(tuple(_relaxation(am, i) for i in relaxed) for relaxed in found),
        witnesses=witnesses,
        parties=scenario.rated_parties,
    )


def _too_slow(
    deadline: Deadline,
    scenario: Scenario,
    am: AgreementModel,
    found: Sequence[tuple[int, ...]],
    max_sets: int,
    *,
    decided: bool = True,
) -> TimeLimitError:
    """The TimeLimitError of a diagnosis cut short, naming the correction sets found;
    ``decided`` says whether it was known that no agreement respects every constraint."""
    limit = deadline.described()
    advice = "give a longer time limit, or analyse fewer points or parties at a time"
    if not decided:
        return TimeLimitError(
            "whether any agreement respects every red line, link and reservation value could not be decided "
            f"within the time limit of {limit}; {advice}",
            seconds=deadline.seconds or 0.0,
        )
    if not found:
        return TimeLimitError(
            f"no agreement respects every {_kinds(scenario)}, and no way to open one was found within the time "
            f"limit of {limit}; {advice}",
            seconds=deadline.seconds or 0.0,
        )
    sets = "; or ".join(_set_text(scenario, [_relaxation(am, i) for i in relaxed]) for relaxed in found)
    return TimeLimitError(
        f"no agreement respects every {_kinds(scenario)}; within the time limit of {limit} it was found to open "
        f"if {sets} {'is' if len(found) == 1 and len(found[0]) == 1 else 'are'} relaxed, but the search for the "
        f"{max_sets} smallest ways (and an example of each) did not finish, so there may be others as small; "
        "give a longer time limit or ask for fewer ways",
        seconds=deadline.seconds or 0.0,
    )


def minimal_corrections(
    am: AgreementModel,
    core: Collection[int],
    max_sets: int,
    found: list[tuple[int, ...]],
    progress: Progress | None = None,
) -> bool:
    """The minimal correction sets of ``am`` into ``found``, as guard indices: the
    ``max_sets`` smallest, equal sizes in guard order (algorithm: module docstring).

    ``am`` is built with ``relaxable=True`` (hard constraints may be added to it, as the
    core of the deal adds "this point takes another option") and is infeasible with every
    guard on; ``core`` holds the variable indices of an unsatisfiable core of its guards.
    Returns whether ``found`` holds every minimal correction set (False: there are more).
    Raises DeadlinePassed when the model's deadline passes, ``found`` then holding the
    sets found so far (each minimal, in no particular order).
    """
    selectors = [g.literal for g in am.guards]
    am.model.add_bool_or([~s for s in selectors if s.index in core])
    am.model.maximize(sum(selectors))
    every = _enumerate(am, max_sets, found, progress)
    found[:] = sorted(found, key=lambda relaxed: (len(relaxed), relaxed))
    every = every and len(found) <= max_sets
    del found[max_sets:]
    return every


def _enumerate(am: AgreementModel, max_sets: int, found: list[tuple[int, ...]], progress: Progress | None) -> bool:
    """Minimal correction sets (guard indices) into ``found``, smallest first (the caller
    sorts them by size, then constraint order); True when the enumeration ran out of sets,
    False when it stopped at the cap; DeadlinePassed when the model's deadline passes.

    Once ``max_sets`` are found, the sets of the last size are still collected (up to
    ``LEVEL_CAP * max_sets`` in all) so that the choice among equal sizes is by order.
    """
    selectors = [g.literal for g in am.guards]
    while len(found) < LEVEL_CAP * max_sets:
        if am.deadline is not None:
            am.deadline.check()
        solver = make_solver(am.deadline)
        status = solver.solve(am.model)
        if status == cp_model.INFEASIBLE:
            return True
        if status != cp_model.OPTIMAL and am.deadline is not None and am.deadline.seconds is not None:
            raise Stopped(None)
        check_status(solver, status)
        relaxed = tuple(i for i, s in enumerate(selectors) if not solver.boolean_value(s))
        if len(found) >= max_sets and len(relaxed) > len(found[max_sets - 1]):
            return False
        found.append(relaxed)
        am.model.add_bool_or([selectors[i] for i in relaxed])
        report(progress, f"{len(found)} ways to open an agreement found", len(found) / max_sets)
    return False


def _witness(am: AgreementModel, relaxed: Sequence[int]) -> Outcome:
    """An example agreement for a correction set (guard indices): it respects every other
    constraint and gives the parties whose reservation the set relaxes as much as it can, so
    the example shows how far they must come down (without such parties: the largest total).
    It breaks every constraint of the set, or a smaller set would do. Past the model's
    deadline: the best example the solver found (DeadlinePassed when none)."""
    parties = am.scenario.rated_parties
    focus = []
    for i, g in enumerate(am.guards):
        g.literal.with_domain(cp_model.Domain(0, 1) if i in relaxed else cp_model.Domain(1, 1))
        if i in relaxed and g.kind is RelaxationKind.RESERVATION:
            focus.append(am.utility[parties.index(g.party)])
    am.model.maximize(sum(focus or am.utility))
    try:
        return am.outcome(solve_required(am))
    except Stopped as stop:
        if stop.found is None:
            raise
        return am.outcome(stop.found)


def _relaxation(am: AgreementModel, index: int) -> Relaxation:
    """The Relaxation of guard ``index``."""
    g = am.guards[index]
    return Relaxation(g.party, g.kind, g.description)


def explain(diagnosis: Diagnosis, scenario: Scenario) -> list[str]:
    """Sentences a mediator reads: whether a deal is possible and, if not, what opens one.

    Uses party names and point titles, e.g. "No agreement respects every red line and
    reservation value.", "It opens if one of these is relaxed: Russia's red line on
    Territory (territory=contact-line), or Ukraine's red line on Army size
    (army-cap<600,000).", then one example agreement per correction set with what each party
    gets: the points whose relaxed red lines or links it crosses, or the whole agreement
    when the set relaxes reservation values only.
    """
    limits = _kinds(scenario)
    if diagnosis.feasible:
        sentences = [f"An agreement respects every {limits}."]
        for witness in diagnosis.witnesses[:1]:
            sentences.append(
                f"One of them: {_agreement_text(scenario, witness, None)} ({_utilities_text(scenario, witness)})."
            )
        return sentences
    if not diagnosis.corrections:
        return [
            f"No agreement respects every {limits}, and relaxing them does not help: "
            "some point has no option to choose."
        ]
    sets = [_set_text(scenario, c) for c in diagnosis.corrections]
    if len(sets) == 1:
        verb = "is" if len(diagnosis.corrections[0]) == 1 else "are"
        opens = f"It opens only if {sets[0]} {verb} relaxed."
    else:
        joint = "; or " if any(len(c) > 1 for c in diagnosis.corrections) else ", or "
        opens = f"It opens if one of these is relaxed: {joint.join(sets)}."
    sentences = [f"No agreement respects every {limits}.", opens]
    for text, c, witness in zip(sets, diagnosis.corrections, diagnosis.witnesses, strict=False):
        points = {p for r in c for p in _points_of(_source(scenario, r))}
        crossing = _agreement_text(scenario, witness, points or None)
        shown = f"{crossing}; " if crossing else ""
        sentences.append(
            f"For example, relaxing {text} allows an agreement with {shown}{_utilities_text(scenario, witness)}."
        )
    return sentences


def _kinds(scenario: Scenario) -> str:
    """The kinds of constraint the scenario has, as "red line, link and reservation value"."""
    prefs = [scenario.preferences[p] for p in scenario.rated_parties]
    kinds = ["red line"] if any(p.red_lines for p in prefs) else []
    kinds += ["link"] if any(p.links for p in prefs) else []
    kinds.append("reservation value")
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


def _set_text(scenario: Scenario, relaxations: Sequence[Relaxation]) -> str:
    """One correction set in words: "A", "A and B together", "A, B and C together"."""
    parts = [_relaxation_text(scenario, r) for r in relaxations]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]} together"


def _relaxation_text(scenario: Scenario, r: Relaxation) -> str:
    """One relaxation in words, as "Russia's red line on Territory (territory=recognise)"."""
    who = _possessive(_party_name(scenario, r.party))
    source = _source(scenario, r)
    if isinstance(source, RedLine):
        return f"{who} red line on {_title(scenario, source.point)} ({r.description})"
    if isinstance(source, Link):
        between = f"{_title(scenario, source.point)} and {_title(scenario, source.requires_point)}"
        return f"{who} link between {between} ({r.description})"
    if r.kind is RelaxationKind.RESERVATION:
        return f"{who} reservation value ({r.description.removeprefix('reservation ')})"
    return f"{who} {r.kind.value.replace('_', ' ')} {r.description}"


def _possessive(name: str) -> str:
    """The possessive of a name: "Russia's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _source(scenario: Scenario, r: Relaxation) -> RedLine | Link | None:
    """The red line or link ``r`` describes, from the scenario's preferences."""
    prefs = scenario.preferences.get(r.party)
    if prefs is None:
        return None
    if r.kind is RelaxationKind.RED_LINE:
        return next((x for x in prefs.red_lines if x.describe() == r.description), None)
    if r.kind is RelaxationKind.LINK:
        return next((x for x in prefs.links if x.describe() == r.description), None)
    return None


def _points_of(source: RedLine | Link | None) -> tuple[str, ...]:
    """The points a red line or link is about."""
    if isinstance(source, RedLine):
        return (source.point,)
    if isinstance(source, Link):
        return (source.point, source.requires_point)
    return ()


def _party_name(scenario: Scenario, party_id: str) -> str:
    """The party's name, or its id when the scenario does not list it."""
    try:
        return scenario.party(party_id).name
    except KeyError:
        return party_id


def _title(scenario: Scenario, point_id: str) -> str:
    """The point's title, or its id when it has none."""
    try:
        return scenario.point(point_id).title or point_id
    except KeyError:
        return point_id


def _agreement_text(scenario: Scenario, outcome: Outcome, only: set[str] | None) -> str:
    """An agreement as "Territory: contact-line; Army size: 600,000 troops" (only the points
    in ``only``, or all of them)."""
    parts = []
    for point in scenario.points:
        if point.id in outcome.agreement and (only is None or point.id in only):
            value = point.describe(outcome.agreement[point.id])
            parts.append(f"{point.title or point.id}: {value}")
    return "; ".join(parts)


def _utilities_text(scenario: Scenario, outcome: Outcome) -> str:
    """Each party's utility, as "utilities Russia 0.62, Ukraine 0.41"."""
    named = zip(scenario.rated_parties, outcome.utilities, strict=True)
    return "utilities " + ", ".join(f"{_party_name(scenario, p)} {u:.2f}" for p, u in named)
