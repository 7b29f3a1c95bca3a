"""The command line: what a person types, what they see, and the exit codes of rolegraph.errors.

Most tests run the commands in-process with click's CliRunner; one runs the installed
``.venv/bin/rolegraph`` as a real process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from rolegraph import __version__
from rolegraph.cli import cli
from rolegraph.errors import QueryError

LEAD = """\
# What does a Support Team Lead do?

A support team lead runs a small team of agents.

## Responsibilities

- Team leadership: Coach the agents every day.
- Reporting: Send a weekly report to the manager.

## Skills

- Communication: Clear writing and speaking.
- Empathy: Understanding the customer.

## Tools

### Help desk software

- Zendesk: tickets and macros.
- Freshdesk: for smaller teams.

### CRM software

- Salesforce: customer records.
"""

MANAGER = """\
# What does a Customer Service Manager do?

## Responsibilities

- Budget management: Plan and follow the budget.

## Tools

### CRM software

- Salesforce: the customer records.
- HubSpot: marketing and sales.
"""


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "lead.md").write_text(LEAD, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "manager.md").write_text(MANAGER, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00")  # the loader refuses it
    (folder / ".draft.md").write_text(LEAD, encoding="utf-8")  # hidden: skipped
    (folder / "notes.pdf").write_bytes(b"%PDF")  # no loader: skipped
    return folder


@pytest.fixture(scope="module")
def built(docs, tmp_path_factory):
    """(store folder, result of the first build) for the documents above."""
    store = tmp_path_factory.mktemp("cli") / "store"
    return store, invoke("build", docs, "--store", store, "-o", store.parent / "graph.ttl")


def test_version_and_help():
    assert invoke("--version").stdout.strip() == f"rolegraph, version {__version__}"
    result = invoke("--help")
    for command in ("build", "export", "extract", "queries", "query", "validate"):
        assert command in result.stdout


def test_query_help_lists_the_named_queries():
    result = invoke("query", "--help")
    assert result.exit_code == 0
    assert "tools-by-role" in result.stdout and "roles-by-tool" in result.stdout


def test_extract_prints_the_extraction_contract(docs):
    result = invoke("extract", docs / "lead.md")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"] == "lead.md" and data["role"]["label"] == "Support Team Lead"
    assert {t["name"] for t in data["tools"]} == {"Zendesk", "Freshdesk", "Salesforce"}


def test_extract_turtle_is_the_document_graph(docs):
    result = invoke("extract", docs / "lead.md", "--format", "turtle")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 20


def test_extract_of_a_missing_file_is_one_line_and_exit_3(tmp_path):
    result = invoke("extract", tmp_path / "nothing.md")
    assert result.exit_code == 3
    assert result.stderr.startswith("rolegraph: error: ") and result.stderr.count("\n") == 1


def test_build_reports_each_document_and_exits_3_when_a_loader_refused_one(built, docs):
    store, result = built
    assert result.exit_code == 3, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("refused") and "broken.txt" in lines[0]
    assert lines[1].startswith("added") and "lead.md" in lines[1] and "Support Team Lead" in lines[1]
    assert lines[2].startswith("added") and "manager.md" in lines[2]
    assert "3 documents: 2 added, 0 updated, 0 unchanged, 1 refused" in result.stdout
    assert ".draft.md" not in result.stdout and "notes.pdf" not in result.stdout
    assert "wrote" in result.stdout and (store.parent / "graph.ttl").is_file()


def test_a_second_build_skips_unchanged_documents_and_replaces_changed_ones(tmp_path):
    doc = tmp_path / "lead.md"
    doc.write_text(LEAD, encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("build", doc, "--store", store).exit_code == 0
    again = invoke("build", doc, "--store", store, "--quiet")
    assert "0 added, 0 updated, 1 unchanged, 0 refused" in again.stdout
    doc.write_text(LEAD.replace("- Salesforce: customer records.\n", ""), encoding="utf-8")
    changed = invoke("build", doc, "--store", store)
    assert changed.stdout.startswith("updated") and "tools 2" in changed.stdout
    rows = invoke("query", "tools-by-role", "--store", store, "--format", "csv").stdout
    assert "Salesforce" not in rows and "Zendesk" in rows


def test_prune_removes_the_documents_of_deleted_files(tmp_path):
    (tmp_path / "docs").mkdir()
    for name in ("lead.md", "manager.md"):
        (tmp_path / "docs" / name).write_text(LEAD if name == "lead.md" else MANAGER, encoding="utf-8")
    store = tmp_path / "store"
    assert invoke("build", tmp_path / "docs", "--store", store).exit_code == 0
    (tmp_path / "docs" / "manager.md").unlink()
    kept = invoke("build", tmp_path / "docs", "--store", store)  # without --prune the old graph stays
    assert "HubSpot" in invoke("query", "tools-by-role", "--store", store).stdout
    pruned = invoke("build", tmp_path / "docs", "--store", store, "--prune")
    assert pruned.exit_code == 0
    assert pruned.stdout.splitlines()[-2].startswith("removed") and "manager.md" in pruned.stdout
    assert "1 document: 0 added, 0 updated, 1 unchanged, 0 refused, 1 removed" in pruned.stdout
    assert "HubSpot" not in invoke("query", "tools-by-role", "--store", store).stdout
    assert "1 unchanged" in kept.stdout


def test_query_prints_a_table(built):
    store, _ = built
    result = invoke("query", "tools-by-role", "--store", store)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["role", "tool", "category", "document"]
    assert lines[-1] == "(5 rows)"
    assert any(line.split()[-1] == "manager.md" and "HubSpot" in line for line in lines)


def test_query_with_a_parameter_and_csv(built):
    store, _ = built
    result = invoke("query", "roles-by-tool", "--store", store, "--param", "tool=salesforce", "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header == "role,language,occupation,category,document"
    assert sorted(row.split(",")[0] for row in rows) == ["Customer Service Manager", "Support Team Lead"]


def test_query_json_is_sparql_results_json(built):
    store, _ = built
    result = invoke("query", "tools-by-category", "--store", store, "-f", "json")
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["category", "tool", "roles"]
    assert {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"} in [
        b["roles"] for b in data["results"]["bindings"]]


def test_query_from_a_file_and_from_text(built, tmp_path):
    store, _ = built
    rq = tmp_path / "count.rq"
    rq.write_text("# count: How many tools?\n# Columns:\n#   n: tools\nSELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a rg:Tool }\n")
    from_file = invoke("query", rq, "--store", store, "-f", "csv").stdout.splitlines()
    from_text = invoke("query", "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a rg:Tool }", "--store", store,
                       "-f", "csv").stdout.splitlines()
    assert from_file == from_text and from_file[0] == "n" and int(from_file[1]) > 4


def test_an_unknown_label_is_one_line_with_suggestions_and_exit_5(built):
    store, _ = built
    result = invoke("query", "role-profile", "--store", store, "-p", "role=Support Team Leed")
    assert result.exit_code == 5
    assert result.stderr == "rolegraph: error: unknown role 'Support Team Leed'; did you mean 'Support Team Lead'?\n"


def test_debug_shows_the_exception_instead(built):
    store, _ = built
    result = invoke("--debug", "query", "no-such-query", "--store", store)
    assert isinstance(result.exception, QueryError)


def test_a_bad_param_is_a_usage_error(built):
    store, _ = built
    result = invoke("query", "tools-by-role", "--store", store, "--param", "role")
    assert result.exit_code == 2 and "NAME=VALUE" in result.stderr


def test_querying_a_missing_store_exits_6(tmp_path):
    result = invoke("query", "tools-by-role", "--store", tmp_path / "none")
    assert result.exit_code == 6 and "no store" in result.stderr


def test_queries_lists_and_explains(built):
    from rolegraph.queries import list_queries

    listing = invoke("queries").stdout.splitlines()
    assert [line.split()[0] for line in listing] == [q.name for q in list_queries()]
    detail = invoke("queries", "roles-by-tool").stdout
    assert "tool (rg:Tool, required)" in detail and "Columns:" in detail


def test_export_trig_keeps_one_graph_per_document(built, tmp_path):
    store, _ = built
    result = invoke("export", "--store", store, "-o", tmp_path / "graph.trig")
    assert result.exit_code == 0 and "trig" in result.stdout
    dataset = Dataset().parse(tmp_path / "graph.trig", format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert sum("/doc/" in n for n in names) == 2


def test_validate_the_store_and_a_turtle_file(built, docs, tmp_path):
    store, _ = built
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert "2 graph(s) checked, 0 failed" in result.stdout
    ttl = tmp_path / "lead.ttl"
    ttl.write_text(invoke("extract", docs / "lead.md", "--format", "turtle").stdout, encoding="utf-8")
    assert invoke("validate", ttl).exit_code == 0


def test_validate_accepts_the_turtle_export_of_a_store(built):
    store, _ = built
    result = invoke("validate", store.parent / "graph.ttl")
    assert result.exit_code == 0, result.output
    assert "1 graph(s) checked, 0 failed" in result.stdout


def test_validate_reports_a_broken_graph_and_exits_4(docs, tmp_path):
    ttl = tmp_path / "lead.ttl"
    text = invoke("extract", docs / "lead.md", "--format", "turtle").stdout
    graph = Graph().parse(data=text, format="turtle")
    from rolegraph.namespaces import RG

    graph.remove((None, RG.describesRole, None))
    graph.serialize(ttl, format="turtle")
    result = invoke("validate", ttl)
    assert result.exit_code == 4
    assert "FAIL" in result.stdout and "1 failed" in result.stdout


def test_the_installed_command_runs_as_a_process(built):
    store, _ = built
    exe = Path(sys.executable).parent / "rolegraph"
    result = subprocess.run([str(exe), "query", "roles-by-tool", "--store", str(store), "-p", "tool=Zendesk",
                             "-f", "tsv"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split("\t")[0] == "Support Team Lead"
    failed = subprocess.run([str(exe), "query", "tools-by-rol", "--store", str(store)],
                            capture_output=True, text=True, timeout=60)
    assert failed.returncode == 5
    assert failed.stderr.startswith("rolegraph: error: no named query 'tools-by-rol'; did you mean tools-by-role")
    assert failed.stderr.count("\n") == 1


@pytest.mark.slow  # four languages' lemma dictionaries: 5-15 s
def test_the_demo_builds_the_examples_and_answers(tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    documents = sorted(p.name for p in examples.iterdir() if p.suffix in (".md", ".txt"))
    built = invoke("build", examples, "--store", tmp_path / "demo", "-o", tmp_path / "graph.ttl")
    assert built.exit_code == 0, built.output
    rows = invoke("query", "tools-by-role", "--store", tmp_path / "demo", "-f", "csv").stdout.splitlines()[1:]
    assert sorted({row.rsplit(",", 1)[1] for row in rows}) == documents


def test_query_name_help_explains_that_query():
    from click.testing import CliRunner

    from rolegraph.cli import cli

    result = CliRunner().invoke(cli, ["query", "roles-by-tool", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("roles-by-tool: Which roles use a given software tool")
    assert "tool (rg:Tool, required)" in result.output
