"""Where a Turtle export of a store spends its time, phase by phase.

Opens a store read-only and times, in CPU seconds of this process (threads included) and wall
seconds:

* count:  the distinct triples of each predicate, counted by pyoxigraph without writing them
          (what the store's indexes cost on their own),
* lines:  the same triples written as N-Triples lines by pyoxigraph, one thread and then
          ``rolegraph.graph.export``'s threads (each IRI and long literal looked up by its hash),
* sort:   the lines sorted as bytes,
* turtle: the sorted lines read back and written as Turtle with the project's prefixes.

    .venv/bin/python bench/export_phases.py /path/to/store
"""

from __future__ import annotations

import argparse
import io
import time
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from rolegraph.graph import export as _export
from rolegraph.namespaces import PREFIXES


def _timed(label: str, work, triples: int | None = None):
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    rate = f"  {triples / cpu:>9,.0f} triples per CPU second" if triples else ""
    print(f"{label:<28} {wall:6.2f} s wall {cpu:6.2f} s CPU{rate}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="the store's folder (opened read-only)")
    args = parser.parse_args()
    store = ox.Store.read_only(args.store)
    predicates = [row["p"] for row in store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def distinct(p: ox.NamedNode) -> str:
        return f"SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s {p} ?o }} }}"

    def count() -> int:
        return sum(int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct(p)} }}")))[0].value)
                   for p in predicates)

    def lines_of(p: ox.NamedNode) -> list[bytes]:
        text = store.query(f"CONSTRUCT {{ ?s {p} ?o }} WHERE {{ {distinct(p)} }}").serialize(None, ox.RdfFormat.N_TRIPLES)
        return text.split(b"\n")[:-1]

    def lines(threads: int) -> list[bytes]:
        with ThreadPoolExecutor(threads) as pool:
            return [line for some in pool.map(lines_of, predicates) for line in some]

    triples = _timed("count (no terms written)", count)
    print(f"{triples:,} distinct triples, {len(predicates)} predicates")
    _timed("lines, 1 thread", lambda: lines(1), triples)
    written = _timed(f"lines, {_export._THREADS} threads", lambda: lines(_export._THREADS), triples)
    _timed("sort", written.sort, triples)
    out = io.BytesIO()
    _timed("turtle", lambda: ox.serialize(_export._parsed(_export._batches(written), ox.RdfFormat.N_TRIPLES), out,
                                          ox.RdfFormat.TURTLE, prefixes=PREFIXES), triples)


if __name__ == "__main__":
    main()
