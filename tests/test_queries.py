"""Named queries: every .rq file declares what it selects, and the answers match what the documents say.

A small store is built from extractions written by hand (what a loader returns for three short
documents), so the expected rows can be worked out by reading them. The seed tests at the end run
the queries on the store built from the five seed documents.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from rolegraph import queries
from rolegraph.errors import QueryError
from rolegraph.graph.rdf import occupation_of, role_iri, skill_of, to_rdf, tool_iri
from rolegraph.graph.store import Store
from rolegraph.model import CareerStep, Extraction, Item, ToolMention
from rolegraph.namespaces import PREFIXES
from rolegraph.ontology import catalogue, normalise, scheme

HOSTILE = 'Team "lead" } UNION { ?s ?p ?o } #'


def _doc(document, lang, role, tools, **kw) -> Extraction:
    return Extraction(document=document, path=f"docs/{document}", language=lang,
                      content_hash="sha256:" + "0" * 64, role=Item(role, line=1), tools=tools, **kw)


FI = _doc(
    "johtaja.fi.md", "fi", "Asiakaspalvelupäällikkö",
    [ToolMention("Salesforce", "Salesforce", "CRM-järjestelmät", "crm", line=10, catalogued=True),
     ToolMention("Freshdesk", "Freshdesk", "Help desk -ohjelmistot", "help-desk", line=11, catalogued=True)],
    responsibilities=[Item("Tiimin johtaminen", line=4, frequency=("daily",)),
                      Item("Raportointi", line=5, frequency=("weekly", "daily"))],
    skills=[Item("Empatia", line=7)],
    career_path=[CareerStep("Asiakaspalvelija", "entry", line=14), CareerStep("Tiiminvetäjä", "mid", line=15)],
)
PL = _doc(
    "dyrektor.pl.md", "pl", "Dyrektor obsługi klienta",
    [ToolMention("Salesforce", "Salesforce CRM", "Systemy CRM", "crm", line=9, catalogued=True),
     ToolMention("Freshdesk", "Freshdesk", "Bazy wiedzy", "knowledge-management", line=12, catalogued=True)],
    skills=[Item("Empatia", line=5)],
)
EN = _doc(
    "lead.en.md", "en", HOSTILE,
    [ToolMention("Slack", "Slack", "Communication tools", "communication", line=5, catalogued=True)],
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("queries") / "store") as s:
        s.ensure_vocabulary()
        for extraction in (FI, PL, EN):
            graph = to_rdf(extraction)
            s.replace_document(graph.identifier, graph)
        yield s


def category_label(category_id: str, lang: str, written: str) -> str:
    """What tools-by-role shows: the scheme's label in the document's language, else the heading."""
    return scheme("categories").concepts[category_id].pref.get(lang) or written


# --------------------------------------------------------------------------- the files


def _variables(text: str) -> list[str]:
    return [str(v) for v in prepareQuery(text, initNs=PREFIXES).algebra["PV"]]


@pytest.mark.parametrize("query", queries.list_queries(), ids=lambda q: q.name)
def test_every_query_parses_and_its_header_matches_its_variables(query):
    assert query.question.endswith("?"), f"{query.name}: the first line asks a question"
    assert query.description and query.columns
    selected = _variables(query.text)
    parameter_variables = [p.variable for p in query.parameters]
    for variable in parameter_variables:
        assert variable in selected, f"{query.name}: parameter ?{variable} is not selected (pyoxigraph binds only selected variables)"
    visible = [v for v in selected if v not in parameter_variables or v in {c.name for c in query.columns}]
    assert visible == [c.name for c in query.columns], f"{query.name}: header columns differ from SELECT"
    for p in query.parameters:
        assert p.meaning and (p.is_class or p.type in ("string", "language", "integer"))


@pytest.mark.parametrize("query", queries.list_queries(), ids=lambda q: q.name)
def test_every_query_runs_in_pyoxigraph_on_an_empty_store(query):
    params = {p.name: "https://example.org/x" for p in query.parameters if p.required}
    with Store.open(None) as empty:
        result = queries.run(empty, query.name, params=params)
    assert result.kind == "select" and result.variables == [c.name for c in query.columns]


def test_every_query_file_is_listed():
    files = sorted(e.name[:-3] for e in resources.files("rolegraph.queries").iterdir() if e.name.endswith(".rq"))
    assert [q.name for q in queries.list_queries()] == files
    assert {"tools-by-role", "roles-by-tool", "role-profile", "tools-by-category"} <= set(files)


def test_a_malformed_parameter_line_names_the_file_and_line():
    with pytest.raises(QueryError, match=r"q\.rq:3: parameter line"):
        queries.parse_header("# q: Why?\n# Parameters:\n#   role is a role\nSELECT * {}", source="q.rq")


def test_an_unknown_query_name_suggests_the_nearest():
    with pytest.raises(QueryError, match="did you mean tools-by-role"):
        queries.get("tools-by-roles")


# --------------------------------------------------------------------------- answers


def test_tools_by_role_lists_each_statement_with_its_document(store):
    rows = queries.run(store, "tools-by-role").rows
    expected = sorted(
        (ex.role.label, t.name, category_label(t.category_id, ex.language, t.category), ex.document)
        for ex in (FI, PL, EN) for t in ex.tools
    )
    assert sorted(rows) == expected


def test_freshdesk_keeps_two_categories_from_two_documents(store):
    result = queries.run(store, "roles-by-tool", params={"tool": "freshdesk"})
    assert sorted(zip(result.column("document"), result.column("category"))) == [
        ("dyrektor.pl.md", "Bazy wiedzy"), ("johtaja.fi.md", "Help desk -ohjelmistot")]


def test_a_role_is_found_by_label_in_any_case_by_iri_and_by_prefixed_iri(store):
    iri = role_iri("Dyrektor obsługi klienta", "pl")
    for value in ("dyrektor OBSŁUGI klienta", str(iri), "rgid:" + str(iri)[len(PREFIXES["rgid"]):]):
        rows = queries.run(store, "tools-by-role", params={"role": value}).rows
        assert {r[0] for r in rows} == {"Dyrektor obsługi klienta"}, value
        assert len(rows) == 2


def test_a_tool_alias_from_the_catalogue_finds_the_tool(store):
    entry = next(e for e in catalogue().entries if e.name == "Salesforce")
    alias = next((a for a in entry.aliases if normalise(a) != normalise(entry.name)), None)
    if alias is None:
        pytest.skip("the catalogue gives Salesforce no alias")
    rows = queries.run(store, "roles-by-tool", params={"tool": alias}).rows
    assert {r[0] for r in rows} == {"Asiakaspalvelupäällikkö", "Dyrektor obsługi klienta"}


def test_a_parameter_of_type_iri_finds_a_node_of_any_class(store, tmp_path):
    rq = tmp_path / "label.rq"
    rq.write_text(
        "# label: What is a thing called?\n# A test query.\n# Parameters:\n"
        "#   thing (iri, required): anything, by label or IRI\n# Columns:\n#   label: its label\n"
        "SELECT DISTINCT ?label ?thing_iri WHERE { GRAPH ?g { ?thing_iri rdfs:label ?label } }\n",
        encoding="utf-8",
    )
    assert queries.run(store, str(rq), params={"thing": "SALESFORCE"}).rows == [("Salesforce",)]
    # the role and its occupation share the label: say which, do not guess
    with pytest.raises(QueryError, match="names 2 nodes; give one IRI: .*occupation/.*role/pl/"):
        queries.run(store, str(rq), params={"thing": "dyrektor obsługi klienta"})


def test_an_unknown_label_suggests_the_nearest_known_labels(store):
    with pytest.raises(QueryError, match="did you mean 'Dyrektor obsługi klienta'"):
        queries.run(store, "tools-by-role", params={"role": "Dyrektor obslugi klientow"})


def test_a_hostile_label_is_a_label_not_query_text(store):
    # As an unknown label: an error, never a different query.
    with pytest.raises(QueryError, match="unknown role"):
        queries.run(store, "tools-by-role", params={"role": 'x" } UNION { ?s ?p ?o } #'})
    # As a known label: exactly that role's rows.
    rows = queries.run(store, "tools-by-role", params={"role": HOSTILE}).rows
    assert rows == [(HOSTILE, "Slack", category_label("communication", "en", "Communication tools"), "lead.en.md")]


def test_parameters_of_an_ad_hoc_query_are_bound_not_spliced(store):
    text = "SELECT ?label ?role WHERE { ?role a rg:Role ; rdfs:label ?label }"
    assert queries.run(store, text, params={"label": '"} UNION { ?role ?p ?label }'}).rows == []
    rows = queries.run(store, text, params={"role": str(role_iri("Asiakaspalvelupäällikkö", "fi"))}).rows
    assert rows == [("Asiakaspalvelupäällikkö", str(role_iri("Asiakaspalvelupäällikkö", "fi")))]


def test_a_parameter_opens_each_sub_select_that_projects_it():
    from rdflib import Literal, URIRef

    from rolegraph.queries import _bind_subselects

    text = """SELECT ?role_iri ?n WHERE {
      # { SELECT ?role_iri WHERE { in a comment } }
      { SELECT ?role_iri (COUNT(?tool) AS ?n) WHERE { ?role_iri rg:usesTool ?tool } GROUP BY ?role_iri }
      { SELECT (?x AS ?role_iri) WHERE { BIND("SELECT ?role_iri WHERE {" AS ?x) } }
      { SELECT * WHERE { ?role_iri a rg:Role } }
      { SELECT ?min_shared WHERE { BIND(1 AS ?min_shared) } }
    }"""
    role = URIRef("https://w3id.org/rolegraph/id/role/en/support-lead")
    bound = _bind_subselects(text, {"role_iri": role, "min_shared": Literal('2" } ?s ?p ?o {')})
    assert bound.count("VALUES") == 2
    assert f"WHERE {{ VALUES (?role_iri) {{ (<{role}>) }} ?role_iri rg:usesTool ?tool }}" in bound
    assert 'VALUES (?min_shared) { ("2\\" } ?s ?p ?o {") }' in bound  # the value written as a literal
    # two parameters of one sub-select: one block (Virtuoso 7.2 answers nothing after two before a UNION)
    pair = _bind_subselects("SELECT * WHERE { { SELECT ?a ?b WHERE { { ?a ?p ?x } UNION { ?b ?p ?x } } } }",
                            {"a": role, "b": URIRef("https://example.org/b")})
    assert f"{{ VALUES (?a ?b) {{ (<{role}> <https://example.org/b>) }} {{ ?a ?p ?x }}" in pair


def test_the_sub_select_blocks_leave_the_answers_as_they_were(store):
    # the store's own binding (outermost group and substitutions) gives the same rows
    answered = 0
    for name in ("roles-sharing-tools", "career-next", "tools-by-role", "role-profile"):
        query = queries.get(name)
        params = {"role": "Asiakaspalvelupäällikkö"}
        bindings = queries._bindings(store, query, params)
        plain = store.query(query.text, bindings=bindings).rows
        rows = queries.run(store, name, params=params).rows
        assert [row[: len(query.columns)] for row in plain] == rows, name
        answered += bool(rows)
    assert answered >= 3


def test_a_required_parameter_and_an_unknown_parameter_are_errors(store):
    with pytest.raises(QueryError, match="'tool' is required"):
        queries.run(store, "roles-by-tool")
    with pytest.raises(QueryError, match="unknown parameter 'colour'"):
        queries.run(store, "tools-by-role", params={"colour": "red"})


def test_role_profile_gives_kinds_labels_and_details_in_document_order(store):
    rows = queries.run(store, "role-profile", params={"role": "asiakaspalvelupäällikkö"}).rows
    concepts = {name: scheme(name).concepts for name in ("frequencies", "levels", "categories")}
    assert rows == [
        ("responsibility", "Tiimin johtaminen", concepts["frequencies"]["daily"].label("fi"), "johtaja.fi.md"),
        # frequencies in the scheme's order (daily before weekly), not as written
        ("responsibility", "Raportointi",
         f'{concepts["frequencies"]["daily"].label("fi")}, {concepts["frequencies"]["weekly"].label("fi")}', "johtaja.fi.md"),
        ("skill", "Empatia", None, "johtaja.fi.md"),
        ("tool", "Salesforce", category_label("crm", "fi", "CRM-järjestelmät"), "johtaja.fi.md"),
        ("tool", "Freshdesk", category_label("help-desk", "fi", "Help desk -ohjelmistot"), "johtaja.fi.md"),
        ("career step", "Asiakaspalvelija", concepts["levels"]["entry"].label("fi"), "johtaja.fi.md"),
        ("career step", "Tiiminvetäjä", concepts["levels"]["mid"].label("fi"), "johtaja.fi.md"),
    ]


def test_tools_by_category_counts_roles_in_the_asked_language(store):
    result = queries.run(store, "tools-by-category", params={"language": "pl"})
    counts = {(cat, tool): n for cat, tool, n in result.rows}
    crm = scheme("categories").concepts["crm"].label("pl")
    assert counts[(crm, "Salesforce")] == 2
    assert result.variables == ["category", "tool", "roles"]
    english = queries.run(store, "tools-by-category").rows
    assert (scheme("categories").concepts["crm"].label("en"), "Salesforce", 2) in english


def test_documents_lists_every_document(store):
    rows = queries.run(store, "documents").dicts()
    assert [(r["document"], r["language"], r["tools"]) for r in rows] == [
        ("dyrektor.pl.md", "pl", 2), ("johtaja.fi.md", "fi", 2), ("lead.en.md", "en", 1)]


def test_roles_by_occupation_meets_languages_through_any_label(store):
    director = occupation_of("Dyrektor obsługi klienta", "pl")
    concept = scheme("occupations").concepts[director]
    for label in (concept.label("en"), concept.label("fi").upper()):
        rows = queries.run(store, "roles-by-occupation", params={"occupation": label}).rows
        assert rows == [(concept.label("en"), "Dyrektor obsługi klienta", "pl", "dyrektor.pl.md")]


def test_shared_skills_counts_one_skill_across_languages(store):
    empathy = skill_of("Empatia", "pl")
    assert empathy and skill_of("Empatia", "fi") == empathy
    rows = queries.run(store, "shared-skills").rows
    assert rows == [(scheme("skills").concepts[empathy].label("en"), 2, "Empatia")]
    assert queries.run(store, "shared-skills", params={"min_documents": "3"}).rows == []
    with pytest.raises(QueryError, match="integer"):
        queries.run(store, "shared-skills", params={"min_documents": "many"})


def test_rendered_json_is_sparql_results_json(store):
    result = queries.run(store, "tools-by-role", params={"role": "Asiakaspalvelupäällikkö"})
    data = json.loads(queries.render(result, "json"))
    assert data["head"]["vars"] == ["role", "tool", "category", "document"]
    first = data["results"]["bindings"][0]
    assert first["role"] == {"type": "literal", "value": "Asiakaspalvelupäällikkö", "xml:lang": "fi"}


def test_rendered_csv_and_markdown_have_a_header_and_one_line_per_row(store):
    result = queries.run(store, "tools-by-role")
    csv_lines = queries.render(result, "csv").splitlines()
    assert csv_lines[0] == "role,tool,category,document" and len(csv_lines) == len(result.rows) + 1
    md = queries.render(result, "markdown").splitlines()
    assert md[0] == "| role | tool | category | document |" and len(md) == len(result.rows) + 2
    assert "\\|" not in md[2] or "|" in HOSTILE


# --------------------------------------------------------------------------- the seed documents


def _gold(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def _canonical(name: str) -> str:
    entry = catalogue().lookup(name)
    return normalise(entry.name if entry else name)


@pytest.mark.seeds
def test_tools_by_role_lists_every_gold_pair_of_document_and_tool(seed_store, seeds_gold_dir):
    rows = queries.run(seed_store, "tools-by-role").dicts()
    found = {(Path(r["document"]).stem, _canonical(r["tool"])) for r in rows}
    expected = {(stem, _canonical(t["name"])) for stem, gold in _gold(seeds_gold_dir).items() for t in gold["tools"]}
    missing = sorted(expected - found)
    assert not missing, f"{len(missing)} gold (document, tool) pairs missing: {missing[:10]}"


@pytest.mark.seeds
def test_salesforce_is_one_node_used_by_four_roles(seed_store, seeds_gold_dir):
    salesforce = tool_iri("Salesforce")
    nodes = seed_store.query(
        "SELECT DISTINCT ?tool WHERE { ?tool a rg:Tool ; rdfs:label ?l FILTER(lcase(str(?l)) = 'salesforce') }"
    ).column("tool")
    assert nodes == [str(salesforce)]
    roles = {r[0] for r in queries.run(seed_store, "roles-by-tool", params={"tool": "Salesforce"}).rows}
    gold_roles = {g["role"]["label"] for g in _gold(seeds_gold_dir).values() if any(_canonical(t["name"]) == "salesforce" for t in g["tools"])}
    assert len(roles) == 4
    assert {normalise(r) for r in roles} == {normalise(r) for r in gold_roles}
