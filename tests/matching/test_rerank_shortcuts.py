"""The search reranker's shortcuts give exactly what the long way gives (issue 13: a search
at 1M claims in 10 ms): the similarity blend from the pair's own features, 3-grams by zip."""

from __future__ import annotations

import pytest

from claims.matching import IdfTable
from claims.matching.normalize import analyze, char_grams
from claims.matching.scoring import pair_features, similarity_analyses, similarity_of_pair

TEXTS = [
    "The river peaked at 7.4 metres on Friday, the highest level since 1987 in Halden",
    "On Friday the river peaked at 7.4 metres, the highest level recorded in Halden since 1987",
    "Ridership on the Halden buses fell by 18 percent last year",
    "It was the one that they had",  # stop words only
    "it was the one that they had",
    "",
    "Москва заявила, что рост составил 3%",
    "x",
]


@pytest.mark.parametrize("idf", [None, IdfTable.from_texts(TEXTS)])
def test_similarity_from_the_pairs_features_is_the_same(idf):
    for a in TEXTS:
        for b in TEXTS:
            qa, qb = analyze(a), analyze(b)
            features = pair_features(qa, qb, idf)
            assert similarity_of_pair(qa, qb, features, idf) == similarity_analyses(qa, qb, idf), (a, b)


def test_three_grams_by_zip_are_the_sliced_ones():
    for text in ["", "a", "ab", "abc", "the river  peaked", "Москва 3 percent", " "]:
        padded = f" {text} "
        sliced = frozenset(padded[i : i + 3] for i in range(max(1, len(padded) - 2)))
        assert char_grams(text) == sliced, text
        assert char_grams(text, 2) == frozenset(padded[i : i + 2] for i in range(max(1, len(padded) - 1)))
