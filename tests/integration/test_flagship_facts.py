"""The flagship example against the case facts, and against the page that explains it.

``docs/explanation/flagship-case.md`` maps the US plan's 28 reported points to the model's
points and lists each draft's authors, parents and open points; each draft's description in
``examples/ukraine-2025.yaml`` ends with the same list of open points. These tests read the
page and the file and fail when the mapping misses a point, names a point that does not
exist, or when the page, a description and a draft's choices disagree. They also hold the
record to its rule: every stance says how it is known, and a ``reported`` stance quotes
words that name its point.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import accord
from accord.model import Basis, Scenario, Source, Stance, StanceKind

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025.yaml"
PAGE = ROOT / "docs" / "explanation" / "flagship-case.md"
NEWS = ROOT.parent / "shared" / "cases" / "ukraine-2025" / "news-kremlin-talks.txt"

# What a quote must contain to name a point: case-insensitive regular expressions (START,
# the treaty, in capitals only, so that "start discussions" does not count).
NAMES: dict[str, tuple[str, ...]] = {
    "recognition": (r"recogni[sz]", r"de facto"),
    "donbas": (r"donbas", r"donetsk", r"territor", r"line of contact", r"eastern", r"free economic zone", r"withdraw"),
    "referendum": (r"referendum",),
    "south-line": (r"kherson", r"zaporizhzhia region", r"line of contact"),
    "army-cap": (r"armed forces", r"\barmy\b", r"\btroops\b", r"military"),
    "nato-membership": (r"nato membership", r"accession to nato", r"nato aspirations", r"join nato"),
    "nato-expansion": (r"expan[ds]", r"enlarge"),
    "nato-troops": (r"troops",),
    "us-guarantee": (r"guarantee", r"article 5"),
    "sanctions": (r"sanction", r"\bg8\b"),
    "frozen-assets": (r"assets",),
    "eu-membership": (r"eu membership", r"european union", r"\beu\b"),
    "reconstruction": (r"reconstruct", r"recovery"),
    "znpp": (r"plant", r"zaporizhzhia", r"znpp"),
    "elections": (r"election",),
    "amnesty": (r"amnesty",),
    "ceasefire": (r"ceasefire", r"cease-fire", r"truce"),
    "implementation": (r"peace council", r"implementation"),
    "sovereignty": (r"sovereign",),
    "non-aggression": (r"non-aggression",),
    "nato-dialogue": (r"dialogue",),
    "us-russia-group": (r"working group", r"us-russia"),
    "russian-law": (r"\blaws?\b", r"legislation"),
    "arms-control": (r"(?-i:\bSTART\b)", r"arms.control", r"non-proliferation"),
    "non-nuclear": (r"non-nuclear", r"nuclear-weapon-free"),
    "tolerance": (r"toleran", r"minorit", r"religio", r"language"),
    "no-force": (r"by force",),
    "grain": (r"grain", r"dnipro", r"black sea", r"kinburn"),
    "prisoners": (r"prisoner", r"all.for.all", r"detainee", r"children"),
}


def scenario() -> Scenario:
    return accord.load(EXAMPLE).scenario


def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def ids_in(text: str) -> list[str]:
    """The ids written in backticks in ``text``."""
    return re.findall(r"`([A-Za-z0-9][A-Za-z0-9._-]*)`", text)


def mapping(text: str) -> dict[int, list[str]]:
    """The page's table: US point number -> the model points its row names."""
    table = text.split("| US point | reported content | model point |", 1)[1].split("\n\n", 1)[0]
    rows: dict[int, list[str]] = {}
    for line in table.strip().splitlines()[1:]:  # the first line is the |---| rule
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 3, f"a row of the mapping has {len(cells)} cells: {line!r}"
        number = int(cells[0])
        assert number not in rows, f"US point {number} has two rows"
        assert cells[1], f"US point {number} has no reported content"
        rows[number] = ids_in(cells[2])
    return rows


def later_points(text: str) -> list[str]:
    """The ids the page lists under "Points from later texts"."""
    section = text.split("### Points from later texts", 1)[1].split("\n#", 1)[0]
    return [ids_in(line)[0] for line in section.splitlines() if line.startswith("- ") and ids_in(line)]


def draft_section(text: str, draft: str) -> str:
    """The page's section on one draft (under its ``### `id` `` heading)."""
    parts = text.split(f"### `{draft}`\n", 1)
    assert len(parts) == 2, f"the page has no section on draft {draft!r}"
    return parts[1].split("\n#", 1)[0]


def listed_after(label: str, text: str) -> list[str] | None:
    """The backticked ids after ``label`` up to the next full stop, [] for "none", None when
    ``label`` is absent."""
    found = re.search(rf"{label}:\s*(.*?)\.(?:\s|$)", " ".join(text.split()))
    if found is None:
        return None
    return [] if found.group(1).strip() == "none" else ids_in(found.group(1))


def open_in_description(description: str) -> list[str] | None:
    """The open points a draft's description lists (plain ids after "Open points:")."""
    found = re.search(r"Open points:\s*(.*?)\.\s*$", " ".join(description.split()))
    if found is None:
        return None
    listed = found.group(1).strip()
    return [] if listed == "none" else [p.strip() for p in listed.split(",")]


def names_point(stance: Stance) -> bool:
    """Whether the stance's quote names its point (``NAMES``)."""
    assert stance.point is not None
    quote = stance.source.quote if stance.source else ""
    return any(re.search(pattern, quote, flags=re.IGNORECASE) for pattern in NAMES[stance.point])


def test_the_mapping_covers_the_28_points_with_real_model_points() -> None:
    rows = mapping(page())
    assert sorted(rows) == list(range(1, 29))
    points = set(scenario().point_ids)
    for number, named in rows.items():
        assert named, f"US point {number} maps to no model point"
        assert set(named) <= points, f"US point {number} names {sorted(set(named) - points)}, not in the example"


def test_every_model_point_has_a_row_or_comes_from_a_later_text() -> None:
    text = page()
    in_table = {p for named in mapping(text).values() for p in named}
    later = later_points(text)
    points = set(scenario().point_ids)
    assert later, "the page lists no point from the later texts"
    assert set(later) <= points
    assert not in_table & set(later), "a point from a later text also maps a US point"
    assert points == in_table | set(later), f"not on the page: {sorted(points - in_table - set(later))}"


def test_each_draft_is_as_the_page_and_its_description_say() -> None:
    text = page()
    s = scenario()
    for draft in s.drafts:
        section = draft_section(text, draft.id)
        open_points = sorted(draft.open_points(s.point_ids))
        on_page = listed_after("Open points", section)
        in_description = open_in_description(draft.description)
        assert on_page is not None, f"the page does not list the open points of {draft.id}"
        assert in_description is not None, f"the description of {draft.id} does not end with its open points"
        assert sorted(on_page) == open_points, f"{draft.id}: the page lists other open points than the file has"
        assert sorted(in_description) == open_points, f"{draft.id}: the description lists other open points"
        assert listed_after("Authors", section) == list(draft.authors), f"{draft.id}: authors differ"
        assert listed_after("Parents", section) == list(draft.parents), f"{draft.id}: parents differ"


def test_geneva_is_the_us_ukraine_revision_of_the_us_text() -> None:
    geneva = scenario().draft("geneva")
    assert geneva.authors == ("us", "ua")
    assert geneva.parents[0] == "us-28"
    chosen = scenario().point("recognition").option(str(geneva.choices["recognition"]))
    assert chosen is not None
    assert "Donetsk and Luhansk" in chosen.text
    assert "Crimea" not in chosen.text.replace("Crimea's", "")  # what was reported, not more


def test_every_stance_has_a_basis_and_a_reported_one_names_its_point() -> None:
    stances = scenario().stances
    assert stances
    for stance in stances:
        where = f"{stance.party} on {stance.draft}/{stance.point or '(whole draft)'}"
        assert stance.basis is not None, f"{where}: no basis"
        if stance.basis == "inferred":
            assert stance.reason.strip(), f"{where}: inferred without a reason"
            continue
        assert stance.source is not None, f"{where}: reported without a source"
        assert stance.source.quote.strip(), f"{where}: reported without a quote"
        if stance.point is not None:
            assert names_point(stance), f"{where}: the quote {stance.source.quote!r} does not name the point"


def test_the_checks_can_fail() -> None:
    """The keyword check refuses a quote that names no point, as Peskov's does."""
    assert set(NAMES) == set(scenario().point_ids)
    peskov = Stance(
        party="ru",
        draft="geneva",
        point="recognition",
        stance=StanceKind.UNACCEPTABLE,
        source=Source(quote="unacceptable to Russia"),
        basis=Basis.INFERRED,
        reason="Peskov named no point",
    )
    assert not names_point(peskov)
    table = "| US point | reported content | model point |\n| --- | --- | --- |\n| 1 | x | `a` |\n"
    assert mapping(table) == {1: ["a"]}
    assert open_in_description("A text. Open points: none.") == []
    assert open_in_description("A text without the list.") is None


@pytest.mark.shared_data
def test_quotes_from_the_case_report_are_verbatim() -> None:
    if not NEWS.is_file():
        pytest.skip(f"{NEWS} is absent")
    report = NEWS.read_text(encoding="utf-8")
    quoted = [s for s in scenario().stances if s.source and "news-kremlin-talks.txt" in s.source.outlet]
    assert len(quoted) >= 5
    for stance in quoted:
        assert stance.source is not None
        assert " ".join(stance.source.quote.split()) in " ".join(report.split()), stance.source.quote


def test_the_preferences_are_still_marked_as_estimates() -> None:
    s = scenario()
    assert "ALL PREFERENCES IN THIS FILE ARE ILLUSTRATIVE ANALYST ESTIMATES" in " ".join(s.description.split())
    assert "# ILLUSTRATIVE ANALYST ESTIMATES, not known facts" in EXAMPLE.read_text(encoding="utf-8")
    assert "illustrative analyst estimate" in " ".join(page().split())
    assert set(s.preferences) == {"us", "ru", "ua", "eu"}
