"""Reviewing: status, verdict, note and evidence, each change in the audit log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlparse

from claims.errors import ClaimsError, StaleVersion
from claims.models import utcnow
from claims.services.audit import evidence_json, new_batch, set_claim_field, touch
from claims.services.queries import rows_for
from claims.services.team import lock_claims, stale_message
from claims.services.views import ClaimRow
from claims.vocab import Status, Verdict, parse_status, parse_verdict
from db import Database


def check_evidence_url(url: str) -> str:
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ClaimsError(f"evidence: {url!r} is not an http(s) URL")
    return url


def set_status(
    db: Database,
    claim_ids: Sequence[int],
    *,
    reviewer: str,
    status: str | Status | None = None,
    verdict: str | Verdict | None = None,
    note: str | None = None,
    evidence: Sequence[str] = (),
    replace_evidence: bool = False,
    expected_versions: dict[int, int] | None = None,
) -> list[ClaimRow]:
    """Apply one review change to every claim given, all or none, as one undoable action."""
    if not claim_ids:
        raise ClaimsError("no claim selected")
    try:
        new_status = parse_status(status) if isinstance(status, str) else status
        new_verdict = parse_verdict(verdict) if isinstance(verdict, str) else verdict
    except ValueError as exc:
        raise ClaimsError(str(exc)) from None
    links = [check_evidence_url(u) for u in evidence]
    if new_status is None and new_verdict is None and note is None and not links and not replace_evidence:
        raise ClaimsError("nothing to change: give a status, a verdict, a note or evidence")
    batch = new_batch()
    # write=True and lock_claims: the claims are locked from the version check to the commit
    # (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite); touch() then bumps
    # each version with a conditional UPDATE, so a concurrent writer can never be overwritten.
    with db.session(write=True) as session:
        changed = []
        seen: set[int] = set()
        locked = lock_claims(session, list(claim_ids))
        for claim_id in claim_ids:
            claim = locked[claim_id]
            if claim.id in seen:
                continue
            seen.add(claim.id)
            if expected_versions and claim_id in expected_versions and expected_versions[claim_id] != claim.version:
                raise StaleVersion(
                    stale_message(session, claim.id, expected_versions[claim_id], claim.version)
                )
            verdict_after = new_verdict.value if new_verdict else claim.verdict
            status_after = new_status.value if new_status else claim.status
            if status_after == Status.VERIFIED and not verdict_after:
                raise ClaimsError(f"claim {claim.id}: status verified needs a verdict (--verdict)")
            any_change = False
            action = "set-status"
            if new_status is not None:
                any_change |= set_claim_field(session, claim, "status", new_status.value,
                                              batch=batch, reviewer=reviewer, action=action)
            if new_verdict is not None:
                any_change |= set_claim_field(session, claim, "verdict", new_verdict.value,
                                              batch=batch, reviewer=reviewer, action=action)
            if note is not None:
                any_change |= set_claim_field(session, claim, "verdict_note", note or None,
                                              batch=batch, reviewer=reviewer, action=action)
            if links or replace_evidence:
                current = [] if replace_evidence else json.loads(claim.evidence or "[]")
                merged = current + [u for u in links if u not in current]
                any_change |= set_claim_field(session, claim, "evidence", evidence_json(merged),
                                              batch=batch, reviewer=reviewer, action=action)
            if any_change:
                claim.reviewer = reviewer
                claim.reviewed_at = utcnow()
                touch(claim)
            changed.append(claim)
        session.flush()
        return rows_for(session, changed)
