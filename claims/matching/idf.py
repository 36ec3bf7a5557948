"""Document frequencies of terms over a corpus, for weighing rare words over common ones.

An :class:`IdfTable` counts, for each informative term, how many documents contain it.
It grows one document at a time (``add``/``remove``) and round-trips through plain dicts
(``to_dict``/``from_dict``) so the database can persist it as rows ``(term, df)`` plus the
document count.

Weights stay sensible on a tiny or empty corpus: ``prior_docs`` pseudo-documents that
contain no term are added to the count, so with few documents every term weighs about the
same (as if all were rare) and the weights sharpen as real documents arrive. Without that,
two claims compared against a corpus made of just themselves would find their shared words
"common" and their differences "rare".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from claims.matching.normalize import terms_of

DEFAULT_PRIOR_DOCS = 1000


class IdfTable:
    """Document frequencies over a corpus, with an inverse-document-frequency weight."""

    __slots__ = ("doc_count", "df", "prior_docs")

    def __init__(
        self,
        df: Mapping[str, int] | None = None,
        doc_count: int = 0,
        prior_docs: int = DEFAULT_PRIOR_DOCS,
    ) -> None:
        self.df: dict[str, int] = dict(df or {})
        self.doc_count = doc_count
        self.prior_docs = prior_docs

    @classmethod
    def from_texts(cls, texts: Iterable[str], prior_docs: int = DEFAULT_PRIOR_DOCS) -> IdfTable:
        table = cls(prior_docs=prior_docs)
        for text in texts:
            table.add(text)
        return table

    def add(self, text: str) -> None:
        """Count one document."""
        self.add_terms(terms_of(text))

    def add_terms(self, terms: Iterable[str]) -> None:
        """Count one document given as its distinct terms (see ``normalize.terms_of``)."""
        df = self.df
        for term in set(terms):
            df[term] = df.get(term, 0) + 1
        self.doc_count += 1

    def remove(self, text: str) -> None:
        """Uncount one document previously added."""
        self.remove_terms(terms_of(text))

    def remove_terms(self, terms: Iterable[str]) -> None:
        df = self.df
        for term in set(terms):
            count = df.get(term, 0) - 1
            if count > 0:
                df[term] = count
            else:
                df.pop(term, None)
        self.doc_count = max(0, self.doc_count - 1)

    def weight(self, term: str) -> float:
        """``ln(1 + (N + prior) / (df + 0.5))``: about 7.6 for an unseen term with the
        default prior, under 1 for a term in most documents of a large corpus."""
        return math.log1p((self.doc_count + self.prior_docs) / (self.df.get(term, 0) + 0.5))

    def weights(self, terms: Iterable[str]) -> dict[str, float]:
        """``{term: weight(term)}``: the same arithmetic as :meth:`weight`, in one pass."""
        n, df, log1p = self.doc_count + self.prior_docs, self.df.get, math.log1p
        return {term: log1p(n / (df(term, 0) + 0.5)) for term in terms}

    def bm25_idf(self, term: str) -> float:
        """Robertson-Sparck Jones idf as BM25 uses it (never negative)."""
        n = self.doc_count
        df = self.df.get(term, 0)
        return math.log1p((n - df + 0.5) / (df + 0.5))

    def to_dict(self) -> dict:
        """Plain data: ``{"doc_count": N, "prior_docs": P, "df": {term: count}}``."""
        return {"doc_count": self.doc_count, "prior_docs": self.prior_docs, "df": dict(self.df)}

    @classmethod
    def from_dict(cls, data: Mapping) -> IdfTable:
        return cls(
            df=data.get("df", {}),
            doc_count=int(data.get("doc_count", 0)),
            prior_docs=int(data.get("prior_docs", DEFAULT_PRIOR_DOCS)),
        )

    def __len__(self) -> int:
        return len(self.df)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(doc_count={self.doc_count}, terms={len(self.df)})"


class _Weights(dict):
    """term -> weight, each computed by the table on first use."""

    __slots__ = ("table",)

    def __missing__(self, term: str) -> float:
        weight = self[term] = IdfTable.weight(self.table, term)
        return weight


class FixedIdf(IdfTable):
    """An :class:`IdfTable` that no longer changes (the one a batch of comparisons weighs
    by), its weights remembered: comparing an article's 67,000 pairs weighs 1.2 million
    terms, a few hundred distinct. ``weight`` is then a dictionary lookup, the same numbers."""

    __slots__ = ("weight",)

    def __init__(self, idf: IdfTable) -> None:
        super().__init__(prior_docs=idf.prior_docs)
        self.df, self.doc_count = idf.df, idf.doc_count  # shared, not copied
        weights = _Weights()
        weights.table = self
        self.weight = weights.__getitem__

    def add_terms(self, terms: Iterable[str]) -> None:
        raise TypeError("a FixedIdf does not change")

    def remove_terms(self, terms: Iterable[str]) -> None:
        raise TypeError("a FixedIdf does not change")
