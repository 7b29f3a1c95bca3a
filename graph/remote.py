"""A store on a triple store server, spoken to over the SPARQL 1.1 protocols.

``Store.open("sparql+http://HOST:PORT/PATH")`` (and ``--store`` on the command line) gives a
:class:`RemoteStore`: the same methods as :class:`~rolegraph.graph.store.Store`, so ``build``,
``query``, ``validate`` and ``export`` work unchanged against a server.

* writes go through the SPARQL 1.1 Graph Store Protocol: a document graph is one ``PUT`` of
  N-Triples to ``STORE?graph=IRI`` (the server replaces the graph atomically), a removal one
  ``DELETE``; with no store endpoint (``store=`` left empty) through SPARQL 1.1 Update instead
  (``DROP SILENT GRAPH``, then ``INSERT DATA`` operations of 1,000 triples, in one request);
* reads go through the SPARQL 1.1 Protocol (``POST`` of the query to QUERY as a URL-encoded form,
  which every server reads), results as SPARQL JSON, parsed by pyoxigraph into the same
  :class:`~rolegraph.graph.store.QueryResult`.

The store is the named graphs in rolegraph's namespace (``https://w3id.org/rolegraph/id/``: the
documents, the vocabulary, the analysis and inferred graphs): a server's other graphs (Virtuoso's
own ``virtrdf#`` and service graphs, another application's data) are not listed, counted or exported.

Endpoints are paths under the URL's path, ``query``, ``update`` and ``store`` by default (what
``oxigraph serve`` answers); the URL's query string renames them, and ``user:password@`` logs in
(HTTP basic; ``auth=digest`` for digest). Shapes for common servers:

=========  ==================================================================================
Oxigraph   ``sparql+http://HOST:7878`` (run ``oxigraph serve --union-default-graph``)
Fuseki     ``sparql+http://HOST:3030/DATASET?query=query&update=update&store=data``
GraphDB    ``sparql+http://HOST:7200/repositories/REPO?query=&update=statements&store=rdf-graphs/service``
Virtuoso   ``sparql+http://dba:PASSWORD@HOST:8890/?query=sparql&update=sparql-auth&store=sparql-graph-crud-auth&auth=digest``
=========  ==================================================================================

rolegraph's queries read the union of the named graphs as the default graph, as the embedded
store does: GraphDB and Virtuoso do that by default, Oxigraph with ``--union-default-graph``,
Fuseki with ``tdb2:unionDefaultGraph true`` on the dataset. Query parameters are bound with a
``VALUES`` block opening the query's outermost group, the terms written by pyoxigraph's
serializer, never as text of ours.

The tests run against ``oxigraph serve`` and against Virtuoso 7.2 (Debian's
``virtuoso-opensource``; its ``dba`` logs in with HTTP digest on ``/sparql-auth`` and
``/sparql-graph-crud-auth``, no grant needed). Virtuoso gives the embedded store's answers except
for the named queries listed in ``tests/test_remote.py``, where its SPARQL differs. It cuts every
answer at ``[SPARQL] ResultSetMaxRows`` without saying so (10,000 in Debian's packaged
``virtuoso.ini``, and the vocabulary graph alone has more triples): raise it, or leave it out as
the tests do, before ``export`` or large queries.

Nothing is fetched when the module is imported or a store is opened; the HTTP client (httpx) is
imported on first use.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

import pyoxigraph as ox

from rolegraph.errors import QueryError, StoreError
from rolegraph.graph.store import Store, _bind, _result, _triples, to_oxigraph
from rolegraph.namespaces import PREFIXES, RGID

__all__ = ["SCHEMES", "RemoteStore", "is_remote"]

#: The ``--store`` prefixes that name a server instead of a folder.
SCHEMES = ("sparql+http://", "sparql+https://")

_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT = f"{_RESULTS_JSON}, application/n-triples;q=0.9"
_PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
# the store's graphs are those named in rolegraph's namespace: a server's other graphs are not listed,
# counted or exported (Virtuoso keeps its own, e.g. <http://www.openlinksw.com/schemas/virtrdf#>)
_INSERT_CHUNK = 1000  # triples in one INSERT DATA operation, when writing through SPARQL Update
_OWN = f'FILTER(STRSTARTS(STR(?g), "{RGID}"))'


def is_remote(location: Any) -> bool:
    """Whether ``location`` (a ``--store`` value) names a server.

    >>> is_remote("sparql+http://127.0.0.1:7878"), is_remote(".rolegraph")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def _endpoints(url: str) -> tuple[str, dict[str, str], tuple[str, str] | None, str]:
    """``(display URL, {"query", "update", "store": absolute URL or ""}, credentials, auth kind)``."""
    parts = urlsplit(url[len("sparql+"):])
    if not parts.hostname:
        raise StoreError(f"{url}: no host in the store URL (sparql+http://HOST:PORT/...)")
    options = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    base_path = parts.path.rstrip("/")
    base = urlunsplit((parts.scheme, netloc, base_path, "", ""))
    found = {}
    for name in ("query", "update", "store"):
        path = options.get(name, name)
        if name == "store" and name in options and path == "":
            found[name] = ""  # no Graph Store Protocol: write with SPARQL Update
        elif path.startswith("/"):
            found[name] = urlunsplit((parts.scheme, netloc, path, "", ""))
        else:
            found[name] = f"{base}/{path}" if path else base
    credentials = (parts.username, parts.password or "") if parts.username else None
    display = urlunsplit(("sparql+" + parts.scheme, netloc, parts.path, parts.query, ""))
    return display, found, credentials, options.get("auth", "basic")


class RemoteStore(Store):
    """A rolegraph store on a SPARQL 1.1 server. Open one with ``Store.open("sparql+http://...")``."""

    def __init__(self, url: str, *, timeout: float = 60.0):
        self.url, self.endpoints, self._credentials, self._auth_kind = _endpoints(url)
        self.path = None
        self._timeout = timeout
        self._client = None
        self._snapshot: ox.Store | None = None
        self._inner = None
        self._closed = False

    @classmethod
    def connect(cls, url: str) -> "RemoteStore":
        """The store at ``url`` (``sparql+http://...``); nothing is sent until it is used."""
        return cls(url)

    # -- lifecycle

    def close(self) -> None:
        """Close the HTTP connections (the server keeps the data)."""
        if self._client is not None:
            self._client.close()
        self._client = None
        self._snapshot = None
        self._closed = True

    def __repr__(self) -> str:
        return f"<rolegraph RemoteStore {self.url}>"

    def _http(self):
        if self._closed:
            raise StoreError(f"{self!r} is closed")
        if self._client is None:
            import httpx

            auth = None
            if self._credentials:
                auth = httpx.DigestAuth(*self._credentials) if self._auth_kind == "digest" else httpx.BasicAuth(*self._credentials)
            self._client = httpx.Client(timeout=self._timeout, auth=auth, follow_redirects=True)
        return self._client

    def _send(self, method: str, url: str, *, what: str, ok=(200, 201, 204), **kwargs):
        import httpx

        try:
            response = self._http().request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.url}: {what}: cannot reach the server: {exc}") from exc
        if response.status_code not in ok:
            body = " ".join(response.text.split())[:300]
            raise StoreError(f"{self.url}: {what}: the server answered {response.status_code}: {body}")
        return response

    @property
    def oxigraph(self) -> ox.Store:
        """A local, in-memory copy of the whole server dataset (fetched once, dropped on the next write).

        It serves what reads every quad (export, inference) with pyoxigraph's own query engine
        and serializers. Changes to the copy are not sent to the server.
        """
        if self._snapshot is None:
            self._snapshot = ox.Store()
            self._snapshot.bulk_extend(self._all_quads())
        return self._snapshot

    def _all_quads(self) -> list[ox.Quad]:
        store = self.endpoints["store"]
        if store:
            # the Graph Store Protocol's whole dataset, where the server gives it as N-Quads (Oxigraph, Fuseki)
            import httpx

            try:
                response = self._http().get(store, headers={"Accept": "application/n-quads"})
            except httpx.HTTPError as exc:
                raise StoreError(f"{self.url}: reading the dataset: cannot reach the server: {exc}") from exc
            if response.status_code == 200 and "n-quads" in response.headers.get("content-type", ""):
                return [q for q in ox.parse(response.content, format=ox.RdfFormat.N_QUADS)
                        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(str(RGID))]
        raw = self._select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}")
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in raw]

    # -- writing

    def replace_document(self, iri: str, graph: Iterable) -> None:
        """Make the named graph ``iri`` on the server hold exactly the triples of ``graph``."""
        name = self._graph_name(iri)
        try:
            triples = _triples(graph)
        except ValueError as exc:
            raise StoreError(f"<{iri}>: cannot store the graph: {exc}") from exc
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""
        self._snapshot = None
        if self.endpoints["store"]:
            if not triples:
                self.remove_document(iri)
                return
            self._send("PUT", self.endpoints["store"], what=f"storing <{iri}>", params={"graph": name.value},
                       content=data, headers={"Content-Type": "application/n-triples"})
        else:
            # one request, the triples in INSERT DATA operations of _INSERT_CHUNK lines (N-Triples is a
            # line a triple): Virtuoso 7.2's parser runs out of stack on one of 10,000 triples
            lines = data.decode("utf-8").splitlines(keepends=True)
            inserts = [f"INSERT DATA {{ GRAPH {name} {{\n{''.join(lines[at:at + _INSERT_CHUNK])}}} }}"
                       for at in range(0, len(lines), _INSERT_CHUNK)]
            self._update(" ;\n".join([f"DROP SILENT GRAPH {name}", *inserts]), what=f"storing <{iri}>")

    def add_documents(self, nquads: bytes, *, graphs: Iterable[str] | None = None, trusted: bool = False) -> None:
        """Write new document graphs, given as N-Quads: one :meth:`replace_document` a graph
        (``graphs``, the names they have, is not needed here; ``trusted`` as for the embedded
        store: the parser then skips checking IRIs)."""
        graphs: dict[str, list] = {}
        try:
            for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS, lenient=trusted):
                graphs.setdefault(quad.graph_name.value, []).append((quad.subject, quad.predicate, quad.object))
        except SyntaxError as exc:
            raise StoreError(f"cannot store the document graphs: {exc}") from exc
        for iri, triples in graphs.items():
            self.replace_document(iri, triples)

    def remove_document(self, iri: str) -> bool:
        """Remove the named graph ``iri`` from the server; ``True`` when it was there."""
        name = self._graph_name(iri)
        self._snapshot = None
        if self.endpoints["store"]:
            response = self._send("DELETE", self.endpoints["store"], what=f"removing <{iri}>",
                                  params={"graph": name.value}, ok=(200, 202, 204, 404))
            return response.status_code != 404
        if not self.has_document(iri):
            return False
        self._update(f"DROP SILENT GRAPH {name}", what=f"removing <{iri}>")
        return True

    def _update(self, update: str, *, what: str) -> None:
        self._send("POST", self.endpoints["update"], what=what, content=update.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    # -- reading

    def has_document(self, iri: str) -> bool:
        """Whether the server holds a non-empty named graph ``iri``."""
        name = self._graph_name(iri)
        # a SELECT, which every server answers alike (Virtuoso 7.2 answers an ASK in JSON as a one-row
        # SELECT of ?__ASK_RETVAL instead of a boolean)
        return any(True for _ in self._select(f"SELECT ?s WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }} LIMIT 1"))

    def graph_names(self) -> list[str]:
        """Every named graph of the store on the server (named in rolegraph's namespace), sorted."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}").rows
        return sorted(str(row[0]) for row in rows)

    def graph(self, iri: str):
        """The named graph ``iri`` as a new rdflib graph (empty when missing)."""
        from rdflib import Graph, URIRef

        from rolegraph.graph.store import to_rdflib
        from rolegraph.namespaces import bind_prefixes

        name = self._graph_name(iri)
        out = Graph(identifier=URIRef(str(iri)))
        bind_prefixes(out)
        for s in self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"):
            out.add((to_rdflib(s["s"]), to_rdflib(s["p"]), to_rdflib(s["o"])))
        return out

    def quad_count(self) -> int:
        """The number of quads in the store's named graphs."""
        return int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}").rows[0][0])

    def triple_count(self) -> int:
        """The number of distinct triples in the union of the store's named graphs."""
        distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}"
        return int(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}").rows[0][0])

    def query(self, sparql: str, *, bindings: dict[str, Any] | None = None):
        """Run a SPARQL query on the server; see :meth:`Store.query <rolegraph.graph.store.Store.query>`.

        ``bindings`` become a ``VALUES`` block at the start of the query's outermost group.
        """
        text = _bind(sparql, bindings) if bindings else sparql
        response = self._post_query(_PROLOGUE + text)
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            if kind in (_RESULTS_JSON, "application/json"):
                return _result(ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON))
            fmt = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.N_TRIPLES
            return _result(ox.parse(response.content, format=fmt))
        except SyntaxError as exc:
            raise StoreError(f"{self.url}: the server's answer does not parse ({kind}): {exc}") from exc

    def _select(self, sparql: str) -> ox.QuerySolutions:
        response = self._post_query(_PROLOGUE + sparql)
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def _post_query(self, text: str):
        import httpx

        try:
            # URL-encoded form (SPARQL 1.1 Protocol 2.1.2), which every server reads; Virtuoso 7.2
            # never answers a query POSTed directly as application/sparql-query
            response = self._http().post(self.endpoints["query"], data={"query": text}, headers={"Accept": _ACCEPT})
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.url}: query: cannot reach the server: {exc}") from exc
        if response.status_code == 400:
            raise QueryError(f"query refused by {self.url}: {' '.join(response.text.split())[:300]}")
        if response.status_code != 200:
            raise StoreError(f"{self.url}: query: the server answered {response.status_code}: "
                             f"{' '.join(response.text.split())[:300]}")
        return response
