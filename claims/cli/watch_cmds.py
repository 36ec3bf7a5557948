"""`claims watch add|list|remove|run`: feeds and pages polled on a schedule."""

from __future__ import annotations

import signal
import threading

import click

from claims.cli.options import POSITIVE_INT, format_option, note, pass_db, reviewer_option
from claims.cli.output import write_records
from claims.cli.params import PATH, TEXT
from claims.cli.signals import Terminated, forced_exit

LIST_COLUMNS = ["id", "source", "kind", "outlet", "every", "next_due", "last_polled_at", "last_poll"]


@click.group("watch")
def watch_group() -> None:
    """Watched sources: feeds and pages that `claims watch run` polls and ingests on a schedule.

    They are stored in the database, so a team on PostgreSQL shares them; several pollers
    (cron on two machines, a --forever one) may run at once, each source polled by one of
    them at a time.
    """


@watch_group.command("add")
@click.argument("source", type=PATH, metavar="URL|FILE")
@click.option("--every", type=TEXT, default="30m", show_default=True, metavar="DURATION",
              help="How often to poll it: 30m, 2h, 1h30m, 1d, 45s.")
@click.option("--outlet", type=TEXT, help="The outlet its articles are from (else what each page says).")
@reviewer_option
@pass_db
def watch_add(db, source, every, outlet, reviewer):
    """Watch a feed (RSS or Atom) or a single page, by URL or file; it is due at once."""
    from claims.services.watch import add_source, describe_every, parse_every

    added = add_source(db, source, every=parse_every(every), outlet=outlet, reviewer=reviewer)
    note(f"watching source {added.id}: {added.source} every {describe_every(added.every)}"
         + (f" (outlet {added.outlet})" if added.outlet else "") + "; `claims watch run` polls it")


@watch_group.command("list")
@format_option("table", "jsonl", "json", "csv", default="table")
@pass_db
def watch_list(db, fmt):
    """The watched sources: when each is next due, and how its last poll went (or why it is
    failing and backing off, or which poller is on it)."""
    from claims.services.watch import list_sources, now, same_source_warnings

    at = now()
    sources = list_sources(db)
    records = [s.to_record(at) for s in sources]
    if fmt in ("table", "csv"):
        for r in records:
            for key in ("next_due", "last_polled_at"):
                r[key] = f"{r[key].astimezone():%Y-%m-%d %H:%M}" if r[key] else ""
    write_records(records, fmt, columns=LIST_COLUMNS if fmt in ("table", "csv") else None)
    if fmt == "table" and not records:
        note("no watched sources (add one with `claims watch add URL`)")
    for warning in same_source_warnings((s.id, s.source) for s in sources):
        note(f"claims: warning: {warning}")


@watch_group.command("remove")
@click.argument("source_id", type=POSITIVE_INT)
@reviewer_option
@pass_db
def watch_remove(db, source_id, reviewer):
    """Stop watching a source (what it brought stays; its entries stay remembered)."""
    from claims.services.watch import remove_source

    removed = remove_source(db, source_id, reviewer=reviewer)
    note(f"source {removed.id} removed: {removed.source}")


@watch_group.command("run")
@click.argument("source_ids", nargs=-1, type=POSITIVE_INT, metavar="[ID]...")
@click.option("--all", "everything", is_flag=True, help="Poll every source now, due or not.")
@click.option("--forever", is_flag=True,
              help="Keep polling each source on its schedule until interrupted (ctrl+c).")
@click.option("--ignore-robots", is_flag=True,
              help="Fetch even where robots.txt disallows it (the pause between requests stays).")
@pass_db
def watch_run(db, source_ids, everything, forever, ignore_robots):
    """Poll the sources that are due, ingest what is new, and exit (or keep going: --forever).

    Each poll prints one status line: entries, new articles and claims, repeats of checked
    claims, or why it failed. Given IDs are polled now, due or not. Each new repeat runs the
    settings' [watch] notify_command, if one is set, with the repeat as JSON on stdin.
    Exit status 1 when a source failed (in a single run).
    """
    from claims.config import load_settings
    from claims.services.notify import Notifier
    from claims.services.watch_run import Poller
    from claims.web.polite import polite_fetching

    if forever and (source_ids or everything):
        raise click.UsageError("--forever polls every source on its schedule; give no IDs and no --all")
    settings = load_settings()
    notifier = Notifier(settings.notify_command, timeout=settings.notify_timeout,
                        log=lambda line: note(f"claims: warning: {line}"))
    failed = []

    def report(r) -> None:
        note(r.line())
        for warning in r.warnings:
            note(f"claims: warning: {warning}")
        if r.error:
            failed.append(r)

    poller = Poller(db, notifier=notifier, settings=settings, on_report=report,
                    on_warning=lambda line: note(f"claims: warning: {line}"))
    stop = threading.Event()
    try:
        with polite_fetching(ignore_robots=ignore_robots, settings=settings):
            if forever:
                _stop_on_term(stop)  # before the line that says it polls: a stop from then on is waited for
                note(f"watch: polling on schedule as {poller.holder} (ctrl+c stops)")
                poller.forever(stop)
                note("watch: stopped")
            else:
                reports = poller.run_pass(everything=everything, only=list(source_ids) or None)
                if not reports:
                    note("watch: nothing due (`claims watch list` says when; --all polls now)")
    except KeyboardInterrupt as exc:
        stop.set()
        notifier.stop()  # the hook running now too: ctrl+c does not reach its session
        note("watch: stopped")
        # one pass: a service manager's stop is seen in the status (143, 129); --forever
        # stops on SIGTERM as its way to end (exit 0), before its handler is set too
        if isinstance(exc, Terminated) and not forever:
            raise
    finally:
        notifier.close()
    if notifier.failed:
        note(f"watch: {notifier.failed} notify_command run(s) failed")
    if failed and not forever:
        raise click.exceptions.Exit(1)


def _stop_on_term(stop: threading.Event) -> None:
    """SIGTERM (a service manager stopping us) stops the poller once the source in hand is done,
    its lease given back. Raising from the handler instead could land between taking a lease
    and the code that gives it back, and leave it held until it expired."""

    seen: set[int] = set()

    def handler(signum, frame):
        if signum in seen:
            # the same signal again: the source in hand hangs (a server that never answers),
            # and the sender insists; as the default would have, the signal ends the process
            forced_exit(signum)
        seen.add(signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)
        # a closed terminal (SIGHUP) too, unless the caller ignores it (`nohup`): raised as
        # Ctrl-C's is (claims.cli.signals), it could land between taking a lease and giving it back
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            signal.signal(signal.SIGHUP, handler)

