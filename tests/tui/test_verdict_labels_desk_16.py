"""The desk names verdicts by the settings' `[verdicts.X] label` (issue 15), as `config show` and
the exports do: the queue's column, the claim's detail, the verdict keys (help, palette) and
the filter's and export's pickers. What is stored, the keys (a keymap too) and the filter's
values keep the verdict's own name. On both backends (the `db` fixture)."""

from __future__ import annotations

import time

import pytest

from claims.models import Claim
from tests.tui.conftest import seed
from tui.app import ClaimsApp
from tui.commands import screen_commands
from tui.screens.modals import FilterModal
from tui.screens.queue import QueueScreen
from tui.testing import settle

LABELS = """
[verdicts.false]
label = "Pants on Fire"
value = 1

[verdicts.true]
label = "✅"
value = 5

[verdicts.mixed]
label = "Half [/] true"
value = 3

[verdicts.mostly_true]
label = "Mostly True"
value = 4

[keys]
set-verdict-false = "z"
"""


@pytest.fixture
def labelled(db, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(LABELS, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    monkeypatch.setenv("CLAIMS_KEYS", str(tmp_path / "no-keys.toml"))
    return db, seed(db)


def state(app, claim_id: int) -> str:
    table = app.screen.query_one("#claims")
    return str(table.get_row_at(table.index_of(claim_id))[4])


def stored(db, claim_id: int) -> str | None:
    with db.session() as s:
        return s.get(Claim, claim_id).verdict


async def until(pilot, shown) -> None:
    """Wait, with a deadline, until `shown()` (the detail pane loads after a short timer)."""
    deadline = time.monotonic() + 10
    while not shown():
        assert time.monotonic() < deadline, "not shown within 10 s"
        await pilot.pause(0.05)


async def go_to(pilot, claim_id: int) -> None:
    table = pilot.app.screen.query_one("#claims")
    table.move_cursor(row=table.index_of(claim_id))
    await settle(pilot)


async def test_the_desk_shows_the_configured_verdict_labels(labelled):
    db, ids = labelled
    top = ids["top"]
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, QueueScreen)
        # the verdict keys are named by the labels; a label differing only in case is the default's
        names = {b.binding.id: b.binding.description for b in screen.active_bindings.values()
                 if (b.binding.id or "").startswith("set-verdict-")}
        assert names["set-verdict-false"] == "Pants on Fire" and names["set-verdict-true"] == "✅", names
        assert names["set-verdict-mixed"] == "Half [/] true" and names["set-verdict-mostly-false"] == "Mostly false"
        # the keymap's key still sets `false`, shown by its label in the column and the detail
        await go_to(pilot, top)
        await pilot.press("z")
        await settle(pilot)
        assert stored(db, top) == "false"
        assert state(pilot.app, top) == "✓ Pants on Fire"
        await go_to(pilot, top)  # a verdict moves the cursor on
        await until(pilot, lambda: "Verdict: Pants on Fire" in screen.query_one("#detail").plain)
        # the palette names it too, and runs it ('[/]' shown as typed, not read as markup)
        titles = [t for t, _, _ in screen_commands(screen)]
        assert "review: verdict Pants on Fire (false)" in titles and "review: verdict Half [/] true (mixed)" in titles
        assert "review: verdict mostly true" in titles
        await go_to(pilot, top)
        await pilot.press("ctrl+p", *"verdict half [/] true")
        await pilot.pause(0.3)  # the palette searches in its own task
        await pilot.press("enter")
        await settle(pilot)
        assert stored(db, top) == "mixed"
        assert state(pilot.app, top) == "✓ Half [/] true"
        await go_to(pilot, top)
        await pilot.press("1")
        await settle(pilot)
        assert stored(db, top) == "true" and state(pilot.app, top) == "✓ ✅"
        await go_to(pilot, top)
        await pilot.press("enter")  # the claim's own view
        await settle(pilot)
        await until(pilot, lambda: "Verdict: ✅" in pilot.app.screen.query_one("#claim-full").plain)
        await pilot.press("escape")
        await settle(pilot)


async def test_the_filter_picker_names_labels_and_filters_by_verdict(labelled):
    db, ids = labelled
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["top"])
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, FilterModal)
        picker = modal.query_one("#f-verdict")
        prompts = {picker.get_option_at_index(i).value: picker.get_option_at_index(i).prompt
                   for i in range(picker.option_count)}
        assert str(prompts["false"]) == "Pants on Fire" and str(prompts["true"]) == "✅"
        assert str(prompts["mixed"]) == "Half [/] true"  # as typed, not read as markup
        assert str(prompts["mostly_false"]) == "Mostly false"
        picker.deselect_all()
        picker.select("false")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = pilot.app.screen.query_one("#claims")
        assert table.row_count == 1 and table.current.id == ids["top"]
        assert state(pilot.app, ids["top"]) == "✓ Pants on Fire"


async def test_without_labels_the_desk_reads_as_before(db, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_CONFIG", str(tmp_path / "none.toml"))
    ids = seed(db)
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["top"])
        await pilot.press("4")
        await settle(pilot)
        assert state(pilot.app, ids["top"]) == "✓ mostly false"
        await go_to(pilot, ids["top"])
        await until(pilot, lambda: "Verdict: mostly false" in pilot.app.screen.query_one("#detail").plain)
