"""What a query worker does with one job (see :mod:`rolegraph.queries._pool`).

Two kinds of job, each a tuple so that it crosses the pipe cheaply:

- ``("sparql", text, accept, format, default_graphs, named_graphs)``: SPARQL text from a client,
  checked by :func:`~rolegraph.queries._sparql.check_query` before pyoxigraph sees it;
- ``("named", name, params, accept, format)``: a named query with string parameters, run by
  :func:`rolegraph.queries.run` (the command line's parameter resolution).

The answer is a :class:`~rolegraph.queries._pool.Reply` with the HTTP status: 200, 400 (does not
parse, unknown parameter value), 403 (refused: update, SERVICE, foreign graph), 406 (no
acceptable format), 500 (the store failed) or 503 (over the row limit).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from rolegraph.errors import QueryError, RolegraphError
from rolegraph.namespaces import PREFIXES
from rolegraph.queries._pool import Reply
from rolegraph.queries._sparql import (
    NotAcceptable,
    Refused,
    binding,
    check_graph_names,
    check_query,
    negotiate,
    write_boolean,
    write_solutions,
    write_triples,
)

__all__ = ["Runner", "RowLimit"]


class RowLimit(RolegraphError):
    """The result has more rows (or triples) than the endpoint hands out."""


class Runner:
    """Answers jobs over the store in ``store_path``, opened read-only."""

    def __init__(self, store_path: str, settings: dict[str, Any]):
        self.store_path = store_path
        self.max_rows = int(settings.get("max_rows", 10_000))
        self.max_memory_mb = settings.get("max_memory_mb")
        self.store: ox.Store | None = None
        self.reopen()
        check_query("ASK {}")  # builds rdflib's parser now rather than in the first request

    def reopen(self) -> None:
        """Open the store again, to see what a writer wrote since."""
        self.store = ox.Store.read_only(self.store_path)

    def answer(self, job: tuple) -> Reply:
        """The reply to one job; never raises for a bad query, only reports it."""
        try:
            if job[0] == "sparql":
                return self._sparql(*job[1:])
            if job[0] == "named":
                return self._named(*job[1:])
            return _error(500, f"unknown job {job[0]!r}")
        except Refused as exc:
            return _error(403, str(exc))
        except NotAcceptable as exc:
            return _error(406, str(exc))
        except RowLimit as exc:
            return _error(503, str(exc), limit="rows")
        except MemoryError:
            limit = self.max_memory_mb
            return _error(503, f"the query needed more than the {limit} MiB of memory a query may use", limit="memory")
        except QueryError as exc:
            return _error(400, str(exc))
        except SyntaxError as exc:
            return _error(400, f"query does not parse: {exc}")
        except (OSError, RolegraphError, ValueError, RuntimeError) as exc:
            return _error(500, f"the query failed: {exc}")
        except Exception as exc:  # a bug of ours: say so, and keep the worker
            return _error(500, f"the endpoint failed on this query: {type(exc).__name__}: {exc}")

    # -- SPARQL text

    def _sparql(self, text: str, accept: str | None, fmt: str | None, default_graphs, named_graphs) -> Reply:
        checked = check_query(text)
        check_graph_names(default_graphs, "default-graph-uri")
        check_graph_names(named_graphs, "named-graph-uri")
        name, media = negotiate(accept, graph=checked.returns_graph, format=fmt)
        options: dict[str, Any] = {"prefixes": PREFIXES}
        if default_graphs or named_graphs:  # the protocol's dataset replaces the query's
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        elif not checked.has_dataset:  # FROM and FROM NAMED say which graphs; else all of them
            options["use_default_graph_as_union"] = True
        result = self.store.query(text, **options)
        if isinstance(result, ox.QueryBoolean):
            return _ok(media, write_boolean(bool(result), name))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            keys = list(result.variables)
            rows = []
            for solution in result:
                self._count(len(rows) + 1, "rows")
                rows.append([binding(solution[k]) for k in keys])
            return _ok(media, write_solutions(variables, rows, name), rows=len(rows))
        triples = []
        for triple in result:
            self._count(len(triples) + 1, "triples")
            triples.append(triple)
        return _ok(media, write_triples(triples, name), rows=len(triples))

    def _count(self, n: int, what: str) -> None:
        if n > self.max_rows:
            raise RowLimit(
                f"the result has more than {self.max_rows} {what} (the endpoint's limit): "
                "narrow the query or page through it with LIMIT and OFFSET"
            )

    # -- named queries

    def _named(self, query_name: str, params: dict[str, str], accept: str | None, fmt: str | None) -> Reply:
        from rolegraph.graph.store import Store, to_oxigraph
        from rolegraph.queries import get, run

        query = get(query_name)
        result = run(Store(self.store, None), query, params=params)
        if result.kind == "ask":
            name, media = negotiate(accept, graph=False, format=fmt)
            return _ok(media, write_boolean(bool(result.boolean), name))
        if result.kind == "construct":
            name, media = negotiate(accept, graph=True, format=fmt)
            self._count(len(result.triples), "triples")
            triples = [ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in result.triples]
            return _ok(media, write_triples(triples, name), rows=len(triples))
        name, media = negotiate(accept, graph=False, format=fmt)
        self._count(len(result.terms), "rows")
        rows = [[binding(t) for t in row] for row in result.terms]
        return _ok(media, write_solutions(list(result.variables), rows, name), rows=len(rows))


def _ok(media: str, body: bytes, *, rows: int | None = None) -> Reply:
    headers = {"Rolegraph-Rows": str(rows)} if rows is not None else {}
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Reply(200, media + charset, body, headers)


def _error(status: int, message: str, *, limit: str | None = None) -> Reply:
    headers = {"Rolegraph-Limit": limit} if limit else {}
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)
