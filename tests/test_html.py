"""The HTML loader on pages written for these tests: the same article as a web page, as Markdown
and as plain text gives the same items; page chrome stays out; metadata is read."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from rolegraph.errors import LoaderError
from rolegraph.loaders import extract

CORPUS = Path(__file__).parent / "corpus" / "html"
ARTICLE = "customer-service-manager.en"


def items(ex):
    """What a reader of the article would list, without line numbers."""
    return {
        "role": ex.role.label if ex.role else None,
        "language": ex.language,
        "responsibilities": [(i.label, i.frequency) for i in ex.responsibilities],
        "skills": [i.label for i in ex.skills],
        "tools": sorted((t.name, t.category_id) for t in ex.tools),
        "career": [(s.label, s.level) for s in ex.career_path],
        "best_practices": [i.label for i in ex.best_practices],
    }


@pytest.fixture(scope="module")
def page():
    return extract(CORPUS / f"{ARTICLE}.html")


def test_html_markdown_and_text_give_the_same_items(page):
    markdown = extract(CORPUS / f"{ARTICLE}.md")
    text = extract(CORPUS / f"{ARTICLE}.txt")
    assert items(page) == items(markdown) == items(text)
    assert page.published == markdown.published == text.published == "2025-05-14"


def test_the_article_read_from_the_page(page):
    # worked out by reading the article
    assert items(page) == {
        "role": "Customer Service Manager",
        "language": "en",
        "responsibilities": [
            ("Queue supervision", ("daily",)),
            ("Coaching agents", ("weekly",)),
            ("Reporting to leadership", ("monthly",)),
            ("Hiring and onboarding", ()),
            ("Escalation handling", ()),
            ("Process improvement", ()),
        ],
        "skills": ["Leadership", "Communication", "Data analysis", "Conflict resolution"],
        "tools": [
            ("Calabrio", "workforce-management"),
            ("Freshdesk", "help-desk"),
            ("HubSpot", "crm"),
            ("Microsoft Teams", "communication"),
            ("NICE CXone", "workforce-management"),
            ("Salesforce", "crm"),
            ("Slack", "communication"),
            ("Zendesk", "help-desk"),
        ],
        "career": [("Entry level", "entry"), ("Mid level", "mid"), ("Senior level", "senior"),
                   ("Management", "management")],
        "best_practices": ["Measure what customers feel", "Write things down", "Celebrate good service"],
    }


def test_page_chrome_stays_out(page):
    # the sidebar, the related articles, the hidden promotion and the cookie banner name products
    names = {t.name for t in page.tools}
    assert not names & {"Gorgias", "Kustomer", "Intercom", "Help Scout", "HelpScout"}
    headings = [s.heading for s in page.sections]
    assert "Related articles" not in headings and "Get the weekly digest" not in headings
    assert not any("cookie" in w.lower() for w in headings)


def test_metadata_canonical_url_date_language(page):
    assert page.url == "https://example.org/roles/customer-service-manager"  # rel=canonical over og:url
    assert page.published == "2025-05-14"
    assert page.language == "en"  # from lang="en-GB"
    assert page.media_type == "text/html"
    assert page.document == f"{ARTICLE}.html"


def test_lines_are_lines_of_the_html_file(page):
    source = (CORPUS / f"{ARTICLE}.html").read_text(encoding="utf-8").split("\n")
    zendesk = next(t for t in page.tools if t.name == "Zendesk")
    assert "Zendesk" in source[zendesk.line - 1]
    coaching = next(i for i in page.responsibilities if i.label == "Coaching agents")
    assert "Coaching agents" in source[coaching.line - 1]
    assert "<h1>" in source[page.role.line - 1]


def test_page_graph_conforms_to_the_shapes(page):
    from rolegraph.graph.rdf import to_rdf
    from rolegraph.graph.validate import validate

    result = validate(to_rdf(page), document=page.path)
    assert result.conforms, result.results


def write(tmp_path, name, html):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_nested_lists_keep_their_parent_as_group(tmp_path):
    path = write(tmp_path, "lead.html", """<html lang="en"><body>
<h1>Support Team Lead</h1>
<p>A support team lead guides a small group of agents through the day.</p>
<h2>Skills</h2>
<ul>
  <li>Soft skills:
    <ul><li>Empathy</li><li>Patience</li></ul>
  </li>
  <li>Technical skills:
    <ul><li>Reporting</li></ul>
  </li>
</ul>
</body></html>""")
    ex = extract(path)
    assert [(i.label, i.group) for i in ex.skills] == [
        ("Empathy", "Soft skills"), ("Patience", "Soft skills"), ("Reporting", "Technical skills")]


def test_date_from_json_ld_and_url_from_og_when_nothing_else(tmp_path):
    path = write(tmp_path, "ld.htm", """<html><head>
<meta property="og:url" content="https://example.org/a">
<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
  {"@type": "Article", "datePublished": "2024-11-02T10:00:00Z", "inLanguage": "de-DE"}]}</script>
</head><body><h1>Teamleiter Kundenservice</h1><p>Ein Teamleiter führt das Team im Kundenservice.</p>
<h2>Aufgaben</h2><ul><li>Dienstpläne erstellen</li><li>Neue Mitarbeiter einarbeiten</li></ul></body></html>""")
    ex = extract(path)
    assert (ex.published, ex.url, ex.language) == ("2024-11-02", "https://example.org/a", "de")
    assert [i.label for i in ex.responsibilities] == ["Dienstpläne erstellen", "Neue Mitarbeiter einarbeiten"]


def test_time_element_gives_the_date_and_title_element_the_title(tmp_path):
    path = write(tmp_path, "no-h1.html", """<html lang="en"><head><title>Help Desk Analyst | Jobs at Example</title></head>
<body><div class="post"><p>Posted <time datetime="2023-07-09">last summer</time></p>
<p>The help desk analyst keeps tickets moving and customers informed.</p>
<h2>Responsibilities</h2><ul><li>Triage incoming tickets</li><li>Update the knowledge base</li></ul></div></body></html>""")
    ex = extract(path)
    assert ex.published == "2023-07-09"
    assert ex.role.label == "Help Desk Analyst"
    assert [i.label for i in ex.responsibilities] == ["Triage incoming tickets", "Update the knowledge base"]


def test_related_articles_block_inside_the_article_is_dropped(tmp_path):
    path = write(tmp_path, "related.html", """<html lang="en"><body><article>
<h1>Customer Support Specialist</h1><p>The customer support specialist solves customers' problems.</p>
<h2>Tools</h2><ul><li>Help desk: Zendesk</li></ul>
<div><h2>You may also like</h2><ul><li>Five reasons to try Gorgias</li></ul></div>
<h2>Best practices</h2><ul><li>Answer within one hour</li></ul>
</article></body></html>""")
    ex = extract(path)
    assert [t.name for t in ex.tools] == ["Zendesk"]
    assert [i.label for i in ex.best_practices] == ["Answer within one hour"]


def test_table_of_tools_keeps_rows(tmp_path):
    path = write(tmp_path, "table.html", """<html lang="en"><body><h1>Customer Service Manager</h1>
<p>The customer service manager leads the customer service department.</p>
<h2>Tools</h2><table><tr><th>Tool</th><th>Category</th></tr>
<tr><td>Zendesk</td><td>Help desk</td></tr><tr><td>Salesforce</td><td>CRM</td></tr></table></body></html>""")
    ex = extract(path)
    assert sorted((t.name, t.category_id) for t in ex.tools) == [("Salesforce", "crm"), ("Zendesk", "help-desk")]


def test_page_of_chrome_only_is_refused(tmp_path):
    path = write(tmp_path, "empty.html", """<html><body><nav><a href="/">Home</a></nav>
<script>var x = 1;</script><footer>© 2025</footer></body></html>""")
    with pytest.raises(LoaderError) as err:
        extract(path)
    assert str(path) in str(err.value) and "no content" in str(err.value)


def test_docstring_examples_run():
    import rolegraph.loaders.html as module

    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_title_in_the_page_header_is_kept_and_a_site_name_is_not(tmp_path):
    header_title = write(tmp_path, "blog.html", """<html lang="en"><head><title>Support Team Lead | Acme Blog</title></head>
<body><header class="entry-header"><nav><a href="/">Home</a></nav><h1>Support Team Lead</h1></header>
<main><p>The support team lead runs the daily work of a small support team.</p>
<h2>Responsibilities</h2><ul><li>Plan the rota</li><li>Coach new agents</li></ul></main></body></html>""")
    ex = extract(header_title)
    assert ex.role.label == "Support Team Lead" and ex.role.line == 2
    site_name = write(tmp_path, "site.html", """<html lang="en"><head><title>Support Team Lead | Acme Blog</title></head>
<body><header><h1>Acme Blog</h1></header>
<main><p>The support team lead runs the daily work of a small support team.</p>
<h2>Responsibilities</h2><ul><li>Plan the rota</li><li>Coach new agents</li></ul></main></body></html>""")
    assert extract(site_name).role.label == "Support Team Lead"


def test_wrapper_named_like_furniture_keeps_the_article_and_layout_tables_are_read(tmp_path):
    path = write(tmp_path, "old.html", """<html lang="en"><body>
<div class="layout has-sidebar"><table><tr><td class="menu"><a href="/">Home</a></td><td>
<h1>Help Desk Analyst</h1><p>The help desk analyst keeps tickets moving and customers informed.</p>
<h2>Responsibilities</h2><ul><li>Triage incoming tickets</li><li>Update the knowledge base</li></ul>
</td></tr></table></div></body></html>""")
    ex = extract(path)
    assert ex.role.label == "Help Desk Analyst"
    assert [i.label for i in ex.responsibilities] == ["Triage incoming tickets", "Update the knowledge base"]


def test_job_ad_page_without_h1_takes_title_and_date_from_its_job_posting(tmp_path):
    path = write(tmp_path, "job.html", """<html lang="en"><head><title>Jobs at Acme - Customer Support Specialist - Remote</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "Customer Support Specialist", "datePosted": "2025-09-01"}</script></head>
<body><div class="job"><p>We are hiring a customer support specialist to help our customers every day.</p>
<h2>Responsibilities</h2><ul><li>Answer tickets in Zendesk</li><li>Write help articles</li></ul></div></body></html>""")
    ex = extract(path)
    assert (ex.role.label, ex.published) == ("Customer Support Specialist", "2025-09-01")
