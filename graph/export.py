"""Writing the store out as one file: Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Turtle and N-Triples hold triples only, so they get the union of every named graph (documents
and vocabulary) as distinct triples: what a query sees. TriG, N-Quads and JSON-LD keep the named
graphs, so each document's statements stay apart. Output is sorted, so the same store gives the
same file, and written to a temporary file beside the target that replaces it only when complete:
a failed export never leaves half a file.

>>> import tempfile, pathlib
>>> from rolegraph.graph.store import Store
>>> with Store.open(None) as store, tempfile.TemporaryDirectory() as tmp:
...     export(store, format="nt", output=pathlib.Path(tmp) / "empty.nt").triples
0
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pyoxigraph as ox

from rolegraph.errors import StoreError, UsageError
from rolegraph.graph.store import Store, to_rdflib
from rolegraph.namespaces import PREFIXES

__all__ = ["FORMATS", "ExportReport", "export", "format_for"]

#: format name -> (file suffix, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": (".ttl", False),
    "nt": (".nt", False),
    "trig": (".trig", True),
    "nquads": (".nq", True),
    "jsonld": (".jsonld", True),
}

_SUFFIXES = {suffix: name for name, (suffix, _) in FORMATS.items()} | {".json": "jsonld", ".n3": "turtle"}

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export` wrote: the file, its format, and how many triples (or quads) it holds."""

    path: Path
    format: str
    triples: int


def format_for(path: str | PathLike, default: str = "turtle") -> str:
    """The export format a file name suggests (``graph.trig`` -> ``"trig"``), else ``default``.

    >>> format_for("out/graph.nq")
    'nquads'
    """
    return _SUFFIXES.get(Path(path).suffix.lower(), default)


def export(store: Store, *, format: str = "turtle", output: str | PathLike) -> ExportReport:
    """Write the whole store to ``output`` in ``format`` (one of :data:`FORMATS`).

    ``triples`` in the report counts distinct triples for Turtle and N-Triples and quads for the
    formats that keep named graphs. Raises :class:`~rolegraph.errors.UsageError` for an unknown
    format and :class:`~rolegraph.errors.StoreError` when the file cannot be written.
    """
    if format not in FORMATS:
        raise UsageError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}")
    output = Path(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"{output}: folder {folder} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            count = _write(store, format, handle)
        os.chmod(tmp_name, _mode_for(output))
        os.replace(tmp_name, output)
    except OSError as exc:
        _discard(tmp_name)
        raise StoreError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(tmp_name)
        raise
    return ExportReport(path=output, format=format, triples=count)


def _mode_for(output: Path) -> int:
    """The permissions the file would get from ``open()``: the old file's, else 0o666 less the umask."""
    try:
        return output.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


def _union_triples(store: Store) -> list[ox.Triple]:
    solutions = store.oxigraph.query(
        "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    return sorted((ox.Triple(s["s"], s["p"], s["o"]) for s in solutions), key=str)


def _quads(store: Store) -> list[ox.Quad]:
    # named graphs in order of name, then the default graph (empty unless written by hand)
    def key(q: ox.Quad):
        default = isinstance(q.graph_name, ox.DefaultGraph)
        return (default, "" if default else str(q.graph_name), str(q.triple))

    return sorted(store.oxigraph, key=key)


def _write(store: Store, format: str, handle) -> int:
    if format in ("turtle", "nt"):
        triples = _union_triples(store)
        ox.serialize(triples, handle, _OX_FORMATS[format], prefixes=PREFIXES if format == "turtle" else None)
        return len(triples)
    quads = _quads(store)
    if format in ("trig", "nquads"):
        ox.serialize(quads, handle, _OX_FORMATS[format], prefixes=PREFIXES if format == "trig" else None)
        return len(quads)
    return _write_jsonld(quads, handle)


def _write_jsonld(quads: list[ox.Quad], handle) -> int:
    """JSON-LD through rdflib, which compacts IRIs with a context built from the prefixes."""
    from rdflib import Dataset, URIRef

    from rolegraph.namespaces import bind_prefixes

    dataset = Dataset()
    bind_prefixes(dataset)
    for q in quads:
        graph = dataset.default_graph if isinstance(q.graph_name, ox.DefaultGraph) else dataset.graph(URIRef(q.graph_name.value))
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    text = dataset.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, indent=1)
    handle.write(text.encode("utf-8"))
    return len(quads)
