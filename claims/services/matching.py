"""Matching against the store: a candidate index kept in the database, matches made at
ingest and import, `claims dupes --rebuild`, and similarity search.

The index is two tables: `claim_key` (postings: each claim under each informative key, see
`claims.matching.index_keys`) and `key_stat` (how many claims hold each key). A lookup
fetches the postings of the query's rarest keys only, ranks them with BM25, and scores the
best few candidates with the full scorer: never a scan of the store.

`key_stat` also holds two bookkeeping rows whose names no real key can have (keys are
normalised words, `[a-z0-9.]`): `#docs`, the number of claims indexed (the N of idf, read
with the keys in the same query instead of a `count(*)` over the store per lookup), and
`#keys-version`, the version of `index_keys` the postings were made with. `--rebuild` remakes
the index when either disagrees with the store (claims added without indexing, a new key
scheme) and otherwise only recomputes the matches.

Many matches at once (an import, a rebuild) are stored with one executemany and merged as
clusters (union-find over the duplicate pairs), with the same audit rows and version checks
as merging pair by pair: see `_merge_pairs`.
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import NamedTuple, Protocol

from sqlalchemy import bindparam, delete, func, text, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, col, select

from claims.errors import MovedWhileWaiting, StaleVersion
from claims.matching import (
    BLOCK_READ,
    CANDIDATES,
    DISTINCT,
    DUPLICATE,
    PAIR_PREFIX,
    PAIR_READ,
    BulkCandidates,
    IdfTable,
    MatchResult,
    MatchSettings,
    block_keys,
    compare,
    dice_floor,
    index_keys,
    pair_keys,
    plan_query,
    rank_candidates,
    rank_floor,
)
from claims.matching.normalize import Analysis, analyze
from claims.matching.parallel import Decided, KeyMaker, PairComparer, decided
from claims.matching.rerank import (
    TITLE_PREFIX,
    TITLE_WEIGHT,
    Candidate,
    Reranker,
    is_title_key,
    rerank,
    title_keys,
)
from claims.models import (
    KEY_SEPARATOR,
    Appearance,
    Article,
    Claim,
    ClaimKey,
    ClaimKeyset,
    Event,
    KeyStat,
    Match,
    utcnow,
)
from claims.search_text import require_words
from claims.services.audit import insert_events, new_batch
from claims.services.claim_rows import (
    copy_rows,
    copy_text,
    dbapi_cursor,
    match_rows_at_once,
    pipelined,
)
from claims.services.team import lock_heads
from claims.services.views import MatchSummary
from claims.vocab import MatchState
from db import Database

SYSTEM_REVIEWER = "claims"  # who the audit log names for automatic decisions
# Postings one lookup may read, rarest keys first: keeps a lookup's cost flat as the store grows.
POSTINGS_BUDGET = 3_000
SEARCH_POOL = 30  # candidates rescored per search query (as the in-memory index does)

DOCS_KEY = "#docs"
VERSION_KEY = "#keys-version"
KEYS_VERSION = 7  # bump when index_keys changes: the next --rebuild remakes the postings
# 4: words of any script are keys (issue 15, finding 8); 5: title keys (issue 13); 7: pair keys (issue 13)
PAGE = 20_000  # claims read per query when streaming the whole store
ANALYZE_AFTER = 100_000  # postings written in bulk before PostgreSQL's statistics are refreshed


_settings_read: tuple[tuple, MatchSettings] | None = None  # (the config file's stamp, its thresholds)


def matching_settings() -> MatchSettings:
    """The thresholds in force (the config file's, where it sets them); read again only when
    the file changes (parsing it took a tenth of a new claim's matching)."""
    global _settings_read
    try:
        from claims.config import load_settings, settings_path
    except ImportError:
        return MatchSettings()
    path = settings_path()
    if path is None:  # no home folder: no settings file
        return load_settings(path).match_settings()
    try:
        st = path.stat()
        stamp = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = (str(path), None, None, None)
    if _settings_read is None or _settings_read[0] != stamp:
        _settings_read = (stamp, load_settings(path).match_settings())
    return _settings_read[1]


class NewClaim(Protocol):
    """What matching needs of a claim: a `Claim`, or any row with these two."""

    id: int | None
    text: str | None  # None: read from the store


class PoolRead(NamedTuple):
    """What `StoreIndex.search_pool` reads for a query."""

    pooled: list[tuple[int, float, float]]  # (claim id, text score, title score), best first
    rows: dict[int, tuple]  # claim id -> (id, external id, text)
    titles: dict[int, str]  # claim id -> the title it appeared under
    idf: IdfTable  # the counts read: `asked`, those in the index
    asked: set[str]  # the keys whose counts were read


class StoreIndex:
    """The candidate index, read and written inside one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._doc_count: int | None = None
        self._paramstyle = session.get_bind().dialect.paramstyle
        self._marker = "?" if self._paramstyle == "qmark" else "%s"
        self._postgresql = session.get_bind().dialect.name == "postgresql"
        self._staged = self._remake_claim_index = False  # postings gathered apart until settle()
        self._held_df: Counter | None = None  # PostgreSQL: key counts held until settle()
        self._added = 0  # postings written by this index
        # PostgreSQL: postings added but not yet written (see `add`): the parameters of
        # their statement (`_ADD_PG`).
        self._pending: tuple | None = None

    def write_pending(self) -> None:
        if self._pending is not None:
            params, self._pending = self._pending, None
            self.session.connection().exec_driver_sql(_ADD_PG, params)

    # -- bookkeeping -----------------------------------------------------------------------
    def _meta(self) -> dict[str, int]:
        self.write_pending()
        return dict(self.session.execute(
            _SELECT_STATS, {"keys": [DOCS_KEY, VERSION_KEY]}).all())

    def doc_count(self) -> int:
        if self._doc_count is None:
            self._doc_count = self._ensure_docs(self._meta().get(DOCS_KEY))
        return self._doc_count

    def _ensure_docs(self, docs: int | None) -> int:
        """The indexed-claims count; made once for an index that predates it."""
        if docs is not None:
            return docs
        docs = self.session.execute(text("SELECT count(DISTINCT claim_id) FROM claim_key")).scalar() or 0
        rows = [(DOCS_KEY, docs)]
        if docs == 0:  # an empty index is current whatever the version
            rows.append((VERSION_KEY, KEYS_VERSION))
        self._executemany(_UPSERT_DF, rows)
        return docs

    def is_current(self, claims: int) -> bool:
        """Does the index hold every one of `claims` stored claims, with today's keys?"""
        meta = self._meta()
        return meta.get(VERSION_KEY) == KEYS_VERSION and meta.get(DOCS_KEY) == claims

    def is_outdated(self) -> bool:
        """Were the postings made with an older key scheme (a rebuild would remake them)?"""
        version = self._meta().get(VERSION_KEY)
        return version is not None and version != KEYS_VERSION

    def clear(self) -> None:
        self.write_pending()
        self.session.execute(delete(ClaimKey))
        self.session.execute(delete(ClaimKeyset))
        self.session.execute(delete(KeyStat))
        self._executemany(_UPSERT_DF, [(DOCS_KEY, 0), (VERSION_KEY, KEYS_VERSION)])
        self._doc_count = 0

    def fill_keysets(self) -> int:
        """Store the keyset row of each claim that has own postings and none (one statement);
        how many. A process of an older version still running after another migrated the
        desk to 0019 (a teammate's desk, `watch run --forever`), or committing while the
        migration filled the table, indexes claims without a row: the lookup reads their
        postings instead (`block_neighbours`), this puts them back in a row each.

        Found by claim, not by posting: the claims up to the last one indexed without a row
        (the claims against their rows, by primary key), then those claims' postings alone.
        Scanning every posting for one without a row took a second per 100,000 claims, at
        every bulk match and rebuild, to find none."""
        self.write_pending()
        conn = self.session.connection()
        missing = conn.exec_driver_sql(
            "SELECT c.id FROM claim c WHERE c.id <= (SELECT max(claim_id) FROM claim_key) "
            "AND NOT EXISTS (SELECT 1 FROM claim_keyset ks WHERE ks.claim_id = c.id) ORDER BY c.id").scalars().all()
        if not missing:
            return 0
        if self._postgresql:
            joined, among, ids = "array_agg(key)", "= ANY(%s)", list(missing)
        else:
            joined, among, ids = "group_concat(key, char(31))", "IN (SELECT value FROM json_each(?))", json.dumps(missing)
        return conn.exec_driver_sql(
            f"INSERT INTO claim_keyset (claim_id, keys) SELECT claim_id, {joined} FROM claim_key "
            f"WHERE claim_id {among} AND {_OWN_KEYS} GROUP BY claim_id ORDER BY claim_id "
            "ON CONFLICT (claim_id) DO NOTHING", (ids,)).rowcount

    def drop_stale_keysets(self) -> int:
        """Remove the keyset rows that are not their claim's own postings (`stale_keysets`);
        how many. An older version's `dupes --rebuild` remade the postings and left the rows
        it does not know of: `fill_keysets` then stores those claims' rows afresh."""
        self.write_pending()
        return self.session.connection().exec_driver_sql(
            f"DELETE FROM claim_keyset WHERE claim_id IN ({stale_keysets(self._postgresql)})").rowcount

    # -- reading ---------------------------------------------------------------------------
    def idf_for(self, keys: Iterable[str]) -> IdfTable:
        self.write_pending()
        keys = self._wanted(keys)
        if not keys:
            df = {}
        elif self._postgresql:
            df = dict(self._fetch(f"SELECT key, df FROM key_stat WHERE {self._in('key', keys)}", self._values(keys)))
        else:  # one statement however many keys (a search reads a few hundred)
            df = dict(self._fetch(_DF_OF_JSON, [json.dumps(sorted(keys))]))
        return self._idf(df)

    def idf_with_titles(self, keys: Iterable[str], claim_ids: Sequence[int]) -> tuple[IdfTable, dict[int, str]]:
        """`idf_for(keys)` and `_titles(claim_ids)` (the title each claim appeared under) in
        one query: a new claim's first two reads were two round trips on PostgreSQL."""
        self.write_pending()
        keys = self._wanted(keys)
        if not claim_ids or not keys or (not self._postgresql and len(keys) + len(claim_ids) > 500):
            return self.idf_for(keys), _titles(self.session, claim_ids)
        # A title row: (claim id, appearance id, title, NULL); a count: (NULL, NULL, key, df).
        rows = self._fetch(
            f"SELECT NULL, NULL, key, df FROM key_stat WHERE {self._in('key', keys)} UNION ALL "
            "SELECT a.claim_id, a.id, ar.title, NULL FROM appearance a JOIN article ar ON ar.id = a.article_id "
            f"WHERE ar.title IS NOT NULL AND {self._in('a.claim_id', claim_ids)}",
            self._values(keys) + self._values(claim_ids))
        df = {key: count for cid, _, key, count in rows if cid is None}
        return self._idf(df), _first_titles(sorted(r[:3] for r in rows if r[0] is not None))

    def _wanted(self, keys: Iterable[str]) -> list[str]:
        keys = list(set(keys))
        if self._doc_count is None:
            keys.append(DOCS_KEY)
        return keys

    def _idf(self, df: dict[str, int]) -> IdfTable:
        if self._doc_count is None:
            self._doc_count = self._ensure_docs(df.pop(DOCS_KEY, None))
        return IdfTable(df, self._doc_count)

    def block_neighbours(self, blocks: list[str], *, before: int, pairs: Sequence[str] = ()
                         ) -> tuple[dict[int, list[str]], IdfTable]:
        """The `BLOCK_READ` latest claims under each of `blocks` (`PAIR_READ` under each of
        `pairs`, pair keys) with an id below `before`,
        each with its keys (its own, not its title's nor its pair keys: titles never decide a
        pair, pair keys only find one), in id order; and those keys' document frequencies.
        A claim's keys are its row of `claim_keyset` (migration 0019; SQLite: joined by U+001F,
        which no key holds; PostgreSQL: an array): a few hundred rows read by claim id, not
        thousands of postings; a claim indexed without a row (by an older version, see
        `fill_keysets`) has its own postings read instead. The df are read for the distinct
        keys (a nested loop into `key_stat` per posting cost three times that on PostgreSQL);
        on PostgreSQL all in one query."""
        m = self._marker
        def one(read: int) -> str:
            return (f"SELECT * FROM (SELECT claim_id FROM claim_key WHERE key = {m} AND claim_id < {m} "
                    f"ORDER BY claim_id DESC LIMIT {int(read)}) AS b")

        params: list = []
        for key in [*blocks, *pairs]:
            params += [key, before]
        reads = ' UNION '.join([one(BLOCK_READ)] * len(blocks) + [one(PAIR_READ)] * len(pairs))
        keys: dict[int, list[str]] = {}
        df: dict[str, int] = {}
        if self._postgresql:
            # A row each by claim id: two fifths less server time than the postings (~15 a
            # claim, each fetched from the table's pages), measured on 100,000 claims.
            # A neighbour without a row (indexed by an older version still running after
            # another process migrated the desk, see `fill_keysets`) has its own postings read
            # instead, in the same query: an index scan of an empty array when all have rows.
            lookup = (f"WITH r AS MATERIALIZED (SELECT b.claim_id, ks.keys FROM ({reads}) AS b "
                      "LEFT JOIN claim_keyset ks ON ks.claim_id = b.claim_id), "
                      "n AS MATERIALIZED (SELECT claim_id, keys FROM r WHERE keys IS NOT NULL UNION ALL "
                      "SELECT claim_id, array_agg(key) FROM claim_key WHERE claim_id = "
                      f"ANY(ARRAY(SELECT claim_id FROM r WHERE keys IS NULL)) AND {_OWN_KEYS} GROUP BY claim_id) "
                      "SELECT claim_id, keys, NULL::int[] FROM n UNION ALL "
                      "SELECT NULL, array_agg(ks.key), array_agg(ks.df) FROM key_stat ks "
                      "WHERE ks.key = ANY(ARRAY(SELECT DISTINCT unnest(keys) FROM n))")
            if self._pending is not None:
                # Postings added (see `add`) are written first, by a statement of their own
                # sent in the same round trip: the lookup starts after it, so once a writer
                # has waited there on another's locks on the counts (the claims count's row,
                # which every writer updates), the lookup's snapshot (READ COMMITTED: taken
                # when a statement starts) holds that writer's claim. Written by the lookup
                # itself (a data-modifying WITH), the wait came after the snapshot: two
                # writers at once missed each other's duplicates.
                posted, self._pending = self._pending, None
                _, rows = pipelined(self.session.connection(), [(_ADD_PG, posted, False), (lookup, params, False)])
            else:
                rows = self._fetch(lookup, params)
            for claim_id, theirs, counts in rows:
                if claim_id is not None:
                    keys[claim_id] = theirs
                elif theirs:
                    df.update(zip(theirs, counts, strict=True))
            return dict(sorted(keys.items())), IdfTable(df, self.doc_count())
        # SQLite: the rows, then the counts of their distinct keys (given as one JSON array:
        # one statement however many), a tenth less time than the postings joined to the counts.
        # A neighbour without a row (see `fill_keysets`) comes with NULL: its own postings are
        # read for it after, a second query only then.
        wanted: set[str] = set()
        # Ordered here: an ORDER BY sorted the rows anew in a temporary b-tree (the union
        # gives them in id order already, which a sort of a sorted list only checks).
        rows = self._fetch(f"SELECT b.claim_id, ks.keys FROM ({reads}) AS b LEFT JOIN claim_keyset ks "
                           "ON ks.claim_id = b.claim_id", params)
        rows.sort(key=itemgetter(0))
        if missing := [cid for cid, joined in rows if joined is None]:
            found = dict(self._fetch(
                f"SELECT claim_id, group_concat(key, char(31)) FROM claim_key WHERE claim_id IN "
                f"(SELECT value FROM json_each(?)) AND {_OWN_KEYS} GROUP BY claim_id", [json.dumps(missing)]))
            rows = [(cid, found.get(cid) if joined is None else joined) for cid, joined in rows]
        for claim_id, joined in rows:
            if joined is None:  # no own keys: no neighbour (as it has no row when it has none)
                continue
            wanted.update(theirs := joined.split(KEY_SEPARATOR))
            keys[claim_id] = theirs
        if wanted:
            df.update(self._fetch(_DF_OF_JSON, [json.dumps(sorted(wanted))]))
        return keys, IdfTable(df, self.doc_count())

    def claims_read(self, claim_ids: list[int]) -> list[tuple[int, str | None, str]]:
        """(id, external id, text) of each of the claims."""
        rows: list[tuple[int, str | None, str]] = []
        for chunk in self._lists(claim_ids):
            rows += self._fetch(f"SELECT id, external_id, text FROM claim WHERE {self._in('id', chunk)}",
                                self._values(chunk))
        return rows

    def _in(self, column: str, values: Sequence) -> str:
        """`column IN (...)`: on PostgreSQL `= ANY(array)`, one statement text whatever the
        number of values (psycopg prepares a statement it sees repeatedly; a list of markers
        is a new statement, planned anew, for every length)."""
        if self._postgresql:
            return f"{column} = ANY({self._marker})"
        return f"{column} IN ({', '.join([self._marker] * len(values))})"

    def _values(self, values: Sequence) -> list:
        return [list(values)] if self._postgresql else list(values)

    def _lists(self, values: list) -> Iterable[list]:
        """`values` in lists short enough for one `_in` (SQLite limits a statement's markers)."""
        if self._postgresql:
            return [values] if values else []
        return _chunks(values, 500)

    def _fetch(self, sql: str, params: Sequence) -> list[tuple]:
        """Rows through the DB-API cursor itself: SQLAlchemy's row handling costs more than
        a lookup's query."""
        with dbapi_cursor(self.session.connection(), sql) as cursor:
            cursor.execute(sql, tuple(params))
            return cursor.fetchall()

    def search_pool(self, keys: list[str], *, limit: int) -> PoolRead:
        """The `limit` best claims for a query's keys by BM25 over two fields, the claim's
        keys and (weighing `TITLE_WEIGHT`) its title's, as (claim id, text score, title
        score), best first; with their rows and titles, and the document frequencies read
        (the query's keys in both fields; on PostgreSQL the candidates' own keys too).
        The pool, its rows and titles come in one statement (PostgreSQL: with the counts of
        the candidates' keys), not four: each was a round trip (issue 13)."""
        heads = [TITLE_PREFIX + k for k in keys]
        idf = self.idf_for(keys + heads)
        asked = set(keys + heads)
        chosen = plan_query(keys, idf, max_postings=POSTINGS_BUDGET)
        chosen += plan_query(heads, idf, max_postings=POSTINGS_BUDGET)
        if not chosen:
            return PoolRead([], {}, {}, idf, asked)
        # BM25 summed in the database, keys being distinct per claim (tf is 1): the best
        # `limit` rows come back instead of every posting read.
        weights = [idf.bm25_idf(k) for k in chosen]
        titles = [1 if is_title_key(k) else 0 for k in chosen]
        m = self._marker
        if self._postgresql:
            query = f"unnest({m}::text[], {m}::float8[], {m}::int[]) AS q(key, w, t)"
            params = [chosen, weights, titles]
        else:
            query = f"(SELECT column1 AS key, column2 AS w, column3 AS t FROM (VALUES {', '.join([f'({m}, {m}, {m})'] * len(chosen))})) AS q"
            params = [x for row in zip(chosen, weights, titles, strict=True) for x in row]
        order = f"text_score + {TITLE_WEIGHT!r} * title_score DESC, claim_id"
        pool = (f"SELECT claim_id, text_score, title_score FROM (SELECT ck.claim_id, sum(q.w * (1 - q.t)) AS text_score, "
                f"sum(q.w * q.t) AS title_score FROM {query} JOIN claim_key ck ON ck.key = q.key "
                f"GROUP BY ck.claim_id) AS s ORDER BY {order} LIMIT {int(limit)}")
        # Rows of four kinds: 0 a candidate (its scores, external id, text; PostgreSQL: its
        # keys), 1 a title it appeared under (with the appearance's id: the first counts);
        # PostgreSQL: 2 the counts of the candidates' keys and their titles' words, 3 those
        # words (their title postings less the prefix: the words of the title each claim was
        # indexed with, which `search_pool` reads the counts of apart if it is not the same).
        pg = self._postgresql
        sql = (f"WITH s AS MATERIALIZED ({pool}), t AS MATERIALIZED (SELECT a.claim_id, a.id, ar.title "
               "FROM appearance a JOIN article ar ON ar.id = a.article_id "
               "WHERE ar.title IS NOT NULL AND a.claim_id IN (SELECT claim_id FROM s)) ")
        if pg:
            sql += (f", tk AS MATERIALIZED (SELECT DISTINCT substr(ck.key, {len(TITLE_PREFIX) + 1}) AS key "
                    "FROM claim_key ck WHERE ck.claim_id IN (SELECT claim_id FROM t) "
                    f"AND left(ck.key, {len(TITLE_PREFIX)}) = '{TITLE_PREFIX}') ")
        sql += ("SELECT 0, s.claim_id, NULL, s.text_score, s.title_score, c.external_id, c.text"
                f"{', ks.keys, NULL::int[]' if pg else ''} FROM s JOIN claim c ON c.id = s.claim_id "
                f"{'LEFT JOIN claim_keyset ks ON ks.claim_id = s.claim_id ' if pg else ''}"
                f"UNION ALL SELECT 1, t.claim_id, t.id, NULL, NULL, NULL, t.title{', NULL, NULL' if pg else ''} "
                "FROM t")
        if pg:
            sql += (" UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, array_agg(k.key), array_agg(k.df) "
                    "FROM key_stat k WHERE k.key = ANY(ARRAY(SELECT unnest(ks.keys) FROM s "
                    "JOIN claim_keyset ks ON ks.claim_id = s.claim_id UNION SELECT key FROM tk)) "
                    "UNION ALL SELECT 3, NULL, NULL, NULL, NULL, NULL, NULL, array_agg(key), NULL FROM tk")
        pooled, rows, titled = [], {}, []
        df = dict(idf.df)
        for kind, cid, appearance, text_score, title_score, external_id, body, *more in self._fetch(sql, params):
            if kind == 0:
                pooled.append((cid, text_score, title_score))
                rows[cid] = (cid, external_id, body)
                if more and more[0] is not None:
                    asked.update(more[0])
            elif kind == 1:
                titled.append((cid, appearance, body))
            elif more[0] is None:
                pass
            elif kind == 2:
                df.update(zip(more[0], more[1], strict=True))
            else:
                asked.update(more[0])
        # In the pool query's order (the same arithmetic on the same doubles).
        pooled.sort(key=lambda r: (-(r[1] + TITLE_WEIGHT * r[2]), r[0]))
        return PoolRead(pooled, rows, _first_titles(sorted(titled)), IdfTable(df, idf.doc_count), asked)

    # -- writing ---------------------------------------------------------------------------
    def add(self, items: Sequence[tuple[int, list[str]]], *, with_lookup: bool = False,
            own: Sequence[tuple[int, list[str]]] | None = None) -> None:
        """Index claims given as (claim id, keys). `with_lookup`: on PostgreSQL, a few claims'
        postings may be sent with the next lookup (:meth:`block_neighbours`; a statement of
        their own before it, in one round trip); anything else reading or writing the index
        writes them first. `own`: what `_keysets(items)` gives, where the caller holds it (the
        claims' own keys apart from their pair and title keys: none sought among them)."""
        self.write_pending()
        if not items:
            return
        docs = self.doc_count()  # made before the first rows of an index that predates it
        added = sum(len(keys) for _, keys in items)
        # PostgreSQL, many: COPY text made a claim at a time (`_copy_postings`).
        copied = self._postgresql and not self._staged and added >= 1_000
        # The (key, claim id) rows made only where they are written so (staged: a row a claim).
        postings = [] if self._staged or copied else [(k, cid) for cid, keys in items for k in keys]
        keysets = _keysets(items) if own is None else [(cid, keys) for cid, keys in own if keys]
        self._added += added
        counts = Counter(chain.from_iterable(keys for _, keys in items))
        for key in [k for k in counts if k.startswith(PAIR_PREFIX)]:
            del counts[key]  # a pair key's count is never read: not kept (most are held once)
        counts[DOCS_KEY] = len(items)
        if postings and self._postgresql and not self._staged and len(postings) < 1_000:
            # A few claims' postings and counts in one round trip (a new claim's: two).
            params = ([k for k, _ in postings], [cid for _, cid in postings], [cid for cid, _ in keysets],
                      [KEY_SEPARATOR.join(keys) for _, keys in keysets], list(counts), list(counts.values()))
            if with_lookup:
                self._pending = params
            else:
                self.session.connection().exec_driver_sql(_ADD_PG, params)
            self._doc_count = docs + len(items)
            return
        self._write_keysets(keysets)
        if self._staged:
            # A row a claim, not a posting: the executemany of ~18 rows a claim was a sixth
            # of a 100k import's SQL; the server splits them (`settle`).
            self._executemany(_STAGE_POSTING, [(cid, json.dumps(keys, ensure_ascii=False)) for cid, keys in items
                                               if keys])
        elif copied:
            self._copy_postings(items)
        elif postings:
            # The driver's own executemany: SQLAlchemy's parameter handling would cost more
            # than the insert at this volume.
            self._executemany(_INSERT_POSTING, postings)
        if self._held_df is not None:
            self._held_df.update(counts)
        else:
            self._executemany(_UPSERT_DF, list(counts.items()))
        self._doc_count = docs + len(items)

    def stage(self, *, remake_claim_index: bool) -> None:
        """Hold the key counts of the claims added from here on until :meth:`settle`. On
        PostgreSQL the postings are written as they come. On SQLite, gather them in a
        temporary table, unindexed, a row per claim (its keys as a JSON array), until
        :meth:`settle` writes them into the index in key order at once. Millions of
        postings inserted in claim order touch the key index at random: once it outgrows the
        page cache, every insert rewrites a page (superlinear; gigabytes of WAL at 1M claims).
        `remake_claim_index`: also drop the claim-id index meanwhile and build it again
        after (worth it when the batch is at least as large as the store)."""
        self.write_pending()
        if self._held_df is None:
            # The key counts are written once, at settle(): per page, most keys of the
            # store were updated again and again (on PostgreSQL each a new row version, a
            # tenth of an import; on SQLite a tenth of its index writes).
            self._held_df = Counter()
        if self._paramstyle != "qmark" or self._staged:
            return
        self.session.connection().exec_driver_sql(
            "CREATE TEMP TABLE staged_posting (claim_id INTEGER NOT NULL, keys TEXT NOT NULL)")
        self._staged, self._remake_claim_index = True, remake_claim_index

    def settle(self) -> None:
        """Write the staged postings into the index (see :meth:`stage`); on PostgreSQL, after
        many postings, refresh the planner's statistics of the index (inside the transaction:
        it sees them). With the counts of an empty table, it joined a lookup's 100 claims to
        all the postings by hash, a second per lookup, until autovacuum came by (when on)."""
        self.write_pending()
        if self._held_df is not None:
            held, self._held_df = self._held_df, None
            self._executemany(_UPSERT_DF, sorted(held.items()))
        if self._postgresql and self._added >= ANALYZE_AFTER:
            self.session.connection().exec_driver_sql("ANALYZE claim_key, key_stat")
            self._added = 0
        if not self._staged:
            return
        conn = self.session.connection()
        claim_index = None
        if self._remake_claim_index:
            claim_index = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_claim_key_claim_id'").scalar()
            if claim_index:
                conn.exec_driver_sql("DROP INDEX ix_claim_key_claim_id")
        conn.exec_driver_sql("INSERT INTO claim_key (key, claim_id) "
                             "SELECT k.value, s.claim_id FROM staged_posting s, json_each(s.keys) k "
                             "ORDER BY 1, 2")
        conn.exec_driver_sql("DROP TABLE staged_posting")
        if claim_index:
            conn.exec_driver_sql(claim_index)  # built once, from the table in key order
        self._staged = False

    def _write_keysets(self, keysets: list[tuple[int, list[str]]]) -> None:
        """The claims' rows of `claim_keyset` (see `_keysets`)."""
        if not keysets:
            return
        if self._postgresql:
            # One statement however many: the lists joined, split by the server.
            self.session.connection().exec_driver_sql(_INSERT_KEYSETS_PG, (
                [cid for cid, _ in keysets], [KEY_SEPARATOR.join(keys) for _, keys in keysets]))
        else:
            self._executemany(_INSERT_KEYSET, [(cid, KEY_SEPARATOR.join(keys)) for cid, keys in keysets])

    def _copy_postings(self, items: Sequence[tuple[int, list[str]]]) -> None:
        """PostgreSQL: the postings of claims given as (claim id, keys) by COPY (a tenth of an
        executemany's time), its text made here a claim at a time: a (key, id) tuple and a
        `write_row` call a posting were a sixth of a 100k import's client CPU."""
        copy_text(self.session.connection(), "COPY claim_key (key, claim_id) FROM STDIN", _posting_lines(items))

    def remove(self, claim_id: int) -> None:
        self.write_pending()
        keys = list(self.session.exec(select(ClaimKey.key).where(ClaimKey.claim_id == claim_id)))
        if not keys:
            return
        docs = self.doc_count()
        self.session.execute(delete(ClaimKey).where(col(ClaimKey.claim_id) == claim_id))
        self.session.execute(delete(ClaimKeyset).where(col(ClaimKeyset.claim_id) == claim_id))
        self._executemany(_UPSERT_DF, [(k, -1) for k in keys if not k.startswith(PAIR_PREFIX)] + [(DOCS_KEY, -1)])
        self._doc_count = docs - 1

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if sql is _UPSERT_DF and self._postgresql:
            # One statement over two arrays: an executemany is one execution on the server
            # per key (tens of thousands for a page of an import).
            keys, counts = zip(*rows, strict=True)
            self.session.connection().exec_driver_sql(_UPSERT_DF_PG, (list(keys), list(counts)))
            return
        marker = "?" if self._paramstyle == "qmark" else "%s"
        self.session.connection().exec_driver_sql(sql.replace("?", marker), rows)


# ON CONFLICT ... DO UPDATE is the same on SQLite (3.24+) and PostgreSQL.
_SELECT_STATS = text("SELECT key, df FROM key_stat WHERE key IN :keys").bindparams(
    bindparam("keys", expanding=True)
)
_INSERT_POSTING = "INSERT INTO claim_key (key, claim_id) VALUES (?, ?)"
# SQLite: the counts of keys given as one JSON array of distinct keys, a seek each in the
# array's order (CROSS JOIN keeps it). `key IN (SELECT value FROM json_each(?))` first built
# a temporary index of the array: 15% more for a new claim's neighbours' 800-3,000 keys.
_DF_OF_JSON = "SELECT k.key, k.df FROM json_each(?) AS j CROSS JOIN key_stat k ON k.key = j.value"
_ADD_PG = ("WITH posted AS (INSERT INTO claim_key (key, claim_id) SELECT * FROM unnest(%s::text[], %s::int[])), "
           "kept AS (INSERT INTO claim_keyset (claim_id, keys) "
           "SELECT u.id, string_to_array(u.keys, chr(31)) FROM unnest(%s::int[], %s::text[]) AS u(id, keys)) "
           "INSERT INTO key_stat (key, df) SELECT * FROM unnest(%s::text[], %s::int[]) "
           "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df")
# The keys joined by U+001F (KEY_SEPARATOR, chr(31)), split by the server.
_INSERT_KEYSETS_PG = ("INSERT INTO claim_keyset (claim_id, keys) SELECT u.id, string_to_array(u.keys, chr(31)) "
                      "FROM unnest(%s::int[], %s::text[]) AS u(id, keys)")
_INSERT_KEYSET = "INSERT INTO claim_keyset (claim_id, keys) VALUES (?, ?)"
# A posting of a claim's own keys (not a title's, not a pair key): what its keyset row holds.
# (No LIKE: its '%' would be a parameter's marker to psycopg.)
_OWN_KEYS = " AND ".join(f"substr(key, 1, {len(prefix)}) <> '{prefix}'" for prefix in (TITLE_PREFIX, PAIR_PREFIX))
# Claims with own postings and no keyset row (`StoreIndex.fill_keysets`).
WITHOUT_KEYSET = (f"FROM claim_key ck WHERE {_OWN_KEYS} AND NOT EXISTS "
                  "(SELECT 1 FROM claim_keyset ks WHERE ks.claim_id = ck.claim_id)")


def stale_keysets(postgresql: bool) -> str:
    """The claim ids of keyset rows out of step with the postings: a claim with no posting of
    its own keys, or not as many as its row holds (keys are distinct in both). Counted, not
    compared key by key: one grouping of the postings, as migration 0019 filled them."""
    held = "cardinality(ks.keys)" if postgresql else "length(ks.keys) - length(replace(ks.keys, char(31), '')) + 1"
    return (f"SELECT ks.claim_id FROM claim_keyset ks LEFT JOIN (SELECT claim_id, count(*) AS n FROM claim_key "
            f"WHERE {_OWN_KEYS} GROUP BY claim_id) p ON p.claim_id = ks.claim_id "
            f"WHERE p.n IS NULL OR p.n <> {held}")


_STAGE_POSTING = "INSERT INTO staged_posting (claim_id, keys) VALUES (?, ?)"
_UPSERT_DF = (
    "INSERT INTO key_stat (key, df) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df"
)
# A key given twice would be updated twice by one statement (an error): callers give each once.
_UPSERT_DF_PG = ("INSERT INTO key_stat (key, df) SELECT * FROM unnest(%s::text[], %s::int[]) "
                 "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df")


# COPY's text format: these four characters are written escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _posting_lines(items: Iterable[tuple[int, list[str]]], claims_a_block: int = 1_000) -> Iterator[str]:
    """The rows `key<TAB>claim id` of COPY's text format of the claims' postings, in blocks
    of `claims_a_block` claims: a claim's lines made by one join of its keys."""
    block: list[str] = []
    for cid, keys in items:
        if not keys:
            continue
        end = f"\t{cid}\n"
        lines = end.join(keys) + end
        if "\\" in lines or "\r" in lines or lines.count("\t") != len(keys) or lines.count("\n") != len(keys):
            lines = end.join(k.translate(_COPY_ESCAPES) for k in keys) + end
        block.append(lines)
        if len(block) >= claims_a_block:
            yield "".join(block)
            block = []
    if block:
        yield "".join(block)


def _keysets(items: Sequence[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """(claim id, own keys) of the claims given as (claim id, keys) that have own keys: their
    keys less their titles' and pair keys (what a lookup reads of a neighbour)."""
    found = []
    for cid, keys in items:
        own = [k for k in keys if not k.startswith((TITLE_PREFIX, PAIR_PREFIX))]
        if own:
            found.append((cid, own))
    return found


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# pg_advisory_xact_lock key of the transactions that store new claims and match them ('clms').
ADDING_CLAIMS_LOCK = 0x636C6D73


def wait_to_add_claims(session: Session) -> None:
    """Before a transaction stores new claims (an ingest, an import): on PostgreSQL, wait for
    any other such transaction to commit, and hold the next off until this one does, as
    SQLite's one writer does. Each matches its claims against the claims stored before them
    (smaller ids) that it can see: two imports at once saw none of each other's (uncommitted,
    or at ids after their own), so a claim in both files was stored twice, neither merged nor
    suggested, where the same files imported one after the other merged it. Taken before the
    claims get their ids, so the later writer's claims come after the earlier's, which it sees."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADDING_CLAIMS_LOCK})


@contextmanager
def bulk_work(session: Session):
    """A bigger SQLite page cache while one transaction writes millions of rows: with the
    default 2 MB, every index outgrowing it (the queue's, the postings') spills pages to the
    WAL again and again (gigabytes of it at 1M claims)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-131072")  # 128 MB
    try:
        yield
    finally:
        with suppress(SQLAlchemyError):  # a failed transaction's own error is the one to see
            conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


# -- storing matches ------------------------------------------------------------------------


def _apply_many(session: Session, found: Iterable[tuple[int, int, MatchResult | Decided]], batch: str
                ) -> MatchSummary:
    """Store the matches found (a pair already stored keeps its state) and merge the duplicates.

    `found` is consumed a few thousand pairs at a time: the match rows never all sit in memory.
    """
    now = utcnow()
    conn = session.connection()
    stamp = _bound(conn, Match.__table__.c.created_at, now)  # the text SQLAlchemy would write
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    insert_rows, row_markers = _INSERT_MATCH.replace("?", marker), _ROW_MARKERS.replace("?", marker)
    merges: list[tuple[int, int]] = []
    counts = Counter()
    chunk: list[tuple[int, int, Decided]] = []
    merging: list[_Merging] = []  # PostgreSQL: a merge's reads, made with a few matches' insert

    def flush(few: bool) -> None:
        # A pair stored already (before this batch, or by an earlier chunk of it: the same
        # transaction reads it back) is skipped, so only this chunk's pairs are held here:
        # a set of every pair the batch found grew with it (30 MB for an article's 200,000).
        # A few pairs (a new claim's) are inserted at once, a stored pair skipped by the
        # insert itself (ON CONFLICT DO NOTHING), which returns the pairs it stored.
        existing: set[tuple[int, int]] = set()
        if not few:
            for ids in _chunks(sorted({min(a, b) for a, b, _ in chunk}), 500):
                existing.update(session.execute(_PAIRS_FROM, {"ids": ids}).all())
        rows, kept = [], []
        for a, b, result in chunk:
            pair = _pair(a, b)
            if pair in existing:
                continue
            existing.add(pair)
            auto = result.decision == DUPLICATE
            rows.append((
                pair[0], pair[1], round(result.score, 2), result.scorer, result.explanation,
                _CONFIRMED if auto else _SUGGESTED, result.conflict,
                SYSTEM_REVIEWER if auto else None, stamp if auto else None, stamp,
            ))
            kept.append((pair, a, b, result))
        if few and rows:
            sql = insert_rows.replace(row_markers, ", ".join([row_markers] * len(rows))) + _IF_NEW
            params = tuple(x for row in rows for x in row)
            named = sorted({i for _, a, b, result in kept if result.decision == DUPLICATE for i in (a, b)})
            if named and conn.dialect.name == "postgresql":
                # The insert and the merge's reads of the claims it would merge in one round
                # trip (see `_Merging`), the heads locked before the insert and after a savepoint.
                session.flush()  # as `_merge_pairs` does before it reads
                _, heads, done, now = pipelined(conn, _merge_reads(named, (sql, params, False)))
                stored = set(done)
                merging.append(_merging(named, heads, now))
            else:
                stored = set(conn.exec_driver_sql(sql, params).all())
            kept = [k for k in kept if k[0] in stored]
        elif len(rows) >= COPY_MIN_MATCHES and conn.dialect.name == "postgresql":
            copy_rows(conn, _COPY_MATCH, rows)  # the triggers fire per row as for an INSERT
        elif rows:
            # The driver's executemany: SQLAlchemy's handling of 200,000 rows of parameters
            # (an article of near-duplicates) cost as much as the database's insert.
            conn.exec_driver_sql(insert_rows, rows)
        for _, a, b, result in kept:
            auto = result.decision == DUPLICATE
            if auto:
                merges.append((a, b))
            counts["duplicates" if auto else "conflicts" if result.conflict else "suggestions"] += 1
        chunk.clear()

    with ExitStack() as at_once:
        many = False
        for a, b, result in found:
            chunk.append((a, b, result if isinstance(result, Decided) else decided(result)))
            if len(chunk) >= APPLY_CHUNK:
                if not many:  # many rows: the triggers' marks set at a time (a few: row by row)
                    at_once.enter_context(match_rows_at_once(session))
                    many = True
                flush(few=False)
        few = not many and len(chunk) <= FEW_MATCHES
        given = list(chunk) if few else []
        if chunk:
            flush(few=few)
    merged: list[int] = []  # the claims (heads) merged into another: what a summary counts
    for attempt in range(MERGE_ATTEMPTS):
        try:
            merged.clear()
            _merge_pairs(session, merges, batch=batch, read=merging[0] if merging else None, heads_merged=merged)
            break
        except MovedWhileWaiting:
            # (a merge with a savepoint of its own tried again from it)
            if not merging or attempt == MERGE_ATTEMPTS - 1:
                raise
            # A few matches' insert and merge (PostgreSQL): back to before both (the heads'
            # locks let go, and the matches' rows with theirs), and again from there.
            conn.exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
            merging.clear()
            merges.clear()
            counts.clear()
            chunk[:] = given
            flush(few=True)
    return MatchSummary(**counts, merged=len(merged))


APPLY_CHUNK = 5_000  # matches found stored at a time
FEW_MATCHES = 100  # stored by one INSERT that skips the pairs stored already (SQLite: 10 markers a row)
COPY_MIN_MATCHES = 1_000  # PostgreSQL: a chunk of this many new rows is written by COPY
_CONFIRMED, _SUGGESTED = MatchState.CONFIRMED.value, MatchState.SUGGESTED.value
_ROW_MARKERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_MATCH = ('INSERT INTO "match" (claim_a_id, claim_b_id, score, scorer, explanation, state, "conflict", '
                 f"decided_by, decided_at, created_at) VALUES {_ROW_MARKERS}")
_IF_NEW = " ON CONFLICT (claim_a_id, claim_b_id) DO NOTHING RETURNING claim_a_id, claim_b_id"
_COPY_MATCH = ('COPY "match" (claim_a_id, claim_b_id, score, scorer, explanation, state, "conflict", '
               "decided_by, decided_at, created_at) FROM STDIN")


def _bound(conn, column, value):
    """`value` as the column's type binds it on this connection (a datetime is text on SQLite)."""
    process = column.type._cached_bind_processor(conn.dialect)
    return value if process is None else process(value)


class _Merging(NamedTuple):
    """A merge's reads made beforehand (PostgreSQL, with a few matches' insert, one round trip):
    the `_HEADS_OF` rows of the claims `named`, locked, then, in the next statement (after
    those locks, so from a snapshot taken once they are held), each named claim's head then
    (`now`) and whether that head has members (`has_members`, by head). Nothing of the
    members is read nor locked: a cluster merged into another has its members locked and
    read by `_merge_pairs` as ever, unless it has none (a new claim alone), and the cluster
    merged into keeps its members as they are. A head merged that is not among them (a
    claim moved meanwhile) has its members read."""
    named: set[int]
    heads: list[tuple]
    now: dict[int, int]
    has_members: dict[int, bool]


def _merge_reads(named: list[int], insert: tuple[str, tuple, bool]) -> list[tuple[str, tuple | None, bool]]:
    """A savepoint, the heads of the claims `named` locked, the matches' `insert`, then each
    named claim's head now. The heads are locked before the insert: its foreign-key checks
    lock the claims it names (FOR KEY SHARE), which a change taking those claims FOR UPDATE
    (an import's undo) would wait for while holding a head this merge waits for. And the
    savepoint before both lets a retry go back to holding none of them (`_apply_many`)."""
    return [(_SAVEPOINT, None, False),
            (_HEADS_OF.replace("{ids}", "= ANY(%s)") + " FOR NO KEY UPDATE OF h", (named,), False),
            insert,
            (_HEADS_WITH_MEMBERS, (named,), False)]


def _merging(named: list[int], heads: list[tuple], now: list[tuple]) -> _Merging:
    return _Merging(set(named), heads, {cid: head for cid, head, _ in now}, {head: has for _, head, has in now})


# Each claim's head (read after the heads are locked: whoever moves a member holds its
# head's lock, so what is read then stays true) and whether that head has members: a
# member's id in ix_claim_priority's order, the first entry of the head's (an EXISTS, or no
# order, was planned as a scan of the table when one cluster held most claims: 6 ms at 20,000).
_HEADS_WITH_MEMBERS = (
    "SELECT c.id, coalesce(c.canonical_id, c.id), (SELECT m.id FROM claim m WHERE m.canonical_id = "
    "coalesce(c.canonical_id, c.id) ORDER BY m.priority, m.id LIMIT 1) IS NOT NULL FROM claim c WHERE c.id = ANY(%s)")
_POINTS_AT = "SELECT id, coalesce(canonical_id, id) FROM claim WHERE id {ids}"


def _follow_moved(session: Session, canon: dict[int, int | None], heads: dict[int, _Head], suspect: list[int],
                  read: _Merging | None) -> bool:
    """Follow the claims whose head changed while its lock was waited for (PostgreSQL);
    whether any did. `_HEADS_OF` locks the heads it found from its snapshot, and a head
    merged away meanwhile is a member once locked (PostgreSQL returns the row as it is now);
    a member's pointer was read before the wait. So the `suspect` claims (members, and heads
    that came back with a pointer) are read again after the locks (with the insert's
    pipeline, `read.now`, at no cost), and those that moved are followed to their heads now
    by `team.lock_heads`, which locks them or, rather than wait for one out of order (this
    merge holds heads already), gives up with MovedWhileWaiting: `_merge_pairs` then lets go
    of its heads and takes them again, in order."""
    if read is not None:
        now = read.now
    else:
        now = {cid: head for chunk in _chunks(suspect, 500) for cid, head in _read(session, _POINTS_AT, chunk)}
    moved = [cid for cid in suspect if now.get(cid) != (canon[cid] or cid)]
    claim = Claim.__table__
    columns = [claim.c.status, claim.c.verdict, claim.c.verdict_note, claim.c.evidence]
    for chunk in _chunks(moved, 500):
        for cid, row in lock_heads(session.connection(), chunk, columns, wait=False).items():
            canon[cid] = None if row["id"] == cid else row["id"]
            heads[row["id"]] = _Head(row["id"], row["version"], row["status"], row["verdict"],
                                     row["verdict_note"], row["evidence"])
    return bool(moved)


# A merge's heads are locked after a savepoint (PostgreSQL), so that a merge that cannot
# follow a claim moved meanwhile without waiting out of order lets go of them and tries again
# (see `_follow_moved`). One per merge: the savepoint is left in place, not released (one
# round trip less; it ends with the transaction).
_SAVEPOINT = "SAVEPOINT claims_merge_heads"
_ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT claims_merge_heads"
MERGE_ATTEMPTS = 5


def _locked_heads(session: Session, named: list[int], read: _Merging | None, lock: bool
                  ) -> tuple[dict[int, int | None], dict[int, _Head], _Merging | None]:
    """Each claim's head (itself when it heads a cluster or stands alone) and the heads'
    rows, in one read: the heads merged and merged into are among them (locked, in id
    order, on PostgreSQL). `read` as it stays usable: None once claims were followed."""
    canon: dict[int, int | None] = {}
    heads: dict[int, _Head] = {}
    if read is not None:
        chunks = [read.heads]
    elif lock:  # one statement, so the heads are locked in id order, all of them (500 at a time, each
        # part in order, the whole was not: a change taking two heads in order deadlocked with it)
        chunks = _read_in_parts(session, _HEADS_OF + " FOR NO KEY UPDATE OF h", named, HEADS_PART)
    else:
        chunks = (_read(session, _HEADS_OF, chunk) for chunk in _chunks(named, 500))
    suspect: list[int] = []  # claims whose head may have moved while it was waited for
    wanted = set(named)  # read.named may hold more: the pairs the insert skipped
    for rows in chunks:
        for cid, canonical_id, *head, pointer in rows:
            canon[cid] = canonical_id
            heads[head[0]] = _Head(*head)
            if (canonical_id is not None or pointer is not None) and cid in wanted:
                suspect.append(cid)
    if lock and suspect and _follow_moved(session, canon, heads, suspect, read):
        read = None  # whether the heads now have members is not known: they are read
    return canon, heads, read


def _merge_pairs(session: Session, pairs: Sequence[tuple[int, int]], *, batch: str,
                 reviewer: str = SYSTEM_REVIEWER, action: str = "auto-merge", read: _Merging | None = None,
                 heads_merged: list[int] | None = None) -> int:
    """Merge the clusters of many pairs at once; the number of claims moved. The heads merged
    into another cluster (the claims merged, as a summary counts them: not the members that
    moved with them, nor the pairs) are added to `heads_merged`.

    The outcome is what `clusters.merge_in_session(session, [a, b])` gives pair after pair:
    b's cluster joins a's (union-find, a's side the root), a canonical claim without a verdict
    takes the first verdict merged into it, suggested matches inside a new cluster are
    confirmed, and every change is an audit row of `batch` (so it is undone as one action).
    The writes are executemany UPDATEs, each checking the version read here, so a claim
    somebody changed meanwhile fails the whole change (StaleVersion) as `touch` would.
    (This belongs with `claims.services.clusters`; it lives here while that module changes.)
    """
    if not pairs:
        return 0
    session.flush()  # ORM changes first: from here on the writes are Core statements
    claim = Claim.__table__
    named = sorted({i for pair in pairs for i in pair})
    lock = session.get_bind().dialect.name == "postgresql"
    # A pipelined `read` came after a savepoint of `_apply_many`'s, which tries again from it;
    # else the heads are locked after one of this merge's own.
    own_savepoint = lock and read is None
    if read is not None and not read.named.issuperset(named):
        read = None
    if own_savepoint:
        session.connection().exec_driver_sql(_SAVEPOINT)
    for attempt in range(MERGE_ATTEMPTS):
        try:
            canon, heads, read = _locked_heads(session, named, read, lock)
            break
        except MovedWhileWaiting:
            if not own_savepoint or attempt == MERGE_ATTEMPTS - 1:
                raise
            # A head merged away while it was waited for, and its new head busy: the heads'
            # locks let go (this merge held them out of order) and taken again in order,
            # waiting this time, from where the claims stand now.
            session.connection().exec_driver_sql(_ROLLBACK_TO_SAVEPOINT)
            read = None
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while root in parent:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(canon[a] or a), find(canon[b] or b)
        if ra != rb:
            parent[rb] = ra
    if not parent:
        return 0
    joined: dict[int, list[int]] = {}  # target -> canonical claims merged into it, in order
    for head in parent:
        joined.setdefault(find(head), []).append(head)
    members: dict[int, list[tuple[int, int]]] = {}  # merged head -> its members (id, version)
    unread = sorted(parent)
    if read is not None:  # a head known to have no members has none to lock or read
        unread = [head for head in unread if read.has_members.get(head, True)]
    for chunk in _chunks(unread, 500):
        for cid, head, version in _read(session, _MEMBERS + (" FOR NO KEY UPDATE" if lock else ""), chunk):
            members.setdefault(head, []).append((cid, version))

    now = utcnow()
    stamp = _bound(session.connection(), claim.c.updated_at, now)  # as SQLAlchemy would bind it
    moves: list[tuple] = []  # (target, new version, updated_at, claim, version read)
    bumps: list[tuple] = []  # heads that stay heads: only their version is raised
    events: list[dict] = []

    def event(claim_id: int, field: str, old, new) -> None:
        events.append({"batch": batch, "reviewer": reviewer, "action": action, "claim_id": claim_id,
                       "match_id": None, "field": field, "old": None if old is None else str(old),
                       "new": None if new is None else str(new), "note": None, "at": now,
                       "undone": False})

    for target, merged in joined.items():
        for head in merged:
            for cid, version, old in [(head, heads[head].version, None),
                                      *((m, v, head) for m, v in members.get(head, ()))]:
                moves.append((target, version + 1, stamp, cid, version))
                event(cid, "canonical_id", old, target)
        row = heads[target]
        values = {}
        if row.verdict is None:
            donor = next((heads[h] for h in merged if heads[h].verdict is not None), None)
            if donor is not None:  # keep a finding a reviewer made on a claim merged in
                for field in ("status", "verdict", "verdict_note", "evidence"):
                    if getattr(donor, field) != getattr(row, field):
                        values[field] = getattr(donor, field)
                        event(target, field, getattr(row, field), getattr(donor, field))
        if values:
            _checked(session, update(claim).where(claim.c.id == target, claim.c.version == row.version)
                     .values(**values, version=row.version + 1, updated_at=now), 1)
        else:
            bumps.append((None, row.version + 1, stamp, target, row.version))
    if lock:  # PostgreSQL: one statement (an unchanged canonical_id costs it no index write)
        moves += bumps
        bumps = []
    conn = session.connection()
    if lock and len(events) <= FEW_MATCHES and len(joined) <= 500:
        # A few claims' writes and the next read in one round trip: the moves, their audit
        # rows (those of matches confirmed follow them), the matches within the clusters.
        event_sql, event_rows = _event_rows(conn, events)
        moved, _, within = pipelined(conn, [(_MOVE_OR_BUMP.replace("?", "%s"), moves, True),
                                            (event_sql, event_rows, True), _ids_step(conn, _MATCHES_WITHIN, list(joined))])
        if moved != len(moves):
            raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")
        confirmed: list[dict] = []
        _confirm_within(session, list(joined), event_rows=confirmed, batch=batch, reviewer=reviewer, now=now,
                        read=within)
        _insert_events(session, confirmed)
    else:
        if lock:
            _moved_at_once(conn, moves, stamp)
        else:
            _checked_rows(conn, _MOVE, moves)
            _checked_rows(conn, _BUMP, [row[1:] for row in bumps])
        _confirm_within(session, list(joined), event_rows=events, batch=batch, reviewer=reviewer, now=now)
        _insert_events(session, events)
    session.info.setdefault("batches", set()).add(batch)
    for obj in list(session.identity_map.values()):  # ORM copies of what changed underneath
        if isinstance(obj, (Claim, Match)):
            session.expire(obj)
    if heads_merged is not None:
        heads_merged.extend(parent)
    return len(moves)


# The statements of storing and merging, made once: building one costs more than running it
# for a single new claim (a third of its matching went to building statements).
_IDS = bindparam("ids", expanding=True)
_claim, _match = Claim.__table__, Match.__table__
_PAIRS_FROM = select(_match.c.claim_a_id, _match.c.claim_b_id).where(_match.c.claim_a_id.in_(_IDS))
# The reads of a merge, run through the DB-API cursor (`_read`): SQLAlchemy's handling of a
# statement cost more than one of these for a single new claim. `{ids}`: an id list.
class _Head(NamedTuple):
    id: int
    version: int
    status: str
    verdict: str | None
    verdict_note: str | None
    evidence: str


# Each claim's head (itself when it heads a cluster or stands alone), that head's row and its
# pointer (set when, locked, it was merged away while waited for: see `_follow_moved`).
_HEADS_OF = ("SELECT c.id, c.canonical_id, h.id, h.version, h.status, h.verdict, h.verdict_note, h.evidence, "
             "h.canonical_id "
             "FROM claim c JOIN claim h ON h.id = coalesce(c.canonical_id, c.id) WHERE c.id {ids} "
             "ORDER BY h.id, c.id")  # heads locked in id order (PostgreSQL), as merge does
_MEMBERS = "SELECT id, canonical_id, version FROM claim WHERE canonical_id {ids} ORDER BY id"
# The matches from each claim of the clusters `ids` (the heads): with the cluster the claim is
# in and the one the other side is in.
_MATCHES_WITHIN = (
    "SELECT m.id, m.claim_a_id, m.state, x.head, coalesce(c.canonical_id, c.id) FROM "
    "(SELECT id, id AS head FROM claim WHERE id {ids} UNION ALL "
    "SELECT id, canonical_id FROM claim WHERE canonical_id {ids}) x "
    'JOIN "match" m ON m.claim_a_id = x.id JOIN claim c ON c.id = m.claim_b_id')


def _read(session: Session, sql: str, ids: Sequence[int]) -> list[tuple]:
    """The rows of a read whose `{ids}` stand for `IN` the ids (PostgreSQL: `= ANY` an array,
    one statement text whatever their number)."""
    conn = session.connection()
    sql, params, _ = _ids_step(conn, sql, ids)
    with dbapi_cursor(conn, sql) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


HEADS_PART = 5_000  # rows of a merge's heads read fetched at a time (PostgreSQL)


def _read_in_parts(session: Session, sql: str, ids: Sequence[int], size: int) -> Iterator[list[tuple]]:
    """PostgreSQL: `_read` of all the `ids` in one statement, its rows fetched `size` at a time
    (a server-side cursor; a locking read locks them as they come, in its order). Every row
    at once repeated each head's text for each of its claims: 209 MB for an import's 200,000
    claims in clusters of ten with 500 characters of evidence (found in review)."""
    conn = session.connection()
    sql, params, _ = _ids_step(conn, sql, ids)
    dbapi = conn.dialect.loaded_dbapi
    try:
        with conn.connection.dbapi_connection.cursor(name="claims_merge_read") as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(size):
                yield rows
    except dbapi.Error as e:
        raise DBAPIError.instance(sql, None, e, dbapi.Error, dialect=conn.dialect) from e


def _ids_step(conn, sql: str, ids: Sequence[int]) -> tuple[str, tuple, bool]:
    """The read `sql` of the `ids` as a (sql, parameters, many) step (`pipelined`): its `{ids}`
    stand for `IN` the ids (PostgreSQL: `= ANY` an array)."""
    n = sql.count("{ids}")
    if conn.dialect.name == "postgresql":
        sql, params = sql.replace("{ids}", "= ANY(%s)"), [list(ids)] * n
    else:
        sql, params = sql.replace("{ids}", f"IN ({', '.join('?' * len(ids))})"), list(ids) * n
    return sql, tuple(params), False


# A claim joins the cluster (canonical_id, new version, updated_at, id, version read); its
# target, a head, has its version raised (the same less the first). Apart on SQLite: a
# canonical_id in the SET list rewrites the five queue indexes holding it and fires the
# triage trigger even when unchanged (two thirds of a new claim's merge); the head is marked
# for a refresh by its new members' moves all the same. Driver SQL (`_checked_rows`).
_MOVE = "UPDATE claim SET canonical_id=?, version=?, updated_at=? WHERE claim.id = ? AND claim.version = ?"
_BUMP = "UPDATE claim SET version=?, updated_at=? WHERE claim.id = ? AND claim.version = ?"
_MOVE_OR_BUMP = ("UPDATE claim SET canonical_id=coalesce(?::integer, claim.canonical_id), version=?, "  # None: a bump
                 "updated_at=? WHERE claim.id = ? AND claim.version = ?")
_CONFIRM = update(_match).where(_match.c.id == bindparam("_id")).values(
    state=MatchState.CONFIRMED.value, decided_by=bindparam("_by"), decided_at=bindparam("_at"))


# PostgreSQL, many claims: `_MOVE_OR_BUMP` of every row in one statement over arrays. Run
# row by row it was 17,718 executions (and as many rows sent by psycopg) in an import of 100k.
_MOVES_AT_ONCE = ("UPDATE claim SET canonical_id=coalesce(v.target, claim.canonical_id), version=v.version, "
                  "updated_at=%s FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[]) "
                  "AS v(target, version, id, was) WHERE claim.id = v.id AND claim.version = v.was")
MOVES_PART = 50_000


def _moved_at_once(conn, moves: list[tuple], stamp) -> None:
    """`_checked_rows(conn, _MOVE_OR_BUMP, moves)` on PostgreSQL as one UPDATE per
    `MOVES_PART` rows (each claim is in `moves` once: a head is moved or raised, never both)."""
    changed = 0
    for part in _chunks(moves, MOVES_PART):
        target, version, _, ids, was = zip(*part, strict=True)
        changed += conn.exec_driver_sql(_MOVES_AT_ONCE, (stamp, list(target), list(version), list(ids),
                                                         list(was))).rowcount
    if changed != len(moves):
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _checked_rows(conn, sql: str, rows: list[tuple]) -> None:
    """An UPDATE `sql` (`?` markers) run once per row through the driver's executemany (as
    `session.execute` would, without its statement handling: most of a new claim's merge),
    each row required to change one claim: else StaleVersion, as `_checked`."""
    if not rows:
        return
    sql = sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")
    changed = sum(conn.exec_driver_sql(sql, chunk).rowcount for chunk in _chunks(rows, 5000))
    if changed != len(rows):
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _insert_events(session: Session, events: list[dict]) -> None:
    """The audit rows of a merge. A few (a new claim's) by the driver's executemany, the
    values bound as SQLAlchemy binds them (SQLite: a datetime as its text, a bool as 0/1);
    many on PostgreSQL as one INSERT ... unnest (`audit.insert_events`): through SQLAlchemy
    they were still one execution per row on the server (9,823 in an import of 100k)."""
    conn = session.connection()
    if len(events) > FEW_MATCHES and conn.dialect.name == "postgresql":
        for chunk in _chunks(events, 50_000):  # one INSERT ... unnest, not an execution per row
            insert_events(conn, chunk)
        return
    if not events:
        return
    sql, rows = _event_rows(conn, events)
    for chunk in _chunks(rows, 5000):
        conn.exec_driver_sql(sql, chunk)


def _event_rows(conn, events: list[dict]) -> tuple[str, list[tuple]]:
    """The driver's INSERT of audit rows and the rows, bound as SQLAlchemy binds them."""
    table = Event.__table__
    stamp = {id(e["at"]): _bound(conn, table.c.at, e["at"]) for e in events}
    undone = {False: _bound(conn, table.c.undone, False), True: _bound(conn, table.c.undone, True)}
    sql = _INSERT_EVENT if conn.dialect.paramstyle == "qmark" else _INSERT_EVENT.replace("?", "%s")
    return sql, [(stamp[id(e["at"])], e["reviewer"], e["claim_id"], e["match_id"], e["action"],
                  e["field"], e["old"], e["new"], e["note"], e["batch"], undone[e["undone"]]) for e in events]


_INSERT_EVENT = ('INSERT INTO event (at, reviewer, claim_id, match_id, action, field, "old", "new", note, batch, '
                 "undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _checked(session: Session, stmt, expected: int, params: list[dict] | None = None) -> None:
    changed = 0
    for chunk in _chunks(params, 5000) if params is not None else [None]:
        changed += session.execute(stmt, chunk).rowcount if chunk is not None else session.execute(stmt).rowcount
    if changed != expected:
        raise StaleVersion("claims changed while duplicates were merged; nothing was stored, try again")


def _confirm_within(session: Session, targets: list[int], *, event_rows: list[dict], batch: str,
                    reviewer: str, now, read: list[tuple] | None = None) -> None:
    """Suggested matches whose two claims now share a cluster become confirmed (and logged).
    `read`: the `_MATCHES_WITHIN` rows of the targets, read already."""
    within: list[tuple[int, int]] = []  # (claim a, match id)
    reads = [read] if read is not None else (
        _read(session, _MATCHES_WITHIN, chunk) for chunk in _chunks(sorted(targets), 500))
    for rows in reads:
        # The state is tested here, not in SQL: a planner would pick the state index and read
        # every suggestion of the store once per chunk.
        for mid, a, state, head, other_head in rows:
            if state == MatchState.SUGGESTED.value and other_head == head:
                within.append((a, mid))
    confirm: list[dict] = []
    for a, mid in sorted(within):
        confirm.append({"_id": mid, "_by": reviewer, "_at": now})
        event_rows.append({
            "batch": batch, "reviewer": reviewer, "action": "merge", "claim_id": a,
            "match_id": mid, "field": "state", "old": MatchState.SUGGESTED.value,
            "new": MatchState.CONFIRMED.value, "note": None, "at": now, "undone": False})
    if confirm:
        session.execute(_CONFIRM, confirm)


# -- matching new claims ----------------------------------------------------------------------

# A batch this large, and a twentieth of the store or more, is matched in memory, in one pass
# over the store's postings (as `dupes --rebuild` does), instead of one lookup per claim: a
# lookup costs a few ms, the pass a few µs per stored claim (bench/scale_matching.py). Both
# apply `claims.matching.candidates`' rule, so they decide the same (tests/test_matching_bulk.py).
BULK_MIN_CLAIMS = 2_000
BULK_MIN_SHARE = 0.05
COMPARE_CHUNK = 2_000  # pairs compared per fetch of texts (and per message to a worker)
# A pass matching this many claims compares their pairs in other processes (a large article's
# ingest too): the comparisons are most of a pass's work (~0.3 ms a claim), a worker's start
# ~0.15 s.
PARALLEL_MIN_CLAIMS = 5_000
COMPARE_WORKERS = 2


def match_new_claims(
    session: Session,
    claims: Sequence[NewClaim],
    settings: MatchSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    bulk: bool | None = None,
) -> MatchSummary:
    """Index new claims and match each against every claim stored before it (a smaller id).

    The whole batch is indexed first, so a claim is weighed against the store as it is after
    the batch, whichever path matches it. `bulk` forces the in-memory pass (True) or the
    lookups (False); by default a large batch goes in bulk.
    """
    settings = settings or matching_settings()
    index = StoreIndex(session)
    if bulk is None:
        bulk = len(claims) >= BULK_MIN_CLAIMS and len(claims) >= BULK_MIN_SHARE * index.doc_count()
    if not bulk:
        claims = _with_texts(session, claims)
        keys_of = {c.id: index_keys(c.text) for c in claims}
        pairs_of = {cid: pair_keys(keys) for cid, keys in keys_of.items()}
        # The batch's keys' df (and the claims count) read once, before they are indexed:
        # after it, each is that plus the batch's own (one query, not one per claim); the
        # claims' titles with them.
        idf, titles = index.idf_with_titles(chain.from_iterable(keys_of.values()), list(keys_of))
        heads = _keys_of_titles(titles)
        items = [(cid, keys + pairs_of[cid] + heads.get(cid, [])) for cid, keys in keys_of.items()]
        df = idf.df
        for _, keys in items:
            for k in keys:
                df[k] = df.get(k, 0) + 1
        index.add(items, with_lookup=True)  # PostgreSQL: sent with the first lookup
        found = _lookup_found(session, index, claims, keys_of, settings, progress, df, pairs_of)
        return _apply_many(session, found, new_batch())
    with bulk_work(session):
        # The batch as ids in an array and the texts given (an import gives none): a million
        # claim objects need not sit in memory through the pass.
        ordered = array("q", sorted(c.id for c in claims))
        given = {c.id: c.text for c in claims if c.text is not None}
        index.fill_keysets()  # the stored claims' keys are read from their rows (`_stored_keys`)
        if _indexed_from(session, ordered[0]):
            # Claims indexed above the batch's first id: the pass reads the whole store back.
            for page in _text_pages(session, ordered, given):
                _index_page(session, index, page)
            items = None
        else:
            # The store's keys read back as they are, then the batch's, indexed on the way:
            # the batch's postings are written once and never read back.
            index.stage(remake_claim_index=len(ordered) >= index.doc_count())
            items = chain(_stored_keys(session, below=ordered[0]),
                          _indexed_pages(session, index, _text_pages(session, ordered, given), len(ordered)))
        found = _bulk_found(session, index, settings, progress, only=ordered, items=items, texts=given)
        return _apply_many(session, found, new_batch())


def _text_pages(session: Session, ids: Sequence[int], given: dict[int, str]
                ) -> Iterator[list[tuple[int, str]]]:
    """The claims `ids` (in id order) as (id, text), 5,000 at a time; a text not `given` is read."""
    for i in range(0, len(ids), 5_000):
        chunk = ids[i : i + 5_000]
        missing = [cid for cid in chunk if cid not in given]
        read = _claim_texts(session, missing) if missing else {}
        yield [(cid, given[cid] if cid in given else read[cid]) for cid in chunk]


def _with_texts(session: Session, claims: Sequence[NewClaim]) -> Sequence[NewClaim]:
    if all(c.text is not None for c in claims):
        return claims
    given = {c.id: c.text for c in claims if c.text is not None}
    return [_Given(cid, text) for page in _text_pages(session, sorted(c.id for c in claims), given)
            for cid, text in page]


@dataclass(frozen=True, slots=True)
class _Given:
    id: int
    text: str


def _indexed_from(session: Session, first: int) -> bool:
    """Does the index hold a claim with an id at or above `first`?"""
    return session.connection().exec_driver_sql(
        f"SELECT 1 FROM claim_key WHERE claim_id >= {int(first)} LIMIT 1").first() is not None


def _lookup_found(session: Session, index: StoreIndex, claims: Sequence[NewClaim],
                  keys_of: dict[int, list[str]], settings: MatchSettings,
                  progress: Callable[[int, int], None] | None, df: dict[str, int] | None = None,
                  pairs_of: dict[int, list[str]] | None = None) -> Iterator[tuple[int, int, Decided]]:
    """The matches of `claims`, indexed already, one lookup each; `df`: the df of every key
    of theirs in the index (read from it when not given); `pairs_of`: their pair keys (made
    when not given)."""
    floor, dice = rank_floor(settings), dice_floor(settings)
    for n, claim in enumerate(sorted(claims, key=lambda c: c.id), 1):
        if progress and n % 100 == 0:
            progress(n, len(claims))
        keys = keys_of[claim.id]
        idf = index.idf_for(keys) if df is None else IdfTable({k: df[k] for k in keys}, index.doc_count())
        blocks = block_keys(keys, idf.df)
        pairs = pair_keys(keys) if pairs_of is None else pairs_of[claim.id]
        if not blocks and not pairs:
            continue
        their_keys, their_idf = index.block_neighbours(blocks, before=claim.id, pairs=pairs)
        if not their_keys:
            continue
        idf.df.update(their_idf.df)  # now the df of every key either side holds
        ranked = rank_candidates(keys, their_keys, idf, floor, dice=dice)
        if not ranked:
            continue
        ids = [cid for cid, _ in ranked]
        texts = {cid: text for cid, _, text in index.claims_read(ids)}
        for other_id in ids:
            result = compare(texts[other_id], claim.text, settings, idf)
            if result.decision != DISTINCT:
                yield other_id, claim.id, decided(result)
    index.write_pending()  # no lookup wrote them (no claim had a block)


def _stored_keys(session: Session, *, below: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """Every indexed claim (with an id under `below`) as (id, keys), in id order: its row of
    `claim_keyset`, its own keys (not its title's: titles never decide whether two claims are
    the same; nor its pair keys: `BulkCandidates` makes them from the words). A row a claim,
    not its ~15 postings: at 1M claims the postings were 15M rows through Python. The caller
    has filled the rows a claim indexed by an older version lacks (`StoreIndex.fill_keysets`)."""
    where = "" if below is None else f" WHERE claim_id < {int(below)}"
    rows = session.connection().exec_driver_sql(
        f"SELECT claim_id, keys FROM claim_keyset{where} ORDER BY claim_id",
        execution_options={"stream_results": True, "max_row_buffer": 20_000})
    if session.get_bind().dialect.name == "postgresql":  # a text[]: a list already
        return ((cid, keys) for cid, keys in rows)
    return ((cid, joined.split(KEY_SEPARATOR)) for cid, joined in rows)


def _bulk_found(session: Session, index: StoreIndex, settings: MatchSettings,
                progress: Callable[[int, int], None] | None, *, only: Iterable[int] | None = None,
                items: Iterable[tuple[int, list[str]]] | None = None, workers: int | None = None,
                texts: dict[int, str] | None = None) -> Iterator[tuple[int, int, Decided]]:
    """The matches of `only` (ids; every claim when None) against the claims before them, found
    with one pass over the store's postings (or `items`, the (id, keys) already at hand).
    The pairs worth comparing are compared in `workers` other processes (by default
    `COMPARE_WORKERS` when `PARALLEL_MIN_CLAIMS` claims or more are matched, else none).
    `texts`: claims' texts at hand (an article's), not read again from the store."""
    bulk = BulkCandidates()
    ids = array("q")
    for cid, keys in items if items is not None else _stored_keys(session):
        ids.append(cid)
        bulk.add(keys)
    index.settle()
    total = len(ids)
    idf = IdfTable(bulk.document_frequencies(), index.doc_count())
    bulk.freeze(idf)
    wanted = None if only is None else _marks(ids, only)
    report = (lambda n: progress(n, total)) if progress else None
    if workers is None:  # the claims matched, not the store read: their pairs are the work
        matched = total if wanted is None else wanted.count(1)
        workers = COMPARE_WORKERS if matched >= PARALLEL_MIN_CLAIMS else 0

    def chunks() -> Iterator[tuple[list[tuple[int, int]], dict[int, str]]]:
        pending: list[tuple[int, int]] = []
        for doc, ranked in bulk.candidates(rank_floor(settings), CANDIDATES, wanted, report,
                                           dice=dice_floor(settings)):
            pending.extend((ids[other], ids[doc]) for other, _rank in ranked)
            if len(pending) >= COMPARE_CHUNK:
                yield pending, _claim_texts(session, (cid for pair in pending for cid in pair), texts)
                pending = []
        if pending:
            yield pending, _claim_texts(session, (cid for pair in pending for cid in pair), texts)

    with PairComparer(idf, settings, workers) as comparer:
        for found in comparer.results(chunks()):
            yield from found


def _marks(ids: array, only: Iterable[int]) -> bytearray:
    """1 for each of `ids` in `only`, else 0 (numpy: a set of a million ids is 60 MB)."""
    import numpy as np

    wanted = np.fromiter(only, dtype=np.int64)
    return bytearray(np.isin(np.frombuffer(ids, dtype=np.int64), wanted).astype(np.uint8).tobytes())


def _claim_texts(session: Session, ids: Iterable[int], given: dict[int, str] | None = None) -> dict[int, str]:
    """The texts of the claims `ids`: those `given`, the others read from the store."""
    texts: dict[int, str] = {}
    missing = []
    for cid in set(ids):
        if given is not None and cid in given:
            texts[cid] = given[cid]
        else:
            missing.append(cid)
    if missing and session.get_bind().dialect.name == "postgresql":  # one query, its text the same whatever the ids
        texts.update(_read(session, "SELECT id, text FROM claim WHERE id {ids}", sorted(missing)))
        return texts
    for chunk in _chunks(sorted(missing), 500):
        # driver SQL: SQLAlchemy's handling of 500 parameters was most of this read's time
        texts.update(_read(session, "SELECT id, text FROM claim WHERE id {ids}", chunk))
    return texts


@dataclass(frozen=True, slots=True)
class SearchHit:
    claim_id: int
    external_id: str | None
    text: str
    score: float


def search_claims(db: Database, text: str, *, limit: int = 10) -> list[SearchHit]:
    """Stored claims ranked by similarity to `text`, best first."""
    with db.session() as session:
        return search_in_session(session, text, limit=limit)


@dataclass(frozen=True, slots=True)
class SearchPool:
    """What the reranker reads for one query: the pooled candidates, best BM25 first."""

    query: Analysis
    pool: list[Candidate]
    idf: IdfTable
    query_max: float  # the BM25 text score of a claim holding every query key
    rows: dict[int, tuple]  # claim id -> (id, external id, text)


def search_pool(session: Session, text: str, *, size: int = SEARCH_POOL) -> SearchPool:
    """The candidates of a query by BM25 over claims and their titles, analysed."""
    index = StoreIndex(session)
    keys = index_keys(text)
    found = index.search_pool(keys, limit=size)
    pooled, rows, titles, idf = found.pooled, found.rows, found.titles, found.idf
    ids = [cid for cid, _, _ in pooled]
    texts = {cid: analyze(rows[cid][2]) for cid in ids if cid in rows}
    heads = {cid: analyze(t) for cid, t in titles.items() if cid in texts}
    terms = set(keys).union(*(a.terms for a in texts.values()), *(a.terms for a in heads.values()))
    # The counts of the words not read with the pool: its titles' (and, on SQLite, its claims').
    if unread := terms - found.asked:
        idf.df.update(index.idf_for(unread).df)
    query_max = math.fsum(idf.bm25_idf(k) for k in set(keys) if k in idf.df)
    pool = [Candidate(cid, texts[cid], heads.get(cid), bm_text, bm_title)
            for cid, bm_text, bm_title in pooled if cid in texts]
    return SearchPool(analyze(text), pool, idf, query_max, rows)


def search_in_session(session: Session, text: str, *, limit: int,
                      model: Reranker | None = None, what: str = "text") -> list[SearchHit]:
    """Stored claims ranked for `text`: a pool by BM25 over claims and their titles,
    ordered by the learned reranker (`claims.matching.rerank`). A text of no word is refused
    (BadFilter naming it as ``what``), not answered with an empty list."""
    require_words(text, what, "search for")
    found = search_pool(session, text, size=max(SEARCH_POOL, limit))
    if not found.pool:
        return []
    ranked = rerank(found.query, found.pool, found.idf, found.query_max, model)[:limit]
    return [SearchHit(cid, found.rows[cid][1], found.rows[cid][2], score) for cid, score in ranked]


def rebuild_matches(
    db: Database,
    *,
    settings: MatchSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    reindex: bool | None = None,
) -> MatchSummary:
    """Recompute every automatic match of the store, in one transaction.

    Decisions a person made (accepted, rejected, merged) are kept; suggestions and automatic
    matches are computed afresh, each claim against the claims before it, as ingest would
    match them arriving one by one into the whole store. The index is remade too when
    `reindex` is true, or (the default, None) when it does not cover every stored claim with
    the current keys.
    """
    settings = settings or matching_settings()
    with db.session() as session, bulk_work(session):
        index = StoreIndex(session)
        total = session.execute(select(func.count()).select_from(Claim)).scalar() or 0
        if reindex is None:
            reindex = not index.is_current(total)
        if reindex:
            index.clear()
            index.stage(remake_claim_index=True)
        else:  # current, but an older version may have indexed claims without their keyset row,
            index.drop_stale_keysets()  # or remade the postings and left the rows as they were
            index.fill_keysets()
        # Matches the audit log points at stay: a person acted on them, and history needs them.
        in_history = select(Event.match_id).where(col(Event.match_id).is_not(None))
        session.execute(delete(Match).where(
            (Match.state == MatchState.SUGGESTED.value) | (Match.decided_by == SYSTEM_REVIEWER),
            col(Match.id).not_in(in_history),
        ))
        items = _reindexed(session, index, total) if reindex else None  # streamed, indexed on the way
        found = _bulk_found(session, index, settings, progress, items=items)
        summary = _apply_many(session, found, new_batch())
        if progress:
            progress(total, total)
        return summary


def _reindexed(session: Session, index: StoreIndex, claims: int) -> Iterator[tuple[int, list[str]]]:
    """Every stored claim's keys, indexed on the way, a page at a time: (id, keys) of the
    claims that have keys."""
    return _indexed_pages(session, index, _claim_pages(session), claims)


def _claim_pages(session: Session) -> Iterator[list[tuple[int, str]]]:
    """Every stored claim as (id, text), in id order, a page at a time."""
    claim = Claim.__table__
    last = None
    while True:
        stmt = select(claim.c.id, claim.c.text).order_by(claim.c.id).limit(PAGE)
        if last is not None:
            stmt = stmt.where(claim.c.id > last)
        rows = session.execute(stmt).all()
        if not rows:
            break
        last = rows[-1][0]
        yield [tuple(r) for r in rows]


def _index_page(session: Session, index: StoreIndex, page: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Index claims given as (id, text) in id order (their titles' keys too); their own keys."""
    return _index_keyed(session, index, [(cid, keys, pair_keys(keys))
                                         for cid, keys in ((cid, index_keys(body)) for cid, body in page)])


def _index_keyed(session: Session, index: StoreIndex, keyed: list[tuple[int, list[str], list[str]]]
                 ) -> list[tuple[int, list[str]]]:
    """Index claims given as (id, keys, pair keys) in id order (their titles' keys too);
    (id, keys) of each."""
    lo, hi = keyed[0][0], keyed[-1][0]
    # A range of ids reads the titles in one query, where the page's ids are (nearly) dense.
    heads = _title_keys(session, [cid for cid, _, _ in keyed],
                        between=(lo, hi) if hi - lo < 2 * len(keyed) else None)
    # (the own keys are `keys`: a word key holds no ':', the pair and title keys' prefixes)
    index.add([(cid, keys + pairs + heads.get(cid, [])) for cid, keys, pairs in keyed],
              own=[(cid, keys) for cid, keys, _ in keyed])
    return [(cid, keys) for cid, keys, _ in keyed]


def _indexed_pages(session: Session, index: StoreIndex, pages: Iterable[list[tuple[int, str]]],
                   claims: int) -> Iterator[tuple[int, list[str]]]:
    """Index pages of `claims` claims; (id, keys) of those with keys. The keys are computed
    in `COMPARE_WORKERS` other processes for `PARALLEL_MIN_CLAIMS` claims or more."""
    with KeyMaker(COMPARE_WORKERS if claims >= PARALLEL_MIN_CLAIMS else 0) as maker:
        for keyed in maker.keyed(pages):
            yield from ((cid, keys) for cid, keys in _index_keyed(session, index, keyed) if keys)


def _titles(session: Session, claim_ids: Sequence[int], *, between: tuple[int, int] | None = None
            ) -> dict[int, str]:
    """The title each claim appeared under (its first appearance's article with a title).
    `between` (lowest, highest id) reads a range of ids in one query instead of by ids."""
    if between is not None:
        reads = [session.execute(_TITLES.where(Appearance.__table__.c.claim_id.between(*between)))]
    else:
        reads = [_read(session, _TITLES_OF, chunk) for chunk in _chunks(sorted(claim_ids), 500)]
    return _first_titles(chain.from_iterable(reads))


def _first_titles(rows: Iterable[tuple]) -> dict[int, str]:
    """Each claim's first title not blank, of (claim id, [appearance id,] title) rows in order."""
    out: dict[int, str] = {}
    for cid, *_, title in rows:
        if title.strip():
            out.setdefault(cid, title)
    return out


_TITLES = (select(Appearance.__table__.c.claim_id, Article.__table__.c.title)
           .join(Article.__table__, Article.__table__.c.id == Appearance.__table__.c.article_id)
           .where(Article.__table__.c.title.is_not(None))
           .order_by(Appearance.__table__.c.claim_id, Appearance.__table__.c.id))
_TITLES_OF = ("SELECT a.claim_id, ar.title FROM appearance a JOIN article ar ON ar.id = a.article_id "
              "WHERE ar.title IS NOT NULL AND a.claim_id {ids} ORDER BY a.claim_id, a.id")  # see _read


def _title_keys(session: Session, claim_ids: Sequence[int], *, between: tuple[int, int] | None = None
                ) -> dict[int, list[str]]:
    return _keys_of_titles(_titles(session, claim_ids, between=between))


def _keys_of_titles(titles: dict[int, str]) -> dict[int, list[str]]:
    # An article's claims share its title: its keys are computed once (never changed after).
    keys_of: dict[str, list[str]] = {}
    return {cid: keys_of[title] if title in keys_of else keys_of.setdefault(title, title_keys(title))
            for cid, title in titles.items()}


@dataclass(frozen=True, slots=True)
class SuggestionView:
    match_id: int
    score: float
    state: str
    conflict: bool
    claim_a_id: int
    claim_b_id: int
    text_a: str
    text_b: str
    explanation: dict

    def to_record(self) -> dict:
        return {
            "match_id": self.match_id, "score": self.score, "state": self.state,
            "conflict": self.conflict, "claim_a": self.claim_a_id, "claim_b": self.claim_b_id,
            "text_a": self.text_a, "text_b": self.text_b, **{
                k: self.explanation.get(k) for k in ("scorer", "reason", "shared", "only_a", "only_b")
            }, "numbers": self.explanation.get("conflict") or [],
        }


def list_suggestions(
    db: Database, *, state: str = MatchState.SUGGESTED.value, limit: int | None = 200,
    min_score: float | None = None, max_score: float | None = None, claim_id: int | None = None,
) -> list[SuggestionView]:
    """Matches waiting for a person (or in another state), best score first."""
    from sqlalchemy.orm import aliased

    a, b = aliased(Claim), aliased(Claim)
    with db.session() as session:
        stmt = (
            select(Match, a.text, b.text)
            .join(a, a.id == Match.claim_a_id)
            .join(b, b.id == Match.claim_b_id)
            .where(Match.state == state)
            .order_by(col(Match.score).desc(), col(Match.id))
        )
        if min_score is not None:
            stmt = stmt.where(Match.score >= min_score)
        if max_score is not None:
            stmt = stmt.where(Match.score < max_score)
        if claim_id is not None:
            stmt = stmt.where((Match.claim_a_id == claim_id) | (Match.claim_b_id == claim_id))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [
            SuggestionView(m.id, m.score, m.state, m.conflict, m.claim_a_id, m.claim_b_id, ta, tb,
                           json.loads(m.explanation or "{}"))
            for m, ta, tb in session.exec(stmt).all()
        ]
