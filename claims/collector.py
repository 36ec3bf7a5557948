"""Fewer passes of Python's cyclic garbage collector, for processes that do batch work.

By default CPython looks for reference cycles after every 700 container allocations, and
scans every live container each time enough of those young passes pile up. Matching and
ingest allocate millions of short-lived sets and tuples (a claim's analysis is a dozen of
them) while holding hundreds of thousands of containers alive, so those scans went over the
same live objects again and again: measured here, garbage collection was a fifth of a 100,000
claims `dupes --rebuild` (14.5 -> 11.6 s CPU with the thresholds below) and the
analyses a comparison worker builds took twice as long with it as without. What we
allocate is acyclic (freed by reference counting); a cycle the collector must find is rare
and small, so looking for one 70 times less often costs no memory worth measuring.

Set once per process: by the `claims` command (the CLI and the desk it opens) and by the
worker processes it starts (comparisons, index keys, check-worthiness scores, rescoring).
"""

from __future__ import annotations

import gc

# (young passes every N allocations, middle every N young, full every N middle): the
# young pass is cheap when it finds nothing and runs 70x less often; full scans rarer still.
BATCH_THRESHOLDS = (50_000, 20, 100)


def collect_less_often() -> None:
    """Use the batch thresholds in this process from now on."""
    gc.set_threshold(*BATCH_THRESHOLDS)
