"""The benchmarks' tables: plain columns for a terminal, or Markdown for the docs."""

from __future__ import annotations


def render(title: str, header: list[str], rows: list[list[str]], markdown: bool) -> str:
    """``rows`` under ``header``, after a blank line and ``title``."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return f"\n{title}\n" + "\n".join(lines)
