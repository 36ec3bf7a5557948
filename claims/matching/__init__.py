"""Claim matching: is this the same claim, and which stored claims is it like? Pure code:
no database, no Textual.

Pairs
    ``score_pair(a, b, idf=None) -> float``      similarity 0..100 (:mod:`.scoring`)
    ``compare(a, b, settings=None, idf=None) -> MatchResult``   score + decision +
    explanation (:mod:`.decision`); ``MatchSettings(confirm_threshold, suggest_threshold,
    min_words_auto)``; decisions ``"duplicate" | "suggested" | "conflict" | "distinct"``.

Text
    ``normalize_text``, ``tokenize``, ``extract_numbers``, ``analyze`` (:mod:`.normalize`),
    ``STOP_WORDS``; ``IdfTable`` document frequencies, persistable as a dict (:mod:`.idf`).

Retrieval
    ``index_keys(text)`` the postings keys of a text; ``plan_query``, ``rank_postings``
    (BM25), ``rescore`` (:mod:`.retrieval`): everything a database-backed index needs
    around its postings table. ``CandidateIndex`` is the in-memory index
    (:mod:`.index`); ``find_duplicate_pairs`` finds every matching pair of a whole store
    through candidate blocking (:mod:`.dedup`). ``block_keys``, ``rank_candidates``,
    ``BulkCandidates``: which stored claims a new claim is compared with, one claim at a
    time or a whole batch in memory; ``pair_keys`` the pair keys a claim is also indexed
    under for that (:mod:`.candidates`).

Scores carry ``SCORER`` (name and version) so stored matches say what produced them.
"""

from claims.matching.candidates import (
    BLOCK_READ,
    CANDIDATES,
    PAIR_PREFIX,
    PAIR_READ,
    BulkCandidates,
    block_keys,
    dice_floor,
    is_pair_key,
    pair_keys,
    rank_candidates,
    rank_floor,
    shortlist,
)
from claims.matching.decision import (
    CONFLICT,
    DECISIONS,
    DISTINCT,
    DUPLICATE,
    SUGGESTED,
    MatchResult,
    MatchSettings,
    compare,
    decide,
)
from claims.matching.dedup import find_duplicate_pairs
from claims.matching.idf import IdfTable
from claims.matching.index import CandidateIndex
from claims.matching.normalize import (
    STOP_WORDS,
    Analysis,
    analyze,
    extract_numbers,
    normalize_text,
    tokenize,
)
from claims.matching.numbers import NumberMention, number_conflicts
from claims.matching.retrieval import index_keys, plan_query, rank_postings, rescore
from claims.matching.scoring import SCORER, score_pair

__all__ = [
    "BLOCK_READ",
    "PAIR_PREFIX",
    "PAIR_READ",
    "is_pair_key",
    "pair_keys",
    "CANDIDATES",
    "BulkCandidates",
    "block_keys",
    "dice_floor",
    "rank_candidates",
    "rank_floor",
    "shortlist",
    "CONFLICT",
    "DECISIONS",
    "DISTINCT",
    "DUPLICATE",
    "SCORER",
    "STOP_WORDS",
    "SUGGESTED",
    "Analysis",
    "CandidateIndex",
    "IdfTable",
    "MatchResult",
    "MatchSettings",
    "NumberMention",
    "analyze",
    "compare",
    "decide",
    "extract_numbers",
    "find_duplicate_pairs",
    "index_keys",
    "normalize_text",
    "number_conflicts",
    "plan_query",
    "rank_postings",
    "rescore",
    "score_pair",
    "tokenize",
]
