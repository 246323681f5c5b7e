"""Non-dominated rows: the compiled kernel and the numpy version, each against brute force
and against each other."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from accord.analysis import nondominated as nd
from accord.analysis._maxima import nondominated as kernel
from accord.analysis._maxima import order as order_kernel
from accord.analysis.nondominated import compiled, lexicographic, nondominated

BOTH = pytest.mark.parametrize("use_compiled", [True, False], ids=["compiled", "numpy"])


def brute_nondominated(vectors: np.ndarray) -> set[tuple[float, ...]]:
    """The distinct rows no other row weakly dominates."""
    rows = {tuple(r) for r in vectors.tolist()}
    return {r for r in rows if not any(o != r and all(a >= b for a, b in zip(o, r, strict=True)) for o in rows)}


def check(vectors: np.ndarray, use_compiled: bool) -> None:
    """The kept rows are exactly the distinct non-dominated rows, each once."""
    keep = nondominated(vectors, use_compiled=use_compiled)
    kept = [tuple(r) for r in vectors[keep].tolist()]
    assert set(kept) == brute_nondominated(vectors)
    assert len(kept) == len(set(kept))


def test_the_compiled_kernel_is_installed() -> None:
    # `pip install` builds it when a C compiler is present, as on every machine that runs
    # these tests; without it accord falls back to numpy, many times slower on 3+ parties.
    assert compiled()


@BOTH
@pytest.mark.parametrize("columns", [1, 2, 3, 5, 7])
def test_nondominated_matches_brute_force(columns: int, use_compiled: bool) -> None:
    rng = np.random.default_rng(columns)
    for grain in (2, 6, 1000):
        check(rng.integers(0, grain, size=(700, columns)).astype(float), use_compiled)


@BOTH
def test_nondominated_keeps_the_first_of_equal_rows(use_compiled: bool) -> None:
    vectors = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    assert nondominated(vectors, use_compiled=use_compiled).tolist() == [1]
    assert nondominated(vectors[:, :2], use_compiled=use_compiled).tolist() == [1]
    assert nondominated(vectors[:, :1], use_compiled=use_compiled).tolist() == [1]
    assert nondominated(vectors[:1], use_compiled=use_compiled).tolist() == [0]
    assert nondominated(np.zeros((0, 3)), use_compiled=use_compiled).tolist() == []


@BOTH
def test_negative_zero_equals_zero(use_compiled: bool) -> None:
    vectors = np.array([[0.0, 1.0, -0.0], [-0.0, 1.0, 0.0], [0.5, 0.5, 0.5]])
    assert sorted(nondominated(vectors, use_compiled=use_compiled).tolist()) == [0, 2]


@BOTH
def test_anticorrelated_vectors_are_all_kept(use_compiled: bool) -> None:
    rng = np.random.default_rng(2)
    raw = rng.random((3000, 4))
    vectors = raw / raw.sum(axis=1, keepdims=True)
    assert len(nondominated(vectors, use_compiled=use_compiled)) == 3000


@pytest.mark.parametrize("columns", [3, 4, 6])
@pytest.mark.parametrize("pairwise", [4, 1 << 14])
def test_numpy_divide_and_conquer_matches_brute_force(
    monkeypatch: pytest.MonkeyPatch, columns: int, pairwise: int
) -> None:
    monkeypatch.setattr(nd, "PAIRWISE", pairwise)
    monkeypatch.setattr(nd, "LEAF", 2 if pairwise == 4 else 128)
    monkeypatch.setattr(nd, "BUDGET", 50)
    rng = np.random.default_rng(columns + pairwise)
    for grain in (3, 10, 1000):
        vectors = rng.integers(0, grain, size=(600, columns)).astype(float)
        vectors[:, 0] = vectors[:, 0] if grain > 3 else 1.0  # one constant column
        check(vectors, use_compiled=False)


@pytest.mark.parametrize("columns", [3, 4, 6, 9])
def test_the_kernel_and_numpy_agree_on_large_sets(columns: int) -> None:
    # Large enough for the kernel to split its work between threads.
    rng = np.random.default_rng(10 + columns)
    for grain in (4, 50, None):
        shape = (12000, columns)
        vectors = rng.random(shape) if grain is None else rng.integers(0, grain, size=shape).astype(float)
        if grain == 4:
            vectors[:, 1] = 2.0  # a constant column
        theirs = sorted(nondominated(vectors, use_compiled=False).tolist())
        for threads in (1, 2, 4):
            assert sorted(nondominated(vectors, use_compiled=True, threads=threads).tolist()) == theirs


@settings(max_examples=150, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(0, 120), st.integers(3, 6)),
        elements=st.sampled_from([0.0, -0.0, 0.25, 0.5, 1.0, 1e-300, 3.0]),
    )
)
def test_the_kernel_and_numpy_agree(vectors: np.ndarray) -> None:
    ours = nondominated(vectors, use_compiled=True)
    assert sorted(ours.tolist()) == sorted(nondominated(vectors, use_compiled=False).tolist())


def test_the_kernel_refuses_inconsistent_sizes() -> None:
    with pytest.raises(ValueError, match="expected n\\*d doubles"):
        kernel(np.zeros(5), 2, 3, bytearray(2))
    with pytest.raises(ValueError, match="d >= 2"):
        kernel(np.zeros(4), 4, 1, bytearray(4))
    with pytest.raises(ValueError, match="n bytes to write"):
        kernel(np.zeros(6), 2, 3, bytearray(3))


def test_without_the_kernel_the_numpy_version_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    monkeypatch.setattr(nd, "_compiled", None)
    assert not compiled()
    assert sorted(nondominated(vectors).tolist()) == [0, 1]
    with pytest.raises(RuntimeError, match="reinstall accord with a C compiler"):
        nondominated(vectors, use_compiled=True)


@pytest.mark.parametrize("use_kernel", [True, False], ids=["compiled", "numpy"])
def test_lexicographic_order_is_ascending_and_stable(monkeypatch: pytest.MonkeyPatch, use_kernel: bool) -> None:
    if not use_kernel:
        monkeypatch.setattr(nd, "_order", None)
    rng = np.random.default_rng(5)
    vectors = rng.integers(0, 3, size=(500, 3)).astype(float)
    expected = sorted(range(len(vectors)), key=lambda i: (*vectors[i].tolist(), i))
    assert lexicographic(vectors).tolist() == expected
    assert lexicographic(np.zeros((4, 0))).tolist() == [0, 1, 2, 3]
    assert lexicographic(np.zeros((0, 2))).tolist() == []


def test_the_order_kernel_refuses_inconsistent_sizes() -> None:
    with pytest.raises(ValueError, match="n indices to write"):
        order_kernel(np.zeros(6), 2, 3, np.zeros(3, dtype=np.intp))


# --- finite inputs only, and a deadline ---------------------------------------------------


@pytest.mark.parametrize("columns", [2, 3, 5])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@BOTH
def test_non_finite_values_are_refused(columns: int, bad: float, use_compiled: bool) -> None:
    # The kernel would keep a NaN row as dominating everything; numpy would not.
    vectors = np.array([[0.5] * columns, [0.2] * columns, [0.9] * columns])
    vectors[1, columns - 1] = bad
    with pytest.raises(ValueError, match=r"row 1 column \d is .*; every value must be finite"):
        nondominated(vectors, use_compiled=use_compiled)


def test_the_bare_kernel_is_not_safe_with_nan() -> None:
    # Why the check sits at the boundary: the kernel alone keeps a NaN row and drops the
    # rows it should keep.
    vectors = np.array([[np.nan, np.nan, np.nan], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    keep = bytearray(3)
    kernel(vectors, 3, 3, keep)
    assert list(keep) != [0, 1, 0]


@BOTH
def test_a_passed_deadline_stops_the_filter(use_compiled: bool) -> None:
    vectors = np.random.default_rng(1).random((2_000, 4))
    with pytest.raises(nd.DeadlinePassed):
        nondominated(vectors, use_compiled=use_compiled, deadline=nd.Deadline(0.0))
    generous = nondominated(vectors, use_compiled=use_compiled, deadline=nd.Deadline(None))
    assert sorted(generous) == sorted(nondominated(vectors, use_compiled=use_compiled))


def test_the_kernel_reports_whether_it_finished() -> None:
    vectors = np.random.default_rng(2).random((5_000, 4))
    keep = bytearray(5_000)
    assert kernel(vectors, 5_000, 4, keep, 2) is True
    assert any(keep)
    assert kernel(vectors, 5_000, 4, keep, 2, 0.0) is False
    assert not any(keep)
    assert kernel(vectors, 5_000, 4, keep, 2, 1e9) is True
