"""extract_claims: attributions found, speakers resolved, claims dated and scored."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from claims.checkworthiness import claim_type, score_many
from claims.dates import TimePhrase, find_time_phrases
from claims.extraction.attribution import (
    Attribution,
    TimeSpans,
    antecedent,
    clause_subject,
    colon_lead_attributions,
    paragraph_attributions,
    quote_attributions,
    sentence_attributions,
)
from claims.extraction.fragments import is_fragment
from claims.extraction.refine import refiner
from claims.extraction.segments import QUOTE_CHARS, Paragraph, find_quotes, paragraphs, word_count
from claims.extraction.speakers import SpeakerResolver, parse_mention
from claims.extraction.types import ExtractedClaim
from claims.limits import fold_spaces

MIN_CONTENT_WORDS = 3
MIN_QUOTE_WORDS = 2  # “We’ll see,” she said: a quoted reply is a statement on the record
MAX_TEXT = 20 * 2**20  # characters: every article the readers take (claims.sources.MAX_ARTICLE_BYTES)
MAX_SENTENCE = 3000


def extract_claims(text: str, *, published: dt.date | None = None) -> list[ExtractedClaim]:
    """Every attributed statement in ``text``; never raises, offsets index ``text`` as given
    (a paragraph whose extraction raises is left out, not the article: `_by_paragraph`)."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        return []
    try:
        return _extract(text, published)
    except Exception:  # a crash here would lose a whole ingest
        return _by_paragraph(text, published)


def _by_paragraph(text: str, published: dt.date | None) -> list[ExtractedClaim]:
    """Extraction raised somewhere in the article (a bug): each paragraph again on its own,
    one that raises left out, so that one statement cannot cost the article every claim (a
    statement of figures alone did: 0dae198). Offsets still index ``text``; a speaker named
    only in an earlier paragraph is not known to a later one here."""
    try:
        paras = paragraphs(_shadow(text))
    except Exception:
        return []
    found: list[ExtractedClaim] = []
    for para in paras:
        try:
            claims = _extract(text[para.start:para.end], published)
        except Exception:
            continue
        found += [_shifted(c, para.start) for c in claims]
    return found


def _shifted(claim: ExtractedClaim, by: int) -> ExtractedClaim:
    return dataclasses.replace(
        claim, start=claim.start + by, end=claim.end + by,
        speaker_start=None if claim.speaker_start is None else claim.speaker_start + by,
        speaker_end=None if claim.speaker_end is None else claim.speaker_end + by)


_DOUBLE_APOSTROPHE_RE = re.compile(r"''")
_WRONG_WAY_CLOSE_RE = re.compile(r"(?<=[,.!?])“(?=\s|$)")
_WRONG_WAY_OPEN_RE = re.compile(r"(?:(?<=^)|(?<=[\n\u202a(]))”(?=[A-Z])", re.MULTILINE)


def _shadow(text: str) -> str:
    """The text with ''double apostrophes'' (the New York Times' quote marks) as straight
    quotes, guillemets as curly quotes, the horizontal bar (HuffPost's dash) as an em dash and an opening mark typed
    where a closing one belongs turned round, same length so every offset still indexes
    the original."""
    if "―" in text:
        text = text.replace("―", "—")
    if "«" in text or "»" in text:
        # French and Polish quote marks as English ones: the keep model reads only “ ” and "
        # as a quotation's marks and dropped every «…» after "said:" as no quotation
        text = text.replace("«", "“").replace("»", "”")
    if "“" in text:
        text = _WRONG_WAY_CLOSE_RE.sub("”", text)  # “It's unusual,“ said …: a closing mark
    if "”" in text:
        text = _WRONG_WAY_OPEN_RE.sub("“", text)  # ”This is why …,” said …: an opening mark
    if "''" not in text:
        return text

    def swap(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else " "
        return ' "' if before.isspace() or before in "([—–-" else '" '

    return _DOUBLE_APOSTROPHE_RE.sub(swap, text)


def _extract(original: str, published: dt.date | None) -> list[ExtractedClaim]:
    found = candidates(original, published)
    if found is None:
        return []
    text, atts, phrases = found
    model = refiner()
    if model is not None:
        atts = model.refine(text, atts)
    return _build(original, text, atts, phrases, published)


def candidates(
    original: str, published: dt.date | None
) -> tuple[str, list[Attribution], list[TimePhrase]] | None:
    """The rules' attributions in cue order, with the shadow text they index and the time
    phrases; None for a text with no paragraphs."""
    text = _shadow(original)
    paras = paragraphs(text)
    if not paras:
        return None
    quotes = find_quotes(text, paras)
    quote_spans = sorted((q.start, q.end) for q in quotes)
    phrases = _time_phrases(text, paras, published)
    time_spans = TimeSpans((p.start, p.end) for p in phrases)

    atts, used = quote_attributions(text, quotes, paras, time_spans)
    taken = {a.content_start for a in atts}
    atts.extend(colon_lead_attributions(text, paras, quotes, taken, time_spans))
    for pi, para in enumerate(paras):
        atts.extend(paragraph_attributions(text, para))
        for si, sent in enumerate(para.sentences):
            if sent[1] - sent[0] > MAX_SENTENCE:
                continue  # run-on text with no sentence ends: no reported speech to find
            for a in sentence_attributions(text, sent, quote_spans, used, time_spans):
                if a.content_start < 0:  # "According to X." stands after its statement
                    if si == 0:
                        prev = (
                            paras[pi - 1].sentences[-1]
                            if pi > 0 and paras[pi - 1].sentences
                            else None
                        )
                    else:
                        prev = para.sentences[si - 1]
                    if prev is None:
                        continue
                    a.content_start, a.content_end = prev[0], _strip_end(text, prev[0], prev[1])
                atts.append(a)
    atts = _dedupe(text, atts)
    if text is not original:
        _widen_to_double_apostrophes(original, atts)
    atts.sort(key=lambda a: (a.cue_start, a.content_start))
    return text, atts, phrases


def _with_guillemets(original: str, shadow: str) -> str:
    """The shadow text with the article's guillemets given back: the shadow reads « » as “ ”
    to find quotations, but a statement is stored as the article writes it ('the «Plan
    Marshall» cost ...', not 'the “Plan Marshall” ...'; German »…« not ”…”)."""
    if "«" not in original and "»" not in original:
        return shadow
    return "".join(o if o in "«»" else s for o, s in zip(original, shadow, strict=True))


def _widen_to_double_apostrophes(original: str, atts: list[Attribution]) -> None:
    """A statement the shadow text bounded by one half of a '' mark takes in the whole mark."""
    for a in atts:
        if a.content_start > 0 and original[a.content_start - 1 : a.content_start + 1] == "''":
            a.content_start -= 1
        if original[a.content_end - 1 : a.content_end + 1] == "''":
            a.content_end += 1


def _time_phrases(text: str, paras: list[Paragraph], published: dt.date | None) -> list[TimePhrase]:
    out: list[TimePhrase] = []
    for p in paras:
        for tp in find_time_phrases(text[p.start : p.end], published=published):
            out.append(
                TimePhrase(tp.text, tp.start + p.start, tp.end + p.start, tp.date, tp.precision)
            )
    return out


def _strip_end(text: str, s: int, e: int) -> int:
    while e > s and (
        text[e - 1].isspace() or (text[e - 1] in ".;," and text[e - 2 : e - 1] not in QUOTE_CHARS)
    ):
        e -= 1
    return e


def _dedupe(text: str, atts: list[Attribution]) -> list[Attribution]:
    """Drop too-short statements and the same statement found twice."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a in atts:
        s, e = a.content_start, a.content_end
        while s < e and text[s].isspace():
            s += 1
        e = _trim_trailing(text, s, e)
        a.content_start, a.content_end = s, e
        least = MIN_QUOTE_WORDS if a.kind in ("quote", "continuation") else MIN_CONTENT_WORDS
        if e <= s or word_count(_statement(text[s:e])) < least:
            continue
        key = (s, e)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out


def _trim_trailing(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _build(
    original: str,
    text: str,
    atts: list[Attribution],
    phrases: list[TimePhrase],
    published: dt.date | None,
) -> list[ExtractedClaim]:
    resolver = SpeakerResolver(text)
    stated = _with_guillemets(original, text)  # what a statement is cut from
    resolved: list[tuple[str | None, str | None, int | None, int | None]] = []
    starts = [p.start for p in phrases]  # in text order: a sentence's phrases are a slice
    statements: dict[tuple[int, int], list[tuple[int, int]]] = {}  # the statements of a sentence
    for a in atts:
        statements.setdefault(a.sentence, []).append((a.content_start, a.content_end))
    claims: list[tuple[int, ExtractedClaim]] = []
    for idx, a in enumerate(atts):
        speaker = role = None
        sp_s, sp_e = a.source_start, a.source_end
        if a.same_source_as is not None:
            prev = _previous_in_sentence(atts, idx) if a.same_source_as == -1 else None
            if a.kind == "continuation":
                prev = _previous_with_cue(atts, idx)
            if prev is not None and prev < len(resolved):
                speaker, role, sp_s, sp_e = resolved[prev]
            else:
                subject = clause_subject(text, a.sentence[0], a.cue_start)
                if subject is not None:
                    sp_s, sp_e = subject
                    speaker, role = resolver.resolve(parse_mention(text[sp_s:sp_e], sp_s))
        elif sp_s is not None and sp_e is not None:
            ref_s, ref_e = sp_s, sp_e
            if text[sp_e - 3 : sp_e].lower() in ("who", "hom") and sp_e - sp_s <= 16:
                ref = antecedent(text, a.sentence[0], sp_s)  # "listeners who said"
                if ref is not None:
                    ref_s, ref_e = ref
            mention = parse_mention(text[ref_s:ref_e], ref_s)
            speaker, role = resolver.resolve(mention)  # None for a pronoun with no antecedent
        resolved.append((speaker, role, sp_s, sp_e))
        quote = original[a.content_start : a.content_end]
        if a.gap is not None:
            statement = _statement(
                stated[a.content_start : a.gap[0]].rstrip(" ,") + " " + stated[a.gap[1] : a.content_end]
            )
        else:
            statement = _statement(stated[a.content_start : a.content_end])
        lo, hi = (
            bisect.bisect_left(starts, a.sentence[0]),
            bisect.bisect_left(starts, a.sentence[1]),
        )
        date = _claim_date(text, a, phrases[lo:hi], published, statements.get(a.sentence, ()))
        ctype = claim_type(statement)
        if is_fragment(statement, quoted=a.kind in ("quote", "continuation")):
            ctype = "not_a_claim"  # a noun phrase or a clause without its subject
        claims.append(
            (
                a.content_start,
                ExtractedClaim(
                    text=statement,
                    quote=quote,
                    start=a.content_start,
                    end=a.content_end,
                    speaker=speaker,
                    speaker_role=role if role != speaker else None,
                    speaker_start=sp_s,
                    speaker_end=sp_e,
                    cue=original[a.cue_start : a.cue_end],
                    date=date[0],
                    date_text=date[1],
                    date_precision=date[2],
                    date_is_reporting=date[3],
                    claim_type=ctype,
                ),
            )
        )
    claims.sort(key=lambda c: (c[0], c[1].end))
    scores = score_many([c.text for _, c in claims])  # one batch: the model's arithmetic is per call
    return [dataclasses.replace(c, checkworthiness=x) for (_, c), x in zip(claims, scores, strict=False)]


def _previous_in_sentence(atts: list[Attribution], idx: int) -> int | None:
    a = atts[idx]
    for j in range(idx - 1, -1, -1):
        if (
            atts[j].sentence == a.sentence
            and atts[j].cue_start < a.cue_start
            and atts[j].kind != "participle"  # "cited a poll showing …, and said": not the poll
        ):
            return j
    return None


def _previous_with_cue(atts: list[Attribution], idx: int) -> int | None:
    a = atts[idx]
    for j in range(idx - 1, -1, -1):
        if atts[j].cue_start == a.cue_start and atts[j].kind != "continuation":
            return j
    return None


_WRAP_RE = re.compile(r"^[\s“\"«„]+|[\s”\"»]+$")


def _statement(quote: str) -> str:
    """The quote as a statement: enclosing quote marks, 'that' and dangling commas removed."""
    s = fold_spaces(quote)  # a number's digit groups keep their no-break space
    inner = s.strip()
    if inner[:1] in '“"«„' and not any(c in inner[1:-1] for c in '“”"«»„'):
        inner = _WRAP_RE.sub("", inner)
        inner = inner.rstrip(",，、")  # the ideographic commas a Chinese or Japanese quote ends in
    inner = re.sub(r"^that\s+", "", inner, flags=re.IGNORECASE)
    return inner.strip() or s


def _claim_date(
    text: str,
    a: Attribution,
    phrases: list[TimePhrase],
    published: dt.date | None,
    statements: list[tuple[int, int]] = (),
) -> tuple[str | None, str | None, str | None, bool]:
    """The date of the statement: a phrase tied to the cue, else the nearest one in the
    sentence outside every statement in it ("said ridership fell last year and warned that
    …": "last year" belongs to the first), else the publication date as the reporting date."""
    s0, s1 = a.sentence
    cs, ce = a.content_start, a.content_end
    frame_lo = min(x for x in (a.cue_start, a.source_start) if x is not None)
    frame_hi = a.cue_end
    if not a.content_before and cs > frame_hi:
        frame_hi = cs
    best = None
    for p in phrases:
        if p.end <= s0 or p.start >= s1 or (p.start < ce and p.end > cs):
            continue
        if p.date is None and published is not None:
            continue
        tied = frame_lo - 2 <= p.start and p.end <= frame_hi + 2
        if not tied and any(s <= p.start and p.end <= e for s, e in statements):
            continue
        distance = 0 if tied else min(abs(p.start - a.cue_end), abs(p.end - a.cue_start))
        if best is None or distance < best[0]:
            best = (distance, p)
    if best is not None:
        p = best[1]
        return p.date, p.text, p.precision, False
    if published is not None:
        return published.isoformat(), None, "day", True
    return None, None, None, False
