"""The store as a read-only SPARQL 1.1 Protocol endpoint, with the named queries as REST paths.

:func:`create_app` returns an ASGI application (Starlette); ``rolegraph serve`` runs it with
uvicorn. What it answers:

================================  =============================================================
``GET /sparql?query=...``         SPARQL 1.1 Protocol query via GET
``POST /sparql``                  form (``query=...``) or direct (``application/sparql-query``)
``GET /queries``                  the named queries: question, parameters, columns (JSON)
``GET /queries/NAME?param=...``   a named query; parameters as labels in any language or IRIs
``GET /``                         a page to pick a named query or type SPARQL and see a table
================================  =============================================================

SELECT and ASK results come as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE
as Turtle (default), N-Triples, JSON-LD or RDF/XML, chosen by the ``Accept`` header or a
``format=`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``nt``, ``jsonld``,
``rdfxml``). Every response carries CORS headers, so a page elsewhere can query the endpoint.
``GET /sparql`` without a query describes the endpoint (SPARQL 1.1 Service Description, Turtle).

Read-only and bounded:

- updates (``update=``, ``application/sparql-update``, or update text as ``query=``), ``SERVICE``
  and ``FROM``/``FROM NAMED`` outside the store's own graphs are refused with 403 and a message;
- a query that does not parse gets 400 with the parser's message (line and column);
- each query runs in a worker process with a time limit (``timeout`` seconds): past it the
  worker is killed and the answer is 503 with ``Rolegraph-Limit: time``, while the other
  workers keep answering; a result over ``max_rows`` rows (or triples) is 503 with
  ``Rolegraph-Limit: rows``; a query that needs more than ``max_memory`` MiB ends its worker
  and is 503 with ``Rolegraph-Limit: memory``; a request body, or the query string of a GET,
  over ``max_body`` bytes is 413 (``rolegraph serve`` reads request heads of up to 1 MiB; a longer
  one is closed with 400 by the HTTP server itself).

The default graph is the union of all named graphs (one per document), as on the command line;
``default-graph-uri`` and ``named-graph-uri`` (or ``FROM``) narrow it to given documents.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from urllib.parse import parse_qsl

__all__ = ["create_app", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_MAX_BODY", "DEFAULT_MAX_MEMORY"]

#: Seconds a query may run before it is stopped.
DEFAULT_TIMEOUT = 10.0
#: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one answer may hold.
DEFAULT_MAX_ROWS = 10_000
#: Bytes a request body may hold.
DEFAULT_MAX_BODY = 256 * 1024
#: MiB of address space a query process may use (an idle one uses about 550).
DEFAULT_MAX_MEMORY = 2048

_LIMIT_HEADERS = ["Rolegraph-Rows", "Rolegraph-Limit"]

# URL parameters of /queries/NAME that are not query parameters: format= chooses the format;
# output= and results= are other endpoints' names for it, which SPARQL clients send along
_RESERVED = {"format", "output", "results"}


def create_app(
    store_path: str | PathLike,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_body: int = DEFAULT_MAX_BODY,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    workers: int = 2,
):
    """The endpoint over the store in folder ``store_path``, as a Starlette application.

    ``timeout`` (seconds), ``max_rows`` and ``max_memory`` (MiB of address space per query
    process; ``None``: no cap) bound each query, ``max_body`` (bytes) each request body; ``workers`` query processes answer at once (the store is opened read-only in each, so
    ``rolegraph build`` may write to it meanwhile; the workers see its changes). The workers
    start with the application (its lifespan) and stop with it. Raises
    :class:`~rolegraph.errors.StoreError` when there is no store in ``store_path`` and
    :class:`~rolegraph.errors.UsageError` for limits that are not positive.

    >>> create_app("no/such/store")
    Traceback (most recent call last):
    ...
    rolegraph.errors.StoreError: no/such/store: no store here (build one with: rolegraph build FILES --store no/such/store)
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from rolegraph.errors import StoreError, UsageError
    from rolegraph.queries._pool import WorkerPool

    path = Path(store_path)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here (build one with: rolegraph build FILES --store {path})")
    limits = {"timeout": timeout, "max_rows": max_rows, "max_body": max_body, "workers": workers, "max_memory": max_memory or 1}
    for name, value in limits.items():
        if value <= 0:
            raise UsageError(f"{name} must be positive, got {value}")
    pool = WorkerPool(path, size=workers, settings={"max_rows": max_rows, "max_memory_mb": max_memory})
    endpoint = _Endpoint(pool, timeout=timeout, max_rows=max_rows, max_body=max_body)

    @asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    routes = [
        Route("/", endpoint.page, methods=["GET"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/queries", endpoint.list_queries, methods=["GET"]),
        Route("/queries/{name}", endpoint.named_query, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("rolegraph.queries", "static")]), name="static"),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=_LIMIT_HEADERS,
            max_age=600,
        )
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.store_path = path
    app.state.pool = pool
    return app


class _TooLarge(Exception):
    pass


class _Endpoint:
    """The request handlers; every query goes to the worker pool."""

    def __init__(self, pool, *, timeout: float, max_rows: int, max_body: int):
        self.pool = pool
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_body = max_body

    # -- SPARQL protocol

    async def sparql(self, request):
        from starlette.responses import RedirectResponse

        if len(request.scope.get("query_string", b"")) > self.max_body:
            return _text(413, f"the query string is over {self.max_body} bytes, the endpoint's limit: POST the query")
        url_params = request.query_params
        if request.method == "GET":
            params = list(url_params.multi_items())
        else:
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = await self._body(request)
            except _TooLarge:
                return _text(413, f"the request body is over {self.max_body} bytes, the endpoint's limit")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return _text(400, f"the request body is not UTF-8: {exc}")
            if media == "application/x-www-form-urlencoded":
                params = list(url_params.multi_items()) + parse_qsl(text, keep_blank_values=True)
            elif media == "application/sparql-query":
                params = [(k, v) for k, v in url_params.multi_items() if k != "query"] + [("query", text)]
            elif media == "application/sparql-update":
                return _text(403, "this endpoint is read-only: SPARQL Update is refused")
            else:
                return _text(
                    415,
                    f"POST a query as application/x-www-form-urlencoded (query=...) or as "
                    f"application/sparql-query, not {media or 'a body without Content-Type'}",
                )
        names = [k for k, _ in params]
        if "update" in names:
            return _text(403, "this endpoint is read-only: SPARQL Update (the update parameter) is refused")
        queries = [v for k, v in params if k == "query"]
        if not queries:
            accept = request.headers.get("accept", "")
            if request.method == "GET" and "text/html" in accept:
                return RedirectResponse("/", status_code=303)
            if request.method == "GET" and "text/turtle" in accept:
                return self._description(request)
            return _text(400, "no query: send one as query=... (GET or form POST) or as an application/sparql-query body")
        if len(queries) > 1:
            return _text(400, f"one query per request, got {len(queries)} query parameters")
        job = (
            "sparql",
            queries[0],
            request.headers.get("accept"),
            _last(params, "format"),
            [v for k, v in params if k == "default-graph-uri"],
            [v for k, v in params if k == "named-graph-uri"],
        )
        return await self._run(job)

    def _description(self, request):
        """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
        from starlette.responses import Response

        from rolegraph.queries._sparql import GRAPH_FORMATS, RESULT_FORMATS

        formats = {
            "application/sparql-results+json": "SPARQL_Results_JSON",
            "application/sparql-results+xml": "SPARQL_Results_XML",
            "text/csv": "SPARQL_Results_CSV",
            "text/tab-separated-values": "SPARQL_Results_TSV",
            "text/turtle": "Turtle",
            "application/n-triples": "N-Triples",
            "application/ld+json": "JSON-LD",
            "application/rdf+xml": "RDF_XML",
        }
        media = list(RESULT_FORMATS.values()) + list(GRAPH_FORMATS.values())
        result_formats = ", ".join(f"<http://www.w3.org/ns/formats/{formats[m]}>" for m in media)
        url = str(request.url.replace(query=""))
        text = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

[] a sd:Service ;
  sd:endpoint <{url}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {result_formats} ;
  dcterms:description "rolegraph: role descriptions as one RDF knowledge graph; read-only, each query at most {self.timeout:g} s and {self.max_rows} rows." .
"""
        return Response(text, media_type="text/turtle; charset=utf-8")

    async def _body(self, request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body:
            raise _TooLarge
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    # -- named queries

    async def list_queries(self, request):
        from starlette.responses import JSONResponse

        from rolegraph.namespaces import PREFIXES
        from rolegraph.queries import list_queries

        return JSONResponse(
            {
                "queries": [_describe(q) for q in list_queries()],
                "prefixes": PREFIXES,
                "limits": {"timeout": self.timeout, "max_rows": self.max_rows, "max_body": self.max_body,
                           "max_memory": self.pool.settings.get("max_memory_mb")},
            }
        )

    async def named_query(self, request):
        from rolegraph.errors import QueryError
        from rolegraph.queries import get

        name = request.path_params["name"]
        if len(request.scope.get("query_string", b"")) > self.max_body:
            return _text(413, f"the query string is over {self.max_body} bytes, the endpoint's limit")
        try:
            get(name)
        except QueryError as exc:
            return _text(404, str(exc))
        items = list(request.query_params.multi_items())
        params = {k: v for k, v in items if k not in _RESERVED and v != ""}
        job = ("named", name, params, request.headers.get("accept"), _last(items, "format"))
        return await self._run(job)

    # -- the page

    async def page(self, request):
        from starlette.responses import Response

        return Response(_page(), media_type="text/html; charset=utf-8")

    # -- running

    async def _run(self, job: tuple):
        from starlette.responses import Response

        from rolegraph.queries._pool import Busy, TimeLimit, WorkerDied

        try:
            reply = await self.pool.run(job, timeout=self.timeout)
        except TimeLimit as exc:
            return _text(503, str(exc), limit="time")
        except Busy as exc:
            return _text(503, str(exc), limit="busy")
        except WorkerDied as exc:
            return _text(503, str(exc), limit="memory") if exc.memory else _text(500, str(exc))
        headers = dict(reply.headers)
        if reply.status == 200:
            headers["Vary"] = "Accept"
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


def _last(params: list[tuple[str, str]], key: str) -> str | None:
    values = [v for k, v in params if k == key and v]
    return values[-1] if values else None


def _text(status: int, message: str, *, limit: str | None = None):
    from starlette.responses import PlainTextResponse

    headers = {"Rolegraph-Limit": limit} if limit else None
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _describe(query) -> dict:
    return {
        "name": query.name,
        "question": query.question,
        "description": query.description,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "meaning": p.meaning,
            }
            for p in query.parameters
        ],
        "columns": [{"name": c.name, "meaning": c.meaning} for c in query.columns],
        "path": f"/queries/{query.name}",
        "sparql": query.text,
    }


@cache
def _page() -> bytes:
    return resources.files("rolegraph.queries").joinpath("static/index.html").read_bytes()

