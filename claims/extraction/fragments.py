"""Is an extracted statement a statement at all?

A cue such as "defended" or "repeating" takes a noun phrase ("defended her plan to raise
Halden's bus fares", "repeating his criticism of the levee programme"), and a relative
clause can hide its subject ("a figure he said made the increase reckless"): what comes out
is a fragment a fact-checker cannot check. These functions tell them from clauses with a
small lexicon of verb forms, with no tagger: fast, and the same at run time and in the bench.
"""

from __future__ import annotations

import re

from claims.extraction.cues import ALL_FORMS, verb_forms, words
from claims.letters import LETTERS_RE, MARKS

# Forms that make a clause finite on their own: copulas, auxiliaries, modals, contractions.
_FINITE = set(
    words(
        """
is are was were am be been being has have had do does did will would shall should can could
may might must isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't
wouldn't can't couldn't shouldn't mustn't ain't
"""
    )
)
_CONTRACTED = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_PRONOUN_SUBJECTS = {"i", "you", "he", "she", "it", "we", "they", "there", "that", "this", "who",
                     "what", "here", "where", "let"}  # fmt: skip
_COMMON_VERBS = """
accept achieve act add admit compare respect look affect agree allow appear apply approve argue arrive ask attack
avoid back ban beat become begin believe belong benefit block blame boost break bring build
buy call campaign care carry cause change charge choose claim close collapse come commit
compete concede consider continue contribute control cost count cover create cross cut deal
decide decline defeat defend deliver deny depend deserve destroy die disagree doubt drive
drop earn embrace emerge end endorse enjoy enter escape exist expand expect explain face fail
fall fear feel fight file fill finish fire fit fix focus follow force forget gain get give go
grow guarantee handle hang happen hate head hear help hide hire hit hold hope hurt identify
ignore improve include increase intend invest involve join keep kill know lack lead leave
lend let lie like limit lose love make manage matter mean meet miss move need offer open
oppose order owe own pass pay plan play prefer prepare present prevent produce promise
protect prove provide pull push put raise reach read receive recognize reduce refuse reject
release remain remember remove replace represent require resign rise risk rule run save
see seek seem sell send serve set share shift shoot show sign sink sit slip speak spend stand
start stay stop struggle succeed suffer support surge take talk target tend threaten trail
treat trust try turn understand undermine urge use vote wait walk want warn waste watch win
wish work worry write
"""
_IRREGULAR_PAST = set(
    words(
        """
ate became began bit blew bought brought built came caught chose cost cut did drew drank drove
fell felt fought found flew forgot froze gave got went grew hung heard hid hit held hurt kept
knew laid led left lent let lay lost made meant met paid put quit ran rang rose said sold sent
set shook shot shut sang sank sat slept slid spoke spent spun stood stole stuck struck swore
swept swam took taught tore told thought threw understood woke wore won wrote
"""
    )
)
_VERB_FORMS: set[str] | None = None
# a Latin word with its combining marks ('cafe\u0301s' is one word, not 'cafe' and 's')
_WORD_RE = re.compile(rf"[A-Za-z][\w’'{MARKS}-]*")
# -ed words that are not verbs (or are, but as adjectives before a noun they change nothing)
_NOT_ED_VERBS = {"need", "needs", "red", "bed", "hundred", "seed", "speed", "shed", "feed",
                 "breed", "creed", "greed", "weed", "deed", "bled", "fled", "sled", "wed"}  # fmt: skip


def _verb_forms() -> set[str]:
    global _VERB_FORMS
    if _VERB_FORMS is None:
        forms = set(_FINITE) | _IRREGULAR_PAST | set(ALL_FORMS)
        for lemma in _COMMON_VERBS.split():
            forms.update(verb_forms(lemma))
        _VERB_FORMS = forms
    return _VERB_FORMS


def _is_verb(word: str) -> bool:
    low = word.lower().replace("’", "'")
    if low in _verb_forms():
        return True
    if low.endswith(_CONTRACTED) and low.rsplit("'", 1)[0] in _PRONOUN_SUBJECTS:
        return True  # he's, they're, we'll
    return low.endswith("ed") and len(low) > 4 and low not in _NOT_ED_VERBS


def has_verb(statement: str) -> bool:
    """Whether any word of the statement is a verb form (finite or not)."""
    return any(_is_verb(w) for w in _WORD_RE.findall(statement))


def word_count(statement: str) -> int:
    return len(_WORD_RE.findall(statement))


def short_or_verbless(statement: str) -> bool:
    """The bench's count of doubtful items: under five words, or no verb at all."""
    return word_count(statement) < 5 or not has_verb(statement)


# "her plan to raise …", "his criticism of …": a determiner and a noun head the phrase
NOUN_PHRASE_START_RE = re.compile(
    r"[“\"]?(?:the|a|an|his|her|their|its|our|my|your|these|those)\s", re.IGNORECASE
)


def is_fragment(statement: str, *, quoted: bool) -> bool:
    """A noun phrase or a clause without its subject, not a statement: "her plan to raise
    Halden's bus fares", "his criticism of the levee programme", "made the increase
    reckless". A quotation is the speaker's own words and is judged only for a verb; an
    infinitive ("to end the programme") is a promise or a plan, which stays a claim."""
    words = _WORD_RE.findall(statement)
    if _mostly_other_script(statement, words) or _other_language(words):
        return not any(ch.isalnum() for ch in statement)  # the lexicon is English: no judge of it
    if not words:  # figures and signs alone ('12 000 000 €'): no statement
        return True
    if quoted:  # the lexicon is not every verb: a long quotation is taken to have one
        return len(words) < 8 and not any(_is_verb(w) or w.lower().endswith("ing") for w in words)
    if _is_finite_start(words):
        return True  # the subject is missing: "made the increase reckless"
    if NOUN_PHRASE_START_RE.match(statement.lstrip()):
        return not _finite_after_head(words)
    return False




def _mostly_other_script(statement: str, words: list[str]) -> bool:
    """Whether most letters of the statement are outside the Latin words the lexicon reads: an
    Arabic or Russian quotation ("ارتفعت الميزانية ...") has no English verb and was judged a
    fragment, stored as no claim."""
    latin = sum(len(w) for w in words)
    return latin * 2 < sum(len(w) for w in LETTERS_RE.findall(statement))


# Function words of the languages written in Latin letters that a desk quotes most, with and
# without their accents ('hôpitaux' typed 'hopitaux', 'się' typed 'sie'). None is an English
# word as well ('die', 'do', 'to', 'pour', 'ten', 'son', 'van', 'met', 'hay', 'um', 'er' are
# left out), so an English statement holds them only in names and borrowings.
_FOREIGN_WORDS = set(
    words(
        """
le la les des du une est sont nous vous avons ont sommes etes ete etait sera pas que qui dans
avec sur mais aussi très tres cette ces leur leurs notre nos votre il elle ils elles je c'est
n'est qu'il d'un d'une au aux ne
w z jest są sa nie się sie że ze mamy mam jak tak przez dla juz już tylko bardzo może moze
będzie bedzie był byl była byla oraz który ktory która ktora które ktore nasz nasze naszym
tego jego jej ich mają maja roku
ist sind und nicht wir haben ein eine einen mit für fur auf dem ich sie es auch zu werden
wird noch nur bei wurde wurden hatte
el los las es una y del en por con para tenemos hemos muy pero sus esta está este fue ser
más mas lo se como
gli di che sono abbiamo non della delle nel questo anche molto hanno
os uma não nao são sao temos mais dos das
het een ik wij zijn niet en voor ook heeft hebben dat wat
"""
    )
)
# English function words: a statement with as many of them is English that names a place or
# borrows a phrase ('Los Angeles', 'de facto')
_ENGLISH_WORDS = set(
    words(
        """
the a an of to in on at for from by with and or but not no is are was were be been has have
had do does did will would can could we you he she they it i this that there these those our
their his her its my your who which what than as so if
"""
    )
)


def _other_language(words: list[str]) -> bool:
    """Whether a statement in Latin letters is French, Polish, German, Spanish, Italian,
    Portuguese or Dutch rather than English: at least two of its words, and more than its
    English ones, are function words of those languages ('Nous avons 12 hopitaux.', 'Mamy 40
    szpitali w regionie.'). Such a quotation has no verb of the English lexicon and was judged
    a fragment, stored as no claim, where an Arabic one was not. A capitalised word counts only
    first, where a sentence starts: elsewhere it is a name ('Las Vegas', 'Le Pen')."""
    foreign: set[str] = set()  # distinct: 'la la land' is an English phrase
    english = 0
    for i, w in enumerate(words):
        low = w.lower().replace("’", "'")
        if low in _ENGLISH_WORDS:
            english += 1
        elif low in _FOREIGN_WORDS and (i == 0 or w == low):
            foreign.add(low)
    return len(foreign) >= 2 and len(foreign) > english


def _is_finite_start(words: list[str]) -> bool:
    first = words[0]
    if first[0].isupper() or len(words) < 2:
        return False  # a name or a sentence's start: "Democrats lost", "Cut taxes" both kept
    low = first.lower()
    if low in _IRREGULAR_PAST:
        return True
    return low.endswith("ed") and len(low) > 4 and low not in _NOT_ED_VERBS


def _finite_after_head(words: list[str]) -> bool:
    """A noun phrase followed by a finite verb is a clause: "the plan is dead", "his
    criticism was unfair"; "her plan to raise fares" has only an infinitive."""
    for i, w in enumerate(words[1:], 1):
        if words[i - 1].lower() == "to":
            continue  # an infinitive
        if _is_verb(w) and (i > 1 or _is_finite_word(w)) and not w.lower().endswith("ing"):
            return True
    return False


def _is_finite_word(word: str) -> bool:
    low = word.lower().replace("’", "'")
    return low in _FINITE or low in _IRREGULAR_PAST
