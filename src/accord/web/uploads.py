"""A negotiation from uploaded files: one accord scenario file (YAML or JSON), or the files
of a GENIUS or GeniusWeb folder (a domain and its profiles), read by the same readers as
``accord import`` (:func:`accord.formats.detect.load`) from a private temporary folder."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePath

from accord.errors import AccordError
from accord.formats.atomic import write_file
from accord.formats.detect import load
from accord.model import Scenario
from accord.web.errors import ApiError, from_accord


def read_upload(files: Sequence[tuple[str, bytes]], limit: int) -> Scenario:
    """The scenario the uploaded ``(filename, content)`` pairs hold; 413 over ``limit``
    bytes in all, 422 (with the reader's message, naming the file) for anything else."""
    if not files:
        raise ApiError(422, "choose a scenario file (accord YAML or JSON), or a GENIUS or GeniusWeb folder's files")
    if sum(len(data) for _, data in files) > limit:
        raise ApiError(413, f"the upload is larger than {limit // (1024 * 1024)} MB; upload a smaller scenario")
    with tempfile.TemporaryDirectory(prefix="accord-upload-") as folder:
        root = Path(folder)
        names = []
        for name, data in files:
            base = PurePath(name.replace("\\", "/")).name
            if not base or base.startswith("."):
                raise ApiError(422, f"{name!r} is not a file name; upload files with their names")
            if base in names:
                raise ApiError(422, f"two uploaded files are called {base!r}; upload each file once")
            write_file(root / base, data, force=False)  # the one writer of files
            names.append(base)
        target = root / names[0] if len(names) == 1 else root
        try:
            return load(target).scenario
        except AccordError as err:
            raised = from_accord(err)
            if raised.status == 400:  # a file the readers refuse is content that does not fit
                raised.status, raised.code = 422, "invalid"
            raised.message = raised.message.replace(f"{root}/", "").replace(str(root), "the uploaded folder")
            raise raised from None
