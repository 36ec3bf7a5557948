"""Property: any input gives claims or a clear error, never a crash or half-written rows."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from claims.errors import ClaimsError
from claims.models import Appearance, Article, Claim
from claims.services.import_reading import decode_input
from claims.services.importer import import_text

pytestmark = pytest.mark.sqlite_only

FIELDS = ["text", "id", "speaker", "date", "url", "outlet", "title", "status", "verdict", "note",
          "evidence", "reviewed_at", "checkworthiness", "first_date", "whatever", "Claim", "date_precision"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(["2024-04-14", "2024-04", "1999", "14 April 2024", "verified", "false", "Mostly true",
                     "in_review", "https://example.org/x", "not a url", "", " ", "=1+1", "2024-02-30"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=6)
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), values, max_size=8)


def _counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one() for m in (Claim, Article, Appearance))


def _check(db, text: str, fmt: str | None, skip_bad: bool) -> None:
    before = _counts(db)
    try:
        report = import_text(db, text, name="input", fmt=fmt, skip_bad=skip_bad)
    except ClaimsError as exc:
        assert str(exc).strip() and "\n" not in str(exc).split(":", 1)[0]
        assert _counts(db) == before  # nothing half-stored
        return
    after = _counts(db)
    assert after[0] - before[0] == report.imported == len(report.claim_ids)
    assert after[2] - before[2] <= report.imported


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(records.map(lambda r: json.dumps(r)), st.text(max_size=30)), max_size=6),
       skip_bad=st.booleans())
def test_jsonl_any_input(db, lines, skip_bad):
    _check(db, "\n".join(lines), "jsonl", skip_bad)


cells = st.one_of(st.text(max_size=20), st.sampled_from(["2024-04-14", "bad date", "verified", "false", '"', ";", "\r\n", "'=x"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(st.sampled_from(FIELDS) | st.text(max_size=6), min_size=1, max_size=6),
       rows=st.lists(st.lists(cells, max_size=7), max_size=6),
       delim=st.sampled_from([",", ";", "\t"]), eol=st.sampled_from(["\n", "\r\n"]), skip_bad=st.booleans())
def test_csv_any_input(db, header, rows, delim, eol, skip_bad):
    text = eol.join(delim.join(r) for r in [header, *rows])
    _check(db, text, "csv", skip_bad)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200), fmt=st.sampled_from([None, "jsonl", "csv", "claimreview"]))
def test_any_bytes(db, data, fmt):
    before = _counts(db)
    try:
        text = decode_input(data, "input")
    except ClaimsError:
        assert _counts(db) == before
        return
    _check(db, text, fmt, False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(objs=st.lists(st.fixed_dictionaries(
    {"@type": st.sampled_from(["ClaimReview", "Claim", ["ClaimReview"]])},
    optional={"claimReviewed": values, "url": values, "reviewRating": st.dictionaries(
        st.sampled_from(["alternateName", "ratingValue", "bestRating", "worstRating"]), values, max_size=4),
        "itemReviewed": st.dictionaries(st.sampled_from(["author", "datePublished", "firstAppearance", "appearance"]),
                                        values, max_size=4),
        "author": values, "datePublished": values, "identifier": values}), max_size=4))
def test_claimreview_any_input(db, objs):
    _check(db, json.dumps(objs), "claimreview", True)
