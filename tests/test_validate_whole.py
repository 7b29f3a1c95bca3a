"""Whole-store batch validation (one pySHACL run over the union) gives the per-document verdicts."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import RDF

from rolegraph.cli import cli
from rolegraph.graph.build import build, revalidate, revalidate_whole
from rolegraph.graph.store import Store
from rolegraph.namespaces import RG, RGID


def _verdicts(checks) -> dict[str, bool]:
    return {check.name: check.conforms for check in checks}


def test_same_verdicts_on_the_seed_graph(seed_store):
    each = _verdicts(revalidate(seed_store))
    whole = _verdicts(revalidate_whole(seed_store))
    assert each == whole and len(each) == 5 and all(each.values())


def test_same_verdicts_on_a_broken_graph(seeds_dir, tmp_path):
    with Store.open(tmp_path / "store") as store:
        assert build([seeds_dir], store=store).exit_code == 0
        docs = [info.iri for info in store.documents()]
        # 1: a document that describes no role (sh:minCount)
        g = store.graph(docs[0])
        g.remove((URIRef(docs[0]), RG.describesRole, None))
        store.replace_document(docs[0], g)
        # 2: a tool mention filed under a category that is no concept of the scheme (sh:class)
        g = store.graph(docs[2])
        mention = next(g.subjects(RDF.type, RG.ToolMention))
        g.remove((mention, RG.category, None))
        g.add((mention, RG.category, RGID["category/not-a-category"]))
        store.replace_document(docs[2], g)
        # 3: a document that describes two roles (sh:maxCount)
        g = store.graph(docs[3])
        g.add((URIRef(docs[3]), RG.describesRole, RGID["role/en/second-role"]))
        store.replace_document(docs[3], g)

        each = revalidate(store)
        whole = revalidate_whole(store)
        assert _verdicts(each) == _verdicts(whole)
        assert [c.name for c in whole if not c.conforms] == [docs[0], docs[2], docs[3]]
        by_name = {c.name: c for c in whole}
        assert "describesRole" in " ".join(by_name[docs[0]].report.results)
        assert "category" in " ".join(by_name[docs[2]].report.results)

    runner = CliRunner()
    for flags in ([], ["--whole"]):
        result = runner.invoke(cli, ["validate", "--store", str(tmp_path / "store"), *flags])
        assert result.exit_code == 4 and "5 graph(s) checked, 3 failed" in result.output, result.output
