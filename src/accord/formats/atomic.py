"""Writing output files and folders: never lost, never half-written. The one place accord
writes.

Every file or folder accord produces (``import -o``, ``export``, plots, reports) is written
by :func:`write_file` or :func:`write_folder`, from bytes or text held in memory:

* :func:`write_file` writes the bytes to a temporary file in the target's folder, flushes
  and fsyncs it, puts it in place with ``os.replace`` (atomic on POSIX) and fsyncs the
  folder, so the rename itself survives a power cut. At every moment the target is the old
  file whole or the new one whole.
* :func:`write_folder` builds the whole folder beside the target (a temporary sibling),
  fsyncs every file and folder in it, then swaps it in. On Linux the swap is one
  ``renameat2(RENAME_EXCHANGE)`` call, atomic like ``os.replace``; elsewhere the old
  folder is renamed aside and the new one renamed in, which leaves the target missing for
  the instant between the two renames. The old folder is then removed: nothing of the old
  output survives (no stale profiles).

Both create missing parent folders, refuse to replace an existing output unless ``force``
is given, and on any failure remove what they created and leave the old output untouched.
A process killed at the wrong moment may leave a temporary file or folder beside the
target, named ``.accord-tmp-<pid>-<random>-<name>`` (hidden; no reader takes it for the
output); it is never the output. The next write of the same target removes such leftovers
when the process that made them is gone from this machine and they are older than
:data:`STALE_SECONDS` (both conditions, so that a writer on another machine sharing the
folder is never disturbed).

A target that exists but is neither a regular file nor a folder (a terminal, a pipe,
``/dev/null``) is written straight into: there is no old file to lose.

Every ``OSError`` becomes :class:`accord.errors.OutputError`, one line naming the path,
the reason (``strerror``) and a fix, such as
``out/x.yaml: cannot write: No space left on device; free some disk space or write
somewhere else``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from accord.errors import OutputError

TEMP_PREFIX = ".accord-tmp-"
"""Start of the name of every temporary file and folder accord creates beside an output."""

STALE_SECONDS = 600
"""How old a leftover temporary entry of a dead process must be before a write removes it."""

_FIXES = {
    errno.ENOSPC: "free some disk space or write somewhere else",
    errno.EDQUOT: "free some space within your disk quota or write somewhere else",
    errno.EFBIG: "the file is over the size limit of this file system or process; write somewhere else",
    errno.EACCES: "check the permissions of the path or write somewhere else",
    errno.EPERM: "check the permissions of the path or write somewhere else",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EISDIR: "name a file, not a folder",
    errno.ENAMETOOLONG: "choose a shorter name",
    errno.ENOENT: "check that the folder can exist there",
    errno.EBUSY: "the path is in use (a mount point?); choose another path",
}
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_file(path: Path | str, data: bytes | str, *, force: bool) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to the file ``path`` atomically; return ``path``.

    Refuses a folder at ``path``, and an existing file unless ``force``; creates missing
    parent folders. Raises OutputError on any failure, leaving an existing file untouched.
    """
    shown = _given(path)
    target = Path(os.path.realpath(shown))
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        mode = _existing_file_mode(target, shown, force)
        if mode is not None and not stat.S_ISREG(mode):
            _write_into(target, payload)
            return shown
        folder = _make_parents(target, shown)
        _remove_leftovers(folder, target.name)
        temp = folder / _temp_name(target.name)
        try:
            _write_new(temp, payload, None if mode is None else stat.S_IMODE(mode))
            os.replace(temp, target)
        except BaseException:
            _remove_file(temp)
            raise
        _fsync_folder(folder)
    except OSError as err:
        raise output_error(shown, err) from err
    return shown


def write_folder(path: Path | str, files: Mapping[str, bytes | str], *, force: bool) -> list[Path]:
    """Write ``files`` (relative name -> content) as the folder ``path``, replacing it whole;
    return the paths written, in the order of ``files``.

    Refuses a file at ``path``, and a non-empty folder unless ``force`` (even then, not the
    current folder, one of its parents, the home folder or a root). Names may hold ``/``
    for sub-folders. Raises OutputError on any failure, leaving an existing folder whole.
    """
    shown = _given(path)
    target = Path(os.path.realpath(shown))
    members = {name: _member(name) for name in files}
    try:
        old_mode = _existing_folder_mode(target, shown, force)
        parent = _make_parents(target, shown)
        _remove_leftovers(parent, target.name)
        temp = parent / _temp_name(target.name)
        os.mkdir(temp)
        try:
            _fill(temp, {members[name]: data for name, data in files.items()})
            if old_mode is not None:
                os.chmod(temp, stat.S_IMODE(old_mode))
            old = _swap_in(temp, target, exists=old_mode is not None)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        _fsync_folder(parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as err:
        raise output_error(shown, err) from err
    return [shown.joinpath(*members[name].parts) for name in files]


def output_error(path: Path | str, err: OSError) -> OutputError:
    """The one-line OutputError for ``err`` raised while writing ``path``: the path, the
    reason and a fix (for callers that must hand a path to another library's writer)."""
    reason = err.strerror or str(err)
    fix = _FIXES.get(err.errno or 0, "check the path or write somewhere else")
    return OutputError(f"{path}: cannot write: {reason}; {fix}", path=str(path))


def _given(path: Path | str) -> Path:
    if str(path) == "":
        raise OutputError("an empty output path was given; name a file or folder to write", path="")
    return Path(path)


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a file above it: _make_parents names it
        return None


def _existing_file_mode(target: Path, shown: Path, force: bool) -> int | None:
    mode = _mode(target)
    if mode is None:
        return None
    if stat.S_ISDIR(mode):
        raise OutputError(f"{shown}: is a folder; name a file to write", path=str(shown))
    if stat.S_ISREG(mode) and not force:
        raise OutputError(
            f"{shown}: already exists; choose another name or add --force to overwrite it", path=str(shown)
        )
    return mode


def _existing_folder_mode(target: Path, shown: Path, force: bool) -> int | None:
    mode = _mode(target)
    if mode is None:
        return None
    if not stat.S_ISDIR(mode):
        raise OutputError(f"{shown}: is a file, not a folder; choose a folder to write into", path=str(shown))
    with os.scandir(target) as entries:
        if next(entries, None) is None:
            return mode
    if not force:
        raise OutputError(
            f"{shown}: is not empty; choose a new or empty folder, or add --force to replace it and all it holds",
            path=str(shown),
        )
    cwd, home = Path.cwd().resolve(), Path(os.path.expanduser("~")).resolve()
    if target in (cwd, *cwd.parents, home) or target.parent == target:
        raise OutputError(
            f"{shown}: will not replace the current folder, a folder above it or the home folder; "
            "choose a folder of its own for the output",
            path=str(shown),
        )
    return mode


def _make_parents(target: Path, shown: Path) -> Path:
    """Create the folders above ``target``; say which part of the path is a file, if one is."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as err:
        blocker = next((p for p in shown.parents if p.is_file()), parent)
        raise OutputError(
            f"{shown}: cannot write: {blocker} is a file, not a folder; choose another path", path=str(shown)
        ) from err
    return parent


def _temp_name(name: str) -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}-{name[:50]}"


def _remove_leftovers(folder: Path, name: str, *, now: float | None = None) -> None:
    """Remove the temporary entries for ``name`` in ``folder`` that a process left when it
    was killed: its pid is no longer running here, and the entry is older than
    :data:`STALE_SECONDS`. Best effort: what cannot be removed stays."""
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        parts = entry.name[len(TEMP_PREFIX) :].split("-", 2)
        if not entry.name.startswith(TEMP_PREFIX) or len(parts) != 3 or parts[2] != name[:50]:
            continue
        with contextlib.suppress(OSError, ValueError):
            if _running(int(parts[0])) or now - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (when in doubt, yes)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is not ours to signal
        return True
    return True


def _member(name: str) -> PurePosixPath:
    """A relative file name inside the folder (``a.xml``, ``sub/b.png``); ValueError otherwise."""
    member = PurePosixPath(name)
    if not name or member.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")) or "\\" in name:
        raise ValueError(f"not a plain relative file name: {name!r}")
    return member


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _write_new(path: Path, payload: bytes, mode: int | None) -> None:
    """Create ``path`` (it must not exist), write ``payload``, fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        if mode is not None:
            os.chmod(path, mode)
        _write_all(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_into(path: Path, payload: bytes) -> None:
    """Write into an existing non-regular file (a terminal, a pipe, a device)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        _write_all(fd, payload)
    finally:
        os.close(fd)


def _fill(root: Path, files: Mapping[PurePosixPath, bytes | str]) -> None:
    """Write every file under ``root``, then fsync every folder, deepest first."""
    folders = {root}
    for member, data in files.items():
        path = root.joinpath(*member.parts)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.update(p for p in path.parents if p.is_relative_to(root))
        _write_new(path, data.encode("utf-8") if isinstance(data, str) else bytes(data), None)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        _fsync_folder(folder)


def _swap_in(temp: Path, target: Path, *, exists: bool) -> Path | None:
    """Put the folder ``temp`` at ``target``; return where the old folder now is (or None)."""
    if not exists:
        os.rename(temp, target)
        return None
    if _exchange(temp, target):
        return temp
    aside = target.parent / _temp_name(target.name)
    os.rename(target, aside)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(aside, target)
        raise
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one atomic step (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename, a new file) durable; a no-op where folders
    cannot be opened (Windows) or synced (some network file systems)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as err:
        if err.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _remove_file(path: Path) -> None:
    # Called while another error propagates: that error is the one to report, not this one.
    with contextlib.suppress(OSError):
        os.unlink(path)
