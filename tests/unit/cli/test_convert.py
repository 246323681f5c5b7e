"""``accord import`` and ``accord export`` round trips through the CLI."""

from __future__ import annotations

import dataclasses
import errno
import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import Result
from typer.testing import CliRunner

from accord.cli.app import app
from accord.formats import atomic, scenario_v1
from accord.formats.detect import load
from accord.model import Draft

ROOT = Path(__file__).parents[3]
GENIUS = ROOT / "tests" / "data" / "genius" / "valid"
runner = CliRunner()
NOBODY = 65534


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


# -- outputs: written whole or not at all, every failure one line --------------------

DISK_FULL = "cannot write: No space left on device; free some disk space or write somewhere else"


def _disk_full_after(after: int) -> Any:
    """Patch the atomic writer's os.write: ENOSPC once ``after`` bytes have been written."""
    real = os.write
    written = [0]

    def write(fd: int, data: memoryview | bytes) -> int:
        if written[0] >= after:
            raise OSError(errno.ENOSPC, "No space left on device")
        chunk = bytes(data)[: max(1, after - written[0])]
        written[0] += len(chunk)
        return real(fd, chunk)

    return mock.patch.object(atomic.os, "write", side_effect=write)


def _errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("note: ")]


def test_import_force_on_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "s.yaml"
    out.write_text("old")
    with _disk_full_after(100):
        result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert _errors(result) == [f"error: {out}: {DISK_FULL}"]
    assert result.stdout == ""
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]


def test_import_to_dev_full_is_one_line() -> None:
    result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", "/dev/full"])
    assert result.exit_code == 1
    assert _errors(result) == [f"error: /dev/full: {DISK_FULL}"]


def test_import_output_paths_that_cannot_be_files(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", str(blocker / "s.yaml")])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: {blocker / 's.yaml'}: cannot write: {blocker} is a file, not a folder; choose another path"
    ]
    result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert _errors(result) == [f"error: {tmp_path}: is a folder; name a file to write"]
    deep = tmp_path / "new" / "deeper" / "s.yaml"
    result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", str(deep)])
    assert result.exit_code == 0, result.stderr
    assert scenario_v1.load(deep).parties


def test_import_without_write_permission_keeps_the_old_file() -> None:
    base = Path(tempfile.mkdtemp(prefix="accord-test-"))
    try:
        base.chmod(0o755)
        out = base / "s.yaml"
        out.write_text("old")
        base.chmod(0o555)
        root = os.geteuid() == 0
        if root:  # permissions do not stop root: be nobody for the command
            os.setegid(NOBODY)
            os.seteuid(NOBODY)
        try:
            result = runner.invoke(app, ["import", str(_a_genius_folder()), "-o", str(out), "--force"])
        finally:
            if root:
                os.seteuid(0)
                os.setegid(0)
        assert result.exit_code == 1
        assert _errors(result) == [
            f"error: {out}: cannot write: Permission denied; check the permissions of the path or write somewhere else"
        ]
        assert out.read_text() == "old"
    finally:
        base.chmod(0o755)
        shutil.rmtree(base)


def test_import_never_writes_what_check_refuses(tmp_path: Path) -> None:
    folder = tmp_path / "domain"
    shutil.copytree(GENIUS / "basic", folder)
    alice = folder / "alice.xml"
    alice.write_text(alice.read_text().replace('<reservation value="0.3"/>', '<reservation value="280"/>'))
    out = tmp_path / "s.yaml"
    result = runner.invoke(app, ["import", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert len(_errors(result)) == 1
    assert "reservation" in result.stderr
    assert "280" in result.stderr
    assert not out.exists()
    assert runner.invoke(app, ["import", str(folder)]).exit_code == 1  # nor prints it


def test_import_refuses_a_conversion_that_check_would_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _a_genius_folder()
    scenario = load(folder).scenario
    undated = dataclasses.replace(scenario, drafts=(Draft("d1", date="soon"),))
    monkeypatch.setattr("accord.cli.loading.load_path", lambda path, profiles=None: undated)
    out = tmp_path / "s.yaml"
    result = runner.invoke(app, ["import", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: {scenario.source}: the converted scenario would not pass `accord check`, so it is not written: "
        "drafts[0].date: date 'soon' is not an ISO date; correct it in the source"
    ]
    assert not out.exists()


def test_export_force_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale-party.xml").write_text("<utility_space/>")
    (out / "domain.xml").write_text("old")
    result = runner.invoke(app, ["export", str(_plain_scenario(tmp_path)), str(out)])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: {out}: is not empty; choose a new or empty folder, or add --force to replace it and all it holds"
    ]
    result = runner.invoke(app, ["export", str(_plain_scenario(tmp_path)), str(out), "--force"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["domain.xml", "firm.xml", "union.xml"]
    assert result.stdout.splitlines() == [f"wrote {out / n}" for n in ("domain.xml", "union.xml", "firm.xml")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "plain.yaml"]


def test_export_on_a_full_disk_keeps_the_old_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(_plain_scenario(tmp_path)), str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with _disk_full_after(1500):
        result = runner.invoke(
            app, ["export", str(_plain_scenario(tmp_path)), str(out), "--to", "geniusweb", "--force"]
        )
    assert result.exit_code == 1
    assert _errors(result) == [f"error: {out}: {DISK_FULL}"]
    assert result.stdout == ""
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "plain.yaml"]


def test_export_output_paths_that_cannot_be_folders(tmp_path: Path) -> None:
    source = _plain_scenario(tmp_path)
    result = runner.invoke(app, ["export", str(source), str(source), "--force"])
    assert result.exit_code == 1
    assert _errors(result) == [f"error: {source}: is a file, not a folder; choose a folder to write into"]
    result = runner.invoke(app, ["export", str(source), str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: {tmp_path}: holds the input {source}, which the export would replace; choose another folder"
    ]
    assert source.exists()
    genius = tmp_path / "genius"
    shutil.copytree(GENIUS / "basic", genius)
    result = runner.invoke(app, ["export", str(genius), str(genius), "--to", "geniusweb", "--force"])
    assert result.exit_code == 1
    assert _errors(result) == [
        f"error: {genius}: holds the input {genius}, which the export would replace; choose another folder"
    ]


def _plain_scenario(tmp_path: Path) -> Path:
    """The wage-talks fixture without its red line, which GENIUS cannot hold."""
    source = tmp_path / "plain.yaml"
    text = (ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()
    source.write_text(text.replace("    red_lines: [wage<2]\n", ""))
    return source
