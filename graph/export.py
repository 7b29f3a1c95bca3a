"""Writing the store out as one file: Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Turtle and N-Triples hold triples only, so they get the union of every named graph (documents
and vocabulary) as distinct triples: what a query sees. TriG, N-Quads and JSON-LD keep the named
graphs, so each document's statements stay apart. Output is sorted, so the same store gives the
same file, and written to a temporary file beside the target that replaces it only when complete:
a failed export never leaves half a file.

pyoxigraph writes every triple as an N-Triples line; the lines are sorted as bytes (the order of
their text: the named graphs by name, then each graph's triples). N-Triples and N-Quads are those
lines; Turtle and TriG are the sorted lines read back by pyoxigraph and written with the prefixes
of :data:`rolegraph.namespaces.PREFIXES`; JSON-LD goes through rdflib. Most of the time is
pyoxigraph reading the store (a lookup for each IRI and long literal of each triple).

>>> import tempfile, pathlib
>>> from rolegraph.graph.store import Store
>>> with Store.open(None) as store, tempfile.TemporaryDirectory() as tmp:
...     export(store, format="nt", output=pathlib.Path(tmp) / "empty.nt").triples
0
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

import pyoxigraph as ox

from rolegraph.errors import StoreError, UsageError
from rolegraph.graph.store import Store, to_rdflib
from rolegraph.namespaces import PREFIXES

__all__ = ["FORMATS", "ExportReport", "export", "format_for"]

T = TypeVar("T")
U = TypeVar("U")

#: format name -> (file suffix, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": (".ttl", False),
    "nt": (".nt", False),
    "trig": (".trig", True),
    "nquads": (".nq", True),
    "jsonld": (".jsonld", True),
}

_SUFFIXES = {suffix: name for name, (suffix, _) in FORMATS.items()} | {".json": "jsonld", ".n3": "turtle"}


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


# pyoxigraph lets go of the GIL while it reads the store and writes N-Triples, and reading (a
# RocksDB lookup for every IRI and long literal) is most of an export's time: a few threads share it.
_THREADS = max(1, min(4, os.cpu_count() or 1))


def _in_threads(work: Callable[[T], U], items: Iterable[T], *, ahead: int = 8) -> Iterator[U]:
    """``map(work, items)`` run by a few threads, in order, never more than ``ahead`` results waiting."""
    pool = ThreadPoolExecutor(_THREADS, thread_name_prefix="rolegraph-export")
    try:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _lines(text: bytes) -> list[bytes]:
    lines = text.split(b"\n")
    lines.pop()  # N-Triples text ends with a newline
    return lines


def _union_lines(store: ox.Store) -> list[bytes]:
    """Every distinct triple of the named graphs as an N-Triples line, sorted as bytes.

    pyoxigraph writes the lines, one ``CONSTRUCT`` of distinct triples per predicate (so the
    predicate, a constant of the template, is not looked up again for every triple, and a triple
    that several graphs hold is looked up once). Sorting the lines as bytes orders
    them as their text (UTF-8 keeps the order of code points, and no line holds a byte below the
    space), so the file does not depend on the order in which the store keeps its triples.
    """
    predicates = [row["p"] for row in store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def lines_of(predicate: ox.NamedNode) -> list[bytes]:
        # the predicate is written into the query by pyoxigraph (str() of a term is N-Triples)
        query = f"CONSTRUCT {{ ?s {predicate} ?o }} WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s {predicate} ?o }} }} }}"
        lines = _lines(store.query(query).serialize(None, ox.RdfFormat.N_TRIPLES))
        lines.sort()
        return lines

    lines: list[bytes] = []
    for some in _in_threads(lines_of, predicates, ahead=_THREADS):  # a predicate's lines can be large
        lines.extend(some)
    lines.sort()  # runs already in order, one per predicate: a merge
    return lines


def _quad_blocks(store: ox.Store) -> Iterator[tuple[int, bytes]]:
    """``(quads, N-Quads text)`` per graph: the named graphs in order of name, then the default graph.

    Each graph is written by pyoxigraph as N-Triples, its lines sorted as bytes and the graph name
    put before every line's final ``" ."`` (no literal holds a raw newline, so ``" .\n"`` only
    ends a line).
    """
    graphs = sorted((str(name).encode("utf-8"), name) for name in store.named_graphs())
    graphs.append((b"", ox.DefaultGraph()))

    def blocks_of(batch: list[tuple[bytes, Any]]) -> list[tuple[int, bytes]]:
        out = []
        for label, name in batch:
            lines = _lines(store.dump(None, ox.RdfFormat.N_TRIPLES, from_graph=name))
            if lines:
                lines.sort()
                text = b"\n".join(lines) + b"\n"
                out.append((len(lines), text.replace(b" .\n", b" " + label + b" .\n") if label else text))
        return out

    batches = (graphs[start:start + 64] for start in range(0, len(graphs), 64))
    for blocks in _in_threads(blocks_of, batches):
        yield from blocks


def _parsed(blocks: Iterable[bytes], format: ox.RdfFormat) -> Iterator[ox.Quad]:
    """The quads of N-Triples or N-Quads text written by pyoxigraph (so parsed without re-checking IRIs)."""
    for block in blocks:
        yield from ox.parse(block, format, lenient=True)


def _batches(lines: list[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    for start in range(0, len(lines), size):
        yield b"\n".join(lines[start:start + size]) + b"\n"


def _write(store: Store, format: str, handle) -> int:
    inner = store.oxigraph
    if format in ("turtle", "nt"):
        lines = _union_lines(inner)
        if format == "nt":
            handle.writelines(_batches(lines))
        else:
            ox.serialize(_parsed(_batches(lines), ox.RdfFormat.N_TRIPLES), handle, ox.RdfFormat.TURTLE,
                         prefixes=PREFIXES)
        return len(lines)
    count = 0

    def blocks() -> Iterator[bytes]:
        nonlocal count
        for quads, text in _quad_blocks(inner):
            count += quads
            yield text

    if format == "nquads":
        handle.writelines(blocks())
    elif format == "trig":
        ox.serialize(_parsed(blocks(), ox.RdfFormat.N_QUADS), handle, ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        count = _write_jsonld(_parsed(blocks(), ox.RdfFormat.N_QUADS), handle)
    return count


def _write_jsonld(quads: Iterable[ox.Quad], handle) -> int:
    """JSON-LD through rdflib, which compacts IRIs with a context built from the prefixes."""
    from rdflib import Dataset, URIRef

    from rolegraph.namespaces import bind_prefixes

    dataset = Dataset()
    bind_prefixes(dataset)
    count = 0
    for q in quads:
        graph = dataset.default_graph if isinstance(q.graph_name, ox.DefaultGraph) else dataset.graph(URIRef(q.graph_name.value))
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        count += 1
    text = dataset.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, indent=1)
    handle.write(text.encode("utf-8"))
    return count
