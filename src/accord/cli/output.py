"""Shared output options and rendering helpers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # rich loads when something is printed, not at every start
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]
ProfilesOption = Annotated[
    str | None,
    typer.Option(
        "--profiles",
        metavar="A,B",
        help="In a GENIUS / GeniusWeb folder with several profiles per side: the profiles to read as parties.",
    ),
]

BargainersOption = Annotated[
    str | None,
    typer.Option(
        "--bargainers",
        metavar="A,B",
        help="The rated parties the fair solutions bargain over (default: the file's `bargainers:`, else its "
        "signatories and guarantors); the others' utilities are reported, not maximised.",
    ),
]

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
"""Characters a terminal would act on rather than show: C0 and C1 controls (ESC starts an
escape sequence that can clear the screen or retitle the window), and the bidirectional
controls that reorder what is printed (Trojan Source, CVE-2021-42574). Tab and newline stay."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``,
    ``\\u202e``), so that text from a file prints as it is written and does nothing else."""
    return _UNSAFE.sub(_visible, str(text))


def plain(text: object) -> Text:
    """Text from a file as a rich Text: printed verbatim, never read as markup (``[draft]``
    stays ``[draft]``), with terminal controls escaped (:func:`clean`)."""
    from rich.text import Text

    return Text(clean(text))


def safe(text: object) -> str:
    """Text from a file for a rich markup string: controls escaped, markup escaped."""
    from rich.markup import escape

    return escape(clean(text))


def count(n: int) -> str:
    """A count for people: ``16,769,286,144``, or ``about 2.7 x 10^196`` past 10^18."""
    if n < 10**18:
        return f"{n:,}"
    digits = str(n)
    return f"about {digits[0]}.{digits[1]} x 10^{len(digits) - 1}"


def id_column(table: Table, header: str, ids: Iterable[str]) -> None:
    """Add a column of ids that is never cut: ids are what a user types next, so the
    column is as wide as its longest id and the prose columns wrap instead."""
    width = max((len(clean(i)) for i in ids), default=0)
    table.add_column(header, no_wrap=True, min_width=max(width, len(header)))


def prose_column(table: Table, header: str, cells: Iterable[str], **options: Any) -> None:
    """Add a column of prose that wraps between words but never cuts one: it is at least
    as wide as its longest word (an id such as ``nato-membership=constitutional-ban``)."""
    width = max((len(word) for cell in cells for word in clean(cell).split()), default=0)
    table.add_column(header, min_width=max(width, 1), overflow="fold", **options)


def column_groups(total: int, key: int, widths: list[int]) -> list[list[int]]:
    """Split columns of the given ``widths`` into groups that fit, with a key column of
    width ``key``, a table of ``total`` characters (each column costs 3 more for its
    border and padding); each group becomes a table of its own, so nothing is cut."""
    groups: list[list[int]] = [[]]
    used = key + 4
    for i, w in enumerate(widths):
        if groups[-1] and used + w + 3 > total:
            groups.append([])
            used = key + 4
        groups[-1].append(i)
        used += w + 3
    return groups


def console() -> Console:
    """A console on stdout (made per call so tests capture it)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


LONG_LIST = 100
"""Lists of objects longer than this are printed one compact item per line."""


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (see :func:`json_text`)."""
    typer.echo(json_text(data))


def json_text(data: Any, level: int = 0) -> str:
    """``data`` as JSON indented by two spaces, except that a list of more than
    :data:`LONG_LIST` objects or lists has one compact item per line (a frontier of 12,000
    points prints in a tenth of the time, and reads better: one point per line)."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(data, dict) and data:
        items = [f"{inner}{_compact(str(k))}: {json_text(v, level + 1)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and data:
        long = len(data) > LONG_LIST and all(isinstance(v, dict | list) for v in data)
        items = [inner + (_compact(v) if long else json_text(v, level + 1)) for v in data]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return _compact(data)


def _compact(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    return _UNSAFE.sub(_json_escape, text)  # json escapes C0 controls; these are the others


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        min=0,
        help="Stop after SECONDS (default 60): solutions cut short are the best found, marked not proven optimal.",
    ),
]


@contextmanager
def working(message: str) -> Iterator[Callable[[str, float], None]]:
    """A progress bar on stderr while a long computation runs (only on a terminal); yields
    the ``progress(message, fraction)`` callback the library calls between steps."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    if not err.is_terminal:
        yield lambda _message, _fraction: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(message + "...", total=1.0)

        def progress(step: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=f"{message}: {clean(step)}")

        yield progress
