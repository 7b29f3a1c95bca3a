"""The named queries of the query library, answered on the five seed documents.

Every expected row below was worked out by reading the seed documents (../shared/seeds), not by
running the query: the line numbers are the lines of the files, the counts are counted in their
tool sections. Where a reader sees more than the extraction can record (two job titles in one
career step, two skills in one bullet), the test says so and checks what the graph can hold.
Concept labels come from the vocabulary by id (``scheme("skills").concepts["empathy"]``), so a
reworded English label does not break a test.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pytest

from rolegraph import queries
from rolegraph.errors import QueryError
from rolegraph.graph.rdf import to_rdf
from rolegraph.graph.store import Store
from rolegraph.model import Extraction, Item, ToolMention
from rolegraph.ontology import catalogue, scheme, scheme_names

NEW = ["roles-sharing-tools", "skill-overlap", "career-next", "tools-to-learn", "category-matrix",
       "top-tools", "responsibilities-by-frequency", "where-stated", "label-gaps", "uncatalogued-tools"]

D000, D001, D002, D003, D004 = (
    "000_cbec513ebe8e1ab0.txt", "001_877ea8ed3e071db7.txt", "002_0aca621a00897d49.txt",
    "003_07df425406a03b5d.txt", "004_d8e516cbdb1a8379.txt",
)


def en(scheme_name: str, concept_id: str) -> str:
    """The English label the queries show for a concept."""
    return scheme(scheme_name).concepts[concept_id].label("en")


def listed(cell: str | None) -> set[str]:
    return set(cell.split(", ")) if cell else set()


def test_every_name_of_the_issue_is_a_named_query():
    assert set(NEW) <= {q.name for q in queries.list_queries()}


# --------------------------------------------------------------------------- tools shared


@pytest.mark.seeds
def test_roles_sharing_tools_with_the_swedish_team_leader(seed_store):
    # 003's tool section (lines 36-43) names 18 products. 000 (lines 49-61) shares 12 of them,
    # 001 (lines 56-74) and 004 (lines 45-51) share 7 each; 002 names only LiveAgent (line 48).
    result = queries.run(seed_store, "roles-sharing-tools", params={"role": "Kundtjänstteamledare"})
    assert result.variables == ["role", "language", "shared", "tools"]
    rows = [(role, lang, n, listed(tools)) for role, lang, n, tools in result.rows]
    assert rows == [
        ("Asiakaspalvelun johtaja", "fi", 12,
         {"Confluence", "Freshdesk", "Guru", "HubSpot", "Microsoft Teams", "Power BI", "Qualtrics",
          "Salesforce", "Slack", "SurveyMonkey", "Tableau", "Zendesk"}),
        ("Asiakaspalveluhallinnoija", "fi", 7,
         {"Confluence", "Freshdesk", "Guru", "HubSpot", "Salesforce", "Tableau", "Zendesk"}),
        ("Dyrektor obsługi klienta", "pl", 7,
         {"Confluence", "Five9", "Guru", "Salesforce", "Slack", "Tableau", "Zendesk"}),
    ]
    # the shared tools read in alphabetical order
    assert result.rows[1][3] == "Confluence, Freshdesk, Guru, HubSpot, Salesforce, Tableau, Zendesk"


@pytest.mark.seeds
def test_roles_sharing_tools_keeps_only_roles_over_the_threshold(seed_store):
    run = lambda n: queries.run(seed_store, "roles-sharing-tools", params={"role": "kundtjänstteamledare", "min_shared": n})
    assert [r[0] for r in run("8").rows] == ["Asiakaspalvelun johtaja"]
    assert run("13").rows == []
    # the Latvian manager's only tool, LiveAgent, no other document names
    assert queries.run(seed_store, "roles-sharing-tools", params={"role": "Klientu apkalpošanas vadītājs"}).rows == []


# --------------------------------------------------------------------------- skills


@pytest.mark.seeds
def test_skill_overlap_of_the_swedish_team_leader_and_the_finnish_director(seed_store):
    # 003 lines 22-31 and 000 lines 28-44, skill by skill. A reader may also pair 003's "Teknisk
    # kompetens" (familiarity with service software) with 000's "Teknologian ymmärrys" (knowing
    # service tools); the skill scheme has no Finnish label for the latter, so the graph keeps
    # them apart, and those two rows are left out of the comparison.
    rows = queries.run(seed_store, "skill-overlap",
                       params={"a": "Kundtjänstteamledare", "b": "Asiakaspalvelun johtaja"}).rows
    technology = {"Teknisk kompetens", "Teknologian ymmärrys"}
    rows = [r for r in rows if not ({r[2], r[3]} & technology)]
    skill = lambda cid: en("skills", cid)
    assert rows == [
        (skill("adaptability"), "both", "Anpassningsförmåga", "Sopeutuminen"),
        (skill("analytical-skills"), "both", "Analytiska färdigheter", "Analyyttiset taidot"),
        (skill("communication"), "both", "Kommunikation", "Viestintä"),
        (skill("leadership"), "both", "Ledarskap", "Johtaminen"),
        (skill("problem-solving"), "both", "Problemlösning", "Ongelmanratkaisu"),
        (skill("conflict-resolution"), "a", "Konflikthantering", None),
        (skill("empathy"), "a", "Empati", None),
        (skill("patience"), "a", "Tålamod", None),
        (skill("time-management"), "a", "Tidsstyrning", None),
        (skill("budgeting"), "b", None, "Budjetointi"),
        (skill("customer-orientation"), "b", None, "Asiakaslähtöisyys"),
        (skill("strategic-thinking"), "b", None, "Strateginen ajattelu"),
    ]


@pytest.mark.seeds
def test_skill_overlap_is_symmetric(seed_store):
    ab = queries.run(seed_store, "skill-overlap", params={"a": "Kundtjänstteamledare", "b": "Dyrektor obsługi klienta"}).rows
    ba = queries.run(seed_store, "skill-overlap", params={"a": "Dyrektor obsługi klienta", "b": "Kundtjänstteamledare"}).rows
    swap = {"both": "both", "a": "b", "b": "a"}
    assert sorted((s, swap[h], y, x) for s, h, x, y in ab) == sorted(ba)
    # both documents list empathy (001 line 50, 003 line 25)
    assert (en("skills", "empathy"), "both", "Empati", "Empatia") in ab


# --------------------------------------------------------------------------- careers


@pytest.mark.seeds
def test_career_next_of_the_swedish_team_leader(seed_store):
    # 003 line 50 (Kundtjänstteamledare) is followed by line 51: Kundtjänstchef, "a higher
    # leadership position", the customer service manager.
    rows = queries.run(seed_store, "career-next", params={"role": "Kundtjänstteamledare"}).rows
    assert rows == [("Kundtjänstteamledare", "Kundtjänstchef", en("levels", "management"),
                     en("occupations", "customer-service-manager"), None, D003)]


@pytest.mark.seeds
def test_career_next_of_the_latvian_manager_comes_from_other_languages(seed_store):
    # 002 lays out no career path. Its role is a customer service manager, and two other documents
    # say where a customer service manager goes next: 003 line 51 (Kundtjänstchef) -> line 52
    # (Direktör för kundupplevelse, a strategic role), 004 line 59 (asiakaspalvelupäällikkö) ->
    # line 60 (Vanhempi johto: asiakaspalvelun johtaja). Line 60 also names a second title
    # ("tai asiakaskokemuksen varapresidentti"); a career step keeps one job title, so that one is
    # welcome but not required.
    rows = queries.run(seed_store, "career-next", params={"role": "Klientu apkalpošanas vadītājs"}).rows
    expected = {
        ("Klientu apkalpošanas vadītājs", "Direktör för kundupplevelse", en("levels", "executive"),
         en("occupations", "customer-experience-director"), "Kundtjänstchef", D003),
        ("Klientu apkalpošanas vadītājs", "asiakaspalvelun johtaja", en("levels", "executive"),
         en("occupations", "customer-service-director"), "asiakaspalvelupäällikkö", D004),
    }
    assert expected <= set(rows)
    assert {(r[2], r[4]) for r in rows} <= {(en("levels", "executive"), "Kundtjänstchef"),
                                           (en("levels", "executive"), "asiakaspalvelupäällikkö")}


@pytest.mark.seeds
def test_career_next_of_the_polish_director_goes_through_its_occupation(seed_store):
    # 001 describes "Dyrektor obsługi klienta"; its career path names "Dyrektor ds. obsługi
    # klienta" (line 88, the same occupation) and then "Wiceprezydent ds. sukcesu klienta" (line
    # 89), both under "Stanowiska najwyższego szczebla". The other directors (000, 004 line 60)
    # stand at the end of their paths.
    rows = queries.run(seed_store, "career-next", params={"role": "Dyrektor obsługi klienta"}).rows
    assert rows == [("Dyrektor obsługi klienta", "Wiceprezydent ds. sukcesu klienta", en("levels", "executive"),
                     en("occupations", "vp-customer-success"), "Dyrektor ds. obsługi klienta", D001)]


@pytest.mark.seeds
def test_career_next_follows_each_path_of_the_polish_document(seed_store):
    # 001 lines 80-89 name a job title at every step, two per level (entry, mid, top).
    level = lambda cid: en("levels", cid)
    path = [("Agent wsparcia klienta", "Lider zespołu wsparcia", level("entry")),
            ("Lider zespołu wsparcia", "Menedżer wsparcia klienta", level("mid")),
            ("Menedżer wsparcia klienta", "Menedżer ds. doświadczenia klienta", level("mid")),
            ("Menedżer ds. doświadczenia klienta", "Dyrektor ds. obsługi klienta", level("executive")),
            ("Dyrektor ds. obsługi klienta", "Wiceprezydent ds. sukcesu klienta", level("executive"))]
    for role, next_role, next_level in path:
        rows = queries.run(seed_store, "career-next", params={"role": role}).rows
        assert (role, next_role, next_level, None, D001) in {(r[0], r[1], r[2], r[4], r[5]) for r in rows}, role


def test_career_next_needs_a_role():
    assert queries.get("career-next").parameter("role").required


@pytest.mark.seeds
def test_tools_to_learn_from_the_polish_director_to_the_swedish_team_leader(seed_store):
    # 003 names 18 products (lines 36-43); 001 names seven of them (Salesforce, Zendesk, Slack,
    # Guru, Confluence, Tableau, Five9). The other eleven are to learn, under 003's headings.
    rows = queries.run(seed_store, "tools-to-learn",
                       params={"from": "Dyrektor obsługi klienta", "to": "Kundtjänstteamledare"}).rows
    tools = {(name, category) for kind, name, category, document in rows if kind == "tool"}
    assert tools == {
        ("HubSpot", en("categories", "crm")),
        ("Freshdesk", en("categories", "help-desk")), ("Groove", en("categories", "help-desk")),
        ("Kayako", en("categories", "help-desk")),
        ("Microsoft Teams", en("categories", "communication")),
        ("Talkdesk", en("categories", "contact-center")),
        ("Power BI", en("categories", "analytics")),
        ("SurveyMonkey", en("categories", "survey-feedback")), ("Qualtrics", en("categories", "survey-feedback")),
        ("Moodle", en("categories", "training")), ("TalentLMS", en("categories", "training")),
    }
    assert {r[3] for r in rows} == {D003}
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True), "tools first"
    # 003 asks for patience, time management and adaptability (lines 26, 30, 31), 001 for none of
    # them; both ask for leadership, empathy, conflict resolution and problem solving.
    skills = {name for kind, name, _, _ in rows if kind == "skill"}
    assert {en("skills", s) for s in ("patience", "time-management", "adaptability")} <= skills
    assert not {en("skills", s) for s in ("leadership", "empathy", "conflict-resolution", "problem-solving")} & skills


# --------------------------------------------------------------------------- tool categories


@pytest.mark.seeds
def test_category_matrix_counts_each_role_s_tools_per_category(seed_store):
    # Counted in the tool sections: 000 lines 49-61, 001 lines 56-74, 002 line 48 (LiveAgent, in the
    # closing promotion of help desk software), 003 lines 36-43, 004 lines 45-51 (Freshdesk under
    # knowledge base software there).
    expected = {
        "Asiakaspalvelun johtaja": {"crm": 3, "help-desk": 3, "communication": 3, "analytics": 3,
                                    "quality-assurance": 3, "survey-feedback": 3, "knowledge-management": 3},
        "Dyrektor obsługi klienta": {"crm": 2, "communication": 2, "analytics": 2, "knowledge-management": 2,
                                     "contact-center": 2},
        "Klientu apkalpošanas vadītājs": {"help-desk": 1},
        "Kundtjänstteamledare": {"crm": 3, "help-desk": 3, "communication": 2, "contact-center": 2,
                                 "knowledge-management": 2, "analytics": 2, "survey-feedback": 2, "training": 2},
        "Asiakaspalveluhallinnoija": {"crm": 3, "communication": 6, "order-management": 2, "analytics": 3,
                                      "knowledge-management": 3, "help-desk": 3, "training": 3},
    }
    result = queries.run(seed_store, "category-matrix")
    assert result.variables == ["role", "language", "category", "tools", "names"]
    found = {(role, category): n for role, _, category, n, _ in result.rows}
    assert found == {(role, en("categories", cid)): n for role, cells in expected.items() for cid, n in cells.items()}
    cell = next(r for r in result.rows if r[0] == "Asiakaspalveluhallinnoija" and r[2] == en("categories", "communication"))
    assert cell[4] == "Gmail, Intercom, LiveChat, Outlook, Skype, Zoom"


@pytest.mark.seeds
def test_top_tools_ranks_tools_by_roles_within_a_category(seed_store):
    # CRM: Salesforce and Zendesk in 000, 001, 003 and 004; HubSpot in 000, 003 and 004 ("HubSpot
    # CRM", the same product).
    rows = queries.run(seed_store, "top-tools", params={"category": "CRM"}).rows
    crm = en("categories", "crm")
    assert rows == [(crm, 1, "Salesforce", 4, 4), (crm, 1, "Zendesk", 4, 4), (crm, 3, "HubSpot", 3, 3)]
    # Help desk: Freshdesk (000, 003) and Jira Service Management (000 "Jira Service Desk", 004
    # "JIRA Service Management": the old and new name of one product) tie; the top 1 keeps both.
    desk = en("categories", "help-desk")
    rows = queries.run(seed_store, "top-tools", params={"category": desk, "top": "1"}).rows
    assert rows == [(desk, 1, "Freshdesk", 2, 2), (desk, 1, "Jira Service Management", 2, 2)]


@pytest.mark.seeds
def test_top_tools_covers_every_category_and_cuts_at_top(seed_store):
    rows = queries.run(seed_store, "top-tools", params={"top": "2"}).rows
    by_category: dict[str, list] = {}
    for category, rank, tool, roles, documents in rows:
        by_category.setdefault(category, []).append((rank, tool, roles))
    # knowledge bases: Guru and Confluence in all four tool sections; Freshdesk (004) and
    # SharePoint (000) once each, rank 3, so cut
    assert by_category[en("categories", "knowledge-management")] == [(1, "Confluence", 4), (1, "Guru", 4)]
    # communication: Slack in 000, 001, 003; Intercom (001, 004), Microsoft Teams (000, 003) and
    # Zoom (000, 004) tie second
    assert by_category[en("categories", "communication")] == [
        (1, "Slack", 3), (2, "Intercom", 2), (2, "Microsoft Teams", 2), (2, "Zoom", 2)]
    assert by_category[en("categories", "analytics")] == [(1, "Tableau", 4), (2, "Google Analytics", 3)]
    assert len(by_category) == 10


# --------------------------------------------------------------------------- frequencies


@pytest.mark.seeds
def test_responsibilities_by_frequency_reads_the_latvian_table(seed_store):
    # 002 lines 11-17: the third column says how often ("Ceturksnī vai pusgadā" = quarterly or
    # half-yearly, "Katru dienu vai nedēļu" = daily or weekly, "Pēc nepieciešamības" = as needed).
    role = "Klientu apkalpošanas vadītājs"
    said = [
        ("Stratēģiskā plānošana", 11, ["quarterly", "semiannually"]),
        ("Komandas vadība", 12, ["daily", "weekly"]),
        ("Vadība", 13, ["daily"]),
        ("Politikas izstrāde", 14, ["quarterly", "as-needed"]),
        ("Sarežģītu klientu jautājumu risināšana", 15, ["as-needed"]),
        ("Snieguma uzraudzība", 16, ["daily", "monthly"]),
        ("Atskaitīšanās", 17, ["weekly", "monthly"]),
    ]
    rank = {cid: c.rank for cid, c in scheme("frequencies").concepts.items()}
    expected = sorted(
        ((en("frequencies", f), f, text, role, D002, line) for text, line, fs in said for f in fs),
        key=lambda r: (rank[r[1]], r[5]),
    )
    assert queries.run(seed_store, "responsibilities-by-frequency").rows == expected
    daily = queries.run(seed_store, "responsibilities-by-frequency", params={"frequency": "Katru dienu"}).rows
    assert [(r[2], r[5]) for r in daily] == [("Komandas vadība", 12), ("Vadība", 13), ("Snieguma uzraudzība", 16)]
    weekly = queries.run(seed_store, "responsibilities-by-frequency", params={"frequency": "weekly"}).rows
    assert [(r[2], r[5]) for r in weekly] == [("Komandas vadība", 12), ("Atskaitīšanās", 17)]


# --------------------------------------------------------------------------- provenance


@pytest.mark.seeds
def test_where_stated_finds_a_tool_on_its_line_in_every_document(seed_store):
    rows = queries.run(seed_store, "where-stated", params={"thing": "salesforce"}).rows
    assert rows == [
        (D000, 49, "tool", "Salesforce", "Asiakaspalvelun johtaja"),
        (D001, 57, "tool", "Salesforce", "Dyrektor obsługi klienta"),
        (D003, 36, "tool", "Salesforce", "Kundtjänstteamledare"),
        (D004, 45, "tool", "Salesforce", "Asiakaspalveluhallinnoija"),
    ]


@pytest.mark.seeds
def test_where_stated_finds_one_skill_in_four_languages(seed_store):
    rows = queries.run(seed_store, "where-stated", params={"thing": en("skills", "problem-solving")}).rows
    assert rows == [
        (D000, 34, "skill", "Ongelmanratkaisu", "Asiakaspalvelun johtaja"),
        (D001, 51, "skill", "Rozwiązywanie problemów", "Dyrektor obsługi klienta"),
        (D003, 24, "skill", "Problemlösning", "Kundtjänstteamledare"),
        (D004, 33, "skill", "Ongelmanratkaisutaidot", "Asiakaspalveluhallinnoija"),
    ]


@pytest.mark.seeds
def test_where_stated_finds_an_occupation_through_its_roles_and_career_steps(seed_store):
    # Customer service managers: the role 002 describes, Kundtjänstchef in 003's career path
    # (line 51), asiakaspalvelupäällikkö in 004's step "Johto" (line 59).
    rows = queries.run(seed_store, "where-stated",
                       params={"thing": "https://w3id.org/rolegraph/id/occupation/customer-service-manager"}).rows
    places = {(document, line, kind) for document, line, kind, _, _ in rows}
    assert {(D003, 51, "career step"), (D004, 59, "career step")} <= places
    assert {(document, kind) for document, _, kind, _, _ in rows} == {(D002, "role"), (D003, "career step"), (D004, "career step")}


@pytest.mark.seeds
def test_where_stated_asks_for_an_iri_when_a_label_names_a_role_and_its_occupation(seed_store):
    with pytest.raises(QueryError, match="names 3 nodes; give one IRI"):
        queries.run(seed_store, "where-stated", params={"thing": "Kundtjänstchef"})


# --------------------------------------------------------------------------- curating the vocabulary


@pytest.mark.seeds
@pytest.mark.parametrize("language", ["en", "lv", "pt"])
def test_label_gaps_lists_the_concepts_without_a_label_in_the_language(seed_store, language):
    # worked out from the scheme files: every concept that has no preferred label in the language
    expected = sorted(
        (name, concept.id) for name in scheme_names() for concept in scheme(name).concepts.values()
        if language not in concept.pref
    )
    params = {} if language == "en" else {"language": language.upper()}
    rows = queries.run(seed_store, "label-gaps", params=params).dicts()
    assert [(r["scheme"], r["concept"]) for r in rows] == expected
    for row in rows:
        concept = scheme(row["scheme"]).concepts[row["concept"]]
        assert row["english"] == concept.pref.get("en", concept.pref.get("*"))
        assert listed(row["languages"]) == concept.languages()


@pytest.mark.seeds
def test_no_seed_product_is_missing_from_the_catalogue(seed_store, seeds_gold_dir):
    # every product the annotations find in the seeds is in the catalogue, so none is uncatalogued
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(seeds_gold_dir.glob("*.json"))]
    missing = sorted({t["name"] for g in gold for t in g["tools"] if catalogue().lookup(t["name"]) is None})
    rows = queries.run(seed_store, "uncatalogued-tools").rows
    assert [r[0] for r in rows] == missing == []


def test_uncatalogued_tools_names_the_document_and_line():
    extraction = Extraction(
        document="lead.en.md", path="docs/lead.en.md", language="en", content_hash="sha256:" + "0" * 64,
        role=Item("Support lead", line=1),
        tools=[ToolMention("Salesforce", "Salesforce", "CRM tools", "crm", line=7, catalogued=True),
               ToolMention("Deskbird Nine", "Deskbird Nine", "Help desk tools", "help-desk", line=9, catalogued=False)],
    )
    with Store.open(None) as store:
        graph = to_rdf(extraction)
        store.replace_document(graph.identifier, graph)
        rows = queries.run(store, "uncatalogued-tools").rows
    assert rows == [("Deskbird Nine", "Help desk tools", "lead.en.md", 9, "Deskbird Nine", "Support lead")]


# --------------------------------------------------------------------------- errors and formats


@pytest.mark.seeds
@pytest.mark.parametrize("query, params, near", [
    ("roles-sharing-tools", {"role": "Kundtjanstteamledare"}, "'Kundtjänstteamledare'"),
    ("top-tools", {"category": "Helpdsk"}, "'Help desk'"),
    ("where-stated", {"thing": "Salesforse"}, "'Salesforce'"),
])
def test_an_unknown_label_suggests_the_nearest_known_ones(seed_store, query, params, near):
    with pytest.raises(QueryError) as error:
        queries.run(seed_store, query, params=params)
    message = str(error.value)
    name, value = next(iter(params.items()))
    assert message.startswith(f"unknown {name} {value!r}; did you mean ")
    assert near in message


@pytest.mark.seeds
def test_results_render_in_every_format(seed_store):
    result = queries.run(seed_store, "roles-sharing-tools", params={"role": "Kundtjänstteamledare", "min_shared": "7"})
    header = ["role", "language", "shared", "tools"]
    assert len(result.rows) == 3

    table = queries.render(result, "table").splitlines()
    assert table[0].split() == header and table[-1] == "(3 rows)"
    assert table[2].startswith("Asiakaspalvelun johtaja") and " 12 " in table[2]

    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        parsed = list(csv.reader(io.StringIO(queries.render(result, fmt)), delimiter=delimiter))
        assert parsed[0] == header
        assert parsed[1:] == [[str(v) for v in row] for row in result.rows]

    data = json.loads(queries.render(result, "json"))
    assert data["head"]["vars"] == header
    first = data["results"]["bindings"][0]
    assert first["role"] == {"type": "literal", "value": "Asiakaspalvelun johtaja", "xml:lang": "fi"}
    assert first["shared"] == {"type": "literal", "value": "12", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert len(data["results"]["bindings"]) == 3

    markdown = queries.render(result, "markdown").splitlines()
    assert markdown[:2] == ["| role | language | shared | tools |", "|---|---|---|---|"]
    assert markdown[2].startswith("| Asiakaspalvelun johtaja | fi | 12 | Confluence, ")
    assert len(markdown) == 5


EXAMPLES = {
    "roles-sharing-tools": {"role": "Kundtjänstteamledare"},
    "skill-overlap": {"a": "Kundtjänstteamledare", "b": "Asiakaspalvelun johtaja"},
    "tools-to-learn": {"from": "Dyrektor obsługi klienta", "to": "Kundtjänstteamledare"},
    "where-stated": {"thing": "Salesforce"},
    "career-next": {"role": "Kundtjänstteamledare"},
}


@pytest.mark.seeds
@pytest.mark.parametrize("name", NEW)
def test_each_new_query_answers_quickly_on_the_seed_store(seed_store, name):
    started = time.perf_counter()
    queries.run(seed_store, name, params=EXAMPLES.get(name, {}))
    assert time.perf_counter() - started < 2.0
