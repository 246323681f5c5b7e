"""Format detection by content: accord files, GENIUS folders, GeniusWeb folders, and the rest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from accord.errors import InputError, ScenarioError, UnknownIdError, UnsupportedFormatError
from accord.formats.detect import _has_accord_key, detect, load

DATA = Path(__file__).parents[2] / "data"


@pytest.mark.parametrize("name", ["wage-talks.yaml", "wage-talks.json"])
def test_accord_files(name: str) -> None:
    path = DATA / "scenario" / "valid" / name
    assert detect(path) == "accord"
    imported = load(path)
    assert imported.scenario.title == "Two-party wage talks"
    assert imported.notes == ()


def test_accord_file_with_any_name_is_read_by_content(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    shutil.copy(DATA / "scenario" / "valid" / "wage-talks.yaml", path)
    assert load(path).scenario.origin == "accord"


def test_accord_key_with_wrong_version_goes_to_the_accord_loader(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("accord: 2\ntitle: x\n")
    with pytest.raises(ScenarioError, match="unsupported format version 2"):
        load(path)


def test_genius_folder_is_detected_whatever_the_file_names(tmp_path: Path) -> None:
    for source in (DATA / "genius" / "valid" / "bare").iterdir():
        shutil.copy(source, tmp_path / (source.stem + ".data"))
    assert detect(tmp_path) == "genius"
    assert load(tmp_path).scenario.origin == "genius"


def test_geniusweb_folder(tmp_path: Path) -> None:
    folder = DATA / "geniusweb" / "valid" / "trip"
    assert detect(folder) == "geniusweb"
    imported = load(folder)
    assert imported.scenario.origin == "geniusweb"
    assert len(imported.notes) == 4
    assert imported.notes[-1].endswith("parties read from profiles: 'ann' <- ann.json, 'ben' <- ben.json")


def test_single_genius_or_geniusweb_file_asks_for_the_folder() -> None:
    for path in (DATA / "genius" / "valid" / "basic" / "alice.xml", DATA / "geniusweb" / "valid" / "trip" / "ann.json"):
        with pytest.raises(UnsupportedFormatError, match="pass the folder that holds the domain"):
            load(path)


def test_other_file_says_what_was_expected(tmp_path: Path) -> None:
    for content in ("title: no version\n", '{"SAOPSettings": {}}', "[1, 2]", "a: b: c", "{broken json"):
        path = tmp_path / "x.yaml"
        path.write_text(content)
        with pytest.raises(UnsupportedFormatError, match="not an accord scenario") as info:
            load(path)
        assert "GENIUS domain (XML)" in str(info.value)


def test_binary_file_is_not_a_scenario(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(UnsupportedFormatError, match="not an accord scenario"):
        load(path)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="no such file or folder"):
        load(tmp_path / "nothing")


def test_empty_folder_and_folder_of_folders(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="no GENIUS XML or GeniusWeb JSON domain found"):
        load(tmp_path)
    (tmp_path / "a").mkdir()
    with pytest.raises(UnsupportedFormatError, match=r"only sub-folders \(a\)"):
        load(tmp_path)


def test_folder_with_unrelated_json_is_not_geniusweb(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"SAOPSettings": {}}')
    (tmp_path / "y.json").write_text("{not json")
    with pytest.raises(UnsupportedFormatError, match="no GENIUS XML or GeniusWeb JSON"):
        detect(tmp_path)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("accord: 1\ntitle: x\n", True),
        ("title: x\naccord: 1\n", True),
        ('{"accord": 1}', True),
        ("title: {accord: 1}\n", False),
        ("- accord\n", False),
        ("a: [accord]\nb: {c: d}\naccord: 2\n", True),
        ("x: &a [1]\ny: *a\naccord: 1\n", True),
        ("title: x\n---\naccord: 1\n", False),
        ("accord", False),
        ("", False),
    ],
)
def test_top_level_accord_key(text: str, found: bool) -> None:
    assert _has_accord_key(text.encode()) is found


def test_empty_path_is_refused_not_read_as_the_current_folder() -> None:
    with pytest.raises(InputError, match="an empty path was given"):
        load("")
    with pytest.raises(InputError, match="an empty path was given"):
        detect("")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"pipe\.yaml: not a regular file"):
        load(fifo)


def test_fifo_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    for source in (DATA / "genius" / "valid" / "bare").iterdir():
        shutil.copy(source, tmp_path / source.name)
    os.mkfifo(tmp_path / "pipe.xml")
    assert [p.id for p in load(tmp_path).scenario.parties] == ["first", "second"]


def test_profiles_are_handed_to_the_folder_readers() -> None:
    genius = load(DATA / "genius" / "valid" / "basic", profiles=["bob", "alice"])
    assert [p.id for p in genius.scenario.parties] == ["bob", "alice"]
    web = load(DATA / "geniusweb" / "valid" / "trip", profiles=("ben", "ann"))
    assert [p.id for p in web.scenario.parties] == ["ben", "ann"]
    with pytest.raises(UnknownIdError, match="unknown profile 'carol'"):
        load(DATA / "genius" / "valid" / "basic", profiles=["alice", "carol"])
    with pytest.raises(InputError, match="picks profiles in a GENIUS or GeniusWeb folder only"):
        load(DATA / "scenario" / "valid" / "wage-talks.yaml", profiles=["a", "b"])


def test_a_model_error_while_reading_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.errors import ModelError

    def odd(*args: object, **kwargs: object) -> None:
        raise ModelError("Preferences of 'p': weights['t'] is nan; give a finite number")

    monkeypatch.setattr("accord.formats.scenario_v1.load", odd)
    path = tmp_path / "s.yaml"
    path.write_text("accord: 1\n")
    with pytest.raises(InputError, match=r"s\.yaml: Preferences of 'p': weights\['t'\] is nan"):
        load(path)
