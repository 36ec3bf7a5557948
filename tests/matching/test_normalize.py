"""Normalisation, tokenisation, stop words and numbers as words."""

from claims.matching import STOP_WORDS, analyze, extract_numbers, normalize_text, tokenize
from claims.matching.normalize import terms_of
from claims.matching.stem import stem


def test_case_quotes_punctuation_and_whitespace_vanish():
    assert normalize_text("  The “Drones”   were\tLAUNCHED!  ") == "the drones were launched"
    assert normalize_text("McDonald’s") == normalize_text("McDonald's") == "mcdonalds"


def test_unicode_compatibility_forms_fold():
    assert normalize_text("ＤＲＯＮＥＳ ﬁre") == "drones fire"


def test_numbers_are_kept_and_made_canonical():
    assert normalize_text("$1,000 and 3.5 percent") == "1000 and 3.5 percent"
    assert normalize_text("2.50%") == "2.5 percent"
    assert normalize_text("two hundred and fifty thousand people") == "250000 people"
    assert normalize_text("3.5 million") == normalize_text("3,500,000") == "3500000"
    assert normalize_text("a hundred men") == "100 men"


def test_lone_one_and_number_word_adjectives_stay_words():
    assert normalize_text("one of the largest") == "one of the largest"
    assert extract_numbers("a four-year college and two-way trade") == []


def test_urls_hashtags_and_acronyms():
    text = "Fires in #AustralianFires https://t.co/abc pic.twitter.com/xyz in the U.S."
    assert normalize_text(text) == "fires in australian fires in the us"


def test_hyphenated_names_with_digits_stay_one_word():
    assert tokenize("COVID-19 cases and 10-meter snakes") == [
        "covid19", "cases", "and", "10", "meter", "snakes",
    ]  # fmt: skip


def test_extract_numbers_keeps_the_written_form_and_precision():
    mentions = extract_numbers("more than 3.5 million and 200 drones")
    assert [(m.value, m.written, m.exponent) for m in mentions] == [
        ("3500000", "3.5 million", 5),
        ("200", "200", 0),
    ]


def test_stop_words_and_stems_make_the_terms():
    assert {"the", "and", "of", "was"} <= STOP_WORDS
    assert terms_of("The drones were launched at the cities") == ["drone", "launch", "citi"]
    assert stem("drones") == stem("drone") and stem("claimed") == stem("claims") == "claim"


def test_analysis_explains_with_words_as_written():
    analysis = analyze("Iran launched 3.5 million drones")
    assert analysis.surface["3500000"] == "3.5 million"
    assert analysis.surface["drone"] == "drones"
    assert analysis.word_count == 4


def test_degenerate_inputs():
    for text in ("", "   ", "!!! ...", "the of and"):
        analysis = analyze(text)
        assert analysis.terms == frozenset()
    assert analyze("").words == ()
    assert analyze("12 34").terms == {"12", "34"}


# -- any script (issue 15, finding 8) ---------------------------------------------------------

ARABIC = "قال الوزير إن الميزانية ارتفعت بنسبة كبيرة هذا العام في كل المحافظات الشمالية"


def test_words_of_any_script_are_words():
    assert tokenize("الميزانيةُ ارتفعت، بنسبة ١٠٪") == ["الميزانية", "ارتفعت", "بنسبة", "10", "percent"]
    assert tokenize("התקציב גדל") == ["התקציב", "גדל"]
    assert tokenize("Москва, ÜBERSTUNDEN à l'École") == ["москва", "überstunden", "à", "lécole"]
    assert tokenize("हिन्दी भाषा") == ["हिन्दी", "भाषा"]  # vowel signs belong to the word
    assert tokenize("東京都") == ["東", "京", "都"]  # ideographs: a word each (UAX #29)
    assert terms_of("התקציב גדל") == ["התקציב", "גדל"]
    assert "東" in terms_of("東京都")


def test_marks_that_are_optional_in_writing_do_not_make_another_word():
    assert normalize_text("الْمِيزَانِيَّة") == normalize_text("الميزانية") == normalize_text("الميـزانية")
    assert normalize_text("שָׁלוֹם") == normalize_text("שלום")


def test_a_run_without_spaces_makes_a_bounded_key():
    assert all(len(t) <= 64 for t in terms_of("ก" * 300 + " " + "x" * 300))


def test_an_arabic_claim_counts_its_words():
    assert analyze(ARABIC).word_count == 13
    from claims.matching import compare

    result = compare(ARABIC, ARABIC + ".")
    assert result.decision == "duplicate"


def test_invisible_characters_inside_words_are_dropped():
    # soft hyphen, zero-width space and joiner, a right-to-left mark, a byte-order mark
    assert normalize_text("The bud\u00adget of Zu\u200brich rose \u200f12% \ufeffin 2024") == \
        "the budget of zurich rose 12 percent in 2024"
    assert analyze("bud\u00adget cuts").terms == analyze("budget cuts").terms


THAI = "งบประมาณเพิ่มขึ้น 12 เปอร์เซ็นต์ ในปีนี้ รัฐมนตรีกล่าว"  # 9 words: budget rose 12 percent this year, the minister said


def test_a_script_without_spaces_is_read_in_character_pairs():
    words = tokenize(THAI)
    assert words[:3] == ["งบ", "บป", "ปร"] and "12" in words
    assert set(tokenize("งบประมาณ")) <= set(words)  # a word is found inside a longer run
    assert analyze(THAI).word_count == 10  # one word per five characters of a run
    assert analyze("รัฐมนตรีกล่าว").word_count == 3  # a short claim stays short
    assert analyze("ก ขค").word_count == 2
    assert tokenize("ကျောင်းသား") == ["ကျ", "ျေ", "ော", "ာင", "င်", "်း", "းသ", "သာ", "ား"]  # Myanmar


def test_thai_claims_are_decided_like_others():
    from claims.matching import compare

    assert compare(THAI, THAI + " ไว้").decision == "duplicate"  # 9 words or more may merge
    assert compare(THAI, THAI.replace("12", "13")).decision == "conflict"
    assert compare("รัฐมนตรีกล่าว", "รัฐมนตรีกล่าว").decision == "suggested"  # under 8 words


def test_a_capital_dotted_i_is_an_i():
    assert tokenize("İSTANBUL İstanbul") == ["istanbul", "istanbul"]
