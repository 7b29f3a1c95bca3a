"""rolegraph: role descriptions in many languages, as one RDF knowledge graph.

The public API is imported lazily, so ``import rolegraph`` reads no files and starts nothing.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rolegraph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__", "extract"]

_LAZY = {
    "extract": "rolegraph.loaders:extract",
}


def __getattr__(name: str):
    try:
        module_name, attr = _LAZY[name].split(":")
    except KeyError:
        raise AttributeError(f"module 'rolegraph' has no attribute {name!r}") from None
    return getattr(import_module(module_name), attr)
