"""A negotiation as a GENIUS or GeniusWeb folder, zipped for download: the same writers as
``accord export`` (:mod:`accord.formats.genius_write`, :mod:`accord.formats.geniusweb_write`),
with what the format could not hold listed in ``NOTES.txt``."""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from accord.errors import ExportError
from accord.formats.export_common import without_constraints
from accord.formats.genius_write import genius_files, genius_losses
from accord.formats.geniusweb_write import geniusweb_files, geniusweb_losses
from accord.model import Scenario


def zipped(scenario: Scenario, fmt: Literal["genius", "geniusweb"], *, drop_constraints: bool) -> bytes:
    """The folder ``accord export --to FMT`` would write, as a zip; ExportError (422) when
    the scenario has constraints the format cannot hold and ``drop_constraints`` is off."""
    dropped: list[str] = []
    if drop_constraints:
        scenario, dropped = without_constraints(scenario)
    files, losses = (genius_files, genius_losses) if fmt == "genius" else (geniusweb_files, geniusweb_losses)
    try:
        written = files(scenario)
    except ExportError as err:  # the command line's option, as this API spells it
        raise ExportError(str(err).replace("--drop-constraints", "drop_constraints=true")) from None
    notes = [*dropped, *losses(scenario)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(written.items()):
            archive.writestr(name, data)
        if notes:
            archive.writestr("NOTES.txt", "\n".join(notes) + "\n")
    return buffer.getvalue()
