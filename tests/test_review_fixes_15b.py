"""Fixes of what the second review found in this session's commits (issue 15)."""

from __future__ import annotations

import sys

import rich

from claims import cell_widths


def test_a_rich_without_its_private_width_table_measures_as_it_does(monkeypatch):
    """c0365e2 reads `rich._unicode_data`, which Rich has only since 14.3 (pyproject allows
    older): with Rich 14.2 every table and the desk ended in an ImportError traceback."""
    monkeypatch.setattr(cell_widths, "_done", False)
    monkeypatch.delattr(rich, "_unicode_data", raising=False)
    monkeypatch.setitem(sys.modules, "rich._unicode_data", None)  # import of it: ImportError
    cell_widths.count_spacing_marks()
    assert cell_widths._done
