"""A verdict label holding brackets (`[/]`, `a [$v] b`, `[[b]]`) on the desk (issue 15): the
`?` help showed its key's tooltip with the backslashes of an escape ('Verdict \\[/], ...'),
and Textual's `escape()` left '[$v]' (a variable), '[[b]]' and '[ b ]' to be read as markup, so
the tooltip and the palette's help lost or changed them. Shown as written everywhere, never
read as markup."""

from __future__ import annotations

import random

import pytest
from textual.content import Content

from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.commands import DeskCommands
from tui.literal_text import markup_literal, shown_tooltip
from tui.screens.help import HelpScreen, binding_rows
from tui.testing import settle

LABELS = {"false": "[/]", "mixed": "a [$v] b", "true": "[[b]] x\\[y] [ b ]z"}


@pytest.fixture
def hostile_labels(desk_db, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("".join(f"[verdicts.{v}]\nlabel = '{label}'\n" for v, label in LABELS.items()),
                      encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    monkeypatch.setenv("CLAIMS_KEYS", str(tmp_path / "no-keys.toml"))
    seed(desk_db)
    return desk_db


def test_markup_literal_reads_back_as_written():
    pieces = list("[]/$\\ab =@#") + ["[b]", "[/]", "[$v]", "[@click=app.quit]", "[link=x]", "[ b ]"]
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        assert Content.from_markup(markup_literal(text)).plain == text, text


async def test_help_and_tooltips_show_a_label_as_written(hostile_labels):
    async with ClaimsApp(hostile_labels, reviewer="tester", watch_interval=0).run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        queue = pilot.app.screen
        tips = {b.binding.id: b.binding.tooltip for b in queue.active_bindings.values()}
        for verdict, label in LABELS.items():
            tip = tips[f"set-verdict-{verdict}"]
            assert shown_tooltip(tip) == f"Verdict {label}, status verified", tip
        rows = {bid: tip for _, _, _, bid, tip in binding_rows(queue)}
        assert rows["set-verdict-false"] == "Verdict [/], status verified"
        assert rows["set-verdict-mixed"] == "Verdict a [$v] b, status verified"
        # the footer's keys carry the same tooltip
        footer_tips = [shown_tooltip(k.tooltip) for k in queue.query("FooterKey") if k.tooltip]
        assert "Verdict a [$v] b, status verified" in footer_tips
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=300, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(pilot.app.screen.query("Static")[1].content)
        shown = console.export_text()
        assert "Verdict [/], status verified" in shown and "\\[/]" not in shown
        assert "Verdict a [$v] b, status verified" in shown


async def test_the_palette_help_shows_a_label_as_written(hostile_labels):
    async with ClaimsApp(hostile_labels, reviewer="tester", watch_interval=0).run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        provider = DeskCommands(pilot.app.screen)
        helps = [Content.from_markup(hit.help).plain async for hit in provider.discover()]
        assert "Set verdict a [$v] b (mixed) and status verified (key 3)" in helps, helps
        assert "Set verdict [[b]] x\\[y] [ b ]z (true) and status verified (key 1)" in helps
