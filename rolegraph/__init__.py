"""rolegraph: role descriptions in many languages, as one RDF knowledge graph.

The Python API in five names; the command line is a thin layer over them::

    import rolegraph

    with rolegraph.Store.open("my-store") as store:          # embedded, on disk (None: in memory)
        report = rolegraph.build(["examples"], store=store)    # read, validate, store each document
        rows = rolegraph.query(store, "tools-by-role", params={"role": "Kundenservice-Teamleiter"})
        for row in rows.dicts():
            print(row["tool"], row["category"])
        rolegraph.export(store, format="turtle", output="graph.ttl")

``rolegraph.extract(path)`` reads one document without a store. Everything is imported lazily,
so ``import rolegraph`` reads no files and starts nothing.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rolegraph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__", "extract", "Store", "build", "query", "list_queries", "export", "validate"]

_LAZY = {
    "extract": "rolegraph.loaders:extract",
    "Store": "rolegraph.graph.store:Store",
    "build": "rolegraph.graph.build:build",
    "query": "rolegraph.queries:run",
    "list_queries": "rolegraph.queries:list_queries",
    "export": "rolegraph.graph.export:export",
    "validate": "rolegraph.graph.validate:validate",
}


def __getattr__(name: str):
    try:
        module_name, attr = _LAZY[name].split(":")
    except KeyError:
        raise AttributeError(f"module 'rolegraph' has no attribute {name!r}") from None
    return getattr(import_module(module_name), attr)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
