"""A small scenario for the figures: three bargainers, a mediator whose utility is reported
(not bargaining), an observer without preferences, drafts complete and open, stances
reported, inferred and carried."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.api import Analysis, Case
from accord.plots import PlotData

SCENARIO = """\
accord: 1
title: Three-way river treaty
parties:
  - {id: up, name: Upstream, role: signatory}
  - {id: down, name: Downstream, role: signatory}
  - {id: delta, name: Delta province, role: guarantor}
  - {id: med, name: River commission, role: mediator}
  - {id: press, name: Press, role: observer}
points:
  - id: dam
    title: Dam height
    options: [{id: low, text: Low}, {id: mid, text: Middle}, {id: high, text: High}]
  - id: quota
    title: Water quota
    options: [{id: fixed, text: Fixed}, {id: share, text: Shared}]
  - id: fund
    title: Fund
    range: {min: 0, max: 4, step: 1, unit: M}
drafts:
  - {id: d1, title: First, choices: {dam: low, quota: fixed, fund: 1}}
  - {id: d2, title: Second, parent: d1, choices: {dam: mid, quota: share}}
  - {id: d3, title: Third, parent: d2, choices: {quota: fixed}}
"""
STANCES = """\
stances:
  - {party: down, draft: d2, point: fund, stance: accept, basis: inferred, reason: "said the fund was fine"}
  - {party: up, draft: d3, point: dam, stance: accept, basis: reported,
     source: {quote: "The dam is acceptable", speaker: minister, date: 2026-01-02}}
  - {party: down, draft: d3, point: dam, stance: unacceptable, basis: inferred, reason: "read from a speech"}
  - {party: delta, draft: d3, point: quota, stance: amend, proposal: share, basis: inferred, reason: "a hint"}
  - {party: press, draft: d3, point: fund, stance: criticise}
  - {party: med, draft: d3, stance: criticise, note: "whole text"}
"""
PREFERENCES = """\
preferences:
  up:
    reservation: 0.1
    weights: {dam: 5, quota: 3, fund: 2}
    ratings: {dam: {low: 0, mid: 60, high: 100}, quota: {fixed: 100, share: 30}, fund: {0: 100, 4: 0}}
  down:
    reservation: 0.15
    weights: {dam: 4, quota: 4, fund: 1}
    ratings: {dam: {low: 100, mid: 50, high: 0}, quota: {fixed: 0, share: 100}, fund: {0: 0, 4: 100}}
  delta:
    reservation: 0.05
    weights: {dam: 1, quota: 2, fund: 6}
    ratings: {dam: {low: 80, mid: 100, high: 10}, quota: {fixed: 40, share: 70}, fund: {0: 0, 4: 100}}
  med:
    reservation: 0.3
    weights: {dam: 2, quota: 1, fund: 1}
    ratings: {dam: {low: 20, mid: 100, high: 50}, quota: {fixed: 0, share: 100}, fund: {0: 100, 4: 0}}
"""
TEXT = SCENARIO + STANCES + PREFERENCES
BARGAINERS = ("up", "down", "delta")
RATED = ("up", "down", "delta", "med")


@pytest.fixture(scope="session")
def scenario_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plots") / "river.yaml"
    path.write_text(TEXT)
    return path


@pytest.fixture(scope="session")
def case(scenario_path: Path) -> Case:
    return accord.load(scenario_path)


@pytest.fixture(scope="session")
def analysis(case: Case) -> Analysis:
    return case.analyze()


@pytest.fixture(scope="session")
def data(case: Case, analysis: Analysis) -> PlotData:
    s = case.scenario
    return PlotData(
        frontier=analysis.frontier,
        solutions=analysis.solutions,
        drafts=analysis.drafts,
        proposals=case.propose("d2", n=2),
        no_deal=analysis.no_deal,
        names={p.id: p.name for p in s.parties},
        title=s.title,
    )
