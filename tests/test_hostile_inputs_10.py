"""A tenth hostile pass (issue 15's classes, other inputs than passes 1-9): hostile web servers
(a redirect to another scheme, a server dripping its headers or its robots.txt), watched
sources and their hooks, the settings file's labels and keys, ClaimReview ratings, feed
entries with long ids. Each test fails before its fix."""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest

from claims.web.fetch import FetchError, FetchLimits, fetch_url
from claims.web.polite import Courtesy
from tests.hostile import one_line_error, run, stored_claims

PAGE = ("<html><head><title>Bridge</title></head><body><article><p>The mayor said on Monday that the "
        "new harbour bridge cost 40 million euros, far more than the council had planned.</p>"
        "</article></body></html>")


class DripServer:
    """A raw HTTP server on 127.0.0.1 that sends one byte at a time, `gap` seconds apart, for
    at most `for_seconds` (so a client that does not give up still ends): its response headers
    (`what="headers"`), or its robots.txt's body (`what="robots"`, other paths answered at once)."""

    def __init__(self, what: str, *, gap: float = 0.05, for_seconds: float = 8.0) -> None:
        self.what, self.gap, self.for_seconds = what, gap, for_seconds
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _drip(self, conn, head: bytes) -> None:
        conn.sendall(head)
        ends = time.monotonic() + self.for_seconds
        while not self.stop.is_set() and time.monotonic() < ends:
            conn.sendall(b"#" if self.what == "robots" else b"X")
            self.stop.wait(self.gap)

    def _answer(self, conn) -> None:
        with conn:
            try:
                first = conn.recv(65536).split(b"\r\n", 1)[0]
                robots = b" /robots.txt " in first
                if self.what == "headers" and not robots:
                    return self._drip(conn, b"HTTP/1.1 200 OK\r\n")
                if self.what == "robots" and robots:
                    return self._drip(conn, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                body = b"" if robots else PAGE.encode()
                status = b"404 Not Found" if robots else b"200 OK"
                conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html\r\nConnection: close\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


# --- a redirect to a scheme that is not http(s) -------------------------------------------------


@pytest.mark.parametrize("target", ["javascript:alert(1)", "data:text/html,<p>hi</p>", "file:///etc/passwd",
                                    "JavaScript:void(0)"])
def test_a_redirect_to_another_scheme_is_one_line(db, web, target):
    """`javascript:` and `data:` redirects raised httpx.InvalidURL: a traceback from ingest,
    extract, ingest --feed and watch run (which it stopped)."""
    url = web.add("/go", status=302, headers={"Location": target})
    line = one_line_error(run(db, "ingest", url), url, "redirects to", "not an http(s) URL")
    assert target[:20] in line
    assert stored_claims(db) == []
    with pytest.raises(FetchError, match="not an http"):
        fetch_url(url, courtesy=Courtesy(delay=0))


@pytest.mark.parametrize("target", ["ftp://files.example/robots.txt", "file:///etc/robots.txt",
                                    "javascript:alert(1)"])
def test_a_robots_txt_redirecting_to_another_scheme_is_no_rules(db, web, target):
    """Since redirects to other schemes are refused (532464f), a robots.txt redirecting to
    ftp: failed the page it was read for; unreadable rules are no rules (README), as before
    (found in review)."""
    from tests.hostile import stored_claims

    web.add("/robots.txt", status=302, headers={"Location": target})
    url = web.add("/story", PAGE)
    result = run(db, "ingest", url)
    assert result.exit_code == 0, result.output
    assert stored_claims(db)


def test_a_watched_page_redirecting_to_javascript_fails_as_a_poll(db, web):
    url = web.add("/go", status=302, headers={"Location": "javascript:alert(1)"})
    assert run(db, "watch", "add", url).exit_code == 0
    result = run(db, "watch", "run", "--all")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "redirects to 'javascript:alert(1)'" in result.output
    assert "failing (once" in run(db, "watch", "list", "--format", "jsonl").output


# --- the whole fetch within its total time --------------------------------------------------


@pytest.mark.parametrize("what", ["headers", "robots"])
def test_a_server_dripping_bytes_is_cut_off_at_the_total_time(what):
    """One byte each 0.05 s is under every read timeout: the response headers (h11 waits for
    16 KB of them) or robots.txt (read up to 512 KB) held a fetch for hours. The total time
    now bounds the whole fetch."""
    server = DripServer(what)
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch_url(server.url + "/story", courtesy=Courtesy(delay=0),
                      limits=FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=1,
                                         allow_private_addresses=True))  # the test's own server
        assert time.monotonic() - started < 3
    finally:
        server.close()


class SlowOnceRobots(DripServer):
    """Its robots.txt drips the first time it is asked for, then disallows /private at once."""

    def __init__(self) -> None:
        self.asked = 0
        super().__init__("robots")

    def _answer(self, conn) -> None:
        with conn:
            try:
                first = conn.recv(65536).split(b"\r\n", 1)[0]
                if b" /robots.txt " in first:
                    self.asked += 1
                    if self.asked == 1:
                        return self._drip(conn, b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                    body = b"User-agent: *\nDisallow: /private\n"
                else:
                    body = PAGE.encode()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass


def test_a_robots_txt_cut_short_is_read_again_not_kept_as_allowing_all():
    """A slow robots.txt that one page's time ran out on was kept for the run as allowing
    everything: a path it disallows was fetched by every later page (found in review)."""
    server = SlowOnceRobots()
    courtesy = Courtesy(delay=0)
    limits = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=1,
                         allow_private_addresses=True)  # the test's own server, on 127.0.0.1
    try:
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch_url(server.url + "/story", courtesy=courtesy, limits=limits)
        with pytest.raises(FetchError, match="disallowed by robots.txt"):
            fetch_url(server.url + "/private/x", courtesy=courtesy, limits=limits)
        assert server.asked == 2
    finally:
        server.close()


def test_waiting_ones_turn_is_no_download_time(web, monkeypatch):
    """A page after the pause between requests to one site was reported as too slow to
    download when the pause was longer than the total time (a Crawl-delay of 60 s, the most
    read, against the 60 s total: every page of a feed after the first).

    The pause moves the deadline's clock on instead of sleeping (a real pause of 1.2 s against
    a total of 0.8 left too thin a margin on a loaded machine: the pause was shortened by the
    first fetch's time, and the second fetch had 0.8 s): here a 60 s turn against 5 s."""
    from claims.web import limits as web_limits

    class SkewedTime:  # the deadline's clock: the real one, plus the pauses taken
        skew = 0.0

        @classmethod
        def monotonic(cls) -> float:
            return time.monotonic() + cls.skew

    paused: list[float] = []

    def pause(seconds: float) -> None:
        paused.append(seconds)
        SkewedTime.skew += seconds

    monkeypatch.setattr(web_limits, "time", SkewedTime)
    first, second = web.add("/a", PAGE), web.add("/b", PAGE)
    courtesy = Courtesy(delay=60, clock=SkewedTime.monotonic, pause=pause)
    limits = FetchLimits(connect_timeout=5, read_timeout=5, total_timeout=5)
    fetch_url(first, courtesy=courtesy, limits=limits)
    page = fetch_url(second, courtesy=courtesy, limits=limits)
    assert len(paused) == 1 and paused[0] > 55  # it did wait its turn (60 s from the first's start)
    assert b"harbour bridge" in page.body


# --- a watched file read as `ingest --feed FILE` reads one ----------------------------------

FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        '<item><title>a</title><link>javascript:alert(1)</link><guid>a</guid></item></channel></rss>')


def test_a_watched_file_replaced_by_a_pipe_is_not_waited_on(db, tmp_path):
    """The poller read a watched file with read_bytes: a named pipe put in its place was
    waited on for ever (and /dev/zero-like growth read whole)."""
    import os

    feed = tmp_path / "ledger.rss"
    feed.write_text(FEED, encoding="utf-8")
    assert run(db, "watch", "add", str(feed)).exit_code == 0
    feed.unlink()
    os.mkfifo(feed)
    stop = threading.Event()

    def writer():  # a writer that comes and goes, so the old code ended instead of hanging
        while not stop.is_set():
            try:
                fd = os.open(feed, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                stop.wait(0.05)
                continue
            stop.wait(3)
            os.close(fd)
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        result = run(db, "watch", "run", "--all")
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    # the failed poll's line names the pipe as no regular file (not the reader's exact words)
    assert re.search(rf"failed: .*{re.escape(str(feed))}: not a regular file", result.output), result.output


def test_a_watched_file_past_the_feed_limit_is_not_read(db, tmp_path):
    feed = tmp_path / "ledger.rss"
    feed.write_text(FEED, encoding="utf-8")
    assert run(db, "watch", "add", str(feed)).exit_code == 0
    with open(feed, "r+b") as fh:
        fh.truncate(21 * 2**20)  # sparse: 21 MB read as zeros
    result = run(db, "watch", "run", "--all")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "larger than 20 MB, not a feed or page file" in result.output


# --- a notify_command that outlives its timeout or writes without end -------------------------


class _Repeat:
    def to_record(self) -> dict:
        return {"kind": "repeat", "claim_id": 1, "article_id": 2, "claim": "The bridge cost `rm -rf ~`; $(id)"}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_ctrl_c_stops_the_running_command_with_what_it_started(tmp_path):
    """The command runs in a session of its own, which the terminal's ctrl+c does not reach:
    `watch run` then waited out notify_timeout, and a second ctrl+c left it running (found in
    review of 05cc7d4). `stop()` (what watch run calls on ctrl+c) kills it and drops the rest."""
    import time

    from claims.services.notify import Notifier
    from tests.pg_sessions import poll

    pids = tmp_path / "pids"
    logged: list[str] = []
    notifier = Notifier(f"echo $$ > {pids}; sleep 60 & echo $! >> {pids}; wait", timeout=60, log=logged.append)
    notifier.submit(_Repeat())
    notifier.submit(_Repeat())  # queued behind it: never run
    started = time.monotonic()

    def both_pids():
        text = pids.read_text() if pids.exists() else ""
        return len(text.split()) == 2 and [int(p) for p in text.split()]

    shell, child = poll(both_pids, "the command and its child are running")
    notifier.stop()
    notifier.close()
    assert time.monotonic() - started < 30  # not the 60 s of its timeout
    assert not _alive(shell) and not _alive(child)
    assert notifier.failed == 0 and notifier.sent == 0 and logged == []


def test_a_timed_out_command_is_stopped_with_what_it_started(tmp_path):
    """'stopped it' stopped the shell only: the `sleep` it had started ran on (a pipeline's
    curl likewise). The command's whole process group is killed now."""
    from claims.services.notify import Notifier

    pidfile = tmp_path / "child.pid"
    # The shell must have started its child before the timeout: on a loaded machine it may
    # not have within 0.5 s, so a run whose child never started is tried again, longer.
    for timeout in (0.5, 1, 2, 4, 8):
        logged: list[str] = []
        notifier = Notifier(f"sleep 300 & echo $! > '{pidfile}'; wait", timeout=timeout, log=logged.append)
        notifier.submit(_Repeat())
        notifier.close()
        assert notifier.failed == 1 and f"timed out after {timeout:g} s" in logged[0]
        if pidfile.exists() and pidfile.read_text().strip():
            break
    child = int(pidfile.read_text())
    ends = time.monotonic() + 5  # a SIGKILL lands at once; this only bounds the check
    while _alive(child) and time.monotonic() < ends:
        time.sleep(0.02)
    assert not _alive(child), "the command's child outlived it"


def test_a_command_writing_without_end_costs_no_memory(tmp_path):
    """All a command wrote was kept in memory until it was stopped: `yes` grew the poller by
    about 500 MB a second of notify_timeout (1.5 GB at 3 s)."""
    import subprocess
    import sys

    # The peak's growth over the process's own once its imports are done (their size varies
    # with what the test module imports: an absolute bound of 250 MB failed at 250.1).
    script = ("import resource\nfrom claims.services.notify import Notifier\n"
              "from tests.test_hostile_inputs_10 import _Repeat\n"
              "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "n = Notifier(['yes', 'all work and no play'], timeout=2, log=print)\n"
              "n.submit(_Repeat()); n.close()\n"
              "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=str(__import__("pathlib").Path(__file__).parents[1]))
    assert "timed out after 2 s" in done.stdout, done.stdout + done.stderr
    grown_mb = int(done.stdout.split("maxrss")[1]) / 1024
    assert grown_mb < 100, f"{grown_mb:.0f} MB more"  # kept whole: ~1 GB in 2 s


def test_a_failing_command_is_named_by_the_end_of_what_it_said():
    from claims.services.notify import Notifier

    logged: list[str] = []
    notifier = Notifier(["sh", "-c", "cat >/dev/null; yes filler | head -c 2000000; echo 'chat server said no' >&2; "
                         "exit 3"], timeout=20, log=logged.append)
    notifier.submit(_Repeat())
    notifier.close()
    assert logged == ["notify_command: exit status 3 (repeat of claim 1 in article 2): chat server said no"]


# --- the settings file: labels that read as another verdict, keys misspelt -----------------


def _settings(tmp_path, monkeypatch, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLAIMS_CONFIG", str(path))


def test_a_label_that_reads_as_another_verdict_is_refused(db, tmp_path, monkeypatch):
    """`[verdicts.true] label = "False"`: a false claim exported as ClaimReview came back in
    as true (an import maps a label to the first verdict it reads as)."""
    claim = tmp_path / "c.jsonl"
    claim.write_text('{"id": "x", "text": "The bridge carries 40,000 vehicles a day.", "verdict": "false", '
                     '"status": "verified", "fact_check_url": "https://fc.example/1"}\n', encoding="utf-8")
    assert run(db, "import", str(claim)).exit_code == 0
    _settings(tmp_path, monkeypatch, '[verdicts.true]\nlabel = "False"\n')
    result = run(db, "export", "--format", "claimreview", "-o", str(tmp_path / "out.json"))
    one_line_error(result, "config.toml", "[verdicts.true] label 'False' and the verdict name 'false' read the same ('false'")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("verdicts, words", [
    ('[verdicts.false]\nlabel = "Mostly  TRUE"', "the verdict name 'mostly_true' and [verdicts.false] label 'Mostly TRUE'"),
    ('[verdicts.false]\nlabel = "Wrong"\n[verdicts.misleading]\nlabel = "wrong"',
     "[verdicts.false] label 'Wrong' and [verdicts.misleading] label 'wrong'"),
])
def test_two_verdicts_that_read_the_same_are_refused(tmp_path, verdicts, words):
    from claims.config import parse_settings
    from claims.errors import ClaimsError

    with pytest.raises(ClaimsError, match=re.escape(f"{words} read the same")):
        parse_settings(verdicts, where="config.toml")


@pytest.mark.parametrize("label, words", [
    ("Bad\\u001b[31m red", "label holds the control character U+001B"),
    ("\\u202eeslaF", "label holds the direction control U+202E"),
    ("\\u200b\\u00ad", "label shows nothing"),
    ("x" * 101, "label: 101 characters; at most 100"),
])
def test_a_label_a_terminal_acts_on_or_that_shows_nothing_is_refused(label, words):
    from claims.config import parse_settings
    from claims.errors import ClaimsError

    with pytest.raises(ClaimsError, match=re.escape(words)):
        parse_settings(f'[verdicts.false]\nlabel = "{label}"\n', where="config.toml")


def test_a_label_is_one_line_and_config_show_reads_back():
    """A label holding a line break was taken, and `config show` printed it inside a one-line
    TOML string: its output was no TOML."""
    from claims.config import parse_settings, render_settings

    settings = parse_settings('[verdicts.false]\nlabel = """Plainly\nfalse"""\n', where="config.toml")
    assert settings.label("false") == "Plainly false"
    assert parse_settings(render_settings(settings)).label("false") == "Plainly false"


@pytest.mark.parametrize("text, words", [
    ("[web]\ntimout = 5", "[web] unknown key 'timout' (known: timeout, max_mb, delay, allow_private_addresses)"),
    ('[watch]\nnotify_comand = "notify-bot"', "[watch] unknown key 'notify_comand'"),
    ("[matching]\nconfirm = 90", "[matching] unknown key 'confirm'"),
    ('[verdicts.false]\nlabl = "No"', "[verdicts.false] unknown key 'labl' (known: label, value)"),
    ('[organisation]\nname = "A"\n[organization]\nname = "B"', "both [organisation] and [organization]"),
])
def test_a_misspelt_setting_is_refused_not_ignored(tmp_path, monkeypatch, text, words):
    from click.testing import CliRunner

    from tui.entry import cli

    _settings(tmp_path, monkeypatch, text + "\n")
    one_line_error(CliRunner().invoke(cli, ["config", "show"]), words)


# --- a ClaimReview rating that is no number -------------------------------------------------


@pytest.mark.parametrize("rating", [{"ratingValue": True}, {"ratingValue": 1, "bestRating": True, "worstRating": 5},
                                    {"ratingValue": 5, "bestRating": 5, "worstRating": False}])
def test_a_rating_of_true_or_false_is_no_verdict(db, tmp_path, rating):
    """`"ratingValue": true` was read as 1, the bottom of the scale: the claim was stored
    verified as false. A rating that is no number gives no verdict; it is kept as it is."""
    import json

    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://fc.example/a",
              "claimReviewed": "The bridge cost 40 million euros to build in total", "reviewRating": rating}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    result = run(db, "import", str(path), "--format", "claimreview")
    assert result.exit_code == 0, result.output
    [claim] = stored_claims(db)
    assert claim.verdict is None and claim.status == "unverified"
    assert json.loads(claim.extra)["reviewRating"] == rating


# --- feed entries whose id is longer than the column --------------------------------------


def test_an_entry_with_a_long_id_is_read_once(db, web):
    """An entry's id was stored cut to 2,000 characters and compared whole: never found, so
    its page was fetched again on every poll ("3 already stored" each time, not "seen")."""
    from claims.web.feeds import stored_key

    items = "".join(f"<item><title>Story {i}</title><link>{web.url(f'/p{i}')}</link><guid>{'k' * 2100}{i}</guid>"
                    "</item>" for i in range(3))
    for i in range(3):
        web.add(f"/p{i}", PAGE.replace("40 million", f"{40 + i} million"))
    feed = web.add("/long.rss", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title>{items}'
                   "</channel></rss>", content_type="application/rss+xml")
    first = run(db, "ingest", "--feed", feed)
    assert first.exit_code == 0 and "3 new articles" in first.output, first.output
    again = run(db, "ingest", "--feed", feed)
    assert again.exit_code == 0 and "3 seen before" in again.output, again.output
    assert [web.hits[f"/p{i}"] for i in range(3)] == [1, 1, 1]
    keys = {stored_key("k" * 2100 + str(i)) for i in range(3)}
    assert len(keys) == 3 and all(len(k) == 2000 for k in keys)  # alike for 2,000 characters, still three


# --- PostgreSQL's maintenance database --------------------------------------------------------


def test_the_maintenance_database_gets_no_desk_unless_asked(fresh_pg_url, tmp_path, monkeypatch):
    """`claims db copy --to postgresql://host/postgres` made a whole desk (its tables, triggers
    and pg_trgm) in `postgres`, the database tools and URLs without a name connect to. The
    test names a fresh database as the maintenance one, never touching the server's own."""
    if fresh_pg_url is None:
        pytest.skip("no PostgreSQL server reachable (CLAIMS_TEST_PG_URL)")
    from click.testing import CliRunner
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url

    import db.migrate
    from tui.entry import cli

    url = fresh_pg_url("maint")
    name = make_url(url).database
    known = getattr(db.migrate, "MAINTENANCE_DATABASES", ())
    monkeypatch.setattr(db.migrate, "MAINTENANCE_DATABASES", (*known, name), raising=False)
    desk = str(tmp_path / "desk.db")
    assert CliRunner().invoke(cli, ["--db", desk, "db", "init"]).exit_code == 0
    for args in (["--db", url, "list"], ["--db", desk, "db", "copy", "--to", url]):
        one_line_error(CliRunner().invoke(cli, args), f"the database {name!r} is PostgreSQL's maintenance database")
    engine = create_engine(url)
    try:
        assert inspect(engine).get_table_names() == []
        assert CliRunner().invoke(cli, ["--db", url, "db", "init"]).exit_code == 0  # asked for: made
        assert "claim" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


# --- a watched source's schedule past what a date holds -------------------------------------


@pytest.mark.parametrize("every", ["99999999999d", "3000000d", "9999999d", "366d", "8761h", "9" * 400 + "d"])
def test_a_poll_interval_past_a_year_is_refused(db, web, every):
    """`--every 99999999999d` was stored: `watch run` then ended in a traceback (OverflowError:
    the next poll past year 9999) on SQLite, and PostgreSQL refused it as 'integer out of range'
    naming no field."""
    url = web.add("/story", PAGE)
    said = one_line_error(run(db, "watch", "add", url, "--every", every), "--every: ", "is longer than a year")
    # quoted whole, or cut in the middle where it is one run of over 200 characters (message_line)
    assert f"{every!r} is longer" in said or (len(every) > 200 and "characters]" in said), said
    assert "not polled" not in run(db, "watch", "list").output
    assert run(db, "watch", "add", url, "--every", "365d").exit_code == 0
    result = run(db, "watch", "run", "--all")
    assert result.exit_code == 0 and "1 new version" in result.output, result.output


# --- pages built to make the HTML readers slow --------------------------------------------------


def test_an_element_of_thousands_of_attributes_reaches_no_parser(monkeypatch):
    """libxml2 (trafilatura parses a page several times with it) checks each attribute against
    the element's others: one `<p>` of 200,000 attributes, a 2 MB page, held an ingest for
    hours (20,000: 30 s). Such a tag reaches the parser bare."""
    import trafilatura

    from claims.web.html import MAX_ATTRIBUTES, extract_page

    many = " ".join(f'a{i}="x"' for i in range(20_000))
    page = PAGE.replace("<p>", f"<p {many}>").replace("<article>", '<article class="story" id="main">')
    seen: list[str] = []
    real = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda html, **kw: (seen.append(html), real(html, **kw))[1])
    content = extract_page(page, source="p.html")
    assert "harbour bridge cost 40 million euros" in content.text
    assert 'a19999="x"' not in seen[0] and "<p>" in seen[0]
    assert '<article class="story" id="main">' in seen[0]  # a tag of a few attributes is kept whole
    few = " ".join(f'a{i}="x"' for i in range(MAX_ATTRIBUTES))
    assert f"<p {few}>" in (seen.clear(), extract_page(PAGE.replace("<p>", f"<p {few}>"), source="p"), seen[0])[2]


def test_unclosed_json_ld_openings_are_read_in_one_pass():
    """The JSON-LD blocks were found by one regex over the page, `<script ...ld+json...>(.*?)
    </script>`: each opening never closed scanned to the end, 8,000 of them (0.3 MB) took 80 s,
    a 10 MB page of them for ever."""
    from claims.web.jsonld import claimreviews_in_html

    review = ('{"@type": "ClaimReview", "claimReviewed": "The bridge cost 40 million", '
              '"url": "https://fc.example/1", "reviewRating": {"alternateName": "False"}}')
    page = (f'<html><head><script type="application/ld+json">{review}</script>'
            '<script>var s = "<script type=application/ld+json>{}";</script></head><body>'
            + '<script type="application/ld+json">{"@type": "ClaimReview"}' * 6000 + "</body></html>")
    started = time.monotonic()
    reviews, warnings = claimreviews_in_html(page, source="p.html")
    assert time.monotonic() - started < 2
    assert [r["claimReviewed"] for r in reviews] == ["The bridge cost 40 million"] and warnings == []


# --- a feed's links relative to it ------------------------------------------------------------


@pytest.mark.parametrize("command", [("ingest", "--feed"), ("watch", "run")])
def test_a_feed_entry_link_relative_to_the_feed_is_read(db, web, command):
    """Entries linking `/news/story` (as many sites write them) failed on every poll: the feed
    was parsed without the URL it came from, so the link was 'not an http(s) URL'."""
    web.add("/news/a", PAGE)
    web.add("/news/b", PAGE.replace("40 million", "45 million"))
    feed = web.add("/news/feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Rel</title>'
                   "<item><title>A</title><link>/news/a</link><guid>a</guid></item>"
                   "<item><title>B</title><link>b</link><guid>b</guid></item>"
                   "<item><title>C</title><link>javascript:alert(1)</link><guid>c</guid></item>"
                   "</channel></rss>", content_type="application/rss+xml")
    if command[0] == "watch":
        assert run(db, "watch", "add", feed).exit_code == 0
        result = run(db, "watch", "run", "--all")
        assert "3 entries, 2 new articles" in result.output, result.output
    else:
        result = run(db, "ingest", "--feed", feed)
        assert "3 entries; 2 new articles" in result.output, result.output
    assert "link 'javascript:alert(1)' is not an http(s) URL" in result.output
    assert "not well-formed" not in result.output
    assert web.hits["/news/a"] == web.hits["/news/b"] == 1
    from sqlmodel import select

    from claims.models import FeedEntry

    with db.session() as s:  # the entries are known by their guids as written (found in review)
        stored = sorted(s.exec(select(FeedEntry.entry_key, FeedEntry.link)).all())
    assert stored == [("a", feed.rsplit("/", 1)[0] + "/a"), ("b", feed.rsplit("/", 1)[0] + "/b")]


def test_a_feed_entrys_guid_is_its_key_as_written_whatever_the_feed_url():
    """Parsed with the feed's URL as base, feedparser resolved the guids too: `story-1`
    became `http://host/news/story-1`, so every entry stored before was fetched again and a
    feed that moved (http to https) read all its entries as new (found in review)."""
    from claims.web.feeds import parse_feed

    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           b"<item><link>/news/a</link><guid>story-1</guid></item><item><link>b</link></item></channel></rss>")
    keys = {base: [(e.key, e.link) for e in parse_feed(rss, source="f", base=base).entries]
            for base in ("http://host/news/feed.rss", "https://host/news/feed.rss")}
    assert keys["http://host/news/feed.rss"] == [("story-1", "http://host/news/a"), ("http://host/news/b",) * 2]
    assert keys["https://host/news/feed.rss"][0] == ("story-1", "https://host/news/a")


# --- undo after someone else changed the claim --------------------------------------------------


def test_an_undo_never_writes_over_a_later_change_of_another(db, tmp_path):
    """ana's undo of her `in_review`, after bo had verified the claim as false, set it back to
    unverified and left bo's verdict on it: a state no command makes, bo's work lost without
    a word. The undo is refused now, naming bo's change; bo's own undo still works."""
    from tests.hostile import record_file

    assert run(db, "import", record_file(tmp_path)).exit_code == 0
    [claim] = stored_claims(db)
    assert run(db, "set-status", str(claim.id), "--status", "in_review", "--reviewer", "ana").exit_code == 0
    assert run(db, "set-status", str(claim.id), "--verdict", "false", "--reviewer", "bo").exit_code == 0
    one_line_error(run(db, "undo", "--reviewer", "ana"),
                   f"claim {claim.id} has changed since (bo: set-status status at",
                   "its status is 'verified', not 'in_review'; nothing was undone")
    [after] = stored_claims(db)
    assert (after.status, after.verdict) == ("verified", "false")
    assert run(db, "undo", "--reviewer", "bo").exit_code == 0
    assert run(db, "undo", "--reviewer", "ana").exit_code == 0  # her change stands on its own again
    [back] = stored_claims(db)
    assert (back.status, back.verdict) == ("unverified", None)
    one_line_error(run(db, "redo", "--reviewer", "bo"), "its status is 'unverified', not 'in_review'; nothing was redone")
