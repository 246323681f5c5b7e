"""accord.formats.atomic: outputs written whole or not at all, and every OS error one line.

Real failures wherever the system gives them to a test (a file where a folder is expected,
a name too long, /proc, /dev/full, a folder without write permission); disk-full and
read-only failures in the middle of a write are injected with unittest.mock. The file-size
limit (EFBIG) and kill -9 are in tests/integration/test_fault_injection.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from accord.errors import OutputError
from accord.formats import atomic
from accord.formats.atomic import TEMP_PREFIX, output_error, write_file, write_folder

NOBODY = 65534


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, relative name -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def message(path: Path | str, reason: str, fix: str) -> str:
    return f"{path}: cannot write: {reason}; {fix}"


# -- write_file ----------------------------------------------------------------------


def test_write_file_creates_missing_folders_and_writes_text_as_utf8(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.yaml"
    assert write_file(target, "é\n", force=False) == target
    assert target.read_bytes() == "é\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert write_file(tmp_path / "raw", b"\x00\xff", force=False).read_bytes() == b"\x00\xff"
    assert leftovers(target.parent) == leftovers(tmp_path) == []


def test_write_file_refuses_to_overwrite_without_force_and_keeps_the_mode_with_it(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    target.chmod(0o600)
    with pytest.raises(OutputError) as caught:
        write_file(target, "new", force=False)
    assert str(caught.value) == f"{target}: already exists; choose another name or add --force to overwrite it"
    assert caught.value.path == str(target)
    assert target.read_text() == "old"
    write_file(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_write_file_through_a_symlink_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_file(link, "new", force=True)
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_file(tmp_path, "x", force=True)
    assert str(caught.value) == f"{tmp_path}: is a folder; name a file to write"


@pytest.mark.parametrize("write", ["file", "folder"])
def test_a_file_where_a_folder_is_expected_on_the_way(tmp_path: Path, write: str) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")

    def write_one(target: Path) -> None:
        if write == "file":
            write_file(target, "x", force=True)
        else:
            write_folder(target, {"a": "x"}, force=True)

    for target in (blocker / "out.yaml", blocker / "deeper" / "out.yaml"):
        with pytest.raises(OutputError) as caught:
            write_one(target)
        assert str(caught.value) == f"{target}: cannot write: {blocker} is a file, not a folder; choose another path"
    assert blocker.read_text() == "mine"


def test_a_missing_folder_that_cannot_be_created() -> None:
    target = Path("/proc/accord-no-such-folder/out.yaml")
    with pytest.raises(OutputError) as caught:
        write_file(target, "x", force=False)
    assert str(caught.value) == message(target, "No such file or directory", "check that the folder can exist there")


def test_a_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 300)
    with pytest.raises(OutputError) as caught:
        write_file(target, "x", force=False)
    assert str(caught.value) == message(target, "File name too long", "choose a shorter name")


def test_an_empty_path_is_refused() -> None:
    for write in (lambda: write_file("", "x", force=True), lambda: write_folder("", {}, force=True)):
        with pytest.raises(OutputError, match=r"^an empty output path was given; name a file or folder to write$"):
            write()


def test_a_device_is_written_into_and_dev_full_is_disk_full() -> None:
    assert write_file("/dev/null", "x", force=False) == Path("/dev/null")
    with pytest.raises(OutputError) as caught:
        write_file("/dev/full", "x" * 100_000, force=False)
    assert str(caught.value) == message(
        "/dev/full", "No space left on device", "free some disk space or write somewhere else"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@contextmanager
def without_write_permission(folder: Path) -> Iterator[None]:
    """``folder`` read-only for this process: chmod 555, and as root (whom permissions do
    not stop) the effective user becomes nobody for the duration."""
    folder.chmod(0o555)
    root = os.geteuid() == 0
    try:
        if root:
            os.setegid(NOBODY)
            os.seteuid(NOBODY)
        yield
    finally:
        if root:
            os.seteuid(0)
            os.setegid(0)
        folder.chmod(0o755)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder outside pytest's private tmp tree, so that nobody can reach it."""
    base = Path(tempfile.mkdtemp(prefix="accord-test-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base)


def test_permission_denied_leaves_the_old_file_and_folder(open_folder: Path) -> None:
    locked = open_folder / "locked"
    locked.mkdir()
    (locked / "out.yaml").write_text("old")
    write_folder(locked / "export", {"domain.xml": "old"}, force=False)
    (locked / "export").chmod(0o755)
    with without_write_permission(locked):
        with pytest.raises(OutputError) as file_error:
            write_file(locked / "out.yaml", "new", force=True)
        with pytest.raises(OutputError) as folder_error:
            write_folder(locked / "export", {"domain.xml": "new"}, force=True)
        with pytest.raises(OutputError) as new_error:
            write_file(locked / "sub" / "new.yaml", "new", force=True)
    fix = "check the permissions of the path or write somewhere else"
    assert str(file_error.value) == message(locked / "out.yaml", "Permission denied", fix)
    assert str(folder_error.value) == message(locked / "export", "Permission denied", fix)
    assert str(new_error.value) == message(locked / "sub" / "new.yaml", "Permission denied", fix)
    assert (locked / "out.yaml").read_text() == "old"
    assert tree(locked / "export") == {"domain.xml": b"old"}
    assert sorted(p.name for p in locked.iterdir()) == ["export", "out.yaml"]


def test_permission_denied_by_the_system_even_to_root() -> None:
    with pytest.raises(OutputError) as caught:
        write_file("/sys/accord-test.yaml", "x", force=True)
    assert str(caught.value).startswith("/sys/accord-test.yaml: cannot write: ")
    assert caught.value.__cause__ is not None
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


def _failing_write(after: int, error: BaseException) -> Any:
    """Patch os.write in atomic so that the write after ``after`` bytes raises ``error``."""
    real = os.write
    written = [0]

    def write(fd: int, data: memoryview | bytes) -> int:
        chunk = bytes(data)[: max(1, min(len(data), after - written[0]))]
        if written[0] >= after:
            raise error
        written[0] += len(chunk)
        return real(fd, chunk)

    return mock.patch.object(atomic.os, "write", side_effect=write)


def test_disk_full_in_the_middle_of_a_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    with _failing_write(1000, OSError(errno.ENOSPC, "No space left on device")), pytest.raises(OutputError) as caught:
        write_file(target, "new" * 10_000, force=True)
    assert str(caught.value) == message(
        target, "No space left on device", "free some disk space or write somewhere else"
    )
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_disk_full_in_the_middle_of_a_folder_leaves_the_old_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = {"domain.xml": b"d" * 5000, "a.xml": b"a" * 5000, "b.xml": b"b" * 5000}
    write_folder(out, old, force=False)
    new = {"domain.xml": "D" * 5000, "a.xml": "A" * 5000}
    for after in (0, 4000, 9000):
        with _failing_write(after, OSError(errno.ENOSPC, "No space left on device")), pytest.raises(OutputError):
            write_folder(out, new, force=True)
        assert tree(out) == old
        assert leftovers(tmp_path) == []


def test_an_interrupt_in_the_middle_removes_the_temporary_and_propagates(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    with _failing_write(10, KeyboardInterrupt()), pytest.raises(KeyboardInterrupt):
        write_file(target, "new" * 100, force=True)
    with _failing_write(10, KeyboardInterrupt()), pytest.raises(KeyboardInterrupt):
        write_folder(tmp_path / "f", {"a": "new" * 100}, force=True)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


@pytest.mark.parametrize(
    ("code", "reason", "fix"),
    [
        (errno.EROFS, "Read-only file system", "the file system is read-only; write somewhere else"),
        (errno.EDQUOT, "Disk quota exceeded", "free some space within your disk quota or write somewhere else"),
        (errno.EFBIG, "File too large", "the file is over the size limit of this file system or process; write"),
        (errno.EACCES, "Permission denied", "check the permissions of the path or write somewhere else"),
        (errno.EIO, "Input/output error", "check the path or write somewhere else"),
    ],
)
def test_each_reason_has_its_fix_when_the_rename_fails(tmp_path: Path, code: int, reason: str, fix: str) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old")
    failure = OSError(code, os.strerror(code))
    with mock.patch.object(atomic.os, "replace", side_effect=failure), pytest.raises(OutputError) as caught:
        write_file(target, "new", force=True)
    assert str(caught.value).startswith(message(target, reason, fix))
    assert "\n" not in str(caught.value)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_output_error_without_strerror() -> None:
    err = output_error("x", OSError("strange"))
    assert str(err) == "x: cannot write: strange; check the path or write somewhere else"
    assert err.path == "x"


# -- write_folder --------------------------------------------------------------------


def test_write_folder_writes_every_file_in_order_with_sub_folders(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    files = {"z.xml": "z", "sub/deep/a.png": b"\x89PNG", "sub/b.css": "b"}
    written = write_folder(out, files, force=False)
    assert written == [out / "z.xml", out / "sub" / "deep" / "a.png", out / "sub" / "b.css"]
    assert tree(out) == {"z.xml": b"z", "sub/deep/a.png": b"\x89PNG", "sub/b.css": b"b"}
    assert leftovers(tmp_path / "new") == []


def test_force_replaces_the_whole_folder_and_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_folder(out, {"domain.xml": "1", "stale.xml": "1", "sub/x": "1"}, force=False)
    out.chmod(0o750)
    with pytest.raises(OutputError) as caught:
        write_folder(out, {"domain.xml": "2"}, force=False)
    assert str(caught.value) == (
        f"{out}: is not empty; choose a new or empty folder, or add --force to replace it and all it holds"
    )
    write_folder(out, {"domain.xml": "2"}, force=True)
    assert tree(out) == {"domain.xml": b"2"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_empty_folder_is_filled_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_folder(out, {"a": "1"}, force=False)
    assert tree(out) == {"a": b"1"}


def test_a_file_where_the_folder_should_be_is_refused_even_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("mine")
    with pytest.raises(OutputError) as caught:
        write_folder(target, {"a": "1"}, force=True)
    assert str(caught.value) == f"{target}: is a file, not a folder; choose a folder to write into"
    assert target.read_text() == "mine"


def test_force_never_replaces_the_current_folder_or_one_above_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    (work / "inner").mkdir(parents=True)
    (work / "inner" / "keep.txt").write_text("keep")
    monkeypatch.chdir(work / "inner")
    for target in (Path("."), Path(".."), work):
        with pytest.raises(OutputError, match="will not replace the current folder, a folder above it or the home"):
            write_folder(target, {"a": "1"}, force=True)
    assert (work / "inner" / "keep.txt").read_text() == "keep"


@pytest.mark.parametrize("name", ["", "/abs", "../up", "a/../b", "a//b", "./a", "a\\b"])
def test_names_must_be_plain_relative_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a plain relative file name"):
        write_folder(tmp_path / "out", {name: "x"}, force=False)
    assert list(tmp_path.iterdir()) == []


def test_without_an_atomic_exchange_the_folder_is_swapped_by_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_folder(out, {"a": "1", "b": "1"}, force=False)
    write_folder(out, {"a": "2"}, force=True)
    assert tree(out) == {"a": b"2"}
    assert leftovers(tmp_path) == []
    real_rename = os.rename
    failed: list[Path] = []

    def rename(src: Path, dst: Path) -> None:
        if Path(dst) == out and Path(src).name.startswith(TEMP_PREFIX) and not failed:
            failed.append(Path(src))  # the new folder cannot go in: the old one must come back
            raise OSError(errno.EIO, "Input/output error")
        real_rename(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    with pytest.raises(OutputError, match="Input/output error"):
        write_folder(out, {"a": "3"}, force=True)
    assert failed
    assert tree(out) == {"a": b"2"}
    assert leftovers(tmp_path) == []


def test_the_exchange_reports_errors_and_falls_back_where_unsupported(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    assert atomic._exchange(a, b) is True
    assert (b / "x").read_text() == "a"
    with pytest.raises(FileNotFoundError):
        atomic._exchange(tmp_path / "missing", b)
    with mock.patch.object(atomic.sys, "platform", "darwin"):
        assert atomic._exchange(a, b) is False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Libc:
    """A C library whose renameat2 fails with ``code`` (or that has none, with code None)."""

    def __init__(self, code: int | None) -> None:
        if code is not None:
            self.renameat2 = mock.Mock(return_value=-1)


@pytest.mark.parametrize("code", [None, errno.EINVAL, errno.ENOSYS])
def test_the_exchange_is_unsupported_without_renameat2(tmp_path: Path, code: int | None) -> None:
    with (
        mock.patch.object(atomic.ctypes, "CDLL", return_value=_Libc(code)),
        mock.patch.object(atomic.ctypes, "get_errno", return_value=code or 0),
    ):
        assert atomic._exchange(tmp_path / "a", tmp_path / "b") is False


def test_folder_fsync_is_skipped_where_unsupported(tmp_path: Path) -> None:
    with mock.patch.object(atomic.os, "fsync", side_effect=OSError(errno.EINVAL, "Invalid argument")):
        atomic._fsync_folder(tmp_path)
    with (
        mock.patch.object(atomic.os, "fsync", side_effect=OSError(errno.EIO, "Input/output error")),
        pytest.raises(OSError, match="Input/output"),
    ):
        atomic._fsync_folder(tmp_path)
    with mock.patch.object(atomic.os, "name", "nt"), mock.patch.object(atomic.os, "open") as opened:
        atomic._fsync_folder(tmp_path)
    opened.assert_not_called()


def _dead_pid() -> int:
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_writers_are_removed_by_the_next_write(tmp_path: Path) -> None:
    import time

    from accord.formats.atomic import STALE_SECONDS, TEMP_PREFIX, write_file, write_folder

    dead, old = _dead_pid(), time.time() - STALE_SECONDS - 60
    stale_file = tmp_path / f"{TEMP_PREFIX}{dead}-0a1b2c3d4e5f-out.yaml"
    stale_folder = tmp_path / f"{TEMP_PREFIX}{dead}-0a1b2c3d4e60-site"
    fresh = tmp_path / f"{TEMP_PREFIX}{dead}-0a1b2c3d4e61-out.yaml"  # maybe another machine's, still writing
    alive = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-0a1b2c3d4e62-out.yaml"
    other = tmp_path / f"{TEMP_PREFIX}{dead}-0a1b2c3d4e63-other.yaml"
    for path in (stale_file, fresh, alive, other):
        path.write_text("half")
    stale_folder.mkdir()
    (stale_folder / "a.xml").write_text("half")
    for path in (stale_file, stale_folder, alive, other):
        os.utime(path, (old, old))
    write_file(tmp_path / "out.yaml", "whole", force=False)
    assert not stale_file.exists()
    assert fresh.exists()
    assert alive.exists()
    assert other.exists()  # a leftover of another output is that output's to clear
    write_folder(tmp_path / "site", {"a.xml": "whole"}, force=False)
    assert not stale_folder.exists()
    assert (tmp_path / "site" / "a.xml").read_text() == "whole"


def test_when_in_doubt_a_writer_is_running(tmp_path: Path) -> None:
    assert atomic._running(0)
    assert atomic._running(os.getpid())
    assert not atomic._running(_dead_pid())
    with mock.patch("os.kill", side_effect=PermissionError(errno.EPERM, "not ours")):
        assert atomic._running(12345)
    atomic._remove_leftovers(tmp_path / "missing", "out.yaml")  # nothing to read: nothing done
