"""Transcripts of speeches and debates: every sentence is a statement by its speaker.

Lines read ``SPEAKER: text``; a line without a speaker label continues the last speaker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata

from claims.checkworthiness import claim_type, score_many
from claims.extraction.segments import split_sentences
from claims.extraction.types import ExtractedClaim
from claims.letters import MARKS
from claims.limits import LINE_BREAK_RE, without_controls_mapped

# "TRUMP:", "Hillary Clinton:", "MODERATOR (HOLT):", "Sen. Warren:", "Émile Zola:", "وزير المالية:",
# "習近平：" (a full-width colon needs no space after it); at most six words so an ordinary
# sentence with a colon ("He said: ...") is not read as a label. A label alone on its line
# ("JONES:") says who speaks the lines after it: it is no statement itself.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters web text carries inside names
# Combining marks, which \w leaves out: Devanagari's 'ं', '्' and 'ी' in 'मंत्री:', Thai's, Bengali's
# vowel signs, an accent typed apart ('E\u0301mile'); such a label was no label, its line the
# speaker before's with 'मंत्री:' in its text.
_MARKS = MARKS
_LABEL_RE = re.compile(
    rf"[ \t]*(?P<name>[^\W\d_][\w.’'{_INVISIBLE}{_MARKS}-]*(?:[ \t]+(?:[^\W\d_]|\()[\w.’'(){_INVISIBLE}{_MARKS}-]*){{0,5}})"
    rf"[ \t{_INVISIBLE}]*(?::(?:[ \t]+|[ \t]*$)|：[ \t]*)"
)
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))
# A note after a label on how the words came, not who spoke them: an interpreter's ("MACRON (EN
# FRANÇAIS):", "(VIA TRANSLATOR)", "(through interpreter)") or a script's ("(CONT'D)", "(O.S.)",
# "(V.O.)"). 'MACRON (EN FRANÇAIS)' was a speaker apart from 'MACRON'; the note is dropped (a
# role in brackets, "MODERATOR (HOLT):", is no note and stays).
# "(in X)" is a note only where X is a language: "WOMAN (IN RED)", "REPORTER (IN STUDIO)" are
# people apart. Languages by their English names and their own (lower case, as matched).
_LANGUAGES = (  # noqa: SIM905 - a word list reads best as prose
    "english anglais inglés englisch french français francais francés spanish español espagnol "
    "german deutsch allemand alemán italian italiano portuguese português russian "
    "ukrainian arabic العربية hebrew farsi persian turkish türkçe greek polish dutch swedish "
    "danish norwegian finnish hungarian czech romanian hindi urdu bengali punjabi tamil chinese "
    "mandarin cantonese 中文 japanese 日本語 korean 한국어 vietnamese thai indonesian malay "
    "swahili amharic somali tagalog filipino pashto dari kurdish armenian georgian serbian "
    "croatian bosnian albanian latin catalan basque galician irish welsh asl bsl"
).split()
_NOTES_RE = re.compile(
    r"(?:[ \t]*\((?:(?:en|in|auf) (?:" + "|".join(_LANGUAGES) + r")(?![^\W_])"
    r"|(?:via|through|with|by)(?: an?| the)? (?:interpreter|translator|interpretation|translation)"
    r"|translated|interpreted|translation|interpretation|cont['’]?d|continued|continuing"
    r"|o\.? ?s\.?|v\.? ?o\.?|o\.? ?c\.?|off[- ]?(?:camera|screen|stage|mic)|on camera)\))+[ \t]*$",
    re.IGNORECASE,
)
_STAGE_RE = re.compile(r"^[\[(][^\])]{0,40}[\])]$")  # "(APPLAUSE)", "[crosstalk]"


def extract_transcript(text: str, *, published: dt.date | None = None) -> list[ExtractedClaim]:
    """One record per sentence, with its speaker, check-worthiness and offsets into ``text``."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        return _extract(text, published)
    except Exception:  # never lose a whole transcript to one odd line
        return []


def extract_transcript_as_written(text: str, *, published: dt.date | None = None) -> list[ExtractedClaim]:
    """`extract_transcript` of the text as ingest reads it (`without_controls`: a label written
    in a terminal's colours or with a direction control is a label, as ingest stores it),
    with offsets into ``text`` as given: ``text[start:end] == quote``, the claim's own text
    as ingest stores it (`claims extract --transcript` shows what `ingest` would store)."""
    kept, origin = without_controls_mapped(text)
    if len(kept) == len(text):
        return extract_transcript(text, published=published)

    def span(start: int | None, end: int | None) -> tuple[int | None, int | None]:
        if start is None or end is None:
            return start, end
        return origin[start], origin[end - 1] + 1 if end > start else origin[start]

    out = []
    for c in extract_transcript(kept, published=published):
        start, end = span(c.start, c.end)
        speaker_start, speaker_end = span(c.speaker_start, c.speaker_end)
        out.append(dataclasses.replace(c, start=start, end=end, quote=text[start:end],
                                       speaker_start=speaker_start, speaker_end=speaker_end))
    return out


def _extract(text: str, published: dt.date | None) -> list[ExtractedClaim]:
    out: list[ExtractedClaim] = []
    speaker: str | None = None
    sp_span: tuple[int, int] | None = None
    spans = _line_spans(text)
    speaking = {_display_name(m.group("name")) for s, e in spans
                if (m := _LABEL_RE.match(line := text[s:e])) and line[m.end():].strip()
                and _is_label(m.group("name")) and not _says(m.group("name"))}
    for start, end in spans:
        line = text[start:end]
        m = _LABEL_RE.match(line)
        if m and _is_label(m.group("name")) and not (line[m.end():].strip() and _says(m.group("name"))):
            if not line[m.end():].strip() and not (m.group("name").isupper()
                                                     or _display_name(m.group("name")) in speaking):
                # Alone on its line, a label is "JONES:" or a name that speaks elsewhere; a
                # heading ("Key Findings:", "وأضاف قائلا:") is neither: no claim, same speaker.
                continue
            speaker = _display_name(m.group("name"))
            sp_span = (start + m.start("name"), start + m.start("name") + len(_without_notes(m.group("name"))))
            start += m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end <= start:
            continue
        for s, e in split_sentences(text, start, end):
            sentence = text[s:e]
            if _STAGE_RE.match(sentence.strip()) or not any(ch.isalnum() for ch in sentence):
                continue  # a stage direction, or a line of only dashes or dots ("JONES: —")
            out.append(
                ExtractedClaim(
                    text=" ".join(sentence.split()),
                    quote=sentence,
                    start=s,
                    end=e,
                    speaker=speaker,
                    speaker_start=sp_span[0] if sp_span else None,
                    speaker_end=sp_span[1] if sp_span else None,
                    cue=None,
                    date=published.isoformat() if published else None,
                    date_precision="day" if published else None,
                    date_is_reporting=published is not None,
                    claim_type=claim_type(sentence),
                )
            )
    scores = score_many([c.text for c in out])  # one batch: the model's arithmetic is per call
    return [dataclasses.replace(c, checkworthiness=x) for c, x in zip(out, scores, strict=False)]


# Breaks a line may hold within a sentence: a word processor's manual line break (U+2028, or
# VT in some exports) and pdftotext's page break (a form feed).
_SOFT_BREAKS = frozenset("\x0b\x0c\u2028")


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Where each line of a transcript starts and ends. A line ends at any line break, not only
    at \\n (a page of pdftotext's output begins with a form feed, and its first label, \\fBOB:,
    was read as the words of the speaker before); but after a soft break a line that begins with
    no label goes on the line before, so a sentence wrapped by one stays one claim."""
    spans: list[tuple[int, int]] = []
    start, before = 0, None
    for brk in [*LINE_BREAK_RE.finditer(text), None]:
        end = brk.start() if brk else len(text)
        m = _LABEL_RE.match(text, start, end)
        if spans and before in _SOFT_BREAKS and not (m and _is_label(m.group("name"))):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        if brk:
            start, before = brk.end(), brk[0]
    return spans


def _without_notes(name: str) -> str:
    """A label's name without the notes after it (`_NOTES_RE`); a label of notes alone stays."""
    return _NOTES_RE.sub("", name) or name


def _is_label(name: str) -> bool:
    name = _without_notes(name)
    words = name.split()
    if name.isupper():
        return True
    # "Hillary Clinton", "Sen. Warren", "Moderator": every word capitalised, in a script that
    # has capitals (Arabic, Hebrew, Chinese have none: their words count as capitalised)
    # (a Chinese or Japanese "word" runs to the next space: a clause of twelve characters or
    # more before a colon, "根据国家统计局今天发布的数据显示：", is a sentence, not a name)
    return len(words) <= 4 and all(
        w[:1].isupper() or w[:1] == "(" or (_caseless(w[:1]) and _letters(w) < MAX_CASELESS_WORD) for w in words)


# "said" in scripts without capitals: before a colon it is narration ('उन्होंने कहा:', "he said:"),
# which their lack of capitals cannot tell from a name as English's can ('he said:' is no label)
_SAID = frozenset((  # noqa: SIM905 - word lists read best as prose
    "कहा कहे कही कहते कहती बोले बोला बोली बताया "  # Hindi
    "বলেন বললেন বলেছেন বলল বলেছে জানান জানালেন "  # Bengali
    "قال قالت يقول تقول أضاف وأضاف أكد وأكد قائلا "  # Arabic
    "کہا کہتے بولے گفت "  # Urdu, Persian
    "אמר אמרה "  # Hebrew
    "กล่าว"  # Thai
).split())
_SAID_CJK = ("说", "說", "表示", "称", "稱", "と述べ", "と語")


def _says(name: str) -> bool:
    """Narration ('उन्होंने कहा: ...'): the line is a statement of the speaker it names, whom a
    label cannot name; alone on its line it is a heading, as "Key Findings:" is."""
    return any(w in _SAID or w.endswith(_SAID_CJK) for w in name.split())


def _letters(word: str) -> int:
    """Its length without combining marks: 'প্রধানমন্ত্রী' (prime minister) is 8 letters and 5 vowel
    signs and viramas, no clause of twelve characters."""
    return sum(1 for c in word if not unicodedata.category(c).startswith("M"))


MAX_CASELESS_WORD = 12


def _caseless(letter: str) -> bool:
    return letter.isalpha() and letter.lower() == letter.upper() and not letter.isascii()


def _display_name(name: str) -> str:
    # 'ＪＯＮＥＳ：' (full-width) and 'JONES\u200b:' speak as 'Jones', one speaker with 'JONES:'
    name = " ".join(unicodedata.normalize("NFKC", _without_notes(name)).translate(_DROP_INVISIBLE).split())
    return name.title() if name.isupper() and len(name) > 3 else name
