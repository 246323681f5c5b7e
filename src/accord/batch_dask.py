"""The Dask executor of :mod:`accord.batch`: :class:`DaskCluster` runs the tasks on the workers
of a Dask cluster [Rocklin2015]_, the optional ``cluster`` extra, imported only when a
scheduler is given. Import it from :mod:`accord.batch`, with the other executors."""

from __future__ import annotations

import concurrent.futures
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from accord.batch import Step, _Closing, _report, _where
from accord.batch_carry import portable_call, restored
from accord.errors import BatchError, MissingExtraError

if TYPE_CHECKING:
    from distributed import Client
    from distributed.deploy.cluster import Cluster

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = 10.0
"""Seconds :class:`DaskCluster` waits for a scheduler to answer and for a first worker."""


class DaskCluster(_Closing):
    """Runs the tasks on the workers of a Dask cluster [Rocklin2015]_ (the ``cluster`` extra).

    ``address`` is a scheduler's address (``"tcp://host:port"``, as ``dask scheduler``
    prints it) or a ``distributed`` cluster object (a ``LocalCluster``); or give
    ``client=``, an existing ``distributed.Client``. One client serves every :meth:`map`:
    the one made here is closed by :meth:`close`; a client given is left open for its owner.

    Raises :class:`~accord.errors.MissingExtraError` without ``dask.distributed``, and
    :class:`~accord.errors.BatchError` when no scheduler answers at ``address``, or the
    scheduler has no worker, within ``timeout`` seconds.
    """

    def __init__(
        self, address: str | Cluster | None = None, *, client: Client | None = None, timeout: float = CONNECT_TIMEOUT
    ) -> None:
        distributed = _distributed()
        if (address is None) == (client is None):
            raise BatchError("a Dask cluster needs a scheduler address or a client: give exactly one")
        self._as_completed = distributed.as_completed
        self._killed_worker: type[Exception] = distributed.KilledWorker
        self._owns_client = client is None
        # held as Any: distributed's own annotations are partial (untyped gather, cancel, close)
        self._client: Any = _connect(distributed, address, timeout) if client is None else _untyped(client)
        self.address: str = str(self._client.scheduler.address)
        try:
            self._client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError) as err:
            self.close()
            raise BatchError(
                f"the Dask scheduler at {self.address} has no worker after {timeout:g} s; "
                f"start some with `dask worker {self.address}`",
                address=self.address,
            ) from err
        workers = len(self._client.nthreads())
        self.description = f"Dask cluster at {self.address} ({workers} worker{'s' if workers > 1 else ''})"

    def map(self, fn: Callable[[T], R], tasks: Sequence[T], progress: Step | None = None) -> list[R]:
        """``[fn(task) for task in tasks]``, computed by the cluster's workers."""
        total = len(tasks)
        _report(progress, 0, total)
        if not tasks:
            return []
        call = functools.partial(portable_call, fn)
        name = getattr(fn, "__name__", "task")  # the tasks' names on Dask's dashboard
        futures = self._client.map(call, list(tasks), key=name, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for done, future in enumerate(self._as_completed(futures, loop=self._client.loop), start=1):
                if future.status != "finished":
                    self._raise_failure(future, _where(index[future.key], total, self.description))
                _report(progress, done, total)
            results: list[R] = self._client.gather(futures)
        except BaseException:
            self._client.cancel(futures)
            raise
        return results

    def _raise_failure(self, future: Any, where: str) -> None:
        try:
            future.result()
        except concurrent.futures.CancelledError as err:
            raise BatchError(
                f"the Dask scheduler stopped, or cancelled the work, {where}; check the scheduler and run again",
                address=self.address,
            ) from err
        except self._killed_worker as err:
            raise BatchError(
                f"Dask workers died {where}; they may have run out of memory; check the workers' logs and run again",
                address=self.address,
            ) from err
        except Exception as err:
            error = restored(err, where)
            raise error from error.__cause__

    def close(self) -> None:
        """Closes the client made by this object (not one that was given)."""
        if self._owns_client:
            self._client.close()


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise MissingExtraError("a Dask cluster", "cluster", "dask.distributed") from err
    return distributed


def _connect(distributed: Any, address: str | Cluster | None, timeout: float) -> Any:
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, ValueError) as err:
        raise BatchError(
            f"no Dask scheduler answered at {address} within {timeout:g} s; start one "
            "(`dask scheduler`, then `dask worker tcp://HOST:8786`) or check the address (tcp://HOST:PORT)",
            address=str(address),
        ) from err
    return client


def _untyped(client: Client) -> Any:
    return client
