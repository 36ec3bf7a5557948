"""`claims resolve-date`, `claims set-article`, `claims set-date`, and the transcript and --min-score parts of
`claims extract` / `claims ingest`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from claims.cli.options import (
    POSITIVE_INT,
    FiniteRange,
    allow_future_option,
    format_option,
    note,
    pass_db,
    reviewer_option,
)
from claims.cli.output import some_ids, write_records
from claims.cli.params import PATH, TEXT
from claims.dates import find_time_phrases, parse_published
from claims.errors import ClaimsError

if TYPE_CHECKING:
    from claims.extraction.types import ExtractedClaim
    from claims.sources import ArticleSource

# The services these commands call are imported in the commands: `resolve-date` needs none.

MIN_SCORE_HELP = "Keep only claims whose check-worthiness (0-1) is at least X."


def min_score_option(f):
    return click.option("--min-score", type=FiniteRange(0.0, 1.0), metavar="X",
                        help=MIN_SCORE_HELP)(f)


def transcript_option(*, multiple: bool):
    help_text = ("A speech or debate transcript (lines `SPEAKER: text`): every sentence is a "
                 "claim of its speaker" + (" (repeatable)." if multiple else "."))
    return click.option("--transcript", "transcripts" if multiple else "transcript",
                        multiple=multiple, type=PATH, metavar="FILE", help=help_text)


def keep_worthy(claims: list[ExtractedClaim], min_score: float | None) -> list[ExtractedClaim]:
    if min_score is None:
        return claims
    return [c for c in claims if c.checkworthiness >= min_score]


def transcript_records(src: ArticleSource, published: dt.date | None) -> list[ExtractedClaim]:
    """Every sentence of a transcript with its speaker; offsets index ``src.text``."""
    from claims.transcripts import extract_transcript_as_written

    if not src.text.strip():
        raise ClaimsError(f"{src.source}: empty transcript")
    return extract_transcript_as_written(src.text, published=published)


RESOLVE_COLUMNS = ["start", "end", "text", "date", "precision"]


@click.command("resolve-date")
@click.argument("text", type=TEXT)
@click.option("--published", type=TEXT, metavar="DATE",
              help="The date the text was published, to resolve relative phrases against.")
@allow_future_option
@format_option("json", "table", default="json")
def resolve_date(text, published, allow_future, fmt):
    """Print the time phrases in TEXT: offsets, resolved date, precision.

    The same reading extraction uses: "Sunday" in an article of Sunday 14 April 2024 is
    that day; "last week" has week precision. Without --published, relative phrases are
    found but left unresolved (date null). An empty list when TEXT holds no time phrase.
    """
    pub = parse_published(published, "--published", allow_future=allow_future)
    records = [
        {"text": p.text, "start": p.start, "end": p.end, "date": p.date, "precision": p.precision}
        for p in find_time_phrases(text, published=pub)
    ]
    if fmt == "table" and not records:
        note("no time phrases")
        return
    write_records(records, fmt, columns=RESOLVE_COLUMNS if fmt == "table" else None)


@click.command("set-article")
@click.argument("article_id", type=POSITIVE_INT)
@click.option("--published", type=TEXT, metavar="DATE", required=True,
              help='The publication date ("2024-04-14", "14 April 2024"); not after today.')
@allow_future_option
@reviewer_option
@pass_db
def set_article(db, article_id, published, allow_future, reviewer):
    """Set an article's publication date and re-date what came from it.

    Each appearance in the article is re-dated from the time phrase it was tied to (or the
    new date itself, as the reporting date); each claim whose date came from this article
    follows, each change logged in its history. All in one transaction.
    """
    from claims.services.articles import set_article_published

    pub = parse_published(published, "--published", allow_future=allow_future)
    result = set_article_published(db, article_id, pub, reviewer=reviewer)
    click.echo(f"article {result.article_id}: published {result.published.isoformat()}"
               + (f" (was {result.previous.isoformat()})" if result.previous else ""))
    changed = result.claims_changed  # an article of 2,000 claims: a line of 10,000 characters
    note(f"re-dated {result.appearances_changed} appearance(s) and {len(changed)} claim(s)"
         + (f": {some_ids(changed)}" if changed else ""))


@click.command("set-date")
@click.argument("claim_id", type=POSITIVE_INT)
@click.argument("when", type=TEXT)
@click.option("--expect-version", type=POSITIVE_INT, metavar="N",
              help="Refuse the change unless the claim is still at version N.")
@reviewer_option
@pass_db
def set_date(db, claim_id, when, expect_version, reviewer):
    """Give claim CLAIM_ID the date WHEN: "2024-04-12", "April 2024", "last Friday".

    Relative phrases count from the publication date of the article the claim was first
    seen in, as extraction counts them; the phrase is kept beside the date. Logged in the
    claim's history and undone by `claims undo`.
    """
    from claims.services.claim_dates import after_today, future_note, set_claim_date

    result = set_claim_date(db, claim_id, when, reviewer=reviewer,
                            expected_version=expect_version)
    d = result.date
    how = f"{d.precision}"
    if d.phrase:
        how += f", {d.phrase!r}" + (f" from {d.base.isoformat()}" if d.base else "")
    was = f" (was {result.previous})" if result.previous and result.previous != d.date else ""
    click.echo(f"claim {result.claim_id}: date {d.date} ({how}){was}")
    if not result.changed:
        note("unchanged: the claim already had that date")
    elif after_today(d.date):
        note(f"warning: claim {result.claim_id}'s date {future_note(d.date)}")
