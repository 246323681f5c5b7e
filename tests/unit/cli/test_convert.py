"""``accord import`` and ``accord export`` round trips through the CLI."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.formats import scenario_v1
from accord.formats.detect import load

ROOT = Path(__file__).parents[3]
GENIUS = ROOT / "tests" / "data" / "genius" / "valid"
runner = CliRunner()


def _a_genius_folder() -> Path:
    return next(p for p in sorted(GENIUS.iterdir()) if p.is_dir())


def test_import_to_stdout_and_file(tmp_path: Path) -> None:
    folder = _a_genius_folder()
    result = runner.invoke(app, ["import", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("accord: 1\n")
    out = tmp_path / "s.yaml"
    result = runner.invoke(app, ["import", str(folder), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}\n"
    assert scenario_v1.load(out).origin == "accord"
    result = runner.invoke(app, ["import", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    result = runner.invoke(app, ["import", str(folder), "-o", str(out), "--force"])
    assert result.exit_code == 0


def test_export_both_formats_reads_back_the_same_utilities(tmp_path: Path) -> None:
    source = tmp_path / "plain.yaml"
    text = (ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()
    source.write_text(text.replace("    red_lines: [wage<2]\n", ""))
    original = scenario_v1.load(source)
    agreement = {"wage": 4, "hours": "h35"}
    for target in ("genius", "geniusweb"):
        outdir = tmp_path / target
        result = runner.invoke(app, ["export", str(source), "--to", target, str(outdir)])
        assert result.exit_code == 0, result.stderr
        assert "drafts and stances" in result.stderr
        assert result.stdout.count("wrote ") == 3
        back = load(outdir).scenario
        for party in ("union", "firm"):
            assert back.utility(party, agreement) == pytest.approx(original.utility(party, agreement))
    result = runner.invoke(app, ["export", str(source), str(tmp_path / "genius")])
    assert result.exit_code == 1
    assert "is not empty" in result.stderr


def test_export_refuses_what_the_format_cannot_hold(tmp_path: Path) -> None:
    source = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"
    result = runner.invoke(app, ["export", str(source), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "has red lines" in result.stderr


@pytest.mark.parametrize("target", ["genius", "geniusweb"])
def test_the_flagship_exports_without_its_constraints(tmp_path: Path, target: str) -> None:
    source = ROOT / "examples" / "ukraine-2025.yaml"
    original = scenario_v1.load(source)
    result = runner.invoke(app, ["export", str(source), "--to", target, "--drop-constraints", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: dropped ")]
    expected = [
        f"note: dropped {original.party(p).name}'s ({p}) {kind} "
        for p, pr in original.preferences.items()
        for kind, items in (("red line", pr.red_lines), ("link", pr.links), ("interaction", pr.interactions))
        for _ in items
    ]
    assert len(notes) == len(expected) > 4  # one line per constraint, not one per party
    assert all(note.startswith(prefix) for note, prefix in zip(notes, expected, strict=True))
    assert "note: dropped Ukraine's (ua) red line recognition=us-de-facto" in notes
    back = load(tmp_path).scenario
    same = {p.id: dict(zip(p.values(), back.point(p.id).values(), strict=True)) for p in original.points}
    rng = random.Random(7)
    for _ in range(50):
        agreement = {p.id: rng.choice(p.values()) for p in original.points}
        written = {p: same[p][v] for p, v in agreement.items()}  # curved numeric points become labels
        for party in original.rated_parties:
            bonus = sum(i.bonus for i in original.preferences[party].interactions if i.applies(agreement))
            assert back.utility(party, written) == pytest.approx(original.utility(party, agreement) - bonus)
