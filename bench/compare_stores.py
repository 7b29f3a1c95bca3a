"""Compare rdflib's in-memory store with pyoxigraph for rolegraph's workload.

Builds N synthetic document graphs (about 70 triples each, shaped like rolegraph's: a document, a
role, tool mentions with categories and lines, skills, responsibilities), then times

* load:   every document into its own named graph,
* query:  one join over the union of the graphs (role -> tool mention -> tool -> label, category),
          written twice: over the union default graph, and inside ``GRAPH ?doc``,
* export: the union as Turtle,

for rdflib (``Dataset`` over the Memory store), pyoxigraph through rolegraph's ``Store``
(one atomic update per document, as ``rolegraph build`` does it), and pyoxigraph loading
everything with one ``bulk_extend``. Prints a small table.

    .venv/bin/python bench/compare_stores.py            # 2,000 documents
    .venv/bin/python bench/compare_stores.py --docs 500 --disk
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from rolegraph.graph.store import Store, to_oxigraph
from rolegraph.namespaces import PREFIXES, RG, RGID

JOIN = """
SELECT ?roleLabel ?toolLabel ?category (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?m a rg:ToolMention ; rg:role ?role ; rg:about ?tool ; rg:category ?category ; rg:document ?doc .
  ?role rdfs:label ?roleLabel .
  ?tool rdfs:label ?toolLabel .
} GROUP BY ?roleLabel ?toolLabel ?category
"""

# The same question with the join kept inside each document graph. pyoxigraph's union default
# graph yields a triple once per graph that states it (a tool's label stated by 90 documents
# joins 90 times); inside GRAPH ?doc every triple is seen once.
JOIN_IN_GRAPH = """
SELECT ?roleLabel ?toolLabel ?category (COUNT(DISTINCT ?doc) AS ?documents) WHERE { GRAPH ?doc {
  ?m a rg:ToolMention ; rg:role ?role ; rg:about ?tool ; rg:category ?category ; rg:document ?doc .
  ?role rdfs:label ?roleLabel .
  ?tool rdfs:label ?toolLabel .
} } GROUP BY ?roleLabel ?toolLabel ?category
"""


def synthetic_documents(n: int, seed: int = 7) -> list[tuple[URIRef, Graph]]:
    """``n`` document graphs of about 70 triples over shared pools of roles, tools, categories."""
    rng = random.Random(seed)
    langs = ["en", "fi", "pl", "lv", "sv", "de"]
    tools = [RGID[f"tool/product-{i}"] for i in range(150)]
    categories = [RGID[f"category/cat-{i}"] for i in range(12)]
    out = []
    for d in range(n):
        doc = RGID[f"doc/doc-{d}"]
        lang = rng.choice(langs)
        role = RGID[f"role/{lang}/role-{rng.randrange(40)}"]
        g = Graph(identifier=doc)
        g.add((doc, RDF.type, RG.Document))
        g.add((doc, DCTERMS.title, Literal(f"Document {d}", lang=lang)))
        g.add((doc, DCTERMS.language, Literal(lang)))
        g.add((doc, RG.sourceFile, Literal(f"docs/doc-{d}.txt")))
        g.add((doc, RG.contentHash, Literal(f"sha256:{d:064x}")))
        g.add((doc, RG.describesRole, role))
        g.add((role, RDF.type, RG.Role))
        g.add((role, RDFS.label, Literal(f"Role {role[-2:]}", lang=lang)))
        for t, tool in enumerate(rng.sample(tools, 7)):
            mention = URIRef(f"{doc}/tool/{t}")
            g.add((tool, RDF.type, RG.Tool))
            g.add((tool, RDFS.label, Literal(tool.rsplit("/", 1)[1])))
            g.add((role, RG.usesTool, tool))
            g.add((mention, RDF.type, RG.ToolMention))
            g.add((mention, RG.document, doc))
            g.add((mention, RG.about, tool))
            g.add((mention, RG.role, role))
            g.add((mention, RG.category, rng.choice(categories)))
            g.add((mention, RG.line, Literal(10 + t)))
        for s in range(3):
            skill = RGID[f"skill/skill-{rng.randrange(30)}"]
            g.add((role, RG.requiresSkill, skill))
            g.add((skill, RDFS.label, Literal(f"skill {skill[-2:]}", lang=lang)))
        out.append((doc, g))
    return out


@contextmanager
def timer(results: dict, key: str):
    start = time.perf_counter()
    yield
    results[key] = time.perf_counter() - start


def bench_rdflib(docs) -> dict:
    r: dict = {}
    with timer(r, "load"):
        ds = Dataset(default_union=True)
        for iri, g in docs:
            target = ds.graph(iri)
            for t in g:
                target.add(t)
    with timer(r, "query"):
        rows = list(ds.query(JOIN, initNs=PREFIXES))
    r["rows"] = len(rows)
    with timer(r, "query_graph"):
        assert len(list(ds.query(JOIN_IN_GRAPH, initNs=PREFIXES))) == r["rows"]
    with timer(r, "export"):
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        for t in ds.triples((None, None, None)):
            union.add(t)
        text = union.serialize(format="turtle")
    r["triples"] = len(union)
    r["bytes"] = len(text.encode("utf-8"))
    return r


def bench_store(docs, path) -> dict:
    r: dict = {}
    with timer(r, "load"):
        store = Store.open(path)
        for iri, g in docs:
            store.replace_document(iri, g)
    with timer(r, "query"):
        rows = store.query(JOIN).rows
    r["rows"] = len(rows)
    with timer(r, "query_graph"):
        assert len(store.query(JOIN_IN_GRAPH).rows) == r["rows"]
    with timer(r, "export"):
        raw = store.oxigraph.query(
            "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        triples = [ox.Triple(s["s"], s["p"], s["o"]) for s in raw]
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    r["triples"] = len(triples)
    r["bytes"] = len(data)
    store.close()
    return r


def bench_bulk(docs, path) -> dict:
    r: dict = {}
    with timer(r, "load"):
        store = ox.Store(path) if path else ox.Store()
        store.bulk_extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(str(iri)))
            for iri, g in docs
            for s, p, o in g
        )
    with timer(r, "query"):
        rows = list(store.query(JOIN, prefixes=PREFIXES, use_default_graph_as_union=True))
    r["rows"] = len(rows)
    with timer(r, "query_graph"):
        assert len(list(store.query(JOIN_IN_GRAPH, prefixes=PREFIXES))) == r["rows"]
    with timer(r, "export"):
        raw = store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        triples = [ox.Triple(s["s"], s["p"], s["o"]) for s in raw]
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    r["triples"] = len(triples)
    r["bytes"] = len(data)
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="number of synthetic documents")
    parser.add_argument("--disk", action="store_true", help="pyoxigraph stores on disk (default: memory)")
    args = parser.parse_args()

    docs = synthetic_documents(args.docs)
    quads = sum(len(g) for _, g in docs)
    print(f"{args.docs} documents, {quads} quads ({quads / args.docs:.0f} per document)\n")

    with tempfile.TemporaryDirectory() as tmp:
        runs = [
            ("rdflib Dataset (Memory)", bench_rdflib(docs)),
            ("pyoxigraph via Store (update per doc)", bench_store(docs, f"{tmp}/a" if args.disk else None)),
            ("pyoxigraph bulk_extend", bench_bulk(docs, f"{tmp}/b" if args.disk else None)),
        ]
    header = (
        f"| {'store':<38} | {'load s':>7} | {'join (union) s':>14} | {'join (GRAPH ?doc) s':>19} "
        f"| {'Turtle export s':>15} | {'rows':>5} | {'triples':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for name, r in runs:
        print(
            f"| {name:<38} | {r['load']:>7.2f} | {r['query']:>14.3f} | {r['query_graph']:>19.3f} | {r['export']:>15.2f} "
            f"| {r['rows']:>5} | {r['triples']:>7} |"
        )


if __name__ == "__main__":
    main()
