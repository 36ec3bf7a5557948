"""The start tags of a web page, found in one linear pass as an HTML5 parser finds them.

Regexes over the raw page went wrong where a parser does not: a `>` inside a quoted attribute
value ended a tag (`<p title="a > b">` left `b">` as text), words of a value were counted as
attributes, and a `<script` inside a comment or a `<script-loader>` element was taken for a
script. Here, as in the HTML5 tokenizer (which libxml2, trafilatura's parser, follows since
2.14): a value is quoted only after `=`, and runs to its closing quote (to the end of the page
when there is none); comments, `<!...>`, `<?...>` and end tags hold no start tags (an end tag's attributes are
read as a start tag's: `</div title="a > <script>">` ends at its last `>`); and the
content of a raw-text element (script, style, textarea, ...) runs to the first end tag of its
name, tags in it being text. Every pattern is possessive and each match is resumed after, so a
page is read in time linear in its size, whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

_WS = r"\t\n\f\r "


def _attribute(group: str) -> str:
    """One attribute: a name (a first `=` belongs to it), then maybe `=` and a value, quoted or
    not; `group` is "(" to capture the name and the value's three forms, else "(?:"."""
    return (rf"{group}[^{_WS}/>][^{_WS}/>=]*+)"
            rf"(?:[{_WS}]*+=[{_WS}]*+(?:\"{group}[^\"]*+)\"?|'{group}[^']*+)'?|{group}[^{_WS}>]++))?+)?+")


_ATTRIBUTE_RE = re.compile(_attribute("("))
# Elements whose content is text up to their end tag (`<plaintext>`: up to the end of the page).
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                      "plaintext"})
_RAW_END: dict[str, re.Pattern] = {
    name: re.compile(rf"</{name}(?=[{_WS}/>])", re.IGNORECASE) for name in RAW_TEXT - {"plaintext"}
}
MAX_ATTRIBUTES = 256  # no page's element has more; libxml2 takes time quadratic in their number
_PARTS = rf"(?:[{_WS}/]++|{_attribute('(?:')})"  # one part of a tag: a run of separators, or an attribute
_RAW_NAME = "(?i:" + "|".join(sorted(RAW_TEXT)) + rf")(?=[{_WS}/>])"
# Everything the callers pass over, read in C without a Python step per tag: text, comments,
# end tags and the like, and start tags of few parts (so of at most MAX_ATTRIBUTES attributes)
# that open no raw-text element. Each alternative is possessive: a page is read in one pass.
_PASSED_OVER = (
    r"[^<]++"
    r"|<!--(?:-?>|.*?(?:--!?>|\Z))"                     # a comment (unclosed: to the end)
    rf"|</[A-Za-z][^{_WS}/>]*+{_PARTS}*+>?"              # an end tag: its attributes read as a start tag's
    r"|<[!?/][^>]*+>?"                                  # a doctype, a bogus comment ('</3')
    rf"|<(?!{_RAW_NAME})[A-Za-z][^{_WS}/>]*+{_PARTS}{{0,{MAX_ATTRIBUTES}}}+>"
    r"|<(?![A-Za-z!?/])"                                # a '<' that opens nothing
)
_NEXT = re.compile(
    rf"(?:{_PASSED_OVER})*+"
    rf"(?:<(?P<tag>[A-Za-z][^{_WS}/>]*+)(?P<attrs>{_PARTS}*+)(?P<close>>?)|\Z)",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class StartTag:
    name: str  # lower case
    start: int  # of the `<`
    end: int  # after the `>` (or where an unclosed tag stops: the end of the page)
    attrs: str  # the text between the name and the `>`
    closed: bool  # ended by a `>` (a tag cut off by the end of the page is not)
    text_end: int  # a raw-text element's content is page[end:text_end]; else text_end == end
    text_ended: bool  # a raw-text element's content is followed by its end tag

    def attributes(self, limit: int | None = None) -> Iterator[tuple[str, str]]:
        """(name lower-cased, value) of each attribute in order, at most `limit` of them."""
        found = ((m[1].lower(), next((v for v in m.groups()[1:] if v is not None), ""))
                 for m in _ATTRIBUTE_RE.finditer(self.attrs))
        return islice(found, limit)

    def attribute(self, name: str) -> str | None:
        """The value of the first attribute called `name` (a parser ignores later ones)."""
        return next((value for key, value in self.attributes() if key == name), None)


def notable_tags(html: str) -> Iterator[StartTag]:
    """In order, the start tags of `html` that open a raw-text element (script, style, ...)
    or have more than MAX_ATTRIBUTES parts (attributes and the runs of spaces between them: a
    tag of more than MAX_ATTRIBUTES attributes is one of them), and any tag cut off by the end
    of the page; none from inside a comment or a raw-text element. The others are passed over
    by one regular expression: a page of millions of tags is read in seconds."""
    pos = 0
    while (m := _NEXT.match(html, pos)) is not None and m["tag"] is not None:
        pos = m.end()
        name, closed = m["tag"].lower(), bool(m["close"])
        text_end, end_tag = pos, None
        if closed and name in RAW_TEXT:
            end_tag = _RAW_END[name].search(html, pos) if name in _RAW_END else None
            text_end = end_tag.start() if end_tag else len(html)
        yield StartTag(name, m.start("tag") - 1, pos, m["attrs"], closed, text_end, end_tag is not None)
        pos = text_end
