"""Text compared for search, the same way on both sides of the comparison and on both backends.

`fold(x)` is the searchable form of a text: without the invisible characters that text copied
from the web carries inside words (soft hyphen, zero-width space and joiners, direction marks,
variation selectors, byte-order mark: `db.ignorable.IGNORABLE`), NFKC-normalised (a precomposed é and
e + U+0301 are one letter; ﬁ is fi) and case-folded over all of Unicode. `contains(haystack, needle)`
is a literal substring test (`instr` / `strpos`, so `%` and `_` are plain characters and no
LIKE pattern limit applies). Both work on every row a filter reads: this is the one place
to put a stored or indexed form if a full scan becomes too slow.

On SQLite `fold` is `claims_fold`, a Python function every connection registers
(`register_sqlite_functions`; text that is all ASCII only has its case lowered). On
PostgreSQL it is `lower()` of the text where it is all ASCII (its length in bytes is its
length in characters), else of its NFKC form, the invisible characters removed first where a
regular expression finds one (`normalize` only where needed: it costs six times a `lower`;
`translate` with 40 characters costs more than both). A change to the fold must rebuild the
search indexes made of it (migrations 0008, 0013); its case mapping follows the database's LC_CTYPE (a
database created with locale C folds only A-Z) and, unlike SQLite's case folding, keeps ß
and final ς as they are.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Boolean, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from db.ignorable import DROP_IGNORABLE, IGNORABLE_CLASS


def fold_text(value: str | None) -> str | None:
    """The searchable form of `value` (what `fold` computes on SQLite)."""
    if value is None:
        return None
    if value.isascii():
        return value.lower()
    # İ casefolds to i + a combining dot: a search for "istanbul" must find "İstanbul" (as
    # PostgreSQL's lower() has it)
    return unicodedata.normalize("NFKC", value.translate(DROP_IGNORABLE)).casefold().replace("i\u0307", "i")


def postgresql_fold(x: str) -> str:
    """`fold` of the SQL expression `x` on PostgreSQL (the search indexes are made of it)."""
    return (f"CASE WHEN octet_length({x}) = length({x}) THEN lower({x}) "
            f"WHEN {x} ~ '{IGNORABLE_CLASS}' "
            f"THEN lower(normalize(regexp_replace({x}, '{IGNORABLE_CLASS}', '', 'g'), NFKC)) "
            f"WHEN {x} IS NFKC NORMALIZED THEN lower({x}) ELSE lower(normalize({x}, NFKC)) END")


def register_sqlite_functions(dbapi_conn) -> None:
    dbapi_conn.create_function("claims_fold", 1, fold_text, deterministic=True)


class fold(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    type = String()
    inherit_cache = True


class contains(FunctionElement):  # noqa: N801
    type = Boolean()
    inherit_cache = True


@compiles(fold, "sqlite")
def _fold_sqlite(element, compiler, **kw):
    return f"claims_fold({compiler.process(element.clauses, **kw)})"


@compiles(fold, "postgresql")
def _fold_postgresql(element, compiler, **kw):
    return postgresql_fold(compiler.process(element.clauses, **kw))


@compiles(contains, "sqlite")
def _contains_sqlite(element, compiler, **kw):
    haystack, needle = (compiler.process(c, **kw) for c in element.clauses)
    return f"(instr({haystack}, {needle}) > 0)"


@compiles(contains, "postgresql")
def _contains_postgresql(element, compiler, **kw):
    haystack, needle = (compiler.process(c, **kw) for c in element.clauses)
    return f"(strpos({haystack}, {needle}) > 0)"
