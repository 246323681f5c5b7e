"""Types of the compiled maxima kernel (_maxima.c, maxima_core.c)."""

from typing_extensions import Buffer

def nondominated(values: Buffer, n: int, d: int, keep: bytearray, threads: int = 1, seconds: float = -1.0, /) -> bool:
    """``keep[i] = 1`` when row ``i`` of the ``n x d`` float64 rows in ``values`` is not
    dominated and no earlier row equals it, else 0; with up to ``threads`` threads. With
    ``seconds >= 0`` it gives up after about that long and returns False (``keep`` all 0);
    True when done. The values must be finite."""

def order(values: Buffer, n: int, d: int, out: Buffer, /) -> None:
    """``out`` (``n`` int64) = the row indices sorted lexicographically ascending, equal rows
    by position."""
