"""The naive baseline of ``make bench``: the same document graphs, kept and served the plain rdflib way.

Each document is read and mapped to RDF by rolegraph's own loader and mapping (``extract`` ->
``to_rdf``: the part both sides share), then everything else is done as one would without
rolegraph's store: every graph goes into one rdflib ``Dataset`` over the Memory store, one
pySHACL run validates the union (with the ``rdf:type`` of the vocabulary nodes it points to, as
rolegraph's validation has them), the named queries run through rdflib's SPARQL engine over the
union default graph, and the union is written with rdflib's Turtle serializer. One process, no
incremental rebuild (a change means building again).

    python bench/baseline.py CORPUS --params params.json --json out.json

Prints nothing but errors; writes its timings as JSON.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time
from pathlib import Path


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow()


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--params", required=True, help="JSON: query name -> {variable: IRI or literal}")
    parser.add_argument("--json", required=True, help="Where to write the timings.")
    parser.add_argument("--export", required=True, help="The Turtle file to write.")
    parser.add_argument("--analysis", help="N-Quads of rolegraph's analysis graph, loaded after validation "
                        "(the similar-roles, career-path and central-tools queries read it).")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--limit", type=float, default=60.0, help="Seconds after which one query run is stopped.")
    parser.add_argument("--budget", type=float, default=5.0, help="Seconds: a query slower than this runs once.")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)

    from pyshacl import validate as shacl_validate
    from rdflib import Dataset, Graph, Literal, URIRef

    from rolegraph.graph.build import find_documents
    from rolegraph.graph.rdf import to_rdf
    from rolegraph.graph.store import VOCABULARY_GRAPH
    from rolegraph.graph.validate import _data_graph, shapes_graph
    from rolegraph.loaders import extract_all
    from rolegraph.namespaces import PREFIXES, bind_prefixes
    from rolegraph.ontology import vocabulary_graph
    from rolegraph.queries import list_queries

    out: dict = {}
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    vocabulary = dataset.graph(URIRef(str(VOCABULARY_GRAPH)))
    vocabulary.addN((s, p, o, vocabulary) for s, p, o in vocabulary_graph())
    documents = 0
    for path in find_documents([args.corpus]):
        for extraction in extract_all(path):
            graph = to_rdf(extraction)
            named = dataset.graph(graph.identifier)
            named.addN((s, p, o, named) for s, p, o in graph)
            documents += 1
    out["documents"] = documents
    out["build_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    union = Graph()
    for g in dataset.graphs():
        if g.identifier != vocabulary.identifier:
            for triple in g:
                union.add(triple)
    conforms, _report, _text = shacl_validate(_data_graph(union), shacl_graph=shapes_graph(), inference="none",
                                              advanced=False, abort_on_first=False, allow_warnings=False,
                                              meta_shacl=False)
    out["validate_seconds"] = time.perf_counter() - started
    out["conforms"] = bool(conforms)
    out["build_validate_seconds"] = out["build_seconds"] + out["validate_seconds"]
    _say(f"baseline: built {documents} documents in {out['build_seconds']:.1f} s, validated in {out['validate_seconds']:.1f} s")
    del union

    if args.analysis:
        dataset.parse(args.analysis, format="nquads")

    params = json.loads(Path(args.params).read_text(encoding="utf-8"))
    queries = {}
    for query in list_queries():
        if query.name not in params:
            continue
        bindings = {name: (URIRef(v["iri"]) if "iri" in v else Literal(v["literal"], datatype=v.get("datatype") and URIRef(v["datatype"])))
                    for name, v in params.get(query.name, {}).items()}
        times, rows, error = [], 0, None
        for _ in range(args.reps):
            t0 = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, args.limit)  # rdflib is pure Python: an alarm stops it
            try:
                rows = len(list(dataset.query(query.text, initNs=PREFIXES, initBindings=bindings)))
            except _TooSlow:
                error = f"stopped after {args.limit:.0f} s"
                break
            except Exception as exc:  # rdflib cannot run every query the same way: say so in the table
                error = f"{type(exc).__name__}: {exc}"[:200]
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t0)
            if times[-1] > args.budget:
                break
        _say(f"baseline: {query.name}: {len(times)} runs, last {times[-1] if times else float('nan'):.2f} s {error or ''}")
        queries[query.name] = {"rows": rows, "error": error, "runs": len(times),
                               "p50_ms": _percentile(times, 50) * 1000 if times else None,
                               "p95_ms": _percentile(times, 95) * 1000 if times else None}
    out["queries"] = queries

    started = time.perf_counter()
    union = Graph()
    bind_prefixes(union)
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    text = union.serialize(format="turtle")
    Path(args.export).write_text(text, encoding="utf-8")
    out["export_seconds"] = time.perf_counter() - started
    out["export_triples"] = len(union)

    Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
