"""Reading input files: one size limit and one set of refusals for every reader.

Every reader (accord YAML/JSON, GENIUS XML, GeniusWeb JSON, format detection) reads its
bytes here, so each refuses the same things with the same words: an empty path, a path that
does not exist, a folder where a file is expected, anything that is not a regular file (a
FIFO would block for ever, a device never ends) and a file over :data:`MAX_INPUT_BYTES`.
Folders are listed and refused here too (:func:`visible_files`, :func:`check_folder`,
:func:`subfolders_message`), so the three folder readers say the same thing.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from accord.errors import FileTooLargeError, InputError, UnsupportedFormatError

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


def visible_files(folder: Path) -> list[Path]:
    """The regular files directly in ``folder`` whose names do not start with ``.``, sorted.

    Pipes, sockets and devices are left out: reading one could block for ever.
    """
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and _is_regular(p))


def check_folder(folder: Path | str, what: str) -> Path:
    """``folder`` as a Path; UnsupportedFormatError unless it is a folder (``what`` says what
    belongs in it, e.g. ``"a GENIUS domain"``)."""
    folder = check_path(folder)
    if not folder.is_dir():
        shown = "no such file or folder" if not folder.exists() else "not a folder"
        raise UnsupportedFormatError(
            f"{folder}: {shown}; {what} is a folder with a domain file and its profiles", file=str(folder)
        )
    return folder


def subfolders_message(folder: Path, what: str = "domain") -> str | None:
    """``"<folder>: no <what> here, only sub-folders (a, b, ...); pass one of them"`` when
    ``folder`` holds sub-folders, else None."""
    subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subfolders:
        return None
    shown = ", ".join(subfolders[:5]) + (", ..." if len(subfolders) > 5 else "")
    return f"{folder}: no {what} here, only sub-folders ({shown}); pass one of them"


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


class _DuplicateKey(Exception):
    pass


class _NotJsonNumber(Exception):
    pass


def read_json(path: Path) -> Any:
    """The JSON value in ``path``, read as RFC 8259 says and no looser (size-limited).

    InputError, with the line, for malformed JSON, a key repeated in one object (Python's
    json would keep the last silently), ``NaN``/``Infinity`` (not JSON), an integer too
    long to convert, or nesting too deep for the parser.
    """
    raw = read_limited(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text; save the file as UTF-8", file=str(path)) from err
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}:{err.lineno}:{err.colno}: not valid JSON ({err.msg}); fix the file at that place",
            file=str(path),
            line=err.lineno,
        ) from err
    except _DuplicateKey as err:
        key, line = _first_duplicate(text) or (str(err), None)
        where = f"{path}:{line}" if line is not None else str(path)
        raise InputError(
            f"{where}: key {key!r} appears twice in one object; JSON readers disagree on which one counts, so keep one",
            file=str(path),
            line=line,
        ) from err
    except _NotJsonNumber as err:
        raise InputError(f"{path}: {err} is not a JSON number; write a number (or null)", file=str(path)) from err
    except RecursionError as err:
        raise InputError(f"{path}: JSON nested too deeply to read; flatten the file", file=str(path)) from err
    except ValueError as err:  # an integer of thousands of digits
        raise InputError(
            f"{path}: an integer has more than 4,300 digits, too long to read; shorten the number", file=str(path)
        ) from err


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _NotJsonNumber(name)


def _first_duplicate(text: str) -> tuple[str, int] | None:
    """The first key, in reading order, repeated within one object of ``text``, and its line."""
    objects: list[set[str] | None] = []  # per open container: its keys so far, or None for a list
    expect_key = False
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char == '"':
            j = i + 1
            while j < end and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if expect_key and objects and objects[-1] is not None:
                key = json.loads(text[i : j + 1])
                if key in objects[-1]:
                    return key, text.count("\n", 0, i) + 1
                objects[-1].add(key)
            expect_key = False
            i = j + 1
            continue
        if char == "{":
            objects.append(set())
            expect_key = True
        elif char == "[":
            objects.append(None)
        elif char in "]}" and objects:
            objects.pop()
        elif char == ",":
            expect_key = bool(objects) and objects[-1] is not None
        i += 1
    return None
