"""Matching against the store: matches made at ingest and import (`match_new_claims`),
`claims dupes --rebuild` (`rebuild_matches`) and similarity search (`search_in_session`).

The candidate index is `claims.services.store_index`; storing what is found and merging
duplicates, `claims.services.merging`.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain
from typing import Protocol

from sqlalchemy import delete, func, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from claims.matching import (
    CANDIDATES,
    BulkCandidates,
    IdfTable,
    MatchSettings,
    block_keys,
    dice_floor,
    index_keys,
    pair_keys,
    rank_candidates,
    rank_floor,
    shortlist,
)
from claims.matching.compounds import respelled, written_spellings
from claims.matching.decision import compare_unless_distinct
from claims.matching.normalize import Analysis, analyze, is_number
from claims.matching.parallel import Decided, KeyMaker, PairComparer, decided
from claims.matching.rerank import Candidate, Reranker, rerank
from claims.models import KEY_SEPARATOR, Claim, Event, Match
from claims.search_text import BadFilter, require_words
from claims.services.audit import new_batch
from claims.services.claim_titles import keys_of_titles, title_keys_of
from claims.services.id_reads import chunks, read_ids
from claims.services.merging import SYSTEM_REVIEWER, store_found
from claims.services.store_index import StoreIndex
from claims.services.views import MatchSummary
from claims.vocab import MatchState
from db import Database

SEARCH_POOL = 30  # candidates rescored per search query (as the in-memory index does)

PAGE = 20_000  # claims read per query when streaming the whole store


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
        from db.lock_wait import wait_unbounded

        wait_unbounded(session.connection())  # however long the other writer takes
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
    titles: Mapping[int, str | None] | None = None,
) -> MatchSummary:
    """Index new claims and match each against every claim stored before it (a smaller id).

    The whole batch is indexed first, so a claim is weighed against the store as it is after
    the batch, whichever path matches it. `bulk` forces the in-memory pass (True) or the
    lookups (False); by default a large batch goes in bulk. `titles`: the title each claim
    appeared under (None or blank: none), where the caller knows it (an article's new claims,
    their only appearance); else each claim's is read.
    """
    settings = settings or matching_settings()
    index = StoreIndex(session)
    if bulk is None:
        bulk = len(claims) >= BULK_MIN_CLAIMS and len(claims) >= BULK_MIN_SHARE * index.doc_count()
    if not bulk:
        claims = _with_texts(session, claims)
        keys_of = {c.id: index_keys(c.text) for c in claims}
        pairs_of = {cid: pair_keys(keys) for cid, keys in keys_of.items()}
        if titles is not None and session.get_bind().dialect.name == "postgresql":
            # Nothing read before the postings are written: the claims' blocks are chosen by
            # the server with each lookup, on the counts as they are after them (the same
            # counts the read below and the batch's own give). One round trip less (issue 13).
            heads = keys_of_titles({cid: t for cid, t in titles.items() if cid in keys_of and t and t.strip()})
            index.add([(cid, keys + pairs_of[cid] + heads.get(cid, [])) for cid, keys in keys_of.items()],
                      with_lookup=True, counted=False)
            found = _lookup_found(session, index, claims, keys_of, settings, progress, pairs_of=pairs_of,
                                  blocks_by_server=True)
            return store_found(session, found, new_batch())
        # The batch's keys' df (and the claims count) read once, before they are indexed:
        # after it, each is that plus the batch's own (one query, not one per claim); the
        # claims' titles with them.
        idf, titles = index.idf_with_titles(chain.from_iterable(keys_of.values()), list(keys_of))
        heads = keys_of_titles(titles)
        items = [(cid, keys + pairs_of[cid] + heads.get(cid, [])) for cid, keys in keys_of.items()]
        df = idf.df
        for _, keys in items:
            for k in keys:
                df[k] = df.get(k, 0) + 1
        index.add(items, with_lookup=True)  # PostgreSQL: sent with the first lookup
        found = _lookup_found(session, index, claims, keys_of, settings, progress, df, pairs_of)
        return store_found(session, found, new_batch())
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
            index.stage(remake_claim_index=len(ordered) >= index.doc_count(), words_apart=True)
            items = chain(_stored_keys(session, below=ordered[0]),
                          _indexed_pages(session, index, _text_pages(session, ordered, given), len(ordered)))
        found = _bulk_found(session, index, settings, progress, only=ordered, items=items, texts=given)
        return store_found(session, found, new_batch())


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
                  pairs_of: dict[int, list[str]] | None = None, *, blocks_by_server: bool = False
                  ) -> Iterator[tuple[int, int, Decided]]:
    """The matches of `claims`, indexed already, one lookup each; `df`: the df of every key
    of theirs in the index (read from it when not given); `pairs_of`: their pair keys (made
    when not given). `blocks_by_server` (PostgreSQL): each lookup chooses the claim's blocks
    and reads its keys' df (`StoreIndex.neighbours_of`)."""
    floor, dice = rank_floor(settings), dice_floor(settings)
    for n, claim in enumerate(sorted(claims, key=lambda c: c.id), 1):
        if progress and n % 100 == 0:
            progress(n, len(claims))
        keys = keys_of[claim.id]
        pairs = pair_keys(keys) if pairs_of is None else pairs_of[claim.id]
        if blocks_by_server:
            if not keys:  # no block, no pair key
                continue
            their_keys, idf = index.neighbours_of(keys, numbers=[is_number(k) for k in keys], before=claim.id,
                                                  pairs=pairs)
            if not their_keys:
                continue
        else:
            idf = index.idf_for(keys) if df is None else IdfTable({k: df[k] for k in keys}, index.doc_count())
            blocks = block_keys(keys, idf.df)
            if not blocks and not pairs:
                continue
            # Only the neighbours best estimated on the claim's own counts have their keys'
            # counts read (`shortlist`; PostgreSQL: in a statement after the lookup's, where
            # more than `SHORTLIST` are found; `neighbours_of` cuts them so itself).
            their_keys, their_idf = index.block_neighbours(
                blocks, before=claim.id, pairs=pairs, keep=lambda found, keys=keys, idf=idf: shortlist(keys, found, idf))
            if not their_keys:
                continue
            idf.df.update(their_idf.df)  # now the df of every key either side holds
        ranked = rank_candidates(keys, their_keys, idf, floor, dice=dice)
        if not ranked:
            continue
        ids = [cid for cid, _ in ranked]
        texts = {cid: text for cid, _, text in index.claims_read(ids)}
        mine = analyze(claim.text)
        for other_id in ids:
            # None for a distinct pair, told before its explanation is read (as a bulk match)
            result = compare_unless_distinct(analyze(texts[other_id]), mine, settings, idf)
            if result is not None:
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
    index.settle((bulk, ids))  # the staged claims' own keys: as `bulk` numbered them
    total = len(ids)
    idf = IdfTable(bulk.document_frequencies(), index.doc_count())
    bulk.freeze(idf)
    wanted = None if only is None else _marks(ids, only)
    report = (lambda n: progress(n, total)) if progress else None
    if workers is None:  # the claims matched, not the store read: their pairs are the work
        matched = total if wanted is None else wanted.count(1)
        workers = COMPARE_WORKERS if matched >= PARALLEL_MIN_CLAIMS else 0

    def to_compare() -> Iterator[tuple[list[tuple[int, int]], dict[int, str]]]:
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
        for found in comparer.results(to_compare()):
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
        texts.update(read_ids(session, "SELECT id, text FROM claim WHERE id {ids}", sorted(missing)))
        return texts
    for chunk in chunks(sorted(missing), 500):
        # driver SQL: SQLAlchemy's handling of 500 parameters was most of this read's time
        texts.update(read_ids(session, "SELECT id, text FROM claim WHERE id {ids}", chunk))
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
    spellings, prefixes = written_spellings(text)
    found = index.search_pool(keys, limit=size, spellings=spellings, prefixes=prefixes)
    pooled, rows, titles, idf = found.pooled, found.rows, found.titles, found.idf
    ids = [cid for cid, _, _ in pooled]
    texts = {cid: analyze(rows[cid][2]) for cid in ids if cid in rows}
    heads = {cid: analyze(t) for cid, t in titles.items() if cid in texts}
    terms = set(keys).union(*(a.terms for a in texts.values()), *(a.terms for a in heads.values()))
    query = analyze(text)
    if found.spellings:  # a claim found by another spelling is read as written the query's way
        texts = {cid: respelled(a, query.words, found.spellings) for cid, a in texts.items()}
        heads = {cid: respelled(a, query.words, found.spellings) for cid, a in heads.items()}
    # The counts of the words not read with the pool: its titles' (and, on SQLite, its claims').
    if unread := terms - found.asked:
        idf.df.update(index.idf_for(unread).df)
    query_max = found.query_max
    pool = [Candidate(cid, texts[cid], heads.get(cid), bm_text, bm_title)
            for cid, bm_text, bm_title in pooled if cid in texts]
    return SearchPool(query, pool, idf, query_max, rows)


def require_search_words(text: str, what: str = "text") -> None:
    """BadFilter unless `text` holds a word claims are found by: `require_words`, and a word
    the index keeps. A search of common words only ('the', 'it is', 'and or not') has no key
    to look up, so it answered an empty list whatever the store holds, as if nothing like it
    had been checked."""
    require_words(text, what, "search for")
    if not index_keys(text):
        raise BadFilter(f"{what} {text[:40]!r} has only common words ('the', 'is', 'and' ...), which "
                        "no claim is found by: nothing to search for")


def search_in_session(session: Session, text: str, *, limit: int,
                      model: Reranker | None = None, what: str = "text") -> list[SearchHit]:
    """Stored claims ranked for `text`: a pool by BM25 over claims and their titles,
    ordered by the learned reranker (`claims.matching.rerank`). A text of no word is refused
    (BadFilter naming it as ``what``), not answered with an empty list."""
    require_search_words(text, what)
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
            index.stage(remake_claim_index=True, words_apart=True)
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
        summary = store_found(session, found, new_batch())
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
    heads = title_keys_of(session, [cid for cid, _, _ in keyed],
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
