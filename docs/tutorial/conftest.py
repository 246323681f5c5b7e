"""The tutorial's Python examples run where a reader runs them: in a folder that holds the
reader's own ``labour.yaml`` (the finished tutorial file, ``examples/tutorial-labour.yaml``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples" / "tutorial-labour.yaml"


@pytest.fixture(autouse=True)
def readers_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in a fresh folder holding ``labour.yaml``, as a reader of the tutorial would."""
    shutil.copy(EXAMPLE, tmp_path / "labour.yaml")
    monkeypatch.chdir(tmp_path)
