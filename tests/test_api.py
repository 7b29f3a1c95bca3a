"""The Python API of the README: open a store, build, ask a named query, export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

import rolegraph

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_import_reads_nothing_and_starts_nothing():
    code = "import sys, rolegraph; print(sorted(m for m in sys.modules if m.startswith(('rolegraph.', 'rdflib', 'pyoxigraph', 'pyshacl'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_build_query_export_from_python(tmp_path):
    doc = EXAMPLES / "kundenservice-teamleiter.de.txt"
    with rolegraph.Store.open(tmp_path / "store") as store:
        report = rolegraph.build([doc], store=store)
        assert report.exit_code == 0 and report.totals["added"] == 1
        rows = rolegraph.query(store, "tools-by-role", params={"role": "Kundenservice-Teamleiter"})
        tools = set(rows.column("tool"))
        # the German example's tools section names these products (read from the document)
        assert {"Salesforce", "Zendesk", "Slack", "Jira Service Management"} <= tools
        assert all(role == "Kundenservice-Teamleiter" for role in rows.column("role"))
        out = rolegraph.export(store, format="turtle", output=tmp_path / "graph.ttl")
    parsed = list(ox.parse(path=str(tmp_path / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == out.triples > 0


def test_every_api_name_is_listed():
    assert set(rolegraph.__all__) - {"__version__"} <= set(dir(rolegraph))
    for name in rolegraph.__all__:
        assert getattr(rolegraph, name) is not None
