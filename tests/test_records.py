"""Structured role records (YAML, JSON) and CSV exports of role, tool, category rows, on files
written for these tests: they load into the same graph and pass the same shapes."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from rolegraph.errors import LoaderError
from rolegraph.loaders import extract, extract_all

CORPUS = Path(__file__).parent / "corpus" / "records"


def conforms(ex) -> None:
    from rolegraph.graph.rdf import to_rdf
    from rolegraph.graph.validate import validate

    result = validate(to_rdf(ex), document=ex.document)
    assert result.conforms, result.results


def test_yaml_record():
    ex = extract(CORPUS / "klantenservicemanager.nl.yaml")
    assert (ex.role.label, ex.role.line, ex.language) == ("Klantenservicemanager", 2, "nl")
    assert (ex.published, ex.url) == ("2025-02-03", "https://example.org/vacatures/klantenservicemanager")
    assert [(i.label, i.frequency, i.line) for i in ex.responsibilities] == [
        ("Leiding geven aan het klantenserviceteam", (), 8),
        ("Wachtrijen bewaken", ("daily",), 9),
        ("Rapporteren aan de directie", ("monthly",), 10),  # "maandelijks" through the frequency scheme
    ]
    assert [i.label for i in ex.skills] == ["Leiderschap", "Communicatie"]
    assert [(t.name, t.category_id, t.line) for t in ex.tools] == [
        ("Zendesk", "help-desk", 15), ("Freshdesk", "help-desk", 16), ("Salesforce", "crm", 17), ("HubSpot", "crm", 18),
        ("Microsoft Teams", "communication", 19), ("Slack", "communication", 20),  # a bare name: the catalogue's category
        ("Calabrio", "workforce-management", 21), ("NICE CXone", "workforce-management", 22)]  # "NICE": an alias
    # a category label as written is kept; a category id gets the scheme's label in the record's language
    assert ex.tools[0].category == "Helpdesksoftware" and ex.tools[6].category != "workforce-management"
    assert ex.tools[7].mention == "NICE" and ex.tools[7].catalogued
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Klantenservicemedewerker", "entry"), ("Teamleider klantenservice", "mid"),
        ("Klantenservicemanager", "management")]  # the level read from the label
    assert [i.label for i in ex.best_practices] == ["Meet klanttevredenheid na elk contact"]
    conforms(ex)


def test_json_record():
    ex = extract(CORPUS / "kundenservice-manager.de.json")
    assert (ex.role.label, ex.language, ex.media_type) == ("Kundenservice-Manager", "de", "application/json")
    assert sorted((t.name, t.category_id) for t in ex.tools) == [
        ("Calabrio", "workforce-management"), ("Freshdesk", "help-desk"), ("HubSpot", "crm"),
        ("Microsoft Teams", "communication"), ("NICE CXone", "workforce-management"), ("Salesforce", "crm"),
        ("Slack", "communication"), ("Zendesk", "help-desk")]
    assert [(s.label, s.level) for s in ex.career_path] == [("Kundenservicemitarbeiter", "entry"), ("Teamleiter", "mid")]
    conforms(ex)


def test_csv_gives_one_extraction_per_role():
    found = extract_all(CORPUS / "hr-export.csv")
    assert [(ex.document, ex.language, ex.role.label) for ex in found] == [
        ("hr-export.csv#fr/Responsable du service client", "fr", "Responsable du service client"),
        ("hr-export.csv#en/Customer service representative", "en", "Customer service representative"),
    ]
    assert [(t.name, t.category, t.category_id, t.line) for t in found[0].tools] == [
        ("Zendesk", "Logiciel de help desk", "help-desk", 2),
        ("Freshdesk", "Logiciel de help desk", "help-desk", 3),
        ("Salesforce", "CRM", "crm", 4),
        ("HubSpot", "CRM", "crm", 5),
        ("Microsoft Teams", "Communication", "communication", 6),
        ("Slack", "Communication", "communication", 7),
        ("Calabrio", "Gestion des effectifs", "workforce-management", 8),  # an id: the scheme's French label
        ("NICE CXone", "Gestion des effectifs", "workforce-management", 9),
    ]
    for ex in found:
        conforms(ex)


def test_extract_refuses_a_file_of_several_roles_and_names_extract_all():
    with pytest.raises(LoaderError, match="extract_all"):
        extract(CORPUS / "hr-export.csv")


def test_csv_header_any_case_any_order_language_from_the_role(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("CATEGORY,Tool,ROLE\nHelp desk,Freshdesk,Asiakaspalvelupäällikkö\nCRM,HubSpot,Asiakaspalvelupäällikkö\n",
                    encoding="utf-8")
    (ex,) = extract_all(path)
    assert ex.language == "fi"  # the one language whose occupation labels know the role
    assert [(t.name, t.category_id) for t in ex.tools] == [("Freshdesk", "help-desk"), ("HubSpot", "crm")]
    conforms(ex)


def test_unknown_category_is_kept_under_other_with_a_warning(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("role,tool,category,language\nTeam lead,Acme Desk,Magic boxes,en\n", encoding="utf-8")
    (ex,) = extract_all(path)
    assert [(t.name, t.category, t.category_id, t.catalogued) for t in ex.tools] == [
        ("Acme Desk", "Magic boxes", "other", False)]
    assert any("Magic boxes" in w for w in ex.warnings)
    conforms(ex)


@pytest.mark.parametrize("name, text, where, words", [
    ("no-tool.csv", "role,tool,category\nLead,Zendesk,Help desk\nLead,,CRM\n", 3, "no tool"),
    ("no-role.csv", "role,tool,category\n,Zendesk,Help desk\n", 2, "no role"),
    ("wide.csv", "role,tool,category\nLead,Zendesk,Help desk,extra\n", 2, "4 cells, header has 3"),
    ("header.csv", "role,product\nLead,Zendesk\n", 1, "missing: tool, category"),
    ("no-role.yaml", "language: en\nskills: [Empathy]\n", 1, "no 'role'"),
    ("bad-frequency.yaml", "role: Lead\nresponsibilities:\n  - label: Rota\n    frequency: [sometimes]\n", 3,
     "unknown frequency 'sometimes'"),
    ("bad-tool.yaml", "role: Lead\ntools:\n  - {category: CRM}\n", 3, "no 'name'"),
    ("not-a-list.yaml", "role: Lead\nskills: Empathy\n", 2, "'skills' must be a list"),
    ("broken.json", '{"role": "Lead",\n "skills": [}\n', 2, "not valid JSON"),
    ("broken.yaml", "role: Lead\nskills: [a, b\n", 3, "not valid YAML"),
])
def test_bad_records_name_file_and_line(tmp_path, name, text, where, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoaderError) as err:
        extract_all(path)
    assert err.value.line == where
    assert str(err.value).startswith(f"{path}:{where}: ")
    assert words in str(err.value)


def test_folder_walk_skips_json_that_is_not_a_role_record(tmp_path):
    from rolegraph.graph.build import find_documents

    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.json").write_text('{"document": "a.md", "role": {"label": "Lead", "iri": "x"}}', encoding="utf-8")
    (tmp_path / "settings.yaml").write_text("theme: dark\n", encoding="utf-8")
    (tmp_path / "other.csv").write_text("name,price\nA,1\n", encoding="utf-8")
    (tmp_path / "lead.yaml").write_text("role: Lead\nlanguage: en\n", encoding="utf-8")
    (tmp_path / "roles.csv").write_text("role,tool,category\nLead,Zendesk,Help desk\n", encoding="utf-8")
    assert [p.name for p in find_documents([tmp_path])] == ["lead.yaml", "roles.csv"]


def test_build_stores_one_graph_per_role(tmp_path):
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store

    with Store.open(tmp_path / "store") as store:
        report = build([CORPUS], store=store)
        assert report.exit_code == 0, [d.line() for d in report.documents]
        assert sorted((Path(d.path).name, d.role) for d in report.documents) == [
            ("hr-export.csv", "Customer service representative"),
            ("hr-export.csv", "Responsable du service client"),
            ("klantenservicemanager.nl.yaml", "Klantenservicemanager"),
            ("kundenservice-manager.de.json", "Kundenservice-Manager"),
        ]
        assert len(store.documents()) == 4
        again = build([CORPUS], store=store)
        assert again.totals["unchanged"] >= 3 and again.exit_code == 0


def test_docstring_examples_run():
    import rolegraph.loaders.records as module

    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_a_role_dropped_from_a_csv_leaves_the_store(tmp_path):
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store

    path = tmp_path / "roles.csv"
    path.write_text("role,tool,category,language\nTeam lead,Zendesk,Help desk,en\nAgent,Slack,Chat,en\n", encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        assert build([path], store=store).exit_code == 0
        assert sorted(d.role for d in store.documents()) == ["Agent", "Team lead"]
        path.write_text("role,tool,category,language\nTeam lead,Zendesk,Help desk,en\n", encoding="utf-8")
        again = build([path], store=store)
        assert sorted((d.status, d.role) for d in again.documents) == [("removed", "Agent"), ("updated", "Team lead")]
        assert [d.role for d in store.documents()] == ["Team lead"]
