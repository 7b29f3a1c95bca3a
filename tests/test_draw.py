"""Pictures and the HTML report: the files exist, parse as SVG (XML) or PNG, and show the labels.

A small store built from hand-written extractions gives labels known in advance; the seed tests
draw and report the store built from the five seed documents.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from rolegraph.cli import cli
from rolegraph.errors import UsageError
from rolegraph.graph.draw import draw
from rolegraph.graph.rdf import to_rdf
from rolegraph.graph.report import write_report
from rolegraph.graph.store import Store
from rolegraph.model import CareerStep, Extraction, Item, ToolMention

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Lead <script>alert("x")</script> & co'


def doc(name, lang, role, tools=(), **kw) -> Extraction:
    return Extraction(document=name, path=f"docs/{name}", language=lang, content_hash="sha256:" + "0" * 64,
                      role=Item(role, line=1), tools=list(tools), **kw)


DOCS = [
    doc("lead.sv.md", "sv", "Kundtjänstteamledare",
        [ToolMention("Zendesk", "Zendesk", "Ärendehantering", "help-desk", line=5, catalogued=True),
         ToolMention("Slack", "Slack", "Kommunikation", "communication", line=6, catalogued=True)],
        responsibilities=[Item("Coacha teamet", line=3, frequency=("daily",))],
        skills=[Item("Empati", line=9)],
        career_path=[CareerStep("Kundtjänstmedarbetare", "entry", line=12),
                     CareerStep("Kundtjänstteamledare", "management", line=13),
                     CareerStep("Kundtjänstchef", "management", line=14)]),
    doc("johtaja.fi.md", "fi", "Asiakaspalvelujohtaja",
        [ToolMention("Zendesk", "Zendesk", "CRM-järjestelmät", "crm", line=7, catalogued=True)],
        career_path=[CareerStep("Johto", "management", line=20, role="Asiakaspalvelupäällikkö"),
                     CareerStep("Ylin johto", "executive", line=21, role="Asiakaspalvelujohtaja")]),
    doc("odd.en.md", "en", HOSTILE, [ToolMention("Jira", "Jira", "Tickets & <bugs>", "help-desk", line=2, catalogued=True)]),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store.open(tmp_path_factory.mktemp("draw") / "store") as s:
        s.ensure_vocabulary()
        for extraction in DOCS:
            graph = to_rdf(extraction)
            s.replace_document(graph.identifier, graph)
        yield s


def svg_text(path: Path) -> str:
    """All text of an SVG file, lines joined by spaces (wrapped labels read as one)."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return " ".join(" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- pictures


def test_career_ladder_svg_names_levels_and_occupations(store, tmp_path):
    path = draw(store, "career", output=tmp_path / "career.svg", role="Kundtjänstteamledare")
    text = svg_text(path)
    for label in ("Entry level", "Management", "Executive", "Customer service representative",
                  "Customer service team leader", "Customer service manager", "Customer service director"):
        assert label in text, label


def test_role_tools_png_is_a_real_picture(store, tmp_path):
    path = draw(store, "role-tools", output=tmp_path / "tools.png", role="Kundtjänstteamledare")
    width, height = png_size(path)
    assert width > 300 and height > 150 and path.stat().st_size > 5000


def test_role_tools_svg_groups_tools_by_category(store, tmp_path):
    text = svg_text(draw(store, "role-tools", output=tmp_path / "tools.svg", role="kundtjänstteamledare"))
    for label in ("Kundtjänstteamledare", "Zendesk", "Slack", "Help desk software", "Communication tools"):
        assert label in text, label


def test_network_svg_names_every_role_and_tool_and_escapes_markup(store, tmp_path):
    path = draw(store, "network", output=tmp_path / "network.svg")
    text = svg_text(path)  # parses as XML although a role label holds markup
    for label in ("Kundtjänstteamledare", "Asiakaspalvelujohtaja", "Zendesk", "Slack", "Jira", HOSTILE):
        assert label in text, label


def test_pictures_refuse_unknown_formats_kinds_and_missing_roles(store, tmp_path):
    with pytest.raises(UsageError, match="use .svg or .png"):
        draw(store, "career", output=tmp_path / "career.gif")
    with pytest.raises(UsageError, match="unknown picture"):
        draw(store, "pie", output=tmp_path / "pie.svg")
    with pytest.raises(UsageError, match="needs a ROLE"):
        draw(store, "role-tools", output=tmp_path / "tools.svg")
    with pytest.raises(Exception, match="unknown role"):
        draw(store, "role-tools", output=tmp_path / "tools.svg", role="Astronaut")


# --------------------------------------------------------------------------- the report


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_site(site) -> None:
    """Every page and picture exists and every relative link points at a file of the site."""
    assert site.index.is_file()
    for page in [site.index, *site.pages.values()]:
        assert page.is_file(), page
        for link in parse(page).links:
            target = (page.parent / unquote(link)).resolve()
            assert target.is_file(), f"{page.name}: broken link {link}"
    for picture in site.pictures:
        svg_text(picture)


def test_report_has_a_page_per_role_with_working_links(store, tmp_path):
    site = write_report(store, tmp_path / "site")
    roles = {r[0] for r in store.query("SELECT ?r WHERE { ?r a rg:Role }").rows}
    assert set(site.pages) == roles
    check_site(site)
    index = parse(site.index)
    assert sum(1 for link in index.links if link.startswith("roles/")) >= len(roles)


def test_a_role_page_shows_labels_statements_sources_and_neighbours(store, tmp_path):
    site = write_report(store, tmp_path / "site")
    page = next(p for r, p in site.pages.items() if r.endswith("/sv/kundtjänstteamledare"))
    text = " ".join(" ".join(parse(page).text).split())
    for expected in ("Kundtjänstteamledare", "Customer service team leader", "Teamleider klantenservice",  # labels
                     "Coacha teamet", "Daily",  # a responsibility with its frequency
                     "Empati", "Zendesk", "Help desk software", "lead.sv.md:5",  # sources with lines
                     "comes from", "Customer service representative", "leads to", "Customer service manager"):
        assert expected in text, expected
    assert 'src="../pictures/' in page.read_text(encoding="utf-8")


def test_report_escapes_text_from_documents(store, tmp_path):
    site = write_report(store, tmp_path / "site")
    pages = "".join(p.read_text(encoding="utf-8") for p in [site.index, *site.pages.values()])
    assert "<script>" not in pages and "&lt;script&gt;" in pages


# --------------------------------------------------------------------------- the commands


def test_commands_analyze_draw_report(tmp_path):
    with Store.open(tmp_path / "store") as s:  # the commands open the store themselves: close it first
        s.ensure_vocabulary()
        for extraction in DOCS:
            graph = to_rdf(extraction)
            s.replace_document(graph.identifier, graph)
    runner = CliRunner()
    where = ["--store", str(tmp_path / "store")]
    result = runner.invoke(cli, ["analyze", *where])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote \d+ triples to rgid:graph/analysis", result.output)
    result = runner.invoke(cli, ["query", "central-tools", *where, "-f", "csv"])
    assert result.exit_code == 0 and "Zendesk,2," in result.output
    result = runner.invoke(cli, ["draw", "career", "-o", str(tmp_path / "c.svg"), *where])
    assert result.exit_code == 0 and (tmp_path / "c.svg").is_file()
    result = runner.invoke(cli, ["draw", "role-tools", "-o", str(tmp_path / "t.svg"), *where])
    assert result.exit_code == 2 and "needs a ROLE" in result.output
    result = runner.invoke(cli, ["report", "-o", str(tmp_path / "site"), *where])
    assert result.exit_code == 0 and "role pages" in result.output
    result = runner.invoke(cli, ["analyze", "--weight", "tools=many", *where])
    assert result.exit_code == 2


# --------------------------------------------------------------------------- the seed graph


@pytest.mark.seeds
def test_seed_pictures_show_the_roles(seed_store, tmp_path):
    text = svg_text(draw(seed_store, "career", output=tmp_path / "career.svg"))
    assert "Customer service representative" in text and "Customer service director" in text
    text = svg_text(draw(seed_store, "network", output=tmp_path / "network.svg"))
    for role in ("Asiakaspalvelun johtaja", "Dyrektor obsługi klienta", "Kundtjänstteamledare", "Salesforce"):
        assert role in text, role
    width, height = png_size(draw(seed_store, "role-tools", role="Dyrektor obsługi klienta", output=tmp_path / "t.png"))
    assert width > 300 and height > 150


@pytest.mark.seeds
def test_seed_report_has_a_page_for_every_role(seed_store, tmp_path):
    site = write_report(seed_store, tmp_path / "site")
    roles = {r[0] for r in seed_store.query("SELECT ?r WHERE { ?r a rg:Role }").rows}
    assert set(site.pages) == roles and len(roles) >= 5
    check_site(site)
