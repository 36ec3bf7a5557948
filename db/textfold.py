"""The fold as SQL (`claims.search` and the desk's filters): `fold(x)` and `contains(haystack,
needle)` compiled for SQLite (`claims_fold`, registered on every connection by
`register_sqlite_functions`) and PostgreSQL (`postgresql_fold`). What the fold does, and why
both backends agree: `db.folding`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from db.folding import fold_text, postgresql_fold


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
