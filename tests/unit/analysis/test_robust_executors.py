"""The same seed gives the same numbers, bit for bit, in this process, on a local pool and
on a real Dask cluster (a LocalCluster on 127.0.0.1), whatever the number of workers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import distributed
import pytest
from tests.strategies import make_scenario

import accord
from accord.batch import DaskCluster, LocalPool, Serial
from accord.model import CategoricalRating, Draft, Normal, Preferences, RedLine, Uncertain, Uniform


def _scenario() -> accord.model.Scenario:
    a = Preferences(
        "a",
        {"p": 1.0, "q": 2.0, "r": 1.0},
        {
            "p": CategoricalRating({"x": 100.0, "y": 40.0, "z": 0.0}),
            "q": CategoricalRating({"u": 70.0, "v": 20.0}),
            "r": CategoricalRating({"m": 10.0, "n": 90.0}),
        },
        reservation=0.5,
        red_lines=(RedLine("p", option="z", probability=0.6),),
        uncertain=(Uncertain("reservation", Uniform(0.3, 0.7)), Uncertain("weight", Normal(2.0, 0.5), "q")),
    )
    b = Preferences(
        "b",
        {"p": 2.0, "q": 1.0, "r": 1.0},
        {
            "p": CategoricalRating({"x": 0.0, "y": 60.0, "z": 100.0}),
            "q": CategoricalRating({"u": 10.0, "v": 90.0}),
            "r": CategoricalRating({"m": 80.0, "n": 30.0}),
        },
        reservation=0.4,
        uncertain=(Uncertain("reservation", Uniform(0.2, 0.6)),),
    )
    drafts = [Draft(id="d1", choices={"p": "y", "q": "u"}), Draft(id="d2", choices={"p": "y", "q": "v", "r": "m"})]
    return make_scenario({"p": ["x", "y", "z"], "q": ["u", "v"], "r": ["m", "n"]}, [a, b], drafts=drafts)


OPTIONS = {"samples": 2500, "solution_samples": 40, "seed": 11}


@pytest.fixture(scope="module")
def serial() -> dict[str, object]:
    case = accord.Case(_scenario())
    return case.robust(**OPTIONS).json()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as local:
        yield local


def test_a_local_pool_gives_the_same_numbers(serial: dict[str, object]) -> None:
    case = accord.Case(_scenario())
    assert case.robust(workers=2, **OPTIONS).json() == serial  # type: ignore[arg-type]


def test_a_dask_cluster_gives_the_same_numbers(serial: dict[str, object], cluster: distributed.LocalCluster) -> None:
    case = accord.Case(_scenario())
    assert case.robust(scheduler=cluster.scheduler_address, **OPTIONS).json() == serial  # type: ignore[arg-type]


def test_executors_passed_in_give_the_same_numbers(
    serial: dict[str, object], cluster: distributed.LocalCluster
) -> None:
    from accord.api_robust import robust

    case = accord.Case(_scenario())
    assert robust(case, executor=Serial(), **OPTIONS).json() == serial  # type: ignore[arg-type]
    with LocalPool(1) as one:
        assert robust(case, executor=one, **OPTIONS).json() == serial  # type: ignore[arg-type]
    with DaskCluster(cluster) as dask:
        assert robust(case, executor=dask, **OPTIONS).json() == serial  # type: ignore[arg-type]


def test_the_numbers_are_probabilities_with_their_intervals(serial: dict[str, object]) -> None:
    drafts = serial["drafts"]
    assert isinstance(drafts, list)
    for row in drafts:
        lo, hi = row["ci"]
        assert 0 <= lo <= row["p_all"] <= hi <= 1
    assert dataclasses.is_dataclass(accord.analysis.robust.Robustness)
