"""accord against NegMAS, side by side in one run: Pareto frontiers and bargaining solutions.

Usage: ``python bench/run.py [--quick] [--markdown] [--only TEXT]`` (``make bench``);
``--only`` keeps the frontier domains whose name contains TEXT and skips the last three tables.

Tables printed:

1. Synthetic domains (seeded, bench/synthetic.py), 10^3 to 10^30 outcomes, 2-6 parties:
   accord's exact frontier (Pareto-list merge) against NegMAS's ``pareto_frontier``, which
   enumerates every outcome. NegMAS is not run beyond ~10^6 outcomes ("infeasible": its
   cost grows with the outcomes, about 7 s per 10^6 for two parties on this machine, so
   10^10 would take a day and 10^30 forever).
2. The ANAC domains of ../shared/data/genius, read by accord's reader and by NegMAS's.
3. The bargaining solutions of a 6-party plan of 28 points with 4 options each (4^28
   outcomes), where the frontier itself is too large to list.
4. Whole processes on Energy (390,625 outcomes): ``accord analyze --json`` against a NegMAS
   script doing the same work (bench/negmas_energy.py).
5. The core of the deal, ``Case.core()``, on the flagship, three ANAC domains and the
   6-party plan (bench/core_deal.py; no NegMAS counterpart).
6. Start-up: ``accord --version``, ``--help`` and ``check`` as processes, and ``import
   negmas`` beside them, as ratios to a bare ``python -c pass`` (bench/startup.py; median
   of 15 runs each).

Times are the best of several runs (about one second of runs on each side, the garbage
collector paused during each, as timeit does); peak memory is accord's, measured with
tracemalloc in a separate run. ``same`` compares the two sets of frontier vectors
(synthetic domains only: on the GENIUS files NegMAS computes other utilities, see
docs/explanation/performance.md): ``same``, or ``+k dominated`` when NegMAS lists k more
vectors that accord's frontier dominates; ``NegMAS frontier`` counts its distinct vectors.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import core_deal  # noqa: E402
import negmas_side  # noqa: E402
import startup  # noqa: E402
from accord.analysis.nondominated import compiled  # noqa: E402
from accord.analysis.pareto import frontier  # noqa: E402
from accord.model import Scenario  # noqa: E402
from synthetic import Spec, negmas_ufuns, scenario  # noqa: E402

T = TypeVar("T")
GENIUS = ROOT.parent / "shared" / "data" / "genius"
ENERGY = GENIUS / "y2011" / "Energy"
NEGMAS_LIMIT = 1_100_000
"""Largest outcome count NegMAS is run on."""

SYNTHETIC = [
    Spec(3, 10, 2),
    Spec(4, 10, 2),
    Spec(5, 10, 2),
    Spec(6, 10, 2),
    Spec(10, 10, 2),
    Spec(20, 10, 2),
    Spec(30, 10, 2),
    Spec(6, 10, 3),
    Spec(10, 10, 3),
    Spec(30, 10, 3),
    Spec(10, 4, 4),
    Spec(10, 4, 5),
    Spec(10, 4, 6),
    Spec(12, 4, 6),
]


@dataclass
class Row:
    """One line of a comparison table."""

    domain: str
    outcomes: int
    parties: int
    frontier: int
    accord: float
    negmas: float | None
    note: str
    peak_mib: float
    same: str | None
    theirs: int | None

    def cells(self) -> list[str]:
        """The row as table cells."""
        theirs = f"{self.negmas * 1000:,.1f} ms" if self.negmas is not None else self.note
        ratio = f"{self.negmas / self.accord:,.0f}x" if self.negmas is not None else "-"
        same = "-" if self.same is None else self.same
        return [
            self.domain,
            _count(self.outcomes),
            str(self.parties),
            f"{self.frontier:,}",
            "-" if self.theirs is None else f"{self.theirs:,}",
            f"{self.accord * 1000:,.2f} ms",
            theirs,
            ratio,
            f"{self.peak_mib:,.1f}",
            same,
        ]


HEADER = [
    "domain",
    "outcomes",
    "parties",
    "frontier",
    "NegMAS frontier",
    "accord",
    "NegMAS",
    "ratio",
    "peak MiB",
    "same",
]


def _count(n: int) -> str:
    """Outcome counts: exact up to a million, then as a power of ten."""
    return f"{n:,}" if n <= 10**7 else f"{n:.1e}".replace("e+", "e")


def best_time(fn: Callable[[], T], budget: float = 1.0, runs: int = 300) -> tuple[float, T]:
    """Best wall time of ``fn`` over up to ``runs`` calls within about ``budget`` seconds,
    with the garbage collector paused during each call (as :mod:`timeit` does)."""
    start = time.perf_counter()
    result = _timed(fn)
    best = result[0]
    for _ in range(runs - 1):
        if time.perf_counter() - start > budget:
            break
        best = min(best, _timed(fn)[0])
    return best, result[1]


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    """One call of ``fn``: its wall time and its result."""
    gc.disable()
    try:
        t = time.perf_counter()
        out = fn()
        return time.perf_counter() - t, out
    finally:
        gc.enable()


def peak_mib(fn: Callable[[], object]) -> float:
    """Peak traced memory of one call of ``fn``, in MiB."""
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def compare(name: str, sc: Scenario, negmas_load: Callable[[], tuple[list, list]] | None, check: bool) -> Row:
    """Time accord's whole frontier of ``sc`` (disagreement 0) and, when given, NegMAS's
    ``pareto_frontier`` on the same domain; ``check``: compare the two sets of vectors."""
    zero = [0.0] * len(sc.rated_parties)
    accord_s, result = best_time(lambda: frontier(sc, zero))
    ours = [o.utilities for o in result.outcomes]
    row = Row(name, sc.outcome_count(), len(result.parties), len(ours), accord_s, None, "", 0.0, None, None)
    row.peak_mib = peak_mib(lambda: frontier(sc, zero))
    if sc.outcome_count() > NEGMAS_LIMIT:
        row.note = "infeasible"
    elif negmas_load is None:
        row.note = "skipped"
    else:
        issues, ufuns = negmas_load()
        row.negmas, theirs = best_time(lambda: negmas_side.frontier(issues, ufuns), budget=1.0, runs=3)
        row.theirs = len(negmas_side.distinct(theirs))
        if check:
            row.same = negmas_side.verdict(ours, theirs)
    return row


def synthetic_rows(quick: bool, only: str | None) -> Iterator[Row]:
    """Table 1."""
    for spec in SYNTHETIC:
        if only is not None and only not in spec.name:
            continue
        slow = quick and spec.outcomes > 10**5
        load = None if slow else (lambda spec=spec: negmas_ufuns(spec))
        yield compare(spec.name, scenario(spec), load, check=True)


def anac_rows(quick: bool, only: str | None) -> Iterator[Row]:
    """Table 2: every GENIUS domain folder under ../shared/data/genius/y20*."""
    try:
        from accord.formats.detect import load
    except ImportError:
        print("(accord.formats.detect is not there yet: ANAC domains skipped)")
        return
    if not GENIUS.is_dir():
        print(f"({GENIUS} is absent: ANAC domains skipped)")
        return
    for folder in sorted(p for year in GENIUS.glob("y20*") for p in year.iterdir() if p.is_dir()):
        if only is not None and only not in f"{folder.parent.name}/{folder.name}":
            continue
        sc = load(folder).scenario
        slow = quick and sc.outcome_count() > 10**5
        load_negmas = None if slow else (lambda f=folder: negmas_side.load_genius(f))
        yield compare(f"{folder.parent.name}/{folder.name}", sc, load_negmas, check=False)


def six_party_solutions() -> list[list[str]]:
    """Table 3: Nash, Kalai-Smorodinsky and egalitarian of a 6-party 28x4 plan (CP-SAT path),
    each alone, then the three together as ``accord analyze`` runs them (side by side)."""
    try:
        from accord.analysis.cpsat import optima_cpsat, optimum_cpsat
    except ImportError:
        return [["(accord.analysis.cpsat is not there yet)", "", "", ""]]
    sc = scenario(Spec(28, 4, 6))
    zero = [0.0] * 6
    rows = []
    for kind in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        seconds, found = best_time(lambda kind=kind: optimum_cpsat(sc, kind, zero), budget=0.5, runs=3)
        score = f"{found.score:.6f}" if found is not None else "none"
        rows.append([kind, f"{seconds * 1000:,.0f} ms", score, "infeasible"])
    trio = ("egalitarian", "kalai_smorodinsky", "nash")
    seconds, _ = best_time(lambda: optima_cpsat(sc, trio, zero), budget=0.5, runs=3)
    rows.append(["nash + ks + egalitarian, side by side", f"{seconds * 1000:,.0f} ms", "", "infeasible"])
    return rows


def whole_process() -> list[list[str]]:
    """Table 4: ``accord analyze --json`` and the NegMAS script on Energy, as processes."""
    accord_bin = Path(sys.executable).parent / "accord"
    if not ENERGY.is_dir():
        return [["(Energy domain absent)", "", ""]]
    negmas_s = _process_time([sys.executable, str(HERE / "negmas_energy.py"), str(ENERGY)])
    if not accord_bin.exists() or _fails([str(accord_bin), "analyze", "--help"]):
        return [["accord analyze --json", "not available yet", ""], ["NegMAS script", f"{negmas_s:.2f} s", ""]]
    accord_s = _process_time([str(accord_bin), "analyze", str(ENERGY), "--json"])
    return [
        ["accord analyze --json", f"{accord_s:.2f} s", f"{negmas_s / accord_s:.1f}x"],
        ["NegMAS script", f"{negmas_s:.2f} s", "1.0x"],
    ]


def _fails(cmd: list[str]) -> bool:
    """Whether ``cmd`` exits with an error."""
    return subprocess.run(cmd, capture_output=True, check=False).returncode != 0


def _process_time(cmd: list[str], runs: int = 3) -> float:
    """Best wall time of ``cmd`` over ``runs`` runs after one warm-up run (output discarded),
    with Python's bytecode cache on, as people run commands (some sandboxes turn it off
    with PYTHONDONTWRITEBYTECODE, which makes every start compile every module)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        best = min(best, time.perf_counter() - t)
    return best


def render(title: str, header: list[str], rows: list[list[str]], markdown: bool) -> str:
    """A plain or Markdown table."""
    if markdown:
        lines = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    lines = [title, line(header), line(["-" * w for w in widths])]
    lines += [line(r) for r in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run every table and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip NegMAS above 10^5 outcomes")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--only", metavar="TEXT", help="only the frontier domains whose name contains TEXT")
    args = parser.parse_args()
    kernel = "compiled" if compiled() else "numpy (no compiled kernel)"
    print(f"python {sys.version.split()[0]}, {_cpus()} cores; accord ({kernel}) vs NegMAS {_negmas_version()}\n")
    for title, rows in (
        ("Synthetic domains: Pareto frontier", [r.cells() for r in synthetic_rows(args.quick, args.only)]),
        ("ANAC domains (GENIUS): Pareto frontier", [r.cells() for r in anac_rows(args.quick, args.only)]),
    ):
        print(render(title, HEADER, rows, args.markdown), flush=True)
    if args.only is not None:
        return
    six = six_party_solutions()
    print(
        render(
            "6 parties, 28 points x 4 options (7.2e16 outcomes): solutions by CP-SAT",
            ["solution", "accord", "score", "NegMAS"],
            six,
            args.markdown,
        ),
        flush=True,
    )
    print(
        render(
            "Whole process on Energy (390,625 outcomes)",
            ["command", "wall time", "speed-up"],
            whole_process(),
            args.markdown,
        ),
        flush=True,
    )
    print(render("The core of the deal: Case.core()", core_deal.HEADER, core_deal.rows(), args.markdown), flush=True)
    print(render("Start-up, median of 15 runs", startup.HEADER, startup.rows(), args.markdown))


def _cpus() -> int:
    """Cores available to this process."""
    return len(os.sched_getaffinity(0))


def _negmas_version() -> str:
    """The installed NegMAS version."""
    from importlib.metadata import version

    return version("negmas")


if __name__ == "__main__":
    main()
