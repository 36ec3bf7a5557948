"""Which entries of a feed write one of their dates twice, differently.

feedparser keeps the last of two `<pubDate>` (or `<published>`, `<updated>`...) in one item: an
entry dated 1 March then 1 May was dated 1 May, without a word. Which one the feed meant cannot be
told, so such a date dates nothing (`claims.web.feeds._entry_date`: the page's own date or none).
The document is read once more, by expat (as feedparser's strict parser reads it): each item's or
entry's own date elements (not those of an Atom `<source>` inside it), grouped under the key
feedparser reads them as. A document expat cannot read (not well-formed: feedparser's loose
reading) is read as loosely, by an HTML tokenizer (`_loosely_written_twice`).
"""

from __future__ import annotations

from xml.parsers import expat

# an element's local name -> the entry key feedparser stores it under
_DATE_KEYS = {"pubDate": "published", "published": "published", "issued": "published",
              "updated": "updated", "modified": "updated", "date": "updated", "created": "created"}
_ENTRIES = {"item", "entry"}


def dates_written_twice(data: bytes) -> dict[int, set[str]]:
    """{entry index (1-based, in document order, as feedparser counts them): the date keys it
    writes twice with different values}; entries without such a key are left out."""
    found: dict[int, set[str]] = {}
    written: dict[str, set[str]] = {}
    depth = 0
    entry_depth: int | None = None  # the depth of the entry being read
    count = 0
    key: str | None = None  # the date element being read, a child of the entry
    text: list[str] = []

    def start(name: str, _attrs) -> None:
        nonlocal depth, entry_depth, count, key
        depth += 1
        local = name.rpartition(":")[2]
        if entry_depth is None and local in _ENTRIES:
            entry_depth, count = depth, count + 1
            written.clear()
        elif entry_depth is not None and depth == entry_depth + 1 and local in _DATE_KEYS:
            key = _DATE_KEYS[local]
            text.clear()

    def end(name: str) -> None:
        nonlocal depth, entry_depth, key
        if key is not None and depth == entry_depth + 1:
            written.setdefault(key, set()).add(" ".join("".join(text).split()))
            key = None
        if depth == entry_depth:
            twice = {k for k, values in written.items() if len(values) > 1}
            if twice:
                found[count] = twice
            entry_depth = None
        depth -= 1

    def chars(data: str) -> None:
        if key is not None:
            text.append(data)

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return _loosely_written_twice(data)
    return found


def _loosely_written_twice(data: bytes) -> dict[int, set[str]]:
    """`dates_written_twice` of a document expat cannot read (an unescaped '&', a tag left
    open), which feedparser reads loosely: read as loosely here, by an HTML tokenizer that
    takes what it finds. Each item or entry from its start tag to its end (or to the next
    one's start); each date element's text in it, outside an Atom `<source>`. Two different
    values of a date were read as the last without a word (leftovers36)."""
    from html.parser import HTMLParser

    found: dict[int, set[str]] = {}
    state = {"count": 0, "in_entry": False, "source": 0, "key": None}
    written: dict[str, set[str]] = {}
    text: list[str] = []
    lowered = {name.lower(): key for name, key in _DATE_KEYS.items()}

    def close_entry() -> None:
        if state["in_entry"]:
            twice = {k for k, values in written.items() if len(values) > 1}
            if twice:
                found[state["count"]] = twice
        state["in_entry"], state["key"], state["source"] = False, None, 0

    class Reader(HTMLParser):
        def handle_starttag(self, tag, _attrs):
            local = tag.rpartition(":")[2]
            if local in _ENTRIES:
                close_entry()
                state["count"] += 1
                state["in_entry"] = True
                written.clear()
            elif state["in_entry"] and local == "source":
                state["source"] += 1
            elif state["in_entry"] and not state["source"] and local in lowered:
                state["key"] = lowered[local]
                text.clear()

        def handle_endtag(self, tag):
            local = tag.rpartition(":")[2]
            if local in _ENTRIES:
                close_entry()
            elif local == "source" and state["source"]:
                state["source"] -= 1
            elif state["key"] is not None and lowered.get(local) == state["key"]:
                written.setdefault(state["key"], set()).add(" ".join("".join(text).split()))
                state["key"] = None

        def handle_data(self, data):
            if state["key"] is not None:
                text.append(data)

        def unknown_decl(self, data):  # <![CDATA[...]]>
            if data.startswith("CDATA["):
                self.handle_data(data[6:])

    reader = Reader(convert_charrefs=True)
    reader.feed(data.decode("utf-8", "replace"))
    reader.close()
    close_entry()
    return found
