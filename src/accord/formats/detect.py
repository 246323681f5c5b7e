"""Open any scenario accord reads, recognised by content rather than by name.

* a file whose YAML or JSON has a top-level ``accord`` key: accord scenario format v1;
* a folder holding a GENIUS domain (an XML file whose root is ``<negotiation_template>`` or
  ``<utility_space>``): :func:`accord.formats.genius_xml.read_genius`;
* a folder holding GeniusWeb JSON (a domain with ``issuesValues`` or a
  ``LinearAdditiveUtilitySpace`` profile): :func:`accord.formats.geniusweb_json.read_geniusweb`.

Anything else raises UnsupportedFormatError saying what was expected.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from accord.errors import InputError, ModelError, UnsupportedFormatError
from accord.formats.files import MAX_INPUT_BYTES, check_path, read_limited, subfolders_message, visible_files
from accord.formats.genius_xml import has_genius_root, read_genius
from accord.formats.geniusweb_json import kind_of, load_json, looks_like_json, read_geniusweb
from accord.formats.imported import Imported
from accord.formats.json_source import has_top_level_key

MAX_SCENARIO_BYTES = MAX_INPUT_BYTES
_EXPECTED = (
    "accord reads an accord scenario file (YAML or JSON starting with `accord: 1`), or a folder "
    "holding a GENIUS domain (XML) or a GeniusWeb domain (JSON) with its profiles"
)


def load(path: Path | str, *, profiles: Sequence[str] | None = None) -> Imported:
    """Read the scenario at ``path``, whatever its format (see the module docstring).

    ``profiles`` picks, in a GENIUS or GeniusWeb folder, the profiles to read as parties
    (file names without extension); None reads them all. The empty path, a missing path
    and anything that is neither a regular file nor a folder (a FIFO, a device) are refused.
    """
    path = check_path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as err:
        raise UnsupportedFormatError(f"{path}: no such file or folder", file=str(path)) from err
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}; check the path", file=str(path)) from err
    try:
        if stat.S_ISDIR(mode):
            return _load_folder(path, profiles)
        if not stat.S_ISREG(mode):
            read_limited(path)  # refuses pipes, sockets and devices in the words every reader uses
        return _load_file(path, profiles)
    except ModelError as err:  # a reader built a model object its own checks let through
        raise InputError(f"{path}: {err}", file=str(path)) from err


def detect(path: Path | str) -> str:
    """The format at ``path``: ``"accord"``, ``"genius"`` or ``"geniusweb"``; else UnsupportedFormatError."""
    path = check_path(path)
    if path.is_dir():
        files = visible_files(path)
        if any(has_genius_root(p) for p in files):
            return "genius"
        if any(looks_like_json(p) and kind_of(_json_or_none(p)) != "other" for p in files):
            return "geniusweb"
        raise UnsupportedFormatError(_folder_message(path), file=str(path))
    if _has_accord_key(read_limited(path, MAX_SCENARIO_BYTES)):
        return "accord"
    raise UnsupportedFormatError(_file_message(path), file=str(path))


def _load_folder(folder: Path, profiles: Sequence[str] | None) -> Imported:
    if detect(folder) == "genius":
        return read_genius(folder, profiles=profiles)
    return read_geniusweb(folder, profiles=profiles)


def _load_file(path: Path, profiles: Sequence[str] | None) -> Imported:
    detect(path)
    if profiles is not None:
        raise InputError(
            f"{path}: an accord scenario file; profiles=... picks profiles in a GENIUS or GeniusWeb folder "
            "only, so leave it out",
            file=str(path),
        )
    from accord.formats import scenario_v1  # written alongside; imported when needed

    return Imported(scenario_v1.load(path), ())


def _json_or_none(path: Path) -> Any:
    try:
        return load_json(path)
    except InputError:  # unreadable or malformed JSON is no evidence of GeniusWeb
        return None


def _has_accord_key(data: bytes) -> bool:
    """Whether the document's top level is a mapping with an ``accord`` key (no alias expansion)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if text.lstrip().startswith("{") and has_top_level_key(text, "accord"):
        return True  # iterative and converts no number: no RecursionError, no 5,000-digit int
    return _yaml_top_keys_include(text, "accord")


def _yaml_top_keys_include(text: str, key: str) -> bool:
    """Whether the first YAML document is a mapping with ``key``; reads events, expands nothing."""
    stack: list[list[bool]] = []  # per open container: [is_mapping, next node is a key]
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.DocumentEndEvent):
                return False
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if stack and stack[-1][0]:
                is_key = stack[-1][1]
                stack[-1][1] = not is_key
                if is_key and len(stack) == 1 and isinstance(event, yaml.ScalarEvent) and event.value == key:
                    return True
            if isinstance(event, yaml.MappingStartEvent):
                stack.append([True, True])
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append([False, False])
    except yaml.YAMLError:
        return False
    return False


def _file_message(path: Path) -> str:
    if has_genius_root(path) or (looks_like_json(path) and kind_of(_json_or_none(path)) != "other"):
        return f"{path}: a GENIUS or GeniusWeb file on its own; pass the folder that holds the domain and its profiles"
    return f"{path}: not an accord scenario (no top-level `accord:` key); {_EXPECTED}"


def _folder_message(folder: Path) -> str:
    only_subfolders = subfolders_message(folder)
    if only_subfolders is not None:
        return only_subfolders
    return f"{folder}: no GENIUS XML or GeniusWeb JSON domain found; {_EXPECTED}"
