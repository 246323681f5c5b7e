"""Lay a :class:`~accord.report.model.Brief` out as one self-contained HTML page (Jinja2,
autoescaped: text from a scenario is always escaped; only the figures, which the plots
package renders, are inserted as HTML). The page loads nothing: styles are inline, figures
carry their data and script inline, and a Content-Security-Policy forbids any fetch."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from accord.errors import MissingExtraError
from accord.report.model import Brief

if TYPE_CHECKING:
    from jinja2 import Template


@cache
def _template() -> Template:
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    except ImportError as err:  # pragma: no cover - jinja2 is in the report extra
        raise MissingExtraError("a report", "report", "jinja2") from err
    env = Environment(
        loader=PackageLoader("accord.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("brief.html.j2")


def render_html(brief: Brief) -> str:
    """The report as one HTML page."""
    return _template().render(b=brief)
