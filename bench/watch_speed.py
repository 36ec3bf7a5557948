"""`claims watch run` over many local feeds: entries per second, and what the repeat check costs.

    .venv/bin/python bench/watch_speed.py                        # 50 feeds of 20 entries each
    .venv/bin/python bench/watch_speed.py --feeds 10 --entries 5 # smaller
    .venv/bin/python bench/watch_speed.py --no-cli               # skip the `claims watch run` subprocess

The bench starts its own HTTP server on 127.0.0.1 serving `--feeds` RSS feeds of `--entries`
news pages each (made-up stories of quoted statements, written here; every tenth page also
repeats a claim the desk has checked, in other words). A seed database first polls a feed of
the checked stories and marks their claims verified (false, with a published check), then
watches the bench feeds. Copies of that seed are then polled three ways, each from scratch:

* `claims watch run` as a subprocess (the real command, repeat check on): entries per second;
* in-process, the poller `watch run` uses, with its repeat check and without it
  (`Poller(check_repeats=False)`), alternating for `--rounds` rounds.

It prints the wall time and entries per second of each, the repeats found, the time spent in
the repeat check itself (timed around each call) and its share of the rest of the ingest, the
wall-time difference between the two in-process runs (noisier on a shared machine) and the
load average. Target (issue 14): the repeat check adds no more than 10% to ingest time.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
TARGET = 0.10  # the repeat check adds at most this share to ingest time

# Claims the desk has checked, and each in other words (close enough to be merged or suggested).
CHECKED = [
    ('"More than 2,000 residents were moved to safety overnight," Governor Maria Ostrander said.',
     '"Over 2,000 residents were evacuated to safety overnight," Governor Ostrander told reporters.'),
    ('"Unemployment in the valley fell by 12 percent last year," Mayor Tom Becker said.',
     '"Valley unemployment dropped by 12 percent last year," Becker said on Tuesday.'),
    ('"The new bridge cost 48 million euros, half the original budget," minister Elin Sund said.',
     '"The bridge cost 48 million euros, only half of its original budget," Sund said at the opening.'),
    ('"Crime in the harbour district has doubled since 2021," councillor Ruth Alm said.',
     '"Crime in the harbour district doubled since 2021," Alm told the council.'),
    ('"Every school in the county now has a full-time nurse," education chief Lisa Moberg said.',
     '"Each school in the county has a full-time nurse now," Moberg said in a radio interview.'),
    ('"Rail fares have risen by 30 percent in three years," opposition leader Carl Vidal said.',
     '"Train fares went up by 30 percent in three years," Vidal said at a rally.'),
    ('"The hospital treated 9,000 patients in its first month," health director Amal Haddad said.',
     '"In its first month the hospital treated 9,000 patients," Haddad said.'),
    ('"Half of all new homes in the region are bought by investors," housing minister Eva Lind said.',
     '"Investors buy half of all new homes in the region," Lind said on Monday.'),
]

SPEAKERS = ("councillor Jonas Berg", "Mayor Petra Holm", "union leader Tove Lind", "minister Ann Cole",
            "police spokesman Luis Ortega", "fire chief Daniel Okafor", "hydrologist Priya Natarajan",
            "school board president Mara Lindqvist", "farmer Nils Aberg", "economist Sofia Reyes")
SUBJECTS = ("the ferry budget", "the hospital waiting list", "turnout in the north", "the bus fleet",
            "rents in the old town", "the harbour deficit", "emergency calls", "wind power output",
            "the school meals programme", "road repairs", "the library network", "water use")
TRENDS = ("rose by", "fell by", "grew by", "dropped by", "went up by", "shrank by")
PLACES = ("Riverside", "the coast", "the capital", "Springfield", "the valley", "the islands",
          "the north", "Harbour Town", "the county", "Lakeside")


def _statement(rng: random.Random) -> str:
    speaker, subject = rng.choice(SPEAKERS), rng.choice(SUBJECTS)
    n = rng.randint(2, 9000)
    kind = rng.randrange(3)
    if kind == 0:
        return (f'"{subject[0].upper() + subject[1:]} in {rng.choice(PLACES)} {rng.choice(TRENDS)} '
                f'{n % 80 + 2} percent this year," {speaker} said on {rng.choice(("Monday", "Friday"))}.')
    if kind == 1:
        return (f"{speaker[0].upper() + speaker[1:]} said {n:,} households in {rng.choice(PLACES)} "
                f"depend on {subject}, up from {n // 2:,} in {rng.randint(2010, 2022)}.")
    return (f"According to {speaker}, {subject} will need {n % 500 + 10} million euros more by "
            f"{rng.randint(2027, 2035)}.")


def story(rng: random.Random, feed: int, entry: int) -> list[str]:
    """Four to seven paragraphs of statements; every tenth story also repeats a checked claim."""
    paragraphs = [" ".join(_statement(rng) for _ in range(rng.randint(1, 2))) for _ in range(rng.randint(4, 7))]
    if (feed * 7 + entry) % 10 == 0:
        paragraphs.insert(1, CHECKED[(feed + entry) % len(CHECKED)][1])
    return paragraphs


def page(title: str, outlet: str, published: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="og:site_name" content="{escape(outlet)}">'
            f'<meta property="article:published_time" content="{published}T08:00:00Z"></head>'
            f"<body><main><article><h1>{escape(title)}</h1>{body}</article></main></body></html>").encode()


def rss(base: str, title: str, paths: list[str]) -> bytes:
    items = "".join(f'<item><guid isPermaLink="false">{p.strip("/")}</guid><title>{p}</title>'
                    f"<link>{base}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>").encode()


class Site:
    """The bench's news sites: one local server, a feed per outlet and a page per story."""

    def __init__(self, feeds: int, entries: int, seed: int = 14) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                body, kind = routes.get(self.path, (b"not found", ""))
                self.send_response(200 if kind else 404)
                self.send_header("Content-Type", kind or "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

        html, feed_type = "text/html; charset=utf-8", "application/rss+xml"
        checks = []
        for i, (text, _) in enumerate(CHECKED):
            path = f"/checks/story-{i}.html"
            routes[path] = (page(f"Checked story {i}", "Desk Archive", "2026-03-01", [text]), html)
            checks.append(path)
        routes["/checks.xml"] = (rss(self.base, "Desk Archive", checks), feed_type)
        rng = random.Random(seed)
        self.feeds = []
        for f in range(feeds):
            outlet = f"Outlet {f:02d} News"
            paths = []
            for e in range(entries):
                path = f"/outlet-{f:02d}/story-{e:02d}.html"
                routes[path] = (page(f"Story {e} of outlet {f}", outlet, f"2026-03-{e % 28 + 1:02d}",
                                     story(rng, f, e)), html)
                paths.append(path)
            routes[f"/outlet-{f:02d}.xml"] = (rss(self.base, outlet, paths), feed_type)
            self.feeds.append(f"{self.base}/outlet-{f:02d}.xml")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def seed(path: Path, site: Site) -> int:
    """A desk that checked the CHECKED claims and watches the bench feeds; its checked claims."""
    from sqlmodel import select

    from claims.models import Claim
    from claims.services import watch
    from claims.services.review import set_status
    from claims.services.watch_run import Poller
    from claims.web.polite import polite_fetching
    from db import Database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database(str(path))
    try:
        source = watch.add_source(db, f"{site.base}/checks.xml", every=86400, reviewer="bench")
        with polite_fetching():
            [report] = Poller(db).run_pass(only=[source.id])
        if not report.ok:
            raise SystemExit(f"seeding failed: {report.error}")
        with db.session() as s:
            ids = list(s.exec(select(Claim.id)).all())
        set_status(db, ids, reviewer="bench", status="verified", verdict="false", return_rows=False)
        with db.session() as s:
            for claim in s.exec(select(Claim)).all():
                claim.fact_check_url = f"https://factdesk.example/checks/{claim.id}"
        for url in site.feeds:
            watch.add_source(db, url, every=1800, reviewer="bench")
        return len(ids)
    finally:
        db.close()


def copy_of(seed_path: Path, name: str) -> Path:
    target = seed_path.parent / f"watch-{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(seed_path, target)
    return target


def in_process(path: Path, *, check_repeats: bool) -> dict:
    """One pass of the poller `claims watch run` builds, over every due source."""
    from claims.services.repeats import POSSIBLE, REPEAT
    from claims.services.watch_run import Poller
    from claims.web.polite import polite_fetching
    from db import Database

    db = Database(str(path))
    try:
        poller = Poller(db, check_repeats=check_repeats)
        t0 = time.perf_counter()
        with polite_fetching():
            reports = poller.run_pass()
        wall = time.perf_counter() - t0
    finally:
        db.close()
    failed = [r.error for r in reports if r.error] + [e for r in reports for e in r.entry_errors]
    if failed:
        raise SystemExit(f"poll failed: {failed[0]}")
    return {"wall": wall, "entries": sum(r.entries for r in reports),
            "articles": sum(r.articles for r in reports), "claims": sum(r.claims for r in reports),
            "repeats": sum(r.count(REPEAT) for r in reports), "possible": sum(r.count(POSSIBLE) for r in reports),
            "repeat_s": poller.repeat_seconds}


def cli(path: Path) -> dict:
    """`claims watch run` as a subprocess (its default: the repeat check on)."""
    claims = ROOT / ".venv" / "bin" / "claims"
    t0 = time.perf_counter()
    proc = subprocess.run([str(claims), "--db", f"sqlite:///{path}", "watch", "run"], capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"claims watch run failed: {proc.stderr.strip()[-500:]}")
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("watch: #")]
    said = " ".join(lines)
    return {"wall": wall, "polls": len(lines),
            "repeats": sum(int(n) for n in re.findall(r"(\d+) repeats?\b", said)),
            "possible": sum(int(n) for n in re.findall(r"(\d+) possible repeats?\b", said))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50, help="feeds served (default 50)")
    parser.add_argument("--entries", type=int, default=20, help="entries per feed (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="in-process with/without pairs (default 1)")
    parser.add_argument("--no-cli", action="store_true", help="skip the `claims watch run` subprocess")
    parser.add_argument("--out", type=Path, default=OUT, help="where the databases go (default bench/out)")
    args = parser.parse_args(argv)
    if args.feeds < 1 or args.entries < 1 or args.rounds < 1:
        parser.error("--feeds, --entries and --rounds must be at least 1")

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    config = out / "watch-bench.toml"
    config.write_text("[web]\ndelay = 0\nallow_private_addresses = true\n", encoding="utf-8")  # our own server, on 127.0.0.1: no pause
    os.environ["CLAIMS_CONFIG"] = str(config)
    site = Site(args.feeds, args.entries)
    try:
        seed_path = out / "watch-seed.db"
        checked = seed(seed_path, site)
        total = args.feeds * args.entries
        print(f"watch run over {args.feeds} feeds x {args.entries} entries = {total} entries, "
              f"served from {site.base}; {checked} checked claims in the desk")
        print(f"{'run':<34}{'wall s':>8}{'entries/s':>11}{'articles':>10}{'claims':>8}{'repeats':>9}"
              f"{'check s':>9}")
        print(f"{'':<34}{'':>8}{'':>11}{'':>10}{'':>8}{'(+poss.)':>9}")
        if not args.no_cli:
            got = cli(copy_of(seed_path, "cli"))
            print(f"{'claims watch run (subprocess)':<34}{got['wall']:>8.1f}{total / got['wall']:>11.1f}"
                  f"{'':>10}{'':>8}{got['repeats']:>4}+{got['possible']:<4}{'':>9}   ({got['polls']} polls)")
        on, off = [], []
        for r in range(args.rounds):
            order = (True, False) if r % 2 == 0 else (False, True)
            for check in order:
                got = in_process(copy_of(seed_path, "on" if check else "off"), check_repeats=check)
                (on if check else off).append(got)
                label = f"in-process, repeat check {'on' if check else 'off'}"
                check_s = f"{got['repeat_s']:>9.2f}" if check else f"{'-':>9}"
                found = f"{got['repeats']:>4}+{got['possible']:<4}" if check else "-"
                print(f"{label:<34}{got['wall']:>8.1f}{got['entries'] / got['wall']:>11.1f}{got['articles']:>10}"
                      f"{got['claims']:>8}{found:>9}{check_s}")
        wall_on = min(g["wall"] for g in on)
        wall_off = min(g["wall"] for g in off)
        check_s = min(g["repeat_s"] for g in on)
        share = check_s / max(wall_on - check_s, 1e-9)
        print(f"repeat check: {check_s:.2f} s timed directly = {share:.1%} of the rest of the ingest "
              f"(target <= {TARGET:.0%}: {'met' if share <= TARGET else 'NOT met'}); "
              f"wall with/without: {wall_on:.1f}/{wall_off:.1f} s ({wall_on / wall_off - 1:+.1%}, noisier)")
        if not any(g["repeats"] for g in on):
            print("warning: no repeats found: the check was never exercised")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
