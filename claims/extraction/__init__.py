"""Claim extraction: attributed statements, their speakers and dates, from news text."""

from claims.extraction.extractor import extract_claims
from claims.extraction.types import ExtractedClaim

__all__ = ["ExtractedClaim", "extract_claims"]
