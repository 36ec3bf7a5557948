"""The queue: claims most worth checking first, paged from SQL, with verdicts by key.

The table holds one window (at most `WINDOW` rows) of the filtered queue. When the cursor
nears either edge, the next rows are fetched by keyset in a worker and the window slides;
the status line says where the window stands in the whole queue.
"""

from __future__ import annotations

import re
import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from claims.errors import ClaimsError
from claims.search_text import BadFilter, check_filter_text, has_word
from claims.services.match_review import matches_for_claim
from claims.services.matching import require_search_words
from claims.services.paging import (
    Interrupt,
    Interrupted,
    count,
    key_of,
    page_after,
    page_before,
    similar_rows,
)
from claims.services.queries import ClaimFilter
from claims.services.triage_view import detail_with_triage
from claims.services.views import ClaimRow
from db.stored_dates import DamagedDate
from tui.keymap import KeysInPlace
from tui.messages import (
    ChangeUndone,
    ClaimDetailLoaded,
    ClaimsChanged,
    ClaimsCounted,
    ClaimsMerged,
    ClaimsPageLoaded,
    ClaimsTaken,
    RepeatMarks,
    ReviewFailed,
    StoreChanged,
)
from tui.review_keys import REVIEW_BINDINGS, REVIEW_PALETTE, ReviewActions, label_verdict_keys
from tui.widgets.claim_detail import BRIEF, ClaimDetailPane
from tui.widgets.claim_table import ClaimTable
from tui.widgets.header import DeskHeader
from tui.widgets.text_input import TextInput
from tui.worker_failures import ShowsWorkerFailures
from tui.writer import optimistic

FIRST = 60  # rows read first for a new window: more than a screenful, shown at once
WINDOW = 500  # rows the table holds at most (a list: its size costs nothing to draw)
STEP = 200  # rows fetched when the window grows or slides
EDGE = 150  # slide when the cursor comes this close to an edge: pages ahead of a held key
SIMILAR = 50  # claims shown for a search by similarity
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # the status line's "of N" while the count runs
SPIN_S = 0.1  # a count back sooner shows no spinner at all
SENTENCE = 5  # a search of this many words or more is a sentence: searched by similarity
REFRESH_GAP = 2.0  # seconds: changes by others arriving closer than this are shown together
ORDERS = ("priority", "worth", "date", "id")
ORDER_LABEL = {"priority": "triage priority", "worth": "most worth checking", "date": "newest first",
               "id": "oldest id first"}


class QueueScreen(KeysInPlace, ShowsWorkerFailures, ReviewActions, Screen):
    BINDINGS = [
        *REVIEW_BINDINGS,
        Binding("x", "toggle_select", "Select", id="toggle-select",
                tooltip="Mark this claim for a bulk change; keys then apply to every marked claim"),
        Binding("m", "merge_selected", "Merge", id="merge-selected",
                tooltip="Merge the marked claims into the first one marked (asks first)"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="clear-selection"),
        Binding("slash", "search", "Search", id="search", tooltip="Search the claim texts"),
        Binding("f", "edit_filter", "Filter", id="edit-filter",
                tooltip="Status, verdict, outlet, speaker, dates, suggestions"),
        Binding("s", "saved_filters", "Saved", id="saved-filters", tooltip="My queue, suggestions to review, ..."),
        Binding("F", "clear_filter", "Clear filter", show=False, id="clear-filter"),
        Binding("o", "cycle_order", "Order", show=False, id="cycle-order",
                tooltip="Most worth checking / newest / oldest id"),
        Binding("g", "jump('top')", "Top", show=False, id="cursor-top"),
        Binding("G", "jump('bottom')", "Bottom", show=False, id="cursor-bottom"),
        Binding("a", "app.open_articles", "Articles", id="open-articles"),
        Binding("d", "app.open_duplicates", "Duplicates", id="open-duplicates"),
        Binding("R", "app.open_repeats", "Repeats", id="open-repeats",
                tooltip="Checked claims that came back today, and possible repeats to decide"),
        Binding("i", "app.open_ingest", "Ingest", show=False, id="open-ingest"),
        Binding("e", "app.open_export", "Export", show=False, id="open-export"),
        Binding("p", "toggle_pane", "Pane", show=False, id="toggle-pane",
                tooltip="Show or hide the detail pane beside the queue"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reload"),
    ]
    PALETTE = [
        *REVIEW_PALETTE,
        ("select: toggle this claim", "Mark or unmark the highlighted claim", "toggle_select"),
        ("select: clear", "Unmark every claim", "clear_selection"),
        ("review: merge marked claims", "Merge the marked claims into the first one marked (key m)",
         "merge_selected"),
        ("filter: edit", "Status, verdict, outlet, speaker, dates, suggestions", "edit_filter"),
        ("filter: saved filters", "My queue, suggestions to review, your own", "saved_filters"),
        ("filter: my queue", "Claims you have in review", "saved('my queue')"),
        ("filter: suggestions to review", "Claims with pending duplicate suggestions", "saved('suggestions to review')"),
        ("filter: clear", "Show every claim", "clear_filter"),
        ("search: claims", "Search the claim texts", "search"),
        ("queue: order by worth / date / id", "Cycle the queue order", "cycle_order"),
        ("queue: top", "First claim", "jump('top')"),
        ("queue: bottom", "Last claim", "jump('bottom')"),
        ("queue: reload", "Read the queue again from the database", "reload"),
        ("view: detail pane on / off", "The highlighted claim beside the queue", "toggle_pane"),
        ("export: claims in this filter as CSV", "The export modal with the queue's filter", "export_filtered"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = ClaimFilter()
        self.rows: list[ClaimRow] = []
        self.start = 0  # position of rows[0] in the whole filtered queue
        self.total: int | None = None
        self.at_end = False
        self.generation = 0
        self.selected: set[int] = set()
        self.picked: list[int] = []  # the selection in the order it was made (a merge keeps the first)
        self.marked_versions: dict[int, int] = {}  # marked claim -> the version last shown of it
        self._detail_timer: Timer | None = None
        self._edge_pending: tuple[str, int] | None = None
        self.shown_generation = 0  # the generation of the window on screen (the bench waits on it)
        self.pane: bool | None = None  # the detail pane: None follows the width, else as toggled
        self._detail_for: int | None = None
        self._last_refresh = 0.0
        self._refresh_timer: Timer | None = None
        self._count_pending = False
        self._counting: int | None = None  # the generation whose count a worker is running
        self._spun = 0  # spinner frames shown for that count
        self._spinner: Timer | None = None
        self._count_interrupt: Interrupt | None = None  # stops the running count once it is not wanted
        self.taken: dict = {}  # claim id -> Taken, for the claims of the window someone is on
        self.similar: str | None = None  # the queue shows claims ranked by similarity to this
        self.ranked = False  # the window is a ranked list (similarity), not a page of the queue

    @property
    def db(self):
        return self.app.db

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield TextInput(placeholder="search claims (enter to apply, escape to close)", id="search")
        with Horizontal(id="queue-body"):
            yield ClaimTable(id="claims")
            with VerticalScroll(id="detail-scroll"):
                yield ClaimDetailPane(id="detail")
        yield Static("", id="status-line", markup=False)  # a search, a name: shown as typed
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.query_one(ClaimTable).focus()
        self.sub_title = "queue"
        label_verdict_keys(self)
        self.reload_window()

    def on_screen_resume(self) -> None:
        if self.app.queue_dirty:
            self.app.queue_dirty = False
            self.reload_window(focus_id=self.current_claim_id(), keep_place=True)

    def on_resize(self) -> None:
        if self.pane is None:
            self.set_class(self.size.width < 150, "-narrow")

    def action_toggle_pane(self) -> None:
        self.pane = self.has_class("-narrow")
        self.set_class(not self.pane, "-narrow")
        if self.pane and (claim_id := self.current_claim_id()) is not None:
            self._detail_for = claim_id
            self.load_detail(claim_id)

    # --- loading ---------------------------------------------------------------------------

    def reload_window(self, *, focus_id: int | None = None, keep_place: bool = False) -> None:
        """Read the window again: from the top, or from where it stands (keep_place)."""
        self.generation += 1
        self._edge_pending = None
        self._stop_count()
        anchor = self.rows[0] if keep_place and self.rows and self.start > 0 else None
        # From the top, as many rows as were shown (a claim back from undo or unmerge shows too).
        limit = min(WINDOW, max(FIRST, len(self.rows))) if keep_place else FIRST
        self._load_window(self.filter, self.generation, anchor, self.start if anchor else 0, focus_id, limit,
                          self.similar)
        self._count_pending = True  # counted once the first rows are on screen (they come first)

    @work(thread=True, exclusive=True, group="claims-loader", exit_on_error=False)
    def _load_window(self, flt: ClaimFilter, generation: int, anchor: ClaimRow | None, start: int,
                     focus_id: int | None, limit: int = FIRST, similar: str | None = None) -> None:
        ranked = False
        if similar:
            rows, ranked = similar_rows(self.db, flt, similar, limit=SIMILAR), True
        elif anchor is None:
            rows = page_after(self.db, flt, None, limit=limit)
            if not rows and flt.search and has_word(flt.search):
                # No claim has every word: perhaps a typo. Similar claims instead, best first.
                rows = similar_rows(self.db, flt, flt.search, limit=SIMILAR)
                ranked = bool(rows)
        else:
            # Deep in the queue: the window from its first row on (that row included, even if
            # it has just left the filter); rows added or removed above shift `start` a little.
            rows = page_before(self.db, flt, key_of(anchor), limit=1)
            if rows:
                rows = [*rows[-1:], *page_after(self.db, flt, key_of(rows[-1]), limit=limit)][1:]
            else:
                rows = page_after(self.db, flt, None, limit=limit)
                start = 0
        self.post_message(ClaimsPageLoaded(rows, mode="replace", start=start, anchor=None,
                                           generation=generation, focus_id=focus_id,
                                           at_end=ranked or len(rows) < limit, ranked=ranked))

    def _start_count(self) -> None:
        """The filter's exact count, in a worker; the status line spins until it comes."""
        self._stop_count()
        self._counting, self._spun = self.generation, 0
        self._count_interrupt = Interrupt()
        self._count(self.filter, self.generation, self._count_interrupt)
        if self._spinner is None:
            self._spinner = self.set_interval(SPIN_S, self._spin)

    def _spin(self) -> None:
        if self.total is None and self._counting == self.generation:
            self._spun += 1
            self.update_status_line()
        elif self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def _stop_count(self) -> None:
        """A count of an earlier filter or state is stopped in the database, not only left
        unread: at 1M claims it would keep the database busy while the next page waits."""
        if self._count_interrupt is not None:
            self._count_interrupt.stop()
            self._count_interrupt = None

    def on_unmount(self) -> None:
        self._stop_count()

    @work(thread=True, exclusive=True, group="claims-counter", exit_on_error=False)
    def _count(self, flt: ClaimFilter, generation: int, interrupt: Interrupt) -> None:
        try:
            total = count(self.db, flt, interrupt=interrupt)
        except Interrupted:
            return
        self.post_message(ClaimsCounted(total, generation))

    @work(thread=True, exclusive=True, group="claims-edge", exit_on_error=False)
    def _load_edge(self, flt: ClaimFilter, generation: int, mode: str, anchor: ClaimRow) -> None:
        if mode == "append":
            rows = page_after(self.db, flt, key_of(anchor), limit=STEP)
        else:
            rows = page_before(self.db, flt, key_of(anchor), limit=STEP)
        self.post_message(ClaimsPageLoaded(rows, mode=mode, start=None, anchor=anchor.id,
                                           generation=generation, at_end=len(rows) < STEP))

    @work(thread=True, exclusive=True, group="claims-loader", exit_on_error=False)
    def _load_bottom(self, flt: ClaimFilter, generation: int, total: int | None) -> None:
        rows = page_before(self.db, flt, None, limit=WINDOW)
        if total is None:
            total = count(self.db, flt)
            self.post_message(ClaimsCounted(total, generation))
        self.post_message(ClaimsPageLoaded(rows, mode="replace", start=max(0, total - len(rows)),
                                           anchor=None, generation=generation, at_end=True,
                                           focus_id=rows[-1].id if rows else None))

    @on(ClaimsCounted)
    def _counted(self, message: ClaimsCounted) -> None:
        if message.generation == self.generation:
            self.total = message.total
            self.update_status_line()

    @on(ClaimsPageLoaded)
    def _page_loaded(self, message: ClaimsPageLoaded) -> None:
        if message.generation != self.generation:
            return
        table = self.query_one(ClaimTable)
        cursor, scroll = table.cursor_row, table.scroll_y
        if message.mode == "replace":
            self.rows, self.start, self.at_end = message.rows, message.start or 0, message.at_end
            self.ranked = message.ranked
            ids = [r.id for r in self.rows]
            # a list read from its top (a filter, a search) keeps the moves made on the rows shown
            # while it loaded: 'rider', enter, 'jj' in one burst left the cursor on the first row
            cursor = ids.index(message.focus_id) if message.focus_id in ids else (
                cursor if message.focus_id is None else 0)
            scroll = None
        elif message.mode == "append":
            self._edge_pending = None
            if not self.rows or self.rows[-1].id != message.anchor:
                return
            self.at_end = message.at_end
            rows = self.rows + message.rows
            drop = max(0, len(rows) - WINDOW)
            self.rows, self.start = rows[drop:], self.start + drop
            cursor, scroll = cursor - drop, scroll - drop
        else:  # prepend
            self._edge_pending = None
            if not self.rows or self.rows[0].id != message.anchor:
                return
            n = len(message.rows)
            rows = message.rows + self.rows
            if len(rows) > WINDOW:
                rows, self.at_end = rows[:WINDOW], False
            self.rows, self.start = rows, max(0, self.start - n)
            cursor, scroll = cursor + n, scroll + n
        table.show_rows(self.rows, self.selected, cursor=cursor, scroll=scroll)
        if message.mode == "replace" and self._detail_for is not None and not self.has_class("-narrow") \
                and self.current_claim_id() == self._detail_for:
            self.load_detail(self._detail_for)  # the rows were read again (an undo, another desk): so is it
        self._note_marked_versions(self.rows)
        self.shown_generation = message.generation
        self.reload_taken()
        if not self.rows:
            self.query_one(ClaimDetailPane).show(None)
        self.update_status_line()
        if message.mode == "replace" and self._count_pending:
            self._count_pending = False
            if self.at_end and self.start == 0:
                self.total = self.start + len(self.rows)  # the whole queue is in the window
                self.update_status_line()
            else:
                self._start_count()
        if message.mode == "replace" and not self.at_end and len(self.rows) < WINDOW:
            self._request_edge("append", self.rows[-1])  # fill the window behind the first page

    def reload_taken(self) -> None:
        ids = [r.id for r in self.rows]
        self._load_taken(ids, self.generation)
        self._load_repeat_marks(ids, self.generation)

    @work(thread=True, exclusive=True, group="claims-repeats", exit_on_error=False)
    def _load_repeat_marks(self, claim_ids: list[int], generation: int) -> None:
        """Which claims of the window have repeats this reviewer has not seen: asked by id
        for the rows shown, so the mark does not depend on the queue's order."""
        from claims.services.repeats import unseen_counts

        self.post_message(RepeatMarks(unseen_counts(self.db, claim_ids, reviewer=self.app.reviewer), generation))

    @on(RepeatMarks)
    def _repeat_marks_loaded(self, message: RepeatMarks) -> None:
        if message.generation == self.generation:
            self.query_one(ClaimTable).set_flags({cid: f"↻{n}" for cid, n in message.counts.items()})

    @work(thread=True, exclusive=True, group="claims-taken", exit_on_error=False)
    def _load_taken(self, claim_ids: list[int], generation: int) -> None:
        from claims.services.team import taken_by

        self.post_message(ClaimsTaken(taken_by(self.db, claim_ids), generation))

    @on(ClaimsTaken)
    def _taken_loaded(self, message: ClaimsTaken) -> None:
        if message.generation != self.generation:
            return
        self.taken = message.taken
        me = self.app.reviewer
        self.query_one(ClaimTable).set_markers(
            {cid: ("◆" if t.reviewer == me else "◆" + t.reviewer) for cid, t in self.taken.items()}
        )
        self.update_status_line()

    def position_of_cursor(self) -> int:
        """1-based position of the highlighted claim in the whole filtered queue."""
        return self.start + self.query_one(ClaimTable).cursor_row + 1

    def update_status_line(self) -> None:
        table = self.query_one(ClaimTable)
        if self.total is not None:
            total = f"{self.total:,}"
        elif self._counting == self.generation and self._spun:
            total = f"{SPINNER[self._spun % len(SPINNER)]} counting"
        else:
            total = "…"
        if self.rows:
            top = self.start + int(table.scroll_y) + 1
            visible = max(1, table.scrollable_content_region.height - 1)
            bottom = min(self.start + len(self.rows), top + visible - 1)
            where = f"rows {top:,}–{bottom:,} of {total} · at {self.position_of_cursor():,}"
        else:
            where = "no claims match" if self.total == 0 or self.at_end else "loading…"
        if self.similar:
            described = f"similar to “{self.similar}”, best first"
            rest = self.filter.describe()
            parts = [where, described] + ([] if rest == "all claims" else [rest])
        elif self.ranked:
            parts = [where, self.filter.describe(), "no claim has all these words: similar ones, best first"]
        else:
            parts = [where, self.filter.describe()]
        if self.filter.order != "priority":
            parts.append(ORDER_LABEL[self.filter.order])
        parts.append(f"reviewer {self.app.reviewer}")
        held = self.taken.get(self.current_claim_id())
        if held is not None:
            parts.append("you are on it" if held.reviewer == self.app.reviewer else held.describe())
        if self.selected:
            parts.append(f"{len(self.selected)} selected")
        self.query_one("#status-line", Static).update(" " + " · ".join(parts), layout=False)

    # --- the cursor ------------------------------------------------------------------------

    @on(ClaimTable.RowHighlighted)
    def _row_highlighted(self, event: ClaimTable.RowHighlighted) -> None:
        self.update_status_line()
        if event.claim_id != self._detail_for and not self.has_class("-narrow"):
            self._detail_for = event.claim_id
            if self._detail_timer is not None:
                self._detail_timer.stop()
            self._detail_timer = self.set_timer(0.08, lambda cid=event.claim_id: self.load_detail(cid))
        self._maybe_slide(event.cursor_row)

    def _maybe_slide(self, cursor_row: int) -> None:
        if not self.rows:
            return
        if cursor_row >= len(self.rows) - EDGE and not self.at_end:
            self._request_edge("append", self.rows[-1])
        elif cursor_row < EDGE and self.start > 0:
            self._request_edge("prepend", self.rows[0])

    def _request_edge(self, mode: str, anchor: ClaimRow) -> None:
        if self._edge_pending == (mode, anchor.id):
            return
        self._edge_pending = (mode, anchor.id)
        self._load_edge(self.filter, self.generation, mode, anchor)

    @on(ClaimTable.RowSelected)
    def _row_selected(self, event: ClaimTable.RowSelected) -> None:
        self.open_claim(event.claim_id)

    def open_claim(self, claim_id: int) -> None:
        from tui.screens.claim import ClaimScreen

        self.app.push_screen(ClaimScreen(claim_id))

    def action_open_claim(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.open_claim(claim_id)

    def action_jump(self, where: str) -> None:
        self.generation += 1
        self._edge_pending = None
        if where == "top":
            self.query_one(ClaimTable).move_cursor(row=0, animate=False)
            if self.start == 0:
                return
            self._load_window(self.filter, self.generation, None, 0, None)
        else:
            if self.at_end and self.rows:
                self.query_one(ClaimTable).move_cursor(row=len(self.rows) - 1, animate=False)
                return
            self._load_bottom(self.filter, self.generation, self.total)
        if self.total is None:
            self._start_count()

    @work(thread=True, exclusive=True, group="detail-loader", exit_on_error=False)
    def load_detail(self, claim_id: int) -> None:
        from claims.services.team import taken_by

        try:
            detail = detail_with_triage(self.db, claim_id, most=BRIEF)  # what the pane shows
            matches = matches_for_claim(self.db, claim_id)
            taken = taken_by(self.db, [detail.claim.id]).get(detail.claim.id)
        except DamagedDate as exc:  # what of this claim is damaged, in its pane (it was left blank)
            self.app.call_from_thread(self._detail_damaged, claim_id, str(exc))
            return
        except ClaimsError:
            return
        self.post_message(ClaimDetailLoaded(detail, matches, taken))

    def _detail_damaged(self, claim_id: int, problem: str) -> None:
        if self.current_claim_id() == claim_id:
            self.query_one(ClaimDetailPane).show_problem(f"Claim {claim_id} cannot be shown: {problem}")

    @on(ClaimDetailLoaded)
    def _show_detail(self, message: ClaimDetailLoaded) -> None:
        current = self.current_claim_id()
        if current is None or message.detail.claim.id == current or current in message.detail.members:
            self.query_one(ClaimDetailPane).show(message.detail, message.matches, taken=message.taken)

    def current_claim_id(self) -> int | None:
        row = self.query_one(ClaimTable).current
        return None if row is None else row.id

    # --- filters ---------------------------------------------------------------------------

    def apply_filter(self, flt: ClaimFilter, *, similar: str | None = None) -> None:
        self.filter = flt
        self.similar = similar
        self.total = None
        self.selected.clear()
        self.picked.clear()
        self.marked_versions.clear()
        self.query_one(ClaimTable).move_cursor(row=0, animate=False)
        self.reload_window()
        self.update_status_line()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.value = f"~{self.similar}" if self.similar else (self.filter.search or "")
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        """A few words: claims with every word. A sentence (SENTENCE words or more) or `~text`:
        claims ranked by similarity, typos and rewording tolerated."""
        value = event.value.strip() or None
        self._close_search()
        similar = None
        if value and value.startswith("~"):
            similar, value = value[1:].strip() or None, None
        elif value and len(re.findall(r"\w+", value)) >= SENTENCE:
            similar, value = value, None
        try:
            check_filter_text(search=value, prefix="")
            if similar:
                require_search_words(similar, "search")  # as `claims search` refuses it
        except BadFilter as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        self.apply_filter(self.filter.with_(search=value), similar=similar)

    def _close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = False
        self.query_one(ClaimTable).focus()

    def action_clear_selection(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            self._close_search()
            return
        if self.selected:
            self._unmark_all()
            self.update_status_line()

    def _unmark_all(self) -> None:
        table = self.query_one(ClaimTable)
        for row in self.rows:
            if row.id in self.selected:
                table.mark(row, False)
        self.selected.clear()
        self.picked.clear()
        self.marked_versions.clear()

    def _note_marked_versions(self, rows) -> None:
        """What a merge of the marked claims will be checked against: the versions last shown."""
        for row in rows:
            if row.id in self.selected:
                self.marked_versions[row.id] = row.version

    def action_edit_filter(self) -> None:
        from tui.screens.modals import FilterModal

        def done(flt: ClaimFilter | None) -> None:
            if flt is not None:
                self.apply_filter(flt)

        self.app.push_screen(FilterModal(self.filter), done)

    def action_saved_filters(self) -> None:
        from tui.screens.modals import SavedFiltersModal

        def done(flt: ClaimFilter | None) -> None:
            if flt is not None:
                self.apply_filter(flt.with_(order=self.filter.order))

        self.app.push_screen(SavedFiltersModal(self.filter), done)

    def action_saved(self, name: str) -> None:
        from claims.services.saved_filters import all_filters

        flt = all_filters(self.app.reviewer).get(name)
        if flt is not None:
            self.apply_filter(flt.with_(order=self.filter.order))

    def action_clear_filter(self) -> None:
        self.apply_filter(ClaimFilter(order=self.filter.order))

    def action_cycle_order(self) -> None:
        order = ORDERS[(ORDERS.index(self.filter.order) + 1) % len(ORDERS)]
        self.apply_filter(self.filter.with_(order=order))
        self.notify(f"Queue order: {ORDER_LABEL[order]}", timeout=2)

    def action_export_filtered(self) -> None:
        from tui.screens.export import ExportModal

        self.app.push_screen(ExportModal(self.filter))

    def action_reload(self) -> None:
        self.reload_window(focus_id=self.current_claim_id(), keep_place=True)

    # --- selection and review ----------------------------------------------------------------

    def action_toggle_select(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            self.notify("No claim to select.", severity="warning")
            return
        row = next(r for r in self.rows if r.id == claim_id)
        if claim_id in self.selected:
            self.selected.discard(claim_id)
            self.picked.remove(claim_id)
            self.marked_versions.pop(claim_id, None)
        else:
            self.selected.add(claim_id)
            self.picked.append(claim_id)
            self.marked_versions[claim_id] = row.version
        table = self.query_one(ClaimTable)
        table.mark(row, claim_id in self.selected)
        table.action_cursor_down()
        self.update_status_line()

    def action_merge_selected(self) -> None:
        """Merge the marked claims into the first one marked, after a confirmation.

        The merge is checked against the versions of the claims as last shown here: if
        someone changed one since, nothing is merged and the conflict dialog asks.
        """
        from tui.screens.modals import ConfirmModal
        from tui.writer import MergeRequest

        ids = [cid for cid in self.picked if cid in self.selected]
        if len(ids) < 2:
            self.notify("Mark two or more claims with x to merge them (into the first marked).",
                        severity="warning")
            return
        texts = {r.id: r.text for r in self.rows}
        into = texts.get(ids[0], "")
        into = into if len(into) <= 60 else into[:59] + "…"
        question = (f"Merge {len(ids) - 1} claim(s) ({', '.join(f'#{i}' for i in ids[1:])}) into "
                    f"#{ids[0]} “{into}”?\nTheir appearances join it and its verdict covers them all; "
                    "ctrl+z undoes the merge.")

        # Queue rows are canonical claims: each is its own cluster's head, at the version shown.
        seen = {cid: (cid, self.marked_versions[cid]) for cid in ids if cid in self.marked_versions}
        request = MergeRequest(ids, seen, f"merge {', '.join(f'#{i}' for i in ids[1:])} into #{ids[0]}")

        def done(yes: bool | None) -> None:
            if yes:
                self.app.writer.submit_merge(self, request)

        self.app.push_screen(ConfirmModal(question), done)

    @on(ClaimsMerged)
    def _merged(self, message: ClaimsMerged) -> None:
        self.app.note_own_write()
        self._unmark_all()
        self.notify(message.summary, timeout=4)
        self.reload_window(focus_id=message.canonical_id, keep_place=True)

    def review_targets(self) -> list[int]:
        if self.selected:
            return sorted(self.selected)
        claim_id = self.current_claim_id()
        return [] if claim_id is None else [claim_id]

    def apply_change(self, **change) -> None:
        targets = self.review_targets()
        if not targets:
            self.notify("No claim selected: nothing to change.", severity="warning")
            return
        if why := getattr(self.app.db, "read_only", None):  # refused for sure: not shown as done, no move on
            self.notify(f"the desk {self.app.db.display_url} can only be read here ({why}): no change can be "
                        "saved", severity="error", timeout=6)
            return
        before = [r for r in self.rows if r.id in targets]
        versions = {r.id: r.version for r in before}
        # queue rows are canonical claims: each was shown as its own cluster
        self.app.writer.submit(self, targets, versions, change, before=before, heads={r.id: r.id for r in before})
        # Shown at once; the stored rows replace these when the worker is done.
        table = self.query_one(ClaimTable)
        for row in before:
            self._replace_row(optimistic(row, change, self.app.reviewer))
        if len(targets) > 1:
            self._unmark_all()
            self.update_status_line()
        elif not self.selected and ("verdict" in change or "status" in change):
            table.action_cursor_down()  # on to the next claim

    def _replace_row(self, row: ClaimRow) -> None:
        for i, r in enumerate(self.rows):
            if r.id == row.id:
                self.rows[i] = row
                self.query_one(ClaimTable).replace_row(row)
                self._note_marked_versions([row])
                return

    @on(ClaimsChanged)
    def _claims_changed(self, message: ClaimsChanged) -> None:
        self.app.note_own_write()
        for row in message.rows:
            self._replace_row(row)
        self.notify(message.summary, timeout=3)
        current = self.current_claim_id()
        if current is not None and not self.has_class("-narrow") and current in {r.id for r in message.rows}:
            self.load_detail(current)

    @on(ReviewFailed)
    def _review_failed(self, message: ReviewFailed) -> None:
        for row in message.before:
            self._replace_row(row)
        if message.conflict:
            self.resolve_conflict(message)
        else:
            self.notify(message.message, severity="error", timeout=6)

    def overwrite_change(self, claim_ids: list[int], change: dict) -> None:
        before = [r for r in self.rows if r.id in claim_ids]
        self.app.writer.submit(self, claim_ids, None, change, before=before, overwrite=True)
        for row in before:
            self._replace_row(optimistic(row, change, self.app.reviewer))

    def reload_after_conflict(self, claim_ids: list[int]) -> None:
        # Back on the claim the change was for (the cursor had moved on), as it now stands.
        focus = claim_ids[0] if len(claim_ids) == 1 else self.current_claim_id()
        self.reload_window(focus_id=focus, keep_place=True)

    @on(ChangeUndone)
    def _change_undone(self, message: ChangeUndone) -> None:
        self.reload_window(focus_id=self.current_claim_id(), keep_place=True)

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """Another process wrote: read the window again, at most once every REFRESH_GAP seconds."""
        wait = self._last_refresh + REFRESH_GAP - time.monotonic()
        if wait > 0:
            if self._refresh_timer is None:
                self._refresh_timer = self.set_timer(wait, lambda: self._refresh_from_store(message.summary))
            return
        self._refresh_from_store(message.summary)

    def _refresh_from_store(self, summary: str) -> None:
        self._refresh_timer = None
        self._last_refresh = time.monotonic()
        self.notify(f"The database changed ({summary}): queue refreshed.", timeout=4)
        self.total = None
        self.reload_window(focus_id=self.current_claim_id(), keep_place=True)
