"""Drive the review desk headless over a database of 1M claims and time what a person feels.

    .venv/bin/python bench/desk_bench.py            # the three store shapes, each built once under bench/out
    .venv/bin/python bench/desk_bench.py --shape rare --claims 100000 --rounds 30
    .venv/bin/python bench/desk_bench.py --db URL   # an existing desk (the bench changes its verdicts)
    .venv/bin/python bench/desk_bench.py --service-only   # each filter's pages, no UI (quick)

Store shapes (`--shape`, any of them; all three by default):
- `desk`: articles of 50 claims in 8 outlets, 100 speakers, statuses and verdicts, dates
  over six years, a few thousand suggestions; every filter below matches 1-10% of claims.
- `matching`: the shape `bench/scale_matching.py` leaves (imported claims of 10-40 words
  of a Zipf vocabulary, 11.6% merged, 1.7 suggested pairs per 100 claims; no speakers, outlets, dates or
  verdicts), built directly with SQL: the filters match nothing but `has_suggestions`.
- `rare`: the desk shape where each filter below matches under 0.1% of claims.

Reports launch-to-first-page, page-down p95, filter p95, set-verdict p95 and peak RSS.
Targets (issue 5): < 1.5 s, < 100 ms, < 300 ms, < 50 ms, < 500 MB.

Latencies are what a person sees: from the key event handed to the app's driver to the first
frame that shows the new state (see FrameClock). `*_pilot_*` figures time `pilot.press` plus
waiting for every worker, as earlier runs did; `pilot_noop_key` is that method's own cost for
a key bound to nothing, and `frame_floor` the key -> frame time of such a key.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

OUT = REPO / "bench" / "out"

WORDS = ["drones", "missiles", "budget", "hospital", "bridge", "tolls", "taxes", "wages", "schools", "river", "flood", "vaccine", "election", "turnout", "refugees", "border", "tariffs", "exports", "pension", "inflation", "rents", "housing", "police", "crime", "jobs", "factory", "emissions", "coal", "wind", "solar", "grid", "outage", "water", "harvest", "drought", "ferry", "port"]
VERBS = ["rose", "fell", "doubled", "halved", "reached", "exceeded", "missed", "cost", "saved", "destroyed", "built", "closed"]
NAMES = [f"{first} {last}" for first in ["Ana", "Ben", "Carla", "Dev", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jun"]
         for last in ["Lopez", "Smith", "Okafor", "Novak", "Chen", "Haddad", "Berg", "Silva", "Kaur", "Moreau"]]
OUTLETS = ["Northline News", "Harbor Daily", "The Ledger", "Radio Delta", "Valley Post",
           "Capital Wire", "Metro Times", "Coast Herald"]
STATUS = ["unverified"] * 85 + ["in_review"] * 8 + ["verified"] * 5 + ["not_checkable"] * 2
VERDICTS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading", "unproven"]


RARE = 0.0005  # the share of claims each bench filter matches in the `rare` shape
FILTERS = [  # what the bench applies, in turn
    {"status": ("in_review",)}, {"status": ("verified",), "verdict": ("false",)},
    {"speaker": "Ana Lopez"}, {"since": "2024-01-01", "until": "2024-06-30"},
    {"outlet": "Harbor Daily"}, {"search": "hospital doubled"}, {"has_suggestions": True},
    {}, {"status": ("verified",)}, {"status": ("verified",), "since": "2024-01-01", "until": "2024-06-30"},
]


class Draws:
    """The store's random values; in the rare shape the values the bench filters look for
    (Harbor Daily, Ana Lopez, hospital, in_review, verified, 2024's first half) are rare."""

    def __init__(self, rnd: random.Random, rare: bool) -> None:
        self.rnd, self.rare = rnd, rare
        if rare:
            self.words = [w for w in WORDS if w != "hospital"]
            self.names = [n for n in NAMES if "ana lopez" not in n.lower()]  # "Hana Lopez" holds it too
            self.statuses = [s for s in STATUS if s not in ("in_review", "verified")]

    def _rare(self) -> bool:
        return self.rnd.random() < RARE

    def outlet(self) -> int:  # an outlet id (1-based)
        if not self.rare:
            return self.rnd.randint(1, len(OUTLETS))
        return 2 if self._rare() else self.rnd.choice([i for i in range(1, len(OUTLETS) + 1) if i != 2])

    def published(self) -> str:
        rnd = self.rnd
        y, m, d = rnd.randint(2020, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        if self.rare:
            if self._rare():
                y, m = 2024, rnd.randint(1, 6)
            elif y == 2024 and m <= 6:
                y = 2023
        return f"{y}-{m:02d}-{d:02d}"

    def word(self) -> str:
        if not self.rare:
            return self.rnd.choice(WORDS)
        return "hospital" if self.rnd.random() < RARE / 3 else self.rnd.choice(self.words)  # 3 a claim

    def name(self) -> str:
        if not self.rare:
            return self.rnd.choice(NAMES)
        return "Ana Lopez" if self._rare() else self.rnd.choice(self.names)

    def status(self) -> str:
        if not self.rare:
            return self.rnd.choice(STATUS)
        if self._rare():
            return self.rnd.choice(["in_review", "verified"])
        return self.rnd.choice(self.statuses)


def fresh(path: Path) -> Path:
    """The file to build `path` in, and the schema in it (the project's own migrations)."""
    from db import Database

    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    Database(str(tmp)).close()
    return tmp


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection for bulk inserts, with the functions the triggers call."""
    from db.textfold import register_sqlite_functions

    con = sqlite3.connect(path)
    register_sqlite_functions(con)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    return con


def insert_many(con: sqlite3.Connection, sql: str, rows: list[tuple], chunk: int = 200) -> None:
    """`sql` ("INSERT ... VALUES") for each row, as multi-row statements: the search index's
    triggers (migration 0008) cost about a third per row of what one statement per row does."""
    for i in range(0, len(rows), chunk):
        part = rows[i:i + chunk]
        values = ", ".join(["(" + ", ".join("?" * len(part[0])) + ")"] * len(part))
        con.execute(f"{sql} {values}", [x for row in part for x in row])


def finish(tmp: Path, path: Path, t0: float) -> None:
    """Priorities for every claim (the store's triggers did not see the bulk rows' marks
    taken away), then the file under its name."""
    from claims.services.rescore import reprioritise
    from db import Database

    db = Database(str(tmp))
    reprioritise(db)  # the queue's order for every claim, a range of ids at a time
    db.close()
    tmp.rename(path)
    print(f"\n  built {path} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def plant_suggestions(con, rnd, n_claims: int, count: float, now) -> None:
    """`count` suggested duplicates between random claims, so the Dup column and the duplicates
    screen have work."""
    pairs = set()
    while len(pairs) < count:
        a, b = sorted(rnd.sample(range(1, n_claims + 1), 2))
        pairs.add((a, b))
    con.executemany(
        "INSERT INTO match (claim_a_id, claim_b_id, score, scorer, explanation, state, \"conflict\", "
        "created_at) VALUES (?, ?, ?, 'bench', '{}', 'suggested', 0, ?)",
        [(a, b, round(rnd.uniform(0.6, 0.9), 3), now) for a, b in pairs])


def build_db(path: Path, n_claims: int, *, seed: int = 7, rare: bool = False) -> None:
    """A store of `n_claims` claims, one appearance each, in articles of 50 claims."""
    tmp = fresh(path)
    rnd = random.Random(seed)
    draw = Draws(rnd, rare)
    con = raw_connection(tmp)
    now = "2026-01-01 00:00:00.000000"
    from db.folding import outlet_identity_key

    con.executemany("INSERT INTO outlet (id, name, identity) VALUES (?, ?, ?)",
                    [(i, n, outlet_identity_key(n)) for i, n in enumerate(OUTLETS, 1)])
    per_article = 50
    n_articles = (n_claims + per_article - 1) // per_article
    t0 = time.perf_counter()
    claim_id = 0
    for chunk_start in range(0, n_articles, 2000):
        articles, claims, appearances = [], [], []
        for a in range(chunk_start + 1, min(n_articles, chunk_start + 2000) + 1):
            published = draw.published()
            parts, pos = [], 0
            for _ in range(per_article):
                claim_id += 1
                if claim_id > n_claims:
                    break
                n = rnd.randint(2, 900)
                text = (f"{draw.word().capitalize()} {rnd.choice(VERBS)} by {n} percent "
                        f"after the {draw.word()} {draw.word()} plan")
                sentence = f'"{text}," {draw.name()} said. '
                start = pos + 1
                parts.append(sentence)
                pos += len(sentence)
                status = draw.status()
                verdict = rnd.choice(VERDICTS) if status == "verified" else None
                undated = rnd.random() < 0.1
                claims.append((
                    claim_id, text, draw.name(), None if undated else published,
                    None if undated else "day", round(rnd.random(), 4), "quantity", status, verdict,
                    "[]", 1, now, now,
                ))
                appearances.append((claim_id, claim_id, a, text, start, start + len(text), 0))
            articles.append((a, draw.outlet(), f"Article {a}", published,
                             "".join(parts), f"{a:064x}", now))
        con.executemany(
            "INSERT INTO article (id, outlet_id, title, published, text, content_hash, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", articles)
        insert_many(
            con, "INSERT INTO claim (id, text, speaker, claim_date, date_precision, checkworthiness, "
            "claim_type, status, verdict, evidence, version, created_at, updated_at) VALUES", claims)
        con.executemany(
            'INSERT INTO appearance (id, claim_id, article_id, quote, start, "end", date_is_reporting) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)", appearances)
        con.commit()
        print(f"\r  {claim_id:,} claims ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr)
    plant_suggestions(con, rnd, n_claims, n_claims * RARE / 2 if rare else min(5000, n_claims // 100), now)
    con.execute("DELETE FROM triage_dirty")  # rows written behind the store's back: priorities below
    con.commit()
    con.close()
    finish(tmp, path, t0)


SYLLABLES = ["ba", "bi", "bo", "ca", "ci", "da", "do", "fe", "ga", "go", "ha", "ki", "ku", "la", "lo", "ma",
             "mi", "mu", "na", "no", "pa", "pe", "ra", "ri", "sa", "se", "ta", "to", "va", "vo", "za", "zu"]
FUNCTION_WORDS = ["the", "a", "of", "to", "in", "and", "that", "for", "on", "with", "said", "was", "at", "by"]


def build_matching_shape(path: Path, n_claims: int, *, seed: int = 4) -> None:
    """What `bench/scale_matching.py --n N` leaves, written directly: claims imported with a
    text alone (10-40 words over a Zipf vocabulary, a third with a number, 10% planted
    near-copies of an earlier claim), 11.6% merged into an earlier claim, 1.7 suggested pairs
    per 100 claims; no articles, speakers, dates or verdicts."""
    tmp = fresh(path)
    rnd = random.Random(seed)
    vocab = list(dict.fromkeys("".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 5)))
                               for _ in range(60_000 + n_claims // 2)))
    weights = list(itertools.accumulate(1.0 / rank for rank in range(1, len(vocab) + 1)))
    con = raw_connection(tmp)
    now = "2026-01-01 00:00:00.000000"
    t0 = time.perf_counter()
    texts: list[str] = []
    for lo in range(1, n_claims + 1, 20_000):
        rows = []
        for cid in range(lo, min(lo + 20_000, n_claims + 1)):
            if texts and rnd.random() < 0.1:
                words = rnd.choice(texts).split()
                words[rnd.randrange(len(words))] = rnd.choices(vocab, cum_weights=weights)[0]
            else:
                words = [w if rnd.random() > 0.4 else rnd.choice(FUNCTION_WORDS)
                         for w in rnd.choices(vocab, cum_weights=weights, k=rnd.randint(10, 40))]
                if rnd.random() < 0.33:
                    words.insert(rnd.randrange(len(words)), f"{rnd.randint(2, 5000):,}")
            text = " ".join(words).capitalize() + "."
            if len(texts) < 50_000:
                texts.append(text)
            else:
                texts[rnd.randrange(len(texts))] = text
            merged = cid > 10 and rnd.random() < 0.116
            rows.append((cid, text, f"s{cid - 1}", round(rnd.random(), 4), "other",
                         rnd.randint(1, cid - 1) if merged else None, now, now))
        insert_many(
            con, "INSERT INTO claim (id, text, external_id, checkworthiness, claim_type, canonical_id, status, "
            "evidence, version, created_at, updated_at) VALUES",
            [(*r[:6], "unverified", "[]", 1, *r[6:]) for r in rows])
        con.commit()
        print(f"\r  {rows[-1][0]:,} claims ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr)
    # Members point at their cluster's head (no chains), as merges leave them.
    con.execute("UPDATE claim SET canonical_id = (SELECT coalesce(h.canonical_id, h.id) FROM claim h "
                "WHERE h.id = claim.canonical_id) WHERE canonical_id IS NOT NULL")
    plant_suggestions(con, rnd, n_claims, n_claims * 17 // 1000, now)  # 17,080 at 1M, as left there
    con.execute("DELETE FROM triage_dirty")
    con.commit()
    con.close()
    finish(tmp, path, t0)


SHAPES = {"desk": build_db, "matching": build_matching_shape, "rare": functools.partial(build_db, rare=True)}


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FrameClock:
    """When frames reach the (headless) terminal, and which key they answer.

    Textual renders a frame (the compositor's update) whenever something on screen changed;
    headless, it then skips writing it to the terminal. This wraps `App._display` to turn
    the update into the terminal's bytes anyway (as a real terminal would get them) and to
    stamp each frame, so a measurement runs from the moment the key event is handed to the
    app's driver to the first frame in which the screen shows the new state.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.waiting: list[tuple] = []
        self.frames = 0
        original = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # the bytes a terminal would receive
            self.frames += 1
            now = time.perf_counter()
            for entry in list(self.waiting):
                check, future = entry
                if not future.done() and check():
                    future.set_result(now)
                    self.waiting.remove(entry)
            original(screen, renderable)

        app._display = display

    async def until_shown(self, check, *, timeout: float = 30.0, nudge: bool = False) -> float:
        """Wait for the first frame drawn once `check()` holds; return its time.

        `nudge` asks for a frame (one cell repainted) when nothing else on screen changes.
        """
        from textual.geometry import Region

        future = asyncio.get_running_loop().create_future()
        self.waiting.append((check, future))
        if nudge:
            self.app.screen.refresh(Region(0, 0, 1, 1))
        return await asyncio.wait_for(future, timeout)

    def key(self, key: str) -> float:
        """Hand a key event to the driver as the terminal would; return when it was sent."""
        from textual import events

        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        t = time.perf_counter()
        self.app._driver.send_message(event)
        return t


async def drive(db_path: Path, rounds: int) -> dict[str, float]:
    from db import Database
    from tui.app import ClaimsApp
    from tui.screens.queue import QueueScreen
    from tui.testing import settle as settle_pilot

    figures: dict[str, float] = {}
    t0 = time.perf_counter()
    db = Database(str(db_path))
    app = ClaimsApp(db, reviewer="bench", watch_interval=0)
    async with app.run_test(size=(120, 36)) as pilot:
        clock = FrameClock(app)
        queue = app.screen
        while not (isinstance(queue, QueueScreen) and queue.rows):
            await pilot.pause(0.005)
            queue = app.screen
        await clock.until_shown(lambda: True, nudge=True)
        figures["launch_to_first_page_s"] = time.perf_counter() - t0
        await settle_pilot(pilot)
        table = queue.query_one("#claims")

        async def settle() -> None:
            await settle_pilot(pilot)

        # 1. What Pilot itself costs per key (press + settle), for comparison with earlier runs.
        noop = []
        for _ in range(rounds):
            t = time.perf_counter()
            await pilot.press("f12")  # bound to nothing
            await settle()
            noop.append(time.perf_counter() - t)
        figures["pilot_noop_key_p95_ms"] = p95(noop) * 1000

        # 2. Key -> frame for a key bound to nothing plus a one-cell repaint (a frame's floor).
        floor = []
        for _ in range(rounds):
            sent = clock.key("f12")
            shown = await clock.until_shown(lambda: True, nudge=True)
            floor.append(shown - sent)
            await settle()
        figures["frame_floor_p95_ms"] = p95(floor) * 1000

        # 3. Page down, key -> the frame with the cursor a page further. Keys come at a held
        #    key's repeat rate (30 a second) without waiting for workers, so a window slide
        #    that blocks the loop shows up in the next key's time.
        page, page_pilot = [], []
        for _ in range(rounds):
            before = queue.position_of_cursor()
            await asyncio.sleep(max(0.0, 1 / 30 - (time.perf_counter() - sent)) if page else 0)
            sent = clock.key("pagedown")
            shown = await clock.until_shown(lambda b=before: queue.position_of_cursor() > b)
            page.append(shown - sent)
        await settle()
        figures["page_down_p95_ms"] = p95(page) * 1000
        figures["page_down_max_ms"] = max(page) * 1000
        figures["page_down_position"] = queue.position_of_cursor()
        for _ in range(rounds):
            t = time.perf_counter()
            await pilot.press("pagedown")
            await settle()
            page_pilot.append(time.perf_counter() - t)
        figures["page_down_pilot_p95_ms"] = p95(page_pilot) * 1000

        # 4. A filter applied (as the filter dialog does on enter) -> its first page drawn.
        filt, counted, by_filter = [], [], {}
        for i in range(rounds):
            spec = FILTERS[i % len(FILTERS)]
            t = time.perf_counter()
            queue.apply_filter(queue.filter.__class__(**spec))
            shown = await clock.until_shown(lambda: queue.shown_generation == queue.generation)
            filt.append(shown - t)
            name = queue.filter.describe()
            by_filter[name] = max(by_filter.get(name, 0.0), (shown - t) * 1000)
            await settle()  # the exact count ("of N") arrives later, in its own worker
            counted.append(time.perf_counter() - t)
        queue.apply_filter(queue.filter.__class__())  # the whole queue again, for the verdicts
        await clock.until_shown(lambda: queue.shown_generation == queue.generation)
        await settle()
        figures["filter_p95_ms"] = p95(filt) * 1000
        figures["filter_with_count_p95_ms"] = p95(counted) * 1000
        for name, worst in by_filter.items():
            figures[f"  filter_max_ms[{name}]"] = worst

        # 5. A verdict key -> the frame showing the verdict in the claim's row. The key moves
        #    the cursor on to the next claim, so every round sets a verdict on a fresh claim.
        from claims.vocab import Verdict

        values = [v.value for v in Verdict]

        def shows(claim_id: int, verdict: str) -> bool:
            for i, r in enumerate(queue.rows):
                if r.id == claim_id:
                    return r.verdict == verdict and verdict.replace("_", " ") in str(table.get_row_at(i)[4])
            return False

        def stored(claim_id: int, version: int) -> bool:
            return any(r.id == claim_id and r.version > version for r in queue.rows)

        verdict, verdict_stored, verdict_pilot = [], [], []
        for i in range(rounds):
            row = queue.rows[table.cursor_row]
            want = values[i % 7] if row.verdict != values[i % 7] else values[(i + 1) % 7]
            sent = clock.key(str(1 + values.index(want)))
            shown = await clock.until_shown(lambda rid=row.id, w=want: shows(rid, w))
            verdict.append(shown - sent)
            # ... and until the stored row (its new version) has replaced the one shown at once.
            done = await clock.until_shown(lambda rid=row.id, v=row.version: stored(rid, v), nudge=True)
            verdict_stored.append(done - sent)
            await settle()
        for i in range(rounds):
            t = time.perf_counter()
            await pilot.press(str(1 + i % 7))
            await settle()
            verdict_pilot.append(time.perf_counter() - t)
        figures["set_verdict_p95_ms"] = p95(verdict) * 1000
        figures["set_verdict_stored_p95_ms"] = p95(verdict_stored) * 1000
        figures["set_verdict_pilot_p95_ms"] = p95(verdict_pilot) * 1000
    figures["peak_rss_mb"] = peak_rss_mb()
    # The same work without the UI: the service calls behind a page move and a verdict.
    from claims.services.paging import key_of, page_after
    from claims.services.queries import ClaimFilter
    from claims.services.review import set_status

    flt, key, svc_page, svc_verdict = ClaimFilter(), None, [], []
    for _ in range(rounds):
        t = time.perf_counter()
        rows = page_after(db, flt, key, limit=100)
        svc_page.append(time.perf_counter() - t)
        key = key_of(rows[-1])
        t = time.perf_counter()
        set_status(db, [rows[0].id], reviewer="bench", status="verified", verdict="false")
        svc_verdict.append(time.perf_counter() - t)
    figures["service_next_window_p95_ms"] = p95(svc_page) * 1000
    figures["service_set_verdict_p95_ms"] = p95(svc_verdict) * 1000
    figures.update(service_filters(db))
    return figures


def service_filters(db) -> dict[str, float]:
    """Each filter's first and second page through the service alone (best of 3): what the
    desk waits for, without the UI's share of a loaded machine; and its count (the desk's
    "of N", counted in a worker after the first page: best of 2)."""
    from claims.services.paging import count, key_of, page_after
    from claims.services.queries import ClaimFilter

    figures = {}
    for spec in FILTERS:
        flt, first, second, counts = ClaimFilter(**spec), [], [], []
        for _ in range(2):
            t = time.perf_counter()
            count(db, flt)
            counts.append(time.perf_counter() - t)
        for _ in range(3):
            t = time.perf_counter()
            rows = page_after(db, flt, None, limit=100)
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            if rows:
                page_after(db, flt, key_of(rows[-1]), limit=100)
            second.append(time.perf_counter() - t)
        figures[f"  service_filter_ms[{flt.describe()}]"] = min(first) * 1000
        figures[f"  service_filter_next_ms[{flt.describe()}]"] = min(second) * 1000
        figures[f"  service_count_ms[{flt.describe()}]"] = min(counts) * 1000
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--shape", nargs="+", choices=list(SHAPES), default=list(SHAPES),
                    help="the store shapes to build (once) and drive, each in its own process")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--db", metavar="URL", help="drive an existing desk instead (e.g. a PostgreSQL copy "
                    "made with `claims db copy --to URL`); the bench changes its verdicts")
    ap.add_argument("--service-only", action="store_true",
                    help="only each filter's pages through the service, no UI (quick)")
    args = ap.parse_args()
    run = (lambda where: service_filters(_opened(where))) if args.service_only else (
        lambda where: asyncio.run(drive(where, args.rounds)))
    if args.db:
        report(run(args.db), args, where=args.db)
        return
    if len(args.shape) > 1:  # one process per shape: peak RSS and caches are each shape's own
        for shape in args.shape:
            cmd = [sys.executable, __file__, "--shape", shape, "--claims", str(args.claims),
                   "--rounds", str(args.rounds), *(["--rebuild"] if args.rebuild else []),
                   *(["--service-only"] if args.service_only else [])]
            subprocess.run(cmd, check=True)
        return
    shape = args.shape[0]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{shape}-{args.claims}.db"
    if args.rebuild or not path.exists():
        SHAPES[shape](path, args.claims)
    upgrade(path)
    # The bench changes verdicts; work on a copy so every run starts from the same store.
    work = OUT / f"{shape}-{args.claims}-run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    os.system(f"cp '{path}' '{work}'")
    report(run(work), args, where=str(work))


def _opened(where):
    from db import Database

    return Database(str(where))


def upgrade(path: Path) -> None:
    """A store built before a migration is brought up to date once, timed apart from the
    desk's launch."""
    from db import Database

    t = time.perf_counter()
    Database(str(path)).close()
    if time.perf_counter() - t > 1:
        print(f"  upgraded {path.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)


def report(figures: dict, args, *, where: str) -> None:
    targets = {"launch_to_first_page_s": 1.5, "page_down_p95_ms": 100, "filter_p95_ms": 300,
               "set_verdict_p95_ms": 50, "peak_rss_mb": 500}
    load = os.getloadavg()[0]
    print(f"desk bench: {where} ({', '.join(args.shape) if not args.db else 'given'}), {args.rounds} rounds, 120x36, "
          f"load average {load:.1f} on {os.cpu_count()} cores")
    for name, value in figures.items():
        target = targets.get(name)
        mark = "" if target is None else ("  ok" if value < target else f"  OVER target {target}")
        print(f"  {name:<34} {value:10.1f}{mark}")


if __name__ == "__main__":
    main()
