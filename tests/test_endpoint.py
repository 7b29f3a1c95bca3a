"""The SPARQL endpoint, asked by an independent client (SPARQLWrapper) over real HTTP.

A real ``rolegraph serve`` process serves the store built from the seed documents (the
``endpoint`` fixture: time limit 2 s, 2,000 rows). Its answers are compared with the library's,
which the command line prints; results in every format are read back with parsers that are not
ours (SPARQLWrapper, rdflib, csv).
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from rolegraph.namespaces import PREFIXES
from rolegraph.queries import list_queries, run

pytestmark = [
    pytest.mark.seeds,
    # SPARQLWrapper guesses the query form from the text: a named query path has none to guess from
    pytest.mark.filterwarnings("ignore:.*query type:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

TOOLS_AT_SALESFORCE = """
SELECT DISTINCT ?role ?tool WHERE {
  ?mention a rg:ToolMention ; rg:about ?t ; rg:role ?role .
  ?t rdfs:label ?tool .
  FILTER(?tool = "Salesforce")
}
ORDER BY ?role
"""

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h . ?i ?t ?j }"


# --------------------------------------------------------------------------- helpers


def client(url: str, query: str = "", *, fmt=JSON, method: str | None = None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "form":
        sparql.setMethod(POST)
        sparql.setRequestMethod(URLENCODED)
    elif method == "direct":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


def term(binding: dict | None):
    """An rdflib term from a SPARQL JSON binding (the library's rows are rdflib terms)."""
    if binding is None:
        return None
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(binding["value"], datatype=URIRef(binding["datatype"]))
    return Literal(binding["value"])


def rows_of(data: dict, columns: list[str]) -> Counter:
    return Counter(tuple(term(b.get(c)) for c in columns) for b in data["results"]["bindings"])


def library_rows(result) -> Counter:
    return Counter(tuple(result.terms))


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one plain HTTP request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def sparql_get(endpoint: str, query: str, **headers):
    return http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)


def example_values(store, query) -> dict[str, str]:
    """A value for each required parameter (and the first label of a node of its class)."""
    values = {}
    for p in query.parameters:
        if not p.required:
            continue
        if not p.is_class:
            examples = {"integer": "1", "language": "en"}
            if p.type not in examples:
                pytest.skip(f"{query.name}: no example value for a required {p.type} parameter")
            values[p.name] = examples[p.type]
            continue
        prefix, colon, local = p.type.partition(":")
        if colon and prefix in PREFIXES:  # a node of that class
            found = store.query(
                "SELECT ?label ?cls WHERE { ?node a ?cls ; rdfs:label|skos:prefLabel ?label } ORDER BY ?label LIMIT 1",
                bindings={"cls": URIRef(PREFIXES[prefix] + local)},
            )
        else:  # a node of any class: a tool is one
            found = store.query("SELECT ?label WHERE { ?node a rg:Tool ; rdfs:label ?label } ORDER BY ?label LIMIT 1")
        assert found.rows, f"{query.name}: no node of class {p.type} in the seed store"
        values[p.name] = str(found.rows[0][0])
    return values


NAMED = [q.name for q in list_queries()]


# --------------------------------------------------------------------------- answers equal the library's


@pytest.mark.parametrize("name", NAMED)
def test_named_query_path_answers_as_the_command_line(endpoint, seed_store, name):
    query = next(q for q in list_queries() if q.name == name)
    params = example_values(seed_store, query)
    sparql = client(f"{endpoint}/queries/{name}")
    for key, value in params.items():
        sparql.addParameter(key, value)
    data = sparql.queryAndConvert()
    expected = run(seed_store, name, params=params)
    assert data["head"]["vars"] == expected.variables
    assert rows_of(data, expected.variables) == library_rows(expected)


@pytest.mark.parametrize("name", [q.name for q in list_queries() if not any(p.required for p in q.parameters)])
def test_named_query_text_over_sparql_answers_as_the_command_line(endpoint, seed_store, name):
    query = next(q for q in list_queries() if q.name == name)
    data = client(f"{endpoint}/sparql", query.text, method="form").queryAndConvert()
    expected = run(seed_store, name)
    assert rows_of(data, expected.variables) == library_rows(expected)


def test_a_role_parameter_by_label_narrows_tools_by_role(endpoint, seed_store):
    everything = run(seed_store, "tools-by-role")
    role = everything.rows[0][0]
    sparql = client(f"{endpoint}/queries/tools-by-role")
    sparql.addParameter("role", role)
    data = sparql.queryAndConvert()
    roles = {b["role"]["value"] for b in data["results"]["bindings"]}
    assert roles == {role}
    assert 0 < len(data["results"]["bindings"]) < len(everything.rows)


def test_salesforce_serves_four_roles(endpoint):
    sparql = client(f"{endpoint}/queries/roles-by-tool")
    sparql.addParameter("tool", "salesforce")
    data = sparql.queryAndConvert()
    roles = {b["role"]["value"] for b in data["results"]["bindings"]}
    assert len(roles) == 4


def test_unknown_label_is_400_with_the_nearest_labels(endpoint):
    status, _, body = http(f"{endpoint}/queries/roles-by-tool?tool=Salesforse")
    assert status == 400
    assert "Salesforce" in body.decode()


def test_unknown_named_query_is_404_with_a_suggestion(endpoint):
    status, _, body = http(f"{endpoint}/queries/tools-by-rol")
    assert status == 404
    assert "tools-by-role" in body.decode()


def test_queries_lists_every_named_query_with_its_parameters(endpoint):
    status, headers, body = http(f"{endpoint}/queries")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    listed = {q["name"]: q for q in json.loads(body)["queries"]}
    assert set(listed) == set(NAMED)
    tool = listed["roles-by-tool"]["parameters"][0]
    assert (tool["name"], tool["type"], tool["required"]) == ("tool", "rg:Tool", True)
    assert listed["tools-by-role"]["path"] == "/queries/tools-by-role"
    assert [c["name"] for c in listed["tools-by-role"]["columns"]] == ["role", "tool", "category", "document"]


# --------------------------------------------------------------------------- the protocol


@pytest.mark.parametrize("method", [None, "form", "direct"], ids=["get", "form-post", "direct-post"])
def test_get_form_post_and_direct_post_answer_alike(endpoint, method):
    data = client(f"{endpoint}/sparql", TOOLS_AT_SALESFORCE, method=method).queryAndConvert()
    roles = [b["role"]["value"] for b in data["results"]["bindings"]]
    assert len(set(roles)) == 4 and roles == sorted(roles)


def test_select_in_json_xml_csv_and_tsv_says_the_same(endpoint):
    url = f"{endpoint}/sparql"
    as_json = client(url, TOOLS_AT_SALESFORCE, fmt=JSON).query()
    assert as_json.response.headers["Content-Type"].startswith("application/sparql-results+json")
    expected = [(b["role"]["value"], b["tool"]["value"]) for b in as_json.convert()["results"]["bindings"]]
    assert len(expected) >= 4

    xml = client(url, TOOLS_AT_SALESFORCE, fmt=XML).query()
    assert xml.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    parsed = Result.parse(io.BytesIO(xml.response.read()), format="xml")
    assert [(str(r[0]), str(r[1])) for r in parsed] == expected

    as_csv = client(url, TOOLS_AT_SALESFORCE, fmt=CSV).query()
    assert as_csv.response.headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(as_csv.convert().decode("utf-8"))))
    assert table[0] == ["role", "tool"]
    assert [tuple(r) for r in table[1:]] == expected

    tsv = client(url, TOOLS_AT_SALESFORCE, fmt=TSV).query()
    assert tsv.response.headers["Content-Type"].startswith("text/tab-separated-values")
    parsed = Result.parse(io.BytesIO(tsv.convert()), format="tsv")
    assert [(str(r[0]), str(r[1])) for r in parsed] == expected


def test_ask_answers_in_json_and_xml(endpoint):
    assert client(f"{endpoint}/sparql", "ASK { ?t a rg:Tool }").queryAndConvert()["boolean"] is True
    xml = client(f"{endpoint}/sparql", "ASK { ?t a rg:NoSuchClass }", fmt=XML).query().response.read()
    assert Result.parse(io.BytesIO(xml), format="xml").askAnswer is False


ROLES_GRAPH = "CONSTRUCT { ?r a rg:Role ; rdfs:label ?l } WHERE { ?r a rg:Role ; rdfs:label ?l }"


def test_construct_in_turtle_ntriples_and_jsonld_is_one_graph(endpoint, seed_store):
    expected = Graph()
    for triple in seed_store.query(ROLES_GRAPH).triples:
        expected.add(triple)
    assert len(expected) >= 10
    url = f"{endpoint}/sparql"

    turtle = client(url, ROLES_GRAPH, fmt=TURTLE).query()
    assert turtle.response.headers["Content-Type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=turtle.response.read(), format="turtle"), expected)

    ntriples = client(url, ROLES_GRAPH, fmt=N3)
    ntriples.setOnlyConneg(True)
    ntriples.addCustomHttpHeader("Accept", "application/n-triples")
    response = ntriples.query().response
    assert response.headers["Content-Type"].startswith("application/n-triples")
    assert isomorphic(Graph().parse(data=response.read(), format="nt"), expected)

    jsonld = client(url, ROLES_GRAPH, fmt=JSONLD).query()
    assert jsonld.response.headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=jsonld.response.read(), format="json-ld"), expected)


def test_describe_answers_a_graph(endpoint):
    status, headers, body = sparql_get(endpoint, "DESCRIBE rgid:tool\\/salesforce", Accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(PREFIXES["rgid"] + "tool/salesforce"), None, None) in graph


def test_named_query_results_negotiate_like_sparql(endpoint):
    status, headers, body = http(f"{endpoint}/queries/roles-by-tool?tool=Zendesk", headers={"Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines()[0] == "role,language,occupation,category,document"
    status, headers, _ = http(f"{endpoint}/queries/roles-by-tool?tool=Zendesk&format=tsv")
    assert headers["Content-Type"].startswith("text/tab-separated-values")


def test_an_accept_header_nothing_can_satisfy_is_406(endpoint):
    status, _, body = sparql_get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", Accept="image/png")
    assert status == 406
    assert "application/sparql-results+json" in body.decode()


def test_a_body_of_another_type_is_415(endpoint):
    status, _, _ = http(f"{endpoint}/sparql", data=b"{}", headers={"Content-Type": "application/json"})
    assert status == 415


def test_cors_headers_let_other_pages_ask(endpoint):
    origin = "http://example.org"
    status, headers, _ = http(
        f"{endpoint}/sparql",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] in ("*", origin)
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = sparql_get(endpoint, "ASK {}", Origin=origin)
    assert status == 200 and headers["Access-Control-Allow-Origin"] in ("*", origin)


def test_from_a_document_graph_reads_only_that_document(endpoint, seed_store):
    doc = seed_store.documents()[0]
    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a rg:Document }} }}"
    everywhere = client(f"{endpoint}/sparql", query).queryAndConvert()
    assert len(everywhere["results"]["bindings"]) == len(seed_store.documents())
    narrowed = client(f"{endpoint}/sparql", f"SELECT ?s FROM <{doc.iri}> WHERE {{ ?s a rg:Document }}").queryAndConvert()
    assert [b["s"]["value"] for b in narrowed["results"]["bindings"]] == [doc.iri]
    status, _, body = http(
        f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a rg:Document }", "default-graph-uri": doc.iri})
    )
    assert status == 200
    assert [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]] == [doc.iri]


# --------------------------------------------------------------------------- read-only


UPDATES = [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
    "insert data { rgid:x rdfs:label 'x' }",
    "PREFIX ex: <https://example.org/>\n# a comment: SELECT * WHERE {}\n  InSeRt DaTa { ex:a ex:b ex:c }",
    "DELETE WHERE { ?s ?p ?o }",
    "WITH <https://w3id.org/rolegraph/id/graph/vocabulary> DELETE { ?s ?p ?o } INSERT { ?s ?p 'changed' } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "drop silent default",
    "CREATE GRAPH <https://example.org/g>",
    "COPY DEFAULT TO <https://example.org/g>",
    "MOVE <https://example.org/a> TO <https://example.org/b>",
    "ADD DEFAULT TO <https://example.org/g>",
    "\\u0049NSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }",
]

LOADS = [
    "LOAD <https://example.org/data.ttl>",
    "load silent <https://example.org/data.ttl> into graph <https://example.org/g>",
    "# load what others publish\nPREFIX ex: <https://example.org/>\nLoAd ex:data.ttl",
]

SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX remote: <http://127.0.0.1:9/>\nSELECT * WHERE { ?x a rg:Tool OPTIONAL { sErViCe remote:sparql { ?x ?p ?o } } }",
    "ASK { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } } }",
    "SELECT * WHERE { VALUES ?where { <http://127.0.0.1:9/sparql> } SERVICE ?where { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { { ?s a rg:Tool } UNION { SERVICE <http://127.0.0.1:9/x> # note\n { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
]


def _store_unchanged(endpoint, seed_store):
    data = client(f"{endpoint}/sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").queryAndConvert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == seed_store.quad_count()


@pytest.mark.parametrize("text", UPDATES + LOADS)
@pytest.mark.parametrize("how", ["query-get", "query-form", "update-form", "update-body"])
def test_updates_and_loads_are_refused(endpoint, seed_store, text, how):
    if how == "query-get":
        status, _, body = sparql_get(endpoint, text)
    elif how == "query-form":
        status, _, body = http(f"{endpoint}/sparql", data=urllib.parse.urlencode({"query": text}).encode())
    elif how == "update-form":
        status, _, body = http(f"{endpoint}/sparql", data=urllib.parse.urlencode({"update": text}).encode())
    else:
        status, _, body = http(f"{endpoint}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    assert "read-only" in body.decode()


def test_sparqlwrapper_update_is_refused_and_changes_nothing(endpoint, seed_store):
    sparql = client(f"{endpoint}/sparql", "INSERT DATA { <https://example.org/a> <https://example.org/b> 'c' }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode()
    _store_unchanged(endpoint, seed_store)


@pytest.mark.parametrize("text", SERVICES)
def test_service_is_refused(endpoint, text):
    status, _, body = http(f"{endpoint}/sparql", data=urllib.parse.urlencode({"query": text}).encode())
    assert status == 403, body
    assert "SERVICE" in body.decode()


def test_the_word_service_in_data_is_not_a_service_call(endpoint):
    query = 'SELECT ?x WHERE { VALUES ?x { "SERVICE <http://127.0.0.1:9/> { }" } } # SERVICE in a comment'
    data = client(f"{endpoint}/sparql", query).queryAndConvert()
    assert data["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <https://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "PREFIX ex: <https://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_from_a_foreign_graph_is_refused(endpoint, text):
    status, _, body = sparql_get(endpoint, text)
    assert status == 403
    assert "https://example.org/" in body.decode()


def test_bad_syntax_is_400_with_the_parsers_message(endpoint):
    sparql = client(f"{endpoint}/sparql", "SELECT ?s WHERE {\n  ?s ?p \n}")
    with pytest.raises(QueryBadFormed) as bad:
        sparql.query()
    assert "does not parse: line 2, column 3" in str(bad.value)


def test_what_only_the_engine_refuses_is_400_with_its_message(endpoint):
    # rdflib's parser lets this through; pyoxigraph's says what is wrong
    status, _, body = sparql_get(endpoint, "SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p")
    assert status == 400
    assert "does not parse" in body.decode()


def test_a_request_without_query_is_400(endpoint):
    status, _, body = http(f"{endpoint}/sparql")
    assert status == 400 and "query" in body.decode()


# --------------------------------------------------------------------------- limits


def test_a_body_over_the_limit_is_413(endpoint):
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 300_000
    status, _, body = http(f"{endpoint}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413
    assert "limit" in body.decode()


def test_a_result_over_the_row_limit_is_503(endpoint):
    status, headers, body = sparql_get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 503
    assert headers["Rolegraph-Limit"] == "rows"
    assert "more than 2000 rows" in body.decode()


def test_a_pathological_query_is_stopped_while_others_are_answered(endpoint):
    answers = {}

    def pathological():
        started = time.monotonic()
        answers["slow"] = sparql_get(endpoint, PATHOLOGICAL)
        answers["slow_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=pathological)
    thread.start()
    time.sleep(0.3)  # the slow query is in its worker now
    quick = []
    while thread.is_alive() and len(quick) < 10:
        started = time.monotonic()
        status, _, _ = http(f"{endpoint}/queries/documents")
        quick.append((status, time.monotonic() - started))
    thread.join(timeout=30)
    status, headers, body = answers["slow"]
    assert status == 503, body
    assert headers["Rolegraph-Limit"] == "time"
    assert "time limit is 2 s" in body.decode()
    assert 1.9 < answers["slow_seconds"] < 5
    assert quick and all(s == 200 for s, _ in quick)
    assert max(t for _, t in quick) < 1.0, quick
    # the stopped worker is replaced: the endpoint answers as before
    for _ in range(4):
        assert sparql_get(endpoint, "ASK { ?t a rg:Tool }")[0] == 200


# --------------------------------------------------------------------------- the library


def test_docstring_examples_run():
    from rolegraph.queries import _sparql, endpoint

    for module in (_sparql, endpoint):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        assert module.__doc__
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj):
                assert obj.__doc__, f"{module.__name__}.{name} has no docstring"


def test_create_app_refuses_a_missing_store(tmp_path):
    from rolegraph.errors import StoreError, UsageError
    from rolegraph.queries.endpoint import create_app

    with pytest.raises(StoreError, match="no store here"):
        create_app(tmp_path / "nothing")
    with pytest.raises(UsageError, match="timeout"):
        create_app(tmp_path, timeout=0)


def test_the_endpoint_follows_writes_to_the_store(tmp_path, serve):
    from rolegraph.graph.store import Store

    def graph(name: str) -> Graph:
        g = Graph()
        g.add((URIRef(f"https://w3id.org/rolegraph/id/tool/{name}"), URIRef(PREFIXES["rdfs"] + "label"), Literal(name)))
        return g

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?tool rdfs:label ?label }"
    with Store.open(tmp_path / "store") as store:
        store.replace_document("https://w3id.org/rolegraph/id/doc/one", graph("one"))
        url = serve(tmp_path / "store", "--workers", "1")
        assert client(f"{url}/sparql", count).queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "1"
        # a build writes while the server runs: the next query sees it
        store.replace_document("https://w3id.org/rolegraph/id/doc/two", graph("two"))
        assert client(f"{url}/sparql", count).queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "2"


def test_sparql_without_a_query_describes_the_service(endpoint):
    status, headers, body = http(f"{endpoint}/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = graph.value(predicate=URIRef(sd + "endpoint"), object=URIRef(f"{endpoint}/sparql"))
    assert service is not None
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph


def test_serve_without_a_store_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from rolegraph.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "missing"), "--port", "1"])
    assert result.exit_code == 6
    assert "no store here" in result.output


def test_a_query_that_piles_up_memory_is_stopped_at_the_memory_limit(seed_store, serve):
    url = serve(seed_store.path, "--max-memory", "1024", "--timeout", "30", "--workers", "1")
    started = time.monotonic()
    status, headers, body = sparql_get(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c")
    assert status == 503, body
    assert headers["Rolegraph-Limit"] == "memory"
    assert "1024 MiB" in body.decode()
    assert time.monotonic() - started < 25
    # a fresh worker answers the next question
    assert client(f"{url}/sparql", "ASK { ?t a rg:Tool }").queryAndConvert()["boolean"] is True
