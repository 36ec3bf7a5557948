"""How long a stored field may be: one limit per field, checked at every door that writes it
(import, ingest, `set-status`, the desk, `--reviewer`), so whatever `claims export` writes
imports again."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata

from claims.errors import ClaimsError
from db.ignorable import DROP_FROM_NAMES

MAX_TEXT_CHARS = 20_000  # a claim's text
MAX_NOTE_CHARS = 20_000  # a verdict note
MAX_EXTRA_CHARS = 20_000  # an import's fields claims has no column for (`Claim.extra`), as JSON
# A claim's evidence links (each at most 2,000 characters, `claims.links`): 100 of them are a
# CSV cell of ~200,000 characters, which an import reads (a cell holds at most 1,048,576). With
# no cap, `set-status --evidence` took 1,000 links that the import of their export refused.
MAX_EVIDENCE_LINKS = 100
MAX_SOURCE_CHARS = 2000  # where an article came from (`article.source`), a feed's name (`feed_entry`)
MAX_LEN = {"external_id": 200, "speaker": 300, "speaker_role": 300, "outlet": 200,
           "title": 1000, "reviewer": 100, "claim_type": 20, "date_text": 200, "author": 500}


# Control characters a terminal acts on (ESC starts a sequence that recolours, moves the
# cursor or retitles the window; BS and SO/SI rewrite what is shown; C1's CSI and OSC are
# ESC's one-byte forms). Tabs, line ends and the other separators are whitespace, kept.
CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f]")


def _picture(ch: str) -> str:
    code = ord(ch)
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


# Direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069): they reorder
# what is shown after them, so a claim, a speaker or an outlet can show as another text
# ("Trojan Source"). Right-to-left text needs none of them to show right (the Unicode
# bidirectional algorithm orders Arabic and Hebrew by itself; the marks U+200E, U+200F and
# U+061C, which reorder nothing after them, are kept): every door that stores text removes them.
BIDI_CONTROL_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SHOWN_RE = re.compile(CONTROL_RE.pattern[:-1] + "\u202a-\u202e\u2066-\u2069]")
# What `printable` shows as a symbol: those and NUL (␀), which every door refuses ("holds a NUL
# character") but an older version or a hand edit may have stored: the CSV export wrote it raw
# ("holds NUL bytes; a binary file" on import) and the JSON ones as \u0000, refused back.
_PRINTED_RE = re.compile("[\x00" + _SHOWN_RE.pattern[1:])


def without_direction_controls(text: str) -> str:
    """`text` without the direction overrides, embeddings and isolates of `BIDI_CONTROL_RE`."""
    return text if not text or text.isascii() else BIDI_CONTROL_RE.sub("", text)


# A terminal's escape sequence, removed whole where text is stored: a text copied from a
# coloured terminal ('\x1b[31mSMITH\x1b[0m: ...') kept '[31mSMITH[0m:' once its ESC went, so
# a transcript's label was no label. CSI (ESC [, parameters, intermediates, a final byte), OSC
# (ESC ], to BEL or ST, on one line; unended, only its ESC goes: never the text after it), ESC
# and one character. Their one-byte C1 forms go alone, as before: U+009B is also what a
# Windows-1252 '›' becomes read as Latin-1, before a word that is no sequence's.
ESCAPE_SEQUENCE_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
                                r"|\x1b[ -Z^-~]")
_STORED_RE = re.compile(f"{ESCAPE_SEQUENCE_RE.pattern}|{_SHOWN_RE.pattern}")


def without_controls(text: str) -> str:
    """`text` without the controls a terminal acts on (an escape sequence whole) nor the
    direction controls: what a transcript or an article keeps of them (stored text shows as
    what it is)."""
    return _STORED_RE.sub("", text)


def without_controls_mapped(text: str) -> tuple[str, list[int]]:
    """`without_controls(text)`, and where each of its characters stands in `text` (one more
    entry: the end of `text`), to give offsets into the text as it was written."""
    kept: list[str] = []
    origin: list[int] = []
    at = 0
    for m in _STORED_RE.finditer(text):
        kept.append(text[at:m.start()])
        origin.extend(range(at, m.start()))
        at = m.end()
    kept.append(text[at:])
    origin.extend(range(at, len(text)))
    origin.append(len(text))
    return "".join(kept), origin


def printable(text: str) -> str:
    """`text` with each control character a terminal acts on shown as its symbol (ESC as ␛,
    BEL as ␇; C1's and a direction control an older version stored as �), for printing what
    an older version may have stored with them. One character for one, so offsets into the
    text (a quote's place) still hold."""
    return _PRINTED_RE.sub(lambda m: _picture(m[0]), text) if text else text


def printable_data(value):
    """`value` (JSON's shapes: dicts, lists, text, numbers) with every text in it, names of
    fields too, through `printable`: what the JSON and JSON-lines outputs and the ClaimReview
    export write. JSON escapes ESC (\\u001b), but the import refuses it back as it refuses a
    control at every door, so a desk an older version filled with one exported what did not
    import (pass 26); the CSV already wrote the same symbols. C1's controls and the direction
    controls, which JSON writes raw, no longer reach the terminal either."""
    if isinstance(value, str):
        return value if value.isascii() and value.isprintable() else printable(value)
    if isinstance(value, dict):
        return {printable_data(k) if isinstance(k, str) else k: printable_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable_data(v) for v in value]
    return value


# A byte of a file name that is not UTF-8, as Python holds it (a lone surrogate): printed by
# the error stream as '\udce9' where `path_text` (stored sources, `articles`) writes '\xe9'.
_BYTE_RE = re.compile("[\udc80-\udcff]")
# Where a line ends: what `str.splitlines` breaks at (a form feed, as pdftotext ends a page
# with, U+2028 as a word processor ends a line, NEL), each one character.
LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


# A run of more than this many characters without a space in a message (a path, a link, a
# word of an import) is shown cut in the middle: `claims ingest` of a 100,000-character path
# wrote a 100 KB error line (hostile24).
LONGEST_RUN = 200
_LONG_RUN_RE = re.compile(rf"\S{{{LONGEST_RUN + 1},}}")
LONGEST_LINE = 2000  # a line longer still (a long quote made of words) is cut in the middle too


def message_line(text: str) -> str:
    """`printable(text)` kept on one line: a line break in what a message quotes (a file name
    holding a newline, a field of an import) is shown as its symbol (a line feed as \u240a,
    others as \u2424). `claims ingest $'a\\nb.txt'` said its error on two lines, the second
    of them reading like a line of its own. A run of over `LONGEST_RUN` characters without a
    space is cut to its first 120 and last 60, with how many were left out; a line of over
    `LONGEST_LINE` to its first 1,200 and last 600."""
    if len(text) > LONGEST_RUN:
        text = _LONG_RUN_RE.sub(_cut_run, text)
        if len(text) > LONGEST_LINE:
            text = _cut(text, 1200, 600)
    shown = printable(text)
    if _BYTE_RE.search(shown):  # a file name's byte that is not UTF-8, as `path_text` writes it
        shown = _BYTE_RE.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}", shown)
    if not LINE_BREAK_RE.search(shown):
        return shown
    return LINE_BREAK_RE.sub(lambda m: chr(0x2400 + ord(m[0])) if m[0] < " " else "\u2424", shown)


def _cut_run(match: re.Match[str]) -> str:
    return _cut(match[0], 120, 60)


def _cut(text: str, head: int, tail: int) -> str:
    return f"{text[:head]}\u2026[{len(text) - head - tail:,} characters]\u2026{text[-tail:]}"


def control_problem(value: str) -> str | None:
    """Why `value` may not be stored as text a person reads, or None."""
    found = CONTROL_RE.search(value)
    if found is None:
        return None
    return f"holds the control character U+{ord(found[0]):04X}, which a terminal would act on"


# Letters that draw nothing: Hangul fillers and the blank Braille pattern (a "blank" name's
# usual trick), beside the format characters and separators unicodedata names.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def shows_nothing(value: str) -> bool:
    """True when `value` has no character a reader sees: only spaces, separators, format
    characters (zero-width space, soft hyphen, joiners, marks) or blank letters."""
    if value.isascii():  # the ASCII characters drawing nothing: the controls (Cc) and space (Zs)
        return all(ch <= " " or ch == "\x7f" for ch in value)
    import unicodedata

    return all(ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp",
                                                                                  "Mn", "Me", "Cn")
               for ch in value)


def name_problem(value: str) -> str | None:
    """Why `value` may not be a reviewer's (or the organisation's) name, beyond
    `control_problem`, or None."""
    if value and shows_nothing(value):  # the audit log would show a blank for who did it
        return "shows nothing: it is made only of invisible characters or spaces"
    found = BIDI_CONTROL_RE.search(value)
    if found is None:
        return None
    return f"holds the direction control U+{ord(found[0]):04X}, which reorders what is shown after it"


# tab, line ends and the Unicode line separators: kept in text, but a reviewer's name holding
# one was folded into a space, though README says a control character in it is refused
_LINE_CONTROL_RE = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")


def line_control_problem(value: str) -> str | None:
    """Why a reviewer's name holding a tab or a line break is refused, or None."""
    found = _LINE_CONTROL_RE.search(value)
    if found is None:
        return None
    return f"holds the control character U+{ord(found[0]):04X} (a tab or line break): a name is one line"


_SPACE_LIKE = re.compile(r"\r\n|\s")


def clean_id(given: str) -> str:
    """An import's id as stored: without the invisible characters search ignores
    (`drop_from_name`: zero-width, soft hyphen, direction controls), accents composed (NFC),
    on one line (a line break or tab a space; a run of spaces kept, 'AB  12' is no 'AB 12'),
    ends stripped. 'q\u200b1' and 'q1' look the same, and were two claims' ids. Migration
    0015 cleans the ids stored before by the same rule (copied there)."""
    if given.isascii() and given.isprintable():  # nothing to drop, compose or fold (an import's usual id)
        return given.strip()
    import unicodedata

    from db.ignorable import drop_from_name

    return _SPACE_LIKE.sub(" ", unicodedata.normalize("NFC", drop_from_name(given))).strip()


def keeping_digit_groups(spaces: str) -> re.Pattern[str]:
    """A pattern for runs of `spaces` (a regular expression) to fold into one space, whose
    group 1 is a no-break, narrow no-break or thin space between digit groups ("1\u00a0000", as
    French, Swiss and SI style write figures): part of the number, kept, so the matcher reads
    the stored text as it reads the typed one (claims.matching.numbers). Substitute with
    `folded_space`. The one rule for the import, an article's cleaning and the HTML reader."""
    return re.compile(rf"(?<=\d)([\u00a0\u202f\u2009])(?=\d{{3}}(?!\d))|{spaces}")


def folded_space(match: re.Match[str]) -> str:
    """What a match of a `keeping_digit_groups` pattern becomes."""
    return match[1] or " "


_SPACE_RUN_RE = keeping_digit_groups(r"\s+")


def fold_spaces(text: str) -> str:
    """`text` with each run of whitespace one space and none at either end, except the space
    that groups a number's digits."""
    if text.isascii():
        return " ".join(text.split())
    return _SPACE_RUN_RE.sub(folded_space, text).strip()


def one_line(text: str) -> str:
    """`text` with each run of whitespace (line breaks, tabs, no-break spaces) one space, and
    none at either end: a name or a title is one line wherever it is shown."""
    return " ".join(text.split())


def visible_name(name: str | None) -> str | None:
    """A name that says who or which (an outlet, a reviewer) as stored: one line, without the
    invisible characters web text and spreadsheets carry (a zero-width space, a direction mark,
    a BOM, a soft hyphen). One outlet came in under four names ('Northline\u200b News',
    '\u200eNorthline News', ...), each an outlet of its own, which `--outlet` found as one and
    triage counted as four; 'ana\u200b' took a claim that 'ana' could then neither release nor
    undo ('being reviewed by ana, not by ana'). The joiners (U+200C, U+200D) stay: Persian and
    Indic names, and emoji, are written with them. Accents are composed (NFC): 'e\u0301va' (as
    macOS file names and some keyboards give it) took a claim and set verdicts that 'éva' could
    neither release nor undo ('being reviewed by éva, not by éva'). None when nothing is left,
    or nothing a reader sees: a name of Hangul fillers or tags alone ('ㅤ', U+E0043), which the
    fold drops since migration 0026, was an outlet of the empty identity, the one outlet of every
    such name, that `--outlet` could not name (hostile32)."""
    if name is None:
        return None
    if name.isascii():
        return one_line(name) or None
    cleaned = one_line(unicodedata.normalize("NFC", name.translate(_INVISIBLE)))
    return None if not cleaned or shows_nothing(cleaned) else cleaned


# (a name keeps what search alone ignores, such as an ideographic variation selector: the
# glyph of a Japanese name; `db.ignorable.NAME_RANGES`)
_INVISIBLE = {c: None for c in DROP_FROM_NAMES if c not in (0x200C, 0x200D)}


def check_length(value: str | None, field: str, limit: int, *, name: bool = False) -> str | None:
    """`value` as given less its direction controls (`without_direction_controls`), or
    ClaimsError naming `field` when no import would take it back. A `name` (a speaker, an
    outlet, a title, a reviewer) is made `one_line`: 'Ana\nLind' showed on two lines of a
    table and `--speaker 'ana lind'` did not find it."""
    if value is None:
        return None
    if name:
        value = one_line(value)
    if len(value) > limit:
        raise ClaimsError(f"{field}: {len(value):,} characters; at most {limit:,}")
    problem = text_problem(value)
    if problem:
        raise ClaimsError(f"{field}: {problem}")
    return without_direction_controls(value)


def text_problem(value: str) -> str | None:
    """Why no database would store `value` as it is, or show it as one text (a NUL, a lone
    surrogate, a control character: `control_problem`), as "holds ..."; None if nothing.
    The one test of a stored text at every door (options, import records)."""
    if "\x00" in value:
        return "holds a NUL character"
    if not is_unicode(value):
        return "holds a lone surrogate (\\ud800-\\udfff), not Unicode text"
    return control_problem(value)


def checked_name(value: str, source: str) -> str:
    """`value` as a name of who did something (a reviewer, the organisation an export names as
    author, which an import reads back as the reviewer) is stored: one line, without invisible
    characters; or ClaimsError naming `source` when it is empty, shows nothing, holds a
    direction or control character, or is too long."""
    # an empty name is refused as a blank one is: it recorded the login name without a word
    problem = "is empty" if value == "" else name_problem(value) or line_control_problem(value)
    if problem:
        raise ClaimsError(f"{source}: {problem}")
    # 'ana\u200b' is 'ana': else a claim she took could not be released or undone as 'ana'
    cleaned = visible_name(check_length(value, source, MAX_LEN["reviewer"], name=True))
    if not cleaned:
        raise ClaimsError(f"{source}: shows nothing: it is made only of invisible characters or spaces")
    return cleaned


def is_unicode(value: str) -> bool:
    """False for a string holding a lone surrogate (JSON's "\\ud800"), which no database stores."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def typed_text(value: str) -> str:
    """Text from the command line or the environment as typed. Python decodes it by the locale,
    and under a C locale (`PYTHONUTF8=0 LC_ALL=C`) holds each byte beyond ASCII as a lone
    surrogate ('é' as '\\udcc3\\udca9', which was refused as "not UTF-8 text"): those bytes are
    read as UTF-8 where they are UTF-8. Bytes that are not stay as they were, to be refused."""
    if is_unicode(value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:  # no UTF-8, or a surrogate no byte was decoded to
        return value


def check_note(note: str | None, field: str = "note") -> str | None:
    # A note of a zero-width space alone was stored, a note nobody sees ('note: ' in `show`)
    # while the history says it changed (hostile29): '' is how a note is cleared.
    note = typed_text(note) if note else note  # (`--note` under a C locale)
    if note and shows_nothing(note):
        raise ClaimsError(f"{field}: shows nothing: it is made only of invisible characters or spaces "
                          "('' clears the note)")
    # without the spaces and blank lines around it, as an import reads every field: a note kept
    # with them came back from its export without them (pass 34a)
    return check_length(note.strip() if note else note, field, MAX_NOTE_CHARS)


def evidence_problem(links: list[str]) -> str | None:
    """Why a claim may not carry `links` as its evidence, or None."""
    if len(links) <= MAX_EVIDENCE_LINKS:
        return None
    return f"{len(links):,} evidence links; a claim carries at most {MAX_EVIDENCE_LINKS}"


def fitted(value: str, limit: int = MAX_SOURCE_CHARS) -> str:
    """`value` as a column of `limit` characters keeps a name it is found by (a file's path, a
    feed entry's key): whole when it fits, else cut and ended by a digest of the whole, so it
    is still found next time and two long names that begin alike stay two. PostgreSQL refused
    a longer one ('value too long'), failing the whole ingest; SQLite stored it."""
    if len(value) <= limit:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return value[:limit - 73] + " #sha256:" + digest
