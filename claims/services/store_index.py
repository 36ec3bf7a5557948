"""The candidate index kept in the database, read and written inside one session.

Two tables: `claim_key` (postings: each claim under each informative key, see
`claims.matching.index_keys`) and `key_stat` (how many claims hold each key). A lookup
fetches the postings of the query's rarest keys only, ranks them with BM25, and scores the
best few candidates with the full scorer: never a scan of the store.

`key_stat` also holds two bookkeeping rows whose names no real key can have (keys are
normalised words, `[a-z0-9.]`): `#docs`, the number of claims indexed (the N of idf, read
with the keys in the same query instead of a `count(*)` over the store per lookup), and
`#keys-version`, the version of `index_keys` the postings were made with. `--rebuild` remakes
the index when either disagrees with the store (claims added without indexing, a new key
scheme) and otherwise only recomputes the matches.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import bindparam, delete, text
from sqlmodel import Session, col, select

from claims.matching import (
    BLOCK_READ,
    PAIR_PREFIX,
    PAIR_READ,
    BulkCandidates,
    IdfTable,
    candidates,
    plan_query,
)
from claims.matching.candidates import BLOCK_KEYS, shortlist
from claims.matching.compounds import (
    best_reachable,
    compound_ranges,
    spelling_weights,
    stored_compounds,
)
from claims.matching.rerank import TITLE_PREFIX, TITLE_WEIGHT, is_title_key
from claims.models import KEY_SEPARATOR, ClaimKey, ClaimKeyset, KeyStat
from claims.services.claim_rows import copy_text, dbapi_cursor, pipelined
from claims.services.claim_titles import first_titles, titles_of
from claims.services.id_reads import chunks
from claims.services.staged_postings import StagedPostings

# Postings one lookup may read, rarest keys first: keeps a lookup's cost flat as the store grows.
POSTINGS_BUDGET = 3_000
DOCS_KEY = "#docs"
VERSION_KEY = "#keys-version"
KEYS_VERSION = 7  # bump when index_keys changes: the next --rebuild remakes the postings
# 4: words of any script are keys (issue 15, finding 8); 5: title keys (issue 13); 7: pair keys (issue 13)
ANALYZE_AFTER = 100_000  # postings written in bulk before PostgreSQL's statistics are refreshed


class PoolRead(NamedTuple):
    """What `StoreIndex.search_pool` reads for a query."""

    pooled: list[tuple[int, float, float]]  # (claim id, text score, title score), best first
    rows: dict[int, tuple]  # claim id -> (id, external id, text)
    titles: dict[int, str]  # claim id -> the title it appeared under
    idf: IdfTable  # the counts read: `asked`, those in the index
    asked: set[str]  # the keys whose counts were read
    query_max: float  # the BM25 text score of a claim holding every query key (or a spelling of each)
    spellings: dict[str, str]  # a spelling in the store -> the query key it counted for (text keys)


class StoreIndex:
    """The candidate index, read and written inside one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._doc_count: int | None = None
        self._paramstyle = session.get_bind().dialect.paramstyle
        self._marker = "?" if self._paramstyle == "qmark" else "%s"
        self._postgresql = session.get_bind().dialect.name == "postgresql"
        self._staged: StagedPostings | None = None  # SQLite: postings held until settle()
        self._remake_claim_index = False
        self._words_apart = False  # staged claims' own keys left to the bulk pass (see stage())
        self._held_df: Counter | None = None  # PostgreSQL: key counts held until settle()
        self._added = 0  # postings written by this index
        # PostgreSQL: postings added but not yet written (see `add`): the parameters of
        # their statement (`_ADD_PG`).
        self._pending: tuple | None = None
        # PostgreSQL: claims added with their postings before the claims count was read
        # (`add(..., counted=False)`): their ids, for a count made after them (`_docs_after`).
        self._uncounted: list[int] | None = None

    def write_pending(self) -> None:
        if self._pending is not None:
            params, self._pending = self._pending, None
            self.session.connection().exec_driver_sql(_ADD_PG, params)
        if self._uncounted is not None:  # claims added uncounted, and no lookup read the count
            added, self._uncounted = self._uncounted, None
            docs = self.session.connection().exec_driver_sql(
                "SELECT df FROM key_stat WHERE key = %s", (DOCS_KEY,)).scalar()
            self._doc_count = docs if docs is not None else self._docs_after(added)

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
    def idf_for(self, keys: Iterable[str], ranges: Sequence[tuple[str, str]] = ()) -> IdfTable:
        """The counts of `keys`, and of every key in one of `ranges` (from, before), in one
        statement (`claims.matching.compounds`: the compounds a search word begins)."""
        self.write_pending()
        keys = self._wanted(keys)
        if not keys and not ranges:
            df = {}
        elif self._postgresql:
            sql = f"SELECT key, df FROM key_stat WHERE {self._in('key', keys)}"
            params = self._values(keys)
            if ranges:
                sql += (" UNION SELECT x.key, x.df FROM unnest(%s::text[], %s::text[]) AS r(lo, hi), LATERAL "
                        f"(SELECT key, df FROM key_stat WHERE key >= r.lo AND key < r.hi LIMIT {_RANGE_READ}) AS x")
                params += [[lo for lo, _ in ranges], [hi for _, hi in ranges]]
            df = dict(self._fetch(sql, params))
        elif ranges:
            df = json.loads(self._fetch(_DF_IN_RANGES_JSON, [json.dumps(sorted(keys)), json.dumps(list(ranges))])[0][0])
        else:  # one statement however many keys (a search reads a few hundred)
            df = self._counts_of(sorted(keys))
        return self._idf(df)

    def idf_with_titles(self, keys: Iterable[str], claim_ids: Sequence[int]) -> tuple[IdfTable, dict[int, str]]:
        """`idf_for(keys)` and `titles_of(claim_ids)` (the title each claim appeared under) in
        one query: a new claim's first two reads were two round trips on PostgreSQL."""
        self.write_pending()
        keys = self._wanted(keys)
        if not claim_ids or not keys or (not self._postgresql and len(keys) + len(claim_ids) > 500):
            return self.idf_for(keys), titles_of(self.session, claim_ids)
        # A title row: (claim id, appearance id, title, NULL); a count: (NULL, NULL, key, df).
        rows = self._fetch(
            f"SELECT NULL, NULL, key, df FROM key_stat WHERE {self._in('key', keys)} UNION ALL "
            "SELECT a.claim_id, a.id, ar.title, NULL FROM appearance a JOIN article ar ON ar.id = a.article_id "
            f"WHERE ar.title IS NOT NULL AND {self._in('a.claim_id', claim_ids)}",
            self._values(keys) + self._values(claim_ids))
        df = {key: count for cid, _, key, count in rows if cid is None}
        return self._idf(df), first_titles(sorted(r[:3] for r in rows if r[0] is not None))

    def _counts_of(self, keys: list[str]) -> dict[str, int]:
        """SQLite: the counts of `keys` (distinct) held in `key_stat`, in one statement."""
        return json.loads(self._fetch(_DF_OF_JSON, [json.dumps(keys)])[0][0])

    def _wanted(self, keys: Iterable[str]) -> list[str]:
        keys = list(set(keys))
        if self._doc_count is None:
            keys.append(DOCS_KEY)
        return keys

    def _idf(self, df: dict[str, int]) -> IdfTable:
        if self._doc_count is None:
            self._doc_count = self._ensure_docs(df.pop(DOCS_KEY, None))
        return IdfTable(df, self._doc_count)

    def block_neighbours(self, blocks: list[str], *, before: int, pairs: Sequence[str] = (),
                         keep: Callable[[dict[int, list[str]]], Mapping[int, list[str]]] | None = None
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
        on PostgreSQL in the same query where no more than `SHORTLIST` are found. `keep`:
        the neighbours kept of those found (`claims.matching.shortlist`, which keeps all of
        `SHORTLIST` or fewer), before their counts are read: only theirs are (PostgreSQL: by
        a second statement, where more were found)."""
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
            # The keys and how many claims each reads as two arrays, one LATERAL read a key:
            # one statement text for any number of blocks (psycopg prepares a statement it
            # sees again), planned in a fraction of the time of a UNION of one read a key.
            params = [[*blocks, *pairs], [BLOCK_READ] * len(blocks) + [PAIR_READ] * len(pairs), before]
            read = "unnest(%s::text[], %s::int[]) AS k(key, n)"
            if keep is None:
                return self._pg_lookup(_LOOKUP_PG.format(keys="", read=read, few="", more=""), params)
            found, idf = self._pg_lookup(_LOOKUP_PG.format(keys="", read=read, few=_FEW_PG, more=""),
                                         [*params, candidates.SHORTLIST])
            return self._kept_counts(found, idf, keep(found))
        # SQLite: the rows, then the counts of their distinct keys (given as one JSON array:
        # one statement however many), a tenth less time than the postings joined to the counts.
        # A neighbour without a row (see `fill_keysets`) comes with NULL: its own postings are
        # read for it after, a second query only then.
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
            keys[claim_id] = joined.split(KEY_SEPARATOR)
        if keep is not None:
            keys = dict(keep(keys))
        wanted = set().union(*keys.values())
        if wanted:
            df.update(self._counts_of(sorted(wanted)))
        return keys, IdfTable(df, self.doc_count())

    def neighbours_of(self, keys: Sequence[str], *, numbers: Sequence[bool], before: int,
                      pairs: Sequence[str] = ()) -> tuple[dict[int, list[str]], IdfTable]:
        """PostgreSQL: `block_neighbours` of a claim's own `keys` (`numbers`: which of them
        are numbers) with its blocks chosen by the server, by `block_keys`' rule on the counts
        as they are once the postings pending are written: no read of the claim's counts
        before the lookup (a round trip of its own, issue 13). The counts returned hold the
        claim's keys' and the claims count too. Of more than `SHORTLIST` neighbours found,
        the `SHORTLIST` best estimated alone are returned (`claims.matching.shortlist`, on the
        claim's own counts, which the lookup reads) and only their keys' counts read, by a
        second statement: ~150 index probes of `key_stat` instead of ~940 at 1M, the larger
        part of the lookup's server time (issue 13). Of fewer, every count comes with them."""
        found, idf = self._pg_lookup(_LOOKUP_PG.format(keys=_BLOCKS_PG, read="k", few=_FEW_PG, more=_COUNTS_PG),
                                     [list(keys), list(numbers), list(pairs), before, candidates.SHORTLIST])
        return self._kept_counts(found, idf, shortlist(keys, found, idf))

    def _kept_counts(self, found: dict[int, list[str]], idf: IdfTable, kept: Mapping[int, list[str]]
                     ) -> tuple[dict[int, list[str]], IdfTable]:
        """PostgreSQL: the neighbours `kept` of those `found` by a lookup (`_FEW_PG`), with
        `idf` and the counts of their keys it lacks, read here where the lookup read none of
        theirs (more than `SHORTLIST` found). A statement of its own, after the lookup's (its
        snapshot a little later: counts, never which claims are neighbours)."""
        if len(found) <= candidates.SHORTLIST:
            return found, idf
        found = dict(kept)
        wanted = sorted({k for theirs in found.values() for k in theirs if k not in idf.df})
        if wanted:
            idf.df.update(self._fetch(_DF_PG, [wanted]))
        return found, idf

    def _pg_lookup(self, lookup: str, params: list) -> tuple[dict[int, list[str]], IdfTable]:
        """Run a neighbours' lookup (`_LOOKUP_PG`), after the postings pending if any."""
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
        keys: dict[int, list[str]] = {}
        df: dict[str, int] = {}
        for claim_id, theirs, counts in rows:
            if claim_id is not None:
                keys[claim_id] = theirs
            elif theirs:
                df.update(zip(theirs, counts, strict=True))
        docs = df.pop(DOCS_KEY, None)
        if self._uncounted is not None:  # the claims count as it is after the claims added
            self._doc_count = docs if docs is not None else self._docs_after(self._uncounted)
            self._uncounted = None
        return dict(sorted(keys.items())), IdfTable(df, self.doc_count())

    def _docs_after(self, added: list[int]) -> int:
        """The claims count of an index that had none (`_ensure_docs`) once the claims `added`
        are in it (their postings written, not counted): made as `_ensure_docs` makes it
        before them, with them added."""
        docs = self.session.connection().exec_driver_sql(
            "SELECT count(DISTINCT claim_id) FROM claim_key WHERE NOT claim_id = ANY(%s)", (added,)).scalar() or 0
        rows = [(DOCS_KEY, docs + len(added))]
        if docs == 0:
            rows.append((VERSION_KEY, KEYS_VERSION))
        self._executemany(_UPSERT_DF, rows)
        return docs + len(added)

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
        return chunks(values, 500)

    def _fetch(self, sql: str, params: Sequence) -> list[tuple]:
        """Rows through the DB-API cursor itself: SQLAlchemy's row handling costs more than
        a lookup's query."""
        with dbapi_cursor(self.session.connection(), sql) as cursor:
            cursor.execute(sql, tuple(params))
            return cursor.fetchall()

    def search_pool(self, keys: list[str], *, limit: int, spellings: Mapping[str, str] | None = None,
                    prefixes: Sequence[str] = ()) -> PoolRead:
        """The `limit` best claims for a query's keys by BM25 over two fields, the claim's
        keys and (weighing `TITLE_WEIGHT`) its title's, as (claim id, text score, title
        score), best first; with their rows and titles, and the document frequencies read
        (the query's keys in both fields; on PostgreSQL the candidates' own keys too).
        The pool, its rows and titles come in one statement (PostgreSQL: with the counts of
        the candidates' keys), not four: each was a round trip (issue 13).
        `spellings` (spelling -> the query key it stands for) and the compounds the store
        holds of the words `prefixes` count for the query keys too (`claims.matching.compounds`:
        'covid 19' finds 'COVID-19'); `query_max` is then the best a claim can score."""
        heads = [TITLE_PREFIX + k for k in keys]
        spellings = dict(spellings or {})
        spellings.update({TITLE_PREFIX + s: TITLE_PREFIX + k for s, k in spellings.items()})
        ranges = compound_ranges(prefixes)
        ranges += [(TITLE_PREFIX + lo, TITLE_PREFIX + hi) for lo, hi in ranges]
        idf = self.idf_for(keys + heads + list(spellings), ranges)
        found = stored_compounds(prefixes, idf.df)
        found.update(stored_compounds(prefixes, idf.df, TITLE_PREFIX))
        spellings = {s: k for s, k in {**found, **spellings}.items() if s in idf.df and s not in keys and s not in heads}
        asked = set(keys + heads) | set(spellings)
        weighed = [k for k in keys + heads if k in idf.df]
        query_max = math.fsum(idf.bm25_idf(k) for k in set(keys) if k in idf.df)
        counts_for: dict[str, str] = {k: k for k in weighed}
        if spellings:
            weights, counts_for = spelling_weights(keys + heads, spellings,
                                                   lambda k: idf.bm25_idf(k) if k in idf.df else None)
            weighed = list(weights)
            query_max = best_reachable({k: w for k, w in weights.items() if not is_title_key(k)}, counts_for)
        chosen = plan_query([k for k in weighed if not is_title_key(k)], idf, max_postings=POSTINGS_BUDGET)
        chosen += plan_query([k for k in weighed if is_title_key(k)], idf, max_postings=POSTINGS_BUDGET)
        if not chosen:
            return PoolRead([], {}, {}, idf, asked, query_max, {})
        # BM25 summed in the database, keys being distinct per claim (tf is 1): the best
        # `limit` rows come back instead of every posting read. With spellings, a claim
        # holding several of one query key's counts the best (grouped by the key: `g`).
        weights = [idf.bm25_idf(k) if not spellings else weights[k] for k in chosen]
        titles = [1 if is_title_key(k) else 0 for k in chosen]
        groups = {key: n for n, key in enumerate(dict.fromkeys(counts_for[k] for k in chosen))}
        m = self._marker
        if self._postgresql:
            query = f"unnest({m}::text[], {m}::float8[], {m}::int[], {m}::int[]) AS q(key, w, t, g)"
            params = [chosen, weights, titles, [groups[counts_for[k]] for k in chosen]]
        else:
            query = (f"(SELECT column1 AS key, column2 AS w, column3 AS t, column4 AS g FROM "
                     f"(VALUES {', '.join([f'({m}, {m}, {m}, {m})'] * len(chosen))})) AS q")
            params = [x for k, w, t in zip(chosen, weights, titles, strict=True) for x in (k, w, t, groups[counts_for[k]])]
        order = f"text_score + {TITLE_WEIGHT!r} * title_score DESC, claim_id"
        # A field none of the chosen keys is in scores 0 for every claim: it is not summed. Each
        # posting's w * (1 - t) (or w * t) is then w, or 0, exactly: the same sums, one aggregate
        # less a posting (the GROUP BY's rows were two thirds of the pool's statement; issue 13).
        both = 0 < sum(titles) < len(titles)
        text_w, title_w = ("q.w * (1 - q.t)", "q.w * q.t") if both else ("q.w", None) if not any(titles) else (None, "q.w")
        scored = (f"SELECT ck.claim_id, {_summed(text_w, 'sum')} AS text_score, {_summed(title_w, 'sum')} AS title_score "
                  f"FROM {query} JOIN claim_key ck ON ck.key = q.key GROUP BY ck.claim_id")
        if spellings:
            scored = (f"SELECT claim_id, {_summed(text_w and 'tw', 'sum')} AS text_score, "
                      f"{_summed(title_w and 'hw', 'sum')} AS title_score FROM (SELECT ck.claim_id"
                      f"{f', max({text_w}) AS tw' if text_w else ''}{f', max({title_w}) AS hw' if title_w else ''} "
                      f"FROM {query} JOIN claim_key ck ON ck.key = q.key GROUP BY ck.claim_id, q.g) AS b GROUP BY claim_id")
        pool = f"SELECT claim_id, text_score, title_score FROM ({scored}) AS s ORDER BY {order} LIMIT {int(limit)}"
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
        text_spellings = {s: k for s, k in spellings.items() if not is_title_key(s)}
        return PoolRead(pooled, rows, first_titles(sorted(titled)), IdfTable(df, idf.doc_count), asked, query_max,
                        text_spellings)

    # -- writing ---------------------------------------------------------------------------
    def add(self, items: Sequence[tuple[int, list[str]]], *, with_lookup: bool = False,
            own: Sequence[tuple[int, list[str]]] | None = None, counted: bool = True) -> None:
        """Index claims given as (claim id, keys). `with_lookup`: on PostgreSQL, a few claims'
        postings may be sent with the next lookup (:meth:`block_neighbours`; a statement of
        their own before it, in one round trip); anything else reading or writing the index
        writes them first. `own`: what `_keysets(items)` gives, where the caller holds it (the
        claims' own keys apart from their pair and title keys: none sought among them).
        `counted=False` (PostgreSQL, a few claims with `with_lookup`): the claims count is not
        read first; the lookup (`neighbours_of`) reads it after them."""
        self.write_pending()
        if not items:
            return
        if (not counted and with_lookup and self._postgresql and not self._staged and self._doc_count is None
                and 0 < sum(len(keys) for _, keys in items) < 1_000):  # written with the lookup (below)
            self._uncounted = [cid for cid, _ in items]
            docs = 0  # the count is read after them (`_pg_lookup`)
        else:
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
            if self._uncounted is None:
                self._doc_count = docs + len(items)
            return
        self._write_keysets(keysets)
        if self._staged:
            self._staged.add(items, own, words_apart=self._words_apart)  # written in key order at settle()
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

    def stage(self, *, remake_claim_index: bool, words_apart: bool = False) -> None:
        """Hold the key counts of the claims added from here on until :meth:`settle`. On
        PostgreSQL the postings are written as they come. On SQLite, hold them in memory
        (`StagedPostings`: 8 bytes a posting) until :meth:`settle` writes them into the
        index in key order at once, sorted as numbers, not by SQLite. Millions of
        postings inserted in claim order touch the key index at random: once it outgrows the
        page cache, every insert rewrites a page (superlinear; gigabytes of WAL at 1M claims).
        `remake_claim_index`: also drop the claim-id index meanwhile and build it again
        after (worth it when the batch is at least as large as the store). `words_apart`:
        the claims' own keys (`add(own=...)`) are not numbered here, the bulk pass that reads
        the same claims numbers them: :meth:`settle` is given it."""
        self.write_pending()
        if self._held_df is None:
            # The key counts are written once, at settle(): per page, most keys of the
            # store were updated again and again (on PostgreSQL each a new row version, a
            # tenth of an import; on SQLite a tenth of its index writes).
            self._held_df = Counter()
        if self._paramstyle != "qmark" or self._staged:
            return
        self._staged, self._remake_claim_index = StagedPostings(), remake_claim_index
        self._words_apart = words_apart

    def settle(self, numbered: tuple[BulkCandidates, Sequence[int]] | None = None) -> None:
        """Write the staged postings into the index (see :meth:`stage`); on PostgreSQL, after
        many postings, refresh the planner's statistics of the index (inside the transaction:
        it sees them). With the counts of an empty table, it joined a lookup's 100 claims to
        all the postings by hash, a second per lookup, until autovacuum came by (when on).
        `numbered`: the bulk pass and its docs' claim ids, where `stage(words_apart=True)`."""
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
        staged, self._staged = self._staged, None
        staged.write(conn, numbered)
        if claim_index:
            conn.exec_driver_sql(claim_index)  # built once, from the table in key order

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



def _summed(expr: str | None, aggregate: str) -> str:
    """`aggregate(expr)`, or a field's score of 0 (a double on both backends) where no key is in it."""
    return f"{aggregate}({expr})" if expr else "CAST(0 AS DOUBLE PRECISION)"

# ON CONFLICT ... DO UPDATE is the same on SQLite (3.24+) and PostgreSQL.
_SELECT_STATS = text("SELECT key, df FROM key_stat WHERE key IN :keys").bindparams(
    bindparam("keys", expanding=True)
)
_INSERT_POSTING = "INSERT INTO claim_key (key, claim_id) VALUES (?, ?)"
# SQLite: the counts of keys given as one JSON array of distinct keys, a seek each in the
# array's order (CROSS JOIN keeps it). `key IN (SELECT value FROM json_each(?))` first built
# a temporary index of the array: 15% more for a new claim's neighbours' 800-3,000 keys.
# Returned as one JSON object {key: count}, parsed by json.loads: a row a key through the
# driver (a str and a tuple made each) cost a third more than the seeks themselves.
_DF_OF_JSON = ("SELECT json_group_object(k.key, k.df) FROM json_each(?) AS j "
               "CROSS JOIN key_stat k ON k.key = j.value")
# The same, with the keys in ranges given as a JSON array of [from, before] pairs (each read by
# the primary key; on PostgreSQL at most `_RANGE_READ` a range: a word begins few compounds).
_RANGE_READ = 64
_DF_IN_RANGES_JSON = ("SELECT json_group_object(key, df) FROM (SELECT k.key, k.df FROM json_each(?) AS j "
                      "CROSS JOIN key_stat k ON k.key = j.value UNION SELECT k.key, k.df FROM json_each(?) AS r "
                      "CROSS JOIN key_stat k ON k.key >= json_extract(r.value, '$[0]') "
                      "AND k.key < json_extract(r.value, '$[1]'))")
_ADD_PG = ("WITH posted AS (INSERT INTO claim_key (key, claim_id) SELECT * FROM unnest(%s::text[], %s::int[])), "
           "kept AS (INSERT INTO claim_keyset (claim_id, keys) "
           "SELECT u.id, string_to_array(u.keys, chr(31)) FROM unnest(%s::int[], %s::text[]) AS u(id, keys)) "
           "INSERT INTO key_stat (key, df) SELECT * FROM unnest(%s::text[], %s::int[]) AS u(key, df) "
           # the claims count of an index that has none is made apart (`StoreIndex._docs_after`)
           f"WHERE u.key <> '{DOCS_KEY}' OR EXISTS (SELECT 1 FROM key_stat WHERE key = '{DOCS_KEY}') "
           "ON CONFLICT (key) DO UPDATE SET df = key_stat.df + excluded.df")
# The keys joined by U+001F (KEY_SEPARATOR, chr(31)), split by the server.
_INSERT_KEYSETS_PG = ("INSERT INTO claim_keyset (claim_id, keys) SELECT u.id, string_to_array(u.keys, chr(31)) "
                      "FROM unnest(%s::int[], %s::text[]) AS u(id, keys)")
_INSERT_KEYSET = "INSERT INTO claim_keyset (claim_id, keys) VALUES (?, ?)"
# A posting of a claim's own keys (not a title's, not a pair key): what its keyset row holds.
# (No LIKE: its '%' would be a parameter's marker to psycopg.)
_OWN_KEYS = " AND ".join(f"substr(key, 1, {len(prefix)}) <> '{prefix}'" for prefix in (TITLE_PREFIX, PAIR_PREFIX))
# A new claim's neighbours (`StoreIndex.block_neighbours`): `{read}` the keys read and how many
# claims each (`k(key, n)`), `{keys}` a CTE choosing them, `{few}` when the neighbours' counts
# are read (`_FEW_PG`), `{more}` more counts. A row each by
# claim id from `claim_keyset`: two fifths less server time than the postings (~15 a claim,
# each fetched from the table's pages), measured on 100,000 claims. A neighbour without a row
# (indexed by an older version still running after another process migrated the desk, see
# `fill_keysets`) has its own postings read instead, in the same query: an index scan of an
# empty array when all have rows. Rows: (claim id, its keys, NULL), then (NULL, keys, counts).
_LOOKUP_PG = ("WITH {keys}r AS MATERIALIZED (SELECT b.claim_id, ks.keys FROM (SELECT DISTINCT x.claim_id "
              "FROM {read}, LATERAL (SELECT claim_id FROM claim_key "
              "WHERE key = k.key AND claim_id < %s ORDER BY claim_id DESC LIMIT k.n) AS x) AS b "
              "LEFT JOIN claim_keyset ks ON ks.claim_id = b.claim_id), "
              "n AS MATERIALIZED (SELECT claim_id, keys FROM r WHERE keys IS NOT NULL UNION ALL "
              "SELECT claim_id, array_agg(key) FROM claim_key WHERE claim_id = "
              f"ANY(ARRAY(SELECT claim_id FROM r WHERE keys IS NULL)) AND {_OWN_KEYS} GROUP BY claim_id) "
              "SELECT claim_id, keys, NULL::int[] FROM n UNION ALL "
              "SELECT NULL, array_agg(ks.key), array_agg(ks.df) FROM key_stat ks "
              "WHERE ks.key = ANY(ARRAY(SELECT DISTINCT unnest(keys) FROM n)){few}{more}")
# The neighbours' counts only where they are `SHORTLIST` or fewer (all kept: the parameter):
# of more, those kept alone have theirs read after (`StoreIndex._kept_counts`). A filter on
# the plan's start: the counts are not looked up at all otherwise.
_FEW_PG = " AND (SELECT count(*) FROM n) <= %s::int"
_DF_PG = "SELECT key, df FROM key_stat WHERE key = ANY(%s::text[])"
# `block_keys` in SQL, on the counts after the claim's own: of the claim's keys (`q`: with
# whether each is a number) held by another claim too, the `BLOCK_KEYS` rarest words (numbers
# only where none is a word), by count then key in code point order (COLLATE "C": UTF-8
# bytes sort as code points, as Python's strings); then the pair keys.
_BLOCKS_PG = ("q AS MATERIALIZED (SELECT u.key, u.num, s.df FROM unnest(%s::text[], %s::bool[]) AS u(key, num) "
              "JOIN key_stat s ON s.key = u.key), "
              f"k AS (SELECT key, {BLOCK_READ} AS n FROM (SELECT key FROM q WHERE df > 1 AND (NOT num OR NOT EXISTS "
              f'(SELECT 1 FROM q WHERE df > 1 AND NOT num)) ORDER BY df, key COLLATE "C" LIMIT {BLOCK_KEYS}) AS b '
              f"UNION ALL SELECT key, {PAIR_READ} FROM unnest(%s::text[]) AS p(key)), ")
# The claim's keys' counts and the claims count.
_COUNTS_PG = (" UNION ALL SELECT NULL, array_agg(key), array_agg(df) FROM q "
              f"UNION ALL SELECT NULL, ARRAY[key], ARRAY[df] FROM key_stat WHERE key = '{DOCS_KEY}'")
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
