"""Print the report to PDF with headless Chromium (an optional program: Debian's
``chromium``), atomically: Chromium prints into a private temporary folder, and the bytes
reach the target through :func:`accord.formats.atomic.write_file`.

Chromium is started without network access to anything but the page's own file, with
the flags of a quiet headless run (no first-run, sync, component updates or background
networking); the page itself requests nothing (its Content-Security-Policy forbids it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from accord.errors import MissingToolError, OutputError
from accord.formats.atomic import write_file

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
TIMEOUT = 120.0


def chromium() -> str:
    """The Chromium to run: ``$ACCORD_CHROMIUM``, else the first of :data:`CANDIDATES` on
    the PATH; MissingToolError naming how to install it."""
    given = os.environ.get("ACCORD_CHROMIUM")
    if given:
        if shutil.which(given) is None:
            raise MissingToolError("a PDF", f"ACCORD_CHROMIUM={given}", "point it at a Chromium executable")
        return given
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise MissingToolError(
        "a PDF", "Chromium", "install it (Debian: apt-get install chromium) or set ACCORD_CHROMIUM to its path"
    )


def write_pdf(html: str, target: Path | str, *, force: bool) -> Path:
    """Print ``html`` to a PDF at ``target``; OutputError if Chromium fails or times out."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="accord-pdf-") as folder:
        page = Path(folder) / "brief.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(folder) / "brief.pdf"
        command = [exe, *FLAGS, f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={printed}"]
        try:
            run = subprocess.run(
                [*command, page.as_uri()], capture_output=True, timeout=TIMEOUT, check=False, text=True
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"{target}: Chromium did not print the PDF within {TIMEOUT:g} s", path=str(target)
            ) from None
        if not printed.is_file() or printed.stat().st_size == 0:
            detail = (run.stderr or "").strip().splitlines()[-1:] or [f"exit code {run.returncode}"]
            raise OutputError(f"{target}: Chromium printed no PDF ({detail[0]})", path=str(target))
        return write_file(target, printed.read_bytes(), force=force)
