"""`claims ingest` and `claims extract`: articles in, claims out."""

from __future__ import annotations

import os

import click

from claims.cli.extract_cmds import (
    keep_worthy,
    min_score_option,
    transcript_option,
    transcript_records,
)
from claims.cli.index_note import index_outdated, warn_outdated_index
from claims.cli.options import (
    allow_future_option,
    err_console,
    format_option,
    note,
    pass_db,
    progress_bar,
)
from claims.cli.output import write_records
from claims.cli.params import PATH, TEXT
from claims.dates import parse_published
from claims.errors import ClaimsError
from claims.links import check_url
from claims.sources import expand_paths, header_published, read_source

# What the commands run (storage, extraction, the progress bar) is imported in them:
# `extract` needs no database and `ingest` no extractor before it has paths to read.

LARGE_ARTICLE = 256 * 1024  # bytes: an article this large shows a progress bar of its own


def _size(source: str) -> int:
    try:
        return os.path.getsize(source)
    except (OSError, ValueError):
        return 0  # a URL or standard input: its size is known only once read


def ignore_robots_option(f):
    return click.option(
        "--ignore-robots", is_flag=True,
        help="Fetch URLs even where the site's robots.txt disallows it for claims (and ignore its "
             "Crawl-delay); the pause between requests to one host still applies.",
    )(f)



@click.command()
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--feed", "feeds", multiple=True, type=PATH, metavar="URL|FILE",
              help="An RSS or Atom feed: ingest each new entry's page once (repeatable).")
@click.option("--outlet", type=TEXT, help="The outlet that published the article(s).")
@click.option("--url", type=TEXT, help="The article's URL.")
@click.option("--title", type=TEXT, help="The article's title.")
@click.option("--published", type=TEXT, metavar="DATE",
              help='Publication date: 2024-04-14, "14 April 2024" or "yesterday"; not after today.')
@allow_future_option
@transcript_option(multiple=True)
@min_score_option
@ignore_robots_option
@pass_db
def ingest(db, paths, feeds, outlet, url, title, published, allow_future=False, transcripts=(), min_score=None,
           ignore_robots=False):
    """Store articles and the claims in them.

    PATHS are text or HTML files, folders of them, http(s) URLs, or - for standard input.
    From a web page the main text is kept (menus, ads, comments left out) with its title,
    author, site and date, and ClaimReview markup in it is recorded as reviewed claims. An
    article already stored is recognised and left as it is. Fetching follows robots.txt and
    waits between requests to one host ([web] delay in the settings, or the site's Crawl-delay).
    """
    if not paths and not feeds and not transcripts:
        raise click.UsageError("give article files, folders, URLs or - (or --feed URL|FILE, "
                               "--transcript FILE)")
    from claims.web.polite import polite_fetching

    with polite_fetching(ignore_robots=ignore_robots):
        _ingest(db, paths, feeds, outlet, url, title, published, transcripts, min_score, allow_future)


def _ingest(db, paths, feeds, outlet, url, title, published, transcripts, min_score, allow_future):
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from claims.services.ingest import ingest_paths
    from claims.services.views import MatchSummary

    published_date = parse_published(published, "--published", allow_future=allow_future)
    url = check_url(url, "--url") if url is not None else None
    outdated = index_outdated(db)  # read before the claims come in, said after
    failed_feeds = stored = 0
    for feed in feeds:
        failed, added = _ingest_feed(db, feed, outlet)
        failed_feeds, stored = failed_feeds + failed, stored + added
    if not paths and not transcripts:
        # said of new claims only: after an ingest that stored none (it failed) it was noise
        warn_outdated_index(outdated and stored > 0)
        if failed_feeds:
            raise click.exceptions.Exit(1)
        return
    sources = expand_paths(list(paths)) if paths else []
    if url and len(sources) + len(transcripts) > 1:
        raise ClaimsError("--url: names one article, but several were given")
    show_bar = len(sources) + len(transcripts) > 1
    large = any(_size(s) >= LARGE_ARTICLE for s in [*sources, *transcripts])
    console = err_console()
    progress = Progress(
        TextColumn("{task.fields[what]}"), BarColumn(), TextColumn("{task.fields[amount]}"),
        TimeRemainingColumn(), TextColumn("{task.description}"), console=console, transient=True,
        # a bar only on a terminal: Rich's stop prints an empty line on any other stderr
        disable=not (show_bar or large) or not console.is_interactive,
    )
    files = len(sources) + len(transcripts)
    with progress:
        task = progress.add_task("", total=files, what="ingesting", amount=f"0/{files}", visible=show_bar)
        # A large article shows its own phases: extracting, storing, then matching claim by claim.
        phase_task = progress.add_task("", total=None, what="", amount="", visible=False)

        def phase(name, done, total):
            if large:
                # Extraction counts characters read (in millions), the other phases claims.
                amount = (f"{done / 1e6:.1f}/{total / 1e6:.1f}M characters" if name == "extracting" and total
                          else f"{done}/{total}" if total else "")
                progress.update(phase_task, what=name, completed=done, total=total, amount=amount, visible=True)

        def done(outcome):
            progress.update(phase_task, visible=False)
            progress.update(task, advance=1, description=outcome.source[-40:])
            progress.update(task, amount=f"{int(progress.tasks[task].completed)}/{files}")
            if outcome.error:
                note(f"claims: error: {outcome.error}", progress.console)
            for warning in outcome.warnings:
                note(f"claims: warning: {warning}", progress.console)

        # --allow-future reached only --published: a header's or page's later date was refused
        # or left out with its own hint to give it (hostile33)
        outcomes = ingest_paths(db, sources, outlet=outlet, url=url, title=title,
                                published=published_date, allow_future=allow_future, on_done=done,
                                min_score=min_score, progress=phase)
        if transcripts:
            outcomes += ingest_paths(db, list(transcripts), outlet=outlet, url=url, title=title,
                                     published=published_date, allow_future=allow_future, on_done=done,
                                     transcript=True,
                                     min_score=min_score, progress=phase)
    added = [o for o in outcomes if o.article_id is not None]
    dupes = [o for o in outcomes if o.duplicate_of is not None]
    failed = [o for o in outcomes if o.error]
    for o in dupes:
        note(f"{o.source}: already ingested as article {o.duplicate_of}; nothing changed")
    reviews = sum(o.reviews_added for o in added)
    summary = (
        f"ingested {len(added)} article{'s' * (len(added) != 1)}: "
        f"{sum(o.claims_added for o in added)} claims"
        + (f" ({reviews} from ClaimReview markup)" if reviews else "")
        + f", {sum(o.appearances_added for o in added)} appearances"
    )
    found = sum((o.matches for o in added if o.matches), MatchSummary())
    if found.duplicates or found.suggestions or found.conflicts:
        summary += f"; matching: {found.describe()}"
    if dupes:
        summary += f"; {len(dupes)} already stored"
    if failed:
        summary += f"; {len(failed)} failed: " + ", ".join(o.source for o in failed)
    if len(outcomes) > 1 or not failed:  # a lone failure has said all there is to say
        note(summary)
    warn_outdated_index(outdated and stored + sum(o.claims_added for o in added) > 0)
    if failed:
        raise click.exceptions.Exit(1)


def _ingest_feed(db, feed: str, outlet: str | None) -> tuple[int, int]:
    """Ingest one feed with a progress bar; returns (1 when the feed or any entry failed, else
    0; the claims it stored)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from claims.web.feeds import ingest_feed

    progress = progress_bar(
        TextColumn("feed"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), TextColumn("{task.description}"),
    )
    try:
        with progress:
            task = progress.add_task("", total=None)

            def start(info, total):
                progress.update(task, total=total, description=(info.title or feed)[-40:])
                if info.warning:
                    note(f"claims: warning: {feed}: {info.warning}", progress.console)

            def done(outcome):
                progress.update(task, advance=1, description=(outcome.entry.title or "")[-40:])
                if outcome.error:
                    note(f"claims: error: {feed}: {outcome.error}", progress.console)
                for warning in outcome.ingest.warnings if outcome.ingest else ():
                    note(f"claims: warning: {warning}", progress.console)

            report = ingest_feed(db, feed, outlet=outlet, on_start=start, on_entry=done)
    except ClaimsError as exc:
        note(f"claims: error: {exc}")
        return 1, 0
    note(report.summary())
    return (1 if report.count("failed") else 0), report.claims_added


EXTRACT_TABLE_COLUMNS = ["start", "end", "speaker", "cue", "date", "date_precision", "checkworthiness", "text"]


@click.command()
@click.argument("path", type=PATH, required=False)
@click.option("--published", type=TEXT, metavar="DATE", help="Publication date, to resolve relative dates.")
@allow_future_option
@transcript_option(multiple=False)
@min_score_option
@ignore_robots_option
@format_option("jsonl", "json", "table", default="jsonl")
def extract(path, published, fmt, allow_future=False, transcript=None, min_score=None, ignore_robots=False):
    """Print the claims in an article (or a transcript) without storing anything.

    The claims are those `claims ingest` would store: an article is read as ingest reads it
    (scraper debris and the dateline removed, whitespace tidied, zero-width and control
    characters dropped), and its offsets index that text, the article's text as stored. A
    transcript's offsets index the file's text as read (after UTF-8 decoding): there
    text[start:end] == quote. A URL is fetched as `claims ingest` fetches it.
    """
    if bool(path) == bool(transcript):
        raise click.UsageError("give an article file (or -), or --transcript FILE")
    from claims.cleaning import article_to_store
    from claims.extraction.sections import read_claims
    from claims.web.polite import polite_fetching

    with polite_fetching(ignore_robots=ignore_robots):
        src = read_source(path or transcript)
    published_date = (parse_published(published, "--published", allow_future=allow_future)
                      or header_published(src, allow_future=allow_future))
    records = []
    if transcript:
        found, offset = transcript_records(src, published_date), src.body_offset
    else:  # the text ingest stores (one step: claims.cleaning.article_to_store), by sections as it reads it
        found, offset = read_claims(article_to_store(src.text, src.source).text, published=published_date), 0
    kept = keep_worthy(found, min_score)
    why = _explained(kept) if fmt != "table" else None
    for i, c in enumerate(kept):
        r = c.to_record()
        if why is not None:
            r["checkworthiness_model"], r["checkworthiness_reasons"] = why[0], why[1][i]
        for key in ("start", "end", "speaker_start", "speaker_end"):
            if r.get(key) is not None:
                r[key] += offset
        records.append(r)
    write_records(records, fmt, columns=EXTRACT_TABLE_COLUMNS if fmt == "table" else None)


def _explained(claims) -> tuple[str, list[list[dict]]]:
    """The scoring model's name and, per claim, the reasons for its check-worthiness."""
    from claims.checkworthiness import explain, model_name

    return model_name(), [explain(c.text) for c in claims]

