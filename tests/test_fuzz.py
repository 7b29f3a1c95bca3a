"""Property tests (hypothesis) for the loaders and the export.

- Any bytes in a ``.txt``/``.md`` file: :func:`rolegraph.loaders.extract` returns an extraction or
  raises :class:`~rolegraph.errors.LoaderError` naming the file, never another exception; the
  extraction maps to RDF, and when it names a role its graph conforms to the shapes (without a
  role the build refuses it as a shape violation, which is a clear error too).
- Extraction is deterministic: the same file gives the same contract and the same graph.
- Export then import is isomorphic, in every dataset format.

Examples stay few (CI time) and have no deadline (the first call loads the vocabulary).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from rolegraph.errors import LoaderError
from rolegraph.graph.build import prepare
from rolegraph.graph.export import export
from rolegraph.graph.rdf import to_rdf
from rolegraph.graph.store import Store
from rolegraph.graph.validate import validate
from rolegraph.loaders import extract, read_text

FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# words that steer the loader into its sections, tables, tools and career steps
WORDS = ["Responsibilities", "Skills", "Tools", "Career path", "Best practices", "Help desk software", "CRM",
         "Zendesk", "Salesforce", "Freshdesk", "HubSpot", "daily", "weekly", "Junior", "Senior", "Manager",
         "Customer Service Manager", "What does a", "do?", "Tehtävät", "Obowiązki", "Verktyg", "Pienākumi",
         "Kundtjänstchef", "Asiakaspalvelupäällikkö", "|", "---", ":", "(", ")", "*", "**", "`", "#", "é", "ß",
         "\u200b", "\u00a0", "🙂", "<b>", "&amp;", "\\", '"', "'"]
PREFIXES = ["", "# ", "## ", "### ", "- ", "* ", "1. ", "| ", "> ", "---", "title: ", "    "]

line = st.builds(
    lambda prefix, words: prefix + " ".join(words),
    st.sampled_from(PREFIXES),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), max_size=8),
)
documents = st.one_of(
    st.text(max_size=400),
    st.lists(line, max_size=30).map("\n".join),
    st.builds(lambda head, body: "---\n" + head + "\n---\n" + body,
              st.lists(line, max_size=4).map("\n".join), st.lists(line, max_size=20).map("\n".join)),
)
suffixes = st.sampled_from([".md", ".txt"])


def _write(folder: Path, text: str | bytes, suffix: str) -> Path:
    path = folder / f"doc{suffix}"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@FUZZ
@given(text=documents, suffix=suffixes)
def test_any_text_gives_an_extraction_or_a_loader_error(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = _write(Path(tmp), text, suffix)
        except UnicodeEncodeError:  # a lone surrogate: no file can hold it as UTF-8
            return
        try:
            extraction = extract(path)
        except LoaderError as exc:
            assert str(exc).startswith(str(path)), exc
            return
        graph = to_rdf(extraction)
        result = validate(graph, document=str(path))
        if extraction.role is not None:
            assert result.conforms, (text, result.results)
        report, triples = prepare(path)
        assert report.error in (None, "shapes"), report.reason  # never "rolegraph failed on this document"
        assert (triples is not None) == report.ok


@FUZZ
@given(data=st.binary(max_size=600), suffix=suffixes)
def test_any_bytes_decode_or_are_refused(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), data, suffix)
        try:
            text, encoding, raw = read_text(path)
        except LoaderError as exc:
            assert str(exc).startswith(str(path)) and ("binary" in str(exc) or "encoding" in str(exc) or "UTF-16" in str(exc))
            return
        assert raw == data and "\r" not in text and encoding in ("utf-8", "utf-16", "cp1252", "cp1250", "cp1257", "iso-8859-1")
        report, _ = prepare(path)
        assert report.error in (None, "loader", "shapes")
        assert "please report it" not in report.reason, report.reason


@FUZZ
@given(text=documents, suffix=suffixes)
def test_extraction_is_deterministic(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = _write(Path(tmp), text, suffix)
        except UnicodeEncodeError:
            return
        try:
            first = extract(path)
        except LoaderError as exc:
            with pytest.raises(LoaderError) as again:
                extract(path)
            assert str(again.value) == str(exc)
            return
        second = extract(path)
        assert first.to_contract() == second.to_contract()
        assert set(to_rdf(first)) == set(to_rdf(second))  # no blank nodes: the very same triples


ROLE_DOC = st.builds(
    lambda role, duties, tools: "\n".join(
        [f"# What does a {role} do?", "", "## Responsibilities", ""] + [f"- {d}" for d in duties]
        + ["", "## Tools", "", "### Help desk software", ""] + [f"- {t}: every day." for t in tools]
    ),
    st.sampled_from(["Support Team Lead", "Chat Agent", "Quality Coach", "Billing Specialist"]),
    st.lists(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=3,
                     max_size=40), min_size=1, max_size=4),
    st.lists(st.sampled_from(["Zendesk", "Freshdesk", "Salesforce", "Intercom", "Notion", "Jira"]), max_size=3),
)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(ROLE_DOC, min_size=1, max_size=3))
def test_export_then_import_is_isomorphic(docs):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i, text in enumerate(docs):
            (folder / f"doc-{i}.md").write_text(text, encoding="utf-8")
        with Store.open(None) as store:  # the document graphs only: the vocabulary would cost seconds a run
            for path in sorted(folder.iterdir()):
                graph = to_rdf(extract(path))
                store.replace_document(graph.identifier, graph)
            names = store.graph_names()
            for fmt, parse_as in (("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")):
                out = export(store, format=fmt, output=Path(tmp) / f"out.{fmt}").path
                dataset = Dataset()
                dataset.parse(out, format=parse_as)
                assert {str(g.identifier) for g in dataset.graphs() if len(g)} == set(names), fmt
                for name in names:
                    assert isomorphic(dataset.graph(URIRef(name)), store.graph(name)), (fmt, name)
            union = Graph()
            for quad in store.oxigraph:
                union.add(_terms(quad))
            for fmt in ("turtle", "nt"):
                out = export(store, format=fmt, output=Path(tmp) / f"out.{fmt}").path
                assert isomorphic(Graph().parse(out, format=fmt), union), fmt


def _terms(quad):
    from rolegraph.graph.store import to_rdflib

    return to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)
