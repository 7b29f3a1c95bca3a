"""Incremental builds on a real on-disk store: unchanged documents are not read again, changed ones
replace their graph, deleted ones go with --prune; parallel builds give the same store."""

from __future__ import annotations

from click.testing import CliRunner

from rolegraph.cli import cli
from rolegraph.graph.build import build
from rolegraph.graph.export import export
from rolegraph.graph.store import Store
from rolegraph.synth import generate


def _tools(store: Store, iri: str) -> list[str]:
    """The products the document graph ``iri`` names (the IRI comes from the build report)."""
    query = f"SELECT DISTINCT ?name WHERE {{ GRAPH <{iri}> {{ ?m a rg:ToolMention ; rg:about/rdfs:label ?name }} }}"
    return sorted(row[0] for row in store.query(query).rows)


def test_unchanged_changed_and_deleted(tmp_path):
    corpus = generate(6, languages=["fi", "en", "pl"], seed=4, output=tmp_path / "docs")
    where = tmp_path / "store"
    with Store.open(where) as store:
        first = build([corpus.folder], store=store)
        assert first.totals["added"] == 6 and first.exit_code == 0
    changed, deleted = corpus.documents[1], corpus.documents[4]
    before = {d.path: d for d in first.documents}
    text = changed.path.read_text(encoding="utf-8")
    old_tool = changed.tools[0][0]
    changed.path.write_text(text.replace(old_tool, "Pipedrive"), encoding="utf-8")
    deleted.path.unlink()

    with Store.open(where) as store:  # opened again: the state is on disk
        second = build([corpus.folder], store=store)
        status = {d.path: d.status for d in second.documents}
        assert status[str(changed.path)] == "updated"
        assert list(status.values()).count("unchanged") == 4
        # an unchanged document is not read again: its report carries no counts from a new extraction
        assert all(not d.counts for d in second.documents if d.status == "unchanged")
        iri = before[str(changed.path)].iri
        assert "Pipedrive" in _tools(store, iri) and (old_tool not in _tools(store, iri) or
                                                       any(name == old_tool for name, _ in changed.tools[1:]))
        # without --prune the deleted document's graph stays
        assert store.has_document(before[str(deleted.path)].iri)

        third = build([corpus.folder], store=store, prune=True)
        removed = [d for d in third.documents if d.status == "removed"]
        assert [d.path for d in removed] == [str(deleted.path)]
        assert not store.has_document(before[str(deleted.path)].iri)
        assert third.totals["unchanged"] == 5 and len(store.documents()) == 5


def test_parallel_build_gives_the_same_store(tmp_path):
    corpus = generate(12, languages=["sv", "lv", "de"], seed=9, output=tmp_path / "docs")
    outputs = []
    for jobs in (1, 2):
        with Store.open(tmp_path / f"store-{jobs}") as store:
            report = build([corpus.folder], store=store, jobs=jobs)
            assert report.totals["added"] == 12
            out = tmp_path / f"graph-{jobs}.nq"
            export(store, format="nquads", output=out)
            outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_rebuild_reports_each_document(tmp_path):
    corpus = generate(4, languages=["fi"], seed=2, output=tmp_path / "docs")
    store = str(tmp_path / "store")
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(corpus.folder), "--store", store, "--jobs", "2", "--no-progress"])
    assert first.exit_code == 0, first.output
    assert first.output.count("added ") == 4 and "4 documents: 4 added" in first.output
    again = runner.invoke(cli, ["build", str(corpus.folder), "--store", store, "--jobs", "2"])
    assert again.exit_code == 0 and "0 added, 0 updated, 4 unchanged" in again.output


def test_a_rebuild_finds_every_document_described_beside_the_store(tmp_path):
    import json

    from rolegraph.graph.store import CATALOGUE_FILE

    corpus = generate(5, languages=["fi", "de"], seed=3, output=tmp_path / "docs")
    where = tmp_path / "store"
    with Store.open(where) as store:
        first = build([corpus.folder], store=store, jobs=2)
    kept = json.loads((where / CATALOGUE_FILE).read_text(encoding="utf-8"))["documents"]
    assert sorted(kept) == sorted(d.iri for d in first.documents)
    with Store.open(where) as store:
        second = build([corpus.folder], store=store, jobs=2)
        assert second.totals["unchanged"] == 5
        assert [(d.iri, d.language, d.role, d.triples) for d in second.documents] == \
            [(d.iri, d.language, d.role, d.triples) for d in first.documents]
        assert [(d.iri, d.triples) for d in store.documents()] == sorted((d.iri, d.triples) for d in first.documents)
        described = store.documents()
    # what the catalogue says is what the store says when read without it (triples counted afresh)
    (where / CATALOGUE_FILE).unlink()
    with Store.open(where) as store:
        assert store.documents() == described
