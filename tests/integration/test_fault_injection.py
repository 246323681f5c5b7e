"""Fault injection: kill -9 in the middle of writing, and a file-size limit (EFBIG) set
for real with setrlimit, against the library writer and the ``accord`` command.

The kill tests send SIGKILL at seeded random moments; which moment hits (before, during or
after a write) depends on timing, but what is asserted does not: after every kill the
target is the old output whole or the new output whole, read back byte for byte and
through :func:`accord.formats.detect.load`, and anything else beside it is a temporary
named ``.accord-tmp-...``.
"""

from __future__ import annotations

import os
import pickle
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import accord
from accord.formats.atomic import TEMP_PREFIX, write_file, write_folder
from accord.formats.detect import load
from accord.formats.genius_write import genius_files
from accord.formats.scenario_v1_write import dump_scenario
from accord.model import CategoricalRating, Option, Party, Point, Preferences, Scenario

ROOT = Path(__file__).parents[2]
SRC = Path(accord.__file__).parents[1]
BASIC = ROOT / "tests" / "data" / "genius" / "valid" / "basic"
SEED = 20250911
KILLS = 6

# A child that writes two versions of an output in turn, for ever, until it is killed.
WRITER = """
import pickle, sys
from accord.formats.atomic import write_file, write_folder
kind, target, versions = sys.argv[1], sys.argv[2], pickle.load(open(sys.argv[3], "rb"))
write = write_folder if kind == "folder" else write_file
print("ready", flush=True)
i = 1
while True:
    write(target, versions[i % 2], force=True)
    i += 1
"""
ACCORD = "import sys; sys.argv[0] = 'accord'; from accord.cli.app import main; main()"
# The same, under a file-size limit (the first argument, in bytes): writes past it fail with EFBIG.
LIMITED = (
    "import resource, sys; limit = int(sys.argv.pop(1)); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); " + ACCORD.removeprefix("import sys; ")
)


def big_scenario(parties: int, points: int, options: int, shift: int) -> Scenario:
    """A scenario with large profiles; ``shift`` makes its ratings differ from another's."""
    ids = [f"p{i:02}" for i in range(points)]
    values = [f"v{j:02}" for j in range(options)]
    prefs = {
        f"party{k:02}": Preferences(
            f"party{k:02}",
            weights={p: 1 + (i * k + shift) % 5 for i, p in enumerate(ids)},
            ratings={p: CategoricalRating({v: (j * 7 + k + shift) % 101 for j, v in enumerate(values)}) for p in ids},
        )
        for k in range(parties)
    }
    return Scenario(
        title=f"big {shift}",
        parties=tuple(Party(name, name.title()) for name in prefs),
        points=tuple(Point(p, options=tuple(Option(v) for v in values)) for p in ids),
        preferences=prefs,
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def start(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], env=env(), **kwargs)  # type: ignore[call-overload, no-any-return]


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stdout is not None:
        proc.stdout.close()


def only_temporaries_beside(target: Path) -> None:
    others = [p.name for p in target.parent.iterdir() if p != target]
    assert all(name.startswith(TEMP_PREFIX) for name in others), others


def assert_same_utilities(copy: Scenario, original: Scenario) -> None:
    rng = random.Random(SEED)
    assert sorted(copy.rated_parties) == sorted(original.rated_parties)
    for _ in range(5):
        agreement = {p.id: rng.choice(p.values()) for p in original.points}
        for party in original.rated_parties:
            assert copy.utility(party, agreement) == pytest.approx(original.utility(party, agreement), abs=1e-12)


def kill_while_writing(kind: str, target: Path, versions: Path, longest: float) -> Iterator[int]:
    """Start the writer of ``kind`` rewriting ``target`` from ``versions`` and kill it at a
    seeded random moment (at most ``longest`` seconds in), :data:`KILLS` times; yield after each kill."""
    rng = random.Random(SEED)
    for round_ in range(KILLS):
        proc = start(["-c", WRITER, kind, str(target), str(versions)], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, longest))
        kill(proc)
        yield round_


def test_kill_9_while_writing_a_folder_leaves_the_old_or_the_new_folder_whole(tmp_path: Path) -> None:
    scenarios = [big_scenario(24, 30, 12, 0), big_scenario(16, 30, 12, 3)]
    versions = [genius_files(s) for s in scenarios]
    assert set(versions[1]) < set(versions[0])  # the new output has fewer profiles: none may stay behind
    (tmp_path / "versions.pickle").write_bytes(pickle.dumps(versions))
    target = tmp_path / "out" / "domain"
    write_folder(target, versions[0], force=False)
    for _ in kill_while_writing("folder", target, tmp_path / "versions.pickle", 0.5):
        found = tree(target)
        assert found in versions
        assert_same_utilities(load(target).scenario, scenarios[versions.index(found)])
        only_temporaries_beside(target)


def test_kill_9_while_writing_a_file_leaves_the_old_or_the_new_file_whole(tmp_path: Path) -> None:
    padding = "# a comment line to make the file large enough to be killed in the middle\n" * 30_000
    versions = [(dump_scenario(big_scenario(4, 10, 5, s)) + padding * (1 + s)).encode() for s in (0, 3)]
    assert len(versions[0]) > 2_000_000
    (tmp_path / "versions.pickle").write_bytes(pickle.dumps(versions))
    target = tmp_path / "out" / "scenario.yaml"
    write_file(target, versions[0], force=False)
    for _ in kill_while_writing("file", target, tmp_path / "versions.pickle", 0.3):
        assert target.read_bytes() in versions
        only_temporaries_beside(target)


def test_kill_9_during_accord_export_force(tmp_path: Path) -> None:
    old, new = big_scenario(8, 12, 6, 0), big_scenario(6, 12, 6, 3)
    source = tmp_path / "new.yaml"
    source.write_text(dump_scenario(new))
    target = tmp_path / "out" / "domain"
    write_folder(target, genius_files(old), force=False)
    expected = [genius_files(old), genius_files(new)]
    began = time.monotonic()
    done = start(["-c", ACCORD, "export", str(source), str(tmp_path / "timing")], stdout=subprocess.DEVNULL)
    assert done.wait(timeout=120) == 0
    duration = time.monotonic() - began
    rng = random.Random(SEED)
    for _ in range(KILLS):
        proc = start(["-c", ACCORD, "export", str(source), str(target), "--force"], stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.2) * duration)
        kill(proc)
        found = tree(target)
        assert found in expected
        assert_same_utilities(load(target).scenario, [old, new][expected.index(found)])
        only_temporaries_beside(target)


def test_a_file_size_limit_during_accord_import_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "energy.yaml"
    out.write_text("old")
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, "200", "import", str(BASIC), "-o", str(out), "--force"],
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if not line.startswith("note: ")] == [
        f"error: {out}: cannot write: File too large; "
        "the file is over the size limit of this file system or process; write somewhere else"
    ]
    assert result.stdout == ""
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["energy.yaml"]


def test_a_file_size_limit_during_accord_export_leaves_the_old_folder(tmp_path: Path) -> None:
    source = tmp_path / "new.yaml"
    source.write_text(dump_scenario(big_scenario(6, 10, 5, 3)))
    target = tmp_path / "out"
    old = genius_files(big_scenario(8, 10, 5, 0))
    write_folder(target, old, force=False)
    limit = max(len(data) for data in old.values()) // 2
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), "export", str(source), str(target), "--force"],
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {target}: cannot write: File too large; "
        "the file is over the size limit of this file system or process; write somewhere else"
    ]
    assert tree(target) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml", "out"]
