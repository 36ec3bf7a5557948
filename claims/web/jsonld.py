"""ClaimReview markup in a web page: schema.org JSON-LD in `<script type="application/ld+json">`.

Fact-checkers publish each check with a ClaimReview object (what Google's fact-check markup
reads). A page may hold it alone, in a list, inside an `@graph`, or nested in another object
(`"review": {...}`), with parts given by reference (`"itemReviewed": {"@id": "#claim"}` and the
Claim elsewhere in the graph). `claimreviews_in_html` finds every one, references resolved;
a block that is not JSON is skipped with a warning, never an error.
"""

from __future__ import annotations

import html
import json
import re
from html.entities import html5
from typing import Any

from claims import untrusted
from claims.web.tags import notable_tags


def _ld_json_blocks(html: str):
    """The content of each `<script type="application/ld+json">` of the page, in order.

    The page's tags are read as a parser reads them, in one linear pass (a regex for the whole
    block took time quadratic in openings never closed: 8,000 in 0.3 MB took 80 s): a script's
    content runs to the first `</script` after it (one never closed is no block), and a `<script` inside a comment, another
    script or a `<script-loader>` element's name opens no block."""
    for start, end in _ld_json_spans(html):
        yield html[start:end]


def _ld_json_spans(html: str):
    """Where each `_ld_json_blocks` block's content is: (start, end) in `html`."""
    for tag in notable_tags(html):
        if tag.name == "script" and tag.text_ended and _is_ld_json(tag.attribute("type")):
            yield tag.end, tag.text_end


def without_large_blocks(html: str) -> str:
    """`html` with the content of each JSON-LD block `claimreviews_in_html` ignores for its size
    taken out: the page's reader (trafilatura, htmldate) dated a page from a block the ingest
    said was ignored (hostile32)."""
    large = [(start, end) for start, end in _ld_json_spans(html)
             if end - start > MAX_BLOCK_CHARS and _too_large(html[start:end])]
    if not large:
        return html
    kept, at = [], 0
    for start, end in large:
        kept.append(html[at:start])
        at = end
    kept.append(html[at:])
    return "".join(kept)


def _too_large(block: str) -> bool:
    """The block is one `claimreviews_in_html` ignores for its size."""
    return len(_WRAPPERS.sub("", block.strip()).strip()) > MAX_BLOCK_CHARS


def _is_ld_json(media_type: str | None) -> bool:
    return media_type is not None and media_type.split(";")[0].strip().lower() == "application/ld+json"


_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
MAX_DEPTH = 30
MAX_BLOCK_CHARS = 2_000_000


def is_claimreview_type(value: Any) -> bool:
    """"ClaimReview", "schema:ClaimReview", "https://schema.org/ClaimReview", or a list holding one."""
    types = value if isinstance(value, list) else [value]
    return any(isinstance(t, str) and re.split(r"[/:#]", t.strip())[-1] == "ClaimReview" for t in types)


def claimreviews_in_html(html: str, *, source: str) -> tuple[list[dict], list[str]]:
    """The ClaimReview objects in the page's JSON-LD, and one warning per block that could not
    be read (naming the page and the block)."""
    reviews: list[dict] = []
    warnings: list[str] = []
    for n, block in enumerate(_ld_json_blocks(html), start=1):
        body = _WRAPPERS.sub("", block.strip()).strip()
        if not body:
            continue
        if _too_large(block):
            warnings.append(f"{source}: JSON-LD block {n} is larger than {MAX_BLOCK_CHARS:,} characters; ignored")
            continue
        try:
            data = untrusted.json_loads(body, strict=False)  # raw newlines inside strings are common
        except json.JSONDecodeError as exc:
            warnings.append(f"{source}: JSON-LD block {n} is not valid JSON ({exc.msg}, line {exc.lineno} "
                            f"column {exc.colno}); its markup was ignored")
            continue
        ids: dict[str, dict] = {}
        found: list[dict] = []
        _walk(data, 0, ids, found)
        for review in found:
            resolved = _resolve(review, ids, 0, set())
            resolved["@type"] = "ClaimReview"  # the form the importer reads
            reviews.append(resolved)
    return reviews, warnings


def _walk(node: Any, depth: int, ids: dict[str, dict], found: list[dict]) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        key = node.get("@id")
        if isinstance(key, str) and len(node) > 1:
            ids.setdefault(key, node)
        if is_claimreview_type(node.get("@type")):
            found.append(node)
            return
        for value in node.values():
            _walk(value, depth + 1, ids, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, depth + 1, ids, found)


def _resolve(node: Any, ids: dict[str, dict], depth: int, seen: set[str]) -> Any:
    """`{"@id": X}` alone stands for the object X of the same block (cycles and depth bounded)."""
    if depth > MAX_DEPTH:
        return node
    if isinstance(node, dict):
        key = node.get("@id")
        if len(node) == 1 and isinstance(key, str) and key in ids and key not in seen:
            return _resolve(ids[key], ids, depth + 1, seen | {key})
        return {k: _resolve(v, ids, depth + 1, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, ids, depth + 1, seen) for v in node]
    if isinstance(node, str) and "&" in node:
        # A page's JSON-LD is written through its HTML templates, which escape it as HTML:
        # 'AT&amp;T', 'O&#39;Neil' were stored so and exported so in ClaimReview, which is no
        # HTML. Strings are read as the page means them (a JSON file's are not touched).
        return _ENTITY.sub(_entity, node)
    return node


# Only a reference ending in ';': `html.unescape` also reads the legacy names HTML allows
# without one, and made a URL's '?id=7&region=uk' '?id=7®ion=uk' (and '&section=' '§ion=').
_ENTITY = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")


def _entity(found: re.Match) -> str:
    ref = found.group(1)
    if ref.startswith("#"):
        return html.unescape(found.group(0))  # (one out of range is U+FFFD, as a browser reads it)
    return html5.get(ref + ";", found.group(0))
