"""Start-up time of the ``accord`` command, as a ratio to a bare Python start.

Usage: ``python bench/startup.py [--runs N] [--markdown]`` (also a table of ``make bench``).

Each command runs as a process ``N`` times (default 15) after one warm-up run, output
discarded, with Python's bytecode cache on as people run commands; the table gives the
median wall time and its ratio to the median of ``python -c pass``, which is what a
command cannot go below, then the same for the CPU time (user + system) of the process,
which other work on the machine disturbs much less than the wall time. Targets (issue 8,
item 20): ``--version`` and ``--help`` within 15 times the bare start, ``check`` close to
them. When NegMAS is installed, ``import negmas`` is timed too, side by side.

Run it on a quiet machine: other processes on the same cores inflate every wall time, and
ratios less than times; the CPU columns stay close to the quiet machine's.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/tutorial-labour.yaml"
BARE = "python -c pass"
TARGET = 15.0
"""Most times the bare start that ``accord --version`` and ``accord --help`` may take."""


def accord_command() -> list[str]:
    """The ``accord`` entry point beside this Python, else the same through ``-c``."""
    script = Path(sys.executable).parent / "accord"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from accord.cli.app import main; main()"]


def commands() -> list[tuple[str, list[str]]]:
    """The commands timed: a label and the process to run."""
    accord = accord_command()
    timed = [
        (BARE, [sys.executable, "-c", "pass"]),
        ("accord --version", [*accord, "--version"]),
        ("accord --help", [*accord, "--help"]),
        (f"accord check {EXAMPLE}", [*accord, "check", EXAMPLE]),
    ]
    if importlib.util.find_spec("negmas") is not None:
        timed.append(("python -c 'import negmas'", [sys.executable, "-c", "import negmas"]))
    return timed


def median_times(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of ``cmd`` over ``runs`` runs after one warm-up."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=True, env=env)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, check=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def rows(runs: int = 15) -> list[list[str]]:
    """One table row per command: label, median wall time and its ratio to the bare
    start, median CPU time and its ratio, target."""
    medians = [(label, *median_times(cmd, runs)) for label, cmd in commands()]
    _, bare, bare_cpu = medians[0]
    table = []
    for label, wall, cpu in medians:
        if label in ("accord --version", "accord --help"):
            target = f"<= {TARGET:.0f}x"
        elif label.startswith("accord check"):
            target = "close to --help"
        else:
            target = "-"
        table.append(
            [
                label,
                f"{wall * 1000:,.0f} ms",
                f"{wall / bare:.1f}x",
                f"{cpu * 1000:,.0f} ms",
                f"{cpu / bare_cpu:.1f}x",
                target,
            ]
        )
    return table


HEADER = ["command", "wall", "ratio", "CPU", "CPU ratio", "target"]


def main() -> None:
    """Time every command and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import render

    print(render(f"Start-up, median of {args.runs} runs", HEADER, rows(args.runs), args.markdown))


if __name__ == "__main__":
    main()
