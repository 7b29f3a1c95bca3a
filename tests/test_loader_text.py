"""The plain-text and Markdown loader on small documents written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegraph.errors import LoaderError
from rolegraph.loaders import extract
from rolegraph.loaders.text import load


def labels(items):
    return [i.label for i in items]


JOB_AD_EN = """---
title: Support Operations Analyst
date: 2025-01-20
lang: en-GB
canonical: https://jobs.example.org/support-ops-analyst
---

# Support Operations Analyst

We are looking for an analyst to keep our support machine running.

## What you'll do

- **Queue health**: watch backlog and first-response times across [Zendesk](https://zendesk.com).
- **Workforce planning** – forecast volume and build the weekly rota.
* Run the monthly quality review.

## What you'll bring

1. SQL and spreadsheet fluency
2. **Clear writing**: you explain numbers to non-analysts.

## What we offer

- Four-day week
- Learning budget
"""


def test_markdown_front_matter_and_job_ad_sections(write_doc):
    ex = extract(write_doc("ops-analyst.md", JOB_AD_EN))
    assert ex.role.label == "Support Operations Analyst"
    assert ex.language == "en"
    assert ex.published == "2025-01-20"
    assert ex.url == "https://jobs.example.org/support-ops-analyst"
    assert ex.media_type == "text/markdown"
    assert labels(ex.responsibilities) == ["Queue health", "Workforce planning", "Run the monthly quality review"]
    assert labels(ex.skills) == ["SQL and spreadsheet fluency", "Clear writing"]
    # benefits are not items of the role
    assert "Four-day week" not in labels(ex.responsibilities + ex.skills + ex.best_practices)
    assert ex.responsibilities[0].description.startswith("watch backlog")
    assert ex.responsibilities[0].line == 14  # source lines, front matter included


GROUPED_DE = """Was macht ein Kundenservice-Leiter?

Aufgaben
Die Aufgaben lassen sich in drei Bereiche gliedern:

Teamführung
- Einsatzplanung: Schichten planen und Vertretungen regeln.
- Coaching: Regelmäßige Feedbackgespräche führen.
Qualität
- Stichproben: Gespräche und Tickets prüfen.

Kompetenzen
Wichtig sind vor allem:

- Führungsstärke: Ein Team motivieren.
- Analytisches Denken: Kennzahlen lesen.
"""


def test_plain_text_sub_headings_are_groups(write_doc):
    ex = extract(write_doc("leiter.txt", GROUPED_DE))
    assert ex.language == "de"
    assert ex.role.label == "Kundenservice-Leiter"
    assert [(i.label, i.group) for i in ex.responsibilities] == [
        ("Einsatzplanung", "Teamführung"),
        ("Coaching", "Teamführung"),
        ("Stichproben", "Qualität"),
    ]
    assert labels(ex.skills) == ["Führungsstärke", "Analytisches Denken"]
    assert [s.kind for s in ex.sections] == ["responsibilities", "skills"]


TABLE_FR = """# Qu'est-ce qu'un responsable du service client ?

## Missions

Voici les missions principales et leur fréquence :

| Mission | Description | Fréquence |
|---|---|---|
| **Pilotage de l'équipe** | Animer les réunions | Quotidien ou hebdomadaire |
| Reporting | Préparer les tableaux de bord | Mensuel |
| Révision des procédures | Mettre à jour les guides | Généralement trimestriel ou au besoin |
| Budget | Suivre les dépenses | Deux fois par an |
"""


def test_table_with_a_frequency_column(write_doc):
    ex = extract(write_doc("responsable.md", TABLE_FR))
    assert ex.language == "fr"
    assert ex.role.label == "Responsable du service client"
    got = {i.label: list(i.frequency) for i in ex.responsibilities}
    assert got == {
        "Pilotage de l'équipe": ["daily", "weekly"],
        "Reporting": ["monthly"],
        "Révision des procédures": ["quarterly", "as-needed"],
        "Budget": ["semiannually"],
    }
    assert ex.responsibilities[0].description == "Animer les réunions"


CHROME_ES = """Volver a Recursos
Producto
Lo más leído
12 de febrero de 2025
5 min de lectura

¿Qué es un agente de atención al cliente?

Introducción
Un agente de atención al cliente (AAC) responde a los clientes por teléfono y chat.

Responsabilidades
Sus tareas habituales son:

- Atender consultas: Responder por teléfono, correo y chat.
- Registrar incidencias: Documentar cada caso en el sistema.

Descubre las 10 habilidades clave de un buen agente y cómo desarrollarlas en tu equipo...

Artículos relacionados
Cómo medir la satisfacción del cliente
Guía de atención omnicanal
"""


def test_chrome_teasers_and_footer_are_dropped(write_doc):
    ex = extract(write_doc("agente.txt", CHROME_ES))
    assert ex.language == "es"
    assert ex.published == "2025-02-12"
    assert ex.role.label == "Agente de atención al cliente"
    assert ex.role_alt_labels == ("AAC",)
    assert labels(ex.responsibilities) == ["Atender consultas", "Registrar incidencias"]
    headings = [s.heading for s in ex.sections]
    assert headings == ["Introducción", "Responsabilidades"]
    assert not ex.skills


UNKNOWN_HEADING_EN = """# What does a Support Lead do?

## About the role

A support lead runs a small team of agents.

## A typical week

- Run the Monday planning meeting
- Review escalated tickets with the agents
- Coach new starters

## Skills

- Coaching: Helping people improve.
"""


def test_unknown_heading_takes_the_kind_its_neighbours_leave_open(write_doc):
    ex = extract(write_doc("lead.md", UNKNOWN_HEADING_EN))
    assert [s.kind for s in ex.sections] == ["introduction", "responsibilities", "skills"]
    assert labels(ex.responsibilities) == [
        "Run the Monday planning meeting",
        "Review escalated tickets with the agents",
        "Coach new starters",
    ]


CAREER_ET = """# Mis on klienditoe juht?

## Karjäärivõimalused

Tüüpiline karjäär kulgeb nii:

### Algtase
- Klienditoe konsultant: vastab klientide küsimustele.

### Kesktase
- Klienditoe spetsialist: lahendab keerukamaid juhtumeid.

### Juhtimine
- Meeskonnajuht: juhib väikest meeskonda.
- Klienditoe juht: vastutab kogu osakonna eest.

### Arenguvõimalused
- Sertifikaadid: täiendavad oskusi.
"""


def test_career_steps_take_levels_from_their_group(write_doc):
    ex = extract(write_doc("juht.md", CAREER_ET))
    assert ex.language == "et"
    assert ex.role.label == "Klienditoe juht"
    steps = [(s.label, s.level) for s in ex.career_path]
    assert steps == [
        ("Klienditoe konsultant", "entry"),
        ("Klienditoe spetsialist", "mid"),
        ("Meeskonnajuht", "management"),
        ("Klienditoe juht", "management"),
    ]


def test_career_levels_are_interpolated_and_never_decrease(write_doc):
    doc = (
        "# What is a Customer Care Director?\n\n## Career path\n\n"
        "- Care agent: answers customers.\n- Care coordinator: plans the rota.\n"
        "- Junior analyst: a late start.\n- Care manager: leads the team.\n- Director of care: owns the function.\n"
    )
    ex = extract(write_doc("director.md", doc))
    assert [s.level for s in ex.career_path] == ["entry", "entry", "entry", "management", "executive"]


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_document_is_an_error_naming_the_file(write_doc, text):
    path = write_doc("empty.txt", text)
    with pytest.raises(LoaderError) as err:
        extract(path)
    assert str(path) in str(err.value)
    assert err.value.path == str(path)


def test_document_of_chrome_only_is_an_error(write_doc):
    with pytest.raises(LoaderError, match="no usable content"):
        extract(write_doc("chrome.md", "Back to Reference\n5 min read\n---\n"))


def test_missing_role_and_sections_are_warnings(write_doc):
    ex = extract(write_doc("duties.txt", "Responsibilities\n- Plan the week\n- Report the results\n"))
    assert ex.role is None
    assert any("no role" in w for w in ex.warnings)
    assert [i.label for i in ex.responsibilities] == ["Plan the week", "Report the results"]
    ex = extract(write_doc("lead.txt", "Support Lead\n\nThe support lead keeps the team going every day of the week, in busy and quiet times.\n"))
    assert ex.role.label == "Support Lead"
    assert any("no section" in w for w in ex.warnings)


def test_document_without_role_or_items_is_an_error(write_doc):
    with pytest.raises(LoaderError, match="no usable content"):
        extract(write_doc("list.txt", "- one thing\n- another thing\n"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab #-*|:.?\n\t•…1)Ää—") + ["---\n", "| a | b |\n", "**", "Skills\n", "Career path\n"]), max_size=120).map("".join))
def test_odd_text_gives_an_extraction_or_a_loader_error(text):
    try:
        ex = load("odd.md", text, digest="sha256:0")
    except LoaderError:
        return
    assert ex.document == "odd.md"


NESTED_EN = """# Support Engineer

## Responsibilities

- **Triage**: sort incoming issues by impact
  - Check logs
  - Reproduce the bug
- Technical work:
  - Reading stack traces
  - Writing SQL queries

## Skills

### Communication

Explaining technical problems in plain words.

### Curiosity

Digging until the real cause is found.
"""


def test_nested_bullets_are_details_or_grouped_items(write_doc):
    ex = extract(write_doc("engineer.md", NESTED_EN))
    assert [(i.label, i.group) for i in ex.responsibilities] == [
        ("Triage", None),
        ("Reading stack traces", "Technical work"),
        ("Writing SQL queries", "Technical work"),
    ]
    assert "Reproduce the bug" in ex.responsibilities[0].description


def test_sub_headings_over_paragraphs_are_the_items(write_doc):
    ex = extract(write_doc("engineer.md", NESTED_EN))
    assert [(i.label, i.description) for i in ex.skills] == [
        ("Communication", "Explaining technical problems in plain words."),
        ("Curiosity", "Digging until the real cause is found."),
    ]
    doc = (
        "Mis teeb klienditoe juht?\n\nKohustused\nKlienditoe juhi peamised ülesanded on järgmised.\n\n"
        "Meeskonna juhtimine\nJuht planeerib vahetused ja annab tagasisidet.\n\n"
        "Aruandlus\nJuht koostab igal nädalal ülevaate.\n\n"
        "Kokkuvõte\nKlienditoe juht hoiab meeskonna ja kliendid rahul.\n"
    )
    ex = extract(write_doc("juht.txt", doc))
    assert ex.language == "et"
    assert [i.label for i in ex.responsibilities] == ["Meeskonna juhtimine", "Aruandlus"]
    assert [s.kind for s in ex.sections] == ["responsibilities", "conclusion"]


WEB_PAGE_EN = """Back to Resources
Work
Most popular
Get answers anywhere with one search box.
Watch a demo
March 3, 2025 · 7 min read

Customer Service Administrator

Introduction

The Customer Service Administrator (CSA) keeps the service desk running and makes sure every customer request is answered on time.

Responsibilities
- Order processing: Handle customer orders on time.
- Record keeping: Keep detailed records of every contact.
"""


def test_title_without_pattern_is_found_below_menu_words_and_promotions(write_doc):
    ex = extract(write_doc("csa.txt", WEB_PAGE_EN))
    assert ex.role.label == "Customer Service Administrator"
    assert ex.role.line == 8
    assert ex.role_alt_labels == ("CSA",)
    assert ex.published == "2025-03-03"
    assert [i.label for i in ex.responsibilities] == ["Order processing", "Record keeping"]


@pytest.mark.parametrize(
    ("title", "body_role", "expected"),
    [
        ("Customer Service Manager Job Description", "customer service manager", "Customer Service Manager"),
        ("Senior Backend Engineer", "backend engineer", "Senior Backend Engineer"),
        ("Customer service roles", "customer service lead", "Customer service lead"),
        ("Support Specialist – Remote (EU)", "support specialist", "Support Specialist"),
        ("Kundenberater (m/w/d) in Berlin", "Kundenberater", "Kundenberater"),
        ("Job: Support Specialist", "support specialist", "Support Specialist"),
    ],
)
def test_role_from_a_title_that_is_not_exactly_the_role(write_doc, title, body_role, expected):
    body = f"A {body_role} works with people. Every {body_role} has goals, and the {body_role} reports weekly."
    ex = extract(write_doc("role.txt", f"{title}\n\n{body}\n\nResponsibilities\n- Plan the week\n- Report results\n"))
    assert ex.role.label == expected


def test_frequency_column_found_by_its_cells_and_table_without_section(write_doc):
    doc = (
        "Was macht ein Teamleiter im Kundenservice?\n\n"
        "Ein Teamleiter im Kundenservice führt ein kleines Team und sorgt für zufriedene Kunden.\n\n"
        "| Tätigkeit | Rhythmus |\n|---|---|\n| Schichtplanung | wöchentlich |\n"
        "| Feedbackgespräche | monatlich oder bei Bedarf |\n| Teambesprechung | täglich |\n"
    )
    ex = extract(write_doc("teamleiter.txt", doc))
    assert [(i.label, i.frequency) for i in ex.responsibilities] == [
        ("Schichtplanung", ("weekly",)),
        ("Feedbackgespräche", ("monthly", "as-needed")),
        ("Teambesprechung", ("daily",)),
    ]


HEADLESS_FR = """Qu'est-ce qu'un coordinateur du support ?

Le coordinateur du support organise le travail des conseillers et veille à ce que chaque client reçoive une réponse rapide et juste.

Son rôle est varié. Voici ses principales missions :

• Planification : organiser les plannings des conseillers.
• Suivi des indicateurs : publier un tableau de bord chaque semaine.

Pour réussir, il doit réunir plusieurs compétences clés :

• Organisation : gérer plusieurs priorités.
• Écoute : comprendre les besoins des clients.
"""


def test_lists_without_headings_take_their_kind_from_the_lead_in_sentence(write_doc):
    ex = extract(write_doc("coordinateur.txt", HEADLESS_FR))
    assert ex.language == "fr"
    assert ex.role.label == "Coordinateur du support"
    assert [i.label for i in ex.responsibilities] == ["Planification", "Suivi des indicateurs"]
    assert [i.label for i in ex.skills] == ["Organisation", "Écoute"]


@pytest.mark.parametrize(
    ("line", "lang", "iso"),
    [
        ("October 31, 2024", "en", "2024-10-31"),
        ("31.10.2024", "fi", "2024-10-31"),
        ("12 februari 2025", "nl", "2025-02-12"),
        ("1er mars 2025", "fr", "2025-03-01"),
        ("12 de febrero de 2025", "es", "2025-02-12"),
        ("Veröffentlicht: 13. Dezember 2024", "de", "2024-12-13"),
        ("May 08, 202410 MINS READ", "en", "2024-05-08"),
        ("2025 m. vasario 3 d.", "lt", "2025-02-03"),
        ("We hired 3 people in 2024", "en", None),
        ("31.02.2024", "et", None),
    ],
)
def test_publication_date_lines(line, lang, iso):
    from rolegraph.loaders._markup import parse_date

    assert parse_date(line, lang) == iso


def test_career_path_written_with_arrows_or_as_a_table(write_doc):
    arrows = (
        "# Qué es un agente de soporte\n\n## Trayectoria profesional\n\n"
        "Agente de soporte → Agente sénior → Jefe de equipo → Director de soporte\n"
    )
    ex = extract(write_doc("agente.md", arrows))
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Agente de soporte", "entry"),
        ("Agente sénior", "senior"),
        ("Jefe de equipo", "management"),
        ("Director de soporte", "executive"),
    ]
    table = (
        "# What is a Support Agent?\n\n## Career path\n\n| Step | Typical years |\n|---|---|\n"
        "| Support Agent | 0-2 |\n| Senior Support Agent | 2-4 |\n| Support Manager | 4+ |\n"
    )
    ex = extract(write_doc("agent.md", table))
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Support Agent", "entry"),
        ("Senior Support Agent", "senior"),
        ("Support Manager", "management"),
    ]


def test_hard_wrapped_paragraphs_and_bullets(write_doc):
    doc = (
        "What is a Support Specialist?\n\n"
        "A support specialist answers customer questions by email, chat\n"
        "and phone, and makes sure every problem ends with a solution.\n\n"
        "Responsibilities\n"
        "- Answer tickets within the agreed response\n  times and escalate when needed.\n"
        "- Keep the knowledge base\nup to date\n"
        "- Triage: sort tickets by\nimpact and urgency.\n"
    )
    ex = extract(write_doc("wrapped.txt", doc))
    assert [s.heading for s in ex.sections] == ["Responsibilities"]
    assert [(i.label, i.description) for i in ex.responsibilities] == [
        ("Answer tickets within the agreed response times and escalate when needed", ""),
        ("Keep the knowledge base up to date", ""),
        ("Triage", "sort tickets by impact and urgency."),
    ]


def test_table_of_contents_is_not_a_list_of_items(write_doc):
    doc = (
        "# What does a Support Lead do?\n\nOn this page\n\n- Responsibilities\n- Skills\n- Career path\n\n"
        "## Introduction\n\nA support lead runs a small team of agents and keeps the queue healthy.\n\n"
        "## Responsibilities\n\n- Plan the rota\n- Coach agents\n"
    )
    ex = extract(write_doc("toc.md", doc))
    assert [i.label for i in ex.responsibilities] == ["Plan the rota", "Coach agents"]
    assert not ex.skills and not ex.career_path


def test_pipe_table_without_outer_pipes(write_doc):
    doc = "# What is a Support Lead?\n\n## Responsibilities\n\nTask | How often\n---|---\nPlan the rota | Weekly\nReview tickets | Daily\n"
    ex = extract(write_doc("lead.md", doc))
    assert [(i.label, i.frequency) for i in ex.responsibilities] == [("Plan the rota", ("weekly",)), ("Review tickets", ("daily",))]


def test_group_headings_that_name_a_frequency(write_doc):
    doc = (
        "# Was macht ein Support-Teamleiter?\n\n## Aufgaben\n\n"
        "### Täglich\n- Tickets verteilen\n- Warteschlange prüfen\n\n### Monatlich\n- Bericht schreiben\n"
    )
    ex = extract(write_doc("teamleiter.md", doc))
    assert [(i.label, i.group, i.frequency) for i in ex.responsibilities] == [
        ("Tickets verteilen", "Täglich", ("daily",)),
        ("Warteschlange prüfen", "Täglich", ("daily",)),
        ("Bericht schreiben", "Monatlich", ("monthly",)),
    ]


def test_headings_are_matched_without_the_role_name(write_doc):
    doc = (
        "# What is a Software Support Engineer?\n\n## Software Support Engineer responsibilities\n\n"
        "- Reproduce bugs\n- Write fixes\n\n## Software Support Engineer skills\n\n- Debugging\n- SQL\n"
    )
    ex = extract(write_doc("sse.md", doc))
    assert [s.kind for s in ex.sections] == ["responsibilities", "skills"]
    assert [i.label for i in ex.skills] == ["Debugging", "SQL"]


@pytest.mark.parametrize(
    ("role", "label", "alt"),
    [("Customer Success Manager (CSM)", "Customer Success Manager", ("CSM",)), ("Kundenberater (Vollzeit)", "Kundenberater", ())],
)
def test_role_parenthesis_is_an_abbreviation_or_a_dropped_note(write_doc, role, label, alt):
    ex = extract(write_doc("role.md", f"---\nrole: \"{role}\"\n---\n\n## Responsibilities\n\n- Answer tickets\n"))
    assert (ex.role.label, ex.role_alt_labels) == (label, alt)


def test_career_step_names_the_job_title_of_its_description(write_doc):
    doc = (
        "# What is a Support Manager?\n\n## Career path\n\n"
        "- Entry level: Most people start as a Support Agent or a Chat Agent.\n"
        "- Management: Later they become Support Manager, leading several teams.\n"
    )
    ex = extract(write_doc("manager.md", doc))
    assert [(s.label, s.level, s.role) for s in ex.career_path] == [
        ("Entry level", "entry", "Support Agent"),
        ("Management", "management", "Support Manager"),
    ]


# ---------------------------------------------------------------------------------------------
# documents unlike the seeds: web pages, numbered headings, unknown languages


WEB_ARTICLE_EN = """We use cookies to improve your experience. By continuing you agree to our cookie policy.
Accept all
Reject non-essential
Cookie settings
Product
Solutions
Pricing
Resources
Blog
Log in
Start free trial
Blog / Service Management / Careers

The IT Service Desk Analyst: A Practical Role Profile

By Sam Example, Head of Content
8 min read

An IT service desk analyst is the first point of contact when technology breaks. The IT service desk analyst logs incidents, restores service quickly and keeps users informed while problems are solved.

1. What the job involves
Most days are a mix of planned work and interruptions. The core duties are:

– Incident handling: log, classify and resolve incidents within agreed targets.
— Request fulfilment: set up accounts, access and equipment.
– User communication: keep requesters updated until the ticket is closed.

2. Skills that matter
Technical knowledge is only half of the job.

Troubleshooting: narrowing a fault down step by step.

Clear writing: tickets and notes that others can follow.

Patience: staying calm with frustrated users.

3. Typical tools
· Jira Service Management
· ServiceNow
· Confluence

4. Where the role leads
Service desk analyst → Senior service desk analyst -> Service desk team lead » IT service manager

5. Good habits
✓ Write the fix down: every solved ticket should teach the next analyst.
✓ Set expectations early: tell users when they will hear back.
► Close the loop: confirm the fix with the user before closing.

6. Final word
A good service desk analyst keeps the whole company working.

Share this article
LinkedIn
X
Email
Copy link
Was this article helpful?
Yes
No
Related articles
How to hire a help desk technician
"""


def test_web_article_with_numbered_headings_chrome_and_paragraph_items(write_doc):
    ex = extract(write_doc("it-analyst.txt", WEB_ARTICLE_EN))
    assert ex.role.label == "IT Service Desk Analyst"  # subtitle after the colon and article dropped
    assert [(s.kind, s.heading) for s in ex.sections] == [
        ("responsibilities", "What the job involves"),
        ("skills", "Skills that matter"),
        ("tools", "Typical tools"),
        ("career", "Where the role leads"),
        ("best-practices", "Good habits"),
        ("conclusion", "Final word"),
    ]  # no byline, breadcrumb, share buttons or "Yes"/"No" among them
    assert labels(ex.responsibilities) == ["Incident handling", "Request fulfilment", "User communication"]
    assert labels(ex.skills) == ["Troubleshooting", "Clear writing", "Patience"]
    assert labels(ex.best_practices) == ["Write the fix down", "Set expectations early", "Close the loop"]
    assert [t.mention for t in ex.tools] == ["Jira Service Management", "ServiceNow", "Confluence"]
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Service desk analyst", "entry"),
        ("Senior service desk analyst", "senior"),
        ("Service desk team lead", "management"),
        ("IT service manager", "management"),
    ]


QUESTION_TITLE_EN = """# What Does a Customer Success Manager Do? Role, Skills and Tools

A customer success manager helps customers get value from a product after the sale. Every customer success manager owns a book of accounts.

## Key responsibilities

▪ Onboarding: guide new customers through setup.
▪ Renewals: keep accounts renewing every year.

## Must-have skills

► Empathy: understand the customer's goals.
► Commercial sense: spot expansion opportunities.

## Tools of the trade

- Gainsight
- HubSpot

## Career progression

- Associate: learns the product and handles small accounts.
- Customer Success Manager: owns a portfolio of accounts.

### Good habits

- Meet customers where they are: use their words, not yours.
- Write things down: share notes after every call.

## Final word

Customer success is a growing field.
"""


def test_question_title_with_subtitle_and_nested_best_practice_heading(write_doc):
    ex = extract(write_doc("csm.md", QUESTION_TITLE_EN))
    assert ex.role.label == "Customer Success Manager"
    assert labels(ex.responsibilities) == ["Onboarding", "Renewals"]
    assert labels(ex.skills) == ["Empathy", "Commercial sense"]
    assert labels(ex.career_path) == ["Associate", "Customer Success Manager"]
    # a best-practice heading nested under the career section opens its own section
    assert labels(ex.best_practices) == ["Meet customers where they are", "Write things down"]


NUMBERED_PL = """Konsultant ds. obsługi klienta – kim jest i czym się zajmuje?

Konsultant ds. obsługi klienta odpowiada na pytania klientów przez telefon, czat i e-mail. W wielu firmach konsultant ds. obsługi klienta jest pierwszą osobą, z którą rozmawia klient.

1. Zakres obowiązków
Typowy dzień konsultanta obejmuje:

- Obsługa zgłoszeń: przyjmowanie i rozwiązywanie zgłoszeń klientów.
- Prowadzenie dokumentacji: zapisywanie przebiegu rozmów w systemie.

2. Najważniejsze umiejętności
- Komunikatywność: jasne tłumaczenie zawiłych spraw.
- Cierpliwość: spokój w rozmowie z niezadowolonym klientem.

3. Narzędzia pracy
Konsultant korzysta z kilku rodzajów oprogramowania.

3.1. Systemy CRM
- Salesforce
- Pipedrive

3.2. Telefonia i contact center
- Talkdesk

4. Ścieżka rozwoju
Konsultant → Starszy konsultant → Koordynator zespołu → Kierownik działu obsługi klienta

Dobre praktyki
- Słuchaj do końca: nie przerywaj klientowi.
- Notuj na bieżąco: zapisuj ustalenia od razu.

5. Podsumowanie
Konsultant ds. obsługi klienta to zawód dla osób cierpliwych i komunikatywnych.
"""


def test_numbered_headings_sub_headings_and_arrow_career_path(write_doc):
    ex = extract(write_doc("konsultant.txt", NUMBERED_PL))
    assert ex.role.label == "Konsultant ds. obsługi klienta"
    assert labels(ex.responsibilities) == ["Obsługa zgłoszeń", "Prowadzenie dokumentacji"]
    assert labels(ex.skills) == ["Komunikatywność", "Cierpliwość"]
    # "3.1. Systemy CRM" is a group of the tools section, its number dropped
    assert [(t.mention, t.category) for t in ex.tools] == [
        ("Salesforce", "Systemy CRM"), ("Pipedrive", "Systemy CRM"), ("Talkdesk", "Telefonia i contact center")]
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Konsultant", "entry"),
        ("Starszy konsultant", "senior"),
        ("Koordynator zespołu", "management"),
        ("Kierownik działu obsługi klienta", "management"),
    ]
    assert labels(ex.best_practices) == ["Słuchaj do końca", "Notuj na bieżąco"]


def test_numbered_list_items_stay_items(write_doc):
    doc = ("Support Agent\n\nA support agent answers customers every day of the week, by phone and by chat.\n\n"
           "Responsibilities\n1. Answer tickets\n2. Update the knowledge base\n3. Escalate bugs\n\n"
           "The list above is not complete, and every team adds its own duties.\n")
    ex = extract(write_doc("agent.txt", doc))
    assert labels(ex.responsibilities) == ["Answer tickets", "Update the knowledge base", "Escalate bugs"]


UNKNOWN_LANGUAGE_HU = """Mit csinál egy ügyfélszolgálati csoportvezető?

Bevezetés
Az ügyfélszolgálati csoportvezető irányítja a csapatot, amely a vásárlók kérdéseire válaszol. Egy ügyfélszolgálati csoportvezető munkája az emberek vezetését, a folyamatokat és a minőség mérését egyesíti.

Fő feladatok
- Csapatirányítás: műszakok tervezése és a munka elosztása.
- Minőségellenőrzés: hívások és jegyek hetente történő ellenőrzése.

Készségek
- Kommunikáció: világos és nyugodt fellépés.
- Elemző gondolkodás: számokkal és mutatókkal való munka.

Eszközök
Kontaktközpont
- Genesys Cloud
- Five9
CRM-rendszerek
- Salesforce
- HubSpot

Előrelépési lehetőségek
- Kezdő szint: ügyfélszolgálati munkatárs.
- Senior szint: tapasztalt ügyfélszolgálati specialista.
- Vezetői szint: ügyfélszolgálati csoportvezető.
- Igazgatói szint: ügyfélszolgálati igazgató.

Bevált módszerek
- Hallgasd meg az ügyfeleket: a visszajelzés a fejlődés forrása.
- Mérd az eredményeket: adatok nélkül nem lehet irányítani.

Összegzés
Az ügyfélszolgálati csoportvezető minden cég kulcsfontosságú szereplője.
"""


def test_language_without_profile_is_read_by_structure_and_order(write_doc):
    ex = extract(write_doc("csoportvezeto.txt", UNKNOWN_LANGUAGE_HU))
    assert ex.language == "hu"  # no profile: reported as detected
    assert ex.role.label == "Ügyfélszolgálati csoportvezető"  # not the first heading
    assert [s.kind for s in ex.sections] == [
        "other", "responsibilities", "skills", "tools", "career", "best-practices", "other"]
    assert labels(ex.responsibilities) == ["Csapatirányítás", "Minőségellenőrzés"]
    assert labels(ex.skills) == ["Kommunikáció", "Elemző gondolkodás"]
    # the tools heading's sub-headings are the categories as written
    assert [(t.mention, t.category) for t in ex.tools] == [
        ("Genesys Cloud", "Kontaktközpont"), ("Five9", "Kontaktközpont"),
        ("Salesforce", "CRM-rendszerek"), ("HubSpot", "CRM-rendszerek")]
    # level names of the language are steps; levels interpolated where no level word matches
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Kezdő szint", "entry"), ("Senior szint", "senior"),
        ("Vezetői szint", "management"), ("Igazgatói szint", "executive")]
    assert labels(ex.best_practices) == ["Hallgasd meg az ügyfeleket", "Mérd az eredményeket"]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # Czech (a profile) and Romanian (none): the title's words that the body repeats, inflected
        ("Co dělá vedoucí zákaznické podpory?",
         "Vedoucí zákaznické podpory řídí tým. Práce vedoucího zákaznické podpory je pestrá.",
         "Vedoucí zákaznické podpory"),
        ("Ce face un analist de suport pentru clienți?",
         "Un bun analist de suport pentru clienți ascultă. Analistul de suport pentru clienți rezolvă probleme.",
         "Analist de suport pentru clienți"),
        ("O que é um analista de suporte ao cliente?",
         "O analista de suporte ao cliente resolve problemas. Um bom analista de suporte ao cliente conhece o produto.",
         "Analista de suporte ao cliente"),
    ],
)
def test_question_title_over_a_first_heading_names_the_role(write_doc, title, body, expected):
    doc = f"{title}\n\nÚvod\n{body} " + body + "\n\n- Plan: the week ahead.\n- Report: the results.\n"
    ex = extract(write_doc("role.txt", doc))
    assert ex.role.label == expected


def test_portuguese_is_not_read_as_spanish_or_galician(write_doc):
    doc = ("# Analista de suporte ao cliente\n\n"
           "O analista de suporte ao cliente atende chamados no Zendesk, usa o Slack e mantém a base de "
           "conhecimento atualizada. A função exige comunicação clara e paciência com os clientes.\n\n"
           "## Responsabilidades\n\n- Atendimento de chamados: responder e resolver pedidos.\n"
           "- Escalonamento: encaminhar casos complexos para a equipa técnica.\n")
    ex = extract(write_doc("analista.md", doc))
    assert ex.language == "pt"
    assert labels(ex.responsibilities) == ["Atendimento de chamados", "Escalonamento"]


def test_numbered_items_written_as_headings_over_paragraphs(write_doc):
    doc = ("# Support Agent\n\nA support agent answers customers every day, by phone and by chat and by email.\n\n"
           "## Responsibilities\n\n1. Answer tickets\nEvery ticket gets a first answer within an hour.\n\n"
           "2. Update the knowledge base\nNew answers become articles for everyone.\n\n"
           "## Skills\n\n- Patience\n- Clear writing\n")
    ex = extract(write_doc("agent.md", doc))
    assert labels(ex.responsibilities) == ["Answer tickets", "Update the knowledge base"]
    assert labels(ex.skills) == ["Patience", "Clear writing"]


PROFILED_CS = """Co dělá vedoucí zákaznické podpory?

Úvod
Vedoucí zákaznické podpory řídí tým, který odpovídá na dotazy zákazníků. Práce vedoucího zákaznické podpory spojuje řízení lidí, procesy a měření kvality.

Hlavní povinnosti
- Řízení týmu: plánování směn a rozdělování práce.
- Hodnocení kvality: kontrola hovorů a tiketů každý týden.

Dovednosti
- Komunikace: jasné a klidné vystupování.

Kariérní postup
- Operátor podpory: první kontakt se zákazníky.
- Seniorní specialista: řeší složité případy.
- Ředitel zákaznických služeb: odpovídá za celé oddělení.

Osvědčené postupy
- Naslouchejte zákazníkům: zpětná vazba je zdroj zlepšení.

Závěr
Vedoucí zákaznické podpory je klíčová role každé firmy.
"""


def test_a_language_added_as_labels_names_its_sections(write_doc):
    ex = extract(write_doc("vedouci.txt", PROFILED_CS))
    assert ex.language == "cs" and not ex.warnings
    assert [s.kind for s in ex.sections] == [
        "introduction", "responsibilities", "skills", "career", "best-practices", "conclusion"]
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Operátor podpory", "entry"), ("Seniorní specialista", "senior"),
        ("Ředitel zákaznických služeb", "executive")]


@pytest.mark.parametrize("chain", [
    "A typical path: Agent → Senior agent → Team lead → Support manager",
    "- Agent -> Senior agent -> Team lead -> Support manager",
    "Agent » Senior agent » Team lead » Support manager",
    "Agent > Senior agent > Team lead > Support manager",
])
def test_career_path_as_an_arrow_chain(write_doc, chain):
    doc = ("# Support Manager\n\nA support manager runs the support team and answers for its results every day.\n\n"
           f"## Career path\n\n{chain}\n")
    ex = extract(write_doc("manager.md", doc))
    assert [(s.label, s.level) for s in ex.career_path] == [
        ("Agent", "entry"), ("Senior agent", "senior"), ("Team lead", "management"), ("Support manager", "management")]


def test_title_with_a_subtitle_in_a_language_without_profile(write_doc):
    doc = ("Ügyfélszolgálati csoportvezető: feladatok, készségek és eszközök\n\n"
           "Az ügyfélszolgálati csoportvezetőnek sok feladata van, és az ügyfélszolgálati csoportvezetőt "
           "mindenki ismeri a cégnél, mert ő felel a csapatért.\n\n"
           "Fő feladatok\n- Tervezés: a műszakok tervezése minden héten.\n- Ellenőrzés: a hívások ellenőrzése.\n")
    ex = extract(write_doc("vezeto.txt", doc))
    assert ex.role.label == "Ügyfélszolgálati csoportvezető"


def test_an_arrow_chain_under_an_unknown_heading_is_the_career_path(write_doc):
    doc = ("Support Agent\n\nA support agent answers customers every day of the week, by phone and by chat.\n\n"
           "Responsibilities\n- Answer tickets\n- Escalate bugs\n\n"
           "Looking ahead\nSupport agent → Senior support agent → Support team lead\n\n"
           "Conclusion\nA good first job in any software company.\n")
    ex = extract(write_doc("agent.txt", doc))
    assert [s.label for s in ex.career_path] == ["Support agent", "Senior support agent", "Support team lead"]
    assert ex.sections[1].kind == "career"


WEB_PAGE_ES_MD = """[Producto](/p) [Precios](/precios) [Blog](/blog)

Inicio / Blog / Atención al cliente

# ¿Qué hace un coordinador de atención al cliente? Funciones, habilidades y herramientas

Por María Ejemplo, editora
5 min de lectura

El coordinador de atención al cliente organiza el trabajo diario del equipo de soporte. Un buen coordinador de atención al cliente conoce las métricas y las herramientas.

## 1. Lo que implica el trabajo

– Planificación de turnos: organizar la cobertura semanal.
– Seguimiento de indicadores: revisar el tiempo de respuesta cada día.

## 2. Habilidades clave

Organización: planificar con antelación y cumplir plazos.

Comunicación: explicar cambios al equipo con claridad.

## 3. Herramientas habituales

### 3.1. Centro de contacto
· Genesys Cloud
· Aircall

### 3.2. Mesa de ayuda
· Zendesk

## 4. Hacia dónde lleva el puesto

Agente → Agente sénior → Coordinador → Gerente de atención al cliente

## 5. Buenos hábitos

✓ Documenta todo: cada caso resuelto enseña al equipo.
✓ Escucha primero: entiende antes de responder.

## 6. Para terminar

Es un puesto con mucho futuro.

¿Te ha resultado útil este artículo?
Sí
No
"""


def test_markdown_web_page_with_numbered_headings_in_spanish(write_doc):
    ex = extract(write_doc("coordinador.md", WEB_PAGE_ES_MD))
    assert ex.role.label == "Coordinador de atención al cliente"
    assert [s.kind for s in ex.sections] == [
        "responsibilities", "skills", "tools", "career", "best-practices", "conclusion"]
    assert labels(ex.responsibilities) == ["Planificación de turnos", "Seguimiento de indicadores"]
    assert labels(ex.skills) == ["Organización", "Comunicación"]
    assert [(t.mention, t.category) for t in ex.tools] == [
        ("Genesys Cloud", "Centro de contacto"), ("Aircall", "Centro de contacto"), ("Zendesk", "Mesa de ayuda")]
    assert labels(ex.career_path) == ["Agente", "Agente sénior", "Coordinador", "Gerente de atención al cliente"]
    assert labels(ex.best_practices) == ["Documenta todo", "Escucha primero"]


WEB_PAGE_FR = """Responsable du support client : le guide complet du métier

Par Claire Exemple
Mis à jour le 3 mars 2025 · 6 min de lecture

Le responsable du support client dirige l'équipe qui répond aux clients. Le responsable du support client fixe les objectifs et suit les indicateurs de qualité chaque semaine.

Ce que fait un responsable du support client
Au quotidien, il s'occupe de :
- Pilotage de l'équipe : planifier les horaires et répartir la charge.
- Suivi de la qualité : écouter des appels et relire des tickets.

Compétences indispensables
- Leadership : fédérer l'équipe autour d'objectifs clairs.
- Sens de l'analyse : lire les tableaux de bord.

Outils du métier
- Zendesk
- Aircall
- Looker

Évolution de carrière
- Conseiller client : premier poste au contact des clients.
- Superviseur : encadre une petite équipe.
- Responsable du support client : dirige le service.

Bonnes habitudes
- Donner du feedback chaque semaine : les progrès se construisent en continu.
- Partager les chiffres : la transparence motive l'équipe.

Le mot de la fin
Un métier exigeant mais passionnant.

Partager cet article
LinkedIn
Facebook
Articles similaires
Comment recruter un conseiller client
"""


def test_byline_and_date_with_read_time_below_a_title_with_a_subtitle(write_doc):
    ex = extract(write_doc("responsable.txt", WEB_PAGE_FR))
    assert ex.role.label == "Responsable du support client"
    assert ex.published == "2025-03-03"
    assert [s.kind for s in ex.sections] == [
        "responsibilities", "skills", "tools", "career", "best-practices", "conclusion"]
    assert labels(ex.best_practices) == ["Donner du feedback chaque semaine", "Partager les chiffres"]
    assert labels(ex.career_path) == ["Conseiller client", "Superviseur", "Responsable du support client"]


def test_a_question_over_the_title_it_names_is_not_the_title(write_doc):
    doc = ("Ever wondered what a support lead does?\n\nSupport Lead\n\n"
           "A support lead runs a small team of agents and answers for its results every week of the year.\n\n"
           "Responsibilities\n- Plan shifts\n- Coach agents\n")
    ex = extract(write_doc("lead.txt", doc))
    assert ex.title == "Support Lead" and ex.role.label == "Support Lead"


@pytest.mark.parametrize("sep", [":", " —", " –"])
def test_items_written_as_paragraphs_without_bullets(write_doc, sep):
    doc = ("Support Agent\n\nA support agent answers customers every day of the week, by phone and by chat.\n\n"
           f"Skills\n\nPatience{sep} staying calm with upset customers.\n\n"
           f"Clear writing{sep} answers that anyone can follow.\n\nConclusion\nA good first job.\n")
    ex = extract(write_doc("agent.txt", doc))
    assert labels(ex.skills) == ["Patience", "Clear writing"]


def test_step_role_drops_the_word_for_role_after_the_title(tmp_path):
    doc = tmp_path / "lead.md"
    doc.write_text(
        "# What does a Support Team Lead do?\n\n"
        "## Responsibilities\n\n- Coaching: Weekly one-to-ones with every agent.\n- Scheduling: Shift plans.\n\n"
        "## Career path\n\n"
        "- Entry level: Most people start as a Support Agent, answering tickets.\n"
        "- Mid level: After two years many move into the Support Team Lead role and run a team.\n",
        encoding="utf-8",
    )
    from rolegraph.loaders import extract

    steps = extract(doc).career_path
    assert [s.role for s in steps] == ["Support Agent", "Support Team Lead"]
