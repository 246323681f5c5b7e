"""The briefing report: one self-contained HTML file for a principal, as one viewer may see
it (:mod:`accord.views`), and its PDF printed by headless Chromium.

``build(case, viewer)`` gathers the content (:mod:`.content`), ``render_html(brief)``
lays it out with Jinja2 (:mod:`.html`), ``write_pdf`` prints it (:mod:`.pdf`).
"""

from accord.report.content import build
from accord.report.html import render_html

__all__ = ["build", "render_html"]
