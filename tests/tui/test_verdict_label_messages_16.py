"""Where the desk still named a verdict by what is stored (`mostly_false`) once the settings
gave it a label (issue 15): the detail's "Checked" line, the notice of a change, the conflict
dialog (what the other reviewer changed, and your change) and the claim's history. Shown by
the label, with the verdict's name beside it where a change is told ('Bogus (misleading)', as
the palette does); what is stored keeps the name."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.services.review import set_status
from tests.tui.conftest import seed
from tests.tui.test_verdict_labels_desk_16 import go_to, until
from tui.app import ClaimsApp
from tui.screens.modals import ConflictModal
from tui.testing import notifications_told, settle

LABELS = '[verdicts.false]\nlabel = "Pants on Fire"\n[verdicts.mixed]\nlabel = "Half [/] true"\n'


@pytest.fixture
def labelled(desk_db, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(LABELS, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    monkeypatch.setenv("CLAIMS_KEYS", str(tmp_path / "no-keys.toml"))
    return desk_db, seed(desk_db)


def told(said: list[str]) -> str:
    return "\n".join(said)


async def test_a_change_and_the_history_name_the_label(labelled):
    db, ids = labelled
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["top"])
        await pilot.press("5")
        await settle(pilot)
        assert f"claim {ids['top']}: status verified, verdict Pants on Fire (false)" in told(said)
        await go_to(pilot, ids["top"])
        await pilot.press("enter")
        await settle(pilot)
        full = pilot.app.screen.query_one("#claim-full")
        await until(pilot, lambda: "History" in full.plain)
        assert "verdict — → Pants on Fire (false)" in full.plain, full.plain
        assert "false" not in full.plain.replace("(false)", "")


async def test_the_checked_line_names_the_label(labelled):
    db, ids = labelled
    with db.session() as s:
        s.get(Claim, ids["twin"]).checked_as = "mixed"
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["twin"])
        detail = pilot.app.screen.query_one("#detail")
        await until(pilot, lambda: "Checked" in detail.plain)
        assert "Checked: ≈ matches a claim already checked: Half [/] true" in detail.plain, detail.plain


async def test_the_conflict_dialog_names_the_labels(labelled):
    db, ids = labelled
    async with ClaimsApp(db, reviewer="tester", watch_interval=0).run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        set_status(db, [ids["top"]], reviewer="bo", status="verified", verdict="mixed")  # meanwhile
        await go_to(pilot, ids["top"])
        await pilot.press("5")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConflictModal)
        what = str(dialog.query_one("#conflict-what").render())
        assert "verdict - -> Half [/] true (mixed)" in what, what
        mine = str(dialog.query_one("#conflict-attempt").render())
        assert "verdict Pants on Fire (false)" in mine, mine
        await pilot.press("r")
        await settle(pilot)
    with db.session() as s:
        assert s.get(Claim, ids["top"]).verdict == "mixed"


async def test_a_refused_undo_names_the_label(labelled):
    """ctrl+z after someone else changed the verdict: the refusal said "its verdict is
    'mixed', not 'false'", the stored names; the desk names both by their labels (the CLI
    keeps the stored names, tests/test_import_undo.py)."""
    db, ids = labelled
    app = ClaimsApp(db, reviewer="tester", watch_interval=0)
    said = notifications_told(app)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await go_to(pilot, ids["top"])
        await pilot.press("5")  # false, by the tester
        await settle(pilot)
        set_status(db, [ids["top"]], reviewer="bo", status="verified", verdict="mixed")
        await pilot.press("ctrl+z")
        await settle(pilot)
        await until(pilot, lambda: "has changed since" in told(said))
        assert "its verdict is 'Half [/] true (mixed)', not 'Pants on Fire (false)'" in told(said), told(said)
