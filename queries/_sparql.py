"""What the SPARQL endpoint does with a request's text: check it, pick a format, write results.

Three parts, all plain functions (the HTTP layer is :mod:`rolegraph.queries.endpoint`):

- :func:`check_query` parses a query with rdflib's SPARQL parser and refuses what a read-only
  endpoint must not run: SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``CREATE``,
  ``DROP``, ``COPY``, ``MOVE``, ``ADD``), ``SERVICE`` (which pyoxigraph would otherwise call over
  HTTP) and ``FROM``/``FROM NAMED`` with an IRI that is not one of the store's graph names.
  The decision is made on the parse tree, so comments, prefixes, case and ``\\u`` escapes change
  nothing: ``"service"`` inside a string is text, ``sErViCe <x> {}`` is a service call.
- :func:`negotiate` picks a result format from an ``Accept`` header (or a ``format=`` name).
- :func:`write_solutions`, :func:`write_boolean` and :func:`write_triples` write SPARQL 1.1
  Query Results (JSON, XML, CSV, TSV) and graphs (Turtle, N-Triples, JSON-LD, RDF/XML).

>>> check_query("select * where { ?s ?p 'SERVICE' } # INSERT DATA").kind
'select'
>>> check_query("PREFIX x: <http://e.org/> insert data { x:a x:b x:c }")
Traceback (most recent call last):
...
rolegraph.queries._sparql.Refused: this endpoint is read-only: SPARQL Update (INSERT DATA) is refused
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from rolegraph.errors import QueryError
from rolegraph.namespaces import PREFIXES, RGID

__all__ = [
    "Refused",
    "NotAcceptable",
    "CheckedQuery",
    "check_query",
    "check_graph_names",
    "negotiate",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "binding",
    "write_solutions",
    "write_boolean",
    "write_triples",
]

#: Result formats of SELECT and ASK: name -> media type (the first is the default).
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

#: Graph formats of CONSTRUCT and DESCRIBE: name -> media type (the first is the default).
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

# names a client may give as format= (SPARQLWrapper sends its return format so, unasked)
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
    "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml",
}

# other names clients use for the same formats
_ALIASES: dict[str, str] = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/x-json+ld": "jsonld",
    "text/n3": "turtle",
}

_UPDATE_NAMES = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}

_KINDS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class Refused(QueryError):
    """A well-formed request that a read-only endpoint does not run (an update, SERVICE, a foreign FROM)."""


class NotAcceptable(QueryError):
    """No format the endpoint writes is acceptable to the client."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check_query`: its ``kind`` (select, ask, construct, describe),
    and whether it names its own dataset (``FROM``, ``FROM NAMED``)."""

    kind: str
    text: str
    has_dataset: bool = False

    @property
    def returns_graph(self) -> bool:
        """Whether the query returns triples (CONSTRUCT, DESCRIBE) rather than solutions."""
        return self.kind in ("construct", "describe")


# --------------------------------------------------------------------------- checking


def check_query(text: str) -> CheckedQuery:
    """Parse ``text`` as a SPARQL query and refuse what a read-only endpoint must not run.

    Raises :class:`Refused` for an update, a ``SERVICE`` pattern or a ``FROM``/``FROM NAMED``
    IRI outside the store's graph names, and :class:`~rolegraph.errors.QueryError` with the
    parser's message (line and column) when the text is neither a query nor an update.
    The prefixes of :data:`rolegraph.namespaces.PREFIXES` are predeclared.

    >>> check_query("SELECT * WHERE { SERVICE <http://e.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    rolegraph.queries._sparql.Refused: this endpoint does not call other endpoints: SERVICE <http://e.org/sparql> is refused
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from pyparsing import ParseBaseException

    if not text or not text.strip():
        raise QueryError("the query is empty")
    try:
        tree = parseQuery(text)
    except ParseBaseException as query_error:
        try:
            update = parseUpdate(text)
        except ParseBaseException:
            raise QueryError(f"query does not parse: {_parse_message(query_error)}") from None
        names = [_UPDATE_NAMES.get(op.name, op.name) for op in update.get("request", []) if hasattr(op, "name")]
        what = ", ".join(dict.fromkeys(names)) or "an empty update"
        raise Refused(f"this endpoint is read-only: SPARQL Update ({what}) is refused") from None
    prologue, query = tree[0], tree[1]
    prefixes, base = _prologue(prologue)
    has_dataset = False
    for node in _walk(query):
        if node.name == "ServiceGraphPattern":
            target = _iri(node.get("term"), prefixes, base)
            raise Refused(f"this endpoint does not call other endpoints: SERVICE {target} is refused")
        if node.name == "DatasetClause":
            has_dataset = True
            for key in ("default", "named"):
                if key in node:
                    iri = _iri(node[key], prefixes, base)
                    check_graph_names([iri.strip("<>")], "FROM NAMED" if key == "named" else "FROM")
    return CheckedQuery(_KINDS.get(query.name, "select"), text, has_dataset)


def check_graph_names(iris: Iterable[str], clause: str) -> None:
    """Refuse graph IRIs (``FROM``, ``default-graph-uri`` ...) that cannot name a graph of the store."""
    for iri in iris:
        if not iri.startswith(str(RGID)):
            raise Refused(
                f"{clause} <{iri}> is refused: this endpoint reads only its own graphs "
                f"(names under {RGID}), it loads nothing from elsewhere"
            )


def _parse_message(error) -> str:
    found = error.line[max(error.col - 1, 0) :].strip()
    near = f", found {found[:40]!r}" if found else ", found the end of the text"
    message = str(error.msg).replace("\n", " ")
    return f"line {error.lineno}, column {error.col}: {message}{near}"


def _walk(node):
    from rdflib.plugins.sparql.parserutils import CompValue
    from pyparsing import ParseResults

    if isinstance(node, CompValue):
        yield node
        for value in dict.values(node):
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _walk(value)


def _prologue(prologue) -> tuple[dict[str, str], str | None]:
    prefixes = dict(PREFIXES)
    base = None
    for decl in prologue:
        if getattr(decl, "name", None) == "PrefixDecl":
            prefixes[decl.get("prefix") or ""] = str(decl["iri"])
        elif getattr(decl, "name", None) == "Base":
            base = str(decl["iri"])
    return prefixes, base


def _iri(term, prefixes: dict[str, str], base: str | None) -> str:
    """An IRI of the parse tree (an IRI, a prefixed name or a variable) as ``<iri>`` or ``?var``."""
    from rdflib import URIRef, Variable

    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, URIRef):
        return f"<{urljoin(base, str(term)) if base else str(term)}>"
    if getattr(term, "name", None) == "pname":
        local = re.sub(r"\\(.)", r"\1", term.get("localname") or "")
        prefix = term.get("prefix") or ""
        return f"<{prefixes.get(prefix, prefix + ':')}{local}>"
    return str(term)


# --------------------------------------------------------------------------- negotiation


def negotiate(accept: str | None, *, graph: bool, format: str | None = None) -> tuple[str, str]:
    """The format (name, media type) to answer with, for SELECT/ASK (``graph=False``) or
    CONSTRUCT/DESCRIBE (``graph=True``).

    ``format`` (a name such as ``csv``, or media types) wins over ``accept``; a missing or
    ``*/*`` header gets the default (SPARQL JSON, Turtle). Raises :class:`NotAcceptable`.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", graph=False)
    ('xml', 'application/sparql-results+xml')
    >>> negotiate("text/html,*/*;q=0.8", graph=True)
    ('turtle', 'text/turtle')
    """
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    by_type = {media: name for name, media in table.items()}
    if format and "/" in format:  # media types (SPARQLWrapper sends its Accept list so)
        accept, format = format, None
    if format:
        given = format.strip().lower()
        name = by_type.get(given) or (_GRAPH_NAMES if graph else _RESULT_NAMES).get(given) or _ALIASES.get(given)
        if name in table:
            return name, table[name]
        raise NotAcceptable(f"format {format!r} is not one of: {', '.join(table)}")
    if not accept or not accept.strip():
        name = next(iter(table))
        return name, table[name]
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, media.count("*"), position, media.lower()))
    for _, _, _, media in sorted(ranges):
        if media in ("*/*", "application/*", "text/*"):
            for name, full in table.items():
                if media == "*/*" or full.startswith(media[:-1]):
                    return name, full
            continue
        name = by_type.get(media) or _ALIASES.get(media)
        if name in table:
            return name, table[name]
    raise NotAcceptable(
        f"cannot answer in any type of Accept: {accept}; this query's results come as: {', '.join(table.values())}"
    )


# --------------------------------------------------------------------------- writing results


def binding(term: Any) -> dict[str, str] | None:
    """A term (pyoxigraph or rdflib) as a SPARQL 1.1 JSON results binding; ``None`` stays ``None``.

    >>> import pyoxigraph as ox
    >>> binding(ox.Literal("Asiakaspalvelu", language="fi"))
    {'type': 'literal', 'value': 'Asiakaspalvelu', 'xml:lang': 'fi'}
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"type": "uri" if isinstance(term, ox.NamedNode) else "bnode", "value": term.value}
    if isinstance(term, (URIRef, BNode)):
        return {"type": "uri" if isinstance(term, URIRef) else "bnode", "value": str(term)}
    if isinstance(term, ox.Literal):
        value, language, datatype = term.value, term.language, term.datatype.value
    elif isinstance(term, Literal):
        value, language = str(term), term.language
        datatype = str(term.datatype) if term.datatype is not None else None
    elif isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {k: binding(getattr(term, k)) for k in parts}}
    else:
        raise ValueError(f"not an RDF term: {term!r}")
    out = {"type": "literal", "value": value}
    if language:
        out["xml:lang"] = language
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = datatype
    return out


def write_solutions(variables: list[str], rows: list[list[dict | None]], fmt: str) -> bytes:
    """SELECT results (rows of :func:`binding` dicts) in one of :data:`RESULT_FORMATS`.

    >>> row = [{"type": "uri", "value": "https://e.org/a"}, {"type": "literal", "value": "3",
    ...        "datatype": "http://www.w3.org/2001/XMLSchema#integer"}]
    >>> write_solutions(["s", "n"], [row], "tsv").decode().split()
    ['?s', '?n', '<https://e.org/a>', '3']
    """
    if fmt == "json":
        data = {
            "head": {"vars": variables},
            "results": {"bindings": [{v: b for v, b in zip(variables, row) if b is not None} for row in rows]},
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            for v, b in zip(variables, row):
                if b is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(b)}</binding>")
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(b) for b in row])
        return text.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(b) for b in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise NotAcceptable(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result in one of :data:`RESULT_FORMATS` (CSV and TSV: a ``boolean`` column)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")
    if fmt == "xml":
        word = "true" if value else "false"
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"<head/>\n<boolean>{word}</boolean>\n</sparql>\n"
        ).encode("utf-8")
    if fmt in ("csv", "tsv"):
        end = "\r\n" if fmt == "csv" else "\n"
        return f"{'boolean' if fmt == 'csv' else '?boolean'}{end}{'true' if value else 'false'}{end}".encode("utf-8")
    raise NotAcceptable(f"unknown result format {fmt!r}")


def write_triples(triples: list, fmt: str) -> bytes:
    """CONSTRUCT/DESCRIBE triples (pyoxigraph ``Triple`` objects) in one of :data:`GRAPH_FORMATS`.

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/rolegraph/id/tool/zendesk"),
    ...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Zendesk"))
    >>> print(write_triples([t], "nt").decode().strip())
    <https://w3id.org/rolegraph/id/tool/zendesk> <http://www.w3.org/2000/01/rdf-schema#label> "Zendesk" .
    """
    import pyoxigraph as ox

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    if fmt not in formats:
        raise NotAcceptable(f"unknown graph format {fmt!r}")
    if fmt == "nt":
        return ox.serialize(triples, format=formats[fmt]) or b""
    return ox.serialize(triples, format=formats[fmt], prefixes=PREFIXES) or b""


def _ntriples(b: dict) -> str:
    if b["type"] == "uri":
        return f"<{b['value']}>"
    if b["type"] == "bnode":
        return f"_:{b['value']}"
    if b["type"] == "triple":
        v = b["value"]
        return f"<<( {_ntriples(v['subject'])} {_ntriples(v['predicate'])} {_ntriples(v['object'])} )>>"
    text = (
        b["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    if "xml:lang" in b:
        return f'"{text}"@{b["xml:lang"]}'
    if "datatype" in b:
        if b["datatype"] == "http://www.w3.org/2001/XMLSchema#integer" and re.fullmatch(r"[+-]?\d+", b["value"]):
            return b["value"]
        return f'"{text}"^^<{b["datatype"]}>'
    return f'"{text}"'


def _tsv_term(b: dict | None) -> str:
    return "" if b is None else _ntriples(b)


def _csv_term(b: dict | None) -> str:
    if b is None:
        return ""
    if b["type"] == "bnode":
        return f"_:{b['value']}"
    if b["type"] == "triple":
        return _ntriples(b)
    return b["value"]


def _xml_term(b: dict) -> str:
    if b["type"] == "uri":
        return f"<uri>{escape(b['value'])}</uri>"
    if b["type"] == "bnode":
        return f"<bnode>{escape(b['value'])}</bnode>"
    if b["type"] == "triple":
        v = b["value"]
        parts = "".join(f"<{k}>{_xml_term(v[k])}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    attrs = ""
    if "xml:lang" in b:
        attrs = f" xml:lang={quoteattr(b['xml:lang'])}"
    elif "datatype" in b:
        attrs = f" datatype={quoteattr(b['datatype'])}"
    return f"<literal{attrs}>{escape(b['value'])}</literal>"
