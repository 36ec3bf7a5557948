"""A word written with a figure is one key ('COVID-19' and 'covid19' are `covid19`, as are 'G-20'
and 'G20'); written apart ('covid 19') it is two keys, `covid` and `19`. The index keeps each
spelling as written (the duplicate decision reads 'covid 19' as holding the figure 19, and
'covid19' as holding none); search reads each spelling of a query word as standing for the
others, so `claims search "covid vaccine"` finds 'the COVID-19 vaccine' and
`"covid-19"` finds 'covid 19'.

A query key's *spellings* are the keys standing for it: its compound where the query writes a
word and a figure apart (`covid 19` -> `covid19` for `covid`), its word where the query writes
a compound (`covid19` -> `covid`), and the compounds the store holds that begin with a word
of the query (`covid` -> `covid19`, read by a range of `key_stat`: :func:`compound_ranges`). A
claim holding several spellings of one query key is counted once, at the best of them
(:func:`spelling_weights`), and a spelling never weighs more than the key it stands for: the
claim written as the query is never ranked below one written otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from claims.matching.normalize import Analysis, analysis_of_words, term_of, tokenize

# A word and a figure run together: the letters of `_WORD_DIGITS_RE` ('covid-19' -> 'covid19').
_COMPOUND_RE = re.compile(r"([a-z]+)(\d+)")
_LETTERS_RE = re.compile(r"[a-z]+")
# Compounds read a query word (a figure of four digits at most after it), at most: a word many compounds begin with ('trump2016',
# 'trump2020', ...) has its likeliest few (the range read is in key order, then the rarest kept).
COMPOUNDS_A_WORD = 8
MAX_PREFIXES = 64  # query words looked up for compounds (a search of a long text reads its first)


def written_spellings(text: str) -> tuple[dict[str, str], list[str]]:
    """What the query's own words give: (spelling -> the query key it stands for), and the
    words (`[a-z]` letters, informative) whose stored compounds to look for."""
    words = tokenize(text)
    spellings: dict[str, str] = {}
    prefixes: dict[str, None] = {}
    for word, after in zip(words, [*words[1:], ""], strict=True):
        if _LETTERS_RE.fullmatch(word):
            key = term_of(word)
            # 'covid 19': the compound stands for the word ('g 20': for the figure)
            if after.isdigit() and (compound := term_of(word + after)) and (key or term_of(after)):
                spellings.setdefault(compound, key or after)
            if key and len(word) > 1 and len(prefixes) < MAX_PREFIXES:
                prefixes[word] = None
        elif (m := _COMPOUND_RE.fullmatch(word)) and (key := term_of(word)) and (part := term_of(m.group(1))):
            spellings.setdefault(part, key)  # 'covid19': the word stands for the compound
    return spellings, list(prefixes)


def _is_digits(text: str) -> bool:
    return text.isdecimal()  # what a pattern's `\d` matches (Unicode's decimal digits)


def compound_ranges(prefixes: Iterable[str]) -> list[tuple[str, str]]:
    """For each word, the range of keys its compounds sort in: a word then digits sort after
    the word and a '0', before the word and an 'a', bytewise and in the collations of the
    languages a server is set to alike (digits before letters)."""
    return [(word + "0", word + "a") for word in prefixes]


def stored_compounds(prefixes: Sequence[str], found: Mapping[str, int], field: str = "") -> dict[str, str]:
    """Of the keys read by `compound_ranges` (`found`: key -> count), each word's compounds,
    the rarest `COMPOUNDS_A_WORD`: (compound -> the query key of the word). `field`: the
    prefix of the keys of another field (a title's: 't:')."""
    spellings: dict[str, str] = {}
    for word in prefixes:
        key = term_of(word)
        if not key:
            continue
        start = field + word  # then one to four digits: not a handle's 'michelle2619731'
        compounds = sorted((n, k) for k, n in found.items()
                           if k.startswith(start) and 0 < len(k) - len(start) <= 4 and _is_digits(k[len(start):]))
        for _, compound in compounds[:COMPOUNDS_A_WORD]:
            if compound != field + key:
                spellings.setdefault(compound, field + key)
    return spellings


def spelling_weights(keys: Sequence[str], spellings: Mapping[str, str], weight) -> tuple[dict[str, float], dict[str, str]]:
    """Each key's weight (`weight(key)`, None where the store has no such key) and the query
    key it counts for: a query key for itself, a spelling for its key, at no more than that
    key's weight (where the store holds it). Keys of neither are left out."""
    weights: dict[str, float] = {}
    counts_for: dict[str, str] = {}
    for key in keys:
        if (w := weight(key)) is not None:
            weights[key], counts_for[key] = w, key
    for spelling, key in spellings.items():
        if spelling in counts_for or (w := weight(spelling)) is None:
            continue
        weights[spelling] = w if key not in weights else min(w, weights[key])
        counts_for[spelling] = key
    return weights, counts_for


def best_reachable(weights: Mapping[str, float], counts_for: Mapping[str, str]) -> float:
    """The score of a claim holding the best spelling of every query key: the sum, over the
    query keys, of the best weight among their spellings."""
    best: dict[str, float] = {}
    for key, w in weights.items():
        target = counts_for[key]
        best[target] = max(best.get(target, 0.0), w)
    return sum(best.values())


def respelled(text: Analysis, query_words: Sequence[str], spellings: Mapping[str, str]) -> Analysis:
    """``text`` (a candidate found by a spelling) with each spelling of a query key it holds,
    and not the key, written as the query writes it ('The COVID-19 death toll' for the query
    'covid deaths': 'the covid death toll'). The reranker, fitted on words, then reads the
    spelling as the query's word: it scored the claim found by 'covid' at 0.03 beside 99.99
    for 'Covid 19 ...'. What the candidate holds of the query's keys as written is unchanged;
    its numbers are as read from its text."""
    forms: dict[str, list[str]] = {}  # a query key (or the compound of a word and a figure) -> its words
    for word, after in zip(query_words, [*query_words[1:], ""], strict=True):
        if after.isdigit() and _LETTERS_RE.fullmatch(word) and (compound := term_of(word + after)):
            forms.setdefault(compound, [word, after])
        if key := term_of(word):
            forms.setdefault(key, [word])
    words, out, changed, i = text.words, [], False, 0
    while i < len(words):
        word = words[i]
        spelling = term_of(word)
        key = spellings.get(spelling) if spelling else None
        form = (forms.get(spelling) or forms.get(key)) if key is not None and key not in text.terms else None
        if form:
            out.extend(form)
            changed = True
            after = words[i + 1] if i + 1 < len(words) else ""
            i += 2 if after.isdigit() and term_of(word + after) == key else 1  # 'covid 19' read as 'covid19'
            continue
        out.append(word)
        i += 1
    return analysis_of_words(text.text, out, list(text.numbers)) if changed else text
