"""The morning report: what came in, what was checked, and which checked claims came back.

`build_report` reads the figures (`claims.report.data`); `render_html` writes one
self-contained page with inline SVG charts, `render_markdown` a text for a chat channel
(`claims.report.render`).
"""

from claims.report.data import MorningReport, build_report
from claims.report.render import render_html, render_markdown

__all__ = ["MorningReport", "build_report", "render_html", "render_markdown"]
