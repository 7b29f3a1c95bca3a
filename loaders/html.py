"""Saved web pages (``.html``, ``.htm``): the article, without the page around it.

The page is parsed with lxml's HTML parser (a real parser: unclosed tags, stray markup and
entities are handled as browsers do), cleaned, and turned into the Markdown line structure that
:mod:`rolegraph.loaders.text` already understands; the text loader's passes (chrome, language,
headings, items, role, career, tools) then run unchanged, so a page, the same article as
Markdown and as plain text yield the same items.

Cleaning drops, before anything is read:

* elements that are never content: ``script``, ``style``, ``noscript``, ``template``, ``svg``,
  ``iframe``, forms and their controls, ``nav``, ``aside``, ``dialog``;
* the page's ``header`` and ``footer`` (an ``article``'s own header, with its title, stays; its
  footer of tags and share buttons goes);
* elements whose ARIA role is navigation, banner, contentinfo, complementary, search or dialog,
  hidden elements (``hidden``, ``aria-hidden="true"``, ``display: none``), and elements whose
  class or id names page furniture (cookie and consent banners, "related", "share", newsletter,
  breadcrumbs, sidebars, menus, comments, advertising);
* a block whose first heading opens a footer ("Related articles": the ``footer_words`` of
  ``ontology/languages.yaml``, every language).

The content is the page's ``main``/``article`` when it has one (the longest ``article`` when
several), else its ``body``; an ``h1`` outside it is kept as the title (unless it is the site's
name), and a JSON-LD ``JobPosting``'s ``title``, ``og:title`` or ``<title>`` stand in when the
page has no ``h1``. Headings become ``#`` headings, lists (nested, ordered or not) bullets
indented by depth, tables pipe tables with their header row (a table used for page layout is
read cell by cell), definition lists "term: definition" bullets, and a bold run opening a
paragraph or list item stays bold ("**Label**: ...").

Metadata: the publication date from ``article:published_time``, JSON-LD ``datePublished`` (or a
``JobPosting``'s ``datePosted``), ``itemprop="datePublished"``, ``<meta name="date">`` and kin,
else the first ``<time datetime>`` of the content; the canonical URL from
``<link rel="canonical">``, else ``og:url``, else JSON-LD ``url``; the language from
``<html lang>``, else ``Content-Language``, ``og:locale`` or JSON-LD ``inLanguage`` (else it is
detected from the text, as for plain text).

Line numbers of items are lines of the HTML file (the line where the element starts), so a
minified page, all on one line, reports line 1 for everything.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from rolegraph.errors import LoaderError
from rolegraph.model import Extraction

__all__ = ["load", "to_markdown", "Page"]

_NEVER = {"script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select", "input",
          "textarea", "label", "nav", "aside", "dialog", "canvas", "video", "audio", "object", "embed",
          "picture", "img", "source", "map", "head", "link", "meta"}
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
          "menubar", "toolbar"}
#: words in a class or id that mark page furniture (matched as whole parts of the name)
_FURNITURE = {"cookie", "cookies", "consent", "gdpr", "related", "recommended", "recommendations", "share",
              "sharing", "social", "newsletter", "subscribe", "subscription", "breadcrumb", "breadcrumbs",
              "sidebar", "menu", "navbar", "nav", "navigation", "comments", "comment", "promo", "advert",
              "advertisement", "ads", "ad", "popup", "modal", "skip", "toc", "pagination", "author-bio",
              "paywall", "sr-only", "visually-hidden", "screen-reader-text"}
_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "table", "dl", "blockquote", "pre",
           "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "address", "details", "summary",
           "header", "footer", "hr", "li", "tr", "center"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Page:
    """A parsed, cleaned page: its Markdown lines and where each came from, and its metadata.

    ``lines`` are the Markdown lines (without front matter), ``source_lines`` the HTML line of
    each (0 for blank lines); ``published`` (ISO date), ``url`` and ``language`` come from the
    page's metadata and are ``None`` when it has none.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.source_lines: list[int] = []
        self.published: str | None = None
        self.url: str | None = None
        self.language: str | None = None
        self.title: str | None = None
        self.html_title: str | None = None

    def emit(self, text: str, line: int) -> None:
        self.lines.append(text)
        self.source_lines.append(line)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.emit("", 0)

    def markdown(self) -> str:
        """The page as Markdown, with a front matter block holding its metadata."""
        import yaml

        meta = {k: v for k, v in (("language", self.language), ("date", self.published), ("url", self.url)) if v}
        head = ["---", *yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip().split("\n"), "---"] if meta else []
        return "\n".join(head + self.lines)

    def front_matter_lines(self) -> int:
        meta = [v for v in (self.language, self.published, self.url) if v]
        return len(meta) + 2 if meta else 0


# ---------------------------------------------------------------------------------------------
# entry point


def load(path: str | Path, text: str, *, encoding: str = "utf-8", digest: str = "") -> Extraction:
    """Extract the role, its items, tools and career path from a saved web page.

    Raises :class:`~rolegraph.errors.LoaderError` when the page cannot be parsed or has no
    content once the page chrome is gone.
    """
    from rolegraph.loaders import text as text_loader

    path = Path(path)
    page = to_markdown(text, where=str(path))
    if not any(line.strip() for line in page.lines):
        raise LoaderError("no content left once navigation, scripts and page chrome are dropped", path=str(path))
    offset = page.front_matter_lines()
    source = [0] * offset + page.source_lines

    def at(line: int) -> int:
        return source[line - 1] if 0 < line <= len(source) else 0

    try:
        ex = text_loader.load(path.with_suffix(".md"), page.markdown(), encoding=encoding, digest=digest)
    except LoaderError as exc:
        line = at(exc.line) if exc.line else None
        message = str(exc).split(": ", 1)[-1] if exc.path else str(exc)
        raise LoaderError(message, path=str(path), line=line or None) from exc
    return replace(
        ex,
        document=path.name,
        path=str(path),
        media_type="text/html",
        url=ex.url or page.url,
        role=replace(ex.role, line=at(ex.role.line)) if ex.role else None,
        responsibilities=[replace(i, line=at(i.line)) for i in ex.responsibilities],
        skills=[replace(i, line=at(i.line)) for i in ex.skills],
        best_practices=[replace(i, line=at(i.line)) for i in ex.best_practices],
        tools=[replace(t, line=at(t.line)) for t in ex.tools],
        career_path=[replace(s, line=at(s.line)) for s in ex.career_path],
        sections=[replace(s, line=at(s.line)) for s in ex.sections],
    )


def to_markdown(html: str, *, where: str = "<html>") -> Page:
    """The cleaned page as Markdown lines with their source lines, and its metadata.

    >>> page = to_markdown("<html lang='en'><body><nav>Home</nav><h1>Support lead</h1>"
    ...                    "<ul><li>Coaching<ul><li>Weekly one-to-ones</li></ul></li></ul></body></html>")
    >>> page.language, page.lines
    ('en', ['# Support lead', '', '- Coaching', '  - Weekly one-to-ones', ''])
    """
    import lxml.html
    from lxml import etree

    if not html.strip():
        raise LoaderError("empty document (nothing but whitespace)", path=where)
    try:
        try:
            root = lxml.html.document_fromstring(html)
        except ValueError:  # a string with an XML encoding declaration
            root = lxml.html.document_fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise LoaderError(f"not parseable as HTML: {exc}", path=where) from exc

    page = Page()
    _metadata(root, page)
    body = root.find("body")
    if body is None:
        body = root
    # the first h1 outside navigation, before cleaning (a page header may hold the article's title)
    first_h1 = next((h for h in body.iter("h1") if not any(
        isinstance(a.tag, str) and (a.tag in ("nav", "aside", "footer") or (a.get("role") or "").lower() == "navigation")
        for a in h.iterancestors()) and _inline(h)), None)
    first_h1 = (_inline(first_h1), first_h1.sourceline or 0) if first_h1 is not None else None
    for el in list(body.iter()):
        if isinstance(el.tag, str) and el.getparent() is not None and _is_chrome(el):
            el.drop_tree()
    for comment in list(body.iter(etree.Comment, etree.ProcessingInstruction)):
        if comment.getparent() is not None:
            comment.drop_tree()
    _drop_footer_blocks(body)

    content = _content_root(body)
    if page.published is None:
        for t in content.iter("time"):
            page.published = _iso_date(t.get("datetime") or "")
            if page.published:
                break
    h1 = next((h for h in content.iter("h1")), None)
    if h1 is None:
        if first_h1 is not None and _site_name(first_h1[0], page.html_title):
            first_h1 = None  # the page header's h1 is the site's name: the title element says more
        if first_h1 is not None:
            page.emit("# " + _escape_heading(first_h1[0]), first_h1[1])
            page.blank()
        elif page.title:
            page.emit("# " + _escape_heading(page.title), 0)
            page.blank()
    _block(content, page, 0)
    while page.lines and page.lines[0] == "":
        page.lines.pop(0)
        page.source_lines.pop(0)
    return page


# ---------------------------------------------------------------------------------------------
# metadata


def _metadata(root, page: Page) -> None:
    def meta(*keys: str) -> str | None:
        for key in keys:
            for el in root.iter("meta"):
                name = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
                if name == key and (el.get("content") or "").strip():
                    return el.get("content").strip()
        return None

    ld = list(_json_ld(root))
    ld_date = next((str(o.get("datePublished") or o.get("datePosted")) for o in ld
                    if o.get("datePublished") or o.get("datePosted")), None)
    published = meta("article:published_time") or ld_date or meta(
        "datepublished", "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
        "dcterms.date", "dcterms.issued", "og:published_time", "sailthru.date", "parsely-pub-date")
    if published is None:
        for el in root.iter():
            if isinstance(el.tag, str) and (el.get("itemprop") or "").lower() == "datepublished":
                published = el.get("datetime") or el.get("content") or el.text_content()
                break
    page.published = _iso_date(published or "")

    canonical = None
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and (el.get("href") or "").strip():
            canonical = el.get("href").strip()
            break
    ld_url = next((str(o["url"]) for o in ld if isinstance(o.get("url"), str) and o.get("url")), None)
    page.url = canonical or meta("og:url") or ld_url

    lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if not lang:
        lang = meta("content-language", "og:locale", "language") or next(
            (str(o["inLanguage"]) for o in ld if isinstance(o.get("inLanguage"), str)), "")
    code = re.split(r"[-_,;\s]", lang.strip().lower())[0] if lang.strip() else ""
    page.language = code if re.fullmatch(r"[a-z]{2,3}", code) else None

    title_el = root.find(".//title")
    page.html_title = " ".join(title_el.text_content().split()) if title_el is not None else None
    job_title = next((str(o["title"]) for o in ld if o.get("@type") == "JobPosting" and isinstance(o.get("title"), str)), None)
    page.title = job_title or meta("og:title") or page.html_title or None


def _json_ld(root):
    """Every JSON-LD object of the page (``@graph`` members and lists flattened)."""
    for el in root.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(el.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _iso_date(value: str) -> str | None:
    """The ISO date at the start of a metadata value ("2025-03-04T09:00:00+02:00" -> "2025-03-04")."""
    import datetime as dt

    from rolegraph.loaders._markup import parse_date

    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return parse_date(value) if value else None


# ---------------------------------------------------------------------------------------------
# cleaning


def _names(el) -> set[str]:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    parts = set()
    for token in raw.split():
        parts.add(token)
        parts.update(p for p in re.split(r"[-_]+", token) if p)
    return parts


def _is_chrome(el) -> bool:
    tag = el.tag.lower()
    if tag in _NEVER:
        return True
    if tag in ("header", "footer"):
        inside = {a.tag for a in el.iterancestors() if isinstance(a.tag, str)}
        if tag == "footer" or not inside & {"article", "main"}:
            return True
    if (el.get("role") or "").lower() in _ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style") or "", re.IGNORECASE):
        return True
    if tag in ("html", "body", "main", "article") or tag in _HEADINGS:
        return False
    if not _names(el) & _FURNITURE:
        return False
    # a wrapper named after furniture ("layout has-sidebar") that holds the article stays
    return not any(isinstance(d.tag, str) and (d.tag in ("main", "article", "h1") or (d.get("role") or "") == "main")
                   for d in el.iterdescendants())


def _drop_footer_blocks(body) -> None:
    """Drop a block (section, div) whose first heading opens a footer ("Related articles")."""
    from rolegraph.ontology import language_profiles, normalise

    phrases = {normalise(str(p)) for prof in language_profiles().values() for p in prof.get("footer_words") or []}
    phrases.discard("")
    for h in list(body.iter(*_HEADINGS)):
        if h.getparent() is None:
            continue
        text = normalise(h.text_content())
        if not text or len(text.split()) > 8 or not any(f" {p} " in f" {text} " for p in phrases):
            continue
        parent = h.getparent()
        first = next((c for c in parent if isinstance(c.tag, str) and c.tag in _HEADINGS), None)
        if parent.tag in ("section", "div") and first is h and parent.tag != "body":
            parent.drop_tree()
        else:
            # the heading and what follows it up to the next heading of the same or a higher level
            level = int(h.tag[1])
            drop = [h]
            for sib in h.itersiblings():
                if isinstance(sib.tag, str) and sib.tag in _HEADINGS and int(sib.tag[1]) <= level:
                    break
                drop.append(sib)
            for el in drop:
                el.drop_tree()


def _content_root(body):
    mains = [el for el in body.iter("main")] + [el for el in body.iter() if isinstance(el.tag, str)
                                                   and (el.get("role") or "").lower() == "main"]
    articles = list(body.iter("article"))
    if len(articles) == 1:
        return articles[0]
    if mains:
        return mains[0]
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    return body


def _site_name(h1: str, title: str | None) -> bool:
    """Whether an h1 is the site's name: the title reads "Article | Site" and the h1 is "Site"."""
    from rolegraph.ontology import normalise

    if not title:
        return False
    parts = [normalise(p) for p in re.split(r"\s+[|·–—-]\s+|\s*[|·]\s*", title) if p.strip()]
    return len(parts) > 1 and normalise(h1) in parts[1:]


# ---------------------------------------------------------------------------------------------
# HTML to Markdown lines


def _inline(el, *, skip_lists: bool = False) -> str:
    """The text of an element, whitespace collapsed; a bold run that opens it stays ``**bold**``."""
    parts: list[str] = []

    def walk(node, top: bool) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                tag = child.tag.lower()
                if skip_lists and tag in ("ul", "ol", "dl", "table"):
                    pass
                elif tag == "br":
                    parts.append(" ")
                elif tag in ("strong", "b") and not "".join(parts).strip():
                    inner = " ".join(child.text_content().split())
                    parts.append(f"**{inner}**" if inner else "")
                else:
                    walk(child, False)
                    if tag in _BLOCKS:
                        parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el, True)
    return " ".join("".join(parts).split())


def _escape(text: str) -> str:
    """A paragraph that would read as a heading or bullet in Markdown, escaped."""
    if re.match(r"^(#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|\|)", text):
        return "\\" + text
    return text


def _escape_heading(text: str) -> str:
    return text.replace("\n", " ").strip()


def _cell(el) -> str:
    return _inline(el).replace("|", "\\|")


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS for c in el)


def _block(el, page: Page, depth: int) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    line = el.sourceline or 0
    if tag in _HEADINGS:
        text = _inline(el)
        if text:
            page.blank()
            page.emit("#" * int(tag[1]) + " " + _escape_heading(text), line)
            page.blank()
        return
    if tag in ("ul", "ol"):
        page.blank()
        _list(el, page, 0)
        page.blank()
        return
    if tag == "dl":
        page.blank()
        term = None
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "dt":
                term = (_inline(child), child.sourceline or line)
            elif child.tag == "dd" and term:
                page.emit(f"- **{term[0]}**: {_inline(child)}", term[1])
        page.blank()
        return
    if tag == "table":
        page.blank()
        _table(el, page)
        page.blank()
        return
    if tag == "pre":
        page.blank()
        for k, raw in enumerate(el.text_content().split("\n")):
            if raw.strip():
                page.emit(_escape(raw.strip()), line + k)
        page.blank()
        return
    if tag == "hr":
        page.blank()
        return
    if tag in ("p", "figcaption", "address", "summary", "dt", "dd", "caption") or (tag not in _BLOCKS and tag):
        if not _has_blocks(el):
            text = _inline(el)
            if text:
                page.blank()
                page.emit(_escape(text), line)
                page.blank()
            return
    # a container: text directly in it is a paragraph of its own
    if el.text and el.text.strip():
        page.blank()
        page.emit(_escape(" ".join(el.text.split())), line)
        page.blank()
    run: list = []  # inline children between blocks, read as one paragraph

    def flush() -> None:
        if not run:
            return
        text = " ".join(" ".join(_inline(x) if isinstance(x.tag, str) else "" for x in run).split())
        tails = " ".join((x.tail or "") for x in run)
        text = " ".join((text + " " + tails).split()) if tails.strip() else text
        if text:
            page.blank()
            page.emit(_escape(text), run[0].sourceline or line)
            page.blank()
        run.clear()

    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag.lower() in _BLOCKS:
            flush()
            _block(child, page, depth + 1)
            if child.tail and child.tail.strip():
                page.blank()
                page.emit(_escape(" ".join(child.tail.split())), child.sourceline or line)
                page.blank()
        else:
            run.append(child)
    flush()


def _list(el, page: Page, indent: int) -> None:
    ordered = el.tag.lower() == "ol"
    n = 0
    for li in el:
        if not isinstance(li.tag, str) or li.tag.lower() != "li":
            if isinstance(li.tag, str) and li.tag.lower() in ("ul", "ol"):
                _list(li, page, indent + 2)  # a list straight inside a list (invalid, common)
            continue
        n += 1
        text = _inline(li, skip_lists=True)
        marker = f"{n}." if ordered else "-"
        if text:
            page.emit(" " * indent + f"{marker} {text}", li.sourceline or 0)
        for child in li.iter("ul", "ol"):
            # only the lists directly under this item (not lists inside those)
            parent_li = next((a for a in child.iterancestors("li")), None)
            if parent_li is li:
                _list(child, page, indent + 2 if text else indent)


def _table(el, page: Page) -> None:
    rows = [tr for tr in el.iter("tr") if next((a for a in tr.iterancestors("table")), None) is el]
    if not rows:
        return
    if any(isinstance(d.tag, str) and d.tag in ("table", "ul", "ol", "p", *_HEADINGS)
           for tr in rows for cell in tr for d in cell.iterdescendants()):
        # a table used for page layout: its cells are containers, read in order
        for tr in rows:
            for cell in tr:
                if isinstance(cell.tag, str):
                    _block(cell, page, 1)
        return
    cells = [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")] for tr in rows]
    rows_cells = [(tr, cs) for tr, cs in zip(rows, cells) if cs]
    if not rows_cells:
        return
    width = max(len(cs) for _, cs in rows_cells)
    if width < 2:
        # a one-column table is a list
        for tr, cs in rows_cells:
            text = _inline(cs[0])
            if text:
                page.emit(f"- {text}", tr.sourceline or 0)
        return
    header_idx = 0
    for k, (tr, cs) in enumerate(rows_cells):
        texts = [_cell(c) for c in cs] + [""] * (width - len(cs))
        page.emit("| " + " | ".join(texts) + " |", tr.sourceline or 0)
        if k == header_idx:
            page.emit("|" + "---|" * width, tr.sourceline or 0)
