"""A scenario's compiled groups with their utilities left open: one compile, many samples.

:func:`accord.analysis.compile.compile_scenario` groups the points tied by links and
interactions and lists each group's joint values; the groups do not depend on the numbers
of the preferences, so they are compiled once and each sample only recomputes the gains
(:meth:`Template.gains`). What a sample can change beyond the numbers are the uncertain
rules: a red line or link with a probability below 1 is left out of the compile (its
points are still tied, by an interaction of bonus 0, so that the rows it would remove
stay in one group) and becomes a *mask*, the rows it rules out, applied in the samples
where it holds; an uncertain interaction adds its bonus only in those samples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.common import FloatArray, IntArray
from accord.analysis.compile import CompiledPoint, CompiledProblem, compile_scenario
from accord.analysis.robust.sampling import BoolArray, Space
from accord.analysis.robust.tables import PartyTables
from accord.model import Interaction, Link, RedLine, Scenario, Value


@dataclass(frozen=True, eq=False)
class Term:
    """An interaction bonus of party column ``party`` earned by ``rows`` of a group (or, in
    :attr:`Template.offset_terms`, by every agreement); ``rule`` is its column in the
    draws' ``holds`` when it is uncertain, else -1."""

    party: int
    bonus: float
    rule: int
    rows: BoolArray | None = None


@dataclass(frozen=True, eq=False)
class Mask:
    """The rows of a group that an uncertain red line or link (``rule``: its column in the
    draws' ``holds``) rules out where it holds."""

    rule: int
    rows: BoolArray


@dataclass(frozen=True, eq=False)
class Group:
    """One compiled group: its points, joint values, for each point the index of each row's
    value among the point's values, its interaction terms and its masks."""

    points: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    columns: tuple[IntArray, ...]
    domains: tuple[tuple[Value, ...], ...]
    terms: tuple[Term, ...]
    masks: tuple[Mask, ...]


@dataclass(frozen=True, eq=False)
class Template:
    """A scenario compiled for sampling (module docstring). ``parties`` are the columns of
    the gains (the scenario's rated parties); ``point_ids`` in document order."""

    parties: tuple[str, ...]
    groups: tuple[Group, ...]
    offset_terms: tuple[Term, ...]
    point_ids: tuple[str, ...]
    outcome_count: int

    @classmethod
    def of(cls, scenario: Scenario, space: Space) -> Template:
        """Compile ``scenario`` (module docstring); raises as :func:`compile_scenario` does."""
        problem = compile_scenario(_certain(scenario))
        parties = problem.parties
        points = {p.id: p for p in scenario.points}
        uncertain_rules = _uncertain_rules(scenario, space)
        terms = _terms(scenario, space)
        groups = []
        for g in problem.groups:
            domains = tuple(points[p].values() for p in g.points)
            columns = tuple(
                np.array([domain.index(row[k]) for row in g.values], dtype=np.int64) for k, domain in enumerate(domains)
            )
            groups.append(
                Group(
                    points=g.points,
                    values=g.values,
                    columns=columns,
                    domains=domains,
                    terms=tuple(_group_terms(g, parties, terms)),
                    masks=tuple(_masks(g, uncertain_rules)),
                )
            )
        offset = tuple(Term(parties.index(party), k.bonus, rule) for party, k, rule in terms if not k.conditions)
        return cls(parties, tuple(groups), offset, problem.point_ids, problem.outcome_count)

    def gains(self, tables: Mapping[str, PartyTables], holds: BoolArray) -> tuple[list[FloatArray], FloatArray]:
        """Per group, ``(n, rows, parties)``: each joint value's contribution vector in each
        sample (member contributions summed in order, then the bonuses, as
        :func:`compile_scenario` does); and the always-earned bonuses, ``(n, parties)``."""
        n = len(holds)
        out = []
        for g in self.groups:
            gains = np.zeros((n, len(g.values), len(self.parties)))
            for i, party in enumerate(self.parties):
                t = tables[party]
                column = t.contributions(g.points[0], g.domains[0])[:, g.columns[0]]
                for k in range(1, len(g.points)):
                    column = column + t.contributions(g.points[k], g.domains[k])[:, g.columns[k]]
                gains[:, :, i] = column
            for term in g.terms:
                earned = np.ones(n, dtype=bool) if term.rule < 0 else holds[:, term.rule]
                if term.rows is not None:
                    gains[earned[:, None] & term.rows[None, :], term.party] += term.bonus
            out.append(gains)
        offset = np.zeros((n, len(self.parties)))
        for term in self.offset_terms:
            earned = np.ones(n, dtype=bool) if term.rule < 0 else holds[:, term.rule]
            offset[earned, term.party] += term.bonus
        return out, offset

    def low(self, tables: Mapping[str, PartyTables], holds: BoolArray) -> FloatArray:
        """``(n, parties)``: each party's least utility over the rows of every group (the
        least over the completions, as :func:`accord.analysis.drafts.draft_utility`
        defines it), summed over the groups in order. A group of one point without bonus
        terms takes the least contribution of its values directly (no table of rows)."""
        n = len(holds)
        total = np.zeros((n, len(self.parties)))
        for g in self.groups:
            if len(g.points) == 1 and not g.terms:
                values = [g.domains[0][j] for j in g.columns[0].tolist()]
                for i, party in enumerate(self.parties):
                    total[:, i] += tables[party].least(g.points[0], values)
                continue
            if len(g.values) == 1:  # one joint value (a decided group): its gains, no table
                for i, party in enumerate(self.parties):
                    t = tables[party]
                    for k, point in enumerate(g.points):
                        total[:, i] += t.contributions(point, g.domains[k])[:, int(g.columns[k][0])]
                for term in g.terms:
                    if term.rows is not None and term.rows[0]:
                        earned = np.ones(n, dtype=bool) if term.rule < 0 else holds[:, term.rule]
                        total[earned, term.party] += term.bonus
                continue
            for i, party in enumerate(self.parties):  # per party: a (1 or n, rows) table, its least row
                t = tables[party]
                column = t.contributions(g.points[0], g.domains[0])[:, g.columns[0]]
                for k in range(1, len(g.points)):
                    column = column + t.contributions(g.points[k], g.domains[k])[:, g.columns[k]]
                for term in g.terms:
                    if term.party != i or term.rows is None:
                        continue
                    if term.rule < 0:
                        column = column + np.where(term.rows, term.bonus, 0.0)
                    else:
                        column = column + np.where(holds[:, term.rule][:, None] & term.rows[None, :], term.bonus, 0.0)
                total[:, i] += column.min(axis=1)
        for term in self.offset_terms:
            earned = np.ones(n, dtype=bool) if term.rule < 0 else holds[:, term.rule]
            total[earned, term.party] += term.bonus
        return total

    def allowed(self, holds: BoolArray) -> list[BoolArray]:
        """Per group, ``(n, rows)``: the rows no uncertain rule that holds rules out."""
        out = []
        for g in self.groups:
            ok = np.ones((len(holds), len(g.values)), dtype=bool)
            for m in g.masks:
                ok &= ~(holds[:, m.rule][:, None] & m.rows[None, :])
            out.append(ok)
        return out

    def problem(
        self,
        s: int,
        gains: Sequence[FloatArray],
        offset: FloatArray,
        allowed: Sequence[BoolArray],
        order: Sequence[int],
    ) -> tuple[CompiledProblem, list[IntArray]]:
        """Sample ``s`` as a :class:`CompiledProblem` with its groups in ``order``, and per
        group (in that order) the template rows its rows are."""
        groups = []
        rows = []
        for j in order:
            g = self.groups[j]
            keep = np.flatnonzero(allowed[j][s])
            rows.append(keep)
            groups.append(
                CompiledPoint(points=g.points, values=tuple(g.values[r] for r in keep), gains=gains[j][s][keep])
            )
        problem = CompiledProblem(
            parties=self.parties,
            groups=tuple(groups),
            offset=offset[s],
            outcome_count=self.outcome_count,
            point_ids=self.point_ids,
        )
        return problem, rows

    def picks(self, agreement: Mapping[str, Value]) -> IntArray | None:
        """The row of every group that ``agreement`` (complete) picks; None when it picks a
        joint value some certain rule removed."""
        out = np.zeros(len(self.groups), dtype=np.int64)
        for j, g in enumerate(self.groups):
            key = tuple(agreement.get(p) for p in g.points)
            try:
                out[j] = g.values.index(key)
            except ValueError:
                return None
        return out


def _certain(scenario: Scenario) -> Scenario:
    """The scenario the groups are compiled from: uncertain red lines dropped, uncertain
    links replaced by a bonus-0 interaction tying their two points."""
    prefs = {}
    for party, p in scenario.preferences.items():
        ties = tuple(
            Interaction(((k.point, k.value), (k.requires_point, k.requires[0] if k.requires else k.value)), 0.0)
            for k in p.links
            if k.probability < 1 and k.requires_point != k.point
        )
        prefs[party] = dataclasses.replace(
            p,
            red_lines=tuple(r for r in p.red_lines if r.probability >= 1),
            links=tuple(k for k in p.links if k.probability >= 1),
            interactions=p.interactions + ties,
        )
    return dataclasses.replace(scenario, preferences=prefs)


def _uncertain_rules(scenario: Scenario, space: Space) -> list[tuple[int, RedLine | Link]]:
    """Every uncertain red line and link with its column in the draws' ``holds``."""
    out: list[tuple[int, RedLine | Link]] = []
    for party, p in scenario.preferences.items():
        for i, r in enumerate(p.red_lines):
            col = space.rule(party, "red_line", i)
            if col is not None and r.probability < 1:
                out.append((col, r))
        for i, k in enumerate(p.links):
            col = space.rule(party, "link", i)
            if col is not None and k.probability < 1:
                out.append((col, k))
    return out


def _terms(scenario: Scenario, space: Space) -> list[tuple[str, Interaction, int]]:
    """Every interaction of a rated party whose points all exist, with its rule column
    (-1 when certain), in the order :func:`compile_scenario` adds them."""
    ids = set(scenario.point_ids)
    out = []
    for party in scenario.rated_parties:
        for i, k in enumerate(scenario.preferences[party].interactions):
            if all(p in ids for p, _ in k.conditions):
                col = space.rule(party, "interaction", i)
                out.append((party, k, -1 if col is None or k.probability >= 1 else col))
    return out


def _group_terms(
    g: CompiledPoint, parties: tuple[str, ...], terms: Sequence[tuple[str, Interaction, int]]
) -> list[Term]:
    """The terms whose first condition lies in group ``g``, with the rows they apply to."""
    inside = set(g.points)
    out = []
    for party, k, rule in terms:
        if not k.conditions or k.conditions[0][0] not in inside:
            continue
        rows = np.array(
            [all(dict(zip(g.points, row, strict=True)).get(p) == v for p, v in k.conditions) for row in g.values],
            dtype=bool,
        )
        out.append(Term(parties.index(party), k.bonus, rule, rows))
    return out


def _masks(g: CompiledPoint, rules: Sequence[tuple[int, RedLine | Link]]) -> list[Mask]:
    """The masks of the uncertain rules on the points of group ``g``."""
    inside = set(g.points)
    out = []
    for col, rule in rules:
        if rule.point not in inside:
            continue
        rows = []
        for row in g.values:
            chosen = dict(zip(g.points, row, strict=True))
            if isinstance(rule, RedLine):
                rows.append(rule.excludes(chosen[rule.point]))
            elif rule.requires_point in inside or rule.requires_point == rule.point:
                rows.append(not rule.satisfied(chosen) and not _self_allowed(rule, chosen))
            else:  # its required point does not exist: the value is never allowed
                rows.append(chosen[rule.point] == rule.value)
        out.append(Mask(col, np.array(rows, dtype=bool)))
    return out


def _self_allowed(link: Link, chosen: Mapping[str, Value]) -> bool:
    """A link from a point to itself keeps its value when that value is required."""
    return link.requires_point == link.point and chosen[link.point] in link.requires
