"""Reading an article out of a web page: main text and metadata, with trafilatura.

The text kept is trafilatura's main-content extraction (navigation, ads, scripts, related links
and reader comments left out), one paragraph per block separated by a blank line. That text is
what gets stored as the article, so claim offsets refer to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.errors import ClaimsError
from claims.limits import folded_space, keeping_digit_groups
from claims.links import safe_url
from claims.web.jsonld import without_large_blocks
from claims.web.tags import MAX_ATTRIBUTES, notable_tags

MAX_HTML_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    date: str | None  # ISO YYYY-MM-DD, from the page's metadata or markup; None when absent
    url: str | None
    date_ignored: str | None = None  # the page's stated date that was not read, and why
    # The day the page states when it is after tomorrow (`date_ignored` then says so): the
    # article's date under `claims ingest --allow-future`, as a header's `Published:` is.
    future_day: str | None = None

    def header(self) -> dict[str, str]:
        """The fields as an article-file header (the keys `claims.sources` knows)."""
        out = {"title": self.title, "author": self.author, "outlet": self.sitename,
               "published": self.date, "url": self.url}
        return {k: v for k, v in out.items() if v}


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and (b"<html" in head or b"<body" in head or b"<head" in head)
    )


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Bytes to text: a byte-order mark, else the declared charset, else the page's meta
    charset, else UTF-8 (then cp1252).

    A declared charset can lie. As browsers do, a BOM wins over any declaration, and a meta
    charset of UTF-16 or UTF-32 (which the ASCII bytes of the meta itself contradict) reads as
    UTF-8: the page was refused as 'no article text'. And a single-byte charset declared for
    bytes that are valid UTF-8 with non-ASCII in them (a server's default ISO-8859-1 for a
    UTF-8 page) reads as UTF-8: 'Zürich' was stored as 'ZÃ¼rich'; text in a real single-byte
    charset is almost never valid UTF-8.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    candidates = []
    if charset:
        candidates.append(_wide_as_utf8(charset, data))
    m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", data[:4096], re.IGNORECASE)
    if m:
        meta = m.group(1).decode("ascii", "ignore")
        folded = meta.lower().replace("-", "").replace("_", "")
        if folded.startswith(("utf16", "utf32")):
            meta = "utf-8"
        if folded not in ("utf7", "csunicode11utf7"):  # no browser reads UTF-7 (it hides markup): not here either
            candidates.append(meta)
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        name = enc.lower().replace("utf8", "utf-8")
        try:
            if not name.replace("-", "").startswith("utf") and not data.isascii():
                try:
                    return data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _wide_as_utf8(charset: str, data: bytes) -> str:
    """A server's charset of UTF-16 or UTF-32 over bytes holding no NUL is UTF-8: every ASCII
    character of those encodings has a zero byte, so the claim is false (an even-length UTF-8
    page decoded as UTF-16 gave 'no article text found', and could give stored gibberish)."""
    folded = charset.lower().replace("-", "").replace("_", "")
    return "utf-8" if folded.startswith(("utf16", "utf32", "ucs2", "ucs4")) and b"\x00" not in data else charset


def _class_token(token: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {token} ')"


# Blocks trafilatura keeps now and then although they are no part of the story: ad slots,
# sponsored boxes and paywall prompts inside the article element. Handed to trafilatura as
# XPath to prune before it extracts.
PRUNE_XPATH = [
    "//*[" + " or ".join([
        _class_token("ad"), _class_token("ads"), "contains(@class, 'advert')",
        "contains(@class, 'sponsor')", "contains(@class, 'paywall')", "contains(@class, 'promo')",
        "contains(@class, 'newsletter')", "contains(@id, 'advert')", "contains(@id, 'paywall')",
    ]) + "]",
    "//template",  # markup a script may use later, never shown as it stands
]

_SPACES = keeping_digit_groups(r"[ \t\u00a0]+")  # "1&nbsp;000" keeps its space

# trafilatura writes every whitespace character as a plain space: "12&nbsp;000" came out "12 000",
# two numbers to the matcher ("2 500" / "2,500" a conflict). A digit group's no-break, narrow
# no-break or thin space (as a character or an entity) is handed over as a stand-in no whitespace
# rule touches (U+2E00-U+2E02, substitution markers of text criticism: trafilatura drops
# private-use characters), and put back in what comes out (`_held_groups`, `_groups_back`).
_GROUP_SPACE = re.compile(
    r"(?<=\d)(\u00a0|\u202f|\u2009|&nbsp;|&#0*160;|&#x0*a0;|&#0*8239;|&#x0*202f;|&thinsp;|&#0*8201;|&#x0*2009;)"
    r"(?=\d{3}(?!\d))", re.IGNORECASE)
_STAND_IN = {"\u00a0": "\u2e00", "\u202f": "\u2e01", "\u2009": "\u2e02"}
_BACK = str.maketrans({v: k for k, v in _STAND_IN.items()})


def _group_space(entity: str) -> str:
    low = entity.lower().lstrip("&#").rstrip(";").lstrip("x").lstrip("0")
    if entity in _STAND_IN:
        return entity
    if low in ("nbsp", "160", "a0"):
        return "\u00a0"
    return "\u202f" if low in ("8239", "202f") else "\u2009"


def _held_groups(html: str) -> tuple[str, bool]:
    """`html` with each digit group's space as its stand-in, and whether any was; unchanged
    where the page holds a stand-in character of its own (its groups then read as spaces)."""
    if any(c in html for c in _STAND_IN.values()):
        return html, False
    held, n = _GROUP_SPACE.subn(lambda m: _STAND_IN[_group_space(m[1])], html)
    return held, n > 0


def _groups_back(value):
    return value.translate(_BACK) if isinstance(value, str) else value


_KEPT_WHOLE = 20_000  # characters of a title or site name read (an import takes 1,000 and 200)


def _tidy(value: str | None, limit: int) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())  # every whitespace run one space (a tab, an em space, U+2028)
    return value[:limit] or None


def _fewer_attributes(html: str) -> str:
    """`html` with each start tag of more than MAX_ATTRIBUTES attributes made bare (`<p>`).

    libxml2's HTML parser, which trafilatura runs several times a page, checks each attribute
    against the element's others: one `<p>` of 200,000 attributes (a 2 MB page) held an
    ingest for hours (20,000 took 30 s). The tags are read as a parser reads them (a `>` in a
    quoted value ends none, a value's words are no attributes), in one linear pass."""
    parts: list[str] = []
    done = 0
    for tag in notable_tags(html):
        if tag.closed and \
                sum(1 for _ in tag.attributes(MAX_ATTRIBUTES + 1)) > MAX_ATTRIBUTES:
            parts += [html[done:tag.start], f"<{html[tag.start + 1:tag.start + 1 + len(tag.name)]}>"]
            done = tag.end
    return "".join(parts) + html[done:] if parts else html


def _refuse_too_deep(html: str, source: str) -> None:
    """ClaimsError when the page nests its elements deeper than libxml2 reads (256 levels).
    Its HTML parser, trafilatura's, stops there and drops the rest of the page without an
    error: an article whose markup held 300 unclosed `<div>` or `<font>` tags midway was
    stored without the paragraphs after them, and said nothing of it."""
    from lxml import etree

    parser = etree.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)
    try:
        etree.fromstring(html, parser)
    except (etree.LxmlError, ValueError):
        return  # trafilatura says what it makes of it
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        raise ClaimsError(f"{source}: the page nests its markup more than 255 elements deep (unclosed tags?); "
                          "the HTML parser reads nothing past that, so the article would be stored cut "
                          "short: nothing stored")


def extract_page(html: str | bytes, *, source: str, url: str | None = None) -> PageContent:
    """Main text and metadata of one page, or ClaimsError when it holds no article text."""
    import trafilatura  # imported here: it is slow to load and most commands never need it

    if isinstance(html, bytes):
        html = decode_html(html)
    if not html.strip():
        raise ClaimsError(f"{source}: empty page")
    html, held = _held_groups(_fewer_attributes(without_large_blocks(html)))
    _refuse_too_deep(html, source)
    _guard_find_date()
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=True,
            prune_xpath=PRUNE_XPATH,
            # Only dates the page states about itself; no guessing from the text or today. Its
            # window is the one a stated date is read in (`_strict_day`), not htmldate's own
            # (1995 to today): a page of 1990 or of tomorrow was left undated, and the warning
            # named another date it states ('0', a <time>'s text: hostile32).
            date_extraction_params={"extensive_search": False, "original_date": True, **_date_window()},
        )
    except Exception as exc:  # lxml and trafilatura raise assorted errors on broken markup
        raise ClaimsError(f"{source}: cannot read the page ({type(exc).__name__}: {exc})") from None
    if doc is None:
        raise ClaimsError(f"{source}: no article text found in the page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if held:
        data = {key: _groups_back(value) for key, value in data.items()}
    raw = data.get("text") or ""
    paragraphs = [_SPACES.sub(folded_space, line).strip() for line in raw.splitlines()]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text.strip():
        raise ClaimsError(f"{source}: no article text found in the page")
    date, date_ignored, future_day = _page_date(data.get("date"), html)
    return PageContent(
        text=text,
        # A title or site name longer than an import takes is kept whole here (bounded), so that
        # the ingest leaves it out with a warning, as a header's (`header_warnings`): cut to
        # 1,000 here, a 10,000-character <title> was stored cut without a word.
        title=_tidy(data.get("title"), _KEPT_WHOLE),
        author=_tidy(data.get("author"), 500),
        sitename=_tidy(data.get("sitename"), _KEPT_WHOLE),
        date=date,
        url=url or safe_url(data.get("url")),  # the page's word for its own URL: http(s) or nothing
        date_ignored=date_ignored,
        future_day=future_day,
    )


# --- the page's date ------------------------------------------------------------------------------
#
# trafilatura dates a page with htmldate, which mends what it cannot read: '2024-02-30T10:00:00Z'
# in `article:published_time` came out 2024-02-01, a date two days after today the 1st of this
# month (its year and month read, the day made up), and a '+25:00' offset raised inside it, which
# trafilatura took as a page it could not read ('no article text found': the article lost). Its
# answer is kept only where one of the dates the page states reads as that day, strictly, as a
# header's `Published:` is read (`claims.dates.read_typed_date`); else the article is undated and
# the ingest says which stated date it did not read.

_DATE_NAME = re.compile(r"date|time|publish|issued|created", re.IGNORECASE)
_STATED_MAX = 200  # characters of a stated date read; a longer text is no date
# distinct stated dates read: a page of 150,000 `<time>` elements took 18 s to ingest, 6 s of it
# reading the same 28 dates again and again (hostile32); a page's own date comes first
_STATED_READ = 1000


def _guard_find_date() -> None:
    """trafilatura's htmldate call, made to answer 'no date' where htmldate raises."""
    import trafilatura.metadata as meta

    if getattr(meta.find_date, "_claims_guarded", False):
        return
    find_date = meta.find_date

    def guarded(*args, **kwargs):
        try:
            return find_date(*args, **kwargs)
        except (ValueError, OverflowError, TypeError):  # '+25:00': an offset no zone has
            return None

    guarded._claims_guarded = True
    meta.find_date = guarded


def _stated_dates(html: str) -> list[str]:
    """The dates the page states about itself, as written: date-named `<meta>` contents,
    JSON-LD `date*` values, `<time>` elements, and short texts of date-named elements (in that
    order: where a page states its own date first)."""
    import json

    from lxml import etree
    from lxml import html as lhtml

    try:
        tree = lhtml.fromstring(html)
    except (etree.LxmlError, ValueError):
        return []
    found: list[str] = []
    for el in tree.iter("meta"):
        names = " ".join(el.get(a, "") for a in ("name", "property", "itemprop", "http-equiv"))
        if _DATE_NAME.search(names) and el.get("content"):
            found.append(el.get("content"))
    for el in tree.xpath("//script[@type='application/ld+json']"):
        try:
            stack = [json.loads(el.text_content())]
        except (ValueError, RecursionError):  # nested past Python's depth: the markup's warning says so
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, str) and key.lower().startswith(("date", "uploaddate")):
                        found.append(value)
                    else:
                        stack.append(value)
            elif isinstance(item, list):
                stack += item
    for el in tree.iter("time", "abbr"):
        # the attribute is the date a reader's program reads; the text is for the eye ('0', 'now'),
        # a date only where there is none (its '0' was named as the page's date unread, hostile32)
        found += [v for v in (el.get("datetime"), el.get("title")) if v] or [el.text_content()]
    for el in tree.xpath("//*[@class or @id or @itemprop]"):
        names = " ".join(el.get(a, "") for a in ("class", "id", "itemprop"))
        if _DATE_NAME.search(names) and el.tag not in ("meta", "script", "style"):
            found += [v for v in (el.get("content"), el.get("datetime"), el.text_content()) if v]
    return [" ".join(s.split()) for s in found if s and s.strip() and len(s) <= _STATED_MAX]


def _date_window() -> dict[str, str]:
    """htmldate's earliest and latest dates of a page: those `_strict_day` reads."""
    from datetime import date, timedelta

    from claims.dates import EARLIEST_PUBLISHED_YEAR

    return {"min_date": f"{EARLIEST_PUBLISHED_YEAR:04d}-01-01", "max_date": (date.today() + timedelta(days=1)).isoformat()}


def _strict_day(stated: str) -> tuple[str | None, str, str | None]:
    """The day a stated date reads as (ISO) and '', or None and why it is no day (a day after
    tomorrow is none: where the outlet is, it may be tomorrow already, no later), and that
    later day (ISO) when it is why."""
    from datetime import date, timedelta

    from claims.dates import EARLIEST_PUBLISHED_YEAR, read_typed_date

    try:
        iso, precision = read_typed_date(stated, base=None)
    except ValueError as exc:
        return None, str(exc), None
    if precision != "day":
        return None, f"{stated!r} names a {precision}, not a day", None
    if int(iso[:4]) < EARLIEST_PUBLISHED_YEAR:  # ('0001-01-01': a CMS's empty date), as a header's
        return None, f"{stated!r} is {iso}, before {EARLIEST_PUBLISHED_YEAR}", None
    if date.fromisoformat(iso) > date.today() + timedelta(days=1):
        return None, f"{stated!r} is {iso}, after today", iso
    return iso, "", None


def _page_date(found: str | None, html: str) -> tuple[str | None, str | None, str | None]:
    """htmldate's date of the page where a stated date reads as it, the reason a stated
    date was not read when the page is left undated, and the day it states when that reason
    is the day's being after tomorrow (htmldate takes no such date; `--allow-future` takes it:
    the page was stored undated, hostile32)."""
    stated = list(dict.fromkeys(s for s in _stated_dates(html) if re.search(r"\d", s)))[:_STATED_READ]
    unread = None
    for s in stated:  # read until the answer is known
        day, why, later = _strict_day(s)
        if found and day == str(found):
            return str(found), None, None
        if day is None and unread is None:
            unread = (s, why, later)
            if not found:
                break
    if unread is None:
        return None, None, None
    return None, f"the page's date {unread[0]!r} is not read ({unread[1]}); the article is stored undated", unread[2]
