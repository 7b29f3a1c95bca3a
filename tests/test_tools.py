"""The tools finder: products and their categories in every layout a tools section comes in.

Texts are written for these tests (not taken from the seeds); uncatalogued names are invented.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from rolegraph.loaders._tools import Entry, category_id, category_label, tools_in_prose, tools_in_section
from rolegraph.ontology import catalogue, scheme


def found(entries, lang):
    return [(t.name, t.category_id) for t in tools_in_section(entries, lang)]


# --- layout (a): "Category: Tools such as A, B and C help ..." ---------------------------------


@pytest.mark.parametrize(
    ("lang", "label", "text", "cid", "names"),
    [
        ("en", "Help desk software", "Platforms such as Zendesk, Freshdesk and Kayako turn e-mails into tickets.",
         "help-desk", ["Zendesk", "Freshdesk", "Kayako"]),
        ("fi", "Analytiikkaohjelmistot", "Palvelut, kuten Looker, Tableau ja Power BI, kokoavat raportit.",
         "analytics", ["Looker", "Tableau", "Power BI"]),
        ("sv", "Samtalsplattformar för kontaktcenter", "Lösningar som Aircall eller Talkdesk styr inkommande samtal.",
         "contact-center", ["Aircall", "Talkdesk"]),
        ("pl", "Narzędzia do ankiet", "Rozwiązania takie jak Typeform i SurveyMonkey zbierają opinie.",
         "survey-feedback", ["Typeform", "SurveyMonkey"]),
        ("lv", "Zināšanu bāzes rīki", "Rīki, piemēram, Notion un Confluence, glabā instrukcijas.",
         "knowledge-management", ["Notion", "Confluence"]),
        ("de", "Schulungsplattformen", "Lösungen wie Docebo und TalentLMS unterstützen die Einarbeitung.",
         "training", ["Docebo", "TalentLMS"]),
        ("fr", "Outils de gestion des commandes", "Des outils comme ShipStation et Linnworks suivent les colis.",
         "order-management", ["ShipStation", "Linnworks"]),
    ],
)
def test_label_is_the_category_and_products_follow_the_marker(lang, label, text, cid, names):
    tools = tools_in_section([Entry(label, text, 4)], lang)
    assert [t.name for t in tools] == names
    assert {t.category_id for t in tools} == {cid}
    assert {t.category for t in tools} == {label}
    assert {t.line for t in tools} == {4}


def test_an_enumeration_ends_where_the_sentence_goes_on():
    tools = tools_in_section(
        [Entry("Samarbetsverktyg", "Appar som Slack eller Microsoft Teams håller ihop gruppen varje dag. "
               "Mejl och chattfönster på webben når kunderna.", 1)], "sv")
    assert [t.mention for t in tools] == ["Slack", "Microsoft Teams"]


# --- layout (b): "Category: A, B, C" -----------------------------------------------------------


def test_label_then_bare_enumeration():
    assert found([Entry("CRM", "Pipedrive, Zoho CRM and Brightloom", 2)], "en") == [
        ("Pipedrive", "crm"), ("Zoho CRM", "crm"), ("Brightloom", "crm")]


def test_enumeration_after_a_word_or_two():
    tools = tools_in_section([Entry("Telefonie", "met Aircall of Belvox neem je gesprekken aan.", 1)], "nl")
    assert [(t.name, t.catalogued) for t in tools] == [("Aircall", True), ("Belvox", False)]
    assert {t.category_id for t in tools} == {"contact-center"}


# --- layout (c): grouped bullets, the label is the product -------------------------------------


def test_grouped_bullets_take_the_group_as_category():
    entries = [
        Entry("Salesforce", "Widely used platform for customer records.", 10, group="Systemy CRM"),
        Entry("Quillant", "Lekka platforma dla małych zespołów.", 11, group="Systemy CRM"),
        Entry("Five9", "Obsługa połączeń przychodzących w chmurze.", 13, group="Platformy call center"),
    ]
    tools = tools_in_section(entries, "pl")
    assert [(t.name, t.category, t.category_id, t.catalogued) for t in tools] == [
        ("Salesforce", "Systemy CRM", "crm", True),
        ("Quillant", "Systemy CRM", "crm", False),
        ("Five9", "Platformy call center", "contact-center", True),
    ]


def test_group_naming_no_category_falls_back_to_catalogue_default():
    tools = tools_in_section([Entry("Trello", "boards for the team's tasks", 3, group="Other things we use")], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == [("Trello", "Other things we use", "project-management")]


def test_unknown_heading_and_unknown_product_is_other():
    tools = tools_in_section([Entry("Miscellany", "Tools such as Brightloom.", 3)], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == [("Brightloom", "Miscellany", "other")]


# --- layout (d): examples in parentheses -------------------------------------------------------


def test_parenthetical_examples_all_under_the_bullet_category():
    text = ("Tiimi käyttää monia välineitä, kuten postiohjelmia (esim. Outlook, Gmail), "
            "videopalveluja (esim. Webex, Zoom) sekä chat-palveluja (esim. Tidio, Olark) päivittäin.")
    tools = tools_in_section([Entry("Yhteydenpito ja viestintä", text, 5)], "fi")
    assert [t.name for t in tools] == ["Outlook", "Gmail", "Webex", "Zoom", "Tidio", "Olark"]
    assert {t.category_id for t in tools} == {"communication"}


def test_examples_inside_the_label():
    tools = tools_in_section([Entry("Helpdesk-systemer (f.eks. Zendesk, Deskoria)", "fordeler sager til teamet.", 2)], "da")
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Zendesk", "Helpdesk-systemer", "help-desk"), ("Deskoria", "Helpdesk-systemer", "help-desk")]


# --- layout (e): plain bullets ------------------------------------------------------------------


def test_plain_bullets_take_category_from_words_or_default():
    tools = tools_in_section([
        Entry(None, "Zendesk and Jira Service Management for tickets", 1),
        Entry(None, "Looker for reporting", 2),
        Entry(None, "Microsoft Teams", 3),
    ], "en")
    assert [(t.name, t.category_id) for t in tools] == [
        ("Zendesk", "help-desk"), ("Jira Service Management", "help-desk"),
        ("Looker", "analytics"), ("Microsoft Teams", "communication")]
    assert tools[0].category == "tickets"  # the words after both names


def test_plain_bullet_in_estonian():
    tools = tools_in_section([Entry(None, "Freshdesk ja Zendesk pöördumiste haldamiseks", 1)], "et")
    assert [(t.name, t.category_id) for t in tools] == [("Freshdesk", "help-desk"), ("Zendesk", "help-desk")]


# --- layout (f): table rows -----------------------------------------------------------------------


def test_table_rows():
    entries = [
        Entry("Työkalu", "Kategoria | Käyttö", 1),
        Entry("Zendesk", "Tikettijärjestelmä | asiakkaiden pyynnöt", 3),
        Entry("Gorvik", "Tikettijärjestelmä | sisäiset pyynnöt", 4),
        Entry("Tableau", "Raportointi", 5),
    ]
    tools = tools_in_section(entries, "fi")
    assert [(t.name, t.category, t.category_id, t.catalogued) for t in tools] == [
        ("Zendesk", "Tikettijärjestelmä", "help-desk", True),
        ("Gorvik", "Tikettijärjestelmä", "help-desk", False),
        ("Tableau", "Raportointi", "analytics", True),
    ]


def test_table_row_category_first():
    assert found([Entry("CRM", "Salesforce, HubSpot | customer records", 2)], "en") == [
        ("Salesforce", "crm"), ("HubSpot", "crm")]


# --- names ------------------------------------------------------------------------------------------


def test_aliases_are_canonicalised_and_the_mention_kept():
    tools = tools_in_section([
        Entry("Help desk", "Tools such as Jira Service Desk and JIRA Service Management.", 1),
        Entry("CRM", "Tools such as HubSpot CRM.", 2),
    ], "en")
    assert [(t.name, t.mention) for t in tools] == [
        ("Jira Service Management", "Jira Service Desk"), ("HubSpot", "HubSpot CRM")]


def test_names_with_inner_capitals_digits_and_dots():
    tools = tools_in_section([Entry("Tools", "Platforms such as Observe.AI, Five9, NICE inContact and Q4vantage.", 1)], "en")
    assert [(t.mention, t.catalogued) for t in tools] == [
        ("Observe.AI", True), ("Five9", True), ("NICE inContact", True), ("Q4vantage", False)]


def test_uncatalogued_product_is_kept():
    (tool,) = tools_in_section([Entry("Analytics", "Tools such as Dashwick help the team.", 1)], "en")
    assert (tool.name, tool.mention, tool.catalogued, tool.category_id) == ("Dashwick", "Dashwick", False, "analytics")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "E-mail, CRM systems and live chat tools"),
        ("sv", "Mejl och livechatt på webben, dagligen."),
        ("en", "Tools such as CRM systems, help desk software and Spreadsheets"),
        ("fi", "Työkalut, kuten sähköposti ja chat, ovat tärkeitä."),
    ],
)
def test_generic_kinds_of_tool_are_not_products(lang, text):
    assert tools_in_section([Entry("Communication", text, 1)], lang) == []


def test_product_under_two_categories_is_listed_twice():
    tools = tools_in_section([
        Entry("Help desk software", "Tools such as Freshdesk and Zendesk.", 1),
        Entry("Knowledge base", "Tools such as Freshdesk and Guru.", 2),
        Entry("Help desk", "Freshdesk again", 3),
    ], "en")
    assert [(t.name, t.category_id) for t in tools] == [
        ("Freshdesk", "help-desk"), ("Zendesk", "help-desk"),
        ("Freshdesk", "knowledge-management"), ("Guru", "knowledge-management")]


def test_lowercase_common_words_are_not_products():
    assert found([Entry("Communication", "Tools that help teams zoom in and slack off.", 1)], "en") == []


# --- categories --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "lang", "cid"),
    [
        ("Helpdesk-palvelut", "fi", "help-desk"),
        ("Tietopankkipalvelut", "fi", "knowledge-management"),
        ("Laadunvarmistuksen välineet", "fi", "quality-assurance"),
        ("Kundrelationssystem (CRM)", "sv", "crm"),
        ("Kunnskapsbasverktyg", "sv", "knowledge-management"),
        ("Systemy centrum kontaktowego", "pl", "contact-center"),
        ("Narzędzia szkoleniowe", "pl", "training"),
        ("Klientu apkalpošanas programmatūras risinājumi", "lv", "help-desk"),
        ("Kundenservice-Software", "de", "help-desk"),
        ("Outils de gestion des connaissances", "fr", "knowledge-management"),
        ("Software de centro de llamadas", "es", "contact-center"),
        ("Strumenti per sondaggi", "it", "survey-feedback"),
        ("Klantenservicesoftware", "nl", "help-desk"),
        ("Koolitustööriistad", "et", "training"),
        ("Užsakymų valdymo sistemos", "lt", "order-management"),
        ("Samarbeidsverktøy", "no", "communication"),
        ("Vagtplanlægning", "da", "workforce-management"),
        ("Interpersonal skills", "en", None),
    ],
)
def test_category_id_in_many_languages(heading, lang, cid):
    assert category_id(heading, lang) == cid


def test_required_categories_have_definitions_and_labels():
    concepts = scheme("categories").concepts
    required = ["crm", "help-desk", "communication", "analytics", "quality-assurance", "survey-feedback",
                "knowledge-management", "contact-center", "order-management", "training", "other"]
    for cid in required:
        assert cid in concepts
    langs = {"en", "fi", "pl", "lv", "sv", "no", "da", "de", "fr", "es", "it", "nl", "et", "lt"}
    for concept in concepts.values():
        assert concept.definition, concept.id
        assert langs <= set(concept.pref), (concept.id, langs - set(concept.pref))


# --- prose --------------------------------------------------------------------------------------------


def test_prose_finds_catalogued_names_once_with_the_default_category():
    lines = [(3, "Try LiveAgent for 30 days."), (4, "LiveAgent and Zendesk both help."), (9, "Our guru said: Zoom in.")]
    tools = tools_in_prose(lines, "lv", known={"Zendesk"})
    assert [(t.name, t.line, t.category_id, t.category) for t in tools] == [
        ("LiveAgent", 3, "help-desk", category_label("help-desk", "lv"))]


def test_prose_needs_exact_case_and_whole_words():
    lines = [(1, "a liveagent, the LiveAgents, www.liveagent.com"), (2, "Microsoft Teams and Teams of people")]
    assert [(t.name, t.mention) for t in tools_in_prose(lines, "en", known=set())] == [("Microsoft Teams", "Microsoft Teams")]


# --- the catalogue ------------------------------------------------------------------------------------------


def test_every_catalogue_entry_has_name_category_and_source():
    cat = catalogue()
    concepts = scheme("categories").concepts
    assert len(cat) >= 120
    for entry in cat.entries:
        assert entry.name and entry.category and entry.source, entry
        assert entry.category in concepts, (entry.name, entry.category)
        url = urlparse(entry.source)
        assert url.scheme == "https" and url.netloc, (entry.name, entry.source)


def test_no_spelling_names_two_products():
    from rolegraph.ontology import normalise

    owner = {}
    for entry in catalogue().entries:
        for spelling in (entry.name, *entry.aliases):
            key = normalise(spelling)
            assert owner.setdefault(key, entry.name) == entry.name, (spelling, owner[key], entry.name)


# --- regressions --------------------------------------------------------------------------------------------


def test_german_nouns_after_the_list_are_not_products():
    text = "Zendesk, Freshdesk und Tickora bündeln E-Mails, Formulare und Chats in einer Warteschlange."
    assert [t.name for t in tools_in_section([Entry("Ticketsysteme", text, 1)], "de")] == ["Zendesk", "Freshdesk", "Tickora"]


def test_words_in_parentheses_give_each_product_its_category():
    tools = tools_in_section([Entry("Tools", "Zendesk (ticketing), Slack (internal chat), Looker (dashboards)", 1)], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Zendesk", "Tools", "help-desk"), ("Slack", "Tools", "communication"), ("Looker", "Tools", "analytics")]


def test_a_sentence_naming_products_with_their_uses():
    tools = tools_in_section([Entry(None, "We use Salesforce as our CRM, Zendesk for ticketing and Slack for internal chat.", 1)], "en")
    assert [(t.name, t.category_id) for t in tools] == [("Salesforce", "crm"), ("Zendesk", "help-desk"), ("Slack", "communication")]


def test_a_capitalised_word_opening_a_sentence_is_not_a_product():
    assert found([Entry("Help desk", "Overall the team relies on tickets.", 1)], "en") == []
    assert found([Entry("Analytics", "Dashwick for dashboards and weekly reports.", 1)], "en") == []


def test_inflected_names_are_found_as_written():
    text = "Käytössä on järjestelmiä, kuten Salesforcea ja Zendeskiä."
    tools = tools_in_section([Entry("Asiakkuudenhallinta", text, 1)], "fi")
    assert [(t.name, t.mention) for t in tools] == [("Salesforce", "Salesforcea"), ("Zendesk", "Zendeskiä")]
    tools = tools_in_section([Entry("Tools", "Tools such as Xerot.", 1)], "en")
    assert [(t.name, t.catalogued) for t in tools] == [("Xerot", False)]  # not an inflected "Xero"


def test_the_words_before_a_marker_name_the_category():
    text = "CRM systems such as Salesforce and help desk tools such as Zendesk or Kayako are used daily."
    assert found([Entry(None, text, 1)], "en") == [("Salesforce", "crm"), ("Zendesk", "help-desk"), ("Kayako", "help-desk")]


def test_a_name_that_is_a_common_word_in_one_language():
    line = [(4, "Tableau de bord et indicateurs sont au cœur du métier.")]
    assert tools_in_prose(line, "fr", known=set()) == []
    assert [t.name for t in tools_in_prose([(4, "Reports are built in Tableau.")], "en", known=set())] == ["Tableau"]


def test_grouped_acronym_label_and_generic_compound():
    entries = [Entry("QRTX", "Open-Source-Ticketsystem.", 14, group="Ticketsysteme"),
               Entry("Werkzeuge", "Open-Source-Ticketsystem und Live-Chat", 15)]
    assert [(t.name, t.category_id) for t in tools_in_section(entries, "de")] == [("QRTX", "help-desk")]


def test_words_that_open_sentences_are_not_products():
    assert found([Entry(None, "Nowadays, Customer Service Managers rely on many tools.", 1)], "en") == []
    assert found([Entry("Analyysi", "Nykyään Looker on yleinen.", 1)], "fi") == [("Looker", "analytics")]


def test_a_lone_dictionary_word_after_a_marker_is_not_a_product():
    assert found([Entry("Personaleinsatzplanung", "Tools, die zeigen, wie Anrufe verteilt werden.", 1)], "de") == []
    assert found([Entry("Help desk", "Platforms such as Robust tools help.", 1)], "en") == []


def test_a_sub_heading_naming_a_product():
    entries = [Entry("Ticket views", "queues for each team", 5, group="Zendesk"),
               Entry("Macros", "canned replies", 6, group="Zendesk")]
    assert [(t.name, t.category_id, t.line) for t in tools_in_section(entries, "en")] == [("Zendesk", "help-desk", 5)]


def test_a_name_cited_as_a_source_is_not_a_tool_use():
    lines = [(1, "According to Zendesk, most customers expect a reply within a day."),
             (2, "HubSpot research shows the same."), (3, "The team answers in Zendesk.")]
    assert [(t.name, t.line) for t in tools_in_prose(lines, "en", known=set())] == [("Zendesk", 3)]
    assert tools_in_prose([(4, "Zendeskin mukaan asiakkaat odottavat nopeaa vastausta.")], "fi", known=set()) == []


def test_a_capitalised_function_word_before_a_name():
    assert found([Entry("Ticketing", "Our Zendesk instance handles e-mail.", 1)], "en") == [("Zendesk", "help-desk")]
    assert found([Entry("Einsatzplanung", "Mit Injixo lassen sich Schichten planen.", 1)], "de") == [
        ("injixo", "workforce-management")]


def test_languages_and_formats_are_not_products():
    assert found([Entry(None, "Python, SQL and Bash", 1)], "en") == []
    assert found([Entry("Stack", "Zendesk, Python and Looker", 1)], "en") == [("Zendesk", "help-desk"), ("Looker", "analytics")]


def test_a_name_opening_the_text_before_a_marker():
    assert found([Entry("Chat", "Slack is the default; alternatives e.g. Discord.", 1)], "en") == [
        ("Slack", "communication"), ("Discord", "communication")]


# --- job-ad stacks: products named with their uses (held-out failure classes) ------------------------


def test_capitalised_dictionary_words_are_not_products():
    """German capitalises every noun; a word the dictionary knows is no product unless catalogued."""
    stack = [Entry(None, "Bestellungen und Retouren in Shopify, Versandstatus über Sendcloud", 1, section="Unser Stack")]
    assert found(stack, "de") == [("Shopify", "order-management"), ("Sendcloud", "order-management")]
    # a sentence-initial word the dictionary knows, in languages that write nouns in lower case
    assert found([Entry(None, "Orders and returns in Shopify", 1, section="Stack")], "en") == [("Shopify", "order-management")]
    assert found([Entry(None, "Pedidos y devoluciones en Shopify", 1, section="Stack")], "es") == [("Shopify", "order-management")]
    # invented names the dictionary does not know still count
    assert found([Entry(None, "Quillant, Brightloom und Tavrix für Tickets", 1, section="Werkzeuge")], "de") == [
        ("Quillant", "help-desk"), ("Brightloom", "help-desk"), ("Tavrix", "help-desk")]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("de", "Ticketing mit Zendesk, Telefonie über Aircall",
         [("Zendesk", "Ticketing", "help-desk"), ("Aircall", "Telefonie", "contact-center")]),
        ("de", "Interne Kommunikation in Slack, Meetings in Google Meet",
         [("Slack", "Interne Kommunikation", "communication"), ("Google Meet", "Meetings", "communication")]),
        ("de", "Unser internes Wiki liegt in Notion", [("Notion", "internes Wiki", "knowledge-management")]),
        ("de", "Qualitätsbewertungen der Tickets mit Klaus",
         [("Klaus", "Qualitätsbewertungen der Tickets", "quality-assurance")]),
        ("de", "Dashboards und Auswertungen in Metabase", [("Metabase", "Dashboards und Auswertungen", "analytics")]),
        ("de", "Live-Chat und Chatbot über Userlike", [("Userlike", "Live-Chat und Chatbot", "communication")]),
        ("es", "HubSpot (CRM) y Intercom (chat en vivo)",
         [("HubSpot", "CRM", "crm"), ("Intercom", "chat en vivo", "communication")]),
        ("es", "Linear para seguimiento de bugs", [("Linear", "seguimiento de bugs", "project-management")]),
        ("en", "Our wiki lives in Notion and our roadmap in Linear",
         [("Notion", "wiki", "knowledge-management"), ("Linear", "roadmap", "project-management")]),
    ],
)
def test_stack_bullets_name_products_with_their_uses(lang, text, expected):
    tools = tools_in_section([Entry(None, text, 7, section="Stack")], lang)
    assert [(t.name, t.category, t.category_id) for t in tools] == expected


def test_uncatalogued_names_after_a_use_preposition():
    tools = tools_in_section([Entry(None, "Tickets in Quillant, phone calls through Belvox, wiki on Tavrix", 1, section="Stack")], "en")
    assert [(t.name, t.category, t.category_id, t.catalogued) for t in tools] == [
        ("Quillant", "Tickets", "help-desk", False), ("Belvox", "phone calls", "contact-center", False),
        ("Tavrix", "wiki", "knowledge-management", False)]
    tools = tools_in_section([Entry(None, "Ticketing mit Quillant, Telefonie über Belvox", 1, section="Stack")], "de")
    assert [(t.name, t.category_id) for t in tools] == [("Quillant", "help-desk"), ("Belvox", "contact-center")]
    # a word the dictionary knows after a preposition is not a name ("Chat mit Kollegen")
    assert found([Entry(None, "Absprachen im Chat mit Kollegen", 1, section="Stack")], "de") == []


def test_bare_names_take_the_section_heading_as_label():
    tools = tools_in_section([Entry(None, "Slack, Notion", 3, section="Our stack")], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Slack", "Our stack", "communication"), ("Notion", "Our stack", "knowledge-management")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CRM (HubSpot), e-mail (Outlook)", [("HubSpot", "CRM", "crm"), ("Outlook", "e-mail", "communication")]),
        ("HubSpot (CRM), Outlook (e-mail)", [("HubSpot", "CRM", "crm"), ("Outlook", "e-mail", "communication")]),
    ],
)
def test_parenthesised_categories_and_products(text, expected):
    tools = tools_in_section([Entry(None, text, 1, section="Tools")], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == expected


def test_a_label_naming_a_product_and_its_category():
    for label in ("HubSpot (CRM)", "CRM (HubSpot)"):
        tools = tools_in_section([Entry(label, "keeps every customer's history", 1)], "en")
        assert [(t.name, t.mention, t.category, t.category_id) for t in tools] == [("HubSpot", "HubSpot", "CRM", "crm")]


# --- headings in languages without a profile ----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "names", "cid"),
    [
        ("cs", "Systémy pro správu požadavků", ["Zendesk", "Zammad"], "help-desk"),
        ("cs", "Kontaktní centrum", ["Daktela", "Aircall"], "contact-center"),
        ("cs", "Chat a sociální sítě", ["Smartsupp", "Tidio"], "communication"),
        ("cs", "Hodnocení kvality", ["MaestroQA", "Klaus"], "quality-assurance"),
        ("cs", "Vzdělávání", ["360Learning"], "training"),
        ("cs", "Analytika", ["Hotjar"], "analytics"),
        ("pt", "Plataformas de atendimento (help desk)", ["Kustomer", "Front"], "help-desk"),
        ("pt", "Chat e mensagens", ["Intercom"], "communication"),
        ("pt", "Base de conhecimento", ["Slite", "Tettra"], "knowledge-management"),
        ("pt", "Análise e satisfação", ["Metabase", "Pendo"], "analytics"),
    ],
)
def test_sub_headings_keep_their_words_as_label(lang, heading, names, cid):
    as_groups = [Entry(None, n, i, group=heading, section="Ferramentas") for i, n in enumerate(names)]
    as_sections = [Entry(None, n, i, section=heading) for i, n in enumerate(names)]
    for entries in (as_groups, as_sections):
        tools = tools_in_section(entries, lang)
        assert [(t.name, t.category, t.category_id) for t in tools] == [(n, heading, cid) for n in names]


@pytest.mark.parametrize(
    ("lang", "heading", "names", "cid"),
    [
        # Slovak and Romanian have no labels: near spellings of other languages' labels decide
        ("sk", "Kontaktné centrum", ["Zendesk", "Daktela", "Belvox"], "contact-center"),
        ("sk", "Analytika", ["Looker", "Tavrix"], "analytics"),
        ("ro", "Platforme de asistență (help desk)", ["Zendesk", "Quillant"], "help-desk"),
        ("ro", "Bază de cunoștințe", ["Confluence", "Tavrix"], "knowledge-management"),
        # no near spelling: the catalogue default, and the siblings' default for an unknown name
        ("sk", "Systémy na správu požiadaviek", ["Zendesk", "Quillant"], "help-desk"),
        ("hu", "Hívásközpont", ["Aircall", "Belvox"], "contact-center"),
    ],
)
def test_headings_in_a_language_without_labels(lang, heading, names, cid):
    tools = tools_in_section([Entry(None, n, i, group=heading) for i, n in enumerate(names)], lang)
    assert [(t.name, t.category, t.category_id) for t in tools] == [(n, heading, cid) for n in names]


def test_a_near_spelling_that_the_products_contradict_is_not_used():
    # "Kontaktné centrum" reads like a contact centre, but every product under it is a help desk
    entries = [Entry(None, "Zendesk", 1, group="Kontaktné centrum"), Entry(None, "Freshdesk", 2, group="Kontaktné centrum")]
    assert [t.category_id for t in tools_in_section(entries, "sk")] == ["help-desk", "help-desk"]
    entries.append(Entry(None, "Aircall", 3, group="Kontaktné centrum"))
    assert [t.category_id for t in tools_in_section(entries, "sk")] == ["contact-center"] * 3


# --- catalogued names outside the tools section -------------------------------------------------


def test_common_word_names_in_prose_count_where_written_as_names():
    lines = [(1, "Sicherer Umgang mit Excel"), (2, "Du beantwortest Anfragen per WhatsApp und E-Mail"),
             (3, "Du arbeitest gern in Teams"), (4, "Die Front der Kunden")]
    assert [(t.name, t.mention, t.category_id, t.line) for t in tools_in_prose(lines, "de", known=set())] == [
        ("Microsoft Excel", "Excel", "analytics", 1), ("WhatsApp Business", "WhatsApp", "communication", 2)]
    lines = [(1, "Zoom in on the details."), (2, "Meet us at Times Square."), (3, "How Support Teams Use Slack Every Day"),
             (4, "You will share updates in Slack and keep notes in Notion."), (5, "Advanced Excel skills")]
    assert [(t.name, t.line) for t in tools_in_prose(lines, "en", known=set())] == [
        ("Slack", 4), ("Notion", 4), ("Microsoft Excel", 5)]


def test_a_name_listed_among_channel_words_is_a_channel():
    lines = [(1, "Customers reach us via phone, email and WhatsApp every day."), (2, "Updates are shared on Slack.")]
    assert [t.name for t in tools_in_prose(lines, "en", known=set())] == ["Slack"]


def test_a_job_ad_end_to_end(tmp_path):
    from rolegraph.loaders import extract

    doc = tmp_path / "ad.md"
    doc.write_text(
        "---\ntitle: Teamleitung Kundenservice\nlanguage: de\n---\n\n# Teamleitung Kundenservice\n\n"
        "## Deine Aufgaben\n\n- Du führst ein Team von acht Mitarbeitenden\n- Du beantwortest Anfragen per WhatsApp\n\n"
        "## Dein Profil\n\n- Erfahrung im Kundenservice\n- Sicherer Umgang mit Excel\n\n"
        "## Unser Stack\n\n- Ticketing mit Zendesk, Telefonie über Aircall\n- Bestellungen und Retouren in Shopify\n"
        "- Slack, Notion\n", encoding="utf-8")
    tools = extract(doc).tools
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Zendesk", "Ticketing", "help-desk"), ("Aircall", "Telefonie", "contact-center"),
        ("Shopify", "Bestellungen und Retouren", "order-management"),
        ("Slack", "Unser Stack", "communication"), ("Notion", "Unser Stack", "knowledge-management"),
        ("WhatsApp Business", category_label("communication", "de"), "communication"),
        ("Microsoft Excel", category_label("analytics", "de"), "analytics")]


def test_less_known_products_are_catalogued():
    names = ["Zammad", "Freshcaller", "Front", "Kustomer", "Dixa", "Userlike", "Tidio", "Loris", "MaestroQA", "Klaus",
             "Playvox", "Verint", "Sprinklr", "Hotjar", "Metabase", "Slite", "Tettra", "360Learning", "ShipBob",
             "Linear", "Asana", "Daktela", "Smartsupp", "Pendo", "Loom", "Planhat", "TeamViewer", "Sendcloud"]
    assert [n for n in names if catalogue().lookup(n) is None] == []
    text = "Zammad, Freshcaller, Front, Kustomer, Dixa, Loris und TeamViewer"
    assert len(tools_in_section([Entry("Werkzeuge", text, 1)], "de")) == 7


def test_a_section_heading_naming_one_category_wins_over_the_default():
    entries = [Entry(None, "Zendesk", 1, section="Sistemas de CRM"), Entry(None, "Chamados no Freshdesk", 2, section="Sistemas de CRM")]
    assert [(t.name, t.category, t.category_id) for t in tools_in_section(entries, "pt")] == [
        ("Zendesk", "Sistemas de CRM", "crm"), ("Freshdesk", "Chamados", "help-desk")]


def test_words_next_to_names_in_several_clauses():
    tools = tools_in_section([Entry(None, "Internal comms in Slack; docs in Notion", 1, section="Tools we use")], "en")
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Slack", "Internal comms", "communication"), ("Notion", "Tools we use", "knowledge-management")]
    tools = tools_in_section([Entry(None, "Communication interne avec Slack et Google Meet", 1, section="Nos outils")], "fr")
    assert [(t.name, t.category, t.category_id) for t in tools] == [
        ("Slack", "Communication interne", "communication"), ("Google Meet", "Communication interne", "communication")]
    tools = tools_in_section([Entry(None, "Gong to review calls", 1, section="Stack")], "en")
    assert [(t.name, t.category_id) for t in tools] == [("Gong", "quality-assurance")]
