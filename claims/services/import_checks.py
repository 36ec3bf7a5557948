"""Checking one record of an import (`check_record`): every field read, cleaned and limited
as at every other door, or the record refused with the reason and field named."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from claims import untrusted
from claims.config import Settings
from claims.errors import ClaimsError
from claims.limits import (
    MAX_EXTRA_CHARS,
    MAX_LEN,
    MAX_NOTE_CHARS,
    MAX_TEXT_CHARS,
    clean_id,
    control_problem,
    evidence_problem,
    fold_spaces,
    line_control_problem,
    name_problem,
    one_line,
    shows_nothing,
    text_problem,
    visible_name,
    without_direction_controls,
)
from claims.links import check_evidence_url, check_url, new_links
from claims.services.import_records import (
    ALIAS_TO_FIELD,
    IGNORED_FIELDS,
    ImportRecord,
    KeptName,
    RecordError,
    SeenIn,
    fold_field_name,
)
from claims.vocab import Status, Verdict, parse_status, parse_verdict, review_outcome
from claims.web.jsonld import is_claimreview_type


def is_claimreview(obj: dict) -> bool:
    """Whatever way its @type writes it (`schema:ClaimReview`, `https://schema.org/ClaimReview`,
    as a page's markup is read): those were read as records of no type, the review's URL
    stored as where the claim appeared and its rating left out."""
    return is_claimreview_type(obj.get("@type"))


def _name_of(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _several(value) -> bool:
    return isinstance(value, list) and len(value) > 1


def _seen_fields(work: Any) -> dict[str, Any]:
    """A CreativeWork a claim appeared in (or its URL alone) as the fields `url`, `outlet`,
    `title`, `first_date`; those it lacks are left out."""
    if isinstance(work, str):
        return {"url": work}
    if not isinstance(work, dict):
        return {}
    fields = {"url": work.get("url"),
              "outlet": _name_of(work.get("publisher")) or _name_of(work.get("author")),
              "title": work.get("headline") or work.get("name"),
              "first_date": work.get("datePublished")}
    return {k: v for k, v in fields.items() if v is not None}


def _no_claim_reviewed(text: str | None, item: Any) -> str:
    """Why a ClaimReview without `claimReviewed` has no claim: where the text was looked for.
    schema.org's `claimReviewed` is "a short summary of the specific claims reviewed", and
    Google's fact-check markup requires it; `itemReviewed` is a Claim whose documented
    properties are its author, date and appearances (in the first markup, the work that
    carried the claims), so its `name` may be an article's headline: not read as the claim."""
    said = "claimReviewed is missing" if text is None else "claimReviewed is empty"
    if isinstance(item, list) and len(item) == 1:
        item = item[0]
    name = item.get("name") if isinstance(item, dict) else None
    beside = (f"; itemReviewed.name {name.strip()[:60]!r} is not read as it (it may name the work the claim "
              "appeared in)") if isinstance(name, str) and name.strip() else ""
    return (f"no text: {said} (the claim itself is required: a ClaimReview gives it in claimReviewed, as "
            f"schema.org and Google's fact-check markup define it{beside})")


def flatten_claimreview(obj: Any, settings: Settings) -> dict[str, Any]:
    """A schema.org ClaimReview object as a flat import record."""
    if not isinstance(obj, dict):
        raise RecordError(f"a ClaimReview must be a JSON object, not {type(obj).__name__}")
    if not is_claimreview(obj):
        raise RecordError(f"@type is {obj.get('@type')!r}, not ClaimReview")
    rec: dict[str, Any] = {}
    rest = {k: v for k, v in obj.items() if k not in ("@context", "@type")}
    rec["text"] = rest.pop("claimReviewed", None)
    if rec["text"] is None or isinstance(rec["text"], str) and not rec["text"].strip():
        raise RecordError(_no_claim_reviewed(rec["text"], rest.get("itemReviewed")))
    rec["fact_check_url"] = rest.pop("url", None)
    rec["id"] = rest.pop("identifier", None)
    rec["reviewed_at"] = rest.pop("datePublished", None)
    author = rest.pop("author", None)
    rec["reviewer"] = _name_of(author)
    if _several(author):
        rec["author"] = author  # the first is the reviewer; all are kept with the claim
    if "reviewBody" in rest:
        rec["note"] = rest.pop("reviewBody")
    item = rest.pop("itemReviewed", None)
    if isinstance(item, list) and len(item) == 1:
        item = item[0]  # a list of one Claim
    if isinstance(item, dict):
        item = dict(item)
        item.pop("@type", None)
        claim_author = item.pop("author", None)
        rec["speaker"] = _name_of(claim_author)
        if _several(claim_author):
            item["author"] = claim_author  # the first is the speaker; all are kept with the claim
        if isinstance(claim_author, dict) and isinstance(claim_author.get("jobTitle"), str):
            rec["speaker_role"] = claim_author["jobTitle"]
        rec["date"] = item.pop("datePublished", None)
        first = item.pop("firstAppearance", None)
        appearances = item.pop("appearance", None)
        if not isinstance(appearances, list):
            appearances = [appearances] if isinstance(appearances, dict | str) else []
        if isinstance(first, list):  # several first appearances: the first, the rest as appearances
            first, appearances = (first[0] if first else None), first[1:] + appearances
        if first is None and appearances:
            first, appearances = appearances[0], appearances[1:]
        rec.update(_seen_fields(first))
        # Each other appearance as the first is read (its outlet, headline and date too, not
        # only its URL): an export of a claim seen in three outlets comes back seen in three.
        others = [_seen_fields(a) for a in appearances]
        others = [o for o in others if o and (o.get("url") is None or o.get("url") != rec.get("url"))]
        if others:
            rec["other_appearances"] = others
        if item:
            rec["itemReviewed"] = item
    elif item is not None:
        rec["itemReviewed"] = item  # not one Claim (several, or text): kept as it is
    rating = rest.pop("reviewRating", None)
    if isinstance(rating, dict):
        verdict = None
        label = rating.get("alternateName")
        if isinstance(label, str) and label.strip():
            verdict = settings.verdict_for_label(label)
        if verdict is None:
            verdict = _verdict_from_value(rating, settings)
        if verdict is not None:
            rec["verdict"] = verdict
        else:
            rec["reviewRating"] = rating  # kept as it is: a label we have no verdict for
    elif rating is not None:
        rec["reviewRating"] = rating  # not one Rating: kept as it is
    rec.update((KeptName(k), v) for k, v in rest.items())  # kept with the claim, read as nothing
    return {k: v for k, v in rec.items() if v is not None}


def _verdict_from_value(rating: dict, settings: Settings) -> str | None:
    if any(isinstance(rating.get(k), bool) for k in ("ratingValue", "bestRating", "worstRating")):
        return None  # true is no rating of 1 (it made a verdict of false): kept as it is
    try:
        value = float(rating["ratingValue"])
        best = float(rating.get("bestRating", settings.best_rating))
        worst = float(rating.get("worstRating", settings.worst_rating))
    except (KeyError, TypeError, ValueError):
        return None
    if best == worst or not all(map(math.isfinite, (value, best, worst))):
        return None
    scaled = settings.worst_rating + (value - worst) * (settings.best_rating - settings.worst_rating) / (best - worst)
    for name, scale in settings.verdicts.items():
        if scale.value is not None and abs(scale.value - scaled) < 1e-9:
            return name
    return None


def _text(value, fname: str, *, limit: int | None = None, keep_direction_controls: bool = False,
          name: bool = False) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"{fname} must be text, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RecordError(f"{fname} must be text, not {value!r}")
    text = str(value).strip()
    # Printable ASCII (most values; `isascii` reads a flag) holds no NUL, control character,
    # surrogate or direction control: nothing below to refuse or remove.
    if not (text.isascii() and text.isprintable()):
        problem = text_problem(text)
        if problem:
            raise RecordError(f"{fname} {problem}")
        if not keep_direction_controls:  # they would reorder what the desk shows (a URL refuses them)
            text = without_direction_controls(text)
    if name:  # one line wherever it is shown (`claims.limits.one_line`)
        text = one_line(text)
    if limit is not None and len(text) > limit:
        raise RecordError(f"{fname} is {len(text)} characters long (at most {limit})")
    return text or None


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


def parse_claim_date(value: str, fname: str = "date") -> tuple[str, str]:
    """An ISO date with its precision: ("2024-04-14", "day"), ("2024-04", "month"), ("2024", "year").

    ISO forms first (a full timestamp counts as its day); other spellings with a four-digit
    year ("14 April 2024", "April 14, 2024", "April 2024") read whole, as a typed date is.
    """
    from claims.dates import ascii_digits, stamp_day

    try:
        v = ascii_digits(value.strip())  # "٢٠٢٣" is 2023, as a typed date reads it (stored in ASCII)
    except ValueError as exc:  # '2٠24': two scripts' digits in one number
        raise RecordError(f"{fname}: {exc} {_DAY_HINT}") from None
    try:
        v = stamp_day(v) or v  # a timestamp counts as its day, if its time of day exists
        if m := _ISO_DAY.match(v):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        if m := _ISO_MONTH.match(v):
            if not 1 <= int(m[2]) <= 12:
                raise ValueError
            return v, "month"
        if m := _ISO_YEAR.match(v):
            if int(m[1]) < 1:
                raise ValueError
            return v, "year"
    except ValueError:
        raise RecordError(f"{fname}: {value!r} is not a date") from None
    if re.search(r"\b\d{4}\b", v) and len(v) <= 60:
        from claims.dates import read_typed_date

        try:  # read whole, with its precision; a relative date has no day to count from here
            return read_typed_date(v, base=None)
        except ValueError as exc:
            raise RecordError(f"{fname}: {exc} (use YYYY-MM-DD, YYYY-MM or YYYY)") from None
    raise RecordError(f"{fname}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def _article_day(value, fname: str, *, allow_future: bool = False) -> tuple[date | None, str | None]:
    """An appearance's publication date: (the day, None), or (None, the date as given) when it
    names no single day (a month, a year), or (None, None) when there is none. A day after
    today only with ``allow_future`` (`claims import --allow-future`, as `ingest` takes one:
    an article stored with it came back from its export refused, hostile31a). A month or a year
    is held to it by its first day: '2099' was kept unchecked, where '2099-01-01' is refused
    (hostile32). A day before `EARLIEST_PUBLISHED_YEAR` is given as a vaguer date is."""
    from claims.dates import EARLIEST_PUBLISHED_YEAR  # (loaded when needed, as elsewhere here)

    given = _text(value, fname, limit=200)
    if not given:
        return None, None
    iso, precision = parse_claim_date(given, fname)
    day = date.fromisoformat((iso + "-01-01")[:10])  # a month's or a year's first day
    # as an ingest's publication date: none after today (a day ahead: where the record
    # was written it may be tomorrow already)
    if day > date.today() + timedelta(days=1) and not allow_future:
        what = "in the future" if precision == "day" else f"a {precision} yet to come"
        raise RecordError(f"{fname}: {given!r} is {what}; a publication date is today or earlier "
                          "(--allow-future accepts it)")
    if precision != "day" or day.year < EARLIEST_PUBLISHED_YEAR:
        # a day before 1800 is no article's date, as at every other door (`--published` refuses
        # it, a header's or a page's is none): kept as given, as a vaguer one is (an export of a
        # desk that holds one imports back); it was stored as the article's date (leftovers34)
        return None, given
    return day, None


def _other_appearances(value: Any, first_url: str | None, extra: dict[str, Any], *,
                       allow_future: bool = False) -> list[SeenIn]:
    """`other_appearances`: a list (in a CSV cell, its JSON, or URLs alone) of objects with
    `url`, `outlet`, `title`, `first_date`, each field checked as the first appearance's is.
    A field that fails is left out of its appearance and kept, with why, in `extra`
    (`other_appearances_left_out`), not the claim refused: other organisations' markup puts
    `data:` links and dates to come there. A date naming no single day is kept in `extra`, as
    the first's."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:  # a CSV cell of URLs alone, as a listing's `url` cell holds one
            value = [link for link in _LINK_SEPARATOR.split(value.strip()) if link]
    if isinstance(value, dict | str):
        value = [value]
    if not isinstance(value, list):
        raise RecordError(f"other_appearances must be a list, not {type(value).__name__}")
    seen: list[SeenIn] = []
    vaguer: list[dict[str, str]] = []
    left_out: list[dict[str, Any]] = []

    def checked(check, n: int, name: str, given):
        try:
            return check(given, f"other_appearances {n}: {name}")
        except RecordError as exc:
            shown = given if isinstance(given, str | int | float | bool) else type(given).__name__
            left_out.append({"appearance": n, "field": name, "value": str(shown)[:200], "problem": str(exc)[:300]})
            return None

    for n, item in enumerate(value, start=1):
        item = {"url": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            raise RecordError(f"other_appearances {n} must be an object (url, outlet, title, first_date), "
                              f"not {type(item).__name__}")
        unknown = sorted(set(map(str, item)) - {"url", "outlet", "title", "first_date"})
        if unknown:
            raise RecordError(f"other_appearances {n}: unknown field {unknown[0]!r} (url, outlet, title, first_date)")
        url = checked(_http_url, n, "url", item.get("url"))
        outlet = visible_name(checked(lambda v, f: _text(v, f, limit=MAX_LEN["outlet"], name=True),
                                      n, "outlet", item.get("outlet")))
        title = checked(lambda v, f: _text(v, f, limit=MAX_LEN["title"], name=True), n, "title", item.get("title"))
        day, vague = checked(lambda v, f: _article_day(v, f, allow_future=allow_future), n, "first_date",
                             item.get("first_date")) or (None, None)
        if vague:
            vaguer.append({k: v for k, v in (("url", url), ("outlet", outlet), ("first_date", vague)) if v})
        if (url is None and outlet is None and title is None and day is None) or (url and url == first_url):
            continue  # nothing to store, or the first appearance again
        if (one := SeenIn(url, outlet, title, day)) not in seen:
            seen.append(one)
    if vaguer:
        extra["other_appearance_dates"] = vaguer
    if left_out:
        extra["other_appearances_left_out"] = left_out
    return seen


_DAY_HINT, _MOMENT_HINT = "(use YYYY-MM-DD, YYYY-MM or YYYY)", "(use YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or a day)"


def _timestamp(value, fname: str) -> datetime | None:
    """A moment (`reviewed_at`): an ISO date and time, or a day as the claim's date reads one
    (its midnight), through the one date reader (`claims.dates`): Python's ISO reader took
    week dates, the basic format and an hour alone ('2024-W15-1', '20240414T0930')."""
    if value is None:  # (before the import below: most records give none)
        return None
    from claims.dates import ascii_digits, holds_time_of_day, read_stamp

    text = _text(value, fname)
    if text is None:
        return None
    try:
        stamp = read_stamp(ascii_digits(text))
    except ValueError as exc:
        raise RecordError(f"{fname}: {exc} (use ISO 8601: YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or a day)") from None
    if stamp is None:
        if holds_time_of_day(text):  # read as a day, its time and zone were dropped: midnight
            raise RecordError(f"{fname}: {text!r} gives a time of day but is no ISO date and time "
                              "(use YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], or a day alone)")
        try:
            iso, precision = parse_claim_date(text, fname)
        except RecordError as exc:  # a claim's date's hint ('use YYYY-MM-DD, YYYY-MM or YYYY') is not this field's
            raise RecordError(str(exc).replace(_DAY_HINT, _MOMENT_HINT)) from None
        if precision != "day":
            raise RecordError(f"{fname}: {text!r} is a {precision}, not a day: a review's time is a moment")
        stamp = datetime.fromisoformat(iso)  # the day read, YYYY-MM-DD: its midnight
    try:
        stamp = (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):  # '0001-01-01T00:00+14:00' is in year 0 in UTC
        side = "after the year 9999" if stamp.year == 9999 else "before the year 1"
        raise RecordError(f"{fname}: {text!r} is out of range ({side} in UTC)") from None
    if stamp > datetime.now(UTC) + timedelta(days=1):  # a review is done, so not yet to come
        raise RecordError(f"{fname}: {text!r} is in the future; a review's time is now or earlier")
    return stamp


_LINK_SEPARATOR = re.compile(r";?\s+")


def _http_url(value, fname: str) -> str | None:
    text = _text(value, fname, keep_direction_controls=True)
    if text is None:
        return None
    try:
        return check_url(text, fname)
    except ClaimsError as exc:
        raise RecordError(str(exc)) from None


def _evidence_url(value) -> str | None:
    text = _text(value, "evidence", keep_direction_controls=True)
    if text is None:
        return None
    try:
        return check_evidence_url(text, one_each="separate links by spaces")
    except ClaimsError as exc:
        raise RecordError(str(exc)) from None


def _extra_value(value: Any, fname: str) -> Any:
    """A field claims has no column for, kept in `Claim.extra` as the other fields are
    stored: no terminal control, no direction control (`without_direction_controls`), in its
    strings at any depth (a list's items, an object's names and values)."""
    if isinstance(value, str):
        if problem := control_problem(value):
            raise RecordError(f"{fname} {problem}")
        return without_direction_controls(value)
    if isinstance(value, list):
        return [_extra_value(v, fname) for v in value]
    if isinstance(value, dict):
        kept: dict[str, Any] = {}
        for k, v in value.items():
            if problem := control_problem(str(k)):
                raise RecordError(f"{fname}: the name {str(k)!r} {problem}")
            _keep_extra(kept, str(k), _extra_value(v, fname), f"{fname}: name")
        return kept
    return value


# What a listing (`claims list --format json`) says of each claim that the desk computes and an
# import keeps in `extra` (its `id` too, beside the external id that wins): a listing of an
# imported claim carries them twice, its own and the ones kept then; its own are the newer.
_LISTING_COMPUTED = {"id", "appearances", "outlets", "priority", "checked_as", "taken_by", "taken_since"}


def _extra_object(value: Any) -> dict[str, Any] | None:
    """A listing's `extra` (an object; in a CSV, the JSON of one) as fields to keep, checked
    as the record's other fields are; None when it is no object (another program's field
    named `extra`, kept as any other field is)."""
    if isinstance(value, str):
        try:
            value = untrusted.json_loads(value, fields_once=True)
        except (ValueError, RecursionError):
            return None
    if not isinstance(value, dict):
        return None
    return _extra_value(value, "extra")


def _merge_kept(extra: dict[str, Any], kept: dict[str, Any]) -> None:
    """The fields a listing's `extra` holds, added to the record's other fields; a field
    named in both with another value is refused (nothing is dropped), but for what the
    listing computed (`_LISTING_COMPUTED`), whose value outside `extra` is the newer."""
    for name, value in kept.items():
        if name not in extra:
            extra[name] = value
        elif extra[name] != value and name not in _LISTING_COMPUTED:
            raise RecordError(f"the field {name!r} is named in the record and in its extra, "
                              "with other values")


def _keep_extra(into: dict[str, Any], key: str, value: Any, what: str) -> None:
    """`into[key] = value`, `key` less its direction controls; a name that is another's once
    they are removed is refused, as a name given twice is (nothing is dropped)."""
    name = without_direction_controls(key)
    if key and not name.strip():  # a name of direction controls alone was kept as ''
        raise RecordError(f"the {what} {key!r} is empty once its direction controls are removed")
    if name in into:
        raise RecordError(f"the {what} {key!r} is {name!r} once its direction controls are removed, "
                          f"and {name!r} is named too")
    into[name] = value


_EXACT_FLOAT = 2**53  # every whole number below it is a float exactly (2**53 + 1 reads as 2**53)


def _external_id(value: Any) -> tuple[str | None, str | None]:
    """The id as stored (`clean_id`), and as given when that differs. An id of nothing
    visible is refused, not stored as ''. A JSON number that is whole is the integer's id:
    1, 1.0 and 1e0 are one number, and were three claims ('1', '1.0', '1.0'); "1.0" given
    as text stays its own id."""
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= _EXACT_FLOAT:  # 12345678901234567890.0 reads as ...7168: no id to trust
            raise RecordError(f"id {value!r} is a number too large to read exactly (a whole number "
                              f"written with a point or exponent must be below {_EXACT_FLOAT:,}): "
                              "give it as text or as a whole number")
        value = int(value)  # -0.0 too: the id 0
    given = _text(value, "id", limit=MAX_LEN["external_id"], keep_direction_controls=True)
    if given is None:
        return None, None
    cleaned = clean_id(given)
    if not cleaned or shows_nothing(cleaned):
        raise RecordError(f"id {given!r} is empty once its invisible characters are removed")
    if len(cleaned) > MAX_LEN["external_id"]:  # NFC writes some letters as two (U+0958-095F)
        raise RecordError(f"id is {len(cleaned)} characters long in normal form (NFC), "
                          f"at most {MAX_LEN['external_id']}")
    return cleaned, (given if cleaned != given else None)


def desk_id_kept(rec: ImportRecord) -> None:
    """The record's `id` kept in `extra` (as a record's with an `external_id` is), not as its
    external id: the file gives another record that id as its explicit `external_id`.

    A file `claims export` (or a listing) writes holds both: the `id` of a claim without an
    external id is the exporting desk's id, and an imported claim's `external_id` may be
    '3' too, another claim's desk id. Both were read as the external id '3', a duplicate:
    the file did not import back (one claim lost with `--skip-bad`). The two are named in
    two spaces (the desk's ids, the source's), so the explicit one keeps the id."""
    if rec.id_field is None:
        return
    key, value = kept_desk_id(rec)
    # (over a listing's own `id` kept in its `extra` when it was imported: this one is newer)
    rec.extra[key] = value
    rec.external_id = rec.id_given = rec.id_field = None


def same_id(value: Any, external_id: str) -> bool:
    """Whether `value` (an id kept in a stored claim's `extra`) is `external_id` once read as an
    id is (`_external_id`: 3 and '3' are one id)."""
    try:
        return _external_id(value)[0] == external_id
    except RecordError:
        return False


def kept_desk_id(rec: ImportRecord) -> tuple[str, Any]:
    """(name, value) `desk_id_kept` keeps the record's `id` under in `extra` (its `id_field` set)."""
    key, value = rec.id_field
    try:
        value = _extra_value(value, key)
    except RecordError:  # (the id passed its own checks: kept as it is stored)
        value = rec.external_id
    return without_direction_controls(key) or key, value


_TEXT_AND_ID = frozenset(("text", "external_id"))


def check_record(raw: Any, where: str, settings: Settings, *, allow_future: bool = False) -> ImportRecord:
    """One raw record (a dict of field -> value) checked and normalised, or RecordError."""
    if not isinstance(raw, dict):
        raise RecordError(f"a record must be a JSON object with a text field, not {type(raw).__name__}")
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    ignored: list[str] = []
    grouped: dict[str, list[tuple[str, str, Any]]] = {}
    kept_before: dict[str, Any] = {}  # a listing's `extra`: the fields kept when it was imported
    blank_external = False  # an empty `external_id` given (`ImportRecord.id_beside_blank`)
    for key, value in raw.items():
        if value is None or (isinstance(value, str | list | dict) and not value):
            blank_external = blank_external or fold_field_name(key) == "externalid"
            continue
        if type(key) is KeptName:
            folded = name = None
        else:
            folded = fold_field_name(key)
            if key == "extra" and (listed := _extra_object(value)) is not None:  # as a listing writes it
                kept_before = listed
                continue
            name = ALIAS_TO_FIELD.get(folded)
        if name is None:
            if folded in IGNORED_FIELDS:
                ignored.append(str(key))
            else:
                # kept and shown by name (the summary): as stored fields, no terminal controls
                if problem := control_problem(str(key)):
                    raise RecordError(f"the field name {str(key)!r} {problem}")
                _keep_extra(extra, str(key), _extra_value(value, str(key)), "field")
            continue
        grouped.setdefault(name, []).append((folded, str(key), value))
    id_field = None
    for name, items in grouped.items():
        if name == "external_id":  # an explicit external_id wins over a local id
            items.sort(key=lambda t: t[0] != "externalid")
            if items[0][0] != "externalid":
                id_field = items[0][1:]
        fields[name] = items[0][2]
        for _, key, value in items[1:]:
            _keep_extra(extra, key, _extra_value(value, key), "field")  # a second name for a field: kept
    _merge_kept(extra, kept_before)
    text = _text(fields.get("text"), "text", limit=MAX_TEXT_CHARS)
    if not text:
        raise RecordError("no text (the claim itself is required)")
    if not any(ch.isalnum() for ch in text):
        raise RecordError(f"text {text[:40]!r} has no word in it (only punctuation, symbols or invisible characters)")
    rec = ImportRecord(where=where, text=fold_spaces(text), extra=extra, ignored=ignored)
    rec.external_id, rec.id_given = _external_id(fields.get("external_id"))
    if id_field is not None and rec.external_id is not None:
        rec.id_field = id_field
        rec.id_beside_blank = blank_external
    if not extra and _TEXT_AND_ID.issuperset(fields):
        # The usual record (a text, perhaps an id, nothing kept in extra): each check below
        # reads a field it does not have and leaves the record's default (status unverified,
        # claim type other, no appearance); 15 calls that change nothing, a sixth of a
        # 100k import's first pass.
        return rec
    # a reviewer's name is one line: a line break in it is refused, as at `--reviewer`
    if isinstance(fields.get("reviewer"), str) and (problem := line_control_problem(fields["reviewer"].strip())):
        raise RecordError(f"reviewer {problem}")
    for name in ("speaker", "speaker_role", "outlet", "title", "claim_type", "reviewer"):
        # a reviewer's name with a direction control is refused, as `--reviewer` is
        setattr(rec, name, _text(fields.get(name), name, limit=MAX_LEN[name], keep_direction_controls=name == "reviewer",
                                 name=True))
    if rec.reviewer and (problem := name_problem(rec.reviewer)):
        raise RecordError(f"reviewer {problem}")
    # (after the check: a name of invisible characters only, or with a direction control, is refused)
    rec.outlet, rec.reviewer = visible_name(rec.outlet), visible_name(rec.reviewer)
    # a speaker as an outlet: 'Eng\u200bineer' is 'Engineer', a role of direction marks alone none
    rec.speaker, rec.speaker_role = visible_name(rec.speaker), visible_name(rec.speaker_role)
    rec.claim_type = rec.claim_type or "other"
    rec.url = _http_url(fields.get("url"), "url")
    rec.also_seen = _other_appearances(fields.get("other_appearances"), rec.url, extra, allow_future=allow_future)
    rec.note = _text(fields.get("note"), "note", limit=MAX_NOTE_CHARS)
    raw_date = _text(fields.get("date"), "date", limit=200)
    if raw_date:
        rec.claim_date, rec.date_precision = parse_claim_date(raw_date)
        if rec.claim_date != raw_date:
            rec.date_text = raw_date
        precision = _text(fields.get("date_precision"), "date_precision")
        if precision:
            if precision not in ("day", "week", "month", "year"):
                raise RecordError(f"date_precision: {precision!r} is not day, week, month or year")
            if precision == "week" and rec.date_precision == "day":
                rec.date_precision = "week"
            elif precision != rec.date_precision:
                raise RecordError(f"date_precision {precision!r} does not fit the date {raw_date!r}")
    rec.first_date, vaguer = _article_day(fields.get("first_date"), "first_date", allow_future=allow_future)
    if vaguer:
        rec.extra["first_date"] = vaguer  # an article date is a day; keep a vaguer one as given
    status = _text(fields.get("status"), "status")
    verdict = _text(fields.get("verdict"), "verdict")
    found = None
    if verdict:
        try:
            found = parse_verdict(verdict)
        except ValueError:
            found = settings.verdict_for_label(verdict)
            if found is None:
                raise RecordError(
                    f"verdict: unknown verdict {verdict!r} (one of: {', '.join(settings.verdicts)})"
                ) from None
            found = Verdict(found)
    try:
        given = parse_status(status) if status else None
    except ValueError as exc:
        raise RecordError(f"status: {exc}") from None
    try:
        rec.status, rec.verdict = review_outcome(given, found, current=(Status.UNVERIFIED.value, None))
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    evidence = fields.get("evidence")
    if evidence is not None:
        # Separated by spaces (the export) or by '; ' (`claims list --format csv`, as it
        # writes every list): a link holds no space, so a ';' before one ends the link.
        links = _LINK_SEPARATOR.split(evidence.strip()) if isinstance(evidence, str) else evidence
        if not isinstance(links, list):
            raise RecordError("evidence must be URLs (a list, or separated by spaces)")
        rec.evidence = new_links([], [u for u in (_evidence_url(x) for x in links) if u])
        if problem := evidence_problem(rec.evidence):
            raise RecordError(f"evidence: {problem}")
    rec.reviewed_at = _timestamp(fields.get("reviewed_at"), "reviewed_at")
    rec.fact_check_url = _http_url(fields.get("fact_check_url"), "fact_check_url")
    worth = fields.get("checkworthiness")
    if worth is not None:
        try:
            rec.checkworthiness = float(worth)
        except (TypeError, ValueError):
            raise RecordError(f"checkworthiness: {worth!r} is not a number") from None
        if isinstance(worth, bool) or not 0 <= rec.checkworthiness <= 1:
            raise RecordError(f"checkworthiness: {worth!r} is not a number from 0 to 1")
    # What a listing computed (a claim's outlets, appearances: as many as it was seen in) is not
    # counted: a listing of a claim seen in 600 outlets must import again.
    if not extra:  # most records keep nothing: no JSON to make and measure
        return rec
    counted = {name: value for name, value in extra.items() if name not in _LISTING_COMPUTED}
    try:
        kept = json.dumps(extra, ensure_ascii=False, allow_nan=False, sort_keys=True)
        kept = kept if len(counted) == len(extra) else json.dumps(counted, ensure_ascii=False, sort_keys=True)
    except ValueError:
        raise RecordError("holds a value JSON cannot store (NaN or infinity)") from None
    if len(kept) > MAX_EXTRA_CHARS:  # as a note: what a listing writes must import again
        names = ", ".join(list(counted)[:5]) + (", ..." if len(counted) > 5 else "")
        raise RecordError(f"the fields kept in extra ({names}) are {len(kept):,} characters as JSON; "
                          f"at most {MAX_EXTRA_CHARS:,}")
    return rec
