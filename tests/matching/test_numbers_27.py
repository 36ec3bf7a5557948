"""Pass 27: the duplicate decision's reading of figures in other tongues, speeds, space-grouped
digits, times and a scale before the euro sign."""

from __future__ import annotations

import pytest

from claims.matching import MatchSettings, compare
from claims.matching.quantities import read_decision_numbers
from claims.matching.units import units_given


def _decided(a: str, b: str) -> dict:
    return compare(a, b, MatchSettings(), None).to_dict()


def _values(text: str) -> list[str]:
    return [m.value for m in read_decision_numbers(text)]


# --- different figures that merged: now a conflict ----------------------------------------------------

ES = "El gobierno invertirá {} de euros en la red de hospitales públicos, dijo el ministro de sanidad"


def test_a_dotted_figure_before_a_scale_of_a_decimal_comma_tongue_is_thousands():
    assert _decided(ES.format("3.000 millones"), ES.format("3 millones"))["decision"] == "conflict"
    assert _values(ES.format("3.000 millones")) == ["3000000000"]
    assert _values(ES.format("1.250 millones")) == ["1250000000"]
    # English writes a decimal point: "1.250 million" is 1.25 million, as before
    assert _values("The company paid 1.250 million dollars for the building") == ["1250000"]
    # and a text writing an English decimal elsewhere keeps the dot a decimal point
    assert _values("Los 3.000 millones, un 2.75 por mil") [:1] == ["3000000"]


@pytest.mark.parametrize(("said", "a", "b"), [
    ("Rząd przeznaczy {} złotych na budowę nowych szpitali w całym kraju, powiedział minister", "5 milionów",
     "5 tysięcy"),
    ("Rząd przeznaczy {} złotych na budowę nowych szpitali w całym kraju, powiedział minister", "5 miliardów",
     "5 milionów"),
    ("Hükümet yeni hastaneler için {} lira harcayacağını açıkladı, bakan pazartesi günü söyledi", "5 milyon",
     "5 milyar"),
    ("Hükümet yeni hastaneler için {} lira harcayacağını açıkladı, bakan pazartesi günü söyledi", "5 bin",
     "5 milyon"),
    ("Уряд витратить {} гривень на будівництво нових лікарень у країні, заявив міністр у понеділок", "2 мільйони",
     "2 мільярди"),
    ("Правительство потратит {} рублей на строительство новых больниц в стране, заявил министр", "5 триллионов",
     "5 миллиардов"),
    ("أعلنت الحكومة أنها ستنفق {} دولار على بناء مستشفيات جديدة في البلاد، قال الوزير", "5 آلاف", "5 ملايين"),
    ("הממשלה תשקיע {} שקלים בבניית בתי חולים חדשים ברחבי הארץ, אמר השר ביום שני", "5 אלף", "5 מיליון"),
    ("सरकार देश भर में नए अस्पतालों के निर्माण पर {} रुपये खर्च करेगी, मंत्री ने सोमवार को कहा", "5 लाख", "5 करोड़"),
    ("सरकार देश भर में नए अस्पतालों के निर्माण पर {} रुपये खर्च करेगी, मंत्री ने सोमवार को कहा", "5 हज़ार", "5 लाख"),
])
def test_scales_of_other_tongues_disagree(said, a, b):
    decided = _decided(said.format(a), said.format(b))
    assert decided["decision"] == "conflict", decided


@pytest.mark.parametrize(("said", "a", "b"), [
    ("The government will spend {} zloty on new hospitals across the country, the minister said", "5 milionów",
     "5 million"),
    ("The government will spend {} rupees on new hospitals across the country, the minister said", "5 करोड़",
     "50 million"),
    ("The government will spend {} lira on new hospitals across the country, the minister said", "5 milyar",
     "5 billion"),
    ("Правительство потратит {} рублей на строительство новых больниц в стране, заявил министр", "5 триллионов",
     "5 трлн"),
])
def test_a_scale_of_another_tongue_agrees_with_english(said, a, b):
    decided = _decided(said.format(a), said.format(b))
    assert decided["decision"] != "conflict" and decided["conflict"] == [], decided


def test_arab_in_hindi_is_no_scale():
    assert _values("22 अरब देशों के नेता मिले") == ["22"]  # 22 Arab countries


def test_turkish_bin_is_a_thousand_only_in_turkish():
    assert _values("Mitinge 5 bin kişi katıldı") == ["5000"]
    assert _values("The council bought 5 bin lorries for the town") == ["5"]


def test_an_arabic_scale_alone_with_a_preposition_is_one_of_it():
    said = "قدرت الحكومة تكلفة المشروع {} دولار في تقريرها السنوي الصادر يوم الاثنين"
    assert _values(said.format("بمليار")) == ["1000000000"]
    assert _decided(said.format("بمليار"), said.format("بـ1 مليار"))["conflict"] == []
    assert _decided(said.format("بمليار"), said.format("بمليون"))["decision"] == "conflict"


SPEED = "The police said the car was going at {} when it hit the wall near the school on Monday"


@pytest.mark.parametrize(("a", "b"), [
    ("60 mph", "60 km/h"), ("60 miles per hour", "60 kilometres per hour"), ("60 knots", "60 mph"),
    ("60 m/s", "60 km/h"),
])
def test_speeds_in_two_units_disagree(a, b):
    decided = _decided(SPEED.format(a), SPEED.format(b))
    assert decided["decision"] == "conflict", decided


def test_a_speed_is_no_length():
    decided = _decided(SPEED.format("60 km/h"), SPEED.format("60 km"))
    assert decided["decision"] in ("conflict", "suggested"), decided
    assert _decided(SPEED.format("60 km/h"), SPEED.format("60km/h"))["decision"] == "duplicate"
    assert _decided(SPEED.format("60 mph"), SPEED.format("60 miles per hour"))["decision"] == "duplicate"
    assert ("60", "speed", "km/h", "km/h") in units_given("at 60 km/h")
    # MRPC's "a 149 m.p.h. serve" is the "149mph serve" of its pair: mph, not metres
    assert units_given("a 149 m.p.h. serve") == units_given("a 149mph serve") == (("149", "speed", "mph", "mph"),)


# --- one figure written two ways: no conflict -----------------------------------------------------------

FR = "Le gouvernement a annoncé {} nouveaux postes dans les hôpitaux publics du pays, a dit le ministre"


@pytest.mark.parametrize(("a", "b"), [
    ("trois cents", "300"), ("quatre-vingts", "80"), ("soixante-dix", "70"), ("quatre-vingt-dix", "90"),
    ("deux cent cinquante", "250"), ("vingt et un", "21"), ("soixante et onze", "71"), ("dix-sept", "17"),
    ("deux mille", "2000"),
])
def test_french_number_phrases(a, b):
    decided = _decided(FR.format(a), FR.format(b))
    assert decided["decision"] in ("duplicate", "suggested") and decided["conflict"] == [], decided


def test_french_number_phrases_stay_apart_where_they_are_a_list():
    assert _values("deux trois personnes") == ["2", "3"]
    assert _values("it cost six cents") == ["6"]  # English: six, no hundreds
    assert _decided(FR.format("trois cents"), FR.format("400"))["decision"] == "conflict"


@pytest.mark.parametrize(("said", "a", "b"), [
    ("El gobierno anunció {} nuevos puestos en los hospitales públicos del país, dijo el ministro", "trescientos",
     "300"),
    ("El gobierno anunció {} nuevos puestos en los hospitales públicos del país, dijo el ministro",
     "trescientos cincuenta", "350"),
    ("O governo anunciou {} novos postos nos hospitais públicos do país, disse o ministro", "trezentos", "300"),
    ("Il governo ha annunciato {} nuovi posti negli ospedali pubblici del paese, ha detto il ministro", "trecento",
     "300"),
    ("Die Regierung kündigte {} neue Stellen in den öffentlichen Krankenhäusern des Landes an", "dreihundert", "300"),
    ("Die Regierung kündigte {} neue Stellen in den öffentlichen Krankenhäusern des Landes an",
     "dreihundertfünfzig", "350"),
    ("Die Regierung kündigte {} neue Stellen in den öffentlichen Krankenhäusern des Landes an",
     "fünfundzwanzig", "25"),
])
def test_one_word_hundreds_and_german_compounds(said, a, b):
    decided = _decided(said.format(a), said.format(b))
    assert decided["decision"] in ("duplicate", "suggested") and decided["conflict"] == [], decided
    assert _decided(said.format(a), said.format("999"))["decision"] == "conflict"


def test_hundreds_alone_are_a_scale():
    assert [(m.value, m.kind) for m in read_decision_numbers("cientos de personas")] == [("100", "scale")]


def test_a_scale_before_the_euro_sign():
    said = "Le projet coûtera {} selon le rapport publié lundi par le ministère des finances"
    for a, b in (("12 M€", "12 millions d'euros"), ("3 Md€", "3 milliards d'euros"), ("50 k€", "50 000 euros")):
        decided = _decided(said.format(a), said.format(b))
        assert decided["decision"] in ("duplicate", "suggested") and decided["conflict"] == [], (a, b, decided)
    assert _decided(said.format("12 M€"), said.format("12 millions de dollars"))["decision"] == "conflict"
    assert ("12", "money", "eur", "€") in units_given("12 M€")


@pytest.mark.parametrize(("said", "a", "b"), [
    ("Штраф составит {} рублей для каждого нарушителя правил, сообщило министерство в понедельник", "12 тыс.",
     "12 000"),
    ("The council said {} people attended the meeting on housing in the old town hall", "1 000", "1,000"),
    ("The council said {} people attended the meeting on housing in the old town hall", "2 000 000",
     "2 million"),
])
def test_digits_grouped_by_spaces_are_one_figure(said, a, b):
    decided = _decided(said.format(a), said.format(b))
    assert decided["decision"] in ("duplicate", "suggested") and decided["conflict"] == [], decided


def test_digits_apart_in_english_stay_two():
    assert _values("On June 12 300 people attended the meeting") == ["12", "300"]
    assert _values("В июне 12 300 человек пришли на митинг") == ["12300"]


def test_one_and_the_same_billion_in_spanish():
    decided = _decided(ES.format("3.000 millones"), ES.format("3 mil millones"))
    assert decided["decision"] == "duplicate" and decided["conflict"] == [], decided


@pytest.mark.parametrize(("a", "b"), [("at 3:30 pm", "at 15:30"), ("at 3.30 pm", "at 15:30"), ("at 3pm", "at 15:00")])
def test_a_time_on_two_clocks(a, b):
    said = "The meeting of the city council on the budget starts {} on Monday, the mayor said"
    decided = _decided(said.format(a), said.format(b))
    assert decided["decision"] == "duplicate" and decided["conflict"] == [], decided
    assert _decided(said.format(a), said.format("at 16:30"))["decision"] == "conflict"


def test_metres_before_a_size_word():
    said = "The new bridge over the river is {} and will open next year, the council said"
    decided = _decided(said.format("200 m long"), said.format("200m long"))
    assert decided["decision"] == "duplicate" and decided["conflict"] == [], decided
    assert _values("a 200m-long tunnel") == ["200"]
    # money: a million, as before
    assert _values("a £3m long-term deal") == ["3000000"]
    assert _values("it sold for 40m") == ["40000000"]
