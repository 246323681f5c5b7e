"""A figure drawn for some parties carries no utility of any other party: not in a trace,
a hover text, a label or a title, neither in the figure's JSON nor in the HTML.

Every utility of the hidden party is first replaced by a sentinel (7.77701, 7.77702, ...;
no real utility is above 1), so that any trace of it, at any precision, shows as ``7.77``.
Each test also draws the figure with the hidden party allowed, and sees the sentinels: the
check can fail."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

import pytest

from accord.analysis.results import Outcome, Solution
from accord.plots import Figure, PlotData, frontier_figure, html_fragment, parties_figure

SENTINEL = "7.77"


def _numbers() -> Iterator[float]:
    for i in itertools.count(1):
        yield round(7.777 + i * 1e-5, 5)


def hidden(data: PlotData, party: str) -> PlotData:
    """``data`` with every utility of ``party`` replaced by a sentinel."""
    fresh = _numbers()

    def outcome(o: Outcome, of: tuple[str, ...]) -> Outcome:
        if party not in of:
            return o
        u = list(o.utilities)
        u[of.index(party)] = next(fresh)
        return o._replace(utilities=tuple(u))

    def reported(r: object) -> dict[str, float]:
        return {p: next(fresh) if p == party else v for p, v in dict(r).items()}  # type: ignore[call-overload]

    f = data.frontier
    assert f is not None
    assert data.solutions is not None
    frontier = dataclasses.replace(
        f, outcomes=tuple(outcome(o, f.parties) for o in f.outcomes), reported=tuple(reported(r) for r in f.reported)
    )

    def solution(s: Solution | None) -> Solution | None:
        if s is None:
            return None
        return dataclasses.replace(s, outcome=outcome(s.outcome, data.solutions.parties), reported=reported(s.reported))

    solutions = dataclasses.replace(data.solutions, **{k: solution(v) for k, v in data.solutions.found().items()})
    drafts = []
    for d in data.drafts:
        i = d.parties.index(party)
        low, high = list(d.low), list(d.high)
        low[i], high[i] = next(fresh), next(fresh)
        drafts.append(dataclasses.replace(d, low=tuple(low), high=tuple(high)))
    proposals = [
        dataclasses.replace(p, outcome=outcome(p.outcome, p.parties), reported=reported(p.reported))
        for p in data.proposals
    ]
    no_deal = reported(data.no_deal)
    return dataclasses.replace(
        data, frontier=frontier, solutions=solutions, drafts=drafts, proposals=proposals, no_deal=no_deal
    )


def texts(fig: Figure) -> list[str]:
    return [fig.to_json(), html_fragment(fig)]


@pytest.mark.parametrize("secret", ["delta", "med", "up"])
def test_the_frontier_figure_shows_only_its_parties(data: PlotData, secret: str) -> None:
    masked = hidden(data, secret)
    shown = [p for p in ("up", "down", "delta", "med") if p != secret]
    axes = (shown[0], shown[1])
    for text in texts(frontier_figure(masked, axes, parties=axes)):
        assert SENTINEL not in text
        assert data.names[secret] not in text
    leaky = frontier_figure(masked, (secret, axes[0]), parties=[secret, *axes])
    assert all(SENTINEL in text for text in texts(leaky))  # the sentinels are there when allowed


@pytest.mark.parametrize("secret", ["delta", "med", "down"])
def test_the_all_parties_chart_shows_only_its_parties(data: PlotData, secret: str) -> None:
    masked = hidden(data, secret)
    for shown in (["up"], [p for p in ("up", "down", "delta", "med") if p != secret]):
        for text in texts(parties_figure(masked, parties=shown)):
            assert SENTINEL not in text
            assert data.names[secret] not in text
    leaky = parties_figure(masked, parties=["up", secret])
    assert all(SENTINEL in text for text in texts(leaky))


def test_every_utility_of_the_hidden_party_was_replaced(data: PlotData) -> None:
    masked = hidden(data, "med")
    assert masked.no_deal["med"] > 7
    assert all(r["med"] > 7 for r in masked.frontier.reported)
    assert all(d.low[d.parties.index("med")] > 7 for d in masked.drafts)
    assert all(p.reported["med"] > 7 for p in masked.proposals)
    assert all(s.reported["med"] > 7 for s in masked.solutions.found().values())
