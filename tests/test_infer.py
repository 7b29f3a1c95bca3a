"""Materialised entailments (build --infer): simple queries see inverse properties, superclasses and
the occupation hierarchy; off by default, and a build without it drops the stale graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolegraph.graph.build import build
from rolegraph.graph.infer import INFERRED_GRAPH
from rolegraph.graph.store import Store

DOCS = Path(__file__).parent / "corpus" / "html"


@pytest.fixture(scope="module")
def inferred_store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("infer") / "store") as store:
        report = build([DOCS / "customer-service-manager.en.md", DOCS / "customer-service-manager.en.txt"],
                       store=store, infer="owlrl")
        assert report.exit_code == 0
        assert report.inference.profile == "owlrl" and report.inference.inferred > 0
        yield store


def ask(store, sparql):
    return sorted({tuple(str(v) for v in row) for row in store.query(sparql).rows})


def test_inverse_property_is_seen_by_a_simple_query(inferred_store):
    uses = ask(inferred_store, "SELECT ?r ?t WHERE { ?r rg:usesTool ?t }")
    used_by = ask(inferred_store, "SELECT ?r ?t WHERE { ?t rg:toolUsedBy ?r }")
    assert uses and used_by == uses
    # the inverse statements live in the inferred graph only
    in_docs = ask(inferred_store, "SELECT ?t WHERE { GRAPH ?g { ?t rg:toolUsedBy ?r } FILTER(?g != <https://w3id.org/rolegraph/id/graph/inferred>) }")
    assert in_docs == []


def test_superclasses_and_the_occupation_hierarchy(inferred_store):
    tools = ask(inferred_store, "SELECT ?t WHERE { ?t a schema:SoftwareApplication . ?r rg:usesTool ?t }")
    assert ("https://w3id.org/rolegraph/id/tool/zendesk",) in tools
    mentions = ask(inferred_store, "SELECT ?m WHERE { ?m a rg:ToolMention }")
    as_mentions = ask(inferred_store, "SELECT ?m WHERE { ?m a rg:ToolMention , rg:Mention }")
    assert mentions and as_mentions == mentions
    # contact-centre-agent -> customer-service-representative in the scheme: transitive and inverse
    rows = ask(inferred_store, """SELECT ?narrow WHERE {
        <https://w3id.org/rolegraph/id/occupation/customer-service-representative> skos:narrower ?narrow .
        ?narrow skos:broaderTransitive <https://w3id.org/rolegraph/id/occupation/customer-service-representative> }""")
    assert ("https://w3id.org/rolegraph/id/occupation/contact-centre-agent",) in rows


def test_inferred_graph_is_no_document_and_documents_still_conform(inferred_store):
    from rolegraph.graph.build import revalidate

    assert str(INFERRED_GRAPH) in inferred_store.graph_names()
    assert str(INFERRED_GRAPH) not in {d.iri for d in inferred_store.documents()}
    assert len(inferred_store.documents()) == 2
    assert all(check.conforms for check in revalidate(inferred_store))


def test_off_by_default_and_a_build_without_it_drops_the_stale_graph(tmp_path):
    with Store.open(tmp_path / "store") as store:
        report = build([DOCS / "customer-service-manager.en.md"], store=store)
        assert report.inference is None and str(INFERRED_GRAPH) not in store.graph_names()
        rdfs = build([DOCS / "customer-service-manager.en.md"], store=store, infer="rdfs")
        assert rdfs.inference.inferred > 0 and str(INFERRED_GRAPH) in store.graph_names()
        # rdfs has no inverse properties
        assert store.query("ASK { ?r rg:usesTool ?t }").boolean
        assert not store.query("ASK { ?t rg:toolUsedBy ?r }").boolean
        build([DOCS / "customer-service-manager.en.md"], store=store)
        assert str(INFERRED_GRAPH) not in store.graph_names()


def test_unknown_profile_is_a_usage_error(tmp_path):
    from rolegraph.errors import UsageError

    with Store.open(tmp_path / "store") as store, pytest.raises(UsageError, match="none, rdfs, owlrl"):
        build([DOCS], store=store, infer="owl-dl")


def test_cli_build_infer(tmp_path):
    from click.testing import CliRunner

    from rolegraph.cli import cli

    result = CliRunner().invoke(cli, ["build", str(DOCS / "customer-service-manager.en.md"), "--store",
                                      str(tmp_path / "store"), "--infer", "rdfs"])
    assert result.exit_code == 0, result.output
    assert "triples (rdfs) from" in result.output
