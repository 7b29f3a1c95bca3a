"""Hostile queries and requests: what ``tests/test_endpoint.py`` does not already try.

That file refuses updates and LOAD in every spelling over GET and both POSTs, SERVICE over a
form POST, foreign FROM, bad syntax, an oversized body, the row limit, a cartesian product and a
query that piles up memory. Here:

- SERVICE over GET and a direct POST too, and more spellings (``\\U`` escapes, escapes inside the
  keyword, comments between the words);
- a listening socket on 127.0.0.1 proves that no query, FROM, DESCRIBE, ``default-graph-uri`` or
  ``named-graph-uri`` makes the server connect anywhere, and no IRI makes it read a file;
- deep property paths are stopped by the time or row limit, and the server answers meanwhile;
- a GET query string over the limit is 413; malformed requests are 400; a client that never
  sends its body holds up nobody;
- named-query parameters full of quotes, braces, ``} UNION {`` and newlines behave exactly as a
  plain unknown value does (the same rows, or the same kind of error), through the library, the
  command line and the endpoint: the value is a term, never query text.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Literal

from rolegraph.cli import cli
from rolegraph.errors import QueryError
from rolegraph.graph.build import build
from rolegraph.graph.store import Store
from rolegraph.queries import list_queries, run

pytestmark = pytest.mark.seeds


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 30):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(endpoint: str, query: str, **params):
    return http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query, **params}))


def form(endpoint: str, query: str):
    return http(f"{endpoint}/sparql", data=urllib.parse.urlencode({"query": query}).encode())


def direct(endpoint: str, query: str):
    return http(f"{endpoint}/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"})


def raw(endpoint: str, data: bytes, *, timeout: float = 10) -> bytes:
    """Send bytes as they are and read the answer (HTTP status line first)."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
    return out


def assert_alive(endpoint: str) -> None:
    status, _, body = get(endpoint, "ASK { ?t a rg:Tool }")
    assert status == 200 and json.loads(body)["boolean"] is True


# --------------------------------------------------------------------------- nothing leaves the machine


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self.stopped = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stopped = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def _fetching(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url}/>\nSELECT * WHERE {{ r:x ?p ?o OPTIONAL {{ SeRvIcE r:sparql {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SER\\u0056ICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment between the words\n <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?where) SERVICE ?where {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}/data.ttl>",
        f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <https://w3id.org/rolegraph/id/graph/x>",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
    ]


@pytest.mark.parametrize("send", [get, form, direct], ids=["get", "form-post", "direct-post"])
def test_no_query_makes_the_server_connect_or_read_a_file(endpoint, listener, send):
    for query in _fetching(listener.url):
        status, _, body = send(endpoint, query)
        assert status == 403, (query, status, body)
        assert b"read-only" in body or b"SERVICE" in body or b"loads nothing" in body, body
    # what is allowed does not fetch either: an IRI in a pattern, DESCRIBE, GRAPH, a function of an IRI
    allowed = [
        f"DESCRIBE <{listener.url}/thing>",
        f"SELECT * WHERE {{ GRAPH <{listener.url}/g> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ <{listener.url}/a> ?p ?o }}",
        f"SELECT (STR(IRI('{listener.url}/x')) AS ?x) WHERE {{}}",
        "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
    ]
    for query in allowed:
        status, _, body = send(endpoint, query)
        assert status == 200, (query, body)
        assert b"root:" not in body
    time.sleep(0.3)
    assert listener.connections == 0


def test_dataset_parameters_pointing_elsewhere_are_refused(endpoint, listener):
    for key in ("default-graph-uri", "named-graph-uri"):
        for where in (f"{listener.url}/data.ttl", "file:///etc/passwd"):
            status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{key: where})
            assert status == 403, (key, where, body)
    assert listener.connections == 0


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    "query, limits",
    [
        # every pair of nodes joined by any path: n^2 rows
        ("SELECT * WHERE { ?a (<urn:x:none>|!<urn:x:none>)* ?b }", {"rows", "time"}),
        # counting them forces the whole closure
        ("SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type|^!rdf:type)+ ?b . ?b (!rdf:type)* ?c }", {"time", "memory"}),
        # a cartesian product of the closure with itself
        ("SELECT (COUNT(*) AS ?n) WHERE { ?a rdfs:label+ ?b . ?c (rdfs:label|^rdfs:label)* ?d . ?e ?f ?g }", {"time", "memory"}),
    ],
    ids=["all-paths", "deep-closure", "closure-product"],
)
def test_deep_property_paths_hit_a_limit_and_others_are_answered(endpoint, query, limits):
    answer = {}

    def slow() -> None:
        started = time.monotonic()
        answer["reply"] = get(endpoint, query)
        answer["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    status, _, _ = http(f"{endpoint}/queries/documents")
    assert status == 200
    thread.join(timeout=60)
    status, headers, body = answer["reply"]
    assert status == 503, body[:300]
    assert headers["Rolegraph-Limit"] in limits, (headers["Rolegraph-Limit"], body[:200])
    assert answer["seconds"] < 15
    assert_alive(endpoint)


def test_a_query_string_over_the_limit_is_413(endpoint):
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 300_000
    status, _, body = get(endpoint, query)
    assert status == 413, body[:200]
    assert b"limit" in body
    status, _, _ = http(f"{endpoint}/queries/roles-by-tool?tool=" + "x" * 300_000)
    assert status == 413
    assert_alive(endpoint)


def test_a_chunked_body_over_the_limit_is_413(endpoint):
    chunk = b"10000\r\n" + b"#" * 0x10000 + b"\r\n"
    answer = raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk * 5 + b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /sparql?query=%ZZ%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /sparql?query=ASK%00%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 9\r\nConnection: close\r\n\r\nquery=%FF",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 4\r\nConnection: close\r\n\r\n\xff\xfe\x00A",
        b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 not http at all\r\n\r\n",
        b"GET /sparql?query=ASK{} HTTP/1.1\r\nHost: x\r\nContent-Length: nonsense\r\nConnection: close\r\n\r\n",
    ],
    ids=["bad-percent", "nul", "form-not-utf8", "body-not-utf8", "two-queries", "tls-hello", "bad-length"],
)
def test_malformed_requests_are_400(endpoint, request_bytes):
    answer = raw(endpoint, request_bytes)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert_alive(endpoint)


def test_a_client_that_never_sends_its_body_holds_up_nobody(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    stalled = []
    try:
        for _ in range(4):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 1000\r\n\r\nASK {")
            stalled.append(sock)
        started = time.monotonic()
        for _ in range(3):
            assert_alive(endpoint)
        assert time.monotonic() - started < 3
    finally:
        for sock in stalled:
            sock.close()


# --------------------------------------------------------------------------- named-query parameters

HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "x' } UNION { ?s ?p ?o } #",
    "} UNION {",
    '"""\n} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
    "Zendesk\n} UNION { ?s ?p ?o",
    "<https://w3id.org/rolegraph/id/tool/zendesk> } UNION { ?s ?p ?o }",
    "{}{}{}\\\"\\'",
    "rgid:tool/zendesk> . ?s ?p ?o . <x",
]
PLAIN = "no-such-value-anywhere"


def _cases():
    for query in list_queries():
        for p in query.parameters:
            yield query, p


CASES = [pytest.param(q, p, id=f"{q.name}-{p.name}") for q, p in _cases()]


def _other_values(store, query, skip: str) -> dict[str, str]:
    """A real value for every other required parameter: the first label of a node of its class."""
    from rolegraph.namespaces import PREFIXES

    values = {}
    for p in query.parameters:
        if p.name == skip or not p.required:
            continue
        if not p.is_class:
            values[p.name] = {"integer": "1", "language": "en"}.get(p.type, "x")
            continue
        prefix, _, local = p.type.partition(":")
        cls = PREFIXES.get(prefix, "") + local if prefix in PREFIXES else None
        found = store.query(
            "SELECT ?l ?c WHERE { ?n a ?c ; rdfs:label ?l } ORDER BY ?l LIMIT 1",
            bindings={"c": cls} if cls else None,
        ) if cls else store.query("SELECT ?l WHERE { ?n a rg:Tool ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
        if found.rows:
            values[p.name] = str(found.rows[0][0])
    return values


def _outcome(store, query, params):
    try:
        result = run(store, query.name, params=params)
    except QueryError as exc:
        return ("error", type(exc).__name__)
    return ("rows", sorted(map(repr, result.rows)) if result.kind == "select" else len(result))


@pytest.mark.parametrize("query, parameter", CASES)
def test_a_hostile_parameter_is_a_value_in_the_library(seed_store, query, parameter):
    others = _other_values(seed_store, query, parameter.name)
    expected = _outcome(seed_store, query, {**others, parameter.name: PLAIN})
    for value in HOSTILE:
        found = _outcome(seed_store, query, {**others, parameter.name: value})
        assert found == expected, (value, found, expected)


@pytest.mark.parametrize("query, parameter", CASES)
def test_a_hostile_parameter_is_a_value_at_the_endpoint(endpoint, seed_store, query, parameter):
    others = _other_values(seed_store, query, parameter.name)
    kind, expected = _outcome(seed_store, query, {**others, parameter.name: PLAIN})
    for value in HOSTILE[::2]:  # the library test tries them all; over HTTP half of them, for time
        url = f"{endpoint}/queries/{query.name}?" + urllib.parse.urlencode({**others, parameter.name: value})
        status, _, body = http(url, headers={"Accept": "application/sparql-results+json"})
        if kind == "error":
            assert status == 400, (value, status, body[:300])
        else:
            assert status == 200, (value, status, body[:300])
            data = json.loads(body)
            rows = len(data["results"]["bindings"]) if "results" in data else None
            assert rows == (len(expected) if isinstance(expected, list) else expected), value


def test_a_literal_with_every_special_character_is_bound_not_spliced(seed_store):
    for value in HOSTILE:
        result = seed_store.query("SELECT ?l WHERE { ?s rdfs:label ?l }", bindings={"l": Literal(value)})
        assert result.rows == []


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A store of two documents, closed, for the command line to open."""
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    docs.mkdir()
    (docs / "lead.md").write_text(
        "# What does a Support Team Lead do?\n\n## Responsibilities\n\n- Coach the agents every day.\n\n"
        "## Tools\n\n### Help desk software\n\n- Zendesk: tickets.\n", encoding="utf-8")
    (docs / "agent.md").write_text(
        "# What does a Chat Agent do?\n\n## Responsibilities\n\n- Answer chats every day.\n\n"
        "## Tools\n\n### Help desk software\n\n- Zendesk: tickets.\n", encoding="utf-8")
    with Store.open(root / "store") as store:
        assert build([docs], store=store).exit_code == 0
    return root / "store"


@pytest.mark.parametrize("name, parameter", [("roles-by-tool", "tool"), ("tools-by-role", "role")])
def test_a_hostile_parameter_is_a_value_on_the_command_line(small_store, name, parameter):
    runner = CliRunner()
    plain = runner.invoke(cli, ["query", name, "--store", str(small_store), "-p", f"{parameter}={PLAIN}"])
    assert plain.exit_code == QueryError.exit_code and "unknown" in plain.output
    for value in HOSTILE:
        result = runner.invoke(cli, ["query", name, "--store", str(small_store), "-p", f"{parameter}={value}",
                                     "--format", "json"])
        assert result.exit_code == QueryError.exit_code, (value, result.output)
        assert result.output.startswith("rolegraph: error:") and "Traceback" not in result.output
    good = runner.invoke(cli, ["query", "roles-by-tool", "--store", str(small_store), "-p", "tool=Zendesk",
                               "--format", "csv"])
    assert good.exit_code == 0 and len(good.output.strip().splitlines()) == 3  # header and two roles
