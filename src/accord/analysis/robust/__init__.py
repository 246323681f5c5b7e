"""Analysis under uncertain preferences: probabilities instead of verdicts.

Every weight, rating and reservation value of a scenario is an estimate; some carry a
range (:mod:`accord.model.uncertainty`) and some red lines, links and interactions a
probability. The analysis draws preference profiles from them (:mod:`.sampling`) and, in
each sample, asks the questions the deterministic analysis answers once: whether each
draft, solution and proposal is accepted (:mod:`.tasks`), whether any deal exists and
what the bargaining solutions are (:mod:`.solve`, a branch and bound over the Pareto-list
merge). Counting over the samples gives probabilities with confidence intervals, how
often each option is in each solution, the agreement accepted in the most samples (the
robust compromise, :mod:`.compromise`) and the estimates that move the conclusions most
(:mod:`.summary`).

This is stochastic multicriteria acceptability analysis (SMAA: Lahdelma, Hokkanen &
Salminen 1998, "SMAA - Stochastic multiobjective acceptability analysis", EJOR 106(1);
Lahdelma & Salminen 2001, "SMAA-2", Operations Research 49(3)) carried over from
choosing among alternatives to bargaining: its *acceptability index* is here the share
of samples in which an agreement is acceptable to every party, and its *rank
acceptability* the share in which an option is in a solution.
"""

from accord.analysis.robust.result import Acceptance, Compromise, Effect, Interval, Robustness, Sensitivity

__all__ = ["Acceptance", "Compromise", "Effect", "Interval", "Robustness", "Sensitivity"]
