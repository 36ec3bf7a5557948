"""The `claims` command and its worker processes run with the batch collector thresholds
(claims/collector.py): fewer passes of the cyclic garbage collector over live data."""

from __future__ import annotations

import subprocess
import sys

from claims.collector import BATCH_THRESHOLDS
from claims.workers import WorkerPool


def test_the_claims_command_collects_less_often():
    probe = ("import atexit, gc; from claims.cli.main import run; "
             "atexit.register(lambda: print(gc.get_threshold())); run(['--help'])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert out.stdout.strip().splitlines()[-1] == str(BATCH_THRESHOLDS)


def test_a_worker_process_collects_less_often():
    # The worker is set up by eval of this text: its work reports the worker's thresholds.
    pool = WorkerPool("builtins:eval", ("lambda task: __import__('gc').get_threshold()",), workers=1)
    with pool:
        assert list(pool.map([0])) == [BATCH_THRESHOLDS]


def test_the_rescoring_process_collects_less_often():
    from claims.services.rescore import _scoring_pool

    with _scoring_pool(second_process=True) as pool:
        assert pool.submit(__import__("gc").get_threshold).result() == BATCH_THRESHOLDS
