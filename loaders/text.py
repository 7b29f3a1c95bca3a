"""Plain text and Markdown role documents: structure in, :class:`~rolegraph.model.Extraction` out.

The loader works in passes, each a small function:

1. *surface*: front matter, line kinds (headings, bullets, pipe tables, text) and inline Markdown
   (:mod:`rolegraph.loaders._markup`);
2. *chrome*: web-page menus, "XX min read", cookie banners, bylines and breadcrumbs below the
   title, menu and share-button words next to other chrome, teasers ending in an ellipsis,
   repeated promotions and footers are dropped; a line that is only a date near the top is the
   publication date;
3. *language*: front matter, else py3langid on the body (answers a profile claims, such as "gl"
   for Portuguese, are mapped; a near tie between close languages is decided by their letters);
4. *headings*: Markdown ``#`` headings, short plain-text lines without sentence shape that are
   followed by content, or numbered lines ("3. Tools of the trade") standing between content
   that is not a numbered list; numbering is dropped and "4.1" under "4" is a sub-heading. Each
   heading is matched against the ``sections`` scheme (in a language without a profile only by
   long strings at word starts), and decided to open a section or to be a sub-heading (an item
   group) of the current one; a heading that names another kind outright opens its own section;
5. *settling*: a section whose heading matched nothing takes a kind from its list (career levels
   or job titles -> career, product names -> tools) or from its place in the usual order;
6. *items*: bullets, table rows, or "Label: description" paragraphs of the item sections;
   "Label: description" gives the label before the colon; a table column whose header names
   frequency gives frequency ids;
7. *role*: front matter, else the title through the language's title patterns (part by part for
   titles with a subtitle), else for a question the longest run of its words the body repeats
   (inflection allowed), else the most frequent phrase of the body that shares a stem with it;
8. *career*: steps in order ("A → B → C" chains too) with a level from the ``levels`` scheme,
   never decreasing, interpolated by position where no level word matches;
9. *tools*: handed to :mod:`rolegraph.loaders._tools`.

Every word list lives in ``ontology/`` (schemes and ``languages.yaml``), none in this module.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rolegraph.errors import LoaderError
from rolegraph.loaders import _markup as mk
from rolegraph.loaders._markup import Line
from rolegraph.model import CareerStep, Extraction, Item, Section, ToolMention
from rolegraph.ontology import language_profiles, normalise, scheme

__all__ = ["load"]

#: Section kinds whose bullets are items of the role.
ITEM_KINDS = ("responsibilities", "skills", "tools", "career", "best-practices")
_ITEM_SECTIONS = ("responsibilities", "skills", "best-practices")  # sections whose items are Items
#: The usual order of sections in a role article (for placing a section with an unknown heading).
ORDER = ("introduction", "responsibilities", "skills", "tools", "career", "best-practices", "conclusion", "faq")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")


@dataclass
class _Section:
    kind: str
    heading: str
    line: int
    lines: list[Line] = field(default_factory=list)  # content lines (bullets, text, tables, sub-headings)
    matched: bool = False  # the heading named the kind
    lead_in: bool = False  # a list's lead-in sentence named the kind
    settled: bool = False  # the kind was given by content and place (:func:`_settle_unknown`)
    number: str | None = None  # the heading's number ("3" of "3. Tools of the trade")


# ---------------------------------------------------------------------------------------------
# entry point


def load(path: str | Path, text: str, *, encoding: str = "utf-8", digest: str = "") -> Extraction:
    """Extract the role, its items, tools and career path from a plain-text or Markdown document.

    Raises :class:`~rolegraph.errors.LoaderError` for an empty document or one with no usable
    content.
    """
    path = Path(path)
    where = str(path)
    if not text.strip():
        raise LoaderError("empty document (nothing but whitespace)", path=where)
    meta, fm_lines, fm_problem = mk.split_front_matter(text)
    body = "\n".join(text.split("\n")[fm_lines:])
    markdown = path.suffix.lower() in (".md", ".markdown") or bool(re.search(r"(?m)^#{1,6} \S", body))
    lines = mk.parse_lines(body, first_line=fm_lines + 1, markdown=markdown)
    warnings: list[str] = [fm_problem] if fm_problem else []

    meta_lang = _meta_lang(meta)
    title_idx = _find_title(lines, meta_lang)
    published = _meta_date(meta) or _drop_chrome(lines, title_idx, meta_lang)
    content = [ln for ln in lines if not ln.dropped and ln.kind not in ("blank", "rule")]
    if not content:
        raise LoaderError("no usable content (only page chrome or markup)", path=where)

    lang = meta_lang or _detect_language(" ".join(ln.text for ln in content))
    if lang is None:
        lang = "und"
        warnings.append("language could not be detected; headings were matched in every language")
    elif lang not in language_profiles():
        warnings.append(f"language {lang!r} has no profile in languages.yaml; headings were matched "
                        "conservatively in every language and by their order")

    title_line = lines[title_idx] if title_idx is not None else None
    title = _meta_str(meta, "title") or (title_line.text if title_line else "")
    role_label, role_line, alt = _role(meta, title_line, content, lang)
    if role_label is None:
        warnings.append("no role found: no title naming a role and no front matter title")
    sections = _sections(lines, title_idx, lang, role_label)
    if not markdown:
        sections = _fold_paragraph_items(sections)
    sections = [part for sec in sections for part in _split_by_lead_in(sec, lang, role_label)]
    _settle_unknown(sections, lang, role_label)
    if not any(s.matched for s in sections):
        warnings.append("no section heading recognised; items were taken from tables and lists only")

    items: dict[str, list[Item]] = {kind: [] for kind in _ITEM_SECTIONS}
    tool_entries, prose = [], []
    for sec in sections:
        found = list(_items(sec, lang))
        for item, kind in found:
            items[kind].append(item)
        if sec.matched and sec.heading and sec.kind in _ITEM_SECTIONS and not found:
            warnings.append(f"line {sec.line}: section {sec.heading!r} has no items")
        if sec.kind == "tools":
            tool_entries.extend(_tool_entries(sec))
        else:
            prose.extend((ln.no, ln.text) for ln in sec.lines if ln.kind in ("text", "bullet", "heading", "table"))
    if title_line is not None:
        prose.insert(0, (title_line.no, title_line.text))


    others = {normalise(i.label) for kind in _ITEM_SECTIONS for i in items[kind]}
    career = _career([s for s in sections if s.kind == "career"], lang, others, role_label)
    tools = _tools(tool_entries, prose, lang)
    tool_lines = {t.line for t in tools}
    for sec in sections:
        if sec.kind == "tools" and sec.matched and sec.heading and not tool_lines & {ln.no for ln in sec.lines}:
            warnings.append(f"line {sec.line}: tools section {sec.heading!r} names no product")
    if role_label is None and not career and not tools and not any(items.values()):
        raise LoaderError("no usable content: no role, items, career steps or tools found", path=where)

    return Extraction(
        document=path.name,
        path=str(path),
        language=lang,
        content_hash=digest,
        role=Item(role_label, line=role_line) if role_label else None,
        title=title,
        role_alt_labels=tuple(alt),
        published=published,
        url=_meta_str(meta, "url", "canonical", "canonical_url", "source", "link"),
        media_type="text/markdown" if markdown else "text/plain",
        encoding=encoding,
        responsibilities=_dedupe(items["responsibilities"]),
        skills=_dedupe(items["skills"]),
        tools=tools,
        career_path=career,
        best_practices=_dedupe(items["best-practices"]),
        sections=[Section(s.kind, s.heading, s.line) for s in sections if s.heading],
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------
# front matter


def _meta_str(meta: dict, *keys: str) -> str | None:
    for key in keys:
        for k, v in meta.items():
            if str(k).lower() == key and isinstance(v, (str, int, float)) and str(v).strip():
                return str(v).strip()
    return None


def _meta_lang(meta: dict) -> str | None:
    value = _meta_str(meta, "language", "lang", "locale", "inlanguage")
    if not value:
        return None
    return re.split(r"[-_]", value.strip().lower())[0] or None


def _meta_date(meta: dict) -> str | None:
    for key in ("date", "published", "datepublished", "publication_date", "pubdate", "updated"):
        for k, v in meta.items():
            if str(k).lower() != key or v in (None, ""):
                continue
            if hasattr(v, "isoformat"):
                return v.isoformat()[:10]
            found = mk.parse_date(str(v))
            if found:
                return found
    return None


# ---------------------------------------------------------------------------------------------
# title and chrome


def _title_patterns(lang: str | None) -> list[re.Pattern]:
    profiles = language_profiles()
    order = ([lang] if lang in profiles else []) + [c for c in profiles if c != lang]
    return [p for code in order for p in _compiled(code)]


@cache
def _compiled(code: str) -> tuple[re.Pattern, ...]:
    out = []
    for pattern in language_profiles().get(code, {}).get("title_patterns") or []:
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error:
            continue
    return tuple(out)


_TITLE_SPLIT = re.compile(r"\s*[?:：|]\s+|\s+[–—-]\s+|\s*\?\s*$")


def _pattern_role(text: str, lang: str | None) -> str | None:
    for pattern in _title_patterns(lang):
        m = pattern.match(text)
        if m and m.groupdict().get("role"):
            return m.group("role").strip()
    return None


def _title_parts(title: str) -> list[str]:
    """A title cut at "?", ":", "|" and spaced dashes: the role and its subtitles."""
    return [p.strip() for p in _TITLE_SPLIT.split(title) if p and p.strip()]


def _title_role(text: str, lang: str | None, body: str | None = None) -> str | None:
    """The role a title names through a title pattern ("What is a X?" -> "X"), or ``None``.

    A title with a subtitle ("What does a X do? Role, skills and tools", "X: a practical
    profile") is read part by part; with ``body``, a part's role counts only when the body
    repeats it (so "A practical role profile" does not name the role "A practical").
    """
    text = mk.strip_symbols(text).strip()
    whole = _pattern_role(text, lang)
    parts = _title_parts(text)
    if whole and len(_title_parts(whole)) <= 1 and not re.search(r"[?:|–—]", whole):
        return whole
    if len(parts) > 1:
        bwords = [w.lower() for w in mk.words(body)] if body else None
        for part in parts:
            found = _pattern_role(part, lang)
            if found and (bwords is None or _phrase_count(mk.words(found), bwords)):
                return found
    return whole if body is None else None


@cache
def _chrome_vocab(key: str) -> tuple[str, ...]:
    """The normalised phrases of one chrome key of ``languages.yaml``, over every language."""
    found = {normalise(str(p)) for body in language_profiles().values() for p in body.get(key) or []}
    return tuple(sorted(found - {""}))


@cache
def _phrases_in(phrases: tuple[str, ...]) -> re.Pattern:
    """One pattern that finds any of ``phrases`` as whole words in a normalised line padded with
    spaces: ``_phrases_in(ps).search(norm)`` is ``any(f" {p} " in norm for p in ps)`` in one scan
    (a line is checked against a few hundred phrases)."""
    return re.compile(" (?:" + "|".join(re.escape(p) for p in phrases) + ") ")


@cache
def _chrome_lines() -> frozenset[str]:
    return frozenset(_chrome_vocab("chrome_lines"))


@cache
def _footer_words() -> tuple[str, ...]:
    """The normalised footer phrases of ``languages.yaml`` ("related articles"), over every language."""
    return tuple(normalise(str(p)) for body in language_profiles().values() for p in body.get("footer_words") or [])


def _is_chrome(text: str) -> bool:
    norm = f" {normalise(text)} "
    n = len(norm.split())
    if n <= 60 and _phrases_in(_chrome_vocab("chrome_sentences")).search(norm):
        return True  # "We use cookies to improve your experience ..."
    if n > 8:
        # "Updated on 3 March 2025 · 6 min read": every part chrome or a date, one at least chrome
        parts = [p for p in re.split(r"\s+[·|•]\s+", text) if p.strip()]
        return (1 < len(parts) and n <= 20 and all(len(p.split()) <= 8 for p in parts)
                and any(_is_chrome(p) for p in parts) and all(_is_chrome(p) or mk.parse_date(p) for p in parts))
    if _phrases_in(_chrome_vocab("chrome_words")).search(norm):
        return True
    return n <= 4 and bool(re.search(r"\b(?:\d+|xx)\s*(?:min|mins|minutes?)\b", norm))


def _is_chrome_line(text: str) -> bool:
    """A line that is one menu or button word ("Pricing", "LinkedIn", "Yes"): chrome only among
    other chrome, since a lone "Email" may head a group of tools."""
    return normalise(text) in _chrome_lines()


def _is_byline(text: str) -> bool:
    """"By Jane Doe, Head of Content": a byline word, then a capitalised name."""
    if len(text.split()) > 12:
        return False
    for word in sorted(_chrome_vocab("byline_words"), key=len, reverse=True):
        # the byline word, a name of one to four capitalised words, then the end or a separator
        m = re.match(rf"^{re.escape(word)}\s*:?\s+((?:[^\W\d_][\w.'’-]*\s*){{1,4}})(?:[,|·•–—(].*)?$",
                     text.strip(), re.IGNORECASE)
        if m and all(w[:1].isupper() for w in m.group(1).split()):
            return True
    return False


def _is_breadcrumb(text: str) -> bool:
    """"Blog / Customer Success / Careers": three or more short parts joined by "/" or "›"."""
    parts = re.split(r"\s+[/›»>\\]\s+", text.strip())
    return len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts) and not re.search(r"[.!?]$", text)


def _find_title(lines: list[Line], lang: str | None) -> int | None:
    """Index of the title line: a Markdown H1 near the top, else a line matching a title
    pattern above the first paragraph, else the short line that stands above a paragraph or a
    section heading (skipping chrome, dates and teasers)."""
    nonblank = [i for i, ln in enumerate(lines) if ln.kind not in ("blank", "rule")]
    top = nonblank[:15]
    for i in top:
        if lines[i].kind == "heading" and lines[i].level == 1:
            return i
    for i in top:
        ln = lines[i]
        if ln.kind in ("text", "heading") and len(ln.text.split()) <= 15 and _title_role(ln.text, lang):
            return i
        if len(ln.text.split()) >= 25 and not _skippable(ln, lang):
            break  # past the first paragraph a "What is ...?" line is a question, not the title
    candidates = []
    for i in top:
        ln = lines[i]
        if ln.kind in ("table", "bullet"):
            break
        if _skippable(ln, lang):
            continue
        if len(ln.text.split()) >= 12:
            break  # the first paragraph: a title stands above it
        if _strong_loose(ln.text, lang):
            break  # "Introduction": the document starts with its first section
        if ln.kind == "heading" or _title_shaped(ln.text):
            candidates.append(i)
    # a title is followed by a paragraph or by a section heading; menu words are followed by
    # more menu words or a promotion line
    for k, i in enumerate(candidates):
        nxt_idx = next((j for j in range(i + 1, len(lines))
                        if lines[j].kind not in ("blank", "rule") and not _skippable(lines[j], lang)), None)
        if nxt_idx is None:
            continue
        nxt = lines[nxt_idx]
        if len(nxt.text.split()) >= 12 or _strong_loose(nxt.text, lang) or nxt.kind in ("bullet", "table"):
            return i
        # "Co dělá X?" over "Úvod" over a paragraph: a question, or the first line of several words
        # over a shorter one, is the title and the short line the first section heading (in a
        # language whose headings are not known); menu words are single words
        # (a short line that the question names, "Support lead" under "What does a support lead
        # do?", is the title itself)
        if nxt_idx in candidates and len(lines[i].text.split()) >= 2 and (
                (lines[i].text.rstrip().endswith("?") and len(nxt.text.split()) <= 2
                 and f" {normalise(nxt.text)} " not in f" {normalise(lines[i].text)} ")
                or (k == 0 and len(nxt.text.split()) == 1 and len(lines[i].text.split()) >= 3)):
            after = _next_content(lines, nxt_idx)
            if after is not None and (len(after.text.split()) >= 12 or after.kind in ("bullet", "table")):
                return i
    followed = [i for i in candidates if _next_content(lines, i) is not None]
    return followed[-1] if followed else None


def _skippable(ln: Line, lang: str | None) -> bool:
    return ln.kind in ("text", "heading") and bool(
        _is_chrome(ln.text) or mk.parse_date(ln.text, lang) or _ELLIPSIS.search(ln.text) or _is_byline(ln.text))


def _title_shaped(text: str) -> bool:
    text = mk.strip_symbols(text)
    return 0 < len(text.split()) <= 15 and not re.search(r"[.:;,]$", text)


def _drop_chrome(lines: list[Line], title_idx: int | None, lang: str | None) -> str | None:
    """Mark chrome lines as dropped; return the publication date found near the top."""
    published = None
    nonblank = [i for i, ln in enumerate(lines) if ln.kind not in ("blank", "rule")]
    head_end = title_idx if title_idx is not None else -1
    # before the title: menus, read times, demo buttons; a date line is the publication date
    for i in nonblank:
        if i >= head_end:
            break
        found = mk.parse_date(lines[i].text, lang)
        if found and published is None:
            published = found
        lines[i].dropped = True
    # a date line just after the title
    after = [i for i in nonblank if i > head_end][:4]
    for i in after:
        found = mk.parse_date(lines[i].text, lang)
        if found:
            published = published or found
            lines[i].dropped = True
            break
    # bylines and breadcrumbs between the title and the first paragraph
    for i in [i for i in nonblank if i > head_end][:5]:
        ln = lines[i]
        if ln.kind not in ("text", "heading") or len(ln.text.split()) >= 12:
            break
        if _is_byline(ln.text) or _is_breadcrumb(ln.text):
            ln.dropped = True
    # short chrome lines anywhere; teasers ending in an ellipsis
    for i in nonblank:
        ln = lines[i]
        if i == title_idx or ln.dropped:
            continue
        if ln.kind in ("text", "heading") and (_is_chrome(ln.text) or _ELLIPSIS.search(ln.text)):
            ln.dropped = True
    # menu and button words ("LinkedIn", "Copy link", "Yes", "No") next to other chrome
    changed = True
    while changed:
        changed = False
        for k, i in enumerate(nonblank):
            ln = lines[i]
            if ln.dropped or i == title_idx or ln.kind not in ("text", "heading") or not _is_chrome_line(ln.text):
                continue
            near = [lines[j] for j in nonblank[max(0, k - 1):k] + nonblank[k + 1:k + 2]]
            if any(x.dropped or (x.kind in ("text", "heading") and _is_chrome_line(x.text)) for x in near):
                ln.dropped = changed = True
    # promotions repeated word for word (outside lists)
    counts = Counter(normalise(lines[i].text) for i in nonblank if lines[i].kind == "text")
    for i in nonblank:
        ln = lines[i]
        if ln.kind == "text" and len(ln.text.split()) >= 3 and counts[normalise(ln.text)] > 1:
            ln.dropped = True
    # footers: from a "related articles" line in the last part of the document to the end
    footer = _phrases_in(_footer_words())
    half = nonblank[len(nonblank) // 2] if nonblank else 0
    for i in nonblank:
        if i <= half:
            continue
        norm = f" {normalise(lines[i].text)} "
        if len(norm.split()) <= 8 and footer.search(norm):
            for ln in lines[i:]:
                ln.dropped = True
            break
    return published


# ---------------------------------------------------------------------------------------------
# language


def _detect_language(text: str) -> str | None:
    """The ISO 639-1 code py3langid gives the body text, or ``None`` for too little text."""
    import py3langid

    text = text[:20000]
    if len(mk.words(text)) < 3:
        return None
    ranked = py3langid.rank(text)
    if not ranked:
        return None
    profiles = language_profiles()
    # a detector answer that a profile claims ("gl" for Portuguese text) is that profile's language
    claimed = {str(other): code for code, body in profiles.items() for other in body.get("detected_as") or []}
    ranked = [(claimed.get(code, code), score) for code, score in ranked]
    first, first_score = ranked[0]
    second = next(((c, sc) for c, sc in ranked[1:] if c != first), None)
    if second is not None and abs(first_score - second[1]) <= 0.05 * abs(first_score):
        # close languages (Portuguese and Spanish): letters only one of them writes decide
        def cues(code: str) -> int:
            letters = str(profiles.get(code, {}).get("letters") or "")
            return sum(text.count(ch) for ch in letters)
        if cues(second[0]) >= 2 and cues(first) == 0:
            return second[0]
    return first or None


# ---------------------------------------------------------------------------------------------
# headings and sections


def _plain_heading(lines: list[Line], i: int, lang: str) -> bool:
    """Whether text line ``i`` reads as a heading: short, no sentence end, content follows."""
    ln = lines[i]
    text = mk.strip_symbols(ln.text)
    if not text or ln.indent > 3:
        return False
    n = len(text.split())
    if n > 12 or len(text) > 100:
        return False
    tail = text.rstrip("\"'”’»)]")
    if len(_ARROWS.split(text)) >= 3:
        return False  # "Agent → Senior agent → Team lead": a career path
    m = re.match(r"^[^:：]{2,80}[:：]\s+(\S)", text)
    if m and m.group(1).islower():
        return False  # "Patience: staying calm with users", an item written as a paragraph
    if text.endswith((":", "：")) and _strong_loose(text, lang):
        return _next_content(lines, i) is not None
    if re.search(r"[.:;,!…]$", tail) or re.search(r"[.!]$", text):
        return False
    if text[0].islower():
        return False
    following = lines[i + 1] if i + 1 < len(lines) else None
    if following is not None and following.kind == "text" and (
            following.text[:1].islower() or (len(text) > 60 and not text.endswith("?"))):
        return False  # a hard-wrapped paragraph, not a heading
    if text.endswith("?") and n > 12:
        return False
    if mk.parse_date(text):
        return False
    nxt = _next_content(lines, i)
    return nxt is not None


_HEAD_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)(?:[.)]\s*|\s+)(?=[^\W\d_])")


def _heading_number(text: str) -> str | None:
    """"4.1" of "4.1. Systemy CRM", "3" of "3. Tools of the trade", else ``None``."""
    m = _HEAD_NUMBER.match(text)
    return m.group(1) if m and ("." in m.group(0) or ")" in m.group(0) or "." in m.group(1)) else None


def _numbered_heading(lines: list[Line], i: int) -> bool:
    """Whether numbered list line ``i`` ("2. Skills that matter") is a heading: short, no
    sentence end or "Label: description", standing between content that is not itself a
    numbered list, and followed by a paragraph or bullets."""
    ln = lines[i]
    if not (ln.kind == "bullet" and ln.numbered and ln.indent <= 1):
        return False
    text = mk.strip_symbols(ln.text)
    if not text or len(text.split()) > 8 or not text[:1].isupper() or re.search(r"[.:;,!…]$", text):
        return False
    if mk.split_label(text, ln.bold)[1]:
        return False
    prev = next((lines[j] for j in range(i - 1, -1, -1)
                 if not lines[j].dropped and lines[j].kind not in ("blank", "rule")), None)
    nxt = _next_content(lines, i)
    if nxt is None or nxt.kind not in ("text", "bullet", "table", "heading"):
        return False
    if nxt.kind == "bullet" and nxt.numbered and nxt.indent <= ln.indent:
        return False  # "1. Onboarding" over "2. Renewals": a numbered list
    return not (prev is not None and prev.kind == "bullet" and prev.numbered)


def _next_content(lines: list[Line], i: int) -> Line | None:
    for ln in lines[i + 1:]:
        if ln.dropped or ln.kind in ("blank", "rule"):
            continue
        return ln
    return None


def _without_role(heading: str, role: str | None) -> str:
    if not role or len(role) < 4:
        return heading
    rest = re.sub(re.escape(role) + r"\w*", " ", heading, flags=re.IGNORECASE).strip()
    return rest or heading


def _strong(heading: str, kind: str, lang: str) -> bool:
    """Whether a heading *is* a section name (not a sub-heading that merely contains one)."""
    concept = scheme("sections").concepts.get(kind)
    if concept is None:
        return False
    norm = normalise(mk.strip_symbols(heading))
    labels = [concept.pref.get(code, "") for code in (lang, "en")] + concept.alt.get(lang, []) + concept.alt.get("en", [])
    return any(norm == normalise(lab) for lab in labels if lab)


def _kind_of(heading: str, lang: str) -> str | None:
    """The section kind a heading names: the strings of the document's language first, then,
    conservatively, those of every language (stems of five letters or more, at a word start),
    so that a short stem of one language does not name a heading in another."""
    sections_scheme = scheme("sections")
    if lang in language_profiles():
        found = sections_scheme.first(heading, lang, every_language=False)
        if found:
            return found
    return _any_language(heading, "sections")


@cache
def _wide_strings(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((s, cid) for s, cid in scheme(name).match_strings(None) if len(s) >= 5)


def _any_language(text: str, name: str) -> str | None:
    """The first concept of scheme ``name`` that a string of any language names at a word start
    of ``text`` (strings of five letters or more; longer strings first)."""
    norm = f" {normalise(text)} "
    taken = [False] * len(norm)
    hits = []
    for needle, cid in _wide_strings(name):
        start = norm.find(" " + needle)
        while start != -1:
            a, b = start + 1, start + 1 + len(needle)
            if not any(taken[a:b]):
                taken[a:b] = [True] * (b - a)
                hits.append((a, cid))
            start = norm.find(" " + needle, start + 1)
    return min(hits)[1] if hits else None


def _names_outright(heading: str, kind: str, lang: str) -> bool:
    """Whether a heading is the name of section ``kind`` rather than a group that mentions it:
    a label of the kind (one extra word allowed), or a match string covering most of it
    ("Dobre praktyki", "Good habits")."""
    if _strong(heading, kind, lang) or _strong_loose(heading, lang, kind):
        return True
    norm = normalise(mk.strip_symbols(heading))
    concept = scheme("sections").concepts[kind]
    codes = [lang, "en"] if lang in language_profiles() else list(set(concept.stems) | set(concept.alt))
    strings = [normalise(x) for c in codes for x in concept.stems.get(c, []) + concept.alt.get(c, [])]
    return any(x and x in norm and len(x) >= 0.6 * len(norm) for x in strings)


def _strong_loose(heading: str, lang: str | None, kind: str | None = None) -> str | None:
    """The section kind a heading names outright, allowing one extra word and a final colon
    ("Key responsibilities:", "Requirements"), or ``None``."""
    sections_scheme = scheme("sections")
    text = mk.strip_symbols(heading).rstrip(" :：")
    norm = normalise(text).split()
    if not norm or len(norm) > 6:
        return None
    found = kind or sections_scheme.first(text, lang or None)
    if not found:
        return None
    forms = {" ".join(norm), " ".join(norm[1:]), " ".join(norm[:-1])} - {""}
    concept = sections_scheme.concepts[found]
    codes = [c for c in (lang, "en") if c] if lang else list(set(concept.pref) | set(concept.alt))
    labels = [concept.pref.get(c, "") for c in codes] + [a for c in codes for a in concept.alt.get(c, [])]
    return found if any(normalise(lab) in forms for lab in labels if lab) else None


def _sections(lines: list[Line], title_idx: int | None, lang: str, role: str | None) -> list[_Section]:
    """The document cut at its section headings; sub-headings stay inside as item groups.

    A heading is matched without the role's name in it ("Software Support Engineer skills" is a
    skills heading, not a tools one)."""
    sections_scheme = scheme("sections")
    md_levels = [ln.level for i, ln in enumerate(lines) if ln.kind == "heading" and not ln.dropped and i != title_idx]
    section_level = min(md_levels) if md_levels else None

    current = _Section("other", "", 0)
    out = [current]
    grouped_only = True  # the current section's bullets so far all stand under sub-headings
    group: str | None = None
    for i, ln in enumerate(lines):
        if ln.dropped or i == title_idx or ln.kind in ("blank", "rule"):
            continue
        is_heading = (ln.kind == "heading" or (ln.kind == "text" and _plain_heading(lines, i, lang))
                      or (ln.kind == "bullet" and ln.numbered and ln.indent <= 1 and _strong_loose(ln.text, lang))
                      or _numbered_heading(lines, i))
        if not is_heading:
            if ln.kind in ("bullet", "table") and group is None:
                grouped_only = False
            current.lines.append(ln)
            continue
        heading = mk.strip_symbols(ln.text).strip().rstrip(":：").strip()
        if ln.kind == "bullet":  # "2. Skills that matter": the parser took the number as a list mark
            number = re.match(r"\s*(\d{1,2})", ln.raw).group(1)
        else:
            number = _heading_number(heading)
            if number:
                heading = _HEAD_NUMBER.sub("", heading, count=1).strip() or heading
        ln.text = heading
        matched = _kind_of(_without_role(heading, role), lang)
        nxt = _next_content(lines, i)
        levelled = ln.kind == "heading" and section_level is not None
        if levelled:
            sub = ln.level > section_level
        else:
            sub = nxt is not None and nxt.kind in ("bullet", "table")
        has_items = any(x.kind in ("bullet", "table") for x in current.lines)
        other_kind = bool(matched and matched != current.kind and _names_outright(heading, matched, lang))
        if current.kind == "faq" and heading.endswith("?"):
            is_group = True
        elif number and current.number and "." in number:
            # "4.1. Systemy CRM" under "4. Narzędzia": the numbering says it is a sub-heading
            is_group = number.startswith(current.number + ".") and not other_kind
        elif number and current.number and "." not in number and "." not in current.number:
            is_group = False  # "3." after "2.": the next section
        elif number and not current.number and current.matched and current.kind in ITEM_KINDS and not matched:
            # "1. Onboarding" over a paragraph inside "Responsibilities": an item written as a heading
            is_group = True
        elif sub and current.kind in ITEM_KINDS and (grouped_only or not has_items):
            is_group = not other_kind
        elif sub and ln.kind == "heading" and current.kind != "other" and not matched:
            is_group = True
        elif (sub and not levelled and current.heading and not other_kind and grouped_only
              and (not current.lines or (current.lines[0].kind == "heading"
                                         and _labelled(_last_group(current.lines)) == _labelled(_run_after(lines, i))))):
            # "Nástroje" directly over "Kontaktní centrum" over bullets: a section and its groups
            # (the groups' bullets alike: names, or "Label: description" items)
            is_group = True
        else:
            is_group = False
        if is_group:
            group = heading
            ln.kind = "heading"
            current.lines.append(ln)
            continue
        current = _Section(matched or "other", heading, ln.no, matched=bool(matched), number=number)
        out.append(current)
        group = None
        grouped_only = True
        ln.kind = "heading"
    return [s for s in out if s.heading or s.lines]


def _last_group(lines: list[Line]) -> list[Line]:
    """The bullets after the last sub-heading of a section's lines."""
    out: list[Line] = []
    for ln in lines:
        if ln.kind == "heading":
            out = []
        elif ln.kind == "bullet":
            out.append(ln)
    return out


def _run_after(lines: list[Line], i: int) -> list[Line]:
    """The bullets that follow line ``i`` (blank lines aside), up to the next other line."""
    out: list[Line] = []
    for ln in lines[i + 1:]:
        if ln.kind in ("blank", "rule") or ln.dropped:
            continue
        if ln.kind != "bullet":
            break
        out.append(ln)
    return out


def _labelled(bullets: list[Line]) -> bool:
    """Whether most bullets are "Label: description" items."""
    return sum(bool(mk.split_label(b.text, b.bold)[1]) for b in bullets) * 2 > len(bullets)


def _fold_paragraph_items(sections: list[_Section]) -> list[_Section]:
    """Plain text has no heading levels: after an item section that holds only an introduction,
    the unrecognised headings that each stand over a paragraph are its items' sub-headings."""
    out: list[_Section] = []
    for sec in sections:
        host = out[-1] if out else None
        if (host is not None and host.kind in _ITEM_SECTIONS + ("career",) and not sec.matched and sec.heading
                and not any(ln.kind in ("bullet", "table") for ln in sec.lines + host.lines)
                and any(ln.kind == "text" for ln in sec.lines)):
            host.lines.append(Line(sec.line, sec.heading, "heading", sec.heading))
            host.lines.extend(sec.lines)
            continue
        out.append(sec)
    return out


def _lead_kind(text: str, lang: str) -> str | None:
    """The item kind a list's lead-in sentence names ("The key duties are:" -> responsibilities)."""
    text = text.strip()
    if not text.endswith((":", "：")):
        return None
    sentence = re.split(r"(?<=[.!?])\s+", text)[-1]
    for kind in scheme("sections").find(sentence, lang, every_language=False):
        if kind in ITEM_KINDS:
            return kind
    return None


def _split_by_lead_in(sec: _Section, lang: str, role: str | None) -> list[_Section]:
    """A section without a recognised heading (or the text before the first heading), cut where
    a list's lead-in sentence names a kind of item: web pages often lose their headings."""
    if sec.matched:
        return [sec]
    current = _Section(sec.kind, sec.heading, sec.line)
    parts = [current]
    lead: Line | None = None
    for ln in sec.lines:
        if ln.kind in ("bullet", "table") and lead is not None:
            kind = _lead_kind(_without_role(lead.text, role), lang)
            if kind and kind != current.kind:
                current = _Section(kind, "", lead.no, lead_in=True)
                parts.append(current)
            lead = None
        elif ln.kind == "text" and ln.indent < 2:
            lead = ln
        elif ln.kind == "heading":
            lead = None
        current.lines.append(ln)
    return [p for p in parts if p.heading or p.lines]


def _settle_unknown(sections: list[_Section], lang: str, role: str | None = None) -> None:
    """Give a kind to sections whose heading matched nothing but which hold a list, by content,
    then by place: sections come in the usual :data:`ORDER`.

    * labels that are career levels, or job titles of the role's words, in a ladder -> career;
    * entries that are mostly product names -> tools;
    * else the first item kind that the recognised sections around it leave open
      (short imperative labels after the career section are best practices).
    """
    present = {s.kind for s in sections if s.matched or s.lead_in}
    for idx, sec in enumerate(sections):
        if (sec.heading and sec.kind in ("other", "introduction") and "career" not in present
                and any(ln.kind in ("text", "bullet") and len(_ARROWS.split(ln.text)) >= 3 for ln in sec.lines)):
            # "Agent → Senior agent → Team lead" under a heading that did not say career
            sec.kind, sec.settled = "career", True
            present.add("career")
            continue
        if sec.matched or not sec.heading:
            continue
        if any(s.matched and s.kind in ("conclusion", "faq") for s in sections[:idx]):
            break  # after the conclusion: related roles, reading lists, footers
        entries = [ln for ln in sec.lines if ln.kind == "bullet"] or _paragraph_entries(sec.lines)
        if len(entries) < 2:
            continue
        labels = [mk.split_label(b.text, b.bold)[0] for b in entries]
        if sum(bool(_kind_of(lab, lang)) for lab in labels) * 2 > len(labels):
            continue  # a table of contents: its entries name sections
        if _ladder(labels, lang, role):
            sec.kind = "career"
        elif _mostly_products(entries):
            sec.kind = "tools"
        else:
            # the nearest placed sections on either side (one misread heading further away does
            # not close the gap)
            before = [ORDER.index(s.kind) for s in sections[:idx] if s.kind in ORDER and (s.matched or s.settled)]
            after = [ORDER.index(s.kind) for s in sections[idx + 1:] if s.kind in ORDER and s.matched]
            lo = before[-1] if before else -1
            hi = after[0] if after else len(ORDER)
            fits = [k for k in ("responsibilities", "skills", "best-practices")
                    if lo < ORDER.index(k) < hi and k not in present]
            if fits:
                sec.kind = fits[0]
        if sec.kind != "other":
            sec.settled = True
            present.add(sec.kind)


def _level_of(text: str, lang: str) -> list[str]:
    """The career levels a text names: in the document's language, else (a language without a
    profile) conservatively in any language."""
    if not text:
        return []
    if lang in language_profiles():
        return scheme("levels").find(text, lang, every_language=False)
    found = _any_language(text, "levels")
    return [found] if found else []


def _ladder(labels: list[str], lang: str, role: str | None) -> bool:
    """Whether list labels are the steps of a career: mostly level words ("Senior", "Entry-level
    roles"), or some level words among job titles that share the role's words or one common
    word ("Vstupní pozice", "Seniorní pozice", "Vedoucí pozice")."""
    levelled = sum(bool(_level_of(lab, lang)) for lab in labels)
    if levelled * 2 > len(labels):
        return True
    if not levelled:
        return False
    stems = [{w.lower()[:5] for w in mk.words(lab) if len(w) > 3} for lab in labels]
    role_stems = {w.lower()[:5] for w in mk.words(role or "") if len(w) > 3}
    shared = set.intersection(*stems) if stems else set()
    titled = sum(bool(st & role_stems) or bool(_level_of(lab, lang)) for st, lab in zip(stems, labels))
    return bool(shared) or titled * 2 >= len(labels) and titled >= 2


def _paragraph_entries(lines: list[Line]) -> list[Line]:
    """Text lines written as "Label: description" items without bullet characters (two or more
    in a section, separated by blank lines), or none."""
    found, texts = [], [ln for ln in lines if ln.kind == "text"]
    for ln in texts:
        m = re.match(r"^\s*(?:\*\*|__)?([^:：–—]{2,60}?)(?:\*\*|__)?(?:\s*[:：]|\s+[–—])\s+(\S.*)$", ln.raw)
        label = mk.clean_inline(m.group(1)) if m else ""
        # a description of a few words at least ("Location: Berlin" is a detail, not an item)
        if (ln.indent <= 3 and label[:1].isupper() and len(label.split()) <= 6 and not label.endswith("?")
                and len(m.group(2).split()) >= 3):
            found.append(ln)
    # most of the section's paragraphs are such items (not a few colons in running prose)
    return found if len(found) >= 2 and len(found) * 2 >= len(texts) else []


def _mostly_products(bullets: list[Line]) -> bool:
    try:
        from rolegraph.ontology import catalogue

        cat = catalogue()
    except Exception:  # the catalogue is optional data; without it no list looks like tools
        return False
    names = [normalise(s) for s, _ in cat.spellings()]
    hits = 0
    for b in bullets:
        norm = f" {normalise(b.text)} "
        hits += any(f" {n} " in norm for n in names if n)
    return hits * 2 > len(bullets)


# ---------------------------------------------------------------------------------------------
# items


_NUMBERING = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])[.)]\s+")


def _items(sec: _Section, lang: str):
    """``(Item, kind)`` for the bullets and table rows of a section.

    A section without bullets or tables whose sub-headings each stand over a paragraph lists
    its items as those sub-headings ("### 1. Team leadership" + text).
    """
    if sec.kind in _ITEM_SECTIONS and not any(ln.kind in ("bullet", "table") for ln in sec.lines):
        paragraphs = _paragraph_entries(sec.lines)
        if paragraphs:
            # "Troubleshooting: narrowing a fault down." paragraphs, one item each
            group = None
            for ln in sec.lines:
                if ln.kind == "heading":
                    group = ln.text
                elif any(ln is p for p in paragraphs):
                    label, desc = mk.split_label(ln.text, ln.bold)
                    yield Item(label, line=ln.no, description=desc, group=group), sec.kind
            return
        for head, paras in _heading_blocks(sec.lines):
            label = _NUMBERING.sub("", head.text).strip().rstrip(":.")
            if label and len(label.split()) <= 12:
                yield Item(label, line=head.no, description=" ".join(p.text for p in paras)), sec.kind
        return
    group = None
    parent: tuple[int, str] | None = None  # (indent, label) of a bullet that heads nested bullets
    lines = sec.lines
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.kind == "heading":
            group, parent = ln.text, None
        elif ln.kind == "table":
            rows = []
            while i < len(lines) and lines[i].kind == "table":
                rows.append(lines[i])
                i += 1
            # a row followed by a |---| row opens a new table
            starts = [k for k in range(len(rows) - 1) if mk.is_table_separator(rows[k + 1].text)] or [0]
            starts = sorted(set([0] + starts))
            for a, b in zip(starts, starts[1:] + [len(rows)]):
                yield from _table_items(rows[a:b], sec.kind, group, lang)
            continue
        elif ln.kind == "bullet" and sec.kind in ("responsibilities", "skills", "best-practices"):
            cont = _continuation(lines, i)
            label, desc = mk.split_label(" ".join([ln.text] + [c.text for c in cont]), ln.bold)
            nested = i + 1 < len(lines) and lines[i + 1].kind == "bullet" and lines[i + 1].indent > ln.indent
            if nested and (not desc or ln.text.rstrip().endswith(":")):
                parent = (ln.indent, label)
                i += 1
                continue
            if parent and ln.indent <= parent[0]:
                parent = None
            if nested:
                # bullets under a bullet that has its own description are details of it
                details = []
                while i + 1 < len(lines) and lines[i + 1].kind == "bullet" and lines[i + 1].indent > ln.indent:
                    i += 1
                    details.append(lines[i].text)
                desc = "; ".join([desc] + details) if desc else "; ".join(details)
            if label:
                under = parent[1] if parent else group
                freq = _group_frequency(under, lang) if sec.kind == "responsibilities" else ()
                yield Item(label, line=ln.no, description=desc, group=under, frequency=freq), sec.kind
        elif (ln.kind == "text" and ln.bold and sec.kind in ("responsibilities", "skills", "best-practices")
              and len(ln.bold.split()) <= 8 and len(ln.text) > len(ln.bold) + 3):
            # "**Label**: description" written as a paragraph instead of a bullet
            label, desc = mk.split_label(ln.text, ln.bold)
            if label == ln.bold.strip().rstrip(":."):
                yield Item(label, line=ln.no, description=desc, group=group), sec.kind
        i += 1


def _group_frequency(group: str | None, lang: str) -> tuple[str, ...]:
    """Frequency ids a short group heading names ("Daily tasks", "Wöchentlich")."""
    if not group or len(group.split()) > 4:
        return ()
    return tuple(scheme("frequencies").find(group, lang, every_language=False))


def _heading_blocks(lines: list[Line]) -> list[tuple[Line, list[Line]]]:
    """The sub-headings of a section, each with the text lines under it."""
    blocks: list[tuple[Line, list[Line]]] = []
    for ln in lines:
        if ln.kind == "heading":
            blocks.append((ln, []))
        elif ln.kind == "text" and blocks:
            blocks[-1][1].append(ln)
    return blocks


def _continuation(lines: list[Line], i: int) -> list[Line]:
    """The text lines that continue bullet ``i``: indented, or hard-wrapped (the next source
    line, starting in lower case)."""
    out, prev = [], lines[i]
    for ln in lines[i + 1:]:
        if ln.kind == "text" and (ln.indent >= 2 or (ln.no == prev.no + 1 and ln.text[:1].islower())):
            out.append(ln)
            prev = ln
        else:
            break
    return out


def _table_items(rows: list[Line], kind: str, group: str | None, lang: str):
    """Items from one pipe table: the first column is the label; a column whose header names
    frequency (or whose short cells are mostly frequency words) gives frequency ids."""
    data_rows = [r for r in rows if not mk.is_table_separator(r.text)]
    cells = [mk.table_cells(r.text) for r in data_rows]
    if len(cells) < 2:
        return
    header, body = cells[0], list(zip(cells[1:], data_rows[1:]))
    head_kind = scheme("sections").first(header[0], lang) if header else None
    if head_kind in _ITEM_SECTIONS:
        kind = head_kind
    freq_col = _frequency_column(header, [row for row, _ in body], lang)
    if kind not in _ITEM_SECTIONS:
        if freq_col is None:
            return
        kind = "responsibilities"  # how often something is done: a table of duties
    for row, ln in body:
        if not row or not row[0].strip():
            continue
        label = row[0].strip().strip("*").rstrip(" .")
        freq = tuple(scheme("frequencies").find(row[freq_col], lang)) if freq_col is not None and freq_col < len(row) else ()
        desc = " — ".join(c for j, c in enumerate(row[1:], start=1) if j != freq_col and c)
        yield Item(label, line=ln.no, description=desc, group=group, frequency=freq), kind


def _frequency_column(header: list[str], rows: list[list[str]], lang: str) -> int | None:
    named = next((j for j, h in enumerate(header) if j > 0 and _names_frequency(h)), None)
    if named is not None or not rows:
        return named
    best, best_share = None, 0.0
    for j in range(1, len(header)):
        cells = [r[j] for r in rows if j < len(r) and r[j].strip()]
        if not cells or any(len(c.split()) > 6 for c in cells):
            continue
        share = sum(bool(scheme("frequencies").find(c, lang)) for c in cells) / len(rows)
        if share > best_share:
            best, best_share = j, share
    return best if best_share >= 0.6 and len(rows) >= 2 else None


def _names_frequency(cell: str) -> bool:
    norm = f" {normalise(cell)} "
    for body in language_profiles().values():
        for phrase in body.get("frequency_headers") or []:
            if f" {normalise(str(phrase))} " in norm or norm.strip().startswith(normalise(str(phrase))):
                return True
    return False


def _dedupe(items: list[Item]) -> list[Item]:
    seen, out = set(), []
    for it in items:
        key = normalise(it.label)
        if key and key not in seen:
            seen.add(key)
            out.append(it)
    return out


# ---------------------------------------------------------------------------------------------
# role


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _drop_articles(text: str, lang: str) -> str:
    profiles = language_profiles()
    articles = [str(a) for a in (profiles.get(lang, {}).get("articles") or [])]
    for art in sorted(articles, key=len, reverse=True):
        if art.endswith("'") or art.endswith("’"):
            if text.lower().startswith(art.lower()):
                return text[len(art):].strip()
        elif re.match(rf"^{re.escape(art)}\s", text, re.IGNORECASE):
            return text[len(art):].strip()
    return text


def _clean_title(text: str) -> str:
    """A title without pictographs, site name ("... | Acme Blog") or gender marker ("(m/w/d)")."""
    text = mk.strip_symbols(text)
    text = re.split(r"\s+[|·]\s+", text)[0]
    text = re.sub(r"\s*\((?:[^\W\d_]{1,5}\s*/\s*)+[^\W\d_]{1,5}\)", "", text)
    return text.strip()


def _role(meta: dict, title_line: Line | None, content: list[Line], lang: str):
    """``(label, line, alt labels)`` of the role the document describes."""
    body = " ".join(ln.text for ln in content if ln is not title_line)
    label, line = None, (title_line.no if title_line is not None else 0)
    explicit = _meta_str(meta, "role", "position", "job_title", "jobtitle", "occupation")
    meta_title = _meta_str(meta, "title")
    if explicit:
        label = explicit
    elif meta_title:
        title = _clean_title(meta_title)
        label = _title_role(title, lang, body) or _role_from_title(title, body, lang)
    elif title_line is not None:
        title = _clean_title(title_line.text)
        label = _title_role(title, lang, body) or _role_from_title(title, body, lang)
    if not label:
        return None, 0, []
    label = _drop_articles(_clean_title(label).strip(" \"'“”«»"), lang)
    alt = []
    m = re.match(r"^(.*?)\s*\(([^)]{1,40})\)\s*$", label)
    if m and m.group(1).strip():
        # "Name (ABBR)": the abbreviation is an alternative label; other notes are dropped
        label, note = m.group(1).strip(), m.group(2).strip()
        if re.fullmatch(r"[A-ZÀ-Þ0-9&.\-]{2,8}s?", note):
            alt = [note]
    if label.isupper() and len(label) > 5:
        # a title in capitals: the body's spelling, else sentence case
        m = re.search(rf"\b{re.escape(label)}\b", body, re.IGNORECASE)
        label = m.group(0) if m and not m.group(0).isupper() else label.lower()
    label = _capitalise(label)
    if not alt:
        m = re.search(rf"{re.escape(label)}\s*\(([A-ZÄÖÜÅ][A-Za-zÄÖÜÅ0-9&.\-]{{1,9}})\)", body, re.IGNORECASE)
        if m and m.group(1).upper() == m.group(1):
            alt = [m.group(1)]
    return label, line, alt


def _stem(word: str) -> str:
    return word[:5]


def _in_body(phrase: str, nbody: str) -> bool:
    n = normalise(phrase)
    return bool(n) and f" {n} " in nbody


def _role_from_title(title: str, body: str, lang: str) -> str:
    """The role a title names when no title pattern applies.

    * "Role: responsibilities, skills and tools" (a subtitle naming sections) -> "Role";
    * a title the body repeats is the role;
    * a title naming a category of roles ("Customer service roles") -> the phrase of the body
      that continues the title's words most often ("customer service manager");
    * "Role – Remote", "Role in Berlin", "Job: Role" -> the longest part or opening of the title
      that the body repeats.
    """
    title = re.split(r"\s+[|]\s+", mk.strip_symbols(title))[0].strip()
    m = re.match(r"^(.+?)(?:\s*[:：]|\s+[–—-])\s+(.+)$", title)
    if m and scheme("sections").find(m.group(2), lang, every_language=False):
        return m.group(1).strip()
    if not mk.words(title):
        return title
    nbody = f" {normalise(body)} "
    if _in_body(title, nbody):
        return title
    if "?" in title:
        # "Co dělá vedoucí zákaznické podpory?": the words of the question that the body repeats
        recurring = _recurring_phrase(title, body)
        if recurring:
            return recurring
    continued = _continued_phrase(title, body)
    if continued:
        return continued
    parts = [p.strip() for p in re.split(r"\s*[:：|]\s+|\s+[–—-]\s+", title) if p.strip()]
    found = [p for p in parts if len(parts) > 1 and _in_body(p, nbody)]
    if found:
        return max(found, key=lambda p: len(p.split()))
    if len(parts) > 1:
        # "Ügyfélszolgálati csoportvezető: feladatok és készségek", the body inflecting the role
        recurring = _recurring_phrase(title, body)
        if recurring:
            return recurring
    words = title.split()
    for n in range(len(words) - 1, 0, -1):
        opening = " ".join(words[:n]).rstrip(",;:–—-")
        # one word alone only before a lower-case word ("Kundenberater in Berlin", not "Senior X")
        if (n > 1 or words[n][:1].islower()) and _in_body(opening, nbody):
            return opening
    return title


def _word_matches(title_word: str, body_word: str) -> bool:
    """Whether a body word is an inflected form of a title word ("podpory" ~ "podporu")."""
    t, b = title_word.lower(), body_word.lower()
    if t == b:
        return True
    if len(t) < 4:
        return False
    return b.startswith(t[:max(4, len(t) - 3)]) and abs(len(b) - len(t)) <= 4


def _positions(word: str, bwords: list[str]) -> frozenset[int]:
    return frozenset(k for k, b in enumerate(bwords) if _word_matches(word, b))


def _phrase_count(phrase: list[str], bwords: list[str], cache_: dict | None = None) -> int:
    """How often the body (its lower-case words) holds the phrase, word by word inflected."""
    if not phrase:
        return 0
    cache_ = {} if cache_ is None else cache_
    starts: set[int] | None = None
    for j, word in enumerate(phrase):
        if word not in cache_:
            cache_[word] = _positions(word, bwords)
        shifted = {k - j for k in cache_[word]}
        starts = shifted if starts is None else starts & shifted
        if not starts:
            return 0
    return len(starts)


def _recurring_phrase(title: str, body: str) -> str | None:
    """The longest run of a title's words that the body repeats, inflection allowed; among runs
    of one length, the latest (a question names the role at its end: "What does a X do?").
    Runs the body repeats at least twice go first; leading and trailing short words (articles,
    prepositions) are left out."""
    bwords = [w.lower() for w in mk.words(body)]
    articles = {normalise(str(a)) for body_ in language_profiles().values() for a in body_.get("articles") or []}

    def short(w: str) -> bool:
        return normalise(w) in articles or (len(w) <= 3 and not (len(w) >= 2 and w.isupper()))

    best: tuple | None = None
    positions: dict[str, frozenset[int]] = {}
    for pi, part in enumerate(_title_parts(mk.strip_symbols(title))):
        ws = mk.words(part)
        for a in range(len(ws)):
            for b in range(a + 1, len(ws) + 1):
                run = ws[a:b]
                if short(run[0]) or short(run[-1]) or not any(len(w) >= 4 for w in run):
                    continue
                count = _phrase_count(run, bwords, positions)
                if not count:
                    continue
                key = (count >= 2, len(run), pi, a)
                if best is None or key > best[0]:
                    best = (key, run)
    if best is None:
        return None
    run = best[1]
    m = re.search(r"\W+".join(re.escape(w) for w in run), title)
    return m.group(0) if m else " ".join(run)


def _continued_phrase(title: str, body: str) -> str | None:
    """For a title naming a category of roles, the body's most frequent phrase that starts with
    the title's words and goes on with a word of its own ("klientu apkalpošanas" + "vadītājs")."""
    tstems = {_stem(w.lower()) for w in mk.words(title)}
    segments = [mk.words(seg) for seg in re.split(r"[.,;:!?()\"“”«»|\n–—]", body.lower())]
    bigrams = Counter()
    for seg in segments:
        for a, b in zip(seg, seg[1:]):
            if _stem(a) in tstems and _stem(b) in tstems:
                bigrams[(a, b)] += 1
    if not bigrams:
        return None
    (first, second), count = bigrams.most_common(1)[0]
    phrase = [first, second]
    for _ in range(3):
        groups: dict[str, Counter] = {}
        n = len(phrase)
        for seg in segments:
            for k in range(len(seg) - n):
                if seg[k:k + n] == phrase:
                    groups.setdefault(_stem(seg[k + n]), Counter())[seg[k + n]] += 1
        if not groups:
            break
        ranked = sorted(groups.values(), key=lambda c: -sum(c.values()))
        top = sum(ranked[0].values())
        runner = sum(ranked[1].values()) if len(ranked) > 1 else 0
        if top < 3 or top < 0.3 * count or top < 2 * runner:
            break
        phrase.append(ranked[0].most_common(1)[0][0])
        count = top
    if all(_stem(w) in tstems for w in phrase):
        return None
    # the phrase as the body writes it (first occurrence keeps the original case)
    m = re.search(r"\b" + r"\W+".join(re.escape(w) for w in phrase) + r"\b", body, re.IGNORECASE)
    return m.group(0) if m else " ".join(phrase)


# ---------------------------------------------------------------------------------------------
# career


def _level(text: str, lang: str) -> str | None:
    found = _level_of(text, lang)
    if not found:
        return None
    # the highest level named in a short label; the first named in a longer text
    if len(text.split()) <= 6:
        ranks = {cid: scheme("levels").concepts[cid].rank or 0 for cid in found}
        return max(found, key=lambda c: ranks[c])
    return found[0]


_ARROWS = re.compile(r"\s*(?:→|->|–>|—>|⟶|➔|➜|➝|=>|»)\s*|\s+>\s+")


def _is_header_row(lines: list[Line], row: Line) -> bool:
    """Whether a table row is followed by the ``|---|`` line (the table's header)."""
    idx = lines.index(row)
    return idx + 1 < len(lines) and lines[idx + 1].kind == "table" and mk.is_table_separator(lines[idx + 1].text)


def _career(sections: list[_Section], lang: str, others: set[str], role: str | None) -> list[CareerStep]:
    """The career steps in document order: bullets, table rows or "A → B → C" lines of the career
    sections (or their sub-headings when they hold none), each with a level that never drops."""
    raw: list[tuple[str, int, str, str | None, str | None]] = []  # label, line, desc, group, group level
    for sec in sections:
        group = None
        heads: list[tuple[Line, list[Line]]] = []
        start = len(raw)
        listed = any(ln.kind in ("bullet", "table") for ln in sec.lines)
        paragraphs = {id(ln) for ln in ([] if listed else _paragraph_entries(sec.lines))}
        for i, ln in enumerate(sec.lines):
            if ln.kind == "heading":
                group = ln.text
                heads.append((ln, []))
            elif ln.kind in ("text", "bullet") and len(_ARROWS.split(ln.text)) >= 3:
                # "Agent → Team lead → Manager" (after a lead-in such as "A typical path:")
                chain = ln.text
                head, colon, rest = chain.partition(":")
                if colon and len(_ARROWS.split(head)) == 1 and len(_ARROWS.split(rest)) >= 3:
                    chain = rest
                for part in _ARROWS.split(chain):
                    part = part.strip(" .")
                    if part and len(part.split()) <= 8:
                        raw.append((part, ln.no, "", group, _level(group, lang) if group else None))
            elif ln.kind == "bullet" or id(ln) in paragraphs:
                text = " ".join([ln.text] + [c.text for c in _continuation(sec.lines, i)])
                label, desc = mk.split_label(text, ln.bold)
                raw.append((label, ln.no, desc, group, _level(group, lang) if group else None))
            elif ln.kind == "table" and not mk.is_table_separator(ln.text):
                cells = mk.table_cells(ln.text)
                if cells and cells[0] and not _is_header_row(sec.lines, ln):
                    raw.append((cells[0], ln.no, " — ".join(c for c in cells[1:] if c), group,
                                _level(group, lang) if group else None))
            elif ln.kind == "text" and heads:
                heads[-1][1].append(ln)
        if len(raw) == start and heads:
            # steps written as sub-headings with paragraphs ("### Entry level")
            for head, paras in heads:
                raw.append((head.text, head.no, " ".join(p.text for p in paras), None, None))
    if any(r[4] for r in raw):
        raw = [r for r in raw if r[3] is None or r[4]]
    raw = [r for r in raw if normalise(r[0]) not in others]
    stems = {_stem(w) for w in mk.words(" ".join([role or ""] + [r[0] for r in raw]).lower()) if len(w) > 3}
    steps, levels = [], []
    for label, line, desc, group, glevel in raw:
        levels.append(glevel or _level(label, lang) or _level(desc, lang))
    ranks = {cid: c.rank or 0 for cid, c in scheme("levels").concepts.items()}
    by_rank = {r: cid for cid, r in ranks.items()}
    n = len(raw)
    prev = 0
    for idx, (label, line, desc, group, glevel) in enumerate(raw):
        lvl = levels[idx]
        if lvl is None:
            nxt = next((ranks[x] for x in levels[idx + 1:] if x), None)
            guess = 1 + round(4 * idx / (n - 1)) if n > 1 else 1
            rank = max(prev or 1, min(guess, nxt) if nxt else guess)
        else:
            rank = ranks[lvl]
        rank = max(rank, prev)
        prev = rank
        steps.append(CareerStep(label=label, level=by_rank.get(rank, "entry"), line=line, description=desc,
                                role=_step_role(desc, lang, stems), group=group))
    return steps


def _step_role(desc: str, lang: str, stems: set[str]) -> str | None:
    """A job title the description gives as an example ("... such as Support Agent").

    The phrase after an example marker counts as a title when it names a career level or starts
    with a word that shares a stem with the role or a step label (``stems``).
    """
    if not desc:
        return None
    profile = language_profiles().get(lang, {})
    # example markers ("such as") first, they are the surer sign; then role markers ("start as")
    markers = [m for key in ("example_markers", "role_markers")
               for m in sorted((str(x) for x in profile.get(key) or []), key=len, reverse=True)]
    seps = [str(s) for s in profile.get("list_separators") or []]
    for marker in markers:
        m = re.search(rf"(?<!\w){re.escape(marker)}(?!\w)\s*(.+)", desc, re.IGNORECASE)
        if not m:
            continue
        rest = re.split(r"[.,;:()]", m.group(1))[0]
        for sep in seps:
            rest = re.split(rf"\s{re.escape(sep)}\s", rest)[0]
        rest = _drop_articles(rest.strip(), lang)
        # "the Customer Success Manager role": the title without the word for a role after it
        nouns = {str(n).casefold() for n in profile.get("role_nouns") or []}
        words = rest.split()
        if len(words) > 1 and words[-1].casefold() in nouns:
            rest = " ".join(words[:-1])
        first = mk.words(rest.lower())[:1]
        if 0 < len(rest.split()) <= 5 and (_level(rest, lang) or (first and _stem(first[0]) in stems)):
            return rest
    return None


# ---------------------------------------------------------------------------------------------
# tools


def _tool_entries(sec: _Section):
    """The tools section as :class:`~rolegraph.loaders._tools.Entry` records for the finder."""
    from rolegraph.loaders._tools import Entry

    group = None
    skip: set[int] = set()
    for i, ln in enumerate(sec.lines):
        if i in skip:
            continue
        if ln.kind == "heading":
            group = ln.text
        elif ln.kind == "bullet":
            cont = _continuation(sec.lines, i)
            skip.update(range(i + 1, i + 1 + len(cont)))
            text = " ".join([ln.text] + [c.text for c in cont])
            label, desc = mk.split_label(text, ln.bold)
            has_label = bool(desc) or text.rstrip().endswith(":")
            yield Entry(label=label if has_label else None, text=desc if has_label else text, line=ln.no, group=group,
                        section=sec.heading or None)
        elif ln.kind == "table":
            if mk.is_table_separator(ln.text):
                continue
            cells = mk.table_cells(ln.text)
            yield Entry(label=cells[0] if cells else None, text=" | ".join(cells[1:]), line=ln.no, group=group,
                        section=sec.heading or None)
        elif ln.kind == "text":
            yield Entry(label=None, text=ln.text, line=ln.no, group=group,
                        section=sec.heading or None)


def _tools(entries, prose, lang: str) -> list[ToolMention]:
    from rolegraph.loaders import _tools as finder

    found = list(finder.tools_in_section(list(entries), lang))
    known = {normalise(t.name) for t in found} | {normalise(t.mention) for t in found}
    found += list(finder.tools_in_prose(prose, lang, known=known))
    return finder.dedupe(found)
