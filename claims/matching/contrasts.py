"""Words that make two near-identical claims say different things.

A lexical score barely moves when one word changes, so "crime rose by 5 percent" and "crime
fell by 5 percent" scored 99.5 and were merged on arrival, as were "in January" / "in
February", "on Monday" / "on Friday", "legal" / "illegal" and "more than" / "fewer than".
:func:`contrast` finds such a pair of words (each on its own side only); the decision then at
most suggests the pair, as it does when only one side negates. The score is unchanged.

Negations of other languages ("nicht", "pas", "nunca", "не", Italian "non") are read as the
English ones are (:data:`NEGATIONS`).
"""

from __future__ import annotations

import re

from claims.matching.normalize import STOP_WORDS, Analysis, tokenize
from claims.matching.scoring import NEGATIONS as ENGLISH_NEGATIONS

# Negations of other languages, as the analysis writes words (lower case, apostrophes dropped:
# French "n'a pas" is "na pas"): German, French, Spanish, Portuguese, Dutch, Polish,
# Russian and Ukrainian, Arabic, Hebrew, Chinese, Romanian, Swedish, Norwegian and Danish
# (Italian's "non" is `_negates_by_non`'s: English writes "non-binding"; Czech "ne-" is a prefix,
# `_polarities`'). The English ones are the score's own (its feature).
_OTHER_NEGATIONS = (
    "nicht kein keine keinen keinem keiner keines nie niemals nichts niemand "
    "nu niciodată "
    "inte ej aldrig ikke aldri "
    "není nejsou nebyl nebyla nebylo nebyli nebyly nemá nemají "  # Czech "is not", "was not", "has not"
    "pas jamais aucun aucune "
    "nunca jamás ningún ninguna ninguno nadie tampoco "
    "não nenhum nenhuma "
    "niet geen nooit "
    "nigdy "
    "не нет никогда ні ніколи "
    "لا لم لن ليس ليست "
    "לא אין "
    # Chinese 没 (没有) and 未 ("失业率没有上升" was a duplicate of "失业率上升了", hostile37b)
    "没 未"
)
OTHER_NEGATIONS = frozenset(_OTHER_NEGATIONS.split())
NEGATIONS = ENGLISH_NEGATIONS | OTHER_NEGATIONS


def negation_differs(a: Analysis, b: Analysis) -> bool:
    """One side negates ("not", "nicht", "n'a pas", "не", "non è" ...) and the other does not.
    English negations and the others are told apart: Portuguese "não aumentou no Brasil" /
    "aumentou no Brasil" both have "no" (there "in the"), and were merged."""
    if bool(ENGLISH_NEGATIONS.intersection(a.words)) != bool(ENGLISH_NEGATIONS.intersection(b.words)):
        return True
    other_a, other_b = bool(OTHER_NEGATIONS.intersection(a.words)), bool(OTHER_NEGATIONS.intersection(b.words))
    if "non" in a.words or "non" in b.words:
        other_a = other_a or _negates_by_non(a, b)
        other_b = other_b or _negates_by_non(b, a)
    return other_a != other_b


# "non" and the word after it in the text as written, and what joins them (a hyphen or a space).
_NON_RE = re.compile(r"(?<![^\W_])non(\s*[-\u00ad\u2010-\u2015\u2212]\s*|\s+)([^\W_]+)", re.IGNORECASE)


def _negates_by_non(a: Analysis, b: Analysis) -> bool:
    """``a`` writes "non" as a word of its own ("non è aumentata", "non ha") before a word ``b``
    does not join to "non" ("non-binding", "nonbinding"): English "non-binding" is "non binding"
    once normalised, and is no negation; nor is "non binding" against "non-binding"."""
    alone = [word.casefold() for join, word in _NON_RE.findall(a.text) if join.isspace()]
    if not alone:
        return False
    joined_b = {word.casefold() for join, word in _NON_RE.findall(b.text) if not join.isspace()}
    return any(word not in joined_b and f"non{word}" not in b.words for word in alone)


# Each group lists the forms of one side of an opposition; a pair of groups is opposed.
_OPPOSED = (
    ("rise rises rising rose risen", "fall falls falling fell fallen"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("grow grows growing grew grown", "shrink shrinks shrinking shrank shrunk"),
    ("gain gains gained gaining", "lose loses losing lost loss losses"),
    ("win wins winning won", "lose loses losing lost"),
    ("more", "less fewer"),
    ("most", "least fewest"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("larger bigger", "smaller"),
    ("largest biggest", "smallest"),
    ("above", "below"),
    ("before", "after"),
    ("faster", "slower"),
    ("fastest", "slowest"),
    ("better", "worse"),
    ("best", "worst"),
    ("majority", "minority"),
    ("democrat democrats", "republican republicans"),
    ("maximum", "minimum"),
    ("surplus", "deficit"),
    ("profit profits", "loss losses"),
    ("safe", "unsafe"),
    ("legal", "illegal"),
    ("true", "false"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("doubled", "halved"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("for", "against"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("allow allows allowed allowing", "ban bans banned banning"),
    ("lift lifts lifted lifting", "impose imposes imposed imposing"),
    ("raise raises raised raising", "cut cuts cutting lower lowers lowered lowering"),
    ("hire hires hired hiring", "fire fires fired firing"),
    ("buy buys bought buying", "sell sells sold selling"),
    ("import imports imported", "export exports exported"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
    # A quantity went up or down, however said: "rise" / "drop", "growth" / "decline", "soared" /
    # "plunged", "went up" / "went down", "up 5 percent" / "down 5 percent" merged at 99.2-99.6.
    ("rise rises rising rose risen increase increases increased increasing grow grows growing grew grown "
     "growth climb climbs climbed climbing jump jumps jumped jumping soar soars soared soaring surge surges "
     "surged surging rocketed rocketing spike spikes spiked spiking up upward upwards",
     "fall falls falling fell fallen decrease decreases decreased decreasing shrink shrinks shrinking shrank "
     "shrunk drop drops dropped dropping decline declines declined declining plunge plunges plunged plunging "
     "plummet plummets plummeted plummeting slump slumps slumped slumping tumble tumbles tumbled tumbling "
     "sink sinks sank sinking slide slides slid sliding dip dips dipped dipping down downward downwards"),
    # The same in the languages whose negations are read (German, French, Spanish, Portuguese, Dutch,
    # Polish, Russian, Ukrainian, Arabic, Hebrew) and Hindi, Chinese and Japanese (their ideographs
    # are words one at a time: 上升 / 下降 differ in 升 / 降): "die Arbeitslosigkeit ist gestiegen" /
    # "gesunken", "ارتفعت" / "انخفضت", "上升" / "下降" scored 99 and were merged on arrival (hostile36b).
    # Forms a news report writes (past tense, the noun); read as the analysis writes words.
    ("steigen steigt stieg stiegen gestiegen anstieg wachsen wächst wuchs gewachsen wachstum zugenommen zunahme "
     "erhöht erhöhte erhöhung "
     "augmente augmenté augmentée augmentés augmentées augmentation hausse progressé progression grimpé "
     "subir sube subió subido subieron aumenta aumentó aumentado aumentaron aumento crece creció crecido "
     "crecimiento alza "
     "subiu aumentou cresceu crescimento "
     "gestegen stijgt steeg stijging toegenomen gegroeid groei "
     "wzrósł wzrosła wzrosło wzrosły wzrost "
     "вырос выросла выросло выросли рост увеличился увеличилась увеличилось увеличились увеличение "
     "повысился повысилась повысилось повысились "
     "зріс зросла зросло зросли зростання збільшився збільшилася збільшилось "
     "ارتفع ارتفعت يرتفع ترتفع ارتفاع ارتفاعا زاد زادت يزيد تزيد زيادة ازداد ازدادت "
     "עלה עלתה עלו עולה עלייה גדל גדלה גדלו "
     "बढ़ बढ़ा बढ़ी बढ़े बढ़कर बढ़ोतरी वृद्धि "
     "升 增 涨 昇 増 "
     # Italian, Turkish, Indonesian, Vietnamese, Greek, Persian, Swedish / Norwegian / Danish, Bengali
     # (hostile37b: each pair scored 99 and was merged on arrival)
     "aumentato aumentata aumentati aumentate aumentano cresciuto cresciuta cresciuti crescita salito salita "
     "saliti rialzo "
     "arttı arttığını artış artmış yükseldi yükseldiğini yükseliş "
     "naik meningkat kenaikan peningkatan "
     "tăng "
     "αυξήθηκε αυξήθηκαν αυξάνεται αύξηση "
     "افزایش "
     "ökade ökat ökning økte økt økning øgede steg "
     "বেড়েছে বেড়েছিল বৃদ্ধি",
     "sinken sinkt sank sanken gesunken fiel fielen gefallen zurückgegangen rückgang abgenommen abnahme gesenkt "
     "geschrumpft "
     "baisse baissé baissée baissés baissées diminue diminué diminuée diminution recul reculé chuté chute "
     "bajó bajado bajaron disminuye disminuyó disminuido disminución cayó caído cayeron caída descenso "
     "descendió "
     "caiu diminuiu queda desceu baixou "
     "gedaald daalt daalde daling afgenomen gekrompen "
     "spadł spadła spadło spadły spadek "
     "снизился снизилась снизилось снизились снижение упал упала упало упали падение сократился сократилась "
     "сократилось сократились сокращение уменьшился уменьшилась уменьшилось уменьшение "
     "знизився знизилася знизилась впав впала впало впали падіння зменшився зменшилася зменшилось "
     "انخفض انخفضت ينخفض تنخفض انخفاض انخفاضا تراجع تراجعت يتراجع تتراجع هبط هبطت هبوط "
     "ירד ירדה ירדו יורד יורדת ירידה צנח צנחה "
     "घट घटा घटी घटे घटकर गिर गिरा गिरी गिरे गिरावट "
     "降 减 跌 減 低 "
     "diminuito diminuita diminuiti diminuite diminuzione calato calata calati calo sceso scesa scesi ribasso "
     "azaldı azaldığını azalış azalma azalmış düştü düştüğünü düşüş "
     "turun menurun penurunan "
     "giảm "
     "μειώθηκε μειώθηκαν μειώνεται μείωση "
     "کاهش "
     "minskade minskat minskning sjönk sjunkit falt redusert reduksjon faldt "
     "কমেছে কমেছিল হ্রাস"),
)
# "up" and "down" are mostly particles of phrasal verbs ("stepped down" / "gave up" is one claim):
# read only before a figure ("up 5 percent", "went down by 12 percent").
_BEFORE_A_FIGURE = frozenset(("up", "down", "upward", "upwards", "downward", "downwards"))
# Not "rocket" / "rockets" (the weapon far more often than a rise: "intercepted 12 rockets" /
# "shot down 12 missiles" was suggested, review25); "gave up 11.91 points" is a fall ("gave up" /
# "dropped 11.91 points" was suggested); "declined to comment" is a refusal, but "declined to 5
# percent" a fall.
_GIVING = frozenset(("give", "gives", "gave", "given", "giving"))
_DECLINING = frozenset(("decline", "declines", "declined", "declining"))
_REFUSED = frozenset((  # noqa: SIM905 - a word list reads best as prose
    "comment say discuss elaborate give provide name answer release disclose confirm specify identify be "
    "reveal respond speak testify sign accept take offer make detail explain reply attend meet join rule hear "
    "intervene endorse pursue prosecute press return stand participate reconsider review block overturn extend "
    "talk divulge estimate characterize put share"
).split())

_MONTHS = (
    "january jan", "february feb", "march", "april apr", "may", "june jun", "july jul",
    "august aug", "september sept", "october oct", "november nov", "december dec",
)
_WEEKDAYS = (
    "monday", "tuesday tues", "wednesday weds", "thursday thurs", "friday", "saturday", "sunday",
)
_QUARTERS = ("q1", "q2", "q3", "q4")


def _tags() -> dict[str, tuple[tuple[int, int], ...]]:
    """word -> the (opposition, side) it stands on."""
    pairs = [(p.split(), q.split()) for p, q in _OPPOSED]
    # Months, weekdays and quarters: each is opposed to every other of its kind (a claim's date).
    for names in (_MONTHS, _WEEKDAYS, _QUARTERS):
        pairs += [(g.split(), h.split()) for i, g in enumerate(names) for h in names[i + 1:]]
    tags: dict[str, list[tuple[int, int]]] = {}
    for number, sides in enumerate(pairs):
        for side, words in enumerate(sides):
            for word in words:
                # as the analysis writes it (a word of another script: its marks and letters as read)
                word = word if word.isascii() else " ".join(tokenize(word))
                tags.setdefault(word, []).append((number, side))
    return {word: tuple(t) for word, t in tags.items()}


_TAGS = _tags()
_DATES = frozenset(w for names in (_MONTHS, _WEEKDAYS, _QUARTERS) for g in names for w in g.split())
# A day or month a few words after a verb of saying is when the claim was said, not what it
# says: "…, the minister said on Monday" / "said on Friday" is one claim said twice (MRPC's
# "the statement said Tuesday" / "said Sunday, a day after the attack" are paraphrases).
_SAYING_WORDS = (
    "said says say told tells announced announces stated states claimed claims added adds "
    "reported reports wrote writes tweeted posted insisted argued warned testified"
)
_SAYING = frozenset(_SAYING_WORDS.split())
_SAID_WITHIN = 4  # "said in an interview Tuesday"


def _sides(words: tuple[str, ...]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for i, word in enumerate(words):
        tags = _TAGS.get(word)
        if not tags:
            continue
        if word in _DATES and _SAYING.intersection(words[max(0, i - _SAID_WITHIN):i]):
            continue
        if word in _BEFORE_A_FIGURE and not _figure_next(words, i + 1):
            continue
        if word == "up" and i and words[i - 1] in _GIVING:
            tags = _TAGS["down"]
        elif word in _DECLINING and words[i + 1:i + 2] == ("to",) and words[i + 2:i + 3] and words[i + 2] in _REFUSED:
            continue
        for tag in tags:
            found.setdefault(tag, word)
    return found


def _figure_next(words: tuple[str, ...], at: int) -> bool:
    """Is ``words[at]`` a figure, or "by" one?"""
    if at < len(words) and words[at] == "by":
        at += 1
    return at < len(words) and words[at][:1].isdigit()


def contrast(a: Analysis, b: Analysis) -> tuple[str, str] | None:
    """The first pair of opposed words (as a and b write them) each only one side says:
    "rose" / "fell", "January" / "February"; None when there is none. A side saying both
    ("rose, then fell") opposes nothing there. "may" the verb against a month one side alone
    names makes a pair only suggested (no automatic duplicate of MRPC's is such a pair)."""
    sides_a = _sides(a.words)
    if not sides_a:
        return _negated_word(a.words, b.words)
    sides_b = _sides(b.words)
    for number, side in sorted(sides_a):
        other = (number, 1 - side)
        if other in sides_b and other not in sides_a and (number, side) not in sides_b:
            return sides_a[(number, side)], sides_b[other]
    return _negated_word(a.words, b.words)


# A word and its negation by a prefix, each on its own side: "unemployment" / "employment",
# "effective" / "ineffective", "vaccinated" / "unvaccinated", "constitutional" /
# "unconstitutional" merged at 99.5-99.9 ("The unemployment rate was 5 percent" / "The
# employment rate was 5 percent"). The word itself of five letters or more: "income" / "come",
# "inside" / "side", "display" / "play" are no such pair (and at worst a pair only suggested).
_NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "non", "dis")
_NEGATED_SHORTEST = 5


def _negated_word(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> tuple[str, str] | None:
    """A word one side negates by a prefix and the other says plain ("ineffective" / "effective"),
    as written; None when there is none. "non-binding" (two words once normalised), "nonbinding"
    and "inoperative" / "non-operative" negate alike."""
    negated_a, plain_a = _polarities(words_a)
    if not negated_a and not plain_a:
        return None
    negated_b, plain_b = _polarities(words_b)
    for base, written in negated_a.items():
        if base in plain_b and base not in negated_b and base not in plain_a:
            return written, plain_b[base]
    for base, written in negated_b.items():
        if base in plain_a and base not in negated_a and base not in plain_b:
            return plain_a[base], written
    return None


def _polarities(words: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """(word negated by a prefix -> as written, word said plain -> itself), words of five letters or more."""
    negated: dict[str, str] = {}
    plain: dict[str, str] = {}
    for i, word in enumerate(words):
        if word == "non":
            continue
        if i and words[i - 1] == "non" and len(word) >= _NEGATED_SHORTEST:
            negated.setdefault(word, f"non-{word}")
            continue
        base = _without_prefix(word)
        if base:
            negated.setdefault(base, word)
            continue
        if word[:2] == _CZECH_NE and len(word) >= _PREFIXED_SHORTEST:
            negated.setdefault(word[2:], word)
        if len(word) >= _NEGATED_SHORTEST:
            plain.setdefault(word, word)
    return negated, plain


# Czech and Slovak negate a verb or a noun by "ne": "nevzrostla" / "vzrostla" (did not rise /
# rose), "nezaměstnanost" / "zaměstnanost" merged at 99.5. Such a word is said plain too:
# English "necessary" is no negation of "cessary", and "unnecessary" / "necessary" still differ.
_CZECH_NE = "ne"


# What a word needs for `_without_prefix` to try the prefixes: seven letters or more, and
# the first two of one (most words have neither: 660,000 words of a 100k import's comparisons).
_PREFIX_HEADS = frozenset(prefix[:2] for prefix in _NEGATING_PREFIXES)
_PREFIXED_SHORTEST = _NEGATED_SHORTEST + min(map(len, _NEGATING_PREFIXES))


def _without_prefix(word: str) -> str:
    if len(word) < _PREFIXED_SHORTEST or word[:2] not in _PREFIX_HEADS:
        return ""
    for prefix in _NEGATING_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _NEGATED_SHORTEST:
            return word[len(prefix):]
    return ""


# Words as written (letters, marks and digits of any script), for what case tells: a name.
_WRITTEN_WORD_RE = re.compile(r"[^\W_]+")
_CARRIED = frozenset(("reported", "reports", "reporting", "told", "tells"))
_JOINING = frozenset(("and", "or", "nor", "as", "well", "plus", "both", "either", "neither"))


def _names_only(words_a: list[str], words_b: list[str], lower_a: list[str], lower_b: list[str]
                ) -> tuple[str, str, str] | None:
    """The two texts are one text but for one run of words each, all capitalised and none
    shared: "Senator Smith voted …" / "Senator Jones voted …", "… born in Kenya" / "… born in
    Hawaii"; as ("names", run a, run b). Who or where is what the claim says; the lexical score
    hardly sees it (99). At the first word, where a capital tells nothing ("Officials" /
    "Authorities said" as much as "Biden" / "Trump won Georgia", "Iran" / "Iraq has enriched"),
    as ("subject", …): a person tells them apart. In a text all in capitals, where case tells
    nothing anywhere, any run of up to `_CAPITALS_RUN` words not all stop words, as ("words", …).
    Not read so: who told it ("…, Reuters reported" / "Bloomberg reported", "according to CNN" /
    "NBC": one claim two outlets carry), a short form ("UN" / "United Nations"), "The" / "A"
    (stop words), a month or weekday (`contrast`'s). `lower_*`: the words case-folded."""
    shorter = min(len(lower_a), len(lower_b))
    start = 0
    while start < shorter and lower_a[start] == lower_b[start]:
        start += 1
    end = 0
    while end < shorter - start and lower_a[-1 - end] == lower_b[-1 - end]:
        end += 1
    run_a, run_b = words_a[start:len(words_a) - end], words_b[start:len(words_b) - end]
    if not run_a or not run_b:
        return None
    if _teller(lower_a, start, len(lower_a) - end) or _teller(lower_b, start, len(lower_b) - end):
        return None
    if all(w.casefold() in STOP_WORDS or w.casefold() in _COUNTS for w in run_a + run_b):
        return None  # "The" / "A", "He" / "She"; "One fifth" / "A fifth" is the numbers' to tell
    if all(w.casefold() in _DATES or w.casefold() in _RELATIVE_DAYS for w in run_a + run_b):
        return None  # days are contrast's (which knows "said on Monday"); "Tomorrow's" / "Tuesday's"
    if {w.casefold() for w in run_a} & {w.casefold() for w in run_b}:
        return None
    if _one_name(run_a, run_b) or _one_name(run_b, run_a):
        return None
    if not any(w[0].islower() for w in words_a + words_b):  # case tells nothing
        if not any(w[0].isupper() for w in words_a + words_b):
            return None  # a script without case (Arabic, Chinese): read as before
        if max(len(run_a), len(run_b)) > _CAPITALS_RUN:
            return None
        return "words", " ".join(run_a), " ".join(run_b)  # all in capitals
    if not all(w[0].isupper() for w in run_a + run_b):
        return None
    # "Gaddafi" / "Qaddafi" (one name spelt two ways) is thus suggested too: spelling
    # cannot tell it from "Iran" / "Iraq" or "Austria" / "Australia".
    return "subject" if start == 0 else "names", " ".join(run_a), " ".join(run_b)


_COUNTS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))
_RELATIVE_DAYS = frozenset(("today", "tomorrow", "yesterday", "tonight"))
_CAPITALS_RUN = 3  # "RUSSIA" / "UKRAINE LAUNCHED …"; a longer run is another text, the score's


def _teller(words: list[str], start: int, end: int) -> bool:
    """words[start:end] name who carried the claim: after "according to", or beside "reported"
    or "told" ("told CNN", "Reuters reported"). Not "said": "the government of Niger said" /
    "of Nigeria said" are two claims."""
    return (words[max(0, start - 2):start] == ["according", "to"]
            or (start > 0 and words[start - 1] in _CARRIED) or (end < len(words) and words[end] in _CARRIED))


def _one_name(short: list[str], long: list[str]) -> bool:
    """`short`, in capitals, is `long` shortened: its start ("US" / "USD", "USA") or its
    initials ("UN" / "United Nations", "U S" / "United States"). "Niger" / "Nigeria" are two."""
    letters, whole = "".join(short), "".join(long)
    if not letters.isupper():
        return False
    return (len(letters) < len(whole) and whole.casefold().startswith(letters.casefold())) or (
        len(long) > 1 and letters == "".join(w[0] for w in long).upper())


def _swapped(words_a: list[str], words_b: list[str], lower_a: list[str], lower_b: list[str]
             ) -> tuple[str, str] | None:
    """The same words, but two of them changed places: "Russia attacked Ukraine" / "Ukraine
    attacked Russia", "more women than men" / "more men than women", "from Paris to London" /
    "from London to Paris". Across "and" or "or" alone it says the same: "Smith and Jones
    said" / "Jones and Smith said"."""
    if len(words_a) != len(words_b):
        return None
    differ = [i for i, (x, y) in enumerate(zip(lower_a, lower_b, strict=True)) if x != y]
    if len(differ) != 2:
        return None
    i, j = differ
    if lower_a[i] != lower_b[j] or lower_a[j] != lower_b[i]:
        return None
    if all(w in _JOINING for w in lower_a[i + 1:j]):
        return None
    return words_a[i], words_a[j]


def changed_roles(a: Analysis, b: Analysis) -> tuple[str, str, str] | None:
    """What makes two otherwise identical texts say different things about who or where:
    ("names", "Smith", "Jones") when one name stands for another, ("subject", "Biden",
    "Trump") when the first words differ, ("words", …) in a text all in capitals (see
    `_names_only`), ("swap", "Russia", "Ukraine") when two words change places; None otherwise.
    As with :func:`contrast`, the decision then at most suggests the pair."""
    words_a, words_b = _WRITTEN_WORD_RE.findall(a.text), _WRITTEN_WORD_RE.findall(b.text)
    lower_a, lower_b = [w.casefold() for w in words_a], [w.casefold() for w in words_b]
    names = _names_only(words_a, words_b, lower_a, lower_b)
    if names:
        return names
    swap = _swapped(words_a, words_b, lower_a, lower_b)
    return ("swap", *swap) if swap else None
