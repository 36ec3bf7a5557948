"""The unit or currency a number is given in, for the duplicate decision.

"Damage of 40 million euros" and "damage of 40 million dollars" share every number and score
as duplicates, yet they are two claims; so are "7 metres" and "7 feet", "12 hours" and
"12 days", "5 percent" and "5 points", "30°C" and "30°F", "60 mph" and "60 km/h" (and a speed
against a length: "60 km/h" / "60 km"). :func:`unit_conflicts` names the
units two texts give one number in where they differ: the same value, the same kind of unit
(money, length, time, ...), no unit in common. Dollars of one country are a currency ("US$40m",
"A$40m", "C$", "NZ$", "HK$", "S$", "AUD 40m", "40 million Australian dollars": each a conflict with
another's); a bare "$" or "dollars" names no country and agrees with any dollars. A number one side gives without a unit is no
disagreement ("40 million" against "40 million euros"), nor are two names of one unit ("$40m",
"40 million dollars"; "5%", "5 per cent", "5 percent", and "5 percentage points",
which news says for "5 percent" as often: a margin of error of "plus or minus 6.1 percentage
points" is "6.1 percent" in the next outlet's copy; bare "points" are another unit).

The reading is deliberately narrow: a unit is the word right after the number (after a scale
word: "40 million euros", "40m euros"; after "degrees": "30 degrees Celsius"), written on it
("40km", "5%", "5‰": per mille is not per cent), or a currency sign or code right before it ("$40", "€40m", "EUR 40"). "Pounds"
is sterling, but in a text about weight ("weighed 220 pounds (100 kg)", "lost 30 pounds", a mass unit
beside it) it is the weight, lb (pass 29; "pounds sterling" stays money); "¥" is read as no unit
(the yen's sign and the yuan's).
"""

from __future__ import annotations

import re
from functools import lru_cache

from claims.matching.numbers import fold_number_forms

_UNIT_NAMES = {
    # money
    # a bare "$" or "dollars" names no country: dollars of any (`_same_unit`)
    "$": ("money", "dollar"), "dollar": ("money", "dollar"), "dollars": ("money", "dollar"),
    "usd": ("money", "usd"), "us$": ("money", "usd"), "aud": ("money", "aud"), "a$": ("money", "aud"),
    "au$": ("money", "aud"), "cad": ("money", "cad"), "c$": ("money", "cad"), "ca$": ("money", "cad"),
    "nzd": ("money", "nzd"), "nz$": ("money", "nzd"), "hkd": ("money", "hkd"), "hk$": ("money", "hkd"),
    "sgd": ("money", "sgd"), "s$": ("money", "sgd"), "sg$": ("money", "sgd"), "€": ("money", "eur"), "eur": ("money", "eur"),
    "euro": ("money", "eur"), "euros": ("money", "eur"), "£": ("money", "gbp"),
    "gbp": ("money", "gbp"), "pound": ("money", "gbp"), "pounds": ("money", "gbp"),
    "sterling": ("money", "gbp"), "yen": ("money", "yen"),
    "jpy": ("money", "yen"), "yuan": ("money", "cny"), "renminbi": ("money", "cny"),
    "rmb": ("money", "cny"), "cny": ("money", "cny"), "chf": ("money", "chf"),
    "franc": ("money", "chf"), "francs": ("money", "chf"), "rupee": ("money", "inr"),
    "rupees": ("money", "inr"), "inr": ("money", "inr"), "₹": ("money", "inr"),
    "rouble": ("money", "rub"), "roubles": ("money", "rub"), "ruble": ("money", "rub"),
    "rubles": ("money", "rub"), "rub": ("money", "rub"), "₽": ("money", "rub"),
    # length
    "metre": ("length", "m"), "metres": ("length", "m"), "meter": ("length", "m"),
    "meters": ("length", "m"), "km": ("length", "km"), "kilometre": ("length", "km"),
    "kilometres": ("length", "km"), "kilometer": ("length", "km"), "kilometers": ("length", "km"),
    "mile": ("length", "mi"), "miles": ("length", "mi"), "foot": ("length", "ft"),
    "feet": ("length", "ft"), "ft": ("length", "ft"), "cm": ("length", "cm"),
    "centimetre": ("length", "cm"), "centimetres": ("length", "cm"), "centimeter": ("length", "cm"),
    "centimeters": ("length", "cm"), "inch": ("length", "in"), "inches": ("length", "in"),
    "yard": ("length", "yd"), "yards": ("length", "yd"),
    # mass
    "kg": ("mass", "kg"), "kilogram": ("mass", "kg"), "kilograms": ("mass", "kg"),
    "kilo": ("mass", "kg"), "kilos": ("mass", "kg"), "lb": ("mass", "lb"), "lbs": ("mass", "lb"),
    "tonne": ("mass", "t"), "tonnes": ("mass", "t"), "ton": ("mass", "t"), "tons": ("mass", "t"),
    "gram": ("mass", "g"), "grams": ("mass", "g"),
    # "3 kg" / "3 g", "5 mm" / "5 cm", "2 ml" / "2 l" merged at 98.7-99.8 (hostile25): the short forms too
    "g": ("mass", "g"), "mg": ("mass", "mg"), "milligram": ("mass", "mg"), "milligrams": ("mass", "mg"),
    "mm": ("length", "mm"), "millimetre": ("length", "mm"), "millimetres": ("length", "mm"),
    "millimeter": ("length", "mm"), "millimeters": ("length", "mm"),
    # volume
    "l": ("volume", "l"), "litre": ("volume", "l"), "litres": ("volume", "l"), "liter": ("volume", "l"),
    "liters": ("volume", "l"), "ml": ("volume", "ml"), "millilitre": ("volume", "ml"),
    "millilitres": ("volume", "ml"), "milliliter": ("volume", "ml"), "milliliters": ("volume", "ml"),
    "gallon": ("volume", "gal"), "gallons": ("volume", "gal"),
    # area
    "hectare": ("area", "ha"), "hectares": ("area", "ha"), "acre": ("area", "acre"),
    "acres": ("area", "acre"),
    # shares and rates
    "%": ("ratio", "percent"), "percent": ("ratio", "percent"), "pct": ("ratio", "percent"),
    "point": ("ratio", "point"), "points": ("ratio", "point"), "bps": ("ratio", "bp"),
    "‰": ("ratio", "permille"), "permille": ("ratio", "permille"), "‱": ("ratio", "bp"),
    # time
    "second": ("time", "s"), "seconds": ("time", "s"), "minute": ("time", "min"),
    "minutes": ("time", "min"), "hour": ("time", "h"), "hours": ("time", "h"),
    "day": ("time", "d"), "days": ("time", "d"), "week": ("time", "wk"), "weeks": ("time", "wk"),
    "month": ("time", "mo"), "months": ("time", "mo"), "year": ("time", "y"),
    "years": ("time", "y"), "decade": ("time", "decade"), "decades": ("time", "decade"),
    # temperature
    "celsius": ("temperature", "c"), "centigrade": ("temperature", "c"),
    "fahrenheit": ("temperature", "f"),
    # speed ("60 mph" / "60 km/h" merged at 99, pass 27); a length with "/h", "per hour" after it too
    "mph": ("speed", "mph"), "kph": ("speed", "km/h"), "kmh": ("speed", "km/h"), "kmph": ("speed", "km/h"),
    "knot": ("speed", "kn"), "knots": ("speed", "kn"), "kts": ("speed", "kn"),
}  # fmt: skip
# The words of a measure or a sum after a figure ("80 937 hectares": `quantities` reads a figure grouped by
# spaces in English as one before them)
MEASURES = frozenset(w for w, (kind, _) in _UNIT_NAMES.items()
                     if kind in ("length", "mass", "area", "volume", "money") and w.isalpha() and len(w) > 1)
# A length and the time after it that make a speed: "km/h", "km per hour", "miles an hour", "m/s".
_PER_HOUR = (("/", "h"), ("/", "hr"), ("per", "hour"), ("an", "hour"), ("a", "hour"), ("per", "h"))
_PER_SECOND = (("/", "s"), ("/", "sec"), ("per", "second"), ("a", "second"))
_SPEEDS = {("km", "h"): "km/h", ("mi", "h"): "mph", ("m", "s"): "m/s", ("km", "s"): "km/s", ("m", "h"): "m/h",
           ("ft", "s"): "ft/s"}
_DOLLARS = frozenset(("usd", "aud", "cad", "nzd", "hkd", "sgd"))
_CURRENCY_BEFORE = {"$", "€", "£", "₹", "₽", "usd", "eur", "gbp", "jpy", "chf", "inr", "rub", "cny",
                    *(name for name, (_, unit) in _UNIT_NAMES.items() if unit in _DOLLARS)}
# The country named before "dollars": "40 million Australian dollars".
_DOLLAR_COUNTRIES = {("us",): "usd", ("american",): "usd", ("australian",): "aud", ("canadian",): "cad",
                     ("new", "zealand"): "nzd", ("hong", "kong"): "hkd", ("singapore",): "sgd"}
_SCALES = {"thousand", "million", "billion", "trillion", "bn", "mn", "m", "k", "b", "tn", "mln", "bln"}
# Scales of other tongues, and the "de" after one ("12 millions d'euros", "3 millones de dólares")
_FOREIGN_SCALES = {"mil", "mille", "millions", "milliards", "millones", "millón", "milhões", "milhão", "millionen",
                   "milliarden", "mio", "mrd", "mld", "milioni", "miliardi"}
_OF_AFTER_SCALE = frozenset(("de", "d", "di"))
# A scale between a figure and a currency sign: "12 M€", "3 Md€", "50 k€" (French); "12 M€" was 12 metres
_SCALES_BEFORE_SIGN = frozenset(("k", "m", "md", "mds", "mrd", "mrds", "mn", "bn"))
# A dollar sign with its country's letters on it ("US$", "A$", "NZ$") is one token; "a $40m" is not.
# "/" is a token of its own: "$12/hour" is a rate as "$12 per hour" is ("/hour" / "/day" merged, review25).
_TOKEN_RE = re.compile(r"(?<![^\W_])(?:us|au|a|ca|c|nz|hk|sg|s)\$|[$€£₹₽%‰‱°/]|[^\W_]+(?:[.,]\d+)*", re.UNICODE)
# "US $40m", "NZ $5": the country's capitals a space before the sign are its dollar too (not
# "cost us $40m", a pronoun, nor "A $40m", an article).
_SPACED_DOLLAR_RE = re.compile(r"(?<![^\W_])(US|AU|CA|NZ|HK|SG) \$(?=\s?\d)")
_NUMBER_RE = re.compile(r"^(\d+(?:[.,]\d+)*)([^\W\d_]*)$")
# "149 m.p.h.", "60 k.p.h.": mph and kph ("149mph" / "149 m.p.h." read mph against metres, pass 27)
# "149 km.p.h." too: kilometres an hour, not km (pass 28)
_DOTTED_SPEED_RE = re.compile(r"(?<![^\W\d_])(km|[mk])\.p\.h\b\.?", re.IGNORECASE)
_ASCII_DIGIT_RE = re.compile("[0-9]")  # str.isdigit of an ASCII text, in C (a text in 3 has none)

Unit = tuple[str, str, str]  # (value, kind, unit)

# A text about weight: "pounds" in it is a weight, not sterling ("They weighed an average 220 pounds
# (100 kg)" / "100 kilograms" was a conflict, 220 pounds sterling against kilograms: MRPC #343). Words
# of weighing, a mass unit written out, or the body's weight; "£" and "pounds sterling" stay money.
_WEIGHT_RE = re.compile(r"\b(?:weigh(?:s|ed|ing|t|ts)?|heavier|lighter|overweight|obese|obesity|kg|kilos?|kilograms?|"
                        r"lbs?|ounces?|oz|stones?|tons?|tonnes?|grams?)\b", re.IGNORECASE)
_POUNDS = frozenset(("pound", "pounds"))


def _weighed(text: str) -> bool:
    return ("ound" in text or "OUND" in text) and bool(_WEIGHT_RE.search(text))


def _pounds(unit: tuple[str, tuple[str, str]], text: str, after: str) -> tuple[str, tuple[str, str]]:
    """``unit`` ("pounds", money), as a weight where ``text`` is about weight and no "sterling" follows."""
    if unit[0] in _POUNDS and after != "sterling" and _weighed(text):
        return unit[0], ("mass", "lb")
    return unit


@lru_cache(maxsize=1 << 14)
def units_given(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """(value, kind, unit, as written) of each number in ``text`` given with a unit."""
    if not (_ASCII_DIGIT_RE.search(text) if text.isascii() else any(c.isdigit() for c in text)):
        return ()
    if " $" in text:
        text = _SPACED_DOLLAR_RE.sub(r"\1$", text)
    if ".p.h" in text or ".P.H" in text:
        text = _DOTTED_SPEED_RE.sub(lambda m: m.group(1).replace(".", "") + "ph", text)
    tokens = _TOKEN_RE.findall(fold_number_forms(text).casefold())
    found = []
    for k, token in enumerate(tokens):
        match = _NUMBER_RE.match(token)
        if match is None:
            continue
        value = match.group(1).replace(",", "")
        value = value[:-2] if value.endswith(".0") else value
        attached = match.group(2)
        unit = None
        at = k  # where the unit's word is, for a speed read after it
        if attached in _SCALES_BEFORE_SIGN and k + 1 < len(tokens) and tokens[k + 1] in ("€", "$", "£"):
            unit = (tokens[k + 1], _UNIT_NAMES[tokens[k + 1]])  # "12M€"
        elif attached in _UNIT_NAMES:
            unit = (attached, _UNIT_NAMES[attached])
        elif attached in ("c", "f") and not (k and tokens[k - 1] in _CURRENCY_BEFORE):
            # "40C" / "40F" (hostile25): a temperature written on its figure, as "40°C" is
            unit = (f"°{attached.upper()}", _UNIT_NAMES["celsius" if attached == "c" else "fahrenheit"])
        elif k and tokens[k - 1] in _CURRENCY_BEFORE:
            unit = (tokens[k - 1], _UNIT_NAMES[tokens[k - 1]])
        else:
            nxt = k + 1
            if (not attached and nxt + 1 < len(tokens) and tokens[nxt] in _SCALES_BEFORE_SIGN
                    and tokens[nxt + 1] in ("€", "$", "£")):
                unit = (tokens[nxt + 1], _UNIT_NAMES[tokens[nxt + 1]])  # "12 M€": 12 million euros
            elif not attached and nxt < len(tokens) and tokens[nxt] == "m":
                at = nxt
                unit = ("m", ("length", "m"))  # "12 m high": metres ("£12 m" is money, above; "12m" a million)
            elif not attached and nxt < len(tokens) and tokens[nxt] in _SCALES:
                nxt += 1
            elif not attached and nxt + 1 < len(tokens) and tokens[nxt] in _FOREIGN_SCALES:
                nxt += 2 if tokens[nxt + 1] in _OF_AFTER_SCALE else 1
            if nxt < len(tokens) and tokens[nxt] in ("degrees", "degree", "°"):
                nxt += 1
                if nxt < len(tokens) and tokens[nxt] in ("c", "f"):
                    name = "celsius" if tokens[nxt] == "c" else "fahrenheit"
                    unit = (f"°{tokens[nxt].upper()}", _UNIT_NAMES[name])
            if unit is None and nxt < len(tokens):
                word = tokens[nxt]
                if word == "per" and nxt + 1 < len(tokens) and tokens[nxt + 1] in ("cent", "mille", "mil"):
                    word = "percent" if tokens[nxt + 1] == "cent" else "permille"
                if word == "percentage":  # "6.1 percentage points" is said "6.1 percent" as often
                    word = "percent"
                if word == "basis" and nxt + 1 < len(tokens) and tokens[nxt + 1] in ("point", "points"):
                    word = "bps"
                if word in _UNIT_NAMES:
                    unit = (tokens[nxt], _UNIT_NAMES[word])
                    at = nxt
                    if word in _POUNDS:
                        unit = _pounds(unit, text, tokens[nxt + 1] if nxt + 1 < len(tokens) else "")
                else:
                    unit = _country_dollars(tokens, nxt)
        if unit is not None and unit[1][0] == "length":
            unit = _speed(tokens, at, unit)
        if unit is not None:
            written, (kind, name) = unit
            found.append((value, kind, name, written))
        if (rate := _rate_after(tokens, k + 1)) and _one_clause(text, tokens, k, rate[2]):
            found.append((value, "rate", *rate[:2]))
    return tuple(found)


# Where a clause ends: a comma, semicolon, colon, "!" or "?", or a full stop before a capital
# (not the dot of "lbs. per day").
_CLAUSE_END_RE = re.compile(r"[,;:!?]|\.(?=\s+[^\W\d_]*[A-Z])|\.$")


def _one_clause(text: str, tokens: list[str], figure: int, per: int) -> bool:
    """Are ``tokens[figure]`` and the rate's words at ``tokens[per]`` in one clause of ``text``?
    "12 people. Every day since, ..." and "12 tonnes of waste, a week of work" made rates of
    words belonging to another clause (pass 25). Asked only of a rate read (few): the tokens'
    places are found again here."""
    folded = fold_number_forms(text)
    lowered = folded.casefold()
    spans = [m.span() for m in _TOKEN_RE.finditer(lowered)]
    if len(spans) != len(tokens):  # pragma: no cover - the same pattern on the same text
        return True
    # casefolding may change the length ("ß" is "ss"): then its places are the lower-cased text's
    cased = folded if len(folded) == len(lowered) else lowered
    end = _CLAUSE_END_RE.search(cased, spans[figure][1])  # (an end position would hide a capital after it)
    return end is None or end.start() >= spans[per][0]


# A rate after a figure, within the few words its unit takes ("12 tonnes of steel per hour",
# "$12 an hour", "5 percent a year", "20 a day", "12 tonnes daily"): "per hour" / "per day" and
# "$12 an hour" / "$12 a day" merged at 99.5 (lead, beside pass 25). Not "a year ago".
_PER_WORDS = frozenset(("per", "a", "an", "each", "every", "/"))
_TIME_UNITS = {"second": "second", "seconds": "second", "sec": "second", "minute": "minute", "min": "minute",
               "hour": "hour", "hr": "hour", "day": "day", "week": "week", "wk": "week", "month": "month",
               "year": "year", "yr": "year", "annum": "year", "decade": "decade", "quarter": "quarter"}
_RATE_ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
                 "annually": "year", "quarterly": "quarter"}
_NOT_A_RATE_AFTER = frozenset(("ago", "earlier", "before", "later", "after", "since", "from", "or", "and", "to"))
_RATE_REACH = 5  # tokens after the figure a rate may start in


def _rate_after(tokens: list[str], start: int) -> tuple[str, str, int] | None:
    """(time unit, as written, where its first word is) of the rate that follows a figure from
    ``tokens[start]``, or None."""
    for at in range(start, min(start + _RATE_REACH, len(tokens))):
        token = tokens[at]
        if token[0].isdigit():
            return None  # another figure's words
        if token in _RATE_ADVERBS:
            return _RATE_ADVERBS[token], token, at
        if token in _PER_WORDS and at + 1 < len(tokens) and tokens[at + 1] in _TIME_UNITS:
            if token in ("a", "an") and at + 2 < len(tokens) and tokens[at + 2] in _NOT_A_RATE_AFTER:
                return None  # "a year ago", "a year earlier"
            if tokens[at + 1] == "second" and token not in ("per", "/"):
                return None  # "in 2021 a second wave", "every second person": the ordinal
            return _TIME_UNITS[tokens[at + 1]], f"{token}{'' if token == '/' else ' '}{tokens[at + 1]}", at
    return None


def _speed(tokens: list[str], at: int, unit: tuple[str, tuple[str, str]]) -> tuple[str, tuple[str, str]]:
    """``unit``, a length at ``tokens[at]``, as the speed the words after it make ("km" "/" "h"),
    or as it is."""
    after = tuple(tokens[at + 1:at + 3])
    per = "h" if after in _PER_HOUR else "s" if after in _PER_SECOND else None
    name = _SPEEDS.get((unit[1][1], per)) if per else None
    return (name, ("speed", name)) if name else unit


def _country_dollars(tokens: list[str], at: int) -> tuple[str, tuple[str, str]] | None:
    for country, code in _DOLLAR_COUNTRIES.items():
        end = at + len(country)
        if tuple(tokens[at:end]) == country and end < len(tokens) and tokens[end] in ("dollar", "dollars"):
            return " ".join(tokens[at:end + 1]), ("money", code)
    return None


def currencies(text: str) -> dict[str, frozenset[str]]:
    """Each figure of ``text`` given in a currency (its value as `units_given` writes it) -> the
    currencies it is given in."""
    found: dict[str, set[str]] = {}
    for value, kind, name, _ in units_given(text):
        if kind == "money":
            found.setdefault(value, set()).add(name)
    return {v: frozenset(n) for v, n in found.items()}


def other_currencies(a: str, b: str, conflicts: list[dict[str, str]]) -> list[dict[str, str]]:
    """``conflicts`` without the pairs of two amounts in two currencies ("£90,000" / "$165,000": not
    compared, pass 29), unless one text gives an amount in the other's currency too ("433.50 pence ($6.85)").
    What is left of one side alone is no disagreement."""
    money_a, money_b = currencies(a), currencies(b)
    if not money_a or not money_b:
        return conflicts
    named_a, named_b = frozenset().union(*money_a.values()), frozenset().union(*money_b.values())
    kept = []
    for pair in conflicts:
        in_a, in_b = money_a.get(_value(pair["a"])), money_b.get(_value(pair["b"]))
        if in_a and in_b and not any(_same_unit(x, y) for x in in_a for y in in_b) and not any(
                _same_unit(x, y) for x in in_a for y in named_b) and not any(
                _same_unit(x, y) for x in named_a for y in in_b):
            continue
        kept.append(pair)
    return kept if any(pair["a"] and pair["b"] for pair in kept) else []


def _value(written: str) -> str:
    """A figure as the decision writes it ("90000", "1.5 million") as `units_given` reads its value."""
    head = written.replace("\u00a0", " ").split(" ")[0].replace(",", "")
    return head[:-2] if head.endswith(".0") else head


def _same_unit(a: str, b: str) -> bool:
    return a == b or (a == "dollar" and b in _DOLLARS) or (b == "dollar" and a in _DOLLARS)


def _speed_and_length(given_a, given_b) -> list[dict[str, str]]:
    """One value a speed on one side and a length only on the other ("60 km/h" / "60 km"): never
    one quantity, though the speed's name holds the length's (they merged at 99.6, pass 27)."""
    conflicts = []
    for value in dict.fromkeys(v for v, k, _, _ in given_a if k in ("speed", "length")):
        kinds_a = {k: w for v, k, _, w in given_a if v == value}
        kinds_b = {k: w for v, k, _, w in given_b if v == value}
        for one, other in ((kinds_a, kinds_b), (kinds_b, kinds_a)):
            if "speed" in one and "length" not in one and "length" in other and "speed" not in other:
                conflicts.append({"a": kinds_a.get("speed") or kinds_a["length"],
                                  "b": kinds_b.get("speed") or kinds_b["length"]})
    return conflicts


def unit_conflicts(a: str, b: str) -> list[dict[str, str]]:
    """The units two texts give one value in, of one kind and none in common (as
    `number_conflicts` gives numbers: [{"a": as written in a, "b": as written in b}])."""
    given_a = units_given(a)
    if not given_a:
        return []
    given_b = units_given(b)
    if not given_b:
        return []
    conflicts = _speed_and_length(given_a, given_b)
    for value, kind in dict.fromkeys((v, k) for v, k, _, _ in given_a):
        names_a = {(n, w) for v, k, n, w in given_a if (v, k) == (value, kind)}
        names_b = {(n, w) for v, k, n, w in given_b if (v, k) == (value, kind)}
        if names_b and not any(_same_unit(x, y) for x, _ in names_a for y, _ in names_b):
            conflicts.append({"a": min(w for _, w in names_a), "b": min(w for _, w in names_b)})
    return conflicts


# One quantity in two units of length, mass, area or volume: "52km" / "32 miles", "12 metres" /
# "40ft", "220 pounds (100 kg)". Read as bare figures they were conflicts of real pairs (MRPC,
# pass 28); converted, they agree where they are within a tenth of each other (a converted
# figure is rounded: "about 3km" is "two miles").
_TO_BASE = {"m": 1, "km": 1000, "mi": 1609.344, "ft": 0.3048, "cm": 0.01, "mm": 0.001, "in": 0.0254, "yd": 0.9144,
            "kg": 1, "lb": 0.45359237, "t": 1000, "g": 0.001, "mg": 1e-6, "ha": 10_000, "acre": 4046.8564224,
            "l": 1, "ml": 0.001, "gal": 3.785411784}
_CONVERTED_KINDS = frozenset(("length", "mass", "area", "volume"))
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
_WORD_FIGURES = {w: k for k, w in enumerate(_NUMBER_WORDS.split())}
_FIGURE_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WRITTEN_FIGURE_RE = re.compile(r"^(\d+(?:\.\d+)?)\s?([a-z]*)$")
# The unit names `_measured` converts ("pounds" too: a weight in a text about weight, `_pounds`),
# and a run of letters (a word it may read after a figure)
_CONVERTED_NAMES = frozenset(name for name, (kind, unit) in _UNIT_NAMES.items()
                             if kind in _CONVERTED_KINDS and unit in _TO_BASE) | _POUNDS
_LETTERS_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=256)
def _names_converted_unit(text: str) -> bool:
    """Does a word of ``text`` name a unit `_measured` converts? Without one it finds no unit
    after a figure: asked before its pattern (one per figure) is compiled, which was a fifth of
    a bulk match's comparisons where figures are many and seldom the same (issue 13). Kept
    per text: it was asked again for each figure of a side, and a search asks it of the
    query once per pooled claim (three-quarters of `converted_agree` in a search, issue 13)."""
    return any(word.casefold() in _CONVERTED_NAMES for word in _LETTERS_RE.findall(text))


def _measured(text: str, written: str) -> tuple[str, str, float] | None:
    """(kind, unit, value in the kind's base unit) of a figure of ``text`` as the decision writes it
    ("3km", "2.8 billion", "two", "90"), given in a unit of a kind `_CONVERTED_KINDS` names;
    None for any other (or where ``text`` says it twice)."""
    if _GROUPED_WRITTEN_RE.fullmatch(written):  # "80 937" (the decision reads a figure grouped by spaces)
        said = r"\s".join(written.split("\u00a0"))
        return _measured_unit(text, said, float(written.replace("\u00a0", "")))
    low = written.casefold().replace("\u00a0", " ")
    parts = low.split(" ")
    scale = _FIGURE_SCALES.get(parts[-1], 1) if len(parts) == 2 else 1
    head = parts[0]
    if head in _WORD_FIGURES:
        number, attached = float(_WORD_FIGURES[head]), ""
    elif (match := _WRITTEN_FIGURE_RE.match(head)) is not None:
        number, attached = float(match.group(1)), match.group(2)
    else:
        return None
    if attached:
        unit = _UNIT_NAMES.get(attached)
    elif not _names_converted_unit(text):  # (a word after the figure is one of the text's words)
        return None
    else:
        said = re.escape(written.replace("\u00a0", " ")).replace(r"\ ", r"\s")
        if written.isdigit() and len(written) > 3:  # "80937" is written "80,937"
            said = r"\d{1,3}(?:,\d{3})+|" + said
        return _measured_unit(text, said, number * scale, written)
    if unit is None or unit[0] not in _CONVERTED_KINDS or unit[1] not in _TO_BASE:
        return None
    return unit[0], unit[1], number * scale * _TO_BASE[unit[1]]


_GROUPED_WRITTEN_RE = re.compile("\\d{1,3}(?:\u00a0\\d{3})+")
# The first figure of a range takes the unit of the second: "between 30 and 80 pounds", "3 to 5 km"
_RANGE_TO = r"(?:(?:and|to|or)\s[\d.,]+\s)?"


def _measured_unit(text: str, said: str, number: float, written: str = "") -> tuple[str, str, float] | None:
    """`_measured` of a figure ``said`` (a pattern) with no unit on it: the unit of the word after it."""
    found = [w for figure, w in re.findall(r"(?<![\w.,])(" + said + r")(?:\s|-)" + _RANGE_TO + r"([^\W\d_]+)", text,
                                           re.IGNORECASE)
             if not written or figure.replace(",", "") == written or not written.isdigit() or len(written) <= 3]
    units = {_pounds((w, _UNIT_NAMES[w.casefold()]), text, "")[1] if w.casefold() in _UNIT_NAMES else None
             for w in found}
    unit = units.pop() if len(units) == 1 else None
    if unit is None or unit[0] not in _CONVERTED_KINDS or unit[1] not in _TO_BASE:
        return None
    return unit[0], unit[1], number * _TO_BASE[unit[1]]


def converted_agree(a: str, b: str, conflicts: list[dict[str, str]]) -> list[dict[str, str]]:
    """``conflicts`` without the pairs that are one quantity in two units of a kind (within a
    tenth of each other, converted; in one unit they are compared as written: "12,400 acres" /
    "11,400 acres" disagree)."""
    # Any figure of one side with any of the other: the pairs are made in order of appearance, and
    # "weighed 220 pounds (100 kg) ... between 30 and 80 pounds" / "100 kilograms ... between 14 and 36
    # kilograms" paired 220 with 14 (pass 29). What is left is paired again in order.
    side_a = [p["a"] for p in conflicts if p["a"]]
    side_b = [p["b"] for p in conflicts if p["b"]]
    measured_b = [_measured(b, w) for w in side_b]
    left_a = []
    for written in side_a:
        one = _measured(a, written)
        k = None if one is None else next((k for k, other in enumerate(measured_b) if other is not None
                                           and one[0] == other[0] and one[1] != other[1]
                                           and abs(one[2] - other[2]) <= 0.1 * max(one[2], other[2])), None)
        if k is None:
            left_a.append(written)
        else:
            del side_b[k], measured_b[k]
    if len(left_a) + len(side_b) == len([w for p in conflicts for w in (p["a"], p["b"]) if w]):
        return conflicts  # none converted: as found
    kept = [{"a": left_a[k] if k < len(left_a) else "", "b": side_b[k] if k < len(side_b) else ""}
            for k in range(max(len(left_a), len(side_b)))]
    # a figure one side alone gives is no disagreement (as `number_conflicts` has it): "30 miles" /
    # "50 km (32 miles)" left "32" alone
    return kept if any(pair["a"] and pair["b"] for pair in kept) else []
