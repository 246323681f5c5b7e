"""What a NegMAS user runs to analyse a GENIUS domain: a script, timed as a whole process.

Loads the domain, computes the Pareto frontier, the Nash and Kalai points, and prints them
as JSON (the same work as ``accord analyze FOLDER --json``).

Usage: python bench/negmas_energy.py FOLDER
"""

from __future__ import annotations

import json
import sys
import warnings

from negmas.inout import Scenario
from negmas.preferences import kalai_points, nash_points, pareto_frontier


def main(folder: str) -> None:
    """Analyse ``folder`` and print the result."""
    warnings.simplefilter("ignore")
    scenario = Scenario.load(folder, ignore_discount=True, load_stats=False, load_info=False)
    if scenario is None:
        raise SystemExit(f"NegMAS could not read {folder}")
    ufuns, issues = scenario.ufuns, scenario.outcome_space.issues
    front, indices = pareto_frontier(ufuns, issues=issues)
    outcomes = scenario.outcome_space.enumerate_or_sample()
    nash = nash_points(ufuns, front, outcome_space=scenario.outcome_space)
    kalai = kalai_points(ufuns, front, outcome_space=scenario.outcome_space)
    print(
        json.dumps(
            {
                "outcome_count": scenario.outcome_space.cardinality,
                "pareto": [
                    {"agreement": list(outcomes[i]), "utilities": list(u)} for u, i in zip(front, indices, strict=True)
                ],
                "nash": [list(u) for u, _ in nash],
                "kalai": [list(u) for u, _ in kalai],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
