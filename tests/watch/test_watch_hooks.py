"""`[watch] notify_command` (each new repeat as JSON on stdin; time-limited; failures logged;
never holding up ingestion), `watch run --forever`, and a desk from before watching migrating."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

from claims.models import Article
from claims.services import watch
from claims.services.notify import Notifier
from claims.services.repeats import RECORD_FIELDS
from claims.services.watch_run import Poller
from db import Database
from tests.conftest import CLAIMS_BIN

from .site import REPEAT_STORY, filler
from .util import checked_then_repeated, count, wait_for


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_each_new_repeat_runs_the_command_with_its_json(db, site, watch_clock, tmp_path):
    cid = checked_then_repeated(db, site)
    out = tmp_path / "notified.jsonl"
    notifier = Notifier(_python(f"import sys; open({str(out)!r}, 'a').write(sys.stdin.read() + '\\n')"))
    Poller(db, notifier=notifier).run_pass(everything=True)
    notifier.close()
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert list(record) == list(RECORD_FIELDS)
    assert record["kind"] == "repeat" and record["claim_id"] == cid and record["verdict"] == "false"
    assert record["outlet"] == "Northline News" and notifier.sent == 1 and notifier.failed == 0


def test_a_failing_or_hanging_command_is_logged_and_ingestion_goes_on(db, site, watch_clock):
    checked_then_repeated(db, site)
    site.story("/courier.xml", "also", "Also repeated", [REPEAT_STORY[0].replace("Sunday", "Monday")])
    logged: list[str] = []
    failing = Notifier(_python("import sys; sys.stdin.read(); print('chat server said no', file=sys.stderr); "
                               "sys.exit(3)"), log=logged.append)
    reports = Poller(db, notifier=failing).run_pass(everything=True)
    failing.close()
    assert sum(r.count("repeat") for r in reports) == 2 and count(db, Article) == 4
    assert failing.failed == 2 and all("notify_command: exit status 3 (repeat of claim" in line
                                       and line.endswith(": chat server said no") for line in logged)
    hanging = Notifier(_python("import time; time.sleep(60)"), timeout=0.3, log=logged.append)
    site.story("/northline.xml", "third", "Third time", [REPEAT_STORY[0].replace("Sunday", "Tuesday")])
    Poller(db, notifier=hanging).run_pass(everything=True)
    hanging.close()
    assert hanging.failed == 1 and "notify_command: timed out after 0.3 s" in logged[-1]
    missing = Notifier(["/nonexistent/notify-bot"], log=logged.append)
    missing.submit(reports[-1].repeats[0] if reports[-1].repeats else reports[0].repeats[0])
    missing.close()
    assert "notify_command: cannot run it" in logged[-1]


def test_ingestion_never_waits_for_the_command(db, site, watch_clock, tmp_path):
    """The command blocks until the test lets it go; the poll has finished before that."""
    checked_then_repeated(db, site)
    release, out = tmp_path / "go", tmp_path / "got.json"
    notifier = Notifier(_python(
        "import os, sys, time\ndata = sys.stdin.read()\n"
        f"while not os.path.exists({str(release)!r}): time.sleep(0.01)\n"
        f"open({str(out)!r}, 'w').write(data)"), timeout=60)
    [report, *_] = [r for r in Poller(db, notifier=notifier).run_pass(everything=True) if r.repeats]
    assert count(db, Article) == 3 and report.count("repeat") == 1
    assert notifier.sent == 0 and not out.exists()  # still waiting on its command
    release.touch()
    notifier.close()
    assert notifier.sent == 1 and json.loads(out.read_text())["kind"] == "repeat"


def test_notify_command_from_the_settings_through_the_shell(invoke, runner, site, tmp_path, monkeypatch, db_path):
    out = tmp_path / "bot.jsonl"
    config = tmp_path / "config.toml"
    config.write_text(f'[web]\ndelay = 0\n\n[watch]\nnotify_command = "cat >> {out}"\nnotify_timeout = 20\n')
    monkeypatch.setenv("CLAIMS_CONFIG", str(config))
    db = Database(str(db_path))
    try:
        checked_then_repeated(db, site)
    finally:
        db.close()
    ran = invoke("watch", "run", "--all")
    assert ran.exit_code == 0, ran.output
    assert [json.loads(line)["kind"] for line in out.read_text().splitlines()] == ["repeat"]
    from tui.entry import cli

    shown = runner.invoke(cli, ["config", "show"]).output
    assert f'notify_command = "cat >> {out}"' in shown and "notify_timeout = 20" in shown


def test_forever_polls_on_schedule_until_stopped(site, tmp_path, config_file):
    url = str(tmp_path / "forever.db")
    db = Database(url)
    try:
        src = watch.add_source(db, site.web.url("/courier.xml"), every=1, reviewer="ana")
        proc = subprocess.Popen([str(CLAIMS_BIN), "watch", "run", "--forever", "--db", url],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for(lambda: count(db, Article) == 1, "the first poll")
            site.story("/courier.xml", "next", "Next story", filler(1, "forever"))
            wait_for(lambda: count(db, Article) == 2, "the next poll to bring the new story")
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        lines = err.splitlines()
        assert lines[0].startswith("watch: polling on schedule as ") and lines[-1] == "watch: stopped"
        assert any(f"watch: #{src.id} " in line and "1 new article" in line for line in lines)
        assert watch.get_source(db, src.id).lease_holder is None  # given back on the way out
    finally:
        db.close()


def test_a_desk_from_before_watching_migrates_forward(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine, inspect, text

    from db.migrate import alembic_config, head_revision

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
        conn.execute(text("INSERT INTO article (text, content_hash, ingested_at) "
                          "VALUES ('old words', 'h1', '2026-01-02 03:04:05.000000')"))
    engine.dispose()
    db = Database(str(path))
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
            assert {"watch_source", "repeat_seen"} <= set(inspect(conn).get_table_names())
            assert conn.execute(text("SELECT text FROM article")).scalar() == "old words"
        assert watch.list_sources(db) == []
    finally:
        db.close()

