"""Two claims that are one text but for who or where: a name for another ("Senator Smith" /
"Senator Jones voted against …") or two words changing places ("Russia attacked Ukraine" /
"Ukraine attacked Russia") scored 99 and were merged on arrival (hostile pass 20, found not
fixed). Each is at most a suggestion now, naming what changed; the score is unchanged. Each
test failed before claims.matching.contrasts.changed_roles."""

from __future__ import annotations

import json

import pytest

from claims.matching.decision import compare
from tests.hostile import claims_jsonl, claims_run

_CHANGED = [
    ("Senator Smith voted against the infrastructure bill on Tuesday evening.",
     "Senator Jones voted against the infrastructure bill on Tuesday evening.",
     "'Smith' / 'Jones': another name"),
    ("The president was born in Kenya according to the documents shown at the hearing.",
     "The president was born in Hawaii according to the documents shown at the hearing.",
     "'Kenya' / 'Hawaii': another name"),
    ("The government of Niger said the border would stay closed for at least another month.",
     "The government of Nigeria said the border would stay closed for at least another month.",
     "'Niger' / 'Nigeria': another name"),
    ("The minister said New York had the lowest crime rate of any large American city.",
     "The minister said Los Angeles had the lowest crime rate of any large American city.",
     "'New York' / 'Los Angeles': another name"),
    ("The UN said the ceasefire had been broken at least forty times since Monday.",
     "The EU said the ceasefire had been broken at least forty times since Monday.",
     "'UN' / 'EU': another name"),
    ("Russia attacked Ukraine with more than 100 drones overnight, the ministry said.",
     "Ukraine attacked Russia with more than 100 drones overnight, the ministry said.",
     "'Russia' and 'Ukraine' change places"),
    ("More women than men voted in the referendum held across the country last year.",
     "More men than women voted in the referendum held across the country last year.",
     "'women' and 'men' change places"),
    ("Flights from Paris to London were cancelled because of the strike on Monday morning.",
     "Flights from London to Paris were cancelled because of the strike on Monday morning.",
     "'Paris' and 'London' change places"),
    ("Last year the country's imports exceeded its exports by a wide margin, the report found.",
     "Last year the country's exports exceeded its imports by a wide margin, the report found.",
     "'imports' and 'exports' change places"),
]


@pytest.mark.parametrize(("a", "b", "reason"), _CHANGED)
def test_another_name_or_swapped_roles_is_no_automatic_duplicate(a, b, reason):
    result = compare(a, b)
    assert result.score >= 90 and result.decision == "suggested", result
    assert result.reason == reason


@pytest.mark.parametrize(("a", "b"), [
    # Two names joined by "and" in the other order say the same.
    ("Smith and Jones said the budget would double over the next decade, the report found.",
     "Jones and Smith said the budget would double over the next decade, the report found."),
    # A function word for another at the start is no name.
    ("The company said its profits would double over the next decade in every market.",
     "A company said its profits would double over the next decade in every market."),
    # Attribution moved: the same words in another order, more than two of them moved.
    ("The minister said crime rose by five percent in the capital over the last year",
     "Crime rose by five percent in the capital over the last year, the minister said"),
    # A name and its short form: its start or its initials.
    ("The company paid US$40m in fines to the regulator last year, the report said.",
     "The company paid USD 40m in fines to the regulator last year, the report said."),
    ("The UN said the ceasefire had been broken at least forty times since Monday.",
     "The United Nations said the ceasefire had been broken at least forty times since Monday."),
    # One claim two outlets carry.
    ("Unemployment fell to its lowest level in a decade last month, Reuters reported on Friday.",
     "Unemployment fell to its lowest level in a decade last month, Bloomberg reported on Friday."),
    ("Unemployment fell to its lowest level in a decade last month, according to CNN on Friday.",
     "Unemployment fell to its lowest level in a decade last month, according to NBC on Friday."),
    # Who carried it, at the first word too; a day for a day ("Tomorrow's" / "Tuesday's").
    ("Reuters reported that unemployment fell to its lowest level in a decade last month.",
     "Bloomberg reported that unemployment fell to its lowest level in a decade last month."),
    ("Tomorrow's testimony is to give an inside look at tax shelter development and marketing.",
     "Tuesday's testimony is to give an inside look at tax shelter development and marketing."),
    # A title added is no other name (one side only has the run).
    ("Biden said the new tariffs would cost American families billions of dollars a year.",
     "President Biden said the new tariffs would cost American families billions of dollars a year."),
])
def test_the_same_claim_told_otherwise_stays_a_duplicate(a, b):
    assert compare(a, b).decision == "duplicate"


# At the first word a capital tells nothing, and in a text all in capitals nothing anywhere:
# "Biden" / "Trump won Georgia" and "Iran" / "Iraq has enriched" were merged on arrival at 99
# (pass 21's limits, README). Such a run is at most suggested now, common words too
# ("Officials" / "Authorities said": a person confirms it); MRPC's one such pair,
# "Tomorrow's" / "Tuesday's testimony", is a day for a day and stays a duplicate.
_SUBJECTS = [
    ("Biden won Georgia by about 12,000 votes in the 2020 presidential election, officials said.",
     "Trump won Georgia by about 12,000 votes in the 2020 presidential election, officials said.",
     "'Biden' / 'Trump': another subject"),
    ("Iran has enriched uranium to 60 percent purity, the agency said in its quarterly report.",
     "Iraq has enriched uranium to 60 percent purity, the agency said in its quarterly report.",
     "'Iran' / 'Iraq': another subject"),
    ("Officials said the bridge would reopen to traffic by the end of next month at the earliest.",
     "Authorities said the bridge would reopen to traffic by the end of next month at the earliest.",
     "'Officials' / 'Authorities': another subject"),
    ("New York had the lowest crime rate of any large American city last year, the report said.",
     "Los Angeles had the lowest crime rate of any large American city last year, the report said.",
     "'New York' / 'Los Angeles': another subject"),
    ("RUSSIA LAUNCHED 40 MISSILES AT KYIV OVERNIGHT, OFFICIALS SAID ON MONDAY MORNING.",
     "UKRAINE LAUNCHED 40 MISSILES AT KYIV OVERNIGHT, OFFICIALS SAID ON MONDAY MORNING.",
     "'RUSSIA' / 'UKRAINE': other words"),
    ("SENATOR SMITH VOTED AGAINST THE INFRASTRUCTURE BILL ON TUESDAY EVENING.",
     "SENATOR JONES VOTED AGAINST THE INFRASTRUCTURE BILL ON TUESDAY EVENING.",
     "'SMITH' / 'JONES': other words"),
]


@pytest.mark.parametrize(("a", "b", "reason"), _SUBJECTS)
def test_another_subject_or_word_in_capitals_is_no_automatic_duplicate(a, b, reason):
    result = compare(a, b)
    assert result.score >= 90 and result.decision == "suggested", result
    assert result.reason == reason


@pytest.mark.parametrize(("a", "b"), [
    ("THE COMPANY SAID ITS PROFITS WOULD DOUBLE OVER THE NEXT DECADE IN EVERY MARKET.",
     "A COMPANY SAID ITS PROFITS WOULD DOUBLE OVER THE NEXT DECADE IN EVERY MARKET."),
    ("THE UN SAID THE CEASEFIRE HAD BEEN BROKEN AT LEAST FORTY TIMES SINCE MONDAY.",
     "THE UNITED NATIONS SAID THE CEASEFIRE HAD BEEN BROKEN AT LEAST FORTY TIMES SINCE MONDAY."),
    ("UNEMPLOYMENT FELL TO ITS LOWEST LEVEL IN A DECADE LAST MONTH, REUTERS REPORTED ON FRIDAY.",
     "UNEMPLOYMENT FELL TO ITS LOWEST LEVEL IN A DECADE LAST MONTH, BLOOMBERG REPORTED ON FRIDAY."),
])
def test_in_capitals_a_function_word_short_form_or_carrier_stays_a_duplicate(a, b):
    assert compare(a, b).decision == "duplicate"


def test_an_imported_claim_about_another_name_is_not_merged(db, tmp_path):
    """Through `claims import` then `claims dupes`, on both backends: suggested, not merged."""
    path = tmp_path / "n.jsonl"
    (swap,) = [pair for pair in _CHANGED if "change places" in pair[2]][:1]
    pairs = _CHANGED[0][:2] + swap[:2]
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": t}) + "\n" for i, t in enumerate(pairs)),
                    encoding="utf-8")
    done = claims_run(db, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert sorted(r["external_id"] for r in claims_jsonl(db, "list")) == ["c0", "c1", "c2", "c3"]
    told = json.dumps(claims_jsonl(db, "dupes"), ensure_ascii=False)
    assert "another name" in told and "change places" in told, told


@pytest.mark.parametrize(("a", "b"), [
    # A script without case: nothing tells a name (CI of 0a39e20: 'قال' / 'وقال' was "other words").
    ("قال وزير المالية إن الميزانية ارتفعت بنسبة عشرين في المئة خلال العام الماضي بسبب الإنفاق",
     "وقال وزير المالية إن الميزانية ارتفعت بنسبة عشرين في المئة خلال العام الماضي بسبب الإنفاق"),
    # A count word at the first word is the numbers' to tell ("One fifth" / "A fifth").
    ("One fifth of the budget was spent on schools last year, the auditor said on Monday.",
     "A fifth of the budget was spent on schools last year, the auditor said on Monday."),
])
def test_no_case_or_a_count_at_the_first_word_is_no_other_subject(a, b):
    assert compare(a, b).decision == "duplicate"
