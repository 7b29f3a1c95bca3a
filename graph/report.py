"""A static HTML site about the graph: an index and one page per role, with pictures.

:func:`write_report` writes into a folder::

    index.html                 every role, the career ladder, the role-tool network, the most
                               similar roles and the most central tools
    roles/{lang}-{slug}.html   one page per role: its labels in every language, responsibilities
                               with frequency, skills, tools by category, career neighbours,
                               similar roles, and the sources (file and line) of every statement
    pictures/*.svg             the pictures (rolegraph.graph.draw)

Every text from the documents is HTML-escaped; links between pages are relative, so the folder
can be opened from disk or served as it is.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from urllib.parse import quote

__all__ = ["Site", "write_report", "page_name"]

_ROLES = """
SELECT DISTINCT ?role ?label ?alt ?occupation ?doc ?source WHERE {
  ?role a rg:Role ; rdfs:label ?label .
  OPTIONAL { ?role skos:altLabel ?alt }
  OPTIONAL { ?role rg:occupation ?occupation }
  OPTIONAL { GRAPH ?doc { ?doc rg:describesRole ?role ; rg:sourceFile ?source } }
}
"""

_OCCUPATION_LABELS = """
SELECT DISTINCT ?occupation ?label WHERE { ?role rg:occupation ?occupation . ?occupation skos:prefLabel|skos:altLabel ?label }
"""

_STATEMENTS = """
SELECT ?kind ?label ?item ?line ?source ?frequency ?category ?written ?level ?role WHERE {
  GRAPH ?doc {
    ?doc rg:sourceFile ?source .
    ?mention rg:document ?doc ; rg:about ?item ; rg:role ?role .
    ?item a ?class ; rdfs:label ?label .
    OPTIONAL { ?mention rg:line ?line }
    OPTIONAL { ?mention rg:frequency ?frequency }
    OPTIONAL { ?mention rg:category ?category }
    OPTIONAL { ?mention rg:categoryLabel ?written }
    OPTIONAL { ?item rg:level ?level }
  }
  VALUES (?class ?kind) {
    (rg:Responsibility "responsibility") (rg:Skill "skill") (rg:Tool "tool")
    (rg:BestPractice "practice") (rg:CareerStep "career step")
  }
}
"""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { color: #1f4e79; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f3f6fa; } .src { color: #777; font-size: .85em; } img { max-width: 100%; border: 1px solid #eee; }
"""


@dataclass
class Site:
    """What :func:`write_report` wrote: the folder, its index page, the role pages and pictures."""

    folder: Path
    index: Path
    pages: dict[str, Path] = field(default_factory=dict)
    pictures: list[Path] = field(default_factory=list)


def page_name(role: str) -> str:
    """The file name of a role's page, from its IRI: ``rgid:role/sv/kundtjänstchef`` ->
    ``sv-kundtjänstchef.html``.

    >>> page_name("https://w3id.org/rolegraph/id/role/sv/kundtjänstchef")
    'sv-kundtjänstchef.html'
    """
    tail = role.split("/role/", 1)[-1] if "/role/" in role else role.rstrip("/").rsplit("/", 1)[-1]
    return tail.replace("/", "-") + ".html"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _href(name: str) -> str:
    return quote(name)


def _page(title: str, body: list[str], *, up: str = "") -> str:
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f'<p><a href="{up}index.html">rolegraph report</a></p>' if up else "",
        *body,
        "</body></html>",
        "",
    ])


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table; cells are HTML already (escape before)."""
    if not rows:
        return "<p>(none)</p>"
    out = ["<table>", "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    out.append("</table>")
    return "\n".join(out)


def write_report(store, output: str | PathLike, *, analysis=None) -> Site:
    """Write the HTML site for ``store`` into folder ``output`` (created if missing; files of the
    same names are replaced). ``analysis`` is computed (without writing to the store) when not given.
    """
    from rolegraph.graph import draw
    from rolegraph.graph import nx as conv
    from rolegraph.namespaces import RGID

    if analysis is None:
        from rolegraph.graph.analyze import analyze

        analysis = analyze(store, write=False)
    folder = Path(output)
    (folder / "roles").mkdir(parents=True, exist_ok=True)
    (folder / "pictures").mkdir(parents=True, exist_ok=True)
    found = conv.labels(store)

    def name(iri: str) -> str:
        return conv.display_label(iri, found)

    level_names = {iri: name(iri) for iri in found if iri.startswith(str(RGID["level/"]))}
    category_names = {iri: name(iri) for iri in found if iri.startswith(str(RGID["category/"]))}

    # -- roles
    roles: dict[str, dict] = {}
    for role, label, alt, occupation, _doc, source in store.query(_ROLES).terms:
        entry = roles.setdefault(str(role), {"labels": set(), "occupation": None, "sources": set()})
        entry["labels"].add((label.language or "", str(label)))
        if alt is not None:
            entry["labels"].add((alt.language or "", str(alt)))
        if occupation is not None:
            entry["occupation"] = str(occupation)
        if source is not None:
            entry["sources"].add(str(source))
    occupation_labels: dict[str, set] = defaultdict(set)
    for occupation, label in store.query(_OCCUPATION_LABELS).terms:
        occupation_labels[str(occupation)].add((label.language or "", str(label)))
    statements: dict[str, list[tuple]] = defaultdict(list)
    for row in store.query(_STATEMENTS).rows:
        statements[row[-1]].append(row[:-1])

    site = Site(folder=folder, index=folder / "index.html")
    for role in roles:
        site.pages[role] = folder / "roles" / page_name(role)

    def role_link(role: str, *, up: str = "") -> str:
        return f'<a href="{up}{_href(page_name(role))}">{_e(name(role))}</a>'

    # -- pictures
    site.pictures.append(draw.draw_career(analysis.career, folder / "pictures" / "career.svg", level_labels=level_names))
    site.pictures.append(draw.draw_network(analysis.role_tools, folder / "pictures" / "network.svg",
                                           communities=analysis.communities))
    tool_pictures = {}
    for role in roles:
        if role in analysis.role_tools:
            picture = folder / "pictures" / f"tools-{page_name(role)[:-5]}.svg"
            site.pictures.append(draw.draw_role_tools(analysis.role_tools, role, picture, category_labels=category_names))
            tool_pictures[role] = picture.name

    # -- role pages
    occupations = conv.occupations(store)
    for role, entry in roles.items():
        title = name(role)
        body = [f"<h1>{_e(title)}</h1>"]
        if entry["occupation"]:
            body.append(f"<p>Occupation: <strong>{_e(name(entry['occupation']))}</strong></p>")
        if entry["sources"]:
            body.append("<p>Described by: " + ", ".join(f"<code>{_e(s)}</code>" for s in sorted(entry["sources"])) + "</p>")
        labels = set(entry["labels"]) | occupation_labels.get(entry["occupation"] or "", set())
        by_lang: dict[str, list[str]] = defaultdict(list)
        for lang, label in sorted(labels, key=lambda x: (x[0], x[1].casefold())):
            by_lang[lang or "-"].append(label)
        body += ["<h2>Labels in every language</h2>",
                 _table(["language", "labels"], [[_e(lang), _e(", ".join(values))] for lang, values in sorted(by_lang.items())])]

        rows_by_kind: dict[str, dict[tuple, dict]] = defaultdict(dict)
        for kind, label, item, line, source, frequency, category, written, level in statements.get(role, []):
            key = (label, source, item)
            it = rows_by_kind[kind].setdefault(key, {"lines": set(), "frequency": set(), "category": set(), "level": set()})
            if line:
                it["lines"].add(int(line))
            if frequency:
                it["frequency"].add(name(frequency))
            if category:
                it["category"].add(category_names.get(category) or name(category))
            elif written:
                it["category"].add(str(written))
            if level:
                it["level"].add(level_names.get(level) or name(level))

        def where(source: str, lines: set) -> str:
            at = ", ".join(str(n) for n in sorted(lines))
            return f'<span class="src">{_e(Path(source).name)}{":" + _e(at) if at else ""}</span>'

        def rows(kind: str, extra: str | None = None) -> list[list[str]]:
            out = []
            for (label, source, _item), it in sorted(rows_by_kind.get(kind, {}).items(),
                                                     key=lambda kv: (min(kv[1]["lines"] or {0}), kv[0][0])):
                cells = [_e(label)]
                if extra:
                    cells.append(_e(", ".join(sorted(it[extra]))))
                cells.append(where(source, it["lines"]))
                out.append(cells)
            return out

        body += ["<h2>Responsibilities</h2>", _table(["responsibility", "how often", "source"], rows("responsibility", "frequency"))]
        body += ["<h2>Skills</h2>", _table(["skill", "source"], rows("skill"))]
        body.append("<h2>Tools by category</h2>")
        by_category: dict[str, list] = defaultdict(list)
        for (label, source, _item), it in rows_by_kind.get("tool", {}).items():
            for category in sorted(it["category"]) or ["other"]:
                by_category[category].append((label, where(source, it["lines"])))
        body.append(_table(["category", "tools"], [
            [_e(category), ", ".join(f"{_e(label)} {src}" for label, src in sorted(items, key=lambda x: x[0].casefold()))]
            for category, items in sorted(by_category.items(), key=lambda kv: kv[0].casefold())]))
        if role in tool_pictures:
            body.append(f'<p><img src="../pictures/{_href(tool_pictures[role])}" alt="{_e(title)}: tools by category"></p>')
        body += ["<h2>Career path in the documents</h2>", _table(["step", "level", "source"], rows("career step", "level"))]

        node = conv.career_node(role, occupations)
        body.append("<h2>Career neighbours</h2>")
        if node in analysis.career:
            def neighbours(nodes) -> str:
                parts = []
                for n in sorted(nodes, key=lambda n: name(n).casefold()):
                    members = [r for r in analysis.career.nodes[n].get("roles", []) if r in roles]
                    links = ", ".join(role_link(r) for r in sorted(members, key=lambda r: name(r).casefold()))
                    parts.append(f"{_e(analysis.career.nodes[n].get('label', n))}" + (f" ({links})" if links else ""))
                return "; ".join(parts) or "(none)"

            body.append(_table(["", "roles"], [["comes from", neighbours(analysis.career.predecessors(node))],
                                               ["leads to", neighbours(analysis.career.successors(node))]]))
        else:
            body.append("<p>(no document's career path names this role)</p>")

        body.append("<h2>Similar roles</h2>")
        body.append(_table(["role", "score", "shared"], [
            [role_link(s.other(role)), f"{s.score:.3f}", _e(", ".join(sorted((name(i) for i in s.shared), key=str.casefold)))]
            for s in analysis.similar_to(role)]))
        body += ["<h2>Best practices</h2>", _table(["practice", "source"], rows("practice"))]
        site.pages[role].write_text(_page(title, body, up="../"), encoding="utf-8")

    # -- index
    def role_row(role: str) -> list[str]:
        entry = roles[role]
        langs = sorted({lang for lang, _ in entry["labels"] if lang})
        return [f'<a href="roles/{_href(page_name(role))}">{_e(name(role))}</a>', _e(", ".join(langs)),
                _e(name(entry["occupation"])) if entry["occupation"] else "",
                _e(", ".join(Path(s).name for s in sorted(entry["sources"])))]

    described = sorted((r for r in roles if roles[r]["sources"]), key=lambda r: name(r).casefold())
    named = sorted((r for r in roles if not roles[r]["sources"]), key=lambda r: name(r).casefold())
    body = ["<h1>rolegraph report</h1>",
            f"<p>{len(analysis.documents)} documents, {len(roles)} roles.</p>",
            "<h2>Roles the documents describe</h2>",
            _table(["role", "language", "occupation", "document"], [role_row(r) for r in described]),
            "<h2>Roles named on career paths</h2>",
            _table(["role", "language", "occupation", "document"], [role_row(r) for r in named]),
            "<h2>Career ladder</h2>",
            '<p><img src="pictures/career.svg" alt="Career paths across all documents"></p>',
            "<h2>Most similar roles</h2>",
            _table(["role", "role", "score"], [
                [f'<a href="roles/{_href(page_name(s.a))}">{_e(name(s.a))}</a>',
                 f'<a href="roles/{_href(page_name(s.b))}">{_e(name(s.b))}</a>', f"{s.score:.3f}"]
                for s in analysis.similarities[:10]]),
            "<h2>Most central tools</h2>",
            _table(["tool", "roles", "betweenness"], [
                [_e(c.label), str(c.degree), f"{c.betweenness:.3f}"]
                for c in sorted((c for c in analysis.centrality if c.kind == "tool"),
                                key=lambda c: (-c.degree, -c.betweenness, c.label))[:10]]),
            "<h2>Roles and tools</h2>",
            '<p><img src="pictures/network.svg" alt="Roles and the tools they use"></p>']
    site.index.write_text(_page("rolegraph report", body), encoding="utf-8")
    return site
