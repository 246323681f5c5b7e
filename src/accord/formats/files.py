"""Reading input files: one size limit and one set of refusals for every reader.

Every reader (accord YAML/JSON, GENIUS XML, GeniusWeb JSON, format detection) reads its
bytes here, so each refuses the same things with the same words: an empty path, a path that
does not exist, a folder where a file is expected, anything that is not a regular file (a
FIFO would block for ever, a device never ends) and a file over :data:`MAX_INPUT_BYTES`.
"""

from __future__ import annotations

import stat
from pathlib import Path

from accord.errors import FileTooLargeError, InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest input file accord reads (20 MiB); the largest ANAC file is under 1 MiB and the
flagship scenario under 40 KiB."""


def check_path(path: Path | str) -> Path:
    """``path`` as a Path, refusing an empty one (``""`` would otherwise mean the current folder)."""
    if str(path) == "":
        raise InputError("an empty path was given; name a scenario file or a folder", file="")
    return Path(path)


def read_limited(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path``; FileTooLargeError past ``limit``, InputError
    if it is missing, a folder, not a regular file, or unreadable."""
    path = check_path(path)
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}; check the path", file=str(path)) from err
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder, not a file", file=str(path))
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{path}: not a regular file (a pipe, socket or device); save the content to a file and pass that",
            file=str(path),
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror})", file=str(path)) from err
    if len(data) > limit:
        raise FileTooLargeError(
            f"{path}: more than {limit:,} bytes, over the limit for an input file; split or shrink the file",
            file=str(path),
        )
    return data
