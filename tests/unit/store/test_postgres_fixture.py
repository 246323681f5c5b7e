"""Without PostgreSQL's server programs the store's tests fail, naming the fix; they never
skip (a skipped test would count as passed)."""

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
