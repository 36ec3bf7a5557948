"""Reading article files: bytes to text, with one clear reason when a file is not an article.

A file may open with a small header of `Key: value` lines and a blank line (Title, Outlet,
URL, Published, Author); the sample articles use it, and so can any newsroom export.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from claims import untrusted
from claims.article_source import ArticleSource
from claims.dates import EARLIEST_PUBLISHED_YEAR, FUTURE_HINT, parse_published, read_typed_date
from claims.errors import ClaimsError
from claims.paths import path_text, refuse_blank

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
HTML_SUFFIXES = {".html", ".htm"}
HEADER_KEYS = {"title", "outlet", "url", "published", "author"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):[ \t]*(?P<value>.*?)\s*$")
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


def header_published(src: ArticleSource, *, allow_future: bool = False,
                     future_hint: str = FUTURE_HINT) -> date | None:
    """The header's `Published:` (a page's or feed's date), read as a typed publication date.
    It may be a day ahead of today here: where the outlet is, it may be tomorrow already.
    `future_hint` says how to accept a later one where it is refused (the desk has a tick).
    A year before 1800 ('0001-01-01', a CMS's empty date) is no date: the article is undated.
    A web page's date after tomorrow (`PageSource.future_day`) is its date with `allow_future`."""
    value = src.header.get("published", "").strip()
    if not value:
        later = getattr(src, "future_day", None)
        return date.fromisoformat(later) if later and allow_future else None
    return parse_published(value, f"{src.source}: header field Published", allow_future=allow_future,
                           days_ahead=1, future_hint=future_hint, old_is_none=True)


def source_warnings(src: ArticleSource, published: date | None, future_hint: str = FUTURE_HINT) -> list[str]:
    """The warnings read with `src` (a web page's), but the one that its date after tomorrow
    leaves it undated once that day is its date (`header_published` with --allow-future); else
    that one says how to take the day (`future_hint`)."""
    warnings = list(getattr(src, "warnings", ()))
    later = getattr(src, "future_day", None)
    if later and src.future_warning in warnings:
        at = warnings.index(src.future_warning)
        if published == date.fromisoformat(later):
            del warnings[at]
        elif published is None:
            warnings[at] += f" ({future_hint})"
    return warnings


def ignored_header_date(src: ArticleSource) -> str | None:
    """The warning for a header's `Published:` that `header_published` took as no date, its
    year being before 1800 (else None): the article was stored undated without a word."""
    value = src.header.get("published", "").strip()
    try:
        iso, precision = read_typed_date(value, base=date.today()) if value else (None, None)
    except ValueError:
        return None
    if precision != "day" or date.fromisoformat(iso).year >= EARLIEST_PUBLISHED_YEAR:
        return None
    read = "" if iso == value else f" ({iso})"
    return (f"{src.source}: its date {value!r}{read} is ignored, a year before {EARLIEST_PUBLISHED_YEAR} "
            "being no likely publication date; the article is stored undated")


def decode_article(data: bytes, source: str) -> str:
    if not data.strip():
        raise ClaimsError(f"{source}: empty file, no article to read")
    if kind := untrusted.wide_encoding(data):
        raise ClaimsError(f"{source}: {kind} text, not UTF-8; save it as UTF-8 and try again")
    if b"\x00" in data[:8192]:
        raise ClaimsError(f"{source}: binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimsError(
            f"{source}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and try again"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ClaimsError(f"{source}: empty file, no article to read")
    if not any(ch.isalnum() for ch in text):  # only quotes, dashes, zero-width spaces: no claim could come of it
        raise ClaimsError(f"{source}: no word in it (only punctuation, symbols or invisible characters), "
                          "no article to read")
    return text


def split_header(text: str, source: str = "the article") -> tuple[dict[str, str], int]:
    """Read a leading `Key: value` block if every line of it is a known key.

    Returns the header and the offset where the article body starts (0 when no header). A
    block that begins with a known key and names another key, or one key twice, is a
    ClaimsError naming `source`: 'Title: x' then 'Date: 9 March 2026' was read as the
    article's first paragraph, its date lost without a word ('Title: x Date: ...' its title).
    """
    head, sep, _ = text.partition("\n\n")
    if not sep:
        return {}, 0
    header: dict[str, str] = {}
    # Lines end at "\n" only (decode_article made every line break one): `splitlines` ends one at
    # a vertical tab, form feed, NEL or U+2028 too, and 'Title: a\x0bb' was no header at all (its
    # lines stored as the article's first paragraph). Such a space inside a value is folded
    # where the value is stored (`one_line`), as a tab is.
    for n, line in enumerate(head.split("\n"), 1):
        m = _HEADER_LINE.match(line)
        if not m:
            return {}, 0
        key = m["key"].lower()
        if key not in HEADER_KEYS or key in header:
            if not header:
                return {}, 0  # no header begun: the article's own first lines
            why = "is named twice" if key in header else "is no header key (Title, Outlet, Published, URL, Author)"
            raise ClaimsError(f"{source}: header line {n}: {m['key']!r} {why}; fix it, or put a blank line "
                              "between the header and a paragraph that begins so")
        header[key] = m["value"]
    return header, len(head) + len(sep)


def read_source(source: str, *, standard_input: bool = True) -> ArticleSource:
    """Read one file, `-` for stdin, or an http(s) URL into an ArticleSource, or raise ClaimsError.

    A web page (a URL, an .html/.htm file, or input that starts as HTML) is read with
    `claims.web`: its extracted main text becomes the text, its metadata the header. Without
    `standard_input` (the desk, whose standard input is the terminal it draws on) `-` is a
    file name like any other, and no message offers it: the desk said "use - for standard
    input" of a FIFO, and `-` read the desk's own keystrokes.
    """
    if source.startswith(("http://", "https://")):
        from claims.web.pages import url_source

        return url_source(source, typed=True)
    if source == "-" and standard_input:
        from claims.paths import read_stdin

        data = bytes(read_stdin(MAX_ARTICLE_BYTES))  # the cap holds at every door (an article: a few MB)
        name = "<stdin>"
        if len(data) > MAX_ARTICLE_BYTES:
            raise ClaimsError(f"{name}: larger than {MAX_ARTICLE_BYTES // 2**20} MB, not an article")
    else:
        refuse_blank(source, "article")  # Path('') is the current folder
        path = Path(source)
        if "://" in source and not path.exists():  # 'ftp://…', 'HTTPS://…' typed as a link
            from claims.links import refused_url

            raise ClaimsError(f"{refused_url(source)}; give an article file or an http(s) URL"
                              + (" (or - for standard input)" if standard_input else ""))
        if not path.exists():
            raise ClaimsError(f"{source}: no such file")
        if path.is_dir():
            raise ClaimsError(f"{source}: is a folder; give it as a path to ingest its articles")
        if not path.is_file():  # a named pipe or a device would be read until it ends, if ever
            hint = "; use - for standard input" if standard_input else ""
            from claims.paths import not_a_regular_file

            kind = not_a_regular_file(path.stat().st_mode) or "not a regular file"  # a socket was 'a pipe or device'
            raise ClaimsError(f"{source}: {kind}, not an article{hint}")
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ClaimsError(f"{source}: larger than {MAX_ARTICLE_BYTES // 2**20} MB, not an article")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ClaimsError(f"{source}: cannot read ({exc.strerror})") from None
        name = path_text(source)  # stored as the article's source
    if data.strip() and (
        (source != "-" and Path(source).suffix.lower() in HTML_SUFFIXES) or _looks_like_html(data)
    ):
        from claims.web.pages import html_source

        return html_source(data, source=name)
    text = decode_article(data, name)
    header, body_offset = split_header(text, name)
    body = text[body_offset:]
    if not any(ch.isalnum() for ch in body):
        raise ClaimsError(f"{name}: no article text after the header")
    return ArticleSource(source=name, text=body, header=header, body_offset=body_offset)


def _looks_like_html(data: bytes) -> bool:
    from claims.web.html import looks_like_html

    return looks_like_html(data)


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, and the article files inside folders (sorted); `-` stays as is."""
    out: list[str] = []
    for p in paths:
        refuse_blank(p, "article")  # Path('') is the current folder: `ingest ''` read all under it
        path = Path(p)
        # a URL is no folder (asking the system of a 3,000-character one failed: too long a name)
        if p != "-" and not p.startswith(("http://", "https://")) and path.is_dir():
            try:
                found = sorted(
                    str(f) for f in path.rglob("*")
                    if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith(".")
                )
            except OSError as exc:  # a subfolder it may not list ('/proc/1/cwd'): the desk showed a PermissionError
                where = path_text(exc.filename) if exc.filename else p
                raise ClaimsError(f"{where}: cannot be read ({exc.strerror or type(exc).__name__}), so the "
                                  f"articles in {p} cannot be listed; nothing read") from None
            if not found:
                raise ClaimsError(
                    f"{p}: no article files in this folder (looked for {', '.join(sorted(ARTICLE_SUFFIXES))})"
                )
            out.extend(found)
        else:
            out.append(p)
    return out
