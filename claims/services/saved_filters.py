"""Saved filters: the built-in ones ("my queue", "suggestions to review") and the user's own.

The user's own live in `$XDG_CONFIG_HOME/claims/filters.json` as {name: {field: value}}. It is
a file people edit by hand: a record that is no filter (a status that does not exist, a date
that is none, text where a list belongs) is left out of the list, and the desk says which and
why; a file that is no JSON object is never written over, so saving a filter cannot lose the
others (it is refused, the file named). A save writes the whole file or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, fields
from pathlib import Path

from claims import untrusted
from claims.errors import ClaimsError
from claims.limits import checked_name, text_problem
from claims.services.claim_filter import ORDERS
from claims.services.queries import ClaimFilter, check_since_until
from claims.vocab import Status, Verdict

MAX_FILTERS_BYTES = 2**20


class SavedFiltersError(ClaimsError):
    pass


def builtin_filters(reviewer: str) -> dict[str, ClaimFilter]:
    return {
        "all claims": ClaimFilter(),
        "my queue": ClaimFilter(status=("in_review",), reviewer=reviewer),
        "suggestions to review": ClaimFilter(has_suggestions=True),
        "unverified, most worth checking": ClaimFilter(status=("unverified",)),
        "in review": ClaimFilter(status=("in_review",)),
        "verified": ClaimFilter(status=("verified",)),
        "false or misleading": ClaimFilter(verdict=("false", "mostly_false", "misleading")),
    }


def filters_path() -> Path:
    from claims.config import NO_HOME, own_settings_file

    path = own_settings_file("filters.json")  # beside config.toml and keys.toml, whatever HOME holds
    if path is None:  # HOME unset, and no home for the user: the desk ended in a traceback
        raise SavedFiltersError(f"saved filters: {NO_HOME}; set HOME or XDG_CONFIG_HOME")
    return path


_CHOICES = {"status": {s.value for s in Status}, "verdict": {v.value for v in Verdict}}
_TEXTS = ("outlet", "speaker", "search", "reviewer")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_FIELDS = tuple(field.name for field in fields(ClaimFilter))


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def name_problem(name: str) -> str | None:
    """Why `name` may not name a saved filter (the desk lists it as it is), or None: a control
    character a terminal acts on, a NUL or lone surrogate, a direction control."""
    from claims.limits import name_problem as shown_problem

    if not name.strip():  # `{"": {...}}` was listed as a blank line of the desk's dialog
        return "is empty: give the filter a name" if not name else "is only spaces: give the filter a name"
    return text_problem(name) or shown_problem(name)


def _from_record(record) -> ClaimFilter:
    """The filter a saved record describes; ValueError naming the field that is none (or
    the dates between which none lies)."""
    from claims.search_text import check_filter_text

    if not isinstance(record, dict):
        raise ValueError("not a table of fields")
    # a misspelt field ('speakr', 'Speaker') passed over made the filter narrow nothing: the
    # whole queue under the filter's name
    if unknown := [name for name in record if name not in _FIELDS]:
        raise ValueError(f"no field {str(unknown[0])[:60]!r} in a filter (its fields: {', '.join(_FIELDS)})")
    values: dict = {}
    for name, value in record.items():
        if name in _CHOICES:
            if not isinstance(value, list) or not all(isinstance(v, str) and v in _CHOICES[name] for v in value):
                raise ValueError(f"{name}: not a list of {', '.join(sorted(_CHOICES[name]))}")
            values[name] = tuple(value)
        elif name in _TEXTS or name in ("since", "until"):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name}: not text")
            # the desk shows a filter's values as they are: an ESC in one reached the terminal
            # (`]2;...` retitled it), a NUL ended the desk's query on PostgreSQL
            if value is not None and (problem := text_problem(value)):
                raise ValueError(f"{name}: {problem}")
            if name == "reviewer" and value is not None:
                value = checked_name(value, name)  # a reviewer's name, as `--reviewer` takes it
            if name in ("since", "until") and value is not None and not _is_date(value):
                raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            values[name] = value
        elif name in ("has_suggestions", "not_a_claim"):
            if not isinstance(value, bool):
                raise ValueError(f"{name}: not true or false")
            values[name] = value
        elif name == "order":
            if value not in ORDERS:
                raise ValueError(f"order: not one of {', '.join(ORDERS)}")
            values[name] = value
    check_filter_text(search=values.get("search"), speaker=values.get("speaker"), outlet=values.get("outlet"),
                      prefix="")
    # since after until: no claim could match, an empty queue unsaid; refused as `claims list` refuses it
    check_since_until(values.get("since"), values.get("until"), "since", "until")
    return ClaimFilter(**values)


def _read(path: Path) -> dict:
    """The saved records as stored ({} without the file); SavedFiltersError when the file is
    no JSON object (a slip in a hand edit: then nothing may write over it)."""
    from claims.paths import read_regular_file

    try:  # a name longer than the system takes (a long XDG_CONFIG_HOME), a folder it may not read
        if not path.exists() and not path.is_symlink():
            return {}
        data = read_regular_file(path, limit=MAX_FILTERS_BYTES, what="file of saved filters")
    except OSError as exc:
        raise SavedFiltersError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        # a filter (or a field) named twice: JSON kept the last, the other lost without a word,
        # and saving another filter then wrote the file without it
        records = untrusted.json_loads(data.decode("utf-8-sig"), fields_once=True)
    except UnicodeDecodeError:
        raise SavedFiltersError(f"{path}: not UTF-8 text") from None
    except ValueError as exc:
        raise SavedFiltersError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(records, dict):
        raise SavedFiltersError(f"{path}: not a JSON object of named filters")
    return records


def load_user_filters(path: Path | None = None) -> tuple[dict[str, ClaimFilter], list[str]]:
    """The user's saved filters, and a line for each one left out (or for the file) saying why."""
    try:
        path = path or filters_path()
    except SavedFiltersError:  # no home folder: no file of saved filters (saving one says why)
        return {}, []
    try:
        records = _read(path)
    except ClaimsError as exc:
        return {}, [str(exc)]
    found: dict[str, ClaimFilter] = {}
    problems = []
    for name, record in records.items():
        try:
            if problem := name_problem(str(name)):
                raise ValueError(f"its name {problem}")
            found[str(name)] = _from_record(record)
        except (ValueError, ClaimsError) as exc:
            problems.append(f"{path}: filter {str(name)[:60]!r} left out: {exc}")
    return found, problems


def user_filters(path: Path | None = None) -> dict[str, ClaimFilter]:
    return load_user_filters(path)[0]


def save_filter(name: str, flt: ClaimFilter, path: Path | None = None) -> Path:
    """Add (or replace) the filter `name`, keeping every other record as it was stored (one
    the desk leaves out too). SavedFiltersError, the file untouched, when it is no JSON object."""
    from claims.paths import output_file

    if problem := name_problem(name):
        raise SavedFiltersError(f"the name {name[:60]!r} {problem}")
    path = path or filters_path()
    try:
        current = _read(path)
    except ClaimsError as exc:
        raise SavedFiltersError(f"{exc}: the filter was not saved and the file is left as it is "
                                "(fix or remove it)") from None
    current[name] = asdict(flt)
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_file(path) as fh:
        fh.write(json.dumps(current, indent=2, sort_keys=True, ensure_ascii=False))
    return path


def all_filters(reviewer: str) -> dict[str, ClaimFilter]:
    return {**builtin_filters(reviewer), **user_filters()}
