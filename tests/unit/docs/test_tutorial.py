"""The tutorial's Python examples use the public API on the reader's own file.

A reader of the tutorial has ``import accord`` and the ``labour.yaml`` they built, not
accord's internal modules nor the repository's ``examples/`` (the doctests run in a
folder holding ``labour.yaml``: docs/tutorial/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).parents[3] / "docs" / "tutorial"
PAGES = sorted(TUTORIAL.glob("*.md"))


def python_lines(page: Path) -> list[str]:
    """The lines of the page's Python examples (prompts ``>>>`` and ``...``)."""
    return [line[4:] for line in page.read_text().splitlines() if line.startswith((">>> ", "... "))]


def test_there_are_tutorial_pages_with_python() -> None:
    assert any(python_lines(page) for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_import_only_the_public_api(page: Path) -> None:
    internal = [line for line in python_lines(page) if re.search(r"\b(from|import)\s+accord\.", line)]
    assert internal == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_read_the_readers_own_file(page: Path) -> None:
    repository_paths = [line for line in python_lines(page) if "examples/" in line]
    assert repository_paths == []
