"""The store: one embedded pyoxigraph database, one named graph per document.

A :class:`Store` lives in a folder on disk (``./.rolegraph`` unless told otherwise) or in memory
(``path=None``). Each document is one named graph whose name is the document IRI; the vocabulary
(OWL classes, SKOS schemes, tool catalogue) is the named graph ``rgid:graph/vocabulary``. Queries
see the union of all named graphs as their default graph, so a query asks about "the graph"
without naming documents, and ``GRAPH ?doc { ... }`` still tells which document said what.

One thing to know when writing queries: pyoxigraph's union yields a triple once *per graph that
states it* (a tool's label stated by 90 documents matches 90 times). Use ``DISTINCT``, or keep the
joins of one document inside ``GRAPH ?doc { ... }`` as the named queries do; on 2,000 synthetic
documents that turns a 5 s join into 0.4 s (``bench/compare_stores.py``).

Terms cross between rdflib (what the rest of rolegraph builds) and pyoxigraph (what the store
holds) in one place, :func:`to_oxigraph` and :func:`to_rdflib`.

Beside the database, an on-disk store keeps :data:`CATALOGUE_FILE`: what :meth:`Store.documents`
says of each document (source, language, role, title, number of triples) with its content hash,
so that a rebuild does not read every quad to learn it again. It is removed before a session's
first write and written again when the store is closed.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("https://example.org/a"), URIRef("https://example.org/name"), Literal("Aino", lang="fi")))
>>> store = Store.open(None)
>>> store.replace_document("https://example.org/doc/1", g)
>>> store.query("SELECT ?name WHERE { ?s ?p ?name }").rows
[('Aino',)]
>>> store.close()
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from rolegraph.errors import QueryError, RolegraphError, StoreError
from rolegraph.namespaces import PREFIXES, RGID

__all__ = [
    "CATALOGUE_FILE",
    "DEFAULT_PATH",
    "VOCABULARY_GRAPH",
    "DocumentInfo",
    "QueryResult",
    "Store",
    "to_oxigraph",
    "to_rdflib",
    "graph_digest",
    "document_nquads",
    "values_block",
    "blank_out",
]

#: Where the command line keeps its store unless ``--store`` says otherwise.
DEFAULT_PATH = ".rolegraph"

#: The named graph that holds the vocabulary (OWL, SKOS schemes, tool catalogue).
VOCABULARY_GRAPH = RGID["graph/vocabulary"]

_XSD_STRING = str(XSD.string)


# --------------------------------------------------------------------------- terms


def to_oxigraph(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term (``URIRef``, ``BNode``, ``Literal``).

    A plain string is taken as an IRI. Raises :class:`ValueError` for a term pyoxigraph
    refuses (an IRI with a space, a malformed language tag).

    >>> to_oxigraph(Literal("Asiakaspalvelu", lang="fi"))
    <Literal value=Asiakaspalvelu language=fi>
    """
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, (URIRef, str)):
        return ox.NamedNode(str(term))
    raise ValueError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> URIRef | BNode | Literal | None:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``).

    ``xsd:string`` literals become plain literals, as rdflib's parsers make them.

    >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))).toPython()
    3
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise ValueError(f"not an RDF term: {term!r}")


def _plain(term: URIRef | BNode | Literal | None) -> Any:
    """A plain Python value: IRIs as ``str``, literals as their Python value, unbound as ``None``."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _triples(graph: Iterable) -> list[ox.Triple]:
    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]


def document_nquads(iri: str, graph: Iterable) -> bytes:
    """The triples of ``graph`` (rdflib terms) as N-Quads in the named graph ``iri``, written by
    pyoxigraph (what :meth:`Store.add_documents` takes). Raises :class:`ValueError` for a term
    pyoxigraph refuses.
    """
    name = ox.NamedNode(str(iri))
    named_node, quad = ox.NamedNode, ox.Quad
    made: dict = {}  # IRI -> pyoxigraph term: a graph names its nodes and predicates many times

    def term(t):  # to_oxigraph, once per IRI
        if type(t) is not URIRef:
            return to_oxigraph(t)
        try:
            return made[t]
        except KeyError:
            made[t] = converted = named_node(t)
            return converted

    return ox.serialize([quad(term(s), term(p), term(o), name) for s, p, o in graph], format=ox.RdfFormat.N_QUADS)


def graph_digest(graph: Iterable) -> str:
    """A content hash of a set of triples that does not depend on order or blank-node names.

    >>> from rdflib import Graph
    >>> graph_digest(Graph()) == graph_digest([])
    True
    """
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in _triples(graph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(str(quad) for quad in dataset)
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _vocabulary_sources_digest(version: str) -> str:
    """A hash of what the vocabulary graph is built from: the data files of ``rolegraph.ontology``
    (and of the ``ROLEGRAPH_VOCAB`` folders), the module that maps them, and the version."""
    from importlib import resources

    from rolegraph.ontology import extension_dirs

    h = hashlib.sha256(f"rolegraph {version}\n".encode("utf-8"))

    def walk(folder, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir() and not entry.name.startswith(("_", ".")):
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file() and (entry.name.endswith((".yaml", ".ttl")) or entry.name == "_rdf.py"):
                h.update(f"{prefix}{entry.name}\n".encode("utf-8"))
                h.update(entry.read_bytes())

    walk(resources.files("rolegraph.ontology"), "")
    for folder in extension_dirs():
        walk(folder, f"{folder}/")
    return "sources:sha256:" + h.hexdigest()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DocumentInfo:
    """One document graph in the store."""

    iri: str
    source: str | None
    content_hash: str | None
    language: str | None
    role: str | None
    triples: int
    title: str | None = None


@dataclass
class QueryResult:
    """What a query returned.

    ``kind`` is ``"select"``, ``"ask"`` or ``"construct"``. A SELECT fills ``variables``, ``rows``
    (plain Python values: IRIs as strings, literals as ``str``/``int``/``float``/``date``...,
    unbound as ``None``) and ``terms`` (the same cells as rdflib terms); an ASK sets ``boolean``;
    a CONSTRUCT or DESCRIBE fills ``triples`` with rdflib terms.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    terms: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def dicts(self) -> list[dict[str, Any]]:
        """The SELECT rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """The values of one SELECT variable, row by row."""
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def to_dataframe(self):
        """The SELECT rows as a pandas DataFrame (needs pandas, which rolegraph does not install)."""
        try:
            import pandas
        except ImportError as exc:
            raise RolegraphError("to_dataframe() needs pandas: pip install pandas") from exc
        return pandas.DataFrame(self.rows, columns=self.variables)


# --------------------------------------------------------------------------- store

_DOCUMENTS = """
SELECT ?g ?source ?hash ?language ?role ?title WHERE {
  GRAPH ?g {
    ?doc a rg:Document .
    OPTIONAL { ?doc rg:sourceFile ?source }
    OPTIONAL { ?doc rg:contentHash ?hash }
    OPTIONAL { ?doc dcterms:language ?language }
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc rg:describesRole/(rdfs:label|skos:prefLabel) ?role }
  }
}
"""

_DOCUMENT_COLUMNS = ("g", "source", "hash", "language", "role", "title")

# what tells whether a kept description still holds: the document node of each graph, and the
# content hash of those named as their graph is (each one scan of an index, where _DOCUMENTS joins
# per document: 0.15 s against 1.3 s of CPU for 10,000 documents, most of it reading IRIs and strings)
_DOCUMENT_NODES = "SELECT ?g ?doc WHERE { GRAPH ?g { ?doc a rg:Document } }"
_DOCUMENT_HASHES = "SELECT ?g ?hash WHERE { GRAPH ?g { ?g rg:contentHash ?hash } }"

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

_DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"

_VOCABULARY_HASH = "SELECT ?g ?hash WHERE { GRAPH ?g { ?g dcterms:identifier ?hash } }"

#: The file in an on-disk store's folder that keeps what :meth:`Store.documents` says of each
#: document graph (source, language, role, title, number of triples) with its content hash, so
#: that a build does not read it all from the store again: counting the triples reads every quad
#: (about 2 s of CPU for 10,000 synthetic documents, 4.7 M quads) and the description one IRI or
#: string each (1.3 s), most of a rebuild after one change.
CATALOGUE_FILE = "rolegraph-documents.json"

#: With more documents than this to describe or count afresh, one query covers every graph
#: instead of one query a graph.
_ONE_BY_ONE = 256

_KEPT_FIELDS = ("content_hash", "source", "language", "role", "title", "triples")


class Store:
    """A rolegraph store. Open one with :meth:`Store.open`; use it as a context manager.

    >>> with Store.open(None) as store:
    ...     store.quad_count()
    0
    """

    def __init__(self, inner: ox.Store, path: Path | None):
        self._inner: ox.Store | None = inner
        self.path = path
        # document IRI -> [content hash, source, language, role, title, triples or None] (_KEPT_FIELDS),
        # read from CATALOGUE_FILE on first use (None: not yet); see _documents
        self._kept: dict[str, list] | None = None
        self._kept_changed = False
        self._kept_file_gone = False

    # -- lifecycle

    @classmethod
    def open(cls, path: str | PathLike | None = DEFAULT_PATH, *, create: bool = True) -> "Store":
        """Open (or create) the store in folder ``path``; ``None`` opens an empty in-memory store;
        a ``sparql+http://`` or ``sparql+https://`` URL a store on a server (:mod:`rolegraph.graph.remote`).

        With ``create=False`` a missing folder is an error instead of a new empty store.
        Raises :class:`~rolegraph.errors.StoreError` when the folder cannot be opened, for
        instance because another process has the store open.
        """
        if path is None:
            return cls(ox.Store(), None)
        if isinstance(path, str) and path.lower().startswith(("sparql+http://", "sparql+https://")):
            from rolegraph.graph.remote import RemoteStore  # a triple store server (SPARQL 1.1 protocols)

            return RemoteStore.connect(path)
        path = Path(path)
        if not create and not path.is_dir():
            raise StoreError(f"{path}: no store here (build one with: rolegraph build FILES --store {path})")
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a folder, cannot hold a store")
        if path.is_dir() and not (path / "CURRENT").is_file() and any(path.iterdir()):
            # an existing folder of other files (--store examples): never write a database into it
            raise StoreError(f"{path}: folder holds other files, not a store; name a new or empty folder")
        try:
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path)
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"{path}: the store is in use (another process, or an open Store here, has it)") from exc
            raise StoreError(f"{path}: cannot open the store: {message}") from exc

    def close(self) -> None:
        """Write everything to disk and release the store (its lock, its files)."""
        if self._inner is not None:
            try:
                if self.path is not None:
                    self._inner.flush()
                    self._save_kept()
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot flush the store: {exc}") from exc
            finally:
                self._inner = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else "memory"
        return f"<rolegraph Store {where}>"

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for what this class does not wrap)."""
        if self._inner is None:
            raise StoreError(f"{self!r} is closed")
        return self._inner

    # -- writing

    def replace_document(self, iri: str, graph: Iterable) -> None:
        """Make the named graph ``iri`` hold exactly the triples of ``graph``, atomically.

        ``graph`` is an rdflib graph or any iterable of rdflib ``(s, p, o)`` triples. The old
        version is removed and the new one written in one transaction: if anything fails (a term
        pyoxigraph refuses, a full disk) the store keeps the old version and
        :class:`~rolegraph.errors.StoreError` says why.
        """
        name = self._graph_name(iri)
        try:
            triples = _triples(graph)
        except ValueError as exc:
            raise StoreError(f"<{iri}>: cannot store the graph: {exc}") from exc
        # One SPARQL update is one transaction. The data is written by pyoxigraph's own
        # N-Triples serializer, so no text of ours is spliced into the update.
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        update = f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{data}}} }}"
        self._will_write([name.value])
        try:
            self.oxigraph.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"<{iri}>: cannot store the graph: {exc}") from exc

    def add_documents(self, nquads: bytes, *, graphs: Iterable[str] | None = None, trusted: bool = False) -> None:
        """Write new document graphs, given as N-Quads, all at once.

        ``nquads`` holds whole named graphs the store does not hold yet (for a graph it holds,
        :meth:`replace_document`, which removes the old triples first). They are written with
        pyoxigraph's bulk loader: sorted into new database files that are taken in with one
        atomic step, so a crash leaves all of them or none. On disk that costs about a third of
        the CPU of a transaction (2.8 against 8 to 10 ms for a synthetic document of ~440
        triples, measured over 200 documents in batches of 50), which is most of what a build
        spends storing. ``graphs`` names the graphs ``nquads`` holds, when the caller knows them
        (else the kept triple counts of every graph are forgotten: :meth:`documents` counts again).
        Raises :class:`~rolegraph.errors.StoreError` when the data does not parse or cannot be written.

        ``trusted``: the bytes were written by :func:`document_nquads`, whose IRIs and language
        tags pyoxigraph checked when it made the terms; the loader does not check them again
        (pyoxigraph's ``lenient``: about a fifth of the loading CPU, 0.8 of 3.9 ms a document
        over 1,000 synthetic documents in batches of 150).
        """
        if not nquads:
            return
        self._will_write(None if graphs is None else [str(g) for g in graphs])
        try:
            self.oxigraph.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=trusted)
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(f"cannot store the document graphs: {exc}") from exc

    def remove_document(self, iri: str) -> bool:
        """Remove the named graph ``iri``; ``True`` when it was there."""
        name = self._graph_name(iri)
        try:
            if not self.oxigraph.contains_named_graph(name):
                return False
            self._will_write([name.value])
            self.oxigraph.remove_graph(name)
        except OSError as exc:
            raise StoreError(f"<{iri}>: cannot remove the graph: {exc}") from exc
        return True

    def has_document(self, iri: str) -> bool:
        """Whether the store holds a named graph ``iri``."""
        return self.oxigraph.contains_named_graph(self._graph_name(iri))

    def ensure_vocabulary(self, graph: Iterable | None = None) -> bool:
        """Load the vocabulary into ``rgid:graph/vocabulary`` when it is missing or changed.

        ``graph`` defaults to :func:`rolegraph.ontology._rdf.vocabulary_graph`. A content hash of
        the vocabulary is kept in the graph (``rgid:graph/vocabulary dcterms:identifier "sha256:..."``),
        so an unchanged vocabulary costs one hash and no write; the hash covers the rolegraph
        version too. Returns ``True`` when it was (re)loaded.

        Without ``graph`` the hash is taken over the vocabulary's source files (bundled and
        ``ROLEGRAPH_VOCAB``) and the code that builds it, so an unchanged vocabulary is not even
        built: that saved about 2 s of every build, an unchanged rebuild included.
        """
        from rolegraph import __version__

        if graph is None:
            digest = _vocabulary_sources_digest(__version__)
            stored = self.query(_VOCABULARY_HASH, bindings={"g": VOCABULARY_GRAPH})
            if stored.rows and stored.rows[0][1] == digest:
                return False
            from rolegraph.ontology._rdf import vocabulary_graph

            triples = list(vocabulary_graph())
        else:
            triples = list(graph)
            # a new rolegraph version may map documents differently: it counts as a change too
            digest = graph_digest(triples + [(VOCABULARY_GRAPH, RDFS.comment, Literal(f"rolegraph {__version__}"))])
            stored = self.query(_VOCABULARY_HASH, bindings={"g": VOCABULARY_GRAPH})
            if stored.rows and stored.rows[0][1] == digest:
                return False
        triples.append((VOCABULARY_GRAPH, DCTERMS.identifier, Literal(digest)))
        self.replace_document(VOCABULARY_GRAPH, triples)
        return True

    # -- reading

    def documents(self) -> list[DocumentInfo]:
        """The document graphs in the store, sorted by IRI (the vocabulary graph is not one)."""
        infos = self._documents()
        sizes = self._document_sizes(infos)
        return [replace(info, triples=sizes.get(info.iri, 0)) for info in infos]

    def _graph_sizes(self) -> dict[str, int]:
        """The number of triples of every named graph. This reads every quad of the store (about
        2 s of CPU for 10,000 synthetic documents, 4.7 M quads)."""
        return {row["g"].value: int(row["n"].value) for row in self._select(_GRAPH_SIZES)}

    def _documents(self) -> list[DocumentInfo]:
        """:meth:`documents` without the triple counts (0: :meth:`_document_sizes` gives them).

        An on-disk store keeps each document's description in :data:`CATALOGUE_FILE` with its
        content hash, and reads from the store only the document node of each graph and that
        hash: a graph whose hash is the kept one is described as kept, the others (and graphs
        whose document node is not named as the graph) are read from the store. The file is
        removed before the first write of a session (:meth:`replace_document`,
        :meth:`add_documents`, :meth:`remove_document`) and written again by :meth:`close`, so a
        store left by a process that died reads everything once more. A graph changed through
        :attr:`oxigraph` directly keeps its old description unless its content hash changed too.
        """
        vocabulary = str(VOCABULARY_GRAPH)
        kept = self._load_kept() if self.path is not None else {}
        node_of: dict[str, str | None] = {}  # graph -> its document node (None: it has several)
        for row in self._select(_DOCUMENT_NODES):
            g = row["g"].value
            if g != vocabulary:
                node_of[g] = row["doc"].value if g not in node_of else None
        found: dict[str, DocumentInfo] = {}
        if kept:
            hashes: dict[str, str] = {}
            for row in self._select(_DOCUMENT_HASHES):
                hashes.setdefault(row["g"].value, row["hash"].value)
            for g, doc in node_of.items():
                entry = kept.get(g)
                if doc == g and entry is not None and entry[0] == hashes.get(g):
                    found[g] = DocumentInfo(iri=g, source=entry[1], content_hash=entry[0], language=entry[2],
                                            role=entry[3], triples=0, title=entry[4])
        missing = [g for g in node_of if g not in found]
        if missing:
            # no catalogue (a store in memory or on a server, or one never closed): one query for all
            for g, (source, digest, language, role, title) in self._describe(missing, every=not kept).items():
                found[g] = DocumentInfo(iri=g, source=source, content_hash=digest, language=language, role=role,
                                        triples=0, title=title)
                if self.path is not None and digest is not None:
                    entry = kept.get(g)
                    count = entry[5] if entry is not None and entry[0] == digest else None
                    kept[g] = [digest, source, language, role, title, count]
                    self._kept_changed = True
        return [found[g] for g in sorted(found)]

    def _describe(self, graphs: list[str], *, every: bool = False) -> dict[str, tuple]:
        """``(source, content hash, language, role, title)`` of each graph of ``graphs`` that holds a
        document, read from the store (one query a graph for a few, one for all for many or with
        ``every``)."""
        # read from pyoxigraph's solutions as they are (every cell an IRI or a string), not
        # through rdflib terms: that took half the time of a rebuild of 1,000 unchanged documents
        if every or len(graphs) > _ONE_BY_ONE:
            rows = ((row["g"].value, row) for row in self._select(_DOCUMENTS))
        else:
            # the graph named in the query, not bound as ?g: pyoxigraph would read every graph (0.5 s)
            rows = ((g, row) for g in graphs
                    for row in self._select(_DOCUMENTS.replace("GRAPH ?g {", f"GRAPH {self._graph_name(g)} {{")))
        wanted = set(graphs)
        out: dict[str, tuple] = {}
        for g, row in rows:
            if g in wanted and g not in out:  # the first row, as pyoxigraph gives them
                out[g] = tuple(None if row[v] is None else row[v].value for v in _DOCUMENT_COLUMNS[1:])
        return out

    def _count(self, graphs: list[str], *, every: bool = False) -> dict[str, int]:
        """The number of triples of each graph of ``graphs`` (one query a graph for a few, one
        query reading every quad for many or with ``every``)."""
        if every or len(graphs) > _ONE_BY_ONE:
            return self._graph_sizes()
        counted = {}
        for g in graphs:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {self._graph_name(g)} {{ ?s ?p ?o }} }}"
            counted[g] = next(int(row["n"].value) for row in self._select(query))
        return counted

    def _document_sizes(self, infos: list[DocumentInfo]) -> dict[str, int]:
        """The number of triples of each document graph of ``infos`` (as :meth:`_documents` gives
        them): kept in :data:`CATALOGUE_FILE` where the content hash is the kept one, else counted."""
        sizes: dict[str, int] = {}
        missing = []
        kept = self._load_kept() if self.path is not None else {}
        for info in infos:
            entry = kept.get(info.iri)
            if info.content_hash is not None and entry is not None and entry[0] == info.content_hash \
                    and entry[5] is not None:
                sizes[info.iri] = entry[5]
            else:
                missing.append(info)
        if not missing:
            return sizes
        counted = self._count([info.iri for info in missing], every=not kept)
        for info in missing:
            sizes[info.iri] = counted.get(info.iri, 0)
            if self.path is not None and info.content_hash is not None:
                kept[info.iri] = [info.content_hash, info.source, info.language, info.role, info.title, sizes[info.iri]]
                self._kept_changed = True
        return sizes

    def _keep(self, graphs: list[str], *, counts: dict[str, int] | None = None) -> None:
        """Read the descriptions and triple counts of the document graphs ``graphs`` into the
        catalogue (:data:`CATALOGUE_FILE`): a build does it for the graphs it wrote, so that the
        next build finds every document there. ``counts`` gives the triple counts the caller
        knows (a build wrote them: counting every graph again read every quad, 2 s at 10,000
        documents)."""
        if self.path is None or not graphs:
            return
        kept = self._load_kept()
        described = self._describe(graphs)
        known = counts or {}
        counted = dict(known)
        counted.update(self._count([g for g, facts in described.items() if facts[1] is not None and g not in known]))
        for g, (source, digest, language, role, title) in described.items():
            if digest is not None:
                kept[g] = [digest, source, language, role, title, counted.get(g, 0)]
                self._kept_changed = True

    def _load_kept(self) -> dict[str, list]:
        """The kept descriptions (document IRI -> the values of ``_KEPT_FIELDS``); empty when there is
        no readable :data:`CATALOGUE_FILE`."""
        if self._kept is None:
            self._kept = {}
            try:
                data = json.loads((self.path / CATALOGUE_FILE).read_text(encoding="utf-8"))
                if data.get("fields") == list(_KEPT_FIELDS):
                    self._kept = {iri: list(entry) for iri, entry in data["documents"].items()
                                  if isinstance(entry, list) and len(entry) == len(_KEPT_FIELDS)}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass  # no file, or not one of ours: the documents are read from the store
        return self._kept

    def _will_write(self, iris: list[str] | None) -> None:
        """Forget what is kept of the graphs ``iris`` (of every graph when ``None``) before they are
        written, and remove :data:`CATALOGUE_FILE` before the first write of a session."""
        if self.path is None:
            return
        kept = self._load_kept()
        if not self._kept_file_gone:
            try:
                (self.path / CATALOGUE_FILE).unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot remove {CATALOGUE_FILE}: {exc}") from exc
            self._kept_file_gone = True
            self._kept_changed = True
        if iris is None:
            kept.clear()
        else:
            for iri in iris:
                kept.pop(iri, None)

    def _save_kept(self) -> None:
        """Write the kept descriptions to :data:`CATALOGUE_FILE` (atomically) when they changed."""
        if self._kept is None or not self._kept_changed:
            return
        target = self.path / CATALOGUE_FILE
        tmp = target.with_name(f".{CATALOGUE_FILE}.tmp")
        data = {"fields": list(_KEPT_FIELDS), "documents": dict(sorted(self._kept.items()))}
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, target)
        self._kept_changed = False
        self._kept_file_gone = False

    def _has_documents(self) -> bool:
        """Whether the store holds a document graph (one lookup, where :meth:`documents` lists them all)."""
        return any(True for _ in self._select("SELECT ?g WHERE { GRAPH ?g { ?doc a rg:Document } } LIMIT 1"))

    def graph_names(self) -> list[str]:
        """Every named graph in the store (documents and vocabulary), sorted."""
        return sorted(n.value for n in self.oxigraph.named_graphs() if isinstance(n, ox.NamedNode))

    def graph(self, iri: str):
        """The named graph ``iri`` as a new rdflib :class:`~rdflib.Graph` (empty when missing)."""
        from rdflib import Graph

        from rolegraph.namespaces import bind_prefixes

        out = Graph(identifier=URIRef(str(iri)))
        bind_prefixes(out)
        for quad in self.oxigraph.quads_for_pattern(None, None, None, self._graph_name(iri)):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return out

    def query(self, sparql: str, *, bindings: dict[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all named graphs.

        ``bindings`` maps variable names (without ``?``) to terms (rdflib terms; a plain string
        is an IRI); they are handed to pyoxigraph as ``substitutions`` and, for its planner, as a
        ``VALUES`` block opening the outermost group (the terms written by pyoxigraph's own
        serializer, never spliced in as text), and each must be a projected variable of a SELECT. The prefixes of
        :data:`rolegraph.namespaces.PREFIXES` are predeclared. Raises
        :class:`~rolegraph.errors.QueryError` with the parser's message (line:column) when the
        query does not parse.
        """
        substitutions = None
        if bindings:
            try:
                substitutions = {ox.Variable(k.lstrip("?$")): to_oxigraph(v) for k, v in bindings.items()}
            except ValueError as exc:
                raise QueryError(f"bad parameter value: {exc}") from exc
            # the same values as a VALUES block too: pyoxigraph plans a query before it substitutes,
            # so without the block a join may start from every node of a class instead of the value
            # (similar-roles, roles-sharing-tools: 2x to 15x slower)
            sparql = _bind(sparql, bindings)
        try:
            raw = self.oxigraph.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions,
            )
            return _result(raw)
        except SyntaxError as exc:
            raise QueryError(f"query does not parse: {exc}") from exc
        except RuntimeError as exc:
            raise QueryError(f"query cannot run: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def _select(self, sparql: str) -> ox.QuerySolutions:
        """The solutions of a SELECT of ours (no parameters), as pyoxigraph gives them."""
        try:
            return self.oxigraph.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except OSError as exc:
            raise StoreError(f"cannot read the store: {exc}") from exc

    def triple_count(self) -> int:
        """The number of distinct triples in the union of all named graphs."""
        return int(self.query(_DISTINCT_TRIPLES).rows[0][0])

    def quad_count(self) -> int:
        """The number of quads (triples counted once per graph that holds them)."""
        return len(self.oxigraph)

    # -- helpers

    @staticmethod
    def _graph_name(iri: str) -> ox.NamedNode:
        try:
            return ox.NamedNode(str(iri))
        except ValueError as exc:
            raise StoreError(f"<{iri}>: not a valid graph name: {exc}") from exc


# --------------------------------------------------------------------------- parameters

_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
#: a string or an IRI (group 1), or a comment, of SPARQL text
_OPAQUE = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)|#[^\n]*""")


def blank_out(sparql: str, *, terms: bool = True) -> str:
    """``sparql`` with its comments, and with ``terms`` its strings and IRIs too, turned into
    spaces (same length, same offsets), so that a keyword or brace inside one is not taken for
    syntax.

    >>> blank_out('SELECT ?x { ?x ?p "{" } # WHERE {', terms=False)
    'SELECT ?x { ?x ?p "{" }          '
    """
    return _OPAQUE.sub(lambda m: m.group(0) if m.group(1) and not terms else " " * len(m.group(0)), sparql)


def values_block(terms: dict[str, Any]) -> str:
    """One SPARQL ``VALUES`` row binding each variable of ``terms`` (name -> term).

    >>> values_block({"a": "https://example.org/a", "n": Literal(2)})
    'VALUES (?a ?n) { (<https://example.org/a> "2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    return ("VALUES (" + " ".join(f"?{n}" for n in terms) + ") { ("
            + " ".join(str(to_oxigraph(t)) for t in terms.values()) + ") }")


def _bind(sparql: str, bindings: dict[str, Any]) -> str:
    """``sparql`` with ``VALUES (?a ?b) { (t1 t2) }`` opening its outermost group.

    >>> _bind("SELECT ?x WHERE { ?x ?p ?o }", {"x": "https://example.org/a"})
    'SELECT ?x WHERE { VALUES (?x) { (<https://example.org/a>) }  ?x ?p ?o }'
    """
    try:
        terms = {name.lstrip("?$"): to_oxigraph(value) for name, value in bindings.items()}
    except ValueError as exc:
        raise QueryError(f"bad parameter value: {exc}") from exc
    for name in terms:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"bad parameter name: {name!r}")
    values = values_block(terms) + " "
    # comments blanked out (strings and IRIs kept), so a '{' or 'WHERE' in a comment is not taken
    blanked = blank_out(sparql, terms=False)
    match = _WHERE.search(blanked)
    if match is None:
        brace = blanked.find("{")
        if brace < 0:
            raise QueryError("cannot bind parameters: the query has no group { ... }")
        at = brace + 1
    else:
        at = match.end()
    return sparql[:at] + " " + values + sparql[at:]


def _result(raw: Any) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        terms = [tuple(to_rdflib(solution[v]) for v in variables) for solution in raw]
        rows = [tuple(_plain(t) for t in row) for row in terms]
        return QueryResult(kind="select", variables=variables, rows=rows, terms=terms)
    triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in raw]
    return QueryResult(kind="construct", triples=triples)
