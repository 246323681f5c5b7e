"""The core of the deal (``Case.core()``): time on the flagship and on ANAC domains.

Usage: ``python bench/core_deal.py [--markdown]`` (also a table of ``make bench``).

For each case: the time of the frontier (``Case.frontier()``, which ``Case.core()`` starts
from), then of ``Case.core()`` once the frontier is known, best of three fresh cases; how
many options are feasible, on the frontier and in all; the fixed points; and whether the
core is complete. NegMAS has no counterpart. The 6-party synthetic plan's frontier is too
large to list, so its core takes the solver's path with a time limit of 20 s: its frontier
options are left undecided where the search did not finish, and the row says how many.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from accord.api import Case, load  # noqa: E402
from accord.errors import FrontierTooLargeError  # noqa: E402
from synthetic import Spec, scenario  # noqa: E402

GENIUS = ROOT.parent / "shared" / "data" / "genius"
CASES = [
    ("ukraine-2025 (flagship)", ROOT / "examples" / "ukraine-2025.yaml"),
    ("Energy (GENIUS 2011)", GENIUS / "y2011" / "Energy"),
    ("AgentHp2 (GENIUS 2016)", GENIUS / "y2016" / "AgentHp2"),
    ("killer_robot (GENIUS 2015)", GENIUS / "y2015" / "group9-killer_robot"),
]
HEADER = ["case", "agreements", "frontier", "frontier time", "core time", "options (feasible/frontier/all)", "fixed"]


def _row(name: str, make: object, runs: int = 3) -> list[str]:
    """One case, best of ``runs`` fresh cases."""
    best_f = best_c = float("inf")
    for _ in range(runs):
        case = make()  # type: ignore[operator]
        assert isinstance(case, Case)
        t = time.perf_counter()
        try:
            size = f"{len(case.frontier().outcomes):,}"
        except FrontierTooLargeError:
            size = "too large"
        best_f = min(best_f, time.perf_counter() - t)
        t = time.perf_counter()
        core = case.core()
        best_c = min(best_c, time.perf_counter() - t)
    points = core.points
    options = (
        f"{sum(len(p.feasible) for p in points)}/{sum(len(p.frontier) for p in points)}/"
        f"{sum(len(p.options) for p in points)}"
    )
    late = sum(len(p.frontier_undecided) for p in points)
    if late:
        options += f" ({late} undecided)"
    count = case.scenario.outcome_count()
    agreements = f"{count:,}" if count <= 10**7 else f"{count:.1e}".replace("e+", "e")
    fixed = ", ".join(f"{k}={v}" for k, v in core.fixed().items()) or "-"
    return [name, agreements, size, f"{best_f:.2f} s", f"{best_c:.2f} s", options, fixed]


def rows() -> list[list[str]]:
    """The table's rows (the cases whose files are present)."""
    out = [_row(name, lambda path=path: load(path)) for name, path in CASES if path.exists()]
    synthetic = scenario(Spec(28, 4, 6))
    out.append(_row("6 parties, 28 x 4 (solver, 20 s)", lambda: Case(synthetic, time_limit=20.0), runs=1))
    return out


def main() -> None:
    """Print the table."""
    from run import render

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    print(render("The core of the deal: Case.core()", HEADER, rows(), args.markdown))


if __name__ == "__main__":
    main()
