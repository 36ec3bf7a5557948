"""The one-line warning that the desk's match index predates today's key scheme.

`claims search` says so (its results may miss claims). Ingest and import say it too, once
per command, after work that stored claims (not after one that failed): until `claims dupes --rebuild` remakes the index, the new
claims are matched against older ones through the old keys only, and some duplicates are
missed.
"""

from __future__ import annotations

from claims.cli.options import note

OUTDATED_INDEX = ("claims: warning: the match index was made by an older version, so new claims "
                  "may miss their duplicates among older ones; `claims dupes --rebuild` remakes it")


def index_outdated(db) -> bool:
    """Were the desk's postings made with an older key scheme?"""
    # Loaded here: `claims extract` shares the ingest commands' module and needs no store.
    from claims.services.store_index import StoreIndex

    with db.session() as session:
        return StoreIndex(session).is_outdated()


def warn_outdated_index(outdated: bool) -> None:
    if outdated:
        note(OUTDATED_INDEX)
