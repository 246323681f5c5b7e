"""What the store and its tests need: PostgreSQL's server programs (the tests fail, naming the fix,
when they are missing; they never skip, since a skipped test would count as passed) and the
workbench extra (accord.store names it when missing)."""

from __future__ import annotations

import shutil

import pytest

import postgres


def test_missing_server_programs_fail_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match=r"install Debian's postgresql \(apt-get install postgresql"):
        postgres.server_bin(search=("/nonexistent/*/bin",))


def test_the_server_programs_are_found() -> None:
    folder = postgres.server_bin()
    assert (folder / "initdb").is_file()
    assert (folder / "pg_ctl").is_file()


def test_without_the_extra_the_store_names_it() -> None:
    """Importing accord.store without SQLAlchemy says which extra to install."""
    import subprocess
    import sys

    code = "import sys; sys.modules['sqlalchemy'] = None; import accord.store"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "pip install 'accord[workbench]'" in done.stderr
