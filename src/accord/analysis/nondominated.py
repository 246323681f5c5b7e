"""The non-dominated rows of a matrix (the maxima of a set of vectors), exactly.

Rows are outcomes, columns are parties; a row is dominated when another row is at least as
large in every column (equal rows: only the first is kept).

- One column: the first maximum.
- Two columns: the sweep of Kung, Luccio & Preparata (1975, "On finding the maxima of a set
  of vectors", JACM 22(4)): sorted by the first column descending (ties by the second), a
  row is kept when its second value beats every earlier one. O(k log k).
- Three or more: multidimensional divide and conquer (Kung, Luccio & Preparata 1975;
  Bentley 1980, "Multidimensional divide-and-conquer", CACM 23(4)). Sorted
  lexicographically descending, the upper half can only be dominated from inside itself, so
  both halves are solved recursively and the lower half's survivors are then *filtered*
  against the upper half's: which of them does some upper row dominate in the remaining
  columns (the first column is settled by the order). The filter splits on a column at its
  median: lower rows above the split can only be dominated by upper rows above it; lower
  rows below it by upper rows below it (all columns) or above it (one column fewer). With
  two columns left the filter is a sort and a running maximum; small cases are compared
  pairwise with numpy. O(k log^(d-1) k) for d columns instead of the O(k^2) of pairwise
  filters.

The divide and conquer has a compiled twin, ``accord.analysis._maxima`` (C, built when
accord is installed and a C compiler is present): the same algorithm, whose many small
steps cost nanoseconds instead of the microseconds of a numpy call; its pairwise leaves
are vectorised and its halves run in parallel threads, up to four (:data:`THREADS`: as many
as the cores this process may use, at most four). :func:`nondominated` uses it when it is
there; the numpy version here is the fallback, and each is the other's oracle in the tests.

Inputs must be finite. The algorithm orders rows by ``>``, and NaN compares false with
everything: the kernel then keeps or drops rows depending on where NaN falls in its sort
(a row of NaN comes out as dominating everything), and the numpy version does something
else. So :func:`nondominated` refuses NaN and infinities with ValueError before either runs.

A call may be given a :class:`~accord.analysis.budget.Deadline`: both versions read the
clock between their larger steps and raise
:class:`~accord.analysis.budget.DeadlinePassed` once it has passed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from accord.analysis.budget import Deadline, DeadlinePassed
from accord.analysis.common import FloatArray, IntArray

_compiled: Callable[..., bool] | None
_order: Callable[..., None] | None
try:
    from accord.analysis._maxima import nondominated as _found
    from accord.analysis._maxima import order as _found_order

    _compiled, _order = _found, _found_order
except ImportError:  # pragma: no cover - only without a C compiler at install time
    _compiled = _order = None

BoolArray = npt.NDArray[np.bool_]

PAIRWISE = 1 << 16
"""Below this many row pairs the filter compares every pair directly."""
LEAF = 128
"""Below this many rows the maxima are found by comparing every pair directly."""
BUDGET = 1 << 21
"""Most pairwise comparisons held in memory at once."""
THREADS = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
"""Threads the compiled kernel may use (the cores this process may run on, at most 4)."""


def compiled() -> bool:
    """Whether the compiled kernel is installed (otherwise the numpy version runs)."""
    return _compiled is not None


def nondominated(
    vectors: FloatArray,
    *,
    use_compiled: bool | None = None,
    threads: int | None = None,
    deadline: Deadline | None = None,
) -> IntArray:
    """Indices of the non-dominated rows of ``vectors`` (see the module docstring).

    Of equal rows only the first is kept, so every row is equal to or dominated by a
    returned one and no returned row weakly dominates another. Indices come in no particular
    order. ``use_compiled`` picks the compiled kernel (True) or the numpy version (False);
    by default the kernel when it is installed, with up to ``threads`` threads
    (:data:`THREADS` by default). Raises DeadlinePassed once ``deadline`` has passed.

    Raises ValueError when a value is NaN or infinite. ValueError and not an AccordError:
    this is a numeric building block whose callers check their inputs first (a scenario's
    utilities are finite by construction, and :mod:`accord.analysis.pareto` refuses
    non-finite disagreement values and outcome utilities with AnalysisError), so a
    non-finite value here is a defect of the caller, not a user's input to explain.
    """
    rows, n = vectors.shape
    if not np.isfinite(vectors).all():
        bad = np.argwhere(~np.isfinite(vectors))[0]
        raise ValueError(
            f"nondominated: row {bad[0]} column {bad[1]} is {vectors[bad[0], bad[1]]!r}; every value must be finite"
        )
    if rows <= 1:
        return np.arange(rows)
    if n == 1:
        return np.array([int(np.argmax(vectors[:, 0]))])
    if n == 2:
        return _sweep(vectors)
    if compiled() if use_compiled is None else use_compiled:
        return _kernel(vectors, THREADS if threads is None else threads, deadline)
    order = np.lexsort(tuple(-vectors[:, c] for c in range(n - 1, -1, -1)))
    ranked = vectors[order]
    fresh = np.ones(rows, dtype=bool)
    fresh[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    chosen: IntArray = order[fresh][_maxima(ranked[fresh], deadline)]
    return chosen


def lexicographic(vectors: FloatArray) -> IntArray:
    """Row order sorting ``vectors`` by the first column ascending, then the next ones (equal
    rows by position); by the compiled kernel when it is installed."""
    rows, columns = vectors.shape
    if columns == 0:
        return np.arange(rows)
    if _order is None:
        order: IntArray = np.lexsort(vectors.T[::-1])
        return order
    out = np.empty(rows, dtype=np.intp)
    _order(np.ascontiguousarray(vectors, dtype=np.float64), rows, columns, out)
    return out


def _kernel(vectors: FloatArray, threads: int, deadline: Deadline | None = None) -> IntArray:
    """:func:`nondominated` by the compiled kernel (RuntimeError when it is not installed),
    given the time ``deadline`` leaves (DeadlinePassed when it runs out)."""
    if _compiled is None:
        raise RuntimeError("the compiled maxima kernel is not installed; reinstall accord with a C compiler")
    rows, columns = vectors.shape
    keep = bytearray(rows)
    left = None if deadline is None else deadline.remaining()
    seconds = -1.0 if left is None else left
    if not _compiled(np.ascontiguousarray(vectors, dtype=np.float64), rows, columns, keep, threads, seconds):
        raise DeadlinePassed
    chosen: IntArray = np.flatnonzero(np.frombuffer(keep, dtype=np.uint8))
    return chosen


def _sweep(vectors: FloatArray) -> IntArray:
    """Two columns: sorted by the first descending, then the second descending (stable, so
    equal rows keep their order), a row is kept when its second value beats every earlier
    row's."""
    order = np.lexsort((-vectors[:, 1], -vectors[:, 0]))
    second = vectors[order, 1]
    keep = np.empty(len(second), dtype=bool)
    keep[0] = True
    keep[1:] = second[1:] > np.maximum.accumulate(second)[:-1]
    result: IntArray = order[keep]
    return result


def _maxima(ranked: FloatArray, deadline: Deadline | None = None) -> IntArray:
    """Row indices of the maxima of distinct rows sorted lexicographically descending
    (DeadlinePassed once ``deadline`` has passed)."""
    size = len(ranked)
    if size <= LEAF:
        beaten = _pairwise(ranked, ranked, range(ranked.shape[1]))
        return np.flatnonzero(~beaten)
    if deadline is not None:
        deadline.check()
    half = size // 2
    upper = _maxima(ranked[:half], deadline)
    lower = half + _maxima(ranked[half:], deadline)
    beaten = _dominated(ranked[upper], ranked[lower], tuple(range(1, ranked.shape[1])))
    return np.concatenate([upper, lower[~beaten]])


def _dominated(upper: FloatArray, lower: FloatArray, columns: tuple[int, ...]) -> BoolArray:
    """For each row of ``lower``: whether some row of ``upper`` is at least as large in
    every one of ``columns``, two or more (the filter step of the divide and conquer)."""
    if not len(upper) or not len(lower):
        return np.zeros(len(lower), dtype=bool)
    if len(columns) == 2:
        return _staircase(upper, lower, columns[0], columns[1])
    if len(upper) * len(lower) <= PAIRWISE:
        return _pairwise(upper, lower, columns)
    return _split(upper, lower, columns)


def _staircase(upper: FloatArray, lower: FloatArray, a: int, b: int) -> BoolArray:
    """Two columns: a lower row is dominated when, among the upper rows at least as large
    in column ``a``, the largest value in column ``b`` reaches its own."""
    order = np.argsort(-upper[:, a], kind="stable")
    best_b = np.maximum.accumulate(upper[order, b])
    ascending = upper[order[::-1], a]
    count = len(upper) - np.searchsorted(ascending, lower[:, a], side="left")
    reach = best_b[np.maximum(count - 1, 0)]
    result: BoolArray = (count > 0) & (reach >= lower[:, b])
    return result


def _split(upper: FloatArray, lower: FloatArray, columns: tuple[int, ...]) -> BoolArray:
    """Split on ``columns[0]`` at the median of both sets (module docstring)."""
    c, rest = columns[0], columns[1:]
    values = np.concatenate([upper[:, c], lower[:, c]])
    least = values.min()
    if least == values.max():
        return _dominated(upper, lower, rest)
    cut = np.median(values)
    if cut <= least:
        cut = values[values > least].min()
    up_high = upper[:, c] >= cut
    low_high = lower[:, c] >= cut
    result = np.zeros(len(lower), dtype=bool)
    result[low_high] = _dominated(upper[up_high], lower[low_high], columns)
    below = lower[~low_high]
    result[~low_high] = _dominated(upper[~up_high], below, columns) | _dominated(upper[up_high], below, rest)
    return result


def _pairwise(upper: FloatArray, lower: FloatArray, columns: Sequence[int] | range) -> BoolArray:
    """Every pair compared: whether some *other* row of ``upper`` is >= each row of ``lower``
    in ``columns`` (a row never counts against itself when both sets are the same array)."""
    same = upper is lower
    beaten = np.zeros(len(lower), dtype=bool)
    step = max(1, BUDGET // max(1, len(upper)))
    for start in range(0, len(lower), step):
        chunk = lower[start : start + step]
        covers = np.ones((len(chunk), len(upper)), dtype=bool)
        for c in columns:
            covers &= upper[None, :, c] >= chunk[:, None, c]
        if same:
            covers[np.arange(len(chunk)), np.arange(start, start + len(chunk))] = False
        beaten[start : start + step] = covers.any(axis=1)
    return beaten
