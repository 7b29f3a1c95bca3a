"""The public API documents itself: every public name has a docstring, and docstring examples run."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

PUBLIC_MODULES = [
    "rolegraph",
    "rolegraph.errors",
    "rolegraph.model",
    "rolegraph.namespaces",
    "rolegraph.ontology",
    "rolegraph.loaders",
    "rolegraph.graph.rdf",
    "rolegraph.graph.validate",
    "rolegraph.graph.store",
    "rolegraph.graph.build",
    "rolegraph.graph.export",
    "rolegraph.queries",
]


def _modules():
    for name in PUBLIC_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError:
            continue


@pytest.mark.parametrize("module", list(_modules()), ids=lambda m: m.__name__)
def test_every_public_name_has_a_docstring(module):
    assert module.__doc__, f"{module.__name__} has no module docstring"
    missing = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if name.startswith("__") or not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if not inspect.getdoc(obj):
            missing.append(name)
    assert not missing, f"{module.__name__}: public names without a docstring: {missing}"


@pytest.mark.parametrize("module", list(_modules()), ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
