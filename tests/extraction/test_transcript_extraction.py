"""Transcripts: every sentence a record with its speaker, score and offsets."""

from __future__ import annotations

import datetime as dt

from claims.transcripts import extract_transcript

TRANSCRIPT = """HOLT: Good evening from Hofstra University.
CLINTON: We have created 15 million jobs since the recession. Thank you.
That is more than any other country.
TRUMP: Our jobs are fleeing the country.
(APPLAUSE)
"""


def test_every_sentence_is_a_record_with_its_speaker():
    recs = extract_transcript(TRANSCRIPT, published=dt.date(2016, 9, 26))
    assert [(r.speaker, r.quote) for r in recs] == [
        ("Holt", "Good evening from Hofstra University."),
        ("Clinton", "We have created 15 million jobs since the recession."),
        ("Clinton", "Thank you."),
        ("Clinton", "That is more than any other country."),
        ("Trump", "Our jobs are fleeing the country."),
    ]
    for r in recs:
        assert TRANSCRIPT[r.start : r.end] == r.quote
        assert TRANSCRIPT[r.speaker_start : r.speaker_end].title() == r.speaker
        assert r.date == "2016-09-26" and r.date_is_reporting


def test_check_worthy_sentences_score_higher():
    recs = extract_transcript(TRANSCRIPT)
    by_quote = {r.quote: r for r in recs}
    jobs = by_quote["We have created 15 million jobs since the recession."]
    assert jobs.claim_type == "quantity"
    assert jobs.checkworthiness > by_quote["Thank you."].checkworthiness


def test_a_colon_inside_a_sentence_is_not_a_speaker():
    recs = extract_transcript("SANDERS: Here is the point: wages are falling.")
    assert [r.speaker for r in recs] == ["Sanders"]


def test_empty_and_unlabelled_text():
    assert extract_transcript("") == []
    (r,) = extract_transcript("No speaker on this line.")
    assert r.speaker is None


def test_a_chinese_clause_before_a_colon_is_no_speaker():
    """A script without spaces makes a whole clause one "word": "根据国家统计局今天发布的数据显示："
    ("according to the data the statistics bureau published today:") is a sentence, not a
    label, so its line stays with the speaker before it; a name ("習近平：") is still one."""
    text = "主持人：欢迎。\n根据国家统计局今天发布的数据显示：去年经济增长了百分之五。\n習近平：经济增长了百分之五。"
    speakers = [(c.speaker, c.text[:6]) for c in extract_transcript(text)]
    assert speakers == [("主持人", "欢迎。"), ("主持人", "根据国家统计"), ("習近平", "经济增长了百")]
