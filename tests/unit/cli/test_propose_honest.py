"""``accord propose`` explains itself (issue 11): the ranking rule in the header and in the
JSON, readable shares instead of raw scores, option texts with their ids, per-point gains,
the stance verdicts and the warnings; each checked against a brute force over the file's
agreements or against the rule itself, never against pinned numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import oracle
from accord.analysis.proposals import ranking_rule
from accord.cli.app import app
from accord.formats import scenario_v1

ROOT = Path(__file__).parents[3]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"
FLAGSHIP = ROOT / "examples" / "ukraine-2025.yaml"
WIDE = {"COLUMNS": "200"}
runner = CliRunner()

LINEAGE = """\
accord: 1
title: Lineage
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
points:
  - id: site
    title: Site
    options: [{id: x, text: The old site}, {id: y, text: The new site}, {id: z, text: A third site}]
  - id: shift
    title: Shift
    options: [{id: p, text: Day shift}, {id: q, text: Night shift}]
drafts:
  - {id: d0, authors: [a], choices: {site: x, shift: p}}
  - {id: d1, authors: [b], parents: [d0], choices: {site: y, shift: p}}
stances:
  - {party: a, draft: d1, point: site, stance: amend, proposal: z}
preferences:
  a:
    weights: {site: 1, shift: 1}
    ratings: {site: {x: 100, y: 0, z: 0}, shift: {p: 0, q: 100}}
  b:
    weights: {site: 1, shift: 1}
    ratings: {site: {x: 100, y: 0, z: 0}, shift: {p: 100, q: 0}}
"""


def run(*args: str) -> Any:
    result = runner.invoke(app, ["propose", *args], env=WIDE)
    assert result.exit_code == 0, result.stderr
    return result


def flat(text: str) -> str:
    """Output with the line breaks and runs of spaces a terminal adds made single spaces."""
    return re.sub(r"\s+", " ", text)


def shares_by_brute_force(path: Path) -> tuple[list[str], list[float], list[float]]:
    """Parties, disagreement point and best utility on the frontier, enumerated."""
    scenario = scenario_v1.load(path)
    vectors = oracle.frontier_vectors(scenario)
    d = oracle.disagreement_of(scenario, None)
    return list(scenario.rated_parties), list(d), [max(v[k] for v in vectors) for k in range(len(d))]


@pytest.mark.parametrize("method", ["nash", "ks", "egalitarian", "utilitarian"])
def test_the_json_states_the_rule_and_follows_it(method: str) -> None:
    data = json.loads(run("--json", "--from", "d1", "--method", method, "-n", "9", str(WAGE)).stdout)
    key = data["method"]
    assert data["ranking"] == ranking_rule(key, "d1")
    proposals = data["proposals"]
    assert len(proposals) == data["steps"]
    scores = [p["score"] for p in proposals]
    assert scores == [p["scores"][key] for p in proposals]
    assert scores == sorted(scores, reverse=True)
    changed = [sum(not c["settled"] for c in p["changes"]) for p in proposals]
    assert changed == sorted(changed, reverse=True)
    assert len(set(changed)) == len(changed)


def test_shares_are_what_each_could_gain() -> None:
    parties, d, best = shares_by_brute_force(WAGE)
    for p in json.loads(run("--json", "--from", "d1", str(WAGE)).stdout)["proposals"]:
        for k, party in enumerate(parties):
            share = p["shares"][party]
            assert 0 <= share <= 1
            assert share == pytest.approx((p["utilities"][k] - d[k]) / (best[k] - d[k]), abs=1e-9)


def test_per_point_gains_add_up_and_authors_worse_off_are_named() -> None:
    data = json.loads(run("--json", "--from", "d1", "-n", "5", str(WAGE)).stdout)
    for p in data["proposals"]:
        gains = dict(zip(data["bargainers"], p["gains"], strict=True))
        for party, total in gains.items():  # the wage talks have no package deals
            assert sum(c["gains"].get(party, 0.0) for c in p["changes"]) == pytest.approx(total, abs=1e-9)
            assert p["bonus_gains"][party] == pytest.approx(0.0, abs=1e-9)
        assert all(c["settled"] == (c["before"] is None) for c in p["changes"])
        worse = {w["party"] for w in p["warnings"] if w["kind"] == "author_worse_off"}
        assert worse == ({"firm"} if gains["firm"] < 0 else set())  # the firm wrote d1


def test_the_text_shows_option_texts_gains_and_shares_not_raw_scores() -> None:
    data = json.loads(run("--json", "--from", "d1", str(WAGE)).stdout)
    text = flat(run("--from", "d1", str(WAGE)).stdout)
    assert flat(ranking_rule("nash", "d1")) in text
    assert "e-0" not in text  # no Nash product in scientific notation
    assert "nash" not in text.lower().replace("nash product", "")
    for p in data["proposals"]:
        for party, share in p["shares"].items():
            name = {"union": "Union", "firm": "Firm"}[party]
            assert f"{name} {share:.0%}" in text
        for c in p["changes"]:
            for gain in c["gains"].values():
                points = round(gain * 100, 1)
                assert (f"{points:+.1f}" if points else "0.0") in text
    result = run("--from", "d2", str(WAGE))  # d2 leaves hours open: settled with its text
    assert re.search(r"Weekly hours: 3[58] hours \[h3[58]\]", flat(result.stdout))


def test_an_amendment_answered_otherwise_and_an_undone_change(tmp_path: Path) -> None:
    path = tmp_path / "lineage.yaml"
    path.write_text(LINEAGE)
    data = json.loads(run("--json", str(path)).stdout)
    text = flat(run(str(path)).stdout)
    assert data["draft"] == "d1"
    for p in data["proposals"]:
        site = p["agreement"]["site"]
        (check,) = [s for s in p["stances"] if s["party"] == "a"]
        assert check["verdict"] == ("met" if site == "z" else "kept" if site == "y" else "not_as_asked")
        undone = [w for w in p["warnings"] if w["kind"] == "undoes_parent"]
        assert [w["point"] for w in undone] == (["site"] if site == "x" else [])
    assert any(p["agreement"]["site"] == "x" for p in data["proposals"])  # both parties prefer the old site
    assert "Site: changed, but not as asked: Alpha asked for [z], this says [y] -> [x]" in text
    assert "Site: back to d0's [x], which d1 changed to [y]" in text
    assert "d1: The new site [y]" in text
    assert "proposal: The old site [x]" in text


def test_the_flagship_claims_no_stance_met_that_was_not() -> None:
    data = json.loads(run("--json", "--from", "geneva", "-n", "3", str(FLAGSHIP)).stdout)
    proposals = data["proposals"]
    assert proposals
    assert [p["score"] for p in proposals] == sorted((p["score"] for p in proposals), reverse=True)
    for p in proposals:
        assert all(0 <= s <= 1 for s in p["shares"].values() if s is not None)
        for s in p["stances"]:
            if s["stance"] == "amend" and s["asked"] is not None:
                assert (s["verdict"] == "met") == (s["after"] == s["asked"])
            elif s["stance"] in ("unacceptable", "criticise") and s["before"] is not None:
                assert (s["verdict"] == "met") == (s["after"] != s["before"])
        met = set(p["answers"])
        assert met == {s["text"] for s in p["stances"] if s["verdict"] == "met"}
