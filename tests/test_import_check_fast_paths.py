"""The shortcuts a record's check takes for plain ASCII (claims.limits.clean_id, shows_nothing;
the importer's field-name fold, remembered per name) give what the general rules give: every
ASCII character, alone and inside an id, and names folded again from memory."""

from __future__ import annotations

import re
import unicodedata

import pytest

from claims.limits import _BLANK_LETTERS, clean_id, shows_nothing
from claims.services import import_records, importer
from db.ignorable import drop_from_name

ASCII = [chr(c) for c in range(128)]


def general_clean_id(given: str) -> str:
    # an id loses what a name loses (`drop_from_name`), not all search ignores: since 0026 the
    # search fold drops Hangul fillers and tags too, which a name keeps (db/ignorable.py)
    return re.sub(r"\r\n|\s", " ", unicodedata.normalize("NFC", drop_from_name(given))).strip()


def general_shows_nothing(value: str) -> bool:
    return all(ch.isspace() or ch in _BLANK_LETTERS
               or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cn") for ch in value)


@pytest.mark.parametrize("ch", ASCII, ids=lambda ch: f"U+{ord(ch):04X}")
def test_ascii_ids_clean_and_show_as_the_general_rule_has_it(ch):
    for given in (ch, f"a{ch}b", f" {ch}{ch} ", f"{ch}\r\nq1", f"id {ch}"):
        assert clean_id(given) == general_clean_id(given), repr(given)
        assert shows_nothing(given) == general_shows_nothing(given), repr(given)


def test_non_ascii_takes_the_general_rule():
    for given in ("q\u200b1", "e\u0301", "\u3164", " \u00a0 ", "a\u2028b"):
        assert clean_id(given) == general_clean_id(given)
        assert shows_nothing(given) == general_shows_nothing(given)


def test_a_field_name_folds_the_same_from_memory():
    names = ["Claim Text", "claim_text", "ID", "\ufeffid", "Fact-Check URL", "x\u200by", "Speaker Role"]
    first = [import_records.fold_field_name(n) for n in names]
    assert first == ["claimtext", "claimtext", "id", "id", "factcheckurl", "xy", "speakerrole"]
    assert [import_records.fold_field_name(n) for n in names] == first


def test_field_names_remembered_are_bounded(monkeypatch):
    monkeypatch.setattr(import_records, "_FOLDED", {})
    monkeypatch.setattr(import_records, "_FOLDED_MOST", 3)
    assert [import_records.fold_field_name(f"F-{i}") for i in range(10)] == [f"f{i}" for i in range(10)]
    assert len(import_records._FOLDED) == 3


def test_a_record_without_extra_fields_keeps_none():
    rec = importer.check_record({"id": "q1", "text": "Unemployment fell to 4%."}, "line 1", importer.load_settings())
    assert rec.extra == {} and rec.external_id == "q1" and rec.id_given is None and rec.reviewed_at is None


@pytest.mark.parametrize("line", [
    '{"id": "q1", "text": "a"}', '{"a": 1, "a": 2}', '{"n": 1e999}', '{"n": NaN}', '{"n": -Infinity}',
    '{"n": ' + "9" * 5000 + "}", "\ufeff{}", '{"x": [' * 3000 + "]" * 3000 + "}", '{"t": "ok"', "[1, 2.5, true, null]",
    '{"nested": {"b": 1, "b": 1}}', "  {}  ", "",
])
def test_a_record_line_reads_as_json_loads_with_its_options_reads_it(line):
    """`untrusted.json_loads(line, fields_once=True)` decodes with one decoder made once:
    the same values, and the same refusals word for word, as a decoder made for the call (an
    option given, even the default one, takes that way)."""
    import json

    from claims import untrusted

    def outcome(**options):
        try:
            return "value", untrusted.json_loads(line, fields_once=True, **options)
        except json.JSONDecodeError as exc:
            return "refused", str(exc)

    assert outcome() == outcome(parse_int=untrusted._whole_number)
