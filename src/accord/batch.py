"""The one executor for batch work: many independent tasks, results in task order.

The robustness analysis runs thousands of independent preference samples, and tournaments
will run many negotiations; both hand their tasks to an :class:`Executor` made by
:func:`executor`, so there is one place that knows how work is spread over processes and
machines, and one set of tests that checks the numbers do not depend on it:

- :class:`Serial` (``workers=1``, the default): the calling process, no pickling;
- :class:`LocalPool` (``workers=N``): N worker processes on this machine;
- :class:`DaskCluster` (``scheduler="tcp://host:port"``): the workers of a Dask cluster
  [Rocklin2015]_, the ``cluster`` extra (``pip install 'accord[cluster]'``).

Every executor runs a picklable module-level function over a sequence of tasks and returns
its results in task order, whatever order the tasks finished in; ``progress(done, total)``
is called from the calling thread as tasks finish, from ``(0, total)`` to
``(total, total)``. An exception raised by the function in a worker reaches the caller with
its own type and attributes (accord's errors included, whose constructors pickle cannot
call again), with a note naming the task; the tasks not started yet are cancelled.

**Identical numbers whatever the executor.** A task is a *chunk* of samples, not one
sample (a task costs a pickle and a message, so per-sample tasks would spend more time in
the executor than in the analysis). :func:`chunks` cuts ``range(total)`` by a fixed
``size``: the chunks depend on the task list alone, never on the number of workers. Each
chunk draws its random numbers from its own stream, ``seeds(seed, len(chunks))[k]``:
:func:`seeds` spawns independent child seed sequences from one ``numpy.random.SeedSequence``,
the method numpy's documentation gives for parallel random number generation (its
"Parallel Random Number Generation" page: the children's states are hashed from the root
entropy and the child's index, so their streams do not overlap in practice). Child ``k`` is
the same whatever ``count`` is, so a run of 2,000 samples repeats the 1,000 samples of a
run of 1,000 (with a ``size`` that divides 1,000). One independent stream per task, fixed by
the task and not by the processing element that runs it, is what [LEcuyer2017]_ asks of
random numbers for parallel simulation. So the same chunks and seeds give the same numbers,
bit for bit, with one process, a local pool of any size or a cluster (whose workers have
the same numpy and accord).

**Processes are started with "spawn"**, not "fork": a forked child inherits the parent's
threads' locks in whatever state they were (OR-Tools, Dask's client and numpy's BLAS keep
threads), which can deadlock it; a spawned child is a fresh interpreter, the same on Linux,
macOS and Windows, and the same method Dask's worker processes use. Its cost, an
interpreter start and the imports of the task's module, is paid once per worker for the
lifetime of the pool. The function must therefore be importable by a fresh interpreter: a
module-level function of an installed module (pickled by reference), not a lambda nor a
function typed into a notebook. A script that makes a :class:`LocalPool` needs the usual
``if __name__ == "__main__":`` guard, since spawned children import it again.

>>> from accord.batch import chunks, executor, seeds
>>> with executor(workers=1) as run:
...     run.map(len, chunks(5, 2))
[2, 2, 1]
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Protocol, Self, TypeVar

import numpy as np

from accord.batch_carry import portable_call, restored
from accord.errors import BatchError

T = TypeVar("T")
R = TypeVar("R")

Step = Callable[[int, int], None]
"""``progress(done_tasks, total_tasks)``, called from the calling thread as tasks finish."""


class Executor(Protocol):
    """Runs a picklable module-level function over tasks; results in task order.

    Also a context manager: leaving the ``with`` block calls :meth:`close`.
    """

    description: str
    """What runs the tasks, for people: ``"1 process"``, ``"local pool of 2 processes"``,
    ``"Dask cluster at tcp://127.0.0.1:8786 (2 workers)"``."""

    def map(self, fn: Callable[[T], R], tasks: Sequence[T], progress: Step | None = None) -> list[R]:
        """``[fn(task) for task in tasks]``, computed by the executor's workers."""
        ...

    def close(self) -> None:
        """Stops the workers and frees what the executor holds."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class _Closing:
    """``with`` support: leaving the block calls ``close()``."""

    def close(self) -> None:
        """Frees what the executor holds (nothing here)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class Serial(_Closing):
    """Runs the tasks one after the other in the calling process: ``fn`` is called directly,
    in task order, and nothing is pickled."""

    workers = 1
    description = "1 process"

    def map(self, fn: Callable[[T], R], tasks: Sequence[T], progress: Step | None = None) -> list[R]:
        """``[fn(task) for task in tasks]``, reporting each finished task to ``progress``."""
        total = len(tasks)
        _report(progress, 0, total)
        results: list[R] = []
        for task in tasks:
            try:
                results.append(fn(task))
            except Exception as exc:
                exc.add_note(_where(len(results), total, self.description))
                raise
            _report(progress, len(results), total)
        return results


class LocalPool(_Closing):
    """Runs the tasks in ``workers`` processes of this machine.

    A ``concurrent.futures.ProcessPoolExecutor`` whose processes are started with "spawn"
    (see the module docstring), once, at the first :meth:`map`, and kept until
    :meth:`close`. All tasks are submitted at once; ``progress`` is called as they finish
    and the results are collected in task order. A worker process that dies (killed, out of
    memory) raises :class:`~accord.errors.BatchError`; the next :meth:`map` starts new ones.
    """

    def __init__(self, workers: int) -> None:
        _check_workers(workers)
        self.workers = workers
        self.description = f"local pool of {workers} process{'es' if workers > 1 else ''}"
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], tasks: Sequence[T], progress: Step | None = None) -> list[R]:
        """``[fn(task) for task in tasks]``, computed by the worker processes."""
        _check_importable(fn)
        total = len(tasks)
        _report(progress, 0, total)
        pool = self._started()
        call = functools.partial(portable_call, fn)
        futures = [pool.submit(call, task) for task in tasks]
        index = {future: i for i, future in enumerate(futures)}
        try:
            for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
                    raise BatchError(
                        f"a worker process of the {self.description} died ({error}); it may have run out of "
                        "memory or been killed; run again, with fewer workers if memory is short"
                    ) from error
                if error is not None:
                    raise restored(error, _where(index[future], total, self.description))
                _report(progress, done, total)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [future.result() for future in futures]

    def close(self) -> None:
        """Stops the worker processes (after the tasks already running), cancels the rest."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _started(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
            )
        return self._pool


def executor(workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for ``workers`` processes or a Dask ``scheduler``.

    ``workers`` None or 1: :class:`Serial`; more than 1: :class:`LocalPool`; ``scheduler``
    (``"tcp://host:port"``): :class:`DaskCluster`. Raises
    :class:`~accord.errors.BatchError` for fewer than 1 worker, or for both a pool and a
    scheduler.

    >>> executor().description
    '1 process'
    >>> executor(workers=0)
    Traceback (most recent call last):
    ...
    accord.errors.BatchError: workers=0: give 1 or more (1 runs in this process)
    """
    if workers is not None:
        _check_workers(workers)
    if scheduler is not None:
        if workers is not None and workers > 1:
            raise BatchError(
                f"choose one: {workers} local worker processes or the Dask scheduler at {scheduler}, not both "
                "(a cluster's size is its workers')",
                address=scheduler,
            )
        return DaskCluster(scheduler)
    if workers is None or workers == 1:
        return Serial()
    return LocalPool(workers)


def chunks(total: int, size: int) -> list[range]:
    """``range(total)`` cut into consecutive ranges of ``size`` (the last one may be shorter).

    The chunks depend on ``total`` and ``size`` only, never on the executor or its number of
    workers, so each sample falls in the same chunk (and draws from the same stream of
    :func:`seeds`) wherever it runs.

    >>> chunks(5, 2)
    [range(0, 2), range(2, 4), range(4, 5)]
    >>> chunks(0, 2)
    []
    """
    if total < 0:
        raise BatchError(f"a number of tasks is 0 or more, not {total}")
    if size < 1:
        raise BatchError(f"a chunk size is 1 or more, not {size}")
    return [range(start, min(start + size, total)) for start in range(0, total, size)]


def seeds(seed: int, count: int) -> list[np.random.SeedSequence]:
    """``count`` independent seed sequences spawned from ``SeedSequence(seed)``: one stream
    per chunk, for ``numpy.random.default_rng(seeds(seed, n)[k])``.

    Child ``k`` is the same whatever ``count`` is (its state is hashed from ``seed`` and
    ``k`` alone), so adding chunks never changes the numbers of the earlier ones.

    >>> first = seeds(7, 2)[1].generate_state(4)
    >>> bool((first == seeds(7, 100)[1].generate_state(4)).all())
    True
    """
    if seed < 0:
        raise BatchError(f"a seed is an integer 0 or more, not {seed}")
    if count < 0:
        raise BatchError(f"a number of seeds is 0 or more, not {count}")
    return np.random.SeedSequence(seed).spawn(count)


def _check_workers(workers: int) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise BatchError(f"workers={workers!r}: give 1 or more (1 runs in this process)")


def _report(progress: Step | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _where(index: int, total: int, description: str) -> str:
    return f"in task {index} of {total} ({description})"


def _check_importable(fn: Callable[..., object]) -> None:
    """Refuses, before any process starts, a function that spawned processes cannot load."""
    main = sys.modules.get("__main__")
    if getattr(fn, "__module__", None) == "__main__" and not getattr(main, "__file__", None):
        raise BatchError(
            f"{getattr(fn, '__qualname__', fn)!r} was defined in a notebook or an interactive session, which "
            "worker processes cannot import; move it into a module, or use workers=1"
        )
    try:
        pickle.dumps(fn)
    except (pickle.PicklingError, TypeError, AttributeError) as err:
        raise BatchError(
            f"{fn!r} cannot be sent to worker processes ({err}); give a function defined at the top level "
            "of a module, or use workers=1"
        ) from err


# last: batch_dask builds on the names above (a cycle Python resolves, since they exist by now)
from accord.batch_dask import DaskCluster  # noqa: E402

__all__ = ["DaskCluster", "Executor", "LocalPool", "Serial", "Step", "chunks", "executor", "seeds"]
