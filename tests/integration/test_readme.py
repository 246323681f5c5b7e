"""Every command in the README runs as written, and so does its Python snippet.

Each `accord ...` line of the README's ```sh blocks runs as a process
(``python -m accord``, the same as the ``accord`` command) in a temporary
working folder that holds a copy of ``examples/`` and, beside it, a ``shared`` link to the
repository's ``../shared`` (so ``../shared/data/...`` resolves and the outputs, such as
``out/`` and ``energy.yaml``, never land in the repository). The line is split as a shell
would (comments dropped, globs expanded in that folder) and must exit 0.
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"
ACCORD = [sys.executable, "-m", "accord"]


def _blocks(language: str) -> list[str]:
    """The bodies of the README's fenced blocks in ``language``."""
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(), flags=re.MULTILINE | re.DOTALL)


def readme_commands() -> list[str]:
    """Every line of a ```sh block that starts with ``accord``, without its comment."""
    lines = (line for block in _blocks("sh") for line in block.splitlines())
    return [" ".join(shlex.split(line, comments=True)) for line in lines if line.startswith("accord ")]


def _marks(command: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.shared_data] if "../shared/" in command else []


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working folder with ``examples/`` and ``../shared`` as in a clone of the repository."""
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    if SHARED.is_dir():
        (tmp_path / "shared").symlink_to(SHARED, target_is_directory=True)
    return work


def _expand(arg: str, cwd: Path) -> list[str]:
    """A shell's glob expansion of ``arg`` in ``cwd`` (the argument itself when nothing matches)."""
    if not any(c in arg for c in "*?["):
        return [arg]
    return sorted(glob.glob(arg, root_dir=cwd)) or [arg]


def test_the_readme_has_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 8
    assert any("--plot" in c for c in commands)


@pytest.mark.parametrize("command", [pytest.param(c, id=c, marks=_marks(c)) for c in readme_commands()])
def test_readme_command_runs(command: str, workdir: Path) -> None:
    if "../shared/" in command and not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    args = [a for arg in shlex.split(command)[1:] for a in _expand(arg, workdir)]
    done = subprocess.run([*ACCORD, *args], cwd=workdir, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{command}\nexit {done.returncode}\n{done.stderr}"


def test_readme_python_snippet_runs(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (snippet,) = _blocks("python")
    monkeypatch.chdir(workdir)
    exec(compile(snippet, str(README), "exec"), {})
