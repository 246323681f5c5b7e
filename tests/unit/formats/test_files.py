"""The shared readers of files and folders: folder checks, listings and strict JSON."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.errors import InputError, UnsupportedFormatError
from accord.formats.files import check_folder, read_json, subfolders_message, visible_files


def test_visible_files_skip_hidden_files_folders_and_pipes(tmp_path: Path) -> None:
    for name in ("b.xml", "a.json", ".hidden"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert [p.name for p in visible_files(tmp_path)] == ["a.json", "b.xml"]


def test_check_folder(tmp_path: Path) -> None:
    assert check_folder(str(tmp_path), "a GENIUS domain") == tmp_path
    with pytest.raises(InputError, match="an empty path was given"):
        check_folder("", "a GENIUS domain")
    with pytest.raises(UnsupportedFormatError, match="nope: no such file or folder; a GENIUS domain is a folder"):
        check_folder(tmp_path / "nope", "a GENIUS domain")
    (tmp_path / "f").write_text("x")
    with pytest.raises(UnsupportedFormatError, match="f: not a folder; a GeniusWeb domain is a folder"):
        check_folder(tmp_path / "f", "a GeniusWeb domain")


def test_subfolders_message_names_at_most_five(tmp_path: Path) -> None:
    assert subfolders_message(tmp_path) is None
    for name in "gfedcba":
        (tmp_path / name).mkdir()
    (tmp_path / ".git").mkdir()
    assert subfolders_message(tmp_path, "GENIUS domain") == (
        f"{tmp_path}: no GENIUS domain here, only sub-folders (a, b, c, d, e, ...); pass one of them"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1,\n "b": {"a": 2, "c": [{"a": 1}]},\n "a": 3}', "x.json:3: key 'a' appears twice in one object"),
        ('{"a": {"k": "\\"", \n"k": 2}}', "x.json:2: key 'k' appears twice"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        ('{"a": 1,}', "x.json:1:9: not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
        ('{"a": ' + "9" * 5001 + "}", "an integer has more than 4,300 digits"),
        ('{"a": "\udcff"}', "not UTF-8 text"),
    ],
)
def test_read_json_is_strict(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(InputError, match=message):
        read_json(path)


def test_read_json_reads_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('\ufeff{"a": [1, 2.5e-05, "x"], "b": {"a": null}}', encoding="utf-8")
    assert read_json(path) == {"a": [1, 2.5e-05, "x"], "b": {"a": None}}
