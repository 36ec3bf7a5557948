"""Links: the one check of a URL the desk stores, and the one filter on what it writes out.

Only an http(s) URL with a host is a link here. `javascript:`, `data:`, `file:` and the like
are refused wherever a URL comes in (imports, the article header `URL:`, `--url`, web pages,
feeds, `set-url`, evidence, the settings) and never written out (exports, listings), even
where an older version stored one.
"""

from __future__ import annotations

import ipaddress
import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from claims.errors import ClaimsError
from db.ignorable import IGNORABLE

MAX_URL_CHARS = 2000  # the columns that hold URLs are this wide


def url_problem(value: object, *, strict_host: bool = True) -> str | None:
    """Why `value` is not an http(s) link, or None when it is one (surrounding spaces aside).
    ``strict_host=False`` (writing out what is stored) leaves out the host's syntax check,
    which only keeps new links from being typos: one stored before it is still shown."""
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not an http(s) URL"
    text = value.strip()
    if len(text) > MAX_URL_CHARS:
        return f"is not an http(s) URL of at most {MAX_URL_CHARS} characters"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c == "\\" for c in text):
        return "is not an http(s) URL (it holds spaces, control characters or backslashes)"
    hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
    if hidden:  # a bidi override or zero-width character: the link would read as another
        return f"is not an http(s) URL (it holds the invisible character U+{ord(hidden):04X})"
    try:
        parts = urlsplit(text)
        port = parts.port  # a port that is not a number raises here
    except ValueError:
        return "is not an http(s) URL"
    host, _, path = text.partition("/")
    if not parts.scheme and not parts.netloc and _looks_like_a_host(host, path=path.strip("/") != "") \
            and url_problem(f"https://{text}") is None:
        # 'gauges.example.gov/x', as a browser's address bar takes it: say what to write, not guess
        return f"is not an http(s) URL (it has no scheme: did you mean 'https://{text}'?)"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL"
    if not any(c.isalnum() for c in parts.hostname) or port == 0:
        return "is not an http(s) URL (no such host or port)"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password (user@host); it is not stored or written out"
    bad_host = _host_syntax_problem(parts.hostname, bracketed="[" in parts.netloc) if strict_host else None
    if bad_host:
        return f"is not an http(s) URL (its host {parts.hostname!r} {bad_host})"
    blank = next((c for c in parts.hostname if _draws_nothing(c)), None)
    if blank:  # 'paypal⠀.com' (U+2800) reads as paypal.com and goes to xn--paypal-u11d.com
        return (f"is not an http(s) URL (its host holds U+{ord(blank):04X} "
                f"{unicodedata.name(blank, '').lower()}, which shows as nothing or a blank, "
                "as in a look-alike of another host)")
    look_alike = _host_problem(parts.hostname)
    if look_alike:
        return f"is not an http(s) URL ({look_alike})"
    if not _encodable(text):
        return "is not an http(s) URL (it holds a lone surrogate, not Unicode text)"
    return None


# what ends a file's name rather than a host's: 'notes.txt' typed as a link is no site
_FILE_ENDINGS = {"txt", "md", "html", "htm", "xml", "json", "jsonl", "csv", "tsv", "db", "sqlite", "pdf",
                 "doc", "docx", "odt", "rtf", "png", "jpg", "jpeg", "gif", "svg", "zip", "gz", "py", "toml"}


def _looks_like_a_host(part: str, *, path: bool = False) -> bool:
    """'gauges.example.gov', 'www.bbc.co.uk': worth a 'did you mean https://' hint. A file's
    name ('notes.txt', 'claims.db') or an address ('10.0.0.1') is not; but a name ending as a
    file does that has a path after it ('example.zip/path', 'docs.md/setup': .zip and .md are
    top-level domains) is a host, as no file's name is followed by a path."""
    labels = part.lower().split(".")
    top = labels[-1]
    return len(labels) >= 2 and all(labels) and top.isalpha() and len(top) >= 2 \
        and (path or top not in _FILE_ENDINGS)


_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)


def _host_syntax_problem(host: str, *, bracketed: bool = False) -> str | None:
    """Why `host` (lower-cased by urlsplit) is no name a link can go to, or None: an empty
    name between dots ('example..com'), an ASCII character no host name holds ('%', '$'), a
    name past 63 characters or a host past 253 (DNS's limits, counted as punycode), a number
    that is no IPv4 address ('999.1.1.1', '1.2.3', which a browser reads as 1.2.0.3). An IPv6
    address in brackets is checked by urlsplit; '_' and hyphens at a name's ends are taken
    ('-kyouko-.tumblr.com'), as browsers take them, and so is any character beyond ASCII
    (IDNA's middle dots, '・', an emoji: the browser's mapping decides). In brackets, only an
    IPv6 address of no zone: urlsplit also takes '[v1.x]' (RFC 3986's IPvFuture), which no
    client fetches and `watch add` stored as the host 'v1.x', and '[fe80::1%eth0]' (a zone
    of this machine's network)."""
    if bracketed:
        try:
            address = ipaddress.IPv6Address(host)
        except ValueError:
            return "is no IPv6 address (brackets hold only one)"
        return "names a network zone of one machine (%...)" if address.scope_id else None
    if ":" in host:
        return None
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if any(not label for label in labels):
        return "has an empty name between dots"
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        try:
            ipaddress.IPv4Address(".".join(labels))
        except ValueError:
            return "is a number that is no IPv4 address"
        return None
    for label in labels:
        odd = next((c for c in label if c.isascii() and not (c.isalnum() or c in "-_")), None)
        if odd is not None:
            return f"holds {odd!r}, which no host name holds"
        if len(_as_ascii(label)) > 63:
            return "has a name longer than 63 characters"
    if len(".".join(map(_as_ascii, labels))) > 253:
        return "is longer than 253 characters"
    return None


def _as_ascii(label: str) -> str:
    """A name of a host as DNS carries it (punycode beyond ASCII)."""
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


# Scripts a browser lets share one name of a host (Unicode's "highly restrictive" profile);
# any other mix ('аpple' with a Cyrillic а among Latin letters) reads as another host.
_SCRIPTS_TOGETHER = ({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}, {"LATIN", "HAN", "BOPOMOFO"},
                     {"LATIN", "HAN", "HANGUL"})
_SCRIPT_OF_NAME = {"CJK": "HAN", "IDEOGRAPHIC": "HAN", "KATAKANA-HIRAGANA": None, "MODIFIER": None}


def _script(c: str) -> str | None:
    """The script of a letter, from its Unicode name ('CYRILLIC SMALL LETTER A'); None for
    what is not a letter or belongs to several."""
    if not c.isalpha():
        return None
    first = unicodedata.name(c, "?").split(" ", 1)[0]
    return _SCRIPT_OF_NAME.get(first, first)


# Letters of other scripts that read as Latin ones: a name made only of them under a Latin
# top-level domain ('аррӏе.com', all Cyrillic; 'ցօօց.com', all Armenian, reads as 'goog')
# reads as a Latin name (browsers show such a name as punycode for the same reason: Armenian
# with Cyrillic and Greek among Chromium's whole-script look-alikes; Cherokee, Lisu and Coptic
# letters, drawn after Latin and Greek capitals, in no name a browser shows as written).
# Cherokee is listed in capitals, which its small letters fold to.
_READ_AS_LATIN = {
    "CYRILLIC": set("асԁеһіјӏорԛѕԝхуъьҽпгѵѡ"),
    "GREEK": set("αικνορτυχ"),
    "ARMENIAN": set("ագզէլհյոսւօտց"),
    "CHEROKEE": set("\u13a0\u13a1\u13a2\u13a5\u13a9\u13aa\u13ab\u13ac\u13b3\u13b7\u13bb\u13bd\u13c0"
                    "\u13c2\u13c3\u13cf\u13d2\u13d4\u13d9\u13da\u13de\u13df\u13e2\u13e6\u13e7\u13f4"),
    "LISU": set("\ua4d0\ua4d1\ua4d2\ua4d3\ua4d4\ua4d6\ua4d7\ua4d9\ua4da\ua4dc\ua4dd\ua4df\ua4e0"
                "\ua4e1\ua4e2\ua4e3\ua4e6\ua4e7\ua4ea\ua4eb\ua4ec\ua4ee\ua4f0\ua4f2\ua4f3\ua4f4"),
    "COPTIC": set("ⲁⲉⲓⲕⲟⲣⲥⲭ"),
}


# Characters that read as the marks ending a host ('/', ':', '?', '#', '@'), which browsers
# show as punycode inside a host name for that reason: 'https://google.com∕login.evil.example/'
# (U+2215) reads as a page of google.com. Only symbols and punctuation: the letters that look
# alike (glottal stop ʔ, length mark ː) are letters of real names ('ʔaq̓am.ca'). And dashes
# that read as a host's own hyphen: 'accounts‐google.com' (U+2010) reads as accounts-google.com,
# another host; Chromium shows each as punycode (U+2010, U+058A and U+30A0 it takes out of the
# characters a name may show, the others were never among them). (U+FF0D and U+FE63 are '-'
# once read as NFKC, as a browser reads them: the same host.)
_READ_AS_DELIMITER = {
    "/": "\u2044\u2215\u29f8\u1735\u2571\u27cb\u3033\u0337\u0338\u29f6",
    ":": "\u0589\u05c3\u2236\ua789\ufe13\ufe55\uff1a\u02f8\u16ec",
    "?": "\ufe56\uff1f\u2047",
    "#": "\ufe5f\uff03",
    "@": "\ufe6b\uff20",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u02d7\u058a\u30a0\u2e3a\u2e3b\ufe58",
}


# Japanese letters drawn as a slash ('ノ', 'ソ', 'ゾ', 'ン', '丶', '乀', '乁', '丿'): letters of real
# names among kana and kanji ('ソニー'), but between letters of other scripts they read as '/'
# ('google.comノlogin.evil.example' reads as a page of google.com), and browsers show such a
# host as punycode (Chromium's rule: one with no kana or kanji on either side).
_SLASH_IN_JAPANESE = "\u30ce\u30bd\u30be\u30f3\u4e36\u4e40\u4e41\u4e3f"


# Signs of Japanese and ideographs of Chinese drawn as a dash: 'ー' (the long-vowel mark, a
# kana's) and '一' (one) among Latin letters read as '-' ('accountsー google.com', 'accounts一google.com').
# Chromium shows a host as punycode where 'ー' follows no kana (or opens a name) and where '一' has a
# letter of no CJK script beside it; 'スーパー.jp' and '一番.jp' are names as written.
_LONG_VOWEL_MARK = "\u30fc"
_DASH_IN_CJK = "\u4e00"


def _japanese(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("KATAKANA", "HIRAGANA", "CJK", "HALFWIDTH KATAKANA"))


def _kana(c: str) -> bool:
    return unicodedata.name(c, "").startswith(("KATAKANA", "HIRAGANA", "HALFWIDTH KATAKANA"))


def _cjk(c: str) -> bool:
    return _japanese(c) or unicodedata.name(c, "").startswith("BOPOMOFO")


def _reads_as_delimiter(host: str) -> tuple[str, str] | None:
    for mark, likes in _READ_AS_DELIMITER.items():
        if like := next((c for c in host if c in likes), None):
            return like, mark
    for at, c in enumerate(host):
        if c in _SLASH_IN_JAPANESE and 0 < at < len(host) - 1 \
                and not (_japanese(host[at - 1]) or _japanese(host[at + 1])):
            return c, "/"
        if c == _LONG_VOWEL_MARK and (at == 0 or not _kana(host[at - 1])):
            return c, "-"
        if c in _DASH_IN_CJK and any(not _cjk(n) for n in host[max(at - 1, 0):at] + host[at + 1:at + 2]):
            return c, "-"
    return None


def _host_problem(host: str) -> str | None:
    """Why a host would read as another one, or None: a name (between dots) mixing letters
    of scripts that do not go together, or made only of letters of another script that read
    as Latin (`_READ_AS_LATIN`) under a Latin top-level domain, also when written as punycode (xn--pple-43d);
    a character that reads as '/', ':', '?', '#' or '@'; or an xn-- name that is no punycode."""
    if host.isascii() and "xn--" not in host:
        return None
    top = host.rstrip(".").rsplit(".", 1)[-1]
    latin_top = top.isascii() and not top.startswith("xn--")
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                decoded = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                decoded = ""
            if decoded.isascii():  # punycode is only ever written for a name beyond ASCII
                return f"its host name {label!r} is not valid punycode"
            label = decoded
        if marks := _marks_problem(label):
            return marks
        # (as written first: U+2011 is said as itself, not as the U+2010 NFKC makes it)
        if found := _reads_as_delimiter(label) or _reads_as_delimiter(unicodedata.normalize("NFKC", label)):
            return (f"its host holds {found[0]!r} (U+{ord(found[0]):04X}), which reads as {found[1]!r}, "
                    "as a look-alike of another address does")
        scripts = {s for s in map(_script, unicodedata.normalize("NFKC", label)) if s}
        if len(scripts) > 1 and not any(scripts <= ok for ok in _SCRIPTS_TOGETHER):
            mixed = " and ".join(sorted(name.title() for name in scripts))
            return f"its host mixes {mixed} letters in one name, as a look-alike of another host does"
        letters = {c for c in unicodedata.normalize("NFKC", label).casefold() if c.isalpha()}
        if latin_top and len(scripts) == 1 and letters <= _READ_AS_LATIN.get(next(iter(scripts)), set()):
            return (f"its host name {label!r} is written in {next(iter(scripts)).title()} letters "
                    "that read as Latin ones, as a look-alike of another host is")
    return None


# Characters that draw nothing, or a blank, and are no format character (those, Cf, are refused
# in the whole URL above): the default-ignorable letters and marks search ignores (db.ignorable:
# the Hangul fillers, the combining grapheme joiner, Khmer's inherent vowels) and the blank
# symbols (Braille's blank pattern, Khitan's filler, the null notehead). In a host, 'paypal⠀.com'
# (U+2800) reads as paypal.com and goes to another host (xn--paypal-u11d.com); 'gov\u3164.uk'
# was stored and exported with its filler, which Chromium shows as punycode. Variation selectors
# are taken: they follow the emoji of names ('❤️.ws') and the letters of Mongolian ones, and
# change no host.
_BLANK_SYMBOLS = frozenset("\u2800\U00016fe4\U0001d159")
_SELECTORS = ((0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def _draws_nothing(c: str) -> bool:
    if c in _BLANK_SYMBOLS:
        return True
    return c in IGNORABLE and not any(low <= ord(c) <= high for low, high in _SELECTORS)


MAX_MARKS_ON_A_LETTER = 4  # Vietnamese, Devanagari and Tibetan stacks stay within it


def _marks_problem(label: str) -> str | None:
    """Why a name of a host (between dots) would not be read or shown as written, or None: a
    name beginning with a combining mark (UTS 46 refuses it: no browser goes there), an
    invisible character, or combining marks piled on one letter: the same mark twice in a row
    (a browser's spoof check shows such a host as punycode) or more than `MAX_MARKS_ON_A_LETTER`
    (100 accents on one 'e' were stored as an evidence link)."""
    if found := next((c for c in label if _draws_nothing(c)), None):  # a punycode name's too
        return f"its host holds the invisible character U+{ord(found):04X}"
    label = unicodedata.normalize("NFC", label)
    if label and unicodedata.category(label[0]).startswith("M"):
        return f"its host name begins with the combining mark U+{ord(label[0]):04X}, which no host name does"
    run, before = 0, ""
    for c in label:
        if not unicodedata.category(c).startswith("M"):
            run, before = 0, c
            continue
        run += 1
        if c == before:
            return f"its host repeats the combining mark U+{ord(c):04X} on one letter, as a look-alike of another host does"
        if run > MAX_MARKS_ON_A_LETTER:
            return f"its host has more than {MAX_MARKS_ON_A_LETTER} combining marks on one letter"
        before = c
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_url(value: str, field: str) -> str:
    """The URL, stripped, or a ClaimsError naming `field` ("url: 'javascript:…' is not an
    http(s) URL")."""
    problem = url_problem(value)
    if problem:
        raise ClaimsError(f"{field}: {refused_url(value)}")
    return value.strip()


# ',' is legal in a URL, but one followed by a scheme joins two links: 'https://a.example/1,
# https://b.example/2' was stored as one link to nowhere
_JOINED_LINKS = re.compile(r",(?=https?://)", re.IGNORECASE)


def check_evidence_url(value: str, field: str = "evidence", *, one_each: str = "give each link on its own") -> str:
    """`check_url` of one evidence link, refusing links joined by ',' (each part a link of its
    own). A comma that belongs to a link stays accepted; before a scheme it is written %2C.
    `one_each` says how the door takes several links ('one link per --evidence')."""
    url = check_url(value, field)
    parts = _JOINED_LINKS.split(url)
    if len(parts) > 1 and all(url_problem(p) is None for p in parts):
        shown = url if len(url) <= 100 else url[:97] + "..."
        raise ClaimsError(f"{field}: {shown!r} is {len(parts)} links joined by ',': {one_each} "
                          "(a ',' that belongs to the link is written %2C)")
    return url


def refused_url(value: object) -> str:
    """Why `value` is no link, as an error says it: the value quoted with escapes (a bidi
    override or a newline in it cannot reorder or break the line) and cut at 100 characters,
    then the reason ("'https://exa mple.com' is not an http(s) URL (it holds spaces, ...)")."""
    shown = value if not isinstance(value, str) or len(value) <= 100 else value[:97] + "..."
    return f"{shown!r} {url_problem(value) or 'is not an http(s) URL'}"


_DEFAULT_PORT = {"http": 80, "https": 443}


def normal_url(url: str) -> str:
    """One form of an http(s) URL (checked by `url_problem` first), so that two ways of
    writing one address read the same: scheme and host in lower case, the host in ASCII
    (IDNA/UTS 46: 'Bücher.example' is 'xn--bcher-kva.example', full-width 'ＥＸＡＭＰＬＥ.com'
    is 'example.com'), the scheme's default port and the fragment (never sent to the server)
    dropped, an empty path '/'; in path and query, percent-escapes in upper case, those of
    unreserved characters ('%7e') decoded, characters beyond ASCII and those no URI holds
    ('|', '{', '^') encoded (RFC 3986 6.2.2: '/a|b' is '/a%7Cb'). Otherwise path and query stay as written: '/feed/' is another path than '/feed'
    (a server may answer it with another page), and a path's case counts."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""  # lower case; an IPv6 address without its brackets
    if len(host) > 1 and host.endswith("."):  # 'e.example.' is the same name written fully qualified
        host = host[:-1]
    host = f"[{host}]" if ":" in host else _ascii_host(host)
    netloc = host if parts.port in (None, _DEFAULT_PORT.get(scheme)) else f"{host}:{parts.port}"
    return urlunsplit((scheme, netloc, _normal_escapes(parts.path) or "/", _normal_escapes(parts.query), ""))


def _ascii_host(host: str) -> str:
    """A host name as DNS carries it. One IDNA refuses (an emoji, '_' beside a letter beyond
    ASCII) is mapped by NFKC and each name beyond ASCII written as punycode."""
    if host.isascii():
        return host
    import idna  # installed with httpx

    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        mapped = unicodedata.normalize("NFKC", host).casefold().replace("\u3002", ".")
        return ".".join(_as_ascii(label) for label in mapped.split("."))


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _normal_escapes(text: str) -> str:
    def one(match: re.Match) -> str:
        c = chr(int(match.group(1), 16))
        return c if c in _UNRESERVED else "%" + match.group(1).upper()

    text = _ESCAPE.sub(one, text)
    return "".join(c if c.isascii() and c not in _NOT_IN_URIS else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
                   for c in text)


# ASCII no URI holds as itself (RFC 3986 2.2, 2.3): sent escaped, so '/a|b' is '/a%7Cb'
_NOT_IN_URIS = frozenset('"<>^`{|}')


def _same_link(url: str) -> str:
    """An evidence link's one form: `normal_url` with the fragment kept (escapes in their one
    form; an empty one dropped). The watch list fetches an address, for which a fragment is
    nothing; evidence sends a reader to it, for whom '#page=40' of a PDF, '#!/report/2' of a
    hash-routed page, '#:~:text=...' are not '#page=12', '#!/report/1' (hostile31a: the
    second was dropped without a word). A '#' inside the fragment is its escape (RFC 3986 holds
    none there; a browser reads '#a#b' and '#a%23b' as one: hostile32)."""
    try:
        fragment = urlsplit(url.strip()).fragment
        return normal_url(url) + (f"#{_normal_escapes(fragment).replace('#', '%23')}" if fragment else "")
    except ValueError:  # (an older version's entry that is no URL: itself)
        return url


def new_links(current: list[str], links: Iterable[str]) -> list[str]:
    """The `links` not among `current` (nor earlier in `links`), as written. Two ways of writing
    one address ('HTTPS://E.EXAMPLE/1', 'https://e.example:443/1') are one link: a claim's
    evidence held both, from `set-status --evidence` and from an import (hostile29)."""
    seen = {_same_link(u) for u in current}
    added = []
    for url in links:
        if (key := _same_link(url)) not in seen:
            seen.add(key)
            added.append(url)
    return added


def held_already(stored: list[str], given: Iterable[str]) -> list[tuple[str, str, bool]]:
    """(given, stored, twice) for each `given` link not stored as written because `stored` (the
    claim's links after the change) holds its address written another way ('HTTPS://E.EXAMPLE/1'
    given, 'https://e.example/1' stored): what `set-status --evidence` says it did not add,
    instead of saying nothing. ``twice``: what is stored is that link as given earlier in
    `given`, not one the claim had (`--replace-evidence --evidence URL --evidence url` said
    the claim already had the link it was given: hostile32)."""
    spelt: dict[str, str] = {}
    for url in stored:
        spelt.setdefault(_same_link(url), url)
    earlier: dict[str, str] = {}
    held = []
    for url in dict.fromkeys(u.strip() for u in given):  # (the same text twice: said once)
        key = _same_link(url)
        first = earlier.setdefault(key, url)
        if url not in stored and key in spelt:
            held.append((url, spelt[key], first != url and first == spelt[key]))
    return held


def is_http_url(value: object) -> bool:
    return url_problem(value) is None


def safe_url(value: str | None) -> str | None:
    """For writing out: the URL when it is an http(s) link, else None (a row stored by an
    older version may hold anything)."""
    return value.strip() if value is not None and url_problem(value, strict_host=False) is None else None


def safe_urls(values: Iterable[str]) -> list[str]:
    return [u for u in (safe_url(v) for v in values) if u]


def stored_links(evidence: str | None, claim_id: int | None = None) -> list[str]:
    """A claim's evidence column as the links shown and written out: http(s) only (an older
    version may have stored other schemes). A column that is no JSON list of text (edited by
    hand or another program) is said in one line: `claims list` ended in a JSONDecodeError
    traceback, and a JSON text or object was read as its letters or names (hostile27)."""
    return safe_urls(stored_list(evidence, claim_id))


def stored_list(evidence: str | None, claim_id: int | None = None) -> list[str]:
    """The evidence column's list as stored (any scheme), or DamagedEvidence in one line: adding
    a link to a damaged one ended in JSONDecodeError (`set-status --evidence`, the desk's `l`)."""
    try:
        links = json.loads(evidence or "[]")
    except ValueError:
        links = None
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        whose = "a claim's" if claim_id is None else f"claim {claim_id}'s"
        raise DamagedEvidence(f"{whose} evidence is stored damaged ({str(evidence)[:60]!r} is no JSON list of "
                              "links): `claims db check` names every such claim; restore it from a backup, or "
                              "store its links again (`claims set-status ID --replace-evidence --evidence URL`)")
    return links


def withheld_links(evidence: str | None) -> list[str]:
    """What a claim's detail says of each stored evidence link `stored_links` leaves out (an
    older version stored it): the link with its user name and password hidden, or why it is
    withheld. The desk's detail pane and `claims show` dropped such a link without a word
    (hostile33). A column stored damaged is said elsewhere (`evidence_or_damage`): nothing here."""
    try:
        stored = stored_list(evidence)
    except DamagedEvidence:
        return []
    return [_withheld(link) for link in stored if safe_url(link) is None]


_USER_INFO = re.compile(r"(?i)\b(https?://)[^/?#@\s\"]*@")


def hidden_credentials(text: str) -> str:
    """`text` (a list of links as stored, any text) with each http(s) link's user name and
    password written ***."""
    return _USER_INFO.sub(r"\1***@", text)


def _withheld(link: str) -> str:
    try:
        parts = urlsplit(link.strip())
        host = parts.netloc.rpartition("@")[2]
        bare = urlunsplit(parts._replace(netloc=host))
    except ValueError:
        bare = None
    if bare is not None and "@" in parts.netloc and safe_url(bare) is not None:
        return (f"{parts.scheme}://***@{bare.split('://', 1)[1]} (stored with a user name or password, "
                "which is not shown)")
    return f"a stored link withheld: it {url_problem(link, strict_host=False)}"


def evidence_or_damage(evidence: str | None, claim_id: int) -> tuple[list[str], str | None]:
    """(links, None), or ([], what is damaged) for a column `stored_links` refuses: the desk
    lists such a claim marked damaged, the others beside it."""
    try:
        return stored_links(evidence, claim_id), None
    except DamagedEvidence as exc:
        return [], str(exc)


class DamagedEvidence(ClaimsError):
    """A claim's stored evidence column is not what claims writes there."""
