"""Browser tests run Playwright against Debian's Chromium (``playwright install`` cannot
download here): ``make test`` installs it at /usr/bin/chromium; ACCORD_CHROMIUM points
elsewhere. A missing Chromium fails these tests; it never skips them."""

from __future__ import annotations

import os
from typing import Any

import pytest
from playwright.sync_api import expect

from accord.report.pdf import FLAGS

CHROMIUM = os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium")
# An assertion on the page waits up to 30 s (Playwright's default is 5): on a machine busy with
# other work a page can take seconds to answer, and these tests check what it shows, not how fast.
expect.set_options(timeout=30_000)

ARGS = [flag for flag in FLAGS if flag != "--no-pdf-header-footer"]
"""The flags accord's own PDF printing starts Chromium with, less the printing one."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, pointed at the system Chromium."""
    assert os.access(CHROMIUM, os.X_OK), f"the browser tests need Chromium at {CHROMIUM} (make test installs it)"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}
