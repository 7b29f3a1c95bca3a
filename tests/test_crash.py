"""Nothing lost: failed versions, repeated builds, SIGKILL in the middle of a build, failed exports.

- A new version of a document that fails the shapes leaves the old version in the store.
- Building twice from the same input gives the same store (deterministic IRIs): the exported
  N-Quads are identical and each document graph is isomorphic (``rdflib.compare``).
- A build killed with SIGKILL at random moments leaves each document either as it was before or
  whole as after, never half of one, and the next build completes (slow: ``make test-slow``).
- An export that fails (the file size limit of its process is hit) leaves the old file as it was
  and no temporary file beside it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from rolegraph.errors import ShapeViolation, StoreError
from rolegraph.graph.build import build
from rolegraph.graph.export import export
from rolegraph.graph.store import VOCABULARY_GRAPH, Store
from rolegraph.graph.validate import validate

ROLES = ["Support Team Lead", "Chat Agent", "Quality Coach", "Billing Specialist", "Service Desk Analyst",
         "Escalation Manager", "Onboarding Coordinator", "Knowledge Manager"]
TOOLS = [("Help desk software", ["Zendesk", "Freshdesk", "Jira Service Management"]),
         ("CRM software", ["Salesforce", "HubSpot"]),
         ("Live chat software", ["Intercom", "LiveChat"]),
         ("Knowledge base software", ["Confluence", "Notion"])]
DUTIES = ["Coach the agents every day.", "Write the weekly service report.", "Answer escalated tickets daily.",
          "Review call recordings every week.", "Plan the shifts every month.", "Update the help articles."]


def document(n: int, *, role: str | None = None) -> str:
    """A small English role article; ``n`` picks the role, duties and tools."""
    rng = random.Random(n)
    role = role or f"{ROLES[n % len(ROLES)]} {n // len(ROLES) + 1}"
    lines = [f"# What does a {role} do?", "", "## Responsibilities", ""]
    lines += [f"- {duty}" for duty in rng.sample(DUTIES, 3)]
    lines += ["", "## Tools", ""]
    for heading, names in rng.sample(TOOLS, 2):
        lines += [f"### {heading}", ""] + [f"- {name}: used every day." for name in names] + [""]
    return "\n".join(lines)


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"doc-{i:03d}.md").write_text(document(i), encoding="utf-8")
    return folder


def graph_sizes(store: Store) -> dict[str, int]:
    return {info.iri: info.triples for info in store.documents()}


# --------------------------------------------------------------------------- replacing


def test_a_new_version_that_fails_the_shapes_leaves_the_old_one(tmp_path):
    docs = corpus(tmp_path / "docs", 2)
    with Store.open(tmp_path / "store") as store:
        assert build([docs], store=store).exit_code == 0
        [old] = [d for d in store.documents() if d.source == str(docs / "doc-000.md")]
        old_graph = store.graph(old.iri)
        # no title naming a role: the new graph has no rg:describesRole and fails the shapes
        (docs / "doc-000.md").write_text("Some words first.\n\n## Tools\n\n### Help desk software\n\n- Zendesk\n",
                                         encoding="utf-8")
        report = build([docs], store=store)
        [doc] = [d for d in report.documents if d.path == str(docs / "doc-000.md")]
        assert (doc.status, doc.error, report.exit_code) == ("refused", "shapes", ShapeViolation.exit_code)
        assert "describes" in doc.reason or "role" in doc.reason
        assert [d for d in store.documents() if d.source == str(docs / "doc-000.md")] == [old]
        assert isomorphic(store.graph(old.iri), old_graph)


def test_a_new_version_that_passes_replaces_the_old_one_whole(tmp_path):
    docs = corpus(tmp_path / "docs", 1)
    with Store.open(tmp_path / "store") as store:
        build([docs], store=store)
        [old] = store.documents()
        (docs / "doc-000.md").write_text(document(0).replace("Coach the agents", "Train the agents"), encoding="utf-8")
        assert build([docs], store=store).documents[0].status == "updated"
        [new] = store.documents()
        assert new.iri == old.iri and new.content_hash != old.content_hash
        labels = store.query("SELECT ?t WHERE { ?m a rg:Mention ; rg:text ?t }").column("t")
        assert any("Train" in t for t in labels) and not any("Coach the agents" in t for t in labels)


# --------------------------------------------------------------------------- determinism


def test_building_twice_gives_an_isomorphic_store(tmp_path):
    docs = corpus(tmp_path / "docs", 4)
    exported = []
    for name in ("one", "two"):
        with Store.open(tmp_path / name) as store:
            assert build([docs], store=store).exit_code == 0
            exported.append(export(store, format="nquads", output=tmp_path / f"{name}.nq").path)
            export(store, format="trig", output=tmp_path / f"{name}.trig")
    assert exported[0].read_bytes() == exported[1].read_bytes()  # no blank nodes, sorted: the same bytes
    one, two = Dataset(), Dataset()
    one.parse(tmp_path / "one.trig", format="trig")
    two.parse(tmp_path / "two.trig", format="trig")
    names = {str(g.identifier) for g in one.graphs() if len(g)}
    assert names == {str(g.identifier) for g in two.graphs() if len(g)} and len(names) == 5
    for name in names:
        assert isomorphic(one.graph(URIRef(name)), two.graph(URIRef(name))), name


def test_building_again_into_the_same_store_changes_nothing(tmp_path):
    docs = corpus(tmp_path / "docs", 4)
    with Store.open(tmp_path / "store") as store:
        build([docs], store=store)
        before = sorted(map(str, store.oxigraph))
        report = build([docs], store=store, force=True)
        assert report.totals["unchanged"] == 4
        assert sorted(map(str, store.oxigraph)) == before


# --------------------------------------------------------------------------- SIGKILL

_BUILD = [sys.executable, "-c", "from rolegraph.cli import main; main()", "build"]


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_whole_documents(tmp_path):
    docs = corpus(tmp_path / "docs", 40)
    clean = tmp_path / "clean"
    started = time.monotonic()
    subprocess.run(_BUILD + [str(docs), "--store", str(clean), "-q"], check=True, capture_output=True, timeout=300)
    seconds = time.monotonic() - started
    with Store.open(clean) as store:
        expected = graph_sizes(store)
        expected_quads = sorted(map(str, store.oxigraph))
    assert len(expected) == 40

    rng = random.Random(8)
    target = tmp_path / "killed"
    kills = 0
    for run in range(12):
        if kills >= 5:
            break
        # later runs start from what the killed ones left: each build goes on from there
        if run == 3:  # and one document changes, so a kill can land in the middle of replacing it
            (docs / "doc-005.md").write_text(document(5).replace("# What does", "# What really does"), encoding="utf-8")
            with Store.open(clean) as store:
                build([docs], store=store)
                expected = graph_sizes(store)
                expected_quads = sorted(map(str, store.oxigraph))
        builder = subprocess.Popen(_BUILD + [str(docs), "--store", str(target), "-q"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, max(0.6, seconds * 0.9)))
        killed = builder.poll() is None
        if killed:
            builder.send_signal(signal.SIGKILL)
            kills += 1
        builder.wait(timeout=60)
        with Store.open(target) as store:
            found = graph_sizes(store)
            for iri, triples in found.items():
                assert iri in expected, iri
                graph = store.graph(iri)
                # whole: the count of the clean build (or, for the changed one, of its old version)
                assert triples == expected[iri] or iri.endswith("doc-005-md"), (run, iri, triples, expected[iri])
                assert validate(graph, document=iri).conforms, (run, iri)
            if str(VOCABULARY_GRAPH) in store.graph_names():
                assert store.ensure_vocabulary() is False  # the vocabulary is whole too
        if not killed:
            # the build finished before the kill (an incremental build has little left to do):
            # start the next one from an empty store, so that it has whole documents to write again
            shutil.rmtree(target)
    assert kills >= 3
    done = subprocess.run(_BUILD + [str(docs), "--store", str(target), "-q"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with Store.open(target) as store:
        assert graph_sizes(store) == expected
        assert sorted(map(str, store.oxigraph)) == expected_quads


# --------------------------------------------------------------------------- exports


_EXPORT_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from rolegraph.errors import StoreError
from rolegraph.graph.export import export
from rolegraph.graph.store import Store

store = Store.open(sys.argv[1], create=False)  # opened first: the store writes files of its own
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
limit = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
try:
    export(store, format=sys.argv[3], output=sys.argv[2])
except StoreError as exc:
    print(exc)
    sys.exit(exc.exit_code)
"""


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])  # pyoxigraph's writer, and rdflib's
def test_an_export_that_fails_half_way_leaves_the_old_file(tmp_path, fmt):
    docs = corpus(tmp_path / "docs", 3)
    with Store.open(tmp_path / "store") as store:
        build([docs], store=store)
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"graph.{fmt}"
    target.write_text("the old export\n", encoding="utf-8")
    command = [sys.executable, "-c", _EXPORT_WITH_A_SIZE_LIMIT, str(tmp_path / "store"), str(target), fmt]
    failed = subprocess.run(command + [str(64 * 1024)], capture_output=True, text=True, timeout=120)
    assert failed.returncode == StoreError.exit_code, failed.stdout + failed.stderr
    assert f"{target}: cannot write: File too large" in failed.stdout
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert os.listdir(out) == [target.name]  # no temporary file left beside it
    done = subprocess.run(command + [str(2**40)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert target.stat().st_size > 64 * 1024


def test_an_export_to_a_missing_folder_writes_nothing(tmp_path):
    with Store.open(None) as store, pytest.raises(StoreError, match="does not exist"):
        export(store, format="nt", output=tmp_path / "missing" / "graph.nt")
    assert not (tmp_path / "missing").exists()


def test_the_cli_export_keeps_the_old_file_when_the_store_is_missing(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "from rolegraph.cli import main; main()", "export", "-o", str(target),
                           "--store", str(tmp_path / "nothing")], capture_output=True, text=True, timeout=60)
    assert done.returncode == StoreError.exit_code
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["graph.ttl"]
