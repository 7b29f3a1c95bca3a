"""Load test (slow): 50 concurrent clients run the named queries against a real server for 60 s.

The server is ``rolegraph serve`` on 127.0.0.1 over the seed store; the clients are threads in a
second process (``bench/loadtest.py``), so the server is measured from outside. Every answer must
be 200, and the server's memory (its process tree) must stay flat. ``make test-slow`` runs it;
the figures of the last run by hand are in ``bench/results/loadtest.md``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.seeds]

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "loadtest.py"


def figure(text: str, name: str) -> float:
    match = re.search(rf"^\| {re.escape(name)} \| ([\d.]+)", text, re.M)
    assert match, (name, text)
    return float(match.group(1))


def test_fifty_clients_for_a_minute_get_every_answer_and_memory_stays_flat(seed_store, tmp_path):
    out = tmp_path / "loadtest.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--store", str(seed_store.path), "--clients", "50", "--seconds", "60",
         "--write", str(out)],
        capture_output=True, text=True, timeout=400,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    print(text)
    assert figure(text, "errors (not 200)") == 0
    assert figure(text, "requests") > 500  # tens of answers a second, not a trickle
    assert figure(text, "latency p99") < 10_000  # under the query time limit, so nobody was turned away
    start = figure(text, "server RSS at start (process tree)")
    middle = figure(text, "server RSS halfway (process tree)")
    end = figure(text, "server RSS at end (process tree)")
    assert end - start < 64, (start, middle, end)  # warming caches, at most
    assert end - middle < 32, (start, middle, end)  # flat: no growth with the number of requests
