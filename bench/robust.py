"""The robustness analysis (``accord robust``): the targets of issue 12, side by side.

Usage: ``python bench/robust.py [--markdown] [--quick]`` (also tables of ``make bench``).

1. Acceptance of the flagship's drafts (and the estimates' solutions) for 10^5 samples:
   the scoring tasks alone, in this process (target: under 2 s).
2. The Nash solution's option frequencies for 10^3 samples of the flagship: the solving
   tasks, in this process, on a local pool of 2 processes and on a 2-worker Dask
   LocalCluster (127.0.0.1), in samples per second (target: under a minute), beside the
   naive way (the whole frontier of every sample, then its Nash point) on a few samples.
3. Per-sample Nash solutions on a synthetic domain small enough for NegMAS (2 parties,
   6 points of 5 options, 15,625 outcomes) with uncertain weights and reservation values:
   accord's branch and bound against NegMAS (``pareto_frontier`` then ``nash_points`` on
   each sample's utility functions), with the ratio.

Every timing is the best of a few runs; the machines are shared, so read the ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402

import accord  # noqa: E402
from accord.analysis import pareto  # noqa: E402
from accord.analysis.compile import compile_scenario  # noqa: E402
from accord.analysis.robust.run import prepare  # noqa: E402
from accord.analysis.robust.sampling import BLOCK  # noqa: E402
from accord.analysis.robust.tasks import score_block, solve_samples  # noqa: E402
from accord.batch import DaskCluster, Executor, LocalPool, Serial  # noqa: E402
from accord.model import Normal, Scenario, Uncertain, Uniform  # noqa: E402
from synthetic import Spec, negmas_ufuns, numbers, scenario  # noqa: E402
from tables import render  # noqa: E402

FLAGSHIP = ROOT / "examples" / "ukraine-2025.yaml"


def best(run: Callable[[], object], repeat: int) -> float:
    """The best wall-clock time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def flagship_setup(names: tuple[str, ...]) -> Any:
    case = accord.load(FLAGSHIP)
    fixed = [(d.id, "draft", d.choices) for d in case.scenario.drafts]
    solutions = case.solutions()
    fixed += [(n, "solution", getattr(solutions, n).outcome.agreement) for n in ("nash", "utilitarian")]
    from accord.api_robust import _candidates

    return case, prepare(
        case.scenario,
        case.bargainers,
        seed=0,
        names=names,  # type: ignore[arg-type]
        fixed=fixed,
        candidates=_candidates(case.frontier()),
    )


def acceptance(samples: int, repeat: int) -> list[list[str]]:
    _, setup = flagship_setup(("nash",))
    tasks = [(setup, a, min(a + BLOCK, samples)) for a in range(0, samples, BLOCK)]
    seconds = best(lambda: Serial().map(score_block, tasks), repeat)
    return [[f"{samples:,}", f"{len(setup.fixed)}", f"{seconds:.2f} s", f"{samples / seconds:,.0f}", "under 2 s"]]


def nash_rows(samples: int, quick: bool) -> list[list[str]]:
    from accord.analysis.robust.run import SOLVE_CHUNK

    case, setup = flagship_setup(("nash",))
    tasks = [(setup, a, min(a + SOLVE_CHUNK, samples)) for a in range(0, samples, SOLVE_CHUNK)]
    rows = []
    reference = None

    def run(executor: Executor, label: str) -> None:
        nonlocal reference
        t = time.perf_counter()
        solved = executor.map(solve_samples, tasks)
        seconds = time.perf_counter() - t
        picks = np.vstack([s.picks["nash"] for s in solved])
        same = "-" if reference is None else ("same" if np.array_equal(picks, reference) else "DIFFERENT")
        reference = picks if reference is None else reference
        rows.append([label, f"{samples:,}", f"{seconds:.1f} s", f"{samples / seconds:,.0f}", same])

    run(Serial(), "1 process")
    if not quick:
        with LocalPool(2) as pool:
            pool.map(solve_samples, tasks[:2])  # start the processes before the clock
            run(pool, "local pool, 2 processes")
        import distributed

        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0"
            ) as cluster,
            DaskCluster(cluster) as dask,
        ):
            dask.map(solve_samples, tasks[:2])
            run(dask, "Dask LocalCluster, 2 workers")
    naive = 3
    draws = setup.draws(0, naive)
    t = time.perf_counter()
    for s in range(naive):
        view = accord.Case(_concrete(case.scenario, setup, draws, s))._bargain()
        d = [view.preferences[p].reservation for p in view.rated_parties]
        vectors, _ = pareto.merge(compile_scenario(view), d, limit=10**7)  # the whole frontier
        gains = vectors[(vectors >= d).all(axis=1)] - d
        np.prod(np.where(gains > 0, gains, 0.0), axis=1).argmax()  # its Nash point
    seconds = (time.perf_counter() - t) / naive
    rows.append(
        ["naive: whole frontier per sample", f"{naive}", f"{seconds * naive:.1f} s", f"{1 / seconds:,.2f}", "-"]
    )
    return rows


def _concrete(scenario: Scenario, setup: Any, draws: Any, s: int) -> Scenario:
    """Sample ``s`` as a plain scenario (numbers only; the flagship's uncertain rules are
    kept as holding, which is the naive run's cost either way)."""
    prefs = dict(scenario.preferences)
    for k, p in enumerate(setup.space.parameters):
        pref = prefs[p.party]
        x = float(draws.values[s, k])
        u = p.uncertain
        if u.kind == "reservation":
            pref = dataclasses.replace(pref, reservation=x)
        elif u.kind == "weight":
            pref = dataclasses.replace(pref, weights={**pref.weights, u.point: x})
        prefs[p.party] = dataclasses.replace(pref, uncertain=())
    return dataclasses.replace(
        scenario, preferences={k: dataclasses.replace(v, uncertain=()) for k, v in prefs.items()}
    )


def negmas_rows(samples: int) -> list[list[str]]:
    spec = Spec(points=6, options=5, parties=2, seed=3)
    base = scenario(spec)
    prefs = {}
    for party, p in base.preferences.items():
        first = next(iter(p.weights))
        prefs[party] = dataclasses.replace(
            p,
            reservation=0.3,
            uncertain=(
                Uncertain("reservation", Uniform(0.2, 0.4)),
                Uncertain("weight", Normal(p.weights[first], 15.0), first),
            ),
        )
    uncertain = dataclasses.replace(base, preferences=prefs)
    case = accord.Case(uncertain)
    setup = prepare(uncertain, case.bargainers, seed=0, names=("nash",))
    t = time.perf_counter()
    solved = solve_samples((setup, 0, samples))
    ours = (time.perf_counter() - t) / samples

    issues, _ = negmas_ufuns(spec)
    nums = numbers(spec)
    draws = setup.draws(0, samples)
    from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier

    agree = 0
    t = time.perf_counter()
    for s in range(samples):
        ufuns = []
        for i, party in enumerate(uncertain.rated_parties):
            w = [float(x) for x in nums.weights[i]]
            columns = [k for k, p in enumerate(setup.space.parameters) if p.party == party]
            reservation = 0.3
            for k in columns:
                u = setup.space.parameters[k].uncertain
                if u.kind == "reservation":
                    reservation = float(draws.values[s, k])
                else:
                    w[0] = float(draws.values[s, k])
            total = sum(w)
            values = [{f"v{o}": nums.ratings[i][p][o] / 100 for o in range(spec.options)} for p in range(spec.points)]
            ufuns.append(
                LinearAdditiveUtilityFunction(
                    values=values, weights=[x / total for x in w], issues=issues, reserved_value=reservation
                )
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vectors, _ = pareto_frontier(ufuns, issues=issues)
            found = nash_points(ufuns, vectors, issues=issues)
        agree += bool(found) == bool(solved.picks["nash"][s][0] >= 0)
    theirs = (time.perf_counter() - t) / samples
    return [
        [
            spec.name,
            f"{samples}",
            f"{ours * 1000:.1f} ms",
            f"{theirs * 1000:.0f} ms",
            f"{theirs / ours:,.0f}x",
            f"{agree}/{samples}",
        ]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--quick", action="store_true", help="fewer samples, no pool or cluster")
    args = parser.parse_args()
    n_accept = 20_000 if args.quick else 100_000
    n_nash = 100 if args.quick else 1000
    print(
        render(
            "Acceptance of the flagship's drafts and two solutions (scoring tasks, 1 process)",
            ["samples", "agreements", "time", "samples/s", "target"],
            acceptance(n_accept, 1 if args.quick else 3),
            args.markdown,
        ),
        flush=True,
    )
    print(
        render(
            "The Nash solution of every sample of the flagship (target: 1,000 samples under a minute)",
            ["executor", "samples", "time", "samples/s", "same answers"],
            nash_rows(n_nash, args.quick),
            args.markdown,
        ),
        flush=True,
    )
    print(
        render(
            "Per-sample Nash solutions: accord against NegMAS (pareto_frontier + nash_points per sample)",
            ["domain", "samples", "accord per sample", "NegMAS per sample", "ratio", "agree on a deal"],
            negmas_rows(10 if args.quick else 30),
            args.markdown,
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
