"""accord.batch: one executor, the same numbers with one process, a local pool or a Dask cluster."""

from __future__ import annotations

import concurrent.futures
import pickle
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any

import dask
import distributed
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord import batch_carry
from accord.batch import DaskCluster, Executor, LocalPool, Serial, chunks, executor, seeds
from accord.errors import BatchError, MissingExtraError, ModelError, TimeLimitError
from unit import batch_tasks


def local_cluster(workers: int) -> distributed.LocalCluster:
    """A scheduler and ``workers`` worker processes, every server (the HTTP ones too) on
    127.0.0.1 and a free port (``dashboard_address=None`` would still take port 8787)."""
    return distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """Two worker processes and a scheduler, stopped after the module's tests."""
    with local_cluster(2) as local:
        yield local


@pytest.fixture(scope="module")
def pool() -> Iterator[LocalPool]:
    with LocalPool(2) as local:
        yield local


@pytest.fixture(params=["serial", "pool", "dask"])
def any_executor(request: pytest.FixtureRequest) -> Iterator[Executor]:
    """Each executor in turn (the pool and the cluster shared by the module's tests)."""
    if request.param == "serial":
        yield Serial()
    elif request.param == "pool":
        yield request.getfixturevalue("pool")
    else:
        with DaskCluster(request.getfixturevalue("cluster")) as on_cluster:
            yield on_cluster


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# chunks and seeds


@given(st.integers(0, 5_000), st.integers(1, 700))
def test_chunks_cover_every_task_once_in_order(total: int, size: int) -> None:
    parts = chunks(total, size)
    assert [i for part in parts for i in part] == list(range(total))
    assert all(len(part) == size for part in parts[:-1])
    assert all(1 <= len(part) <= size for part in parts)


def test_chunks_of_nothing() -> None:
    assert chunks(0, 10) == []
    assert chunks(3, 10) == [range(3)]


@pytest.mark.parametrize(("total", "size", "message"), [(-1, 2, "not -1"), (5, 0, "chunk size is 1 or more")])
def test_chunks_refuse_bad_sizes(total: int, size: int, message: str) -> None:
    with pytest.raises(BatchError, match=message):
        chunks(total, size)


@given(st.integers(0, 2**64), st.integers(1, 40), st.integers(1, 40))
def test_seed_k_is_the_same_whatever_the_count(seed: int, count: int, other: int) -> None:
    few, many = seeds(seed, count), seeds(seed, other)
    for k in range(min(count, other)):
        assert few[k].generate_state(4).tolist() == many[k].generate_state(4).tolist()


def test_seeds_are_distinct_streams() -> None:
    states = {tuple(child.generate_state(4).tolist()) for child in seeds(2026, 500)}
    assert len(states) == 500
    assert seeds(2026, 0) == []


@pytest.mark.parametrize(("seed", "count", "message"), [(-1, 2, "seed is an integer 0 or more"), (1, -2, "not -2")])
def test_seeds_refuse_negative_values(seed: int, count: int, message: str) -> None:
    with pytest.raises(BatchError, match=message):
        seeds(seed, count)


# choosing an executor


def test_executor_for_one_process_or_a_pool() -> None:
    assert isinstance(executor(), Serial)
    assert isinstance(executor(workers=1), Serial)
    with executor(workers=3) as pool:
        assert isinstance(pool, LocalPool)
        assert pool.description == "local pool of 3 processes"
    assert Serial().description == "1 process"


@pytest.mark.parametrize("workers", [0, -2, True])
def test_executor_needs_one_worker_or_more(workers: int) -> None:
    with pytest.raises(BatchError, match=r"workers=.*: give 1 or more \(1 runs in this process\)"):
        executor(workers=workers)


def test_executor_refuses_a_pool_and_a_scheduler() -> None:
    with pytest.raises(BatchError, match="choose one: 2 local worker processes or the Dask scheduler at tcp://"):
        executor(workers=2, scheduler="tcp://127.0.0.1:8786")


def test_executor_for_a_scheduler(cluster: distributed.LocalCluster) -> None:
    with executor(scheduler=cluster.scheduler_address) as on_cluster:
        assert isinstance(on_cluster, DaskCluster)
        assert on_cluster.description == f"Dask cluster at {cluster.scheduler_address} (2 workers)"
        assert on_cluster.map(batch_tasks.square, [1, 2, 3]) == [1, 4, 9]


# the same results everywhere


def test_the_same_numbers_bit_for_bit_on_every_executor(cluster: distributed.LocalCluster) -> None:
    parts = chunks(1_000, 64)
    tasks = list(zip(parts, seeds(2026, len(parts)), strict=True))
    expected = [part.tobytes() for part in Serial().map(batch_tasks.draws, tasks)]
    assert len(b"".join(expected)) == 1_000 * 8
    runs: list[Executor] = [LocalPool(2), LocalPool(3), DaskCluster(cluster)]
    for run in runs:
        with run:
            assert [part.tobytes() for part in run.map(batch_tasks.draws, tasks)] == expected, run.description


def test_results_come_in_task_order(any_executor: Executor) -> None:
    assert any_executor.map(batch_tasks.square, range(50)) == [n * n for n in range(50)]
    assert any_executor.map(batch_tasks.square, []) == []


def test_progress_counts_up_to_the_total(any_executor: Executor) -> None:
    calls: list[tuple[int, int]] = []
    any_executor.map(batch_tasks.square, range(20), progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 20)
    assert calls[-1] == (20, 20)
    assert [done for done, _ in calls] == list(range(21))
    assert {total for _, total in calls} == {20}


def test_progress_of_no_tasks(any_executor: Executor) -> None:
    calls: list[tuple[int, int]] = []
    any_executor.map(batch_tasks.square, [], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 0)]


# errors raised by tasks


def test_an_accord_error_keeps_its_type_and_attributes(any_executor: Executor) -> None:
    with pytest.raises(TimeLimitError, match="task 3 ran out of time") as raised:
        any_executor.map(batch_tasks.time_limit_at_3, range(6))
    assert raised.value.seconds == 1.5
    assert f"in task 3 of 6 ({any_executor.description})" in raised.value.__notes__


def test_an_error_pickle_rebuilds_keeps_its_type(any_executor: Executor) -> None:
    with pytest.raises(ModelError, match="weights of task 2 do not sum to 1"):
        any_executor.map(batch_tasks.model_error_at_2, range(4))


def test_an_error_that_cannot_travel_becomes_a_batch_error(pool: LocalPool, cluster: distributed.LocalCluster) -> None:
    with DaskCluster(cluster) as on_cluster:
        for run in (pool, on_cluster):
            with pytest.raises(BatchError, match="a task raised Unpicklable: task 1 failed"):
                run.map(batch_tasks.unpicklable_at_1, range(3))
    with pytest.raises(batch_tasks.Unpicklable):
        Serial().map(batch_tasks.unpicklable_at_1, range(3))


def sent_back(fn: Callable[[int], int], task: int) -> BaseException:
    """What the caller raises when ``fn(task)`` fails in a worker: the worker's wrapper run
    here (where coverage sees it), its exception pickled and unpickled, then restored."""
    try:
        batch_carry.portable_call(fn, task)
    except Exception as raised:
        return batch_carry.restored(pickle.loads(pickle.dumps(raised)), "in task 0 of 1 (test)")
    raise AssertionError("the task did not fail")


def test_what_a_worker_sends_back() -> None:
    limit = sent_back(batch_tasks.time_limit_at_3, 3)
    assert isinstance(limit, TimeLimitError)
    assert (str(limit), limit.seconds, limit.__notes__) == ("task 3 ran out of time", 1.5, ["in task 0 of 1 (test)"])
    assert isinstance(sent_back(batch_tasks.model_error_at_2, 2), ModelError)
    unpicklable = sent_back(batch_tasks.unpicklable_at_1, 1)
    assert (type(unpicklable), str(unpicklable)) == (BatchError, "a task raised Unpicklable: task 1 failed")
    stubborn = sent_back(batch_tasks.stubborn, 4)
    assert (type(stubborn), str(stubborn)) == (BatchError, "a task raised Stubborn: ('task 4 failed',)")


def test_a_task_the_scheduler_lost_is_one_clear_error(cluster: distributed.LocalCluster) -> None:
    class Lost:
        def result(self) -> None:
            raise concurrent.futures.CancelledError("scheduler-connection-lost")

    with (
        DaskCluster(cluster) as on_cluster,
        pytest.raises(
            BatchError, match=r"^the Dask scheduler stopped, or cancelled the work, in task 2 of 5; check the scheduler"
        ),
    ):
        on_cluster._raise_failure(Lost(), "in task 2 of 5")


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    with LocalPool(2) as pool:
        with pytest.raises(BatchError, match="a worker process of the local pool of 2 processes died"):
            pool.map(batch_tasks.dies_at_1, range(4))
        assert pool.map(batch_tasks.square, range(4)) == [0, 1, 4, 9]


def test_a_dask_worker_that_dies_is_reported() -> None:
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        local_cluster(1) as local,
        DaskCluster(local) as on_cluster,
        pytest.raises(BatchError, match=r"^Dask workers died in task [012] of 3 \(Dask cluster at tcp://127"),
    ):
        on_cluster.map(batch_tasks.dies_at_1, range(3))


def test_the_pool_refuses_a_function_processes_cannot_load(pool: LocalPool) -> None:
    with pytest.raises(BatchError, match=r"cannot be sent to worker processes.*top level of a module"):
        pool.map(lambda n: n, range(3))


def test_the_pool_refuses_a_function_typed_into_a_session(pool: LocalPool, monkeypatch: pytest.MonkeyPatch) -> None:
    def typed_in(n: int) -> int:
        return n

    typed_in.__module__ = "__main__"
    monkeypatch.delattr(sys.modules["__main__"], "__file__", raising=False)
    with pytest.raises(BatchError, match="defined in a notebook or an interactive session"):
        pool.map(typed_in, range(3))


# connecting to a cluster


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(BatchError) as raised:
        DaskCluster(address, timeout=0.5)
    message = str(raised.value)
    assert message.startswith(f"no Dask scheduler answered at {address} within 0.5 s; start one")
    assert "check the address" in message
    assert "\n" not in message
    assert raised.value.address == address


def test_a_scheduler_without_workers_is_one_clear_error() -> None:
    with (
        local_cluster(0) as empty,
        pytest.raises(BatchError, match=r"has no worker after 0.5 s; start some with `dask worker tcp://127\.0\.0\.1"),
    ):
        DaskCluster(empty, timeout=0.5)


def test_a_client_given_is_used_and_left_open(cluster: distributed.LocalCluster) -> None:
    with distributed.Client(cluster, set_as_default=False) as client:
        with DaskCluster(client=client) as on_cluster:
            assert on_cluster.map(batch_tasks.square, [4]) == [16]
        assert client.status == "running"


@pytest.mark.parametrize("arguments", [{}, {"address": "tcp://127.0.0.1:8786", "client": object()}])
def test_a_dask_cluster_needs_an_address_or_a_client(arguments: dict[str, Any]) -> None:
    with pytest.raises(BatchError, match="needs a scheduler address or a client: give exactly one"):
        DaskCluster(**arguments)


def test_without_dask_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"a Dask cluster needs dask.distributed.*accord\[cluster\]") as raised:
        executor(scheduler="tcp://127.0.0.1:8786")
    assert raised.value.extra == "cluster"


def test_serial_calls_the_function_itself_in_order() -> None:
    seen: list[int] = []

    def record(n: int) -> int:  # a local function: nothing is pickled
        seen.append(n)
        return -n

    assert Serial().map(record, [3, 1, 2]) == [-3, -1, -2]
    assert seen == [3, 1, 2]
    assert np.array_equal(Serial().map(batch_tasks.draws, [(range(2), seeds(1, 1)[0])])[0].shape, (2,))
