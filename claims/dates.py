"""Time phrases in news text and what they mean, relative to a publication date.

We find candidate phrases ourselves (dateparser alone reads "We" as Wednesday and
"[ad_1]" as a date, and is slow over whole articles) and resolve them with small rules;
dateparser only handles the explicit dates our rules do not cover, and user input.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from claims.errors import ClaimsError

Precision = str  # "day" | "week" | "month" | "year"


@dataclass(frozen=True, slots=True)
class TimePhrase:
    text: str
    start: int
    end: int
    date: str | None  # ISO YYYY-MM-DD / YYYY-MM / YYYY, or None when unresolvable
    precision: Precision | None


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip

# -- candidate phrases -------------------------------------------------------------------
# Weekday and month names must be capitalised ("may", "march" are verbs); "Sun", "Mark",
# "We" are never matched because only full weekday names or dotted abbreviations count.
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
_MON = rf"(?:{_MON_FULL}|{_MON_ABBR})"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PREP = r"(?:[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Ii]n|[Aa]s of|[Tt]hrough|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)"
_PART = r"(?:morning|afternoon|evening|night)"
# (?i:…): "Six months ago" opens a sentence as often as "six months ago" sits inside one
_NUM = r"(?i:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"
_APPROX = r"(?:(?i:almost|nearly|about|around|roughly|some|more than|over|less than|just|only) )?"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?)"

# nouns a number counts ("its 2000 employees"): after them the number is no year
_COUNTED = (
    r"people|employees|workers|troops|soldiers|members|residents|students|jobs|homes|houses|"
    r"cases|deaths|votes|voters|units|cars|vehicles|miles|acres|tons|tonnes|dollars|euros|"
    r"pounds|feet|meters|metres|kilometres|kilometers|beds|seats|pages|words|signatures"
)

_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_HOLIDAY = (
    r"(?:Christmas (?:Day|Eve)|New Year['’]s (?:Day|Eve)|Boxing Day|Valentine['’]s Day|"
    r"Halloween|the Fourth of July|July Fourth)"
)

# a month or day of the year named relative to the publication's: "in April last year", "on 3
# March next year", "in June of this year" (one phrase: "in April" alone was this year's)
# between the days of a range or a list: "14-16", "14 to 16", "14, 15 and 16"
_DAYS_BETWEEN = r"(?: ?[-–—] ?|,? (?:to|through|until|and) |, )"
_OF_A_YEAR = r"(?:,? (?:of )?(?:last|this|next) year)"
_OF_A_YEAR_RE = re.compile(r",? (?:of )?(last|this|next) year$")

_PATTERNS = [
    # before "the day before": "the day before yesterday" is one phrase
    r"\b[Tt]he day (?:before yesterday|after tomorrow)\b",
    # ISO and numeric dates
    r"\b\d{4}-\d{2}-\d{2}\b",
    rf"\b(?:{_PREP} )?(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:{_YEAR}|\d\d)\b",
    # a day that can only come first ("14/04/2024"), and a dotted day, month, year ("14.04.2024",
    # as European papers write it: two digits each or after "on", and a four-digit year, so a
    # version number "1.2.2024" is none)
    rf"\b(?:{_PREP} )?(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])/(?:{_YEAR}|\d\d)\b",
    rf"\b(?:{_PREP} (?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])|(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2]))"
    rf"\.{_YEAR}(?![\w.]*\d)",
    # weekday with modifiers: "late Saturday", "early Sunday local time", "next Tuesday"
    rf"\b(?:{_PREP} )?(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming) )?(?:(?:early|late) )?{_WD}(?:,? {_MON} {_DAYNUM}(?:,? {_YEAR})?)?(?:'s)?(?: {_PART})?(?: local time)?\b",
    # the week around a day: "the week of 9 March 2026", "the week of March 9" (week precision)
    rf"\b(?:(?:[Ii]n|[Dd]uring|[Ff]or|[Bb]y|[Ss]ince|[Uu]ntil) )?[Tt]he week (?:of|beginning|starting) "
    rf"(?:{_MON} {_DAYNUM}(?:,? {_YEAR})?|(?:the )?{_DAYNUM} (?:of )?{_MON}(?:,? {_YEAR})?)(?![\w])",
    # month day (year): "April 1", "Sept. 11", "Feb. 28, 2020"
    rf"(?<![\w.]){{pfx}}{_MON} {_DAYNUM}(?:,? {_YEAR}|{_OF_A_YEAR})?(?![\w])",
    # a range of days, month (year): "14-16 April 2024", "from 14 to 16 April", "between 14 and 16
    # April" dates at its first day, as "April 14-16" and "from 2009 to 2013" do (it was the last:
    # "16 April" was the phrase found)
    rf"\b(?:(?:{_PREP}|[Bb]etween) )?(?:the )?{_DAYNUM}(?:{_DAYS_BETWEEN}(?:the )?{_DAYNUM})+ (?:of )?{_MON}"
    rf"(?:,? {_YEAR}|{_OF_A_YEAR})?(?![\w])",
    # day month (year): "14 April 2024"
    rf"\b(?:{_PREP} )?(?:the )?{_DAYNUM} (?:of )?{_MON}(?:,? {_YEAR}|{_OF_A_YEAR})?(?![\w])",
    # month year, or month after a preposition: "April 2024", "in March", "last May"
    rf"\b(?:(?:{_PREP}|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?) )?(?:(?:early|late|mid-?) )?{_MON} {_YEAR}\b",
    rf"\b(?:{_PREP}) (?:(?:early|late|mid-?) |mid-)?{_MON}{_OF_A_YEAR}(?![\w-])",
    rf"\b(?:{_PREP}|[Ll]ast|[Nn]ext|[Tt]his|[Mm]id-?) (?:(?:early|late|mid-?) |mid-)?{_MON}(?![\w-])",
    rf"\b[Mm]id-{_MON}(?![\w-])",  # "peaked in mid-May", "Mid-March"
    # a part of a month or year: "by the end of March", "at the start of 2024", "the end of the year"
    rf"\b(?:(?:{_PREP}|[Aa]t|[Tt]owards?) )?the (?:end|start|beginning|middle) of "
    rf"(?:{_MON}(?: {_YEAR})?|{_YEAR}|(?:the|this|last|next) (?:month|year))(?![\w-]|['’]s\b)",
    # years: "in 2019", "in a 2014 interview", "since 2010"
    # ("from 2009 to 2013" dates at 2009; "from 2000 to 3500 a week", "from 1990 to 2010
    # vessels" count)
    rf"(?![Ff]rom {_YEAR}\s*(?:-|–|to|through|until)\s*(?!{_YEAR}\b(?!\s+(?!(?:wa|ha|a|i|thi|doe|thu)s\b)[a-z]{{2,}}s\b))\d)"
    rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hrough|[Ff]rom) (?:(?:early|late|mid) |mid-)?(?:a |an |the )?{_YEAR}(?: (?:interview|speech|statement|report|election|campaign|study|survey|poll|letter|memo|book|article|ruling|law|decision|visit|trip))?(?!\s*(?:%|percent|\d|,\d)|\s(?:{_COUNTED})\b)\b",
    # a year that modifies a noun: "its 2021 budget", "the council's 2019 report"
    rf"(?:(?<=[’']s )|(?<=\b[Ii]ts )|(?<=\b[Tt]he )|(?<=\b[Tt]heir )|(?<=\b[Hh]is )|(?<=\b[Hh]er )"
    # (or a name: "the 2024 Paris Olympics"; not "the 1500 Marines", a count)
    rf"|(?<=\b[Oo]ur ))(?<!\d ){_YEAR}(?= (?:[a-z]|[A-Z]\w*(?<!s)\b))(?! (?:and|or|to|of|in|per|percent|{_COUNTED})\b)",
    # a month that modifies a noun: "its June meeting", "their March report" (not after "the":
    # "the November election" is ahead, "the October debate" behind, "the March on Washington"
    # no month at all)
    rf"(?:(?<=\b[Ii]ts )|(?<=\b[Tt]heir )|(?<=\b[Hh]is )|(?<=\b[Hh]er )|(?<=\b[Oo]ur )){_MON_FULL}(?= [a-z]+\b)",
    # relative expressions
    r"\b(?:[Ee]arlier|[Ll]ater) (?:this|that|last) (?:week|month|year)\b",
    r"\b(?:[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater) (?:in )?(?:the|this|that) (?:week|month|year)\b",
    r"\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast) (?:week|weekend|month|year)(?:'s)?\b",
    r"\b(?:[Oo]ver|[Dd]uring|[Aa]t|[Ff]or) the (?:past )?weekend\b",
    rf"\b{_APPROX}{_NUM} {_UNIT} ago\b",
    r"\b(?:[Ll]ast|[Tt]his) (?:night|morning|afternoon|evening)\b",
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)(?:'s)?(?: (?:morning|afternoon|evening|night))?\b",
    r"\b[Tt]he (?:day|night|week) (?:before|after)\b",
    # AP's dotted weekdays: "said Tues.", "on Wed." ("Sat." and "Sun." only after "on": a
    # newspaper is "The Sun.")
    rf"\b(?:{_PREP} )?(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri)\.(?=\s|$)",
    r"\b[Oo]n (?:Sat|Sun)\.(?=\s|$)",
    # seasons: "last summer", "in the spring of 2023", "winter 2022"
    rf"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast) {_SEASON}\b",
    rf"\b(?:(?:[Ii]n|[Dd]uring|[Bb]y|[Ss]ince|[Uu]ntil|[Tt]hrough) )?(?:the )?(?:(?:early|late) )?"
    rf"{_SEASON},? (?:of )?{_YEAR}\b",
    # a quarter of a year: "in the first quarter of 2024", "Q3 2023"
    rf"\b(?:(?:[Ii]n|[Dd]uring|[Bb]y) )?the (?:first|second|third|fourth|final|last) quarter "
    rf"of {_YEAR}\b",
    rf"\bQ[1-4] {_YEAR}\b",
    # a fiscal year: "its fiscal 2024 deficit", "in FY2023" (read as the year it is named for)
    rf"\b(?:[Ff]iscal(?: [Yy]ear)?|FY) ?{_YEAR}\b",
    r"\b(?:[Aa]|[Oo]ne) fortnight ago\b",
    # fixed-date holidays: "on Christmas Day", "New Year's Eve 2023"; not "Halloween
    # costumes" or "Valentine's Day cards", what happens every such day
    rf"\b(?:[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter|[Ll]ast|[Nn]ext|[Tt]his) "
    rf"{_HOLIDAY}(?:,? {_YEAR})?(?![\w’'])",
    rf"\b{_HOLIDAY},? {_YEAR}\b",
    # "sales over Christmas": the holiday as a period, week precision
    rf"\b[Oo]ver Christmas(?:,? {_YEAR})?(?![\w’'])",
    r"\b[Tt]he (?:previous|next|following) (?:day|night|week|month|year)\b",
]
_PATTERNS = [p.replace("{pfx}", rf"(?:{_PREP} )?") for p in _PATTERNS]
# Every phrase starts a word: the leading check lets the scan skip other positions at once
# instead of failing each alternative there (half the time of finding phrases).
PHRASE_RE = re.compile(r"\b(?=\w)(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + ")")
# Every phrase contains one of these words or a digit: the big regex runs only near them.
_ANCHOR_RE = re.compile(
    r"\d|\b(?:"
    + "|".join(
        [w.capitalize() for w in WEEKDAYS]
        + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        + ["[Yy]esterday", "[Tt]oday", "[Tt]onight", "[Tt]omorrow", "ago", "day", "night"]
        + ["week", "month", "year", "morning", "afternoon", "evening"]
        + ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "spring", "summer", "fall"]
        + ["autumn", "winter", "fortnight", "Christmas", "New Year", "Boxing", "Valentine"]
        + ["Halloween", "Fourth"]
    )
    + ")"
)


def find_time_phrases(text: str, *, published: dt.date | None = None) -> list[TimePhrase]:
    """Every time phrase in ``text`` with offsets and its resolution against ``published``."""
    found: list[TimePhrase] = []
    if not text:
        return found
    n = len(text)
    windows: list[list[int]] = []
    for a in _ANCHOR_RE.finditer(text):
        lo = max(0, a.start() - 40)
        hi = min(n, a.end() + 45)
        if windows and hi <= windows[-1][1]:
            # inside the window before, whose end is the first space from an earlier point: this
            # one's walk would stop there too (in text without spaces, Chinese or Japanese, each
            # digit walked to the end of the text again: quadratic)
            continue
        if windows and lo <= windows[-1][1]:
            lo = windows.pop()[0]
        else:
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
        while hi < n and not text[hi].isspace():
            hi += 1
        windows.append([lo, hi])
    last_end = 0
    for lo, hi in windows:
        for m in PHRASE_RE.finditer(text, max(lo, last_end), hi):
            if m.start() < last_end:  # inside a span's part found before ("the last week in March")
                continue
            phrase = m.group(0)
            if _in_a_name(text, m.start(), m.end()):
                last_end = m.end()
                continue
            if span := _a_part_of_a_span(text, m.start(), m.end()):
                # dated by the month or year it is part of, if it names one (not "of his term")
                part_start, part_end, named = span
                if named:
                    resolved = resolve_phrase(f"in {named}", published=published)
                    frame = _PART_FRAME_RE.search(text, max(0, m.start() - 30), m.start())
                    if resolved and published and _looks_back(text, frame.start(), f"in {named}"):
                        resolved = _year_back(resolved, published)
                    iso, precision = resolved if resolved and _fits_calendar(resolved) is None else (None, None)
                    found.append(TimePhrase(text[part_start:part_end], part_start, part_end, iso, precision))
                last_end = part_end
                continue
            if _OVER_THE_WEEKEND_RE.fullmatch(phrase) and _looks_ahead(text, m.start()):
                resolved = resolve_phrase("this weekend", published=published)  # "will rest over the weekend"
            elif (
                _HOLIDAY_PHRASE_RE.fullmatch(phrase)
                and not _EXPLICIT_YEAR_RE.search(phrase)
                and _looks_ahead(text, m.start())
            ):
                # "the market will close on Christmas Day": the coming one
                hm = _HOLIDAY_PHRASE_RE.fullmatch(phrase)
                resolved = resolve_phrase(f"{hm['over'] or ''}next {hm['h'] or hm['hp']}", published=published)
            elif _BARE_WEEKDAY_RE.fullmatch(phrase) and _looks_ahead(text, m.start()):
                # "will meet on Wednesday": the coming Wednesday, as a reader takes it
                weekday = _BARE_WEEKDAY_RE.fullmatch(phrase)["wd"]
                resolved = resolve_phrase("next " + weekday, published=published)
            else:
                resolved = resolve_phrase(phrase, published=published)
                try:
                    if resolved and published and _looks_back(text, m.start(), phrase):
                        resolved = _year_back(resolved, published)
                    elif resolved and published and _month_ahead(text, m.start(), phrase):
                        resolved = _year_ahead(resolved, published)
                except ValueError:  # moved a year past 9999 (or before year 1): no date
                    resolved = None
            if resolved and published and (end_year := _year_of_the_range_end(text, m.end(), phrase)):
                resolved = _in_the_year_of(resolved, *end_year)
            iso, precision = resolved if resolved and _fits_calendar(resolved) is None else (None, None)
            found.append(TimePhrase(phrase, m.start(), m.end(), iso, precision))
            last_end = m.end()
    return found


_HOLIDAY_PHRASE_RE = re.compile(
    rf"(?:(?:[Oo]n|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter) )?(?P<h>{_HOLIDAY})|(?P<over>[Oo]ver )(?P<hp>Christmas)"
)
_BARE_WEEKDAY_RE = re.compile(
    rf"(?:(?:[Oo]n|[Bb]y|[Uu]ntil) )?(?P<wd>{_WD}|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.)"
    rf"(?: {_PART})?"
)
# a future-tense or planning clause before the weekday: "will meet", "is expected to vote"
_AHEAD_RE = re.compile(
    r"\b(?:will|won[’']t|shall|must|(?-i:may|might|could)|[’']ll|(?:is|are) due\b|"
    r"(?:is|are) (?:set|scheduled|slated|planned|due|forecast|expected) (?:for|on|in)\b|(?:is|are) forecast\b|"
    # a schedule in the present tense: "the exhibition opens on Friday", "the team plays Saturday"
    r"(?-i:opens|closes|reopens|starts|begins|ends|plays|resumes|returns|launches|arrives|departs|"
    r"expires|kicks off|takes place|goes on sale|takes effect|take effect|goes into effect|"
    r"go into effect|comes into (?:force|effect)|come into (?:force|effect)|enters into force)\b|(?:is|are|was|were) (?:expected|due|scheduled|set|"
    r"slated|planned|poised|going|likely|unlikely) to|(?:plans?|planning|intends?|aims?) to|is to|are to|"
    r"(?:hopes?|hoping|expects?|expecting|wants?|seeks?|seeking|vows?|vowing|promises?|promising|"
    r"pledges?|pledging|needs?) to)\b"
    r"(?:(?![.;!?,]|\b(?:said|says|told|and|but)\b).){0,80}$",
    re.IGNORECASE,
)
# names that hold a weekday: newspapers ("The Mail on Sunday") and days named for an event
_NAME_BEFORE_RE = re.compile(
    r"(?:\b(?:Mail|Independent|Scotland|Wales|Ireland) on|\b(?:Super|Bloody|Black|Cyber|Good|"
    r"Ash|Palm|Holy|Maundy|Shrove|Easter|Giving)|\b(?:Mr|Mrs|Ms|Dr|Miss)\.?) ?$"
)
_NAME_AFTER_RE = re.compile(
    r" (?:Times|Telegraph|Mirror|Express|Herald|People|Post|World|Independent|Night Live|"
    r"Morning|Sport|Star|Sun)\b"
    r"| (?:Night|Morning|Evening|Afternoon) [A-Z]"  # "Friday Night Lights", "Monday Night Football"
)


_EVENT_AFTER_RE = re.compile(
    r" (?:attacks?|bombings?|hijackers|massacre|uprising|riots?|insurrection)\b")  # not "memorial ceremony"


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether a weekday phrase is part of a name: "The Mail on Sunday", "Super Tuesday",
    "the Sunday Times"; or a month and day name an event: "the Sept. 11 attacks"."""
    phrase = text[start:end]
    if _EVENT_AFTER_RE.match(text, end) and _month_and_day(phrase.lower()):
        return True
    if not re.fullmatch(rf"(?:[Oo]n )?{_WD}", phrase):
        return False
    before = text[max(0, start - 14) : start + (3 if phrase[:3].lower() == "on " else 0)]
    if _NAME_BEFORE_RE.search(before) or _NAME_AFTER_RE.match(text, end):
        return True
    if (phrase[:3].lower() != "on " and _HABIT_AFTER_RE.match(text, end)
            and not _SAID_BEFORE_RE.search(text, max(0, start - 12), start)):
        return True  # "gathered for Friday prayers", "Sunday trading laws"; not "said Monday markets"
    # a sentence that opens with a weekday and a capitalised word: a name ("Tuesday Weld
    # starred ..."); a day opening a sentence takes "On" or a comma ("Tuesday, the mayor ...")
    if (phrase[:3].lower() != "on " and _CAPITALISED_AFTER_RE.match(text, end)
            and _SENTENCE_START_RE.search(text, max(0, start - 6), start)):
        return True
    # "the Tuesday Group", "The Monday Club": the, a weekday and a capitalised word of the name;
    # "the Saturday market", "the Sunday trading laws": what happens every such day
    return bool(_THE_BEFORE_RE.search(before)
                and (_CAPITALISED_AFTER_RE.match(text, end) or _RECURRING_AFTER_RE.match(text, end)))


# "the last week of March", "the last Friday of 2023", "the first Sunday in March": a part of the
# span named after it, not a week, day or year counted from the publication date (it was: "rents
# rose in the last week of March" in an article of 14 April was dated 7 April)
_ORDINAL_BEFORE_RE = re.compile(r"\b(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ll]ast|[Ff]inal|[Pp]enultimate) $")
_SPAN_AFTER_RE = re.compile(
    rf" (?:of|in) (?:(?P<named>{_MON}(?:,? {_YEAR})?|{_YEAR})(?![\w-])|(?:the|this|that|last|next) (?:year|month|week|"
    r"decade|century|quarter|season|session|term|campaign|war|summer|winter|spring|autumn|fall)\b|"
    r"(?:his|her|their|its) \w+)"
)
# the words before a span's part that its verb's frame ends in: "rose on the last Sunday of May"
_PART_FRAME_RE = re.compile(
    r"(?:\b(?:[Oo]n|[Ii]n|[Dd]uring|[Oo]ver|[Ff]or|[Aa]t|[Bb]y)\s+)?(?:\b[Tt]he\s+)?"
    r"(?:\b(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Ff]inal|[Pp]enultimate)\s+)?$")
_SPAN_PART_RE = re.compile(rf"(?:{_PREP} )?(?:the )?(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast) (?:week|weekend|month|year|{_WD})")


def _a_part_of_a_span(text: str, start: int, end: int) -> tuple[int, int, str | None] | None:
    """When a phrase is the last (first, ...) week, weekday, month or year of the span named after it
    ("the last week of March", "the first Sunday in March", "the last year of his term"): where the
    part's words start and the span's end, and the month or year it names (None for "his term",
    "the year"); else None."""
    after = _SPAN_AFTER_RE.match(text, end)
    if not after:
        return None
    phrase = text[start:end]
    if _SPAN_PART_RE.fullmatch(phrase) and _THE_BEFORE_RE.search(text, max(0, start - 4), start):
        # "the last week of March"; not "next year in March" (March of next year: two phrases)
        return start, after.end(), after["named"]
    ordinal = _ORDINAL_BEFORE_RE.search(text, max(0, start - 14), start)
    if ordinal and re.fullmatch(rf"(?:{_PREP} )?{_WD}", phrase):
        return ordinal.start(), after.end(), after["named"]
    return None


# "from January to March 2023", "in January and February 2023", "December to March 2024": a month
# (or day) with no year, then the range's end with one; the first is of that year (or the one before,
# when its month comes after the end's). It was read as this year's: 'from January' of an article
# of April 2024 was January 2024.
_RANGE_END_RE = re.compile(
    rf"(?:\s*[-–—]\s*|,? (?:to|through|until|till|and|or) )(?:the )?(?:{_DAYNUM} (?:of )?)?(?P<mon>{_MON})"
    rf"(?: {_DAYNUM})?,? (?P<year>{_YEAR})\b"
)


def _year_of_the_range_end(text: str, end: int, phrase: str) -> tuple[int, int] | None:
    """(month, year) of the end of a range whose start is ``phrase`` with no year of its own, or None."""
    if _EXPLICIT_YEAR_RE.search(phrase) or not _month_and_day(phrase.lower()):
        return None
    after = _RANGE_END_RE.match(text, end)
    if not after:
        return None
    return MONTHS[after["mon"].lower().rstrip(".")], int(after["year"])


def _in_the_year_of(resolved: tuple[str, Precision], end_month: int, end_year: int) -> tuple[str, Precision]:
    """A range's start moved into its end's year (the year before when its month is later)."""
    iso, precision = resolved
    if precision not in ("day", "month"):
        return resolved
    month = int(iso[5:7])
    year = end_year - 1 if month > end_month else end_year
    moved = f"{year:04d}{iso[4:]}"
    return (moved, precision) if precision == "month" or _in_calendar_day(moved) else resolved


def _in_calendar_day(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:  # 29 February moved to a year that has none
        return False
    return True


_RECURRING_AFTER_RE = re.compile(
    r" (?:markets?|trading|services?|school|editions?|mass|prayers?|league|shifts?|opening|hours|"
    r"papers?|shows?|programmes?|programs?|lunch|brunch|roast|supplement|magazine)\b")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?][”\"’']?\s+|\n\s*)$")
# "officials said Monday school buses …": the day of saying, before the statement's first noun
_SAID_BEFORE_RE = re.compile(r"\b(?:said|says|told|announced|reported|confirmed|added|wrote)\s+$")
# ... and with no "the", the nouns that cannot be verbs ("poll released Friday shows that")
_HABIT_AFTER_RE = re.compile(
    r" (?:prayers?|trading|mass|markets?|league|school|brunch|roast|lunch|supplement|magazine)\b")
_THE_BEFORE_RE = re.compile(r"\b[Tt]he $")
_CAPITALISED_AFTER_RE = re.compile(
    r" (?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)[A-Z][a-z]+\b")


# a verb in the past tense right before a month-named date: "said on 3 May", "met in June"
_BACK_RE = re.compile(
    r"\b(?:said|told|wrote|was|were|had|did|met|made|took|gave|came|went|began|spoke|held|"
    r"left|won|lost|sent|saw|ran|found|fell|rose|grew|paid|sold|bought|hit|quit|"
    r"(?!(?:scheduled|expected|planned|slated|set|due|postponed|delayed|moved|rescheduled|"
    r"pushed|called|needed|wanted|hoped|aimed|intended|proposed|booked)\b)[a-z]{2,}ed)"
    r"(?:\s+(?:\w+ly|again|also|first|last|publicly|then))?"
    # the change said between verb and month: "rose 12% in December", "fell to 4.1 percent in May"
    r"(?:\s+(?:(?:to|by|about|nearly|almost|some|over|more than|less than)\s+)?[$€£]?\d[\d.,]*\s*"
    r"(?:%|percent|per cent|(?:percentage )?points?|million|billion|bn)?)?"
    r"\s+(?:(?:on|in)\s+)?$"
)
_EXPLICIT_YEAR_RE = re.compile(r"\b\d{4}\b|'\d\d\b")


def _looks_back(text: str, start: int, phrase: str) -> bool:
    """Whether a month-named date without a year follows a verb in the past tense: "said on
    3 May" in an article of 14 April is last May, not next month."""
    if _EXPLICIT_YEAR_RE.search(phrase) or not _month_and_day(phrase.lower()):
        return False
    before = text[max(0, start - 40) : start]
    if re.match(r"(?:[Oo]n|[Ii]n) ", phrase):
        before += phrase[:3]  # the preposition belongs to the verb's frame
    if _looks_ahead(text, start):
        return False
    return _BACK_RE.search(before) is not None


def _month_ahead(text: str, start: int, phrase: str) -> bool:
    """Whether a month-named date without a year is in a clause that looks ahead: "will
    reopen in March" in an article of June is next March."""
    if _EXPLICIT_YEAR_RE.search(phrase) or not _month_and_day(phrase.lower()):
        return False
    return _looks_ahead(text, start)


def _year_ahead(resolved: tuple[str, Precision], published: dt.date) -> tuple[str, Precision]:
    """A date before the publication date's month (or day), read a year later."""
    iso, precision = resolved
    if precision == "day":
        d = dt.date.fromisoformat(iso)
        # a few days back is more likely a late report than next year ("will take effect on June 1")
        if (published - d).days <= 31 or (d.month == 2 and d.day == 29):
            return resolved
        return d.replace(year=d.year + 1).isoformat(), precision
    if precision == "month" and iso < published.isoformat()[:7]:
        return f"{int(iso[:4]) + 1:04d}{iso[4:]}", precision
    return resolved


def _year_back(resolved: tuple[str, Precision], published: dt.date) -> tuple[str, Precision]:
    """A date after the publication date, read a year earlier."""
    iso, precision = resolved
    if precision == "day" and iso > published.isoformat():
        d = dt.date.fromisoformat(iso)
        if d.month == 2 and d.day == 29:
            return resolved
        return d.replace(year=d.year - 1).isoformat(), precision
    if precision == "month" and iso > published.isoformat()[:7]:
        return f"{int(iso[:4]) - 1:04d}{iso[4:]}", precision
    return resolved


_OVER_THE_WEEKEND_RE = re.compile(r"(?:[Oo]ver|[Dd]uring|[Aa]t|[Ff]or) the (?:past )?weekend")


# abbreviations whose period ends no clause: "will visit the U.S. on Friday", "at 8 p.m. Thursday"
_ABBREVIATION_RE = re.compile(
    r"\b(?:[ap]\.m|U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|St|Gen|Gov|Sen|Rep|Lt|Col|Jr|Sr|Inc|Co|Corp|No)\.")


def _looks_ahead(text: str, start: int) -> bool:
    window = text[max(0, start - 120) : start]
    if "." in window:
        window = _ABBREVIATION_RE.sub(lambda m: m.group(0).replace(".", ""), window)
    lo = max(window.rfind("."), window.rfind("\n"), 0)
    return _AHEAD_RE.search(window[lo:].rstrip() + " ") is not None


# -- resolution ----------------------------------------------------------------------------


def resolve_phrase(
    phrase: str, *, published: dt.date | None = None
) -> tuple[str, Precision] | None:
    """Resolve one time phrase to (ISO date, precision), or None when it cannot be."""
    return _resolution(phrase, published)[0]


def _resolution(phrase: str, published: dt.date | None) -> tuple[tuple[str, Precision] | None, str | None]:
    """`resolve_phrase`'s answer, and why a phrase that resolved is none (`_fits_calendar`)."""
    try:
        resolved = _resolve_cached(" ".join(phrase.split()), published)
    except OverflowError:  # counted from a day near either end of the calendar, past it
        return None, f"it falls outside the calendar, {dt.date.min.isoformat()} to {dt.date.max.isoformat()}"
    except (ValueError, TypeError):
        return None, None
    if resolved is not None and (why := _fits_calendar(resolved)):
        return None, why
    return resolved, None


def _fits_calendar(resolved: tuple[str, Precision]) -> str | None:
    """Why a resolved date is none a claim can hold, or None: its year is not 1-9999 ('last
    year' in year 1 is '0000', 'next year' in 9999 '10000'), or it is a week whose days run past
    9999-12-31. The one rule of the extraction and of a typed date (`read_typed_date`): 'this
    week' in an article of 9999-12-28 was stored, 'the week of 9999-12-28' typed refused (hostile32)."""
    iso, precision = resolved
    if not _in_calendar(iso):
        return "its year is not one of 1 to 9999"
    if precision == "week" and dt.date.fromisoformat(iso) > dt.date.max - dt.timedelta(days=6):
        # "week of 9999-12-27": its days beyond the last were an OverflowError traceback (hostile31a)
        return f"its week runs past {dt.date.max.isoformat()}, the last day"
    return None


def _in_calendar(iso: str) -> bool:
    """Is the ISO date's year one a date can hold (1-9999, four digits)? Counting back or on
    from a publication date near either end can leave it."""
    year = iso.split("-", 1)[0]
    return len(year) == 4 and year.isdigit() and year != "0000"


_DAY_RANGE_RE = re.compile(rf"\b(\d{{1,2}}(?:st|nd|rd|th)?)(?:{_DAYS_BETWEEN}(?:the )?\d{{1,2}}(?:st|nd|rd|th)?)+ "
                           r"(?=(?:of )?[a-z])")


def _first_day(m: re.Match) -> str:
    """A range's or list's first day, when its days run forward ("14-16", not a score "21-14")."""
    days = [int(d) for d in re.findall(r"\d+", m[0])]
    return f"{m[1]} " if days == sorted(set(days)) else m[0]


_WEEK_OF_RE = re.compile(r"(?:(?:in|during|for|by|since|until) )?(?:the )?week (?:of|beginning|starting) (?P<day>.+)")


@lru_cache(maxsize=4096)
def _resolve_cached(phrase: str, published: dt.date | None) -> tuple[str, Precision] | None:
    low = phrase.lower().replace("’", "'")
    low = re.sub(r"'s\b", "", low)
    past_only = bool(re.match(r"(since|last|earlier|after|from|past)\b", low))
    future = bool(re.match(r"(next|coming|until|by)\b", low))

    if (
        published is not None
        and (of_year := _OF_A_YEAR_RE.search(low))
        and (named := _resolve_cached(low[: of_year.start()], published)) is not None
        and named[1] in ("month", "day")  # (not "the end of last year": a part of it)
    ):
        year = published.year + {"last": -1, "this": 0, "next": 1}[of_year[1]]
        iso = f"{year:04d}{named[0][4:]}"
        return (iso, named[1]) if _in_calendar(iso) else None
    # a range of days: its first ("14-16 april 2024" is 14 april 2024)
    low = _DAY_RANGE_RE.sub(_first_day, low, count=1)
    week_of = _WEEK_OF_RE.fullmatch(low)
    if week_of:  # "the week of 9 March": the day named, at week precision
        day = _resolve_cached(week_of["day"], published)
        return (day[0], "week") if day and day[1] == "day" else None
    low = _WD_ABBR_RE.sub(lambda m: _WD_ABBR[m[1]], low)  # "tues." is tuesday
    low = re.sub(r"\bfy ?(?=\d)", "fiscal ", low)  # "FY2023" is fiscal 2023
    holiday = _holiday(low, published)
    if holiday is not None:
        # "over Christmas" is the days around it, as "over the weekend" is
        return (holiday[0], "week") if low.startswith("over ") else holiday
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", low)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat(), "day"
    num = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", low)
    if num:
        year = two_digit_year(int(num[3])) if len(num[3]) == 2 else int(num[3])
        # month first, as American papers write it, unless the first can only be a day
        month, day = (int(num[2]), int(num[1])) if int(num[1]) > 12 else (int(num[1]), int(num[2]))
        return dt.date(year, month, day).isoformat(), "day"
    dotted = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", low)
    if dotted:  # day first
        return dt.date(int(dotted[3]), int(dotted[2]), int(dotted[1])).isoformat(), "day"

    month_day = _month_and_day(low)
    if month_day:
        month, day, year = month_day
        if day is not None:
            if year is None:
                if published is None:
                    return None
                year = published.year
                if (past_only or _is_past_context(low)) and dt.date(year, month, day) > published:
                    year -= 1
            return dt.date(year, month, day).isoformat(), "day"
        if year is None:
            if published is None:
                return None
            year = published.year
            # "last April" said in April is a year before, "next April" a year after, as "last
            # Sunday" said on a Sunday is a week before (both were this April)
            if past_only and (month > published.month or month == published.month and low.startswith("last ")):
                year -= 1
            elif future and (month < published.month or month == published.month
                             and low.startswith(("next ", "coming "))):
                year += 1
            elif " " not in low:
                # a month before a noun ("its December report"): the nearer one, the past on a tie
                year += -1 if month - published.month >= 6 else 1 if month - published.month < -6 else 0
        return f"{year:04d}-{month:02d}", "month"

    wd = re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", low)
    if wd:
        if published is None:
            return None
        target = WEEKDAYS.index(wd[1])
        back = (published.weekday() - target) % 7
        if re.search(r"\b(next|coming)\b", low):
            day = published + dt.timedelta(days=(target - published.weekday()) % 7 or 7)
            if re.search(r"\bafter next\b", low):  # "the Friday after next"
                day += dt.timedelta(weeks=1)
        elif re.search(r"\b(last|past)\b", low):
            day = published - dt.timedelta(days=back or 7)
            if re.search(r"\bbefore last\b", low):  # "the Monday before last"
                day -= dt.timedelta(weeks=1)
        else:
            day = published - dt.timedelta(days=back)
        return day.isoformat(), "day"

    year_only = re.search(r"\b(1[89]\d\d|20\d\d)\b", low)
    if year_only and not re.search(r"\bago\b", low):
        return year_only[1], "year"

    if published is None:
        return None
    return _resolve_relative(low, published)


_WD_ABBR = {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "sat": "saturday", "sun": "sunday",
}  # fmt: skip
_WD_ABBR_RE = re.compile(r"\b(" + "|".join(_WD_ABBR) + r")\.")
_HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "new year day": (1, 1),
    "new year eve": (12, 31), "boxing day": (12, 26), "valentine day": (2, 14),
    "halloween": (10, 31), "the fourth of july": (7, 4), "july fourth": (7, 4),
    "christmas": (12, 25),  # only in "over Christmas"; after its Day and Eve, which it begins
}  # fmt: skip
_HOLIDAY_RE = re.compile(
    r"\b(?:(last|next|this) )?(" + "|".join(_HOLIDAYS) + r")\b(?:,? (\d{4}))?"
)


def _holiday(low: str, published: dt.date | None) -> tuple[str, Precision] | None:
    """A fixed-date holiday: the one in the year given, else the latest up to the publication
    date ("the coming one" after "next", this year's after "this")."""
    m = _HOLIDAY_RE.search(low)  # "'s" is already gone: "new year's eve" reads "new year eve"
    if m is None:
        return None
    month, day = _HOLIDAYS[m[2]]
    if m[3]:
        return dt.date(int(m[3]), month, day).isoformat(), "day"
    if published is None:
        return None
    this_year = dt.date(published.year, month, day)
    if m[1] == "this":
        return this_year.isoformat(), "day"
    if m[1] == "next" or re.match(r"(until|by)\b", low):
        ahead = this_year if this_year > published else this_year.replace(year=published.year + 1)
        return ahead.isoformat(), "day"
    past = this_year if this_year <= published else this_year.replace(year=published.year - 1)
    if m[1] == "last" and past == published:
        past = past.replace(year=past.year - 1)
    return past.isoformat(), "day"


_MONTH_DAY_RE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)? (?:of )?)?([a-z]+)\.?(?: (\d{1,2})(?:st|nd|rd|th)?\b)?(?:,? (\d{4}))?"
)


def _month_and_day(low: str) -> tuple[int, int | None, int | None] | None:
    """(month, day or None, year or None) for the first month name in ``low``."""
    pos = 0
    while (m := _MONTH_DAY_RE.search(low, pos)) is not None:
        if m[2] not in MONTHS:
            # "on 2 march": the day after a preposition belongs to the month, not to "on"
            pos = m.end(2)
            continue
        # a lone "may" is the verb; it is a month only with a day, a year or a preposition
        if m[2] == "may" and not (m[1] or m[3] or m[4] or len(low.split()) > 1):
            pos = m.end(2)
            continue
        day = m[1] or m[3]
        return MONTHS[m[2]], int(day) if day else None, int(m[4]) if m[4] else None
    return None


def _is_past_context(low: str) -> bool:
    return bool(re.match(r"(since|after|from|last)\b", low))


def _resolve_relative(low: str, pub: dt.date) -> tuple[str, Precision] | None:
    def day(d: dt.date) -> tuple[str, Precision]:
        return d.isoformat(), "day"

    one = dt.timedelta(days=1)
    if re.search(r"\bthe day before yesterday\b", low):
        return day(pub - 2 * one)
    if re.search(r"\bthe day after tomorrow\b", low):
        return day(pub + 2 * one)
    if re.search(
        r"\b(yesterday|last night)\b|\bthe (day|night) before\b|\bthe previous (day|night)\b", low
    ):
        return day(pub - one)
    if re.search(r"\b(today|tonight)\b|\bthis (morning|afternoon|evening)\b", low):
        return day(pub)
    if re.search(r"\btomorrow\b|\bthe (next|following) day\b|\bthe day after\b", low):
        return day(pub + one)
    ago = re.search(
        r"(?:(almost|nearly|about|around|roughly|some|more than|over|less than|just|only) )?"
        r"(\d+|a couple of|a few|several|[a-z]+) (day|week|month|year|decade)s? ago",
        low,
    )
    if ago:
        return _spans_from(pub, ago[2], ago[3], -1)
    # "two weeks earlier", "3 days later", "a year before": counted as "... ago" is, either way
    # ("a week earlier" counted one span; with any other count it was no date: leftovers34)
    counted = re.fullmatch(
        r"(\d+|a couple of|a few|several|[a-z]+) (day|week|month|year|decade)s? "
        r"(before|earlier|after|later)",
        low,
    )
    if counted and (spans := _spans_from(pub, counted[1], counted[2],
                                         -1 if counted[3] in ("before", "earlier") else 1)):
        return spans
    if re.search(r"\b(?:a|one) fortnight ago\b", low):
        return (pub - dt.timedelta(weeks=2)).isoformat(), "week"
    season = re.search(r"\b(last|past|this|next) (spring|summer|fall|autumn|winter)\b", low)
    if season:
        return _season_year(season[1], season[2], pub), "year"
    unit_m = re.search(r"\b(week|weekend|month|year)\b", low)
    if unit_m:
        unit = unit_m[1]
        if re.search(r"\b(last|past|previous)\b", low) and not re.search(
            r"\b(earlier|later) this\b", low
        ):
            offset = -1
        elif re.search(r"\b(next|following|coming)\b", low):
            offset = 1
        elif re.search(rf"\b{unit}s? (?:before|earlier)\b", low):
            offset = -1  # "a week earlier", "the year before": one before, as "the day before" is
        elif re.search(rf"\b{unit}s? (?:after|later)\b", low):
            offset = 1  # (both read as the publication's own week, month or year: hostile32)
        else:
            offset = 0
        # "the week before last", "the year after next": one span further (they were last
        # week and next year)
        further = (-1 if offset < 0 and re.search(r"\bbefore last\b", low)
                   else 1 if offset > 0 and re.search(r"\bafter next\b", low) else 0)
        if unit == "weekend":
            return (_weekend(pub, offset, low) + dt.timedelta(weeks=further)).isoformat(), "week"
        offset += further
        if unit == "week":
            return (pub + dt.timedelta(weeks=offset)).isoformat(), "week"
        if unit == "month":
            return _month_iso(_add_months(pub, offset)), "month"
        return f"{pub.year + offset:04d}", "year"
    return None


def _spans_from(pub: dt.date, count_said: str, unit: str, sign: int) -> tuple[str, Precision] | None:
    """``count_said`` (digits or a number word) days, weeks, months, years or decades before
    (``sign`` -1) or after ``pub``, at that unit's precision; None for a word that is no count.
    Past either end of the calendar: OverflowError (`_resolution` says so in one line)."""
    count = int(count_said) if count_said.isdigit() else NUMBER_WORDS.get(count_said)
    if count is None:
        return None
    count *= sign
    if unit == "day":
        return (pub + dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return (pub + dt.timedelta(weeks=count)).isoformat(), "week"
    if unit == "month":
        return _month_iso(_add_months(pub, count)), "month"
    return f"{pub.year + count * (10 if unit == 'decade' else 1):04d}", "year"


# the months a season starts and ends in; a winter is counted in the year of its January
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}


def _season_year(which: str, season: str, pub: dt.date) -> str:
    """The year of "last summer" (the latest one over), "this summer", "next summer" (the
    coming one)."""
    if season == "winter":
        # the winter of pub's January runs to the end of February
        current = pub.year + (pub.month == 12)  # the winter under way, or the one just over
        if which in ("last", "past"):
            year = current - 1 if pub.month in (12, 1, 2) else current
        elif which == "next":
            year = current + 1
        else:
            year = current
        return f"{year:04d}"
    first, last = _SEASONS[season]
    if which in ("last", "past"):
        year = pub.year if pub.month > last else pub.year - 1
    elif which == "next":
        year = pub.year if pub.month < first else pub.year + 1
    else:
        year = pub.year
    return f"{year:04d}"


def _weekend(pub: dt.date, offset: int, low: str) -> dt.date:
    """The Saturday of the weekend meant: "last weekend" and "over the weekend" the one just
    past (the one before, read on a weekend), "next weekend" the coming one, "this weekend"
    the one it is or the coming one."""
    saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # the latest, up to today
    on_a_weekend = pub.weekday() >= 5
    if offset < 0:
        return saturday - dt.timedelta(weeks=1) if on_a_weekend else saturday
    if offset > 0:
        return saturday + dt.timedelta(weeks=1)
    if low.startswith("this") and not on_a_weekend:
        return saturday + dt.timedelta(weeks=1)
    return saturday


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # (as a day counted past either end: `_resolution` says so)
        raise OverflowError(f"year {year} is out of range")
    return dt.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _month_iso(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


# -- user input ------------------------------------------------------------------------------

_PARSER = None


def _dateparser():
    global _PARSER
    if _PARSER is None:
        from dateparser.date import DateDataParser

        _PARSER = DateDataParser(
            languages=["en"],
            settings={"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
        )
    return _PARSER


def parse_user_date(value: str, *, today: dt.date | None = None) -> dt.date:
    """Read a date a person typed ("2024-04-14", "14 April 2024", "yesterday", "last Friday"),
    whole (`read_typed_date`): a month or a year counts as its first day.

    Raises ValueError with a message naming the value when it is not a date.
    """
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("empty date: expected a date such as 2024-04-14 or '14 April 2024'")
    try:
        iso, _ = read_typed_date(text, base=today or dt.date.today())
    except ValueError as exc:
        raise ValueError(f"{exc}; use e.g. 2024-04-14, '14 April 2024' or 'yesterday'") from None
    return dt.date.fromisoformat((iso + "-01-01")[:10])


FUTURE_HINT = "--allow-future accepts it"  # the CLI's way to accept a future publication date
# No article claims reads was published before this year: '0001-01-01' (a form's or a CMS's
# empty date) or '1024' for 2024 is a typo, and would sort the article before every other.
EARLIEST_PUBLISHED_YEAR = 1800


def check_published_year(day: dt.date, value: str, field: str) -> None:
    """ClaimsError naming ``field`` when ``day`` (read from ``value``) is before
    `EARLIEST_PUBLISHED_YEAR`: a publication date of year 1 is a typo or an empty default."""
    if day.year < EARLIEST_PUBLISHED_YEAR:
        raise ClaimsError(f"{field}: {value!r} is {day.isoformat()}, before {EARLIEST_PUBLISHED_YEAR}: "
                          "not a likely publication date (a typo?)")


def parse_published(
    value: str | None,
    field: str = "publication date",
    *,
    allow_future: bool = False,
    days_ahead: int = 0,
    today: dt.date | None = None,
    future_hint: str = FUTURE_HINT,
    old_is_none: bool = False,
) -> dt.date | None:
    """A publication date as a person typed it, or None for none: a day read whole by
    `read_typed_date` ("2024-04-14", "14 April 2024", "yesterday", a header's timestamp),
    not after today (``days_ahead``: a date read from a page, which may be dated where it is
    already tomorrow) unless ``allow_future``. Anything else is a ClaimsError naming ``field``.
    A year before `EARLIEST_PUBLISHED_YEAR` is refused too, or None with ``old_is_none`` (a
    date read from a page, a feed or a header only fills a gap: Hugo dates an undated page
    'Mon, 01 Jan 0001', and that is no reason to fail the article)."""
    if value is None:
        return None
    base = today or dt.date.today()
    try:
        iso, precision = read_typed_date(value, base=base)
    except ValueError as exc:
        raise ClaimsError(
            f"{field}: {exc} (use e.g. 2024-04-14, '14 April 2024' or 'yesterday')"
        ) from None
    if precision != "day":
        raise ClaimsError(
            f"{field}: {value!r} names a {precision}, not a day (use e.g. 2024-04-14)"
        )
    day = dt.date.fromisoformat(iso)
    if old_is_none and day.year < EARLIEST_PUBLISHED_YEAR:
        return None
    check_published_year(day, value, field)
    if days_ahead and _counted_from(value, base, (iso, precision)):
        days_ahead = 0  # the slack is for a calendar date: 'tomorrow' is after today where the outlet is too
    if not allow_future and day > base + dt.timedelta(days=days_ahead):
        hint = f" ({future_hint})" if future_hint else ""
        raise ClaimsError(
            f"{field}: {value!r} is {iso}, in the future; a publication date is today "
            f"or earlier{hint}"
        )
    return day


def _counted_from(value: str, base: dt.date, read: tuple[str, Precision]) -> bool:
    """Is ``value`` a day counted from ``base`` ('tomorrow', 'next Monday'), not a calendar
    date: read from the next day, is it another?"""
    try:
        return read_typed_date(value, base=base + dt.timedelta(days=1)) != read
    except ValueError:
        return True


def _words(text: str) -> set[str]:
    return set(text.split())


_DATE_WORDS = (
    set(WEEKDAYS)
    | set(MONTHS)
    | {w[:3] for w in WEEKDAYS}
    | set(NUMBER_WORDS)
    | _words(
        "ago yesterday today tomorrow tonight last next this past coming week weeks month months"
        " year years day days of the on in at am pm a an st nd rd th noon midnight morning"
        " afternoon evening night early late earlier later before after"
        " almost nearly about around some couple few several mid weekend local time gmt utc"
    )
)


_ISO_TYPED_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A time of day and zone after a date ("2024-04-14T09:30:00Z", "14 Apr 2024 09:30:00 +0000"):
# said of the day, not part of it.
_ISO_STAMP_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?",
    re.IGNORECASE,
)


def stamp_day(text: str) -> str | None:
    """The day of an ISO timestamp ("2024-04-14T09:30:00Z"), unchecked, or None when `text`
    is no timestamp. Raises ValueError for a time of day or zone that does not exist
    ("T25:00", "+99:00"): a date must be read whole."""
    stamp = _ISO_STAMP_RE.fullmatch(text)
    if not stamp:
        return None
    _clock(stamp)
    return stamp[1]


# The offsets of the world's zones: Baker Island's -12:00 to Kiribati's Line Islands' +14:00.
_WESTMOST_OFFSET, _EASTMOST_OFFSET = dt.timedelta(hours=-12), dt.timedelta(hours=14)


def _offset_exists(offset: dt.timedelta) -> bool:
    return _WESTMOST_OFFSET <= offset <= _EASTMOST_OFFSET


_TRAILING_OFFSET_RE = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*([+-])(\d{2}):?(\d{2})\s*$")


def ends_in_no_zones_offset(text: str) -> bool:
    """Whether a time (an RSS `pubDate`, an Atom `updated`) ends in a UTC offset no zone has
    ('+14:30', '-1300'): a reader that moves it to UTC by that offset gets another day."""
    found = _TRAILING_OFFSET_RE.search(text or "")
    if not found:
        return False
    offset = dt.timedelta(hours=int(found[2]), minutes=int(found[3]))
    return int(found[3]) > 59 or not _offset_exists(-offset if found[1] == "-" else offset)


def _clock(stamp: re.Match) -> tuple[int, int, int, int, dt.tzinfo | None]:
    """(hour, minute, second, microsecond, zone) of a `_ISO_STAMP_RE` match, or ValueError."""
    hour, minute, second, zone_h, zone_m = (int(stamp[k] or 0) for k in (2, 3, 4, 7, 8))
    if hour > 23 or minute > 59 or second > 60 or zone_h > 23 or zone_m > 59:
        raise ValueError(f"{stamp.string!r} is not a time of day")
    micro = int((stamp[5] or "0")[:6].ljust(6, "0"))
    zone = None
    offset = dt.timedelta(0)
    if stamp[6]:
        offset = dt.timedelta(hours=zone_h, minutes=zone_m)
        offset = -offset if stamp[6] == "-" else offset
        if not _offset_exists(offset):  # '+14:01', '-13:00': no zone on Earth
            raise ValueError(f"{stamp.string!r} is not a time of day (a UTC offset runs from -12:00 to +14:00)")
        zone = dt.timezone(offset)
    elif stamp.string.rstrip()[-1:] in "zZ":
        zone = dt.UTC
    if second == 60 and not _leap_second_at(hour, minute, offset):
        raise ValueError(f"{stamp.string!r} is not a time of day ({_NO_LEAP})")
    return hour, minute, min(second, 59), micro, zone  # a leap second ":60" is the one before it


_NO_LEAP = "a second 60 is a leap second, the last of a day in UTC: 23:59:60Z"


def _leap_second_at(hour: int, minute: int, offset: dt.timedelta) -> bool:
    """Whether a second 60 may end the minute `hour:minute` at UTC `offset` (none given: UTC):
    a leap second ends a day in UTC ('23:59:60Z', '05:29:60+05:30'). ':60' anywhere else
    ('09:30:60Z') was read as ':59' without a word."""
    return (hour * 60 + minute - offset // dt.timedelta(minutes=1)) % 1440 == 1439


def holds_time_of_day(text: str) -> bool:
    """Whether `text` says a time of day ("23:30", "9am"): a day reader would drop it."""
    return _CLOCK_RE.search(text) is not None


def read_stamp(text: str) -> dt.datetime | None:
    """An ISO date and time ("2024-04-14T09:30:00Z", "2024-04-14 09:30 +01:00") as a datetime,
    its zone kept (naive when it gives none), or None when `text` is no timestamp. The one
    reader of a moment: Python's ISO reader also takes week dates, the basic format and an
    hour alone ("2024-W15-1", "20240414T0930", "2024-04-14T09"), which no date field reads.
    Raises ValueError naming `text` for a day, time of day or zone that does not exist."""
    stamp = _ISO_STAMP_RE.fullmatch(text.strip())
    if not stamp:
        return None
    _refuse_mixed_digits(text.strip())  # '2024-04-14T1٠:00' (the pattern's \d takes any digit)
    hour, minute, second, micro, zone = _clock(stamp)
    try:
        day = dt.date.fromisoformat(stamp[1])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (no such day)") from None
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=zone)
# A time of day: "10:30", "22:00:05 +0100", "10:30 am", and an hour with am/pm alone ("10pm",
# "at 9 a.m."): said of the day, not part of it.
_CLOCK_RE = re.compile(
    r"\b\d{1,2}(?::\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?|\s*[ap]\.?m\b\.?)(?:\s*[+-]\d{2}:?\d{2})?(?!\w)",
    re.IGNORECASE,
)
# where a time of day may stand: before the date ("10pm, 14 April 2024", "at 9am on ...") or
# after it ("14 April 2024 at 10pm", "... 09:30:00 +0000 GMT"), never between its parts
_CLOCK_BEFORE_RE = re.compile(r"[\s,]*(?:at\s*)?", re.IGNORECASE)
_CLOCK_AFTER_RE = re.compile(r"[\s,.]*(?:(?:gmt|utc|local time)\b[\s,.]*)?", re.IGNORECASE)
_CLOCK_PARTS_RE = re.compile(r"(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?\s*([ap])?\.?(?:m\.?)?\s*(?:[+-](\d{2}):?(\d{2}))?",
                             re.IGNORECASE)
# "04/05/2024", "14.04.2024": day-month or month-day depends on the country
_NUMERIC_DAY_RE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})")
# "2024/04/14", "2024.04.14": a four-digit year first is followed by the month everywhere
_YEAR_FIRST_DAY_RE = re.compile(r"(\d{4})([./])(\d{1,2})\2(\d{1,2})")
_NUMERIC_DAY_IN_RE = re.compile(r"(?<![\d./-])" + _NUMERIC_DAY_RE.pattern + r"(?![\d./-])")  # in a phrase


def two_digit_year(year: int) -> int:
    """The year a two-digit year names, as RFC 2822 (4.3) reads one, wherever one is met (a typed
    date, a feed's): 00-49 are 2000-2049, 50-99 1950-1999. '14/04/95' was 2095, so `list --since
    1/1/95` left out every claim of 1995-2026, while a feed's 'Sun, 14 Apr 95' was 1995."""
    return year + (2000 if year < 50 else 1900)


def _numeric_day(value: str, m: re.Match) -> str:
    """The day of "14/04/2024" or "04/14/2024": the number over 12 is the day; when both
    are 12 or under ("04/05/2024") the order is the country's, so it is refused."""
    first, second, year = int(m[1]), int(m[3]), int(m[4])
    year = two_digit_year(year) if len(m[4]) == 2 else year
    if not (first and second):  # '00/04/2024' was refused as "either way round"
        raise ValueError(f"{value!r} is not a date (there is no day 0 or month 0)")
    if first <= 12 and second <= 12 and first != second:
        raise ValueError(f"{value!r} is not a date (its day and month could be either way round)")
    day, month = (first, second) if first > 12 else (second, first)
    try:
        read = dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None
    if len(m[4]) == 2 and m[2] == "-" and _year_first(m) not in (None, read):
        # "24-04-14" was 24 April 2014; written year first, as ISO dates are, it is 14 April 2024
        raise ValueError(f"{value!r} is not a date (its year could be the first number or the last; "
                         "write the year in full)")
    return read


def _year_first(m: re.Match) -> str | None:
    """The day of "24-04-14" read year first (YY-MM-DD), or None when that is no date."""
    try:
        return dt.date(two_digit_year(int(m[1])), int(m[3]), int(m[4])).isoformat()
    except ValueError:
        return None
_COUNT_AFTER_RE = re.compile(r"\s*(?:days?|weeks?|months?|years?)\b", re.IGNORECASE)


def _real_clock(clock: re.Match) -> bool:
    """Whether a time of day the clock pattern found exists ("25:00", "9:75", "13 pm" do not):
    it is dropped from a typed date, so it must not hide a typo."""
    parts = _CLOCK_PARTS_RE.match(clock[0])
    hour, minute, second, half, zone_h, zone_m = parts.groups()
    top = 12 if half else 23
    if zone_h is not None:  # "10:00 +1401": no zone on Earth
        offset = dt.timedelta(hours=int(zone_h), minutes=int(zone_m))
        if not _offset_exists(-offset if parts.string[parts.start(5) - 1] == "-" else offset):
            return False
    if int(second or 0) == 60:  # a leap second, only where one falls ('11:59:60 pm', '23:59:60 +0000')
        hour24 = int(hour) % 12 + (12 if half and half.lower() == "p" else 0) if half else int(hour)
        signed = dt.timedelta(hours=int(zone_h or 0), minutes=int(zone_m or 0))
        if zone_h is not None and parts.string[parts.start(5) - 1] == "-":
            signed = -signed
        if not _leap_second_at(hour24, int(minute or 0), signed):
            return False
    return (int(hour) <= top and not (half and int(hour) == 0) and int(minute or 0) <= 59
            and int(second or 0) <= 60 and int(zone_h or 0) <= 23 and int(zone_m or 0) <= 59)


def ascii_digits(text: str) -> str:
    """Digits of any script (２０２４, ٢٠٢٤) as ASCII ones: the patterns' \\d takes them, and
    a date is stored and compared in ASCII. Raises ValueError naming `text` for a number of
    two scripts' digits ('2٠24'): each digit mapped alone read it as 2024 in an import's
    `date`, `first_date` and `reviewed_at`, which the typed-date reader refuses."""
    if text.isascii():
        return text
    _refuse_mixed_digits(text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


_DIGIT_RUN_RE = re.compile(r"\d+")


def _mixed_digits(text: str) -> str | None:
    """The first run of digits in `text` whose digits are of two scripts ('2٠24': an Arabic-Indic
    zero, which looks like a dot, among ASCII digits), else None: typed, it is no number."""
    if text.isascii():
        return None
    for run in _DIGIT_RUN_RE.finditer(text):
        if len({ord(c) - unicodedata.decimal(c, 0) for c in run.group()}) > 1:
            return run.group()
    return None


def _refuse_mixed_digits(text: str) -> None:
    if mixed := _mixed_digits(text):
        raise ValueError(f"{text!r} is not a date ({mixed!r} mixes the digits of two scripts)")


def _no_such_day(text: str) -> str:
    """Why a day, month and year that read as one date are none ("29 February 2023": ' (February
    2023 has 28 days)'), else ''. Said in place of "a relative date needs a day to count from",
    which such a date is not."""
    read = _month_and_day(text.lower())
    if read is None or read[1] is None or read[2] is None or not 1 <= read[2] <= 9999:
        return ""
    month, day, year = read
    days = calendar.monthrange(year, month)[1]
    return f" ({_MONTH_NAMES[month - 1]} {year} has {days} days)" if day > days else ""


def read_typed_date(value: str, *, base: dt.date | None) -> tuple[str, Precision]:
    """A date a person typed, as (ISO date, precision): "2024-04-12", "2024-04", "2024", or
    a phrase made only of date words ("last Friday", "April 2024", "the day before")
    resolved from ``base``. Raises ValueError naming the value otherwise: "2024-4-12" and
    "not on 2024-04-12" are refused, not read as 2024."""
    _refuse_mixed_digits(str(value))
    text = " ".join(ascii_digits(str(value)).split())
    try:
        text = stamp_day(text) or text
    except ValueError:
        raise ValueError(f"{value!r} is not a date (no such time of day)") from None
    iso = _ISO_TYPED_RE.fullmatch(text)
    if iso:
        y, m, d = (int(g) if g else None for g in iso.groups())
        try:  # month 00 and day 00 are no month and day ('2024-00' was stored as a year)
            dt.date(y, 1 if m is None else m, 1 if d is None else d)
        except ValueError:
            raise ValueError(f"{value!r} is not a date") from None
        return text, "day" if d is not None else "month" if m is not None else "year"
    clocks = list(_CLOCK_RE.finditer(text))
    if any(not _real_clock(c) for c in clocks):
        raise ValueError(f"{value!r} is not a date (no such time of day)")
    if len(clocks) > 1:  # "14 April 2024 10pm 11pm"
        raise ValueError(f"{value!r} is not a date (two times of day)")
    if clocks and not (_CLOCK_BEFORE_RE.fullmatch(text[:clocks[0].start()])
                       or _CLOCK_AFTER_RE.fullmatch(text[clocks[0].end():])):
        # "14 10pm April 2024", "14 April 2024 10 am 2024": a time of day comes before or after the date
        raise ValueError(f"{value!r} is not a date (a time of day inside it)")
    if clocks and (mark := _CLOCK_MARK_RE.search(text, 0, clocks[0].start())):
        # a byline's mark before its time of day ("Apr 14, 2024 @ 9:30am", "14 April 2024 | 10:00")
        text = text[:mark.start()] + " " + text[clocks[0].start():]
    text = " ".join(_CLOCK_RE.sub(" ", text).split())
    if clocks and (iso := _ISO_TYPED_RE.fullmatch(text)) and iso[3]:
        # "2024-04-14 10:00 PM", "2024-04-14 10pm": an ISO day and a 12-hour time of day (the
        # stamp reader takes a 24-hour one); they were "not a date" where "14 April 2024 10pm" was
        try:
            return read_typed_date(text, base=base)
        except ValueError:
            raise ValueError(f"{value!r} is not a date") from None
    if stray := _NOT_DATE_CHAR_RE.search(text) or _SIGN_RE.search(text):
        # "+2024-01-01", "−2024", "(2024)", "-1 day ago": the phrase reader skips them
        raise ValueError(f"{value!r} is not a date ({stray[0][0]!r} is no part of a date)")
    if wrong := _wrong_ordinal(text):  # '14st April 2024' was the 14th: 1st or 14th?
        raise ValueError(f"{value!r} is not a date ({wrong})")
    if numeric := _NUMERIC_DAY_RE.fullmatch(text):
        return _numeric_day(value, numeric), "day"
    if year_first := _YEAR_FIRST_DAY_RE.fullmatch(text):  # "2024/04/14", as Japan and China write it
        try:
            return dt.date(*map(int, year_first.group(1, 3, 4))).isoformat(), "day"
        except ValueError:
            raise ValueError(f"{value!r} is not a date") from None
    if numeric := _NUMERIC_DAY_IN_RE.search(text):  # "week of 14/03/2026": the day read as alone
        text = f"{text[:numeric.start()]}{_numeric_day(value, numeric)}{text[numeric.end():]}"
    # "week beginning/starting 9 March" is "week of 9 March": those words say nothing else
    text = _WEEK_STARTING_RE.sub("week of", text)
    if not text or not _looks_like_date(text) or re.fullmatch(r"[\d\s./-]+", text):
        raise ValueError(f"{value!r} is not a date")
    resolved, beyond = _resolution(text, base)
    if beyond:
        raise ValueError(f"{value!r} is not a date ({beyond})")
    if resolved is None:
        need = _no_such_day(text) or ("" if base else " (a relative date needs a day to count from)")
        raise ValueError(f"{value!r} is not a date{need}")
    # the words first: "March 2024 - April 2024" is better told by its months than its numbers
    if problem := _words_unread(text, *resolved, base=base) or _beside_the_phrase(text):
        raise ValueError(f"{value!r} is not a date ({problem})")
    if not _numbers_fit(text, *resolved):
        raise ValueError(f"{value!r} is not a date (a number in it is not part of the date)")
    if clocks and resolved[1] != "day":  # "1 am April 2024" was April 2024: its day taken as an hour
        raise ValueError(f"{value!r} is not a date (a time of day with a {resolved[1]}, not a day)")
    return resolved


_ORDINAL_RE = re.compile(r"\b(\d+)(st|nd|rd|th)\b", re.IGNORECASE)


def _wrong_ordinal(text: str) -> str | None:
    """Why a day written as an ordinal ('14st', '1th', '22th') is not one, else None: the phrase
    reader drops the letters, so '14st April' was the 14th where 1st may have been meant."""
    for m in _ORDINAL_RE.finditer(text):
        n = int(m[1])
        right = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        if m[2].lower() != right:
            return f"{m[0]!r} is no ordinal: {n} is written {n}{right}"
    return None


# What a typed date is written with once its digits are ASCII and its time of day is taken
# out: letters of the English date words, digits, spaces, and "," "." "/" "-" and apostrophes
# ("Sept. 11, 2024", "14/04/2024", "mid-March", "New Year's Eve"). Anything else was skipped
# by the phrase reader, which looks for a date inside a sentence: a sign ("+2024-01-01"), a
# bracket, a letter of another script.
_NOT_DATE_CHAR_RE = re.compile(r"[^A-Za-z0-9 ,./'’-]")
# "-1 day ago" was 1 day ago; "2024-04-14" keeps its dashes, "Sunday - 14 April 2024" is a byline's
_SIGN_RE = re.compile(r"(?<![A-Za-z0-9])-(?=\d)")
_CLOCK_MARK_RE = re.compile(r"\s*[@|·•–—]\s*$")  # searched up to where the time of day starts
_WEEK_STARTING_RE = re.compile(r"\bweek (?:beginning|starting)\b(?= \S)", re.IGNORECASE)
_FILLER = {"the", "of", "a", "an", "on", "in", "at"}
_MONTH_NAMES = [max((n for n, i in MONTHS.items() if i == m), key=len).capitalize() for m in range(1, 13)]


# A date given by the calendar read with a word that counts from it dropped was another day
# ("the day after 9 March 2026", "2 days before ...", "9 March 2026 ago", "three weeks later"
# were 9 March), and with a span named that is not its own ("week 9 March 2026": a day).
# Words that only place it ("earlier in March 2026", "Today, 9 March 2026", "the weekend of
# 7 March 2026", "9 March 2026 at nine") are read as before.
_COUNTING_RE = re.compile(r"\b(?:ago|hence|since|before|after|following|prior)\b"
                          r"|\b(?:days?|weeks?|months?|years?)\s+(?:later|earlier|on)\b")
_SPANS = ("day", "week", "month", "year")
_A_WEEK_RE = re.compile(r"(?:last|this|next) week")  # "Monday last week": a weekday of it
_DAY_WORDS = {"yesterday", "today", "tomorrow", "tonight"}


def _words_unread(text: str, iso: str, precision: Precision, *, base: dt.date | None = None) -> str | None:
    """Why the phrase reader cannot have read every word of ``text`` as the date it gave, or
    None. It looks for a date inside a sentence; a typed one is read whole: a weekday that is
    not the day's ("Monday 14 April 2024" was a Sunday; "Tuesday Wednesday") or a word said
    twice ("yesterday yesterday", "1 day ago ago") is not dropped."""
    words = re.findall(r"[a-z]+", text.lower())
    said = [w for w in words if w not in _FILLER]
    twice = next((w for i, w in enumerate(said) if w in said[:i]), None)
    if twice:
        return f"{twice!r} is said twice"
    if _given_by_the_calendar(text, words):
        # a calendar date (its year, or a month and a day): no word counts from it or names another span
        counting = _COUNTING_RE.search(text.lower())
        off = counting[0] if counting else next((w for w in said if w in _SPANS and w != precision), None)
        if off:
            return f"{off!r} does not fit a date given by the calendar; give the date itself"
        for word in _DAY_WORDS.intersection(said):  # "Today, 9 March 2026": only if it is today
            day = resolve_phrase(word, published=base) if base else None
            if day is None or not day[0].startswith(iso):
                return f"{iso} is not {word}" if day else f"{word!r} and a date given by the calendar"
    months = {MONTHS[w] for w in words if w in MONTHS}
    month = int(iso[5:7]) if precision in ("day", "week", "month") else None
    if months - {month}:  # "March 2024 - April 2024" was March 2024
        other = _MONTH_NAMES[min(months - {month}) - 1]
        return (f"{iso} is in {_MONTH_NAMES[month - 1]}, not in {other}" if month
                else f"{iso} is a {precision}, and {other} is named too")
    if precision != "day" and not (precision == "week" and _WEEK_OF_RE.fullmatch(text.lower())):
        return None  # "the week of Tuesday 9 March": the day named is a day
    day = WEEKDAYS[dt.date.fromisoformat(iso).weekday()]
    named = {d for w in words for d in WEEKDAYS if w == d or (len(w) == 3 and d.startswith(w))}
    wrong = sorted(named - {day}, key=WEEKDAYS.index)
    if wrong:
        return f"{iso} is a {day.capitalize()}, not a {wrong[0].capitalize()}"
    return None


def _given_by_the_calendar(text: str, words: list[str]) -> bool:
    """A calendar date: its year, or a month and a day."""
    return bool(re.search(r"\b\d{4}\b", text) or (re.search(r"\d", text) and any(w in MONTHS for w in words)))


def _beside_the_phrase(text: str) -> str | None:
    """Why a date said relative to today is not read whole, or None. The phrase reader kept one
    phrase of two ("a week ago yesterday", "tomorrow yesterday", "two weeks ago Friday" were
    yesterday or last Friday) and dropped words that count from it ("day before yesterday" was
    yesterday). A weekday with its week is one day ("Monday last week"); words that only place
    the day ("late last night", "earlier today") are read as before."""
    if _given_by_the_calendar(text, re.findall(r"[a-z]+", text.lower())):
        return None  # read by _words_unread
    phrases = find_time_phrases(text)
    if len(phrases) > 1:
        said = [p.text.lower() for p in phrases]
        weekday_of_a_week = (len(said) == 2 and any(w in WEEKDAYS for w in said)
                             and any(_A_WEEK_RE.fullmatch(w) for w in said))
        if not weekday_of_a_week:
            return f"two dates, {phrases[0].text!r} and {phrases[1].text!r}"
    elif phrases:
        after = text[phrases[0].end:].lower().split()
        if after in (["before", "last"], ["after", "next"]) and phrases[0].text.lower() in WEEKDAYS:
            return None  # "Friday before last", "the Monday after next": one day, read whole
        rest = (text[:phrases[0].start] + " " + text[phrases[0].end:]).lower()
        rest = re.sub(r"\b(?:before last|after next)\b", " ", rest)  # "the Friday after next": one day
        counting = _COUNTING_RE.search(rest)
        span = next((w for w in re.findall(r"[a-z]+", rest) if w.rstrip("s") in _SPANS or w in _DAY_WORDS), None)
        if off := counting[0] if counting else span:
            return f"{off!r} is not part of the date {phrases[0].text!r}"
    return None


def _numbers_fit(text: str, iso: str, precision: Precision) -> bool:
    """Every number in ``text`` is part of the date it was read as: its year, its day (any
    day of a week), or a count of days, weeks, months or years. The phrase reader looks for
    a date inside a sentence and leaves the rest; a typed date must be read whole
    ("next Tuesday 99" is no date)."""
    first = dt.date.fromisoformat(iso if precision in ("day", "week") else (iso + "-01-01")[:10])
    used: set[str] = set()  # each part of the date is said once: "April 14 2024 2024" was read in part
    if precision in ("day", "week") and iso in text:
        text = text.replace(iso, " ")  # "week of 2026-03-09": the day itself
        used |= {"year", f"day {first.day}"}
    days = {(first + dt.timedelta(days=i)).day for i in range(7 if precision == "week" else 1)}
    for number in re.finditer(r"\d+", text):
        if _COUNT_AFTER_RE.match(text, number.end()):
            continue
        value = int(number[0])
        if len(number[0]) == 4 and value == first.year:
            part = "year"
        elif len(number[0]) <= 2 and precision in ("day", "week") and value in days:
            part = f"day {value}"
        else:
            return False
        if part in used:
            return False
        used.add(part)
    return True


def _looks_like_date(text: str) -> bool:
    """Only digits and date words: dateparser would read "We" as Wednesday."""
    words = re.findall(r"[A-Za-z]+", text.lower())
    return bool(re.search(r"\d", text) or words) and all(w in _DATE_WORDS for w in words)


def _dateparser_relative(text: str, base: dt.date):
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parser.get_date_data(text)
