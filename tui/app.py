"""The review desk: a Textual app over the same services the CLI uses."""

from __future__ import annotations

from textual.app import App

from claims.reviewer import default_reviewer
from db import Database
from tui.screens.queue import QueueScreen


class ClaimsApp(App):
    CSS_PATH = "desk.tcss"
    TITLE = "claims"

    def __init__(self, db: Database, *, reviewer: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.reviewer = reviewer or default_reviewer()

    def on_mount(self) -> None:
        self.push_screen(QueueScreen())
