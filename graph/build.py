"""Building the store from documents: read, map to RDF, validate, store, one document at a time.

:func:`build` walks files and folders (only the suffixes a loader reads, hidden files and folders
skipped, in sorted order) and takes every document through

    extract -> statements (what to_rdf writes) -> validate -> Store.add_documents / replace_document

New documents are written in batches (:meth:`~rolegraph.graph.store.Store.add_documents`, all of
a batch or none); a document the store holds already is replaced in one transaction.

A document whose bytes did not change since the store last read it (same content hash, same
source) is not read again. One bad document never stops the others: each gets a
:class:`DocumentReport`, refused documents say why (file and line where known), and the documents
that passed are in the store either way. :attr:`BuildReport.exit_code` follows
``rolegraph.errors``: 0 when every document is in, 3 when a loader refused one, 4 when a graph
failed the SHACL shapes (4 wins when both happened: it points at rolegraph, not at a document).

>>> import tempfile
>>> from rolegraph.graph.store import Store
>>> with Store.open(None) as store, tempfile.TemporaryDirectory() as empty:
...     build([empty], store=store).exit_code
0
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Callable, Iterable

from rolegraph.errors import LoaderError, RolegraphError, ShapeViolation, UsageError

__all__ = ["DocumentReport", "BuildReport", "GraphCheck", "find_documents", "build", "prepare", "prepare_all",
           "revalidate", "revalidate_whole", "validate_file"]

#: How many bytes of N-Quads (about 300 synthetic documents) a build gathers before writing them
#: to the store at once: each write makes a few new database files, which the database then
#: merges in the background (work that grows faster than the store), so not too few documents;
#: but the loader holds several times the bytes it writes, so not too many. 10,000 synthetic
#: documents with --jobs 2 on 2 cores (peak memory of the build's processes together):
#: 16 MB 104 s, 1,195 MB; 32 MB 103 s, 1,317 MB; 48 MB 99 s, 1,401 MB; 64 MB 89 to 94 s,
#: 1,500 MB, too close to the 1.5 GB a build of that size may use.
_WRITE_BYTES = 32 * 1024 * 1024

#: With this many changed files or more, a build reads the first itself before it starts the
#: workers (so that they share what it loaded); with fewer, the workers start at once.
_READ_FIRST = 16

#: The kinds of items counted per document, in report order.
KINDS = ("responsibilities", "skills", "tools", "career_path", "best_practices")


@dataclass
class DocumentReport:
    """What happened to one document.

    ``status`` is ``added`` (new in the store), ``updated`` (replaced an older version),
    ``unchanged`` (same bytes as stored, not read again; or read again into the same graph) or
    ``refused``; ``reason`` says why a document was refused, in one line that starts with the
    file (and line). ``counts`` holds the number of items per kind, ``tools`` the canonical names
    of the products found.
    """

    path: str
    status: str
    reason: str = ""
    iri: str | None = None
    language: str | None = None
    role: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    tools: list[str] = field(default_factory=list)
    triples: int = 0
    error: str | None = None  # "loader" or "shapes" for refused documents
    encoding: str | None = None  # the encoding the text was decoded with (``utf-8``, ``cp1250`` ...)
    warnings: list[str] = field(default_factory=list)  # what the loader noticed but got past

    @property
    def ok(self) -> bool:
        """Whether the document is in the store."""
        return self.status != "refused"

    def line(self) -> str:
        """One line for a build log: ``added    docs/a.md  fi  Asiakaspalvelupäällikkö  tools 12 ...``."""
        if self.status == "refused":
            return f"refused    {self.reason}"
        head = f"{self.status:<10} {self.path}"
        if self.status in ("unchanged", "removed"):
            return head
        parts = [self.language or "?", self.role or "(no role)"]
        parts += [f"{kind.replace('_', ' ')} {self.counts.get(kind, 0)}" for kind in KINDS]
        if self.encoding and self.encoding != "utf-8":
            parts.append(f"decoded as {self.encoding}")
        return head + "  " + "  ".join(parts)


@dataclass
class BuildReport:
    """The outcome of :func:`build`: one report per document, totals and the exit code."""

    documents: list[DocumentReport] = field(default_factory=list)
    seconds: float = 0.0
    vocabulary_loaded: bool = False
    inference: object | None = None  # rolegraph.graph.infer.InferenceReport, with infer="rdfs"/"owlrl"

    @property
    def totals(self) -> dict[str, int]:
        """How many documents ended in each status (``added``, ``updated``, ``unchanged``, ``refused``;
        ``removed`` too after a build with ``prune``)."""
        out = {"added": 0, "updated": 0, "unchanged": 0, "refused": 0}
        for doc in self.documents:
            out[doc.status] = out.get(doc.status, 0) + 1
        return out

    @property
    def exit_code(self) -> int:
        """0 when every document is in the store, 4 when a graph failed the shapes, else 3 when a
        loader refused a document."""
        errors = {doc.error for doc in self.documents if not doc.ok}
        if "shapes" in errors:
            return ShapeViolation.exit_code
        if errors:
            return LoaderError.exit_code
        return 0

    def summary(self) -> str:
        """One line of totals: ``5 documents: 3 added, 1 updated, 0 unchanged, 1 refused (0.8 s)``
        (and ``, 2 removed`` after a build with ``prune``)."""
        t = self.totals
        n = len(self.documents) - t.get("removed", 0)
        removed = f", {t['removed']} removed" if t.get("removed") else ""
        return (
            f"{n} document{'s' if n != 1 else ''}: "
            f"{t['added']} added, {t['updated']} updated, {t['unchanged']} unchanged, "
            f"{t['refused']} refused{removed} ({self.seconds:.1f} s)"
        )


def find_documents(paths: Iterable[str | PathLike]) -> list[Path]:
    """The documents under ``paths``: files as given, folders walked recursively.

    Only files with a suffix a loader reads; hidden files and folders (``.name``) are skipped
    inside folders; the result is sorted and free of duplicates. A path that does not exist
    raises :class:`~rolegraph.errors.UsageError`.
    """
    import os
    import stat

    from rolegraph.loaders import readable, supported_suffixes

    suffixes = set(supported_suffixes())
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            skip = len(path.parts)
            for candidate in path.rglob("*"):  # sorted once at the end
                parts = candidate.parts
                if candidate.suffix.lower() not in suffixes or any(part.startswith(".") for part in parts[skip:]):
                    continue
                try:
                    mode = os.stat(candidate).st_mode
                except (OSError, ValueError):
                    mode = 0  # a broken link or a link loop
                if stat.S_ISDIR(mode):
                    continue
                # a FIFO, a broken link or a link loop named like a document is kept, so the
                # build refuses it by name instead of passing over it in silence
                if not stat.S_ISREG(mode) or readable(candidate):
                    found.setdefault(candidate, None)
        elif path.is_file():
            found.setdefault(path, None)  # named explicitly: the loader says if it cannot read it
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(found, key=lambda p: p.parts)  # the order of Path's own comparison, without its cost


def prepare(path: str | PathLike) -> tuple[DocumentReport, list | None]:
    """Read one document, map it to RDF and validate it; nothing is stored.

    Returns its report (status ``added`` for now, or ``refused``) and its triples (``None`` when
    refused). For a file of several role records (a CSV export), the first; see :func:`prepare_all`.
    """
    return prepare_all(path)[0]


def prepare_all(path: str | PathLike) -> list[tuple[DocumentReport, list | None]]:
    """:func:`prepare` for every document graph a file gives (one per role record; one for an
    article). This is the part of :func:`build` that runs in worker processes."""
    from rolegraph.loaders import extract_all

    path = Path(path)
    try:
        extractions = extract_all(path)
    except LoaderError as exc:
        return [(DocumentReport(str(path), "refused", reason=_one_line(str(exc)), error="loader"), None)]
    except RolegraphError as exc:
        return [(DocumentReport(str(path), "refused", reason=f"{path}: {_one_line(str(exc))}", error="loader"), None)]
    except Exception as exc:  # a bug shown on its document, so the other documents still go in
        return [(_failed(path, exc), None)]
    out = []
    for extraction in extractions:
        try:
            out.append(_prepare_one(path, extraction))
        except Exception as exc:  # the same for the mapping and the validation
            out.append((_failed(path, exc), None))
    return out


def _prepare_in_worker(path: Path) -> list[tuple[DocumentReport, bytes | None]]:
    """:func:`prepare_all` in a worker process, each graph sent back as N-Quads bytes: pyoxigraph
    writes them in native code, and the storing process hands them to the store as they are
    (:meth:`~rolegraph.graph.store.Store.add_documents`), where pickling rdflib terms cost it about
    10 ms a document (measured on synthetic documents of ~400 triples)."""
    return [_as_nquads(doc, triples) for doc, triples in prepare_all(path)]


def _as_nquads(doc: DocumentReport, triples: list | None) -> tuple[DocumentReport, bytes | None]:
    """A prepared document with its graph as N-Quads; refused when pyoxigraph refuses a term."""
    from rolegraph.graph.store import document_nquads

    if triples is None:
        return doc, None
    try:
        return doc, document_nquads(doc.iri, triples)
    except ValueError as exc:
        doc.status, doc.error = "refused", "loader"
        doc.reason = f"{doc.path}: cannot store the graph: {_one_line(str(exc))}"
        return doc, None


def _failed(path: Path, exc: Exception) -> DocumentReport:
    reason = f"{path}: rolegraph failed on this document ({type(exc).__name__}: {_one_line(str(exc))}); please report it"
    return DocumentReport(str(path), "refused", reason=reason, error="loader")


def _prepare_one(path: Path, extraction) -> tuple[DocumentReport, list | None]:
    from rolegraph.graph.rdf import statements
    from rolegraph.graph.validate import validate

    iri, triples = statements(extraction)  # the triples of to_rdf(), without an rdflib graph
    report = DocumentReport(
        path=str(path),
        status="added",
        iri=str(iri),
        language=extraction.language,
        role=extraction.role.label if extraction.role else None,
        counts={kind: len(getattr(extraction, kind)) for kind in KINDS},
        tools=sorted({t.name for t in extraction.tools}),
        triples=len(triples),
        encoding=extraction.encoding,
        warnings=list(extraction.warnings),
    )
    result = validate(triples, document=str(path))
    if not result.conforms:
        first = result.results[0] if result.results else "does not conform"
        more = f" (and {len(result.results) - 1} more)" if len(result.results) > 1 else ""
        report.status, report.error = "refused", "shapes"
        report.reason = f"{path}: shape violation: {_one_line(first)}{more}"
        return report, None
    return report, triples


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build(
    paths: Iterable[str | PathLike],
    *,
    store,
    jobs: int = 1,
    force: bool = False,
    prune: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    infer: str = "none",
) -> BuildReport:
    """Bring the documents under ``paths`` into ``store``; returns a :class:`BuildReport`.

    ``jobs`` > 1 reads documents in that many worker processes (the store is written by this
    process only, in sorted order, so the result is the same). ``progress(done, total, path)``
    is called after each document. The vocabulary graph is loaded first when missing or changed;
    when it changed (or the rolegraph version did), or with ``force``, every document is read
    again, since its graph may now come out differently. ``infer`` (``none``, ``rdfs``, ``owlrl``)
    materialises entailments into ``rgid:graph/inferred`` afterwards (:mod:`rolegraph.graph.infer`);
    ``none`` drops that graph, which would be stale. With ``prune``, documents in the store whose
    source file lies under one of ``paths`` but is gone (deleted, renamed, hidden) are removed and
    reported as ``removed``.
    """
    from rolegraph.graph.infer import PROFILES

    if infer not in PROFILES:
        raise UsageError(f"infer must be one of {', '.join(PROFILES)}, got {infer!r}")
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, got {jobs}")
    started = time.perf_counter()
    files = find_documents(paths)
    # On a rebuild, finding the few files that changed (the stored documents listed, every file
    # hashed: about 1 s for 10,000) takes as long as a worker process takes to load what reading
    # a document needs (modules, the language model, the vocabulary, the shapes: about 1.4 s of
    # CPU), so one worker starts loading it now, by reading a file whose result is not used.
    warm = None
    if jobs > 1 and files and store._has_documents():
        warm = ProcessPoolExecutor(max_workers=1)
        warm.submit(_warm_up, files[0])
    try:
        return _build(files, paths, store=store, jobs=jobs, force=force, prune=prune, progress=progress,
                      infer=infer, started=started, warm=warm)
    finally:
        if warm is not None:
            _stop(warm)


def _warm_up(path: Path) -> None:
    """Read ``path`` in a worker process and drop the result: the worker has loaded what reading takes."""
    try:
        prepare_all(path)
    except Exception:  # only a warm-up: the file is read (and reported) for real later
        pass


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for a task it runs (a warm-up no document needs)."""
    # ProcessPoolExecutor has no terminate(); shutdown() alone waits for the running task
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _build(files: list[Path], paths, *, store, jobs: int, force: bool, prune: bool, progress, infer: str,
           started: float, warm: ProcessPoolExecutor | None) -> BuildReport:
    """:func:`build` once the files are found (and a worker warms up, in ``warm``)."""
    report = BuildReport()
    report.vocabulary_loaded = store.ensure_vocabulary()

    from rolegraph.loaders import content_hash, read_bytes

    stored = [] if not files else store._documents()
    known = {}
    for info in [] if force or report.vocabulary_loaded else stored:
        if info.content_hash and info.source:
            known[(info.source, info.content_hash)] = info

    digests: dict[Path, str | DocumentReport] = {}
    for path in files:
        try:
            digests[path] = content_hash(read_bytes(path))
        except LoaderError as exc:
            digests[path] = DocumentReport(str(path), "refused", reason=_one_line(str(exc)), error="loader")
    # a copy under another name would count every statement twice: the file whose bytes the store
    # already holds under its own name keeps them, else the first in sorted order
    in_store = {(info.source, info.content_hash) for info in stored}
    first_with: dict[str, Path] = {}  # content hash -> the file that takes those bytes
    hashed = [(path, digest) for path, digest in digests.items() if isinstance(digest, str)]
    for path, digest in sorted(hashed, key=lambda item: (str(item[0]), item[1]) not in in_store):
        first_with.setdefault(digest, path)

    todo: list[Path] = []
    slots: list[DocumentReport | None] = []
    for path in files:
        digest = digests[path]
        if not isinstance(digest, str):
            slots.append(digest)
            continue
        if first_with[digest] != path:
            slots.append(DocumentReport(str(path), "refused", error="loader",
                                        reason=f"{path}: the same bytes as {first_with[digest]}; not stored twice"))
            continue
        info = known.get((str(path), digest))
        if info is not None:
            slots.append(DocumentReport(str(path), "unchanged", iri=info.iri, language=info.language,
                                        role=info.role))  # triples: below
        else:
            slots.append(None)
            todo.append(path)

    # A few changed files among many (the usual rebuild) go to the workers at once, to the warm one
    # when there is one (it reads a few in less time than a new worker takes to load). Many go
    # after the first file is read here (below), so that the workers share what it loaded.
    pool = results = None
    if jobs > 1 and 0 < len(todo) < _READ_FIRST:
        pool = warm if warm is not None else ProcessPoolExecutor(max_workers=min(jobs, len(todo)))
        results = pool.map(_prepare_in_worker, todo)
    elif warm is not None:
        _stop(warm)  # nothing to read, or many files: new workers start below
    try:
        return _store_all(store, report, files, todo, slots, stored, jobs=jobs, results=results,
                          progress=progress, prune=prune, paths=paths, infer=infer, started=started)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _store_all(store, report: BuildReport, files: list[Path], todo: list[Path], slots: list, stored: list, *,
               jobs: int, results, progress, prune: bool, paths, infer: str, started: float) -> BuildReport:
    """The second half of :func:`build`: the triple counts of the stored graphs, the changed files
    read (``results`` holds them when the workers were started already), their graphs stored and
    the reports put in order."""
    import dataclasses
    import gc

    import pyoxigraph as ox

    from rolegraph.graph.infer import materialise
    from rolegraph.graph.store import graph_digest

    sizes = store._document_sizes(stored) if stored else {}
    stored = [dataclasses.replace(info, triples=sizes.get(info.iri, 0)) for info in stored]
    for slot in slots:
        if slot is not None and slot.status == "unchanged":
            slot.triples = sizes.get(slot.iri, 0)

    total, done = len(files), 0
    reports: dict[str, list[DocumentReport]] = {}  # path -> one report per document graph of the file
    # the graphs each changed file gave before: a file of several roles (CSV) that lost one drops its graph
    previous: dict[str, list] = {}
    for info in stored if todo else []:  # nothing was written since ``stored`` was read
        previous.setdefault(info.source or "", []).append(info)

    claimed: dict[str, str] = {}  # document IRI -> the path that took it in this build
    written: dict[str, int] = {}  # the document graphs this build wrote, with their number of triples
    # new document graphs wait here and go into the store together (Store.add_documents): a
    # build killed before they are written has them all to do again, never half of one
    waiting: list[bytes] = []
    waiting_iris: list[str] = []
    waiting_bytes = 0

    def write_waiting() -> None:
        nonlocal waiting_bytes
        if waiting:
            store.add_documents(b"".join(waiting), graphs=waiting_iris, trusted=True)  # all written by document_nquads
            waiting.clear()
            waiting_iris.clear()
            waiting_bytes = 0

    def store_one(doc: DocumentReport, nquads: bytes | None) -> None:
        nonlocal waiting_bytes
        if nquads is not None and doc.iri in claimed:
            doc.status, doc.error = "refused", "loader"
            doc.reason = f"{doc.path}: has the same document IRI as {claimed[doc.iri]} ({doc.iri}); rename one"
            nquads = None
        if nquads is not None:
            claimed[doc.iri] = doc.path
            if store.has_document(doc.iri):
                triples = [quad.triple for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)]
                same = graph_digest(store.graph(doc.iri)) == graph_digest(triples)
                doc.status = "unchanged" if same else "updated"
                if not same:
                    store.replace_document(doc.iri, triples)
                    written[doc.iri] = doc.triples
            else:
                waiting.append(nquads)
                waiting_iris.append(doc.iri)
                written[doc.iri] = doc.triples
                waiting_bytes += len(nquads)
                if waiting_bytes >= _WRITE_BYTES:
                    write_waiting()
        reports.setdefault(doc.path, []).append(doc)

    def file_done(path: Path) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, str(path))

    for slot in slots:
        if slot is not None:
            done += 1
            if progress is not None:
                progress(done, total, slot.path)
    frozen = False
    try:
        if results is not None:
            for path, prepared in zip(todo, results):
                for doc, nquads in prepared:
                    store_one(doc, nquads)
                file_done(path)
        elif jobs == 1 or len(todo) < 2:
            for n, path in enumerate(todo):
                if n == 1:
                    gc.freeze()  # what the first file loaded stays: see below
                    frozen = True
                for doc, triples in prepare_all(path):
                    store_one(*_as_nquads(doc, triples))
                file_done(path)
        else:
            # the first file is read here, before the workers start: what it loads (modules, the
            # language model, the vocabulary, the shapes: about 1 s of CPU) the workers then share
            # from the start where processes are forked (Linux), instead of each loading it again
            for doc, triples in prepare_all(todo[0]):
                store_one(*_as_nquads(doc, triples))
            file_done(todo[0])
            # ... and is frozen (gc.freeze), here and in the forked workers: Python's cycle collector
            # then no longer walks those 100,000-odd objects some 2 times a document (0.9 -> 0.2 ms
            # a document; synthetic corpus, gc.callbacks)
            gc.freeze()
            frozen = True
            rest = todo[1:]
            chunk = max(1, min(16, len(rest) // (jobs * 8)))  # fewer round trips, progress still smooth
            with ProcessPoolExecutor(max_workers=min(jobs, len(rest))) as pool:
                for path, prepared in zip(rest, pool.map(_prepare_in_worker, rest, chunksize=chunk)):
                    for doc, nquads in prepared:
                        store_one(doc, nquads)
                    file_done(path)
        write_waiting()
    finally:
        if frozen:
            gc.unfreeze()  # the process as it was: those objects can be collected again

    for path in todo:
        if any(d.ok for d in reports.get(str(path), [])):
            for info in previous.get(str(path), []):
                if info.iri not in claimed and store.remove_document(info.iri):
                    reports[str(path)].append(DocumentReport(str(path), "removed", iri=info.iri, language=info.language,
                                                             role=info.role, triples=info.triples))
    store._keep(sorted(written), counts=written)  # so that the next build finds them described beside the store
    pending = iter(reports.get(str(p), []) for p in todo)
    report.documents = [d for slot in slots for d in ([slot] if slot is not None else next(pending))]
    if prune:
        report.documents += _prune(store, paths, files)
    inference = materialise(store, profile=infer)
    report.inference = inference if infer != "none" else None
    report.seconds = time.perf_counter() - started
    return report


def _prune(store, paths, files: list[Path]) -> list[DocumentReport]:
    """Remove the stored documents whose source lies under ``paths`` but is not among ``files``."""
    present = {str(p) for p in files}
    roots = [Path(p) for p in paths]
    removed = []
    for info in store.documents():
        if not info.source or info.source in present:
            continue
        source = Path(info.source)
        if any(source == root or root in source.parents for root in roots):
            store.remove_document(info.iri)
            removed.append(DocumentReport(info.source, "removed", iri=info.iri, language=info.language,
                                          role=info.role, triples=info.triples))
    return removed


@dataclass
class GraphCheck:
    """The SHACL verdict on one stored (or exported) document graph."""

    name: str
    source: str | None
    report: object  # rolegraph.graph.validate.ValidationReport

    @property
    def conforms(self) -> bool:
        """Whether the graph conforms to the shapes."""
        return bool(self.report.conforms)


def revalidate(store) -> list[GraphCheck]:
    """Validate every document graph in ``store`` again (after the shapes or the mapping changed)."""
    from rolegraph.graph.validate import validate

    checks = []
    for info in store.documents():
        graph = store.graph(info.iri)
        checks.append(GraphCheck(info.iri, info.source, validate(graph, document=info.source or info.iri)))
    return checks


def revalidate_whole(store) -> list[GraphCheck]:
    """Validate the union of every document graph in ``store`` with one pySHACL run (a batch check).

    Gives one :class:`GraphCheck` per document, as :func:`revalidate` does: each violation is
    charged to the documents that state the offending triple (else that say something about the
    node, else that point at it). Slower and hungrier than :func:`revalidate` on a large store (one
    graph of every triple in memory); it is there to cross-check the per-document verdicts.
    """
    from pyshacl import validate as shacl_validate
    from rdflib import Graph
    from rdflib.namespace import SH

    from rolegraph.graph.validate import ValidationReport, _data_graph, _name, _path, shapes_graph
    from rolegraph.namespaces import bind_prefixes

    infos = store.documents()
    graphs = {info.iri: store.graph(info.iri) for info in infos}
    union = Graph()
    for graph in graphs.values():
        for triple in graph:
            union.add(triple)
    data = _data_graph(union)
    conforms, report, _text = shacl_validate(data, shacl_graph=shapes_graph(), inference="none", advanced=False,
                                             abort_on_first=False, allow_warnings=False, meta_shacl=False)
    charged: dict[str, list[str]] = {iri: [] for iri in graphs}
    if not conforms:
        bind_prefixes(data)
        for result in report.objects(None, SH.result):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            value = report.value(result, SH.value)
            message = report.value(result, SH.resultMessage) or report.value(result, SH.sourceConstraintComponent)
            stated = [iri for iri, g in graphs.items() if path is not None and value is not None and (focus, path, value) in g]
            owners = (stated or [iri for iri, g in graphs.items() if (focus, None, None) in g]
                      or [iri for iri, g in graphs.items() if (None, None, focus) in g] or list(graphs))
            for iri in owners:
                where = next(i.source or i.iri for i in infos if i.iri == iri)
                text = f"{where}: {_name(data, focus)}: {message}"
                if _path(data, path):
                    text += f" ({_path(data, path)})"
                charged[iri].append(text)
    return [GraphCheck(info.iri, info.source, ValidationReport(conforms=not charged[info.iri], results=sorted(charged[info.iri])))
            for info in infos]


def validate_file(path: str | PathLike) -> list[GraphCheck]:
    """Validate the document graphs in an RDF file.

    A Turtle or N-Triples file is one graph; in a TriG or N-Quads file each named graph is one
    document (the vocabulary graph is skipped). Syntax errors raise
    :class:`~rolegraph.errors.LoaderError` with the file, line and column.
    """
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from rolegraph.graph.store import VOCABULARY_GRAPH, to_rdflib
    from rolegraph.graph.validate import validate

    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower() or "ttl")
    if fmt is None:
        raise UsageError(f"{path}: cannot tell the RDF format from the suffix; use .ttl, .nt, .trig or .nq")
    graphs: dict[str, Graph] = {}
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            name = "" if isinstance(quad, ox.Triple) or isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            if name == str(VOCABULARY_GRAPH):
                continue
            graph = graphs.setdefault(name, Graph(identifier=URIRef(name) if name else None))
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    except SyntaxError as exc:
        raise LoaderError(f"not valid RDF: {exc}", path=str(path)) from exc
    except OSError as exc:
        raise LoaderError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    if "" in graphs:
        # a Turtle export holds the vocabulary too; its concepts are not document items
        from rolegraph.ontology import vocabulary_graph

        vocabulary = vocabulary_graph()
        union = graphs[""]
        documents = union - vocabulary
        used = {n for s, _, o in documents for n in (s, o)}
        for s, p, o in union:  # statements about the things documents mention stay
            if s in used and (s, p, o) in vocabulary:
                documents.add((s, p, o))
        graphs[""] = documents
    checks = []
    for name in sorted(graphs):
        label = f"{path}" if not name else f"{path} <{name}>"
        checks.append(GraphCheck(name or str(path), label, validate(graphs[name], document=label)))
    return checks
