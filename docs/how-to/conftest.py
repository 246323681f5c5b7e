"""The how-to pages' Python examples run in a scratch folder that shows the repository's
``examples/`` and ``tests/`` (symbolic links), so that files they write, such as
``harder.yaml``, never land in the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in a fresh folder where ``examples/`` and ``tests/`` are the repository's."""
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
