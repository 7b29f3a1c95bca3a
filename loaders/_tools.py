"""Finding named software products and their categories.

The structure parser (``loaders.text``) hands the entries of a document's tools section to
:func:`tools_in_section`, and the lines outside it to :func:`tools_in_prose`.

Layouts a tools section comes in, each entry one bullet, paragraph or table row:

* ``CRM software: Tools such as Salesforce, HubSpot and Zendesk help ...``: the label is the
  category, the products follow an example marker ("such as", "kuten", "som", "np.").
* ``CRM: Salesforce, HubSpot``: the same without a marker.
* Grouped bullets, ``Salesforce: widely used CRM platform`` under the sub-heading ``CRM systems``:
  the group is the category, the label the product.
* Examples in parentheses: ``e-mail clients (e.g. Outlook, Gmail), VoIP (e.g. Skype, Zoom)``.
* Plain bullets, ``Zendesk and Jira Service Management for tickets``: the category comes from the
  words of the bullet or from the catalogue's default.
* Stack bullets naming products with their uses, ``Ticketing mit Zendesk, Telefonie über Aircall``,
  ``HubSpot (CRM) y Intercom (chat en vivo)``, ``CRM (HubSpot)``: each product takes the category
  the words next to it name, and those words as its label.
* Table rows ``Zendesk | Help desk | ...``: the first cell as the label, the others in the text,
  joined by ``|``; the cell that names a category is the category, the one holding names the
  products. A header row ("Tool | Category") names no category and yields no uncatalogued name.

A product name is a run of words that start with a capital letter or digit or carry capitals or
digits inside ("Five9", "inContact", "Observe.AI", "Power BI"). The tool catalogue
(``ontology/tools.yaml``) confirms and canonicalises names ("Jira Service Desk" -> "Jira Service
Management"); a capitalised name it lacks, found in an enumeration, is kept with
``catalogued=False``. Runs made only of words for kinds of tool ("CRM systems", "E-mail") or of
words that open sentences ("Today", "Nykyään") are not products, nor are languages and formats
("Python", "SQL"); a lone capitalised word after a marker that the language's dictionary knows
(German nouns: "wie Anrufe ...") is not one either, nor is an uncatalogued word the dictionary
knows that opens a sentence ("Orders and returns in Shopify"), or stands anywhere in a language
that capitalises nouns ("Bestellungen und Retouren in Shopify"). In a tools section a capitalised
name after a use preposition ("über Sendcloud", "wiki on Tavrix") counts though uncatalogued, and
one-word catalogue names that are common words ("Slack", "Notion", "Klaus") count where written as
a name: capitalised, not opening a sentence (in German, where "Teams" is a noun, only after a use
preposition). Inflected names ("Salesforcea", "Zendesku") map to the catalogue. Every word list
is data: markers and list words in ``languages.yaml``, category labels and stems in
``schemes/categories.yaml``, words for kinds of tool, function words, use prepositions,
noun-capitalising languages, non-products and source words in ``tools.yaml``.

Categories: a category heading (label, group, table cell, or a section heading that names one
category) wins; else the words next to the name: after it ("for tickets", "(dashboards)"), else
the clause before it ("Ticketing mit", "CRM ("), else the words before an example marker ("CRM
systems such as"); then the one category the bullet names, the catalogue default, the default of
the other products under the same heading, and last ``other``. A heading is matched in the
document's language, then in every language, then (in languages without labels) by near spelling
of a label in any language ("Kontaktní centrum" ~ "kontaktu centr"), the last only when a
catalogued product under the heading agrees. The label is the heading, else the words next to the
name, else the section heading ("Our stack").

Outside the tools section (:func:`tools_in_prose`) only catalogued names count, under their
default category; one-word names that are common words only capitalised mid-sentence, outside
runs of capitalised words and title-case lines, and a name listed among lower-case channel words
("via phone, email and WhatsApp") names a channel, not a tool in use.

>>> [t.name for t in tools_in_section([Entry("CRM", "Salesforce, HubSpot CRM and Acme", 1)], "en")]
['Salesforce', 'HubSpot', 'Acme']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rolegraph.model import ToolMention

__all__ = ["dedupe", "Entry", "tools_in_section", "tools_in_prose", "category_id", "category_label"]


@dataclass(frozen=True)
class Entry:
    """One bullet (or table row, or paragraph) of a tools section, as the structure parser found it.

    ``label`` is the text before a "Label: description" colon (``None`` when there is none),
    ``text`` the text after it (or the whole bullet), ``group`` the sub-heading the bullet stands
    under (``None`` when there is none) and ``line`` the 1-based line in the source file. A table
    row is given as its first cell in ``label`` and the other cells, joined by `` | ``, in ``text``.
    ``section`` is the heading of the section the entry stands in ("Our stack", "Chat e mensagens"):
    the category label of products whose own words name none, and their category when the heading
    names exactly one.
    """

    label: str | None
    text: str
    line: int
    group: str | None = None
    section: str | None = None


def category_id(heading: str, lang: str) -> str | None:
    """The id of the tool category a heading names ("Help Desk -ohjelmisto" -> "help-desk").

    >>> category_id("Tietämyksenhallinnan ohjelmat", "fi")
    'knowledge-management'
    """
    from rolegraph.ontology import scheme

    if not heading or not heading.strip():
        return None
    return scheme("categories").first(heading, lang)


def category_label(cid: str, lang: str) -> str:
    """The preferred label of tool category ``cid`` in ``lang`` (English, then the id, failing that).

    >>> category_label("help-desk", "lv")
    'Klientu atbalsta programmatūra'
    """
    from rolegraph.ontology import scheme

    concept = scheme("categories").concepts.get(cid)
    return concept.label(lang) if concept else cid


# ---------------------------------------------------------------------------------------------
# vocabulary (read on first use)


@dataclass(frozen=True)
class _Vocab:
    markers: re.Pattern
    separators: re.Pattern
    generic: tuple[str, ...]


@cache
def _vocab(lang: str) -> _Vocab:
    from rolegraph.ontology import language_profiles

    profiles = language_profiles()
    profile = profiles.get(lang) or {}
    markers = list(profile.get("example_markers") or [])
    # abbreviated markers ("e.g.") are borrowed by every language
    markers += [m for m in (profiles.get("en") or {}).get("example_markers") or [] if "." in m]
    seps = list(profile.get("list_separators") or [])
    if lang != "en":
        seps += [s for s in (profiles.get("en") or {}).get("list_separators") or [] if not s.isalpha()]
    if not profile:  # a language without a profile: the one-word separators of every language
        seps += [s for body in profiles.values() for s in body.get("list_separators") or [] if " " not in s]
    marker_alts = "|".join(re.escape(m) for m in sorted(set(markers), key=len, reverse=True))
    sep_words = sorted({s for s in seps if s}, key=len, reverse=True)
    sep_alts = "|".join(re.escape(s) for s in sep_words)
    markers_re = re.compile(rf"(?<![\w.])(?:{marker_alts})(?!\w)", re.IGNORECASE) if marker_alts else re.compile(r"(?!x)x")
    sep_re = re.compile(rf"\s*[,;]\s*|\s+(?:{sep_alts})\s+" if sep_alts else r"\s*[,;]\s*", re.IGNORECASE)
    words = _generic_words()
    generic = tuple(sorted(set(words.get("*", []) + words.get(lang, []) + words.get("en", []))))
    return _Vocab(markers_re, sep_re, generic)


@cache
def _tools_data() -> tuple:
    """The parsed ``tools.yaml`` files (bundled, then user extensions), read once.

    The catalogue itself comes from :func:`rolegraph.ontology.catalogue`; this reads the keys it
    does not keep (``prose``, ``common_word_in`` and the word lists), with libyaml when present.
    """
    import yaml

    from rolegraph.ontology import extension_dirs, resource_text

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts = [resource_text("tools.yaml")]
    texts += [(d / "tools.yaml").read_text(encoding="utf-8") for d in extension_dirs() if (d / "tools.yaml").is_file()]
    return tuple(yaml.load(text, Loader=loader) for text in texts)


@cache
def _generic_words() -> dict[str, list[str]]:
    """Per language, the words of ``tools.yaml`` that are never product names on their own."""
    merged: dict[str, list[str]] = {}
    for data in _tools_data():
        if isinstance(data, dict):
            for key in ("generic_words", "function_words"):
                for lang, words in (data.get(key) or {}).items():
                    merged.setdefault(str(lang), []).extend(str(w).casefold() for w in words or ())
    return merged


@cache
def _source_words(key: str, lang: str) -> re.Pattern | None:
    """A regex for the ``source_before``/``source_after`` words of ``lang`` (and English)."""
    words: list[str] = []
    for data in _tools_data():
        if isinstance(data, dict):
            table = data.get(key) or {}
            words += [str(w) for code in {lang, "en"} for w in table.get(code) or ()]
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    if key == "source_before":
        return re.compile(rf"(?<!\w)(?:{alts})\W*(?:\w+\W+){{0,2}}$", re.IGNORECASE)
    return re.compile(rf"^(?:['’]s)?\W*(?:\w+\W+){{0,1}}(?:{alts})(?!\w)", re.IGNORECASE)


def _as_source(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the name at ``text[start:end]`` stands for its maker as a source of figures."""
    before, after = _source_words("source_before", lang), _source_words("source_after", lang)
    return bool((before and before.search(text[max(0, start - 40):start]))
                or (after and after.search(text[end:end + 40])))


@cache
def _not_products() -> frozenset[str]:
    """The ``not_products`` of ``tools.yaml``: languages, protocols and formats ("Python", "SQL")."""
    from rolegraph.ontology import normalise

    return frozenset(normalise(str(w)) for data in _tools_data() if isinstance(data, dict)
                     for w in data.get("not_products") or ())


@cache
def _function_words(lang: str) -> frozenset[str]:
    """The ``function_words`` of ``tools.yaml`` for ``lang`` and English."""
    words: set[str] = set()
    for data in _tools_data():
        if isinstance(data, dict):
            table = data.get("function_words") or {}
            words |= {str(w).casefold() for code in {lang, "en"} for w in table.get(code) or ()}
    return frozenset(words)


@cache
def _common_names(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Normalised names of the catalogue entries whose one-word names are common words:
    ``prose: false`` entries (the first set) and those that are common words in ``lang``
    (``common_word_in``, the second set)."""
    from rolegraph.ontology import normalise

    weak, banned = set(), set()
    for data in _tools_data():
        rows = (data or {}).get("tools") if isinstance(data, dict) else data
        for row in rows or ():
            if not isinstance(row, dict) or not row.get("name"):
                continue
            if lang in (row.get("common_word_in") or ()):
                banned.add(normalise(str(row["name"])))
            elif row.get("prose") is False:
                weak.add(normalise(str(row["name"])))
    return frozenset(weak), frozenset(banned)


def _plain_word(spelling: str) -> bool:
    """One word without inner capitals or digits ("Slack", "Teams"; not "WhatsApp", "Five9")."""
    return " " not in spelling and not any(ch.isupper() or ch.isdigit() for ch in spelling[1:])


@cache
def _spelling_re(lang: str) -> tuple[re.Pattern, dict[str, object], frozenset[str], frozenset[str]]:
    """One regex over every catalogue spelling (longest first), spelling -> entry, and the
    spellings that are common words: of ``prose: false`` entries (counted only where written as
    a name, see :func:`_weak_name_ok`) and of entries that are common words in ``lang`` (counted
    only in enumerations of a tools section).
    """
    from rolegraph.ontology import catalogue, normalise

    weak_names, banned_names = _common_names(lang)
    table: dict[str, object] = {}
    weak, banned = set(), set()
    for spelling, entry in catalogue().spellings():
        table.setdefault(spelling, entry)
        if _plain_word(spelling):
            if normalise(entry.name) in banned_names:
                banned.add(spelling)
            elif normalise(entry.name) in weak_names:
                weak.add(spelling)
    alts = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w./@])(?:{alts})(?![\w@]|\.\w)"), table, frozenset(weak), frozenset(banned)


@cache
def _use_words(lang: str) -> tuple[re.Pattern, re.Pattern] | None:
    """Regexes for the ``use_prepositions`` of ``lang`` (English and "*" for languages without
    a list): one at the end of a text ("Ticketing mit ", "Wiki in "), one for finding them."""
    table: dict = {}
    for data in _tools_data():
        if isinstance(data, dict):
            for code, words in (data.get("use_prepositions") or {}).items():
                table.setdefault(str(code), []).extend(str(w) for w in words or ())
    words = table.get(lang) or table.get("en") or []
    words = sorted(set(words + table.get("*", [])), key=len, reverse=True)
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in words)
    return (re.compile(rf"(?<!\w)(?:{alts})\s+$", re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{alts})\s+(?=\S)", re.IGNORECASE))


@cache
def _capitalised_nouns() -> frozenset[str]:
    """The languages that capitalise every noun (``capitalised_nouns`` of ``tools.yaml``)."""
    return frozenset(str(c) for data in _tools_data() if isinstance(data, dict)
                     for c in data.get("capitalised_nouns") or ())


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``text[start]`` opens the text, a sentence, a clause after a colon or
    semicolon, or a table cell ("e.g. Zoom" and "z. B. Zoom" do not)."""
    before = text[:start].rstrip(_EDGE + " ")
    if not before:
        return True
    if before[-1] in ":;|":
        return True
    return before[-1] in ".!?" and not _ABBREVIATION.search(before)


#: a short abbreviation ending in a full stop ("e.g.", "z. B.", "esim.", "np."), which ends no sentence
_ABBREVIATION = re.compile(r"(?:^|[\s(.])(?:\w|etc|inkl|incl|esim|piem|pvz|bspw|bzw|np|nt|ex|ca|vs|jne|tj|např|atd)\.$", re.IGNORECASE)


def _after_use_word(text: str, start: int, lang: str) -> bool:
    """Whether a use preposition stands just before ``text[start]`` ("mit Klaus", "in Notion")."""
    uses = _use_words(lang)
    return bool(uses and uses[0].search(text[max(0, start - 30):start]))


def _in_capitalised_run(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the name at ``text[start:end]`` stands next to another capitalised word, so is
    part of a longer name or a title-case heading ("Times Square", "Support Teams Use")."""
    prev = re.search(r"(\S+)\s+$", text[:start])
    if (prev and prev.group(1)[:1].isupper() and prev.group(1)[-1:] not in ",;:.!?)]\"'”’»"
            and not _opens_sentence(text, prev.start(1))):
        return True  # (a capitalised word opening the sentence says nothing: "Advanced Excel skills")
    if lang in _capitalised_nouns():
        return False  # German nouns after a name say nothing ("Excel Kenntnisse")
    nxt = re.match(r"\s+(\S+)", text[end:])
    return bool(nxt and nxt.group(1)[:1].isupper() and not text[end:end + 1] in ",;:.")


def _title_case(text: str, table: dict) -> bool:
    """Whether a line is written in title case ("How Support Teams Use Data"): most of its
    words, catalogue names aside, start with a capital."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w not in table]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 10 >= 6 * len(words)


def _among_channels(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a name is listed among lower-case words for kinds of channel or tool, so names a
    channel rather than a tool in use ("via telefoon, e-mail, chat en WhatsApp", "e-mail, chat en
    WhatsApp-berichten"). Languages that capitalise nouns give no such sign."""
    masked = _mask_parens(text)[0]
    bounds = [0] + [x for m in _vocab(lang).separators.finditer(masked) for x in (m.start(), m.end())] + [len(text)]
    items = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    at = next((i for i, (a, b) in enumerate(items) if a <= start < b), None)
    if at is None:
        return False
    for j in (at - 1, at + 1):
        if 0 <= j < len(items):
            word = text[items[j][0]:items[j][1]].strip(_EDGE + _TRAIL + " ")
            if word and word[0].islower() and len(word.split()) <= 2 and _starts_with_kind(word, lang):
                return True
    return False


def _weak_name_ok(text: str, start: int, end: int, lang: str, *, section: bool) -> bool:
    """Whether a one-word catalogue name that is also a common word ("Slack", "Notion", "Klaus",
    "Excel") is written as a name at ``text[start:end]``: capitalised as the catalogue writes it
    (the regex sees to that), not opening a sentence and not inside a run of capitalised words.
    In a language that capitalises nouns a name its dictionary knows ("Teams", "Front") counts
    only after a use preposition ("mit Klaus"), and only in a tools section."""
    if _opens_sentence(text, start):
        return False
    if lang in _capitalised_nouns() and _dictionary_word(text[start:end], lang):
        return section and _after_use_word(text, start, lang)
    return not _in_capitalised_run(text, start, end, lang)


# ---------------------------------------------------------------------------------------------
# names


_SUFFIX = re.compile(r"[a-zäöåõüšžąęįųūėčćłńóśźżāēīķļņŗ]+")  # a case ending: "Zendeskiä", "Salesforcea"
_EDGE = "\"'“”‘’«»()[]{}<>*_`"
_TRAIL = ",.;:!?"


@dataclass
class _Cand:
    mention: str
    name: str
    category: str | None  # catalogue default
    catalogued: bool
    start: int
    end: int
    tail: str = ""  # the rest of the enumeration item after the name (parentheses blanked)
    note: str | None = None  # the same with what stands in parentheses ("Zendesk (ticketing)"), when read
    kind: str | None = None  # the category named just before an example marker


def _strip_token(tok: str) -> str:
    tok = tok.strip(_EDGE).rstrip(_TRAIL).strip(_EDGE)
    return re.sub(r"['’]s$", "", tok)  # Zendesk's


def _name_like(tok: str) -> bool:
    t = _strip_token(tok)
    if not t or not any(ch.isalnum() for ch in t):
        return False
    if t[0].isupper() or t[0].isdigit():
        return True
    if any(ch.isupper() or ch.isdigit() for ch in t[1:]):
        return True
    return bool(re.fullmatch(r"[a-z0-9-]+\.[a-z]{2,}", t))  # monday.com, tawk.to


def _is_generic_token(tok: str, lang: str) -> bool:
    t = _strip_token(tok)
    if not t:
        return True
    if "-" in t.strip("-") and not _starts_with_kind(t, lang):
        return _is_generic_token(t.rsplit("-", 1)[-1], lang)  # "Open-Source-Ticketsystem"
    if any(ch.isupper() or ch.isdigit() for ch in t[1:]) and not t.isupper():
        return False  # inContact, SurveyMonkey
    if t.isupper() and len(t) <= 4 and t.isalpha():
        return True  # an acronym: CRM, KPI, LMS
    low = t.casefold()
    for stem in _vocab(lang).generic:
        if len(stem) < 4:
            if low in (stem, stem + "s"):
                return True
        elif low.startswith(stem) and len(low) <= len(stem) + 6:
            return True
    return _starts_with_kind(t, lang)


@cache
def _kind_strings(lang: str) -> tuple[str, ...]:
    from rolegraph.ontology import scheme

    categories = scheme("categories")
    return tuple(sorted({s for s, _ in categories.match_strings(lang) + categories.match_strings(None)}))


def _starts_with_kind(text: str, lang: str) -> bool:
    """Whether ``text`` opens with a category word ("Tickets", "E-mail", "Live chat tools")."""
    from rolegraph.ontology import normalise

    n = normalise(text)
    return n.startswith(_kind_strings(lang))


def _generic_run(words: list[str], lang: str, following: str = "") -> bool:
    """A run of capitalised words that names a kind of tool ("CRM systems", "Live chat")."""
    if all(_is_generic_token(w, lang) for w in words):
        return True
    phrase = " ".join(_strip_token(w) for w in words)
    return len(words) == 1 and _starts_with_kind(f"{phrase} {following}".strip(), lang)


def _has_capital(text: str) -> bool:
    return any(ch.isupper() or ch.isdigit() for ch in text) or "." in text.strip(_TRAIL)


def _name_at(text: str, offset: int, lang: str) -> _Cand | None:
    """The product name at the start of ``text`` (which starts at ``offset`` in its entry)."""
    from rolegraph.ontology import catalogue, normalise

    cat = catalogue()
    toks = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if not toks:
        return None
    if len(toks) > 1 and _strip_token(toks[0][0]).casefold() in _function_words(lang) and _name_like(toks[1][0]):
        # "Mit Injixo lassen sich ...", "Our Zendesk instance": a capitalised word opening the sentence
        return _name_at(text[toks[1][1]:], offset + toks[1][1], lang)
    # the run of name-like words
    run = 0
    while run < len(toks) and _name_like(toks[run][0]):
        raw = toks[run][0]
        if run and raw.startswith("("):
            break  # "HubSpot (CRM)": what stands in parentheses is not part of the name
        run += 1
        if raw.rstrip(_EDGE)[-1:] in _TRAIL or raw.endswith(")"):
            break
    # the longest catalogued name at the start
    best = None
    for k in range(min(len(toks), 7), 0, -1):
        raw = text[: toks[k - 1][2]]
        phrase = re.sub(r"['’]s$", "", raw.rstrip(_TRAIL + ")\"'”’").lstrip(_EDGE))
        if k > 1 and (toks[k - 2][0].rstrip(_EDGE)[-1:] in _TRAIL or "(" in phrase):
            continue  # a name does not run over a comma or into a parenthesis
        entry = cat.lookup(phrase)
        if entry is not None and _has_capital(phrase):
            best = (k, phrase, entry)
            break
    following = toks[run][0] if run < len(toks) else ""
    if best is not None and best[0] >= run:
        k, phrase, entry = best
        lead = len(text) - len(text.lstrip(_EDGE))
        return _Cand(phrase, entry.name, entry.category, True, offset + lead, offset + lead + len(phrase),
                     text[toks[k - 1][2]:].strip())
    if run == 0:
        return None
    words = [t for t, _, _ in toks[:run]]
    if best is not None:
        k, phrase, entry = best
        if all(_is_generic_token(w, lang) for w in words[k:]):
            mention = " ".join(_strip_token(w) for w in words)
            return _Cand(mention, entry.name, entry.category, True, offset + toks[0][1],
                         offset + toks[run - 1][2], text[toks[run - 1][2]:].strip())
    # an inflected catalogued name ("Salesforcea", "Zendesku", "HubSpotin", "Slack'iin")
    for j in range(run, 0, -1):
        last = _strip_token(words[j - 1])
        for k in range(1, 5):
            stem, suffix = last[:-k].rstrip("'’:-"), last[-k:]
            if len(stem) < 3 or suffix in ("s", "es") or not _SUFFIX.fullmatch(suffix):
                continue
            if k == 1 and suffix not in "aäeiouyąęāēīūn":
                continue  # "Xerox" is not an inflected "Xero"
            entry = cat.lookup(" ".join([_strip_token(w) for w in words[: j - 1]] + [stem]))
            if entry is not None and _has_capital(stem):
                mention = " ".join(_strip_token(w) for w in words[:j])
                return _Cand(mention, entry.name, entry.category, True, offset + toks[0][1],
                             offset + toks[j - 1][2], text[toks[j - 1][2]:].strip())
    # an uncatalogued name: drop trailing words for kinds of tool ("Acme software")
    while len(words) > 1 and _is_generic_token(words[-1], lang) and not words[-1].isupper():
        words.pop()
        run -= 1
    if _generic_run(words, lang, _strip_token(following).casefold() if following else ""):
        return None
    mention = " ".join(_strip_token(w) for w in words)
    if normalise(mention) in _not_products():
        return None
    family = best[2].category if best is not None else None  # "Zendesk Sell": Zendesk's kind
    if len(words) == 1:
        t = mention
        if len(t) >= 13 and t[1:].islower():
            return None  # a long plain word ("Kommunikationsverktyg") is a kind, not a name
        if len(t) < 2:
            return None
    last = toks[run - 1]
    end = last[1] + len(last[0].rstrip(_TRAIL + _EDGE).rstrip(_TRAIL))  # "Belvox," ends before the comma
    return _Cand(mention, mention, family, False, offset + toks[0][1], offset + end,
                 text[toks[run - 1][2]:].strip())


def _mask_parens(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with the insides of top-level parentheses blanked, and their spans."""
    chars = list(text)
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
                for j in range(start, i + 1):
                    chars[j] = " "
    if depth:  # unbalanced: blank to the end
        spans.append((start, len(text)))
        for j in range(start, len(text)):
            chars[j] = " "
    return "".join(chars), spans


_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)|\s[–—]\s|\s-\s")
_SENTENCE_START = re.compile(r"(?:[.!?:]|;)\s+")


def _enumeration(text: str, start: int, end: int, lang: str, *, strict: bool) -> list[_Cand]:
    """The names of the enumeration in ``text[start:end]`` ("A, B and C ...").

    The enumeration ends at the end of a sentence. After an example marker it also ends after an
    item that goes on past its name ("such as A, B and C help teams"). With ``strict`` (a list
    that opens a sentence) it goes on over items with uses ("A for tickets, B for chat"), but an
    uncatalogued name counts only when every item before it held nothing but a name: it may close
    such a list ("Gong and Chorus record calls"), not follow a sentence that has gone on.
    """
    seg = text[start:end]
    stop = _SENTENCE_END.search(_mask_parens(seg)[0])
    if stop:
        seg = seg[: stop.start()]
    masked, parens = _mask_parens(seg)
    items, pos = [], 0
    for m in _vocab(lang).separators.finditer(masked):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, len(masked)))
    found: list[_Cand] = []
    plain = True  # every item so far held only a name
    for n, (a, b) in enumerate(items):
        raw = masked[a:b]
        item = raw.strip()
        if not item:
            continue
        lead = a + len(raw) - len(raw.lstrip())
        cand = _name_at(item, start + lead, lang)
        if cand is None and n == 0 and strict:
            # "with Aircall or Voys ...": a word or two before the first name
            words = list(re.finditer(r"\S+", item))
            for w in words[1:3]:
                if any(ch.isupper() for ch in item[: w.start()]):
                    break
                cand = _name_at(item[w.start():], start + lead + w.start(), lang)
                if cand is not None:
                    break
        if cand is not None and _kept(cand, strict, plain, found) and _a_common_word(cand, text, lang):
            cand = None  # "Bestellungen und Retouren in Shopify", "Orders and returns in Shopify"
        if cand is None:
            if any(a <= p < b for p, _ in parens) or len(item.split()) <= 3:
                continue  # a kind with examples in parentheses, or a short word group
            if not strict:
                break
            plain = False
            continue
        nxt = items[n + 1][0] if n + 1 < len(items) else len(seg)
        b_note = max([b] + [pe for ps, pe in parens if a <= ps < nxt])  # "HubSpot (CRM) y ...": the parenthesis too
        cand.note = text[cand.end : start + b_note].strip(_EDGE + _TRAIL + " ")
        bare = not cand.tail.strip(_EDGE + _TRAIL + " ")
        keep = _kept(cand, strict, plain, found)
        if keep and not strict and not found and not bare and not cand.catalogued and _dictionary_word(cand.mention, lang):
            break  # a lone word the dictionary knows, going on into the sentence ("wie Anrufe verteilt werden")
        if keep:
            found.append(cand)
        if not bare:
            if not strict:
                break
            plain = False
    return found


def _kept(cand: _Cand, strict: bool, plain: bool, found: list[_Cand]) -> bool:
    """Whether an enumeration keeps a name (see :func:`_enumeration`)."""
    bare = not cand.tail.strip(_EDGE + _TRAIL + " ")
    return cand.catalogued or not strict or (plain and (bare or bool(found)))


def _a_common_word(cand: _Cand, text: str, lang: str) -> bool:
    """Whether an uncatalogued one-word name is rather a word of the language: its dictionary
    knows it, and it opens a sentence or the language capitalises every noun ("Bestellungen")."""
    if cand.catalogued or not _plain_word(cand.mention):
        return False
    if lang not in _capitalised_nouns() and not _opens_sentence(text, cand.start):
        return False
    return _dictionary_word(cand.mention, lang)


#: simplemma's codes where they differ from ours
_DICTIONARY_CODES = {"no": "nb"}


@cache
def _dictionary_word(word: str, lang: str) -> bool:
    """Whether ``word`` (one token, no inner capitals or digits) is in ``lang``'s dictionary.

    The dictionaries (simplemma's) are loaded on first use, one language at a time.
    """
    if " " in word or any(ch.isupper() or ch.isdigit() for ch in word[1:]) or not word.isalpha():
        return False
    import simplemma

    try:
        return bool(simplemma.is_known(word, lang=_DICTIONARY_CODES.get(lang, lang))) or bool(
            simplemma.is_known(word.lower(), lang=_DICTIONARY_CODES.get(lang, lang)))
    except (ValueError, KeyError):
        return False


def _set_kind(names: list[_Cand], text: str, at: int, before: list[_Cand], lang: str) -> None:
    """Give names the category of the words that lead up to them ("CRM systems such as ...")."""
    from rolegraph.ontology import scheme

    if not names:
        return
    start = max([c.end for c in before if c.end <= at] + [0])
    lead = re.split(r"[.!?;:]\s", text[start:at])[-1]
    categories = scheme("categories")
    kinds = categories.find(lead, lang, every_language=False) or categories.find(lead, "en", every_language=False)
    if kinds:
        for cand in names:
            cand.kind = kinds[-1]


def _candidates(text: str, lang: str, *, from_start: bool = True, anywhere: bool = True) -> list[_Cand]:
    """Every product named in one entry's text, in order of appearance, each once.

    ``from_start``: look for a list that opens a sentence; ``anywhere``: for catalogued names
    anywhere in the text.
    """
    voc = _vocab(lang)
    found: list[_Cand] = []
    markers = list(voc.markers.finditer(text))
    masked_all, parens = _mask_parens(text)
    # 1. enumerations after example markers; each ends at the next marker or closing parenthesis
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        inside = [(a, b) for a, b in parens if a < m.start() < b]
        if inside:
            end = min(end, inside[0][1] - 1)
        names = _enumeration(text, m.end(), end, lang, strict=False)
        _set_kind(names, text, inside[0][0] if inside else m.start(), found, lang)
        found += names
    # 2. parentheses without a marker that hold only names: "(Outlook, Gmail)"
    for a, b in parens:
        if any(a < m.start() < b for m in markers):
            continue
        names = _enumeration(text, a + 1, b - 1, lang, strict=True)
        if len(names) >= 2 or any(c.catalogued for c in names):
            _set_kind(names, text, a, found, lang)
            found += names
    # 3. enumerations that open a sentence ("Salesforce, HubSpot and Zendesk"), up to the first marker
    if from_start:
        limit = markers[0].start() if markers else len(text)
        starts = [0] + [m.end() for m in _SENTENCE_START.finditer(masked_all)]
        for a in starts:
            if a < limit:
                names = _enumeration(text, a, limit, lang, strict=True)
                if markers:  # "Platforms, such as ...": the word just before a marker is a kind
                    names = [c for c in names if c.catalogued or text[c.end : limit].strip(" ,;:(")]
                found += names
    # 4. catalogued names anywhere; a one-word name that is a common word where written as a
    #    name ("Interne Kommunikation in Slack"), or, when a common word in the language, only in
    #    the enumerations above
    pattern, table, weak, banned = _spelling_re(lang)
    for m in pattern.finditer(text) if anywhere else ():
        spelling = m.group()
        if spelling in banned or (spelling in weak and not _weak_name_ok(text, m.start(), m.end(), lang, section=True)):
            continue
        if _among_channels(text, m.start(), m.end(), lang):
            continue
        entry = table[spelling]
        found.append(_Cand(spelling, entry.name, entry.category, True, m.start(), m.end(),
                           text[m.end():].split(",")[0]))
    # 5. a name the catalogue lacks after a use preposition ("Versandstatus über Sendcloud")
    uses = _use_words(lang)
    for m in uses[1].finditer(text) if anywhere and uses else ():
        cand = _name_at(text[m.end():], m.end(), lang)
        if cand is None or cand.catalogued or cand.start != m.end():
            continue
        if _plain_word(cand.mention) and _dictionary_word(cand.mention, lang):
            continue  # "Chat mit Kollegen", "work in Europe"
        found.append(cand)
    out: list[_Cand] = []
    for cand in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        if any(c.start <= cand.start < c.end or cand.start <= c.start < cand.end for c in out):
            continue
        out.append(cand)
    seen, unique = set(), []
    for cand in out:
        key = cand.name.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(cand)
    return unique


# ---------------------------------------------------------------------------------------------
# sections


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links by their text
    text = re.sub(r"(\*\*|__|`)", "", text)
    return " ".join(text.split()).strip()


def _heading(text: str) -> str:
    return text.strip().rstrip(":").strip().strip("*_").strip()


def _single_category(text: str, cands: list[_Cand], lang: str) -> str | None:
    """The one category the words of ``text`` (names removed) name, if exactly one."""
    from rolegraph.ontology import scheme

    rest = text
    for cand in sorted(cands, key=lambda c: -c.start):
        rest = rest[: cand.start] + " " + rest[cand.end :]
    categories = scheme("categories")
    found = categories.find(rest, lang, every_language=False) or categories.find(rest, "en", every_language=False)
    return found[0] if len(found) == 1 else None


def _words_category(text: str, lang: str) -> str | None:
    """The category running words name, in the document's language or in English.

    Headings are matched against every language (a heading may borrow a neighbour's word);
    descriptions are not, so a short stem of another language does not decide.
    """
    from rolegraph.ontology import scheme

    if not text:
        return None
    categories = scheme("categories")
    return categories.first(text, lang, every_language=False) or categories.first(text, "en", every_language=False)


def _note_category(cand: _Cand, lang: str) -> str | None:
    """The category the words next to a name give ("Looker for reporting", "Zendesk (tickets)",
    "help desks such as Zendesk")."""
    return _words_category(cand.note, lang) or cand.kind


def _is_product_label(label: str, text: str, group: str | None, lang: str) -> bool:
    from rolegraph.ontology import catalogue

    if catalogue().lookup(label) is not None and _has_capital(label):
        return True
    if group and catalogue().lookup(group) is not None:
        return False  # the bullets under a product's sub-heading name its features
    if category_id(label, lang) is not None:
        return False
    if group and re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", label):
        return True  # an acronym heading a bullet of a grouped list: "OTRS: open-source ticketing"
    cand = _name_at(label, 0, lang)
    if cand is None or len(label.split()) > 5:
        return False
    tail = cand.tail.strip()
    if tail and not (tail.startswith("(") and _words_category(tail, lang)):
        return False  # ("HubSpot (CRM)": a name and its category)
    heads = _candidates(text, lang, anywhere=False)
    if heads and (heads[0].start == 0 or _vocab(lang).markers.search(text)):
        return False  # the label heads a list of products ("CRM: A, B", "Tools such as A"): a category
    plain = len(label.split()) == 1 and label[1:].islower()
    return bool(group) or not plain or _words_category(text, lang) is not None


def _without_examples(label: str, cands: list[_Cand], lang: str) -> str:
    """A label with the examples it holds removed: "CRM (e.g. Salesforce)" -> "CRM"."""
    _, parens = _mask_parens(label)
    cut = [(a, b) for a, b in parens if any(a <= c.start < b for c in cands)]
    outside = [c for c in cands if not any(a <= c.start < b for a, b in cut)]
    if outside:
        marker = _vocab(lang).markers.search(label)
        end = marker.start() if marker and marker.start() < outside[0].start else outside[0].start
        cut.append((end, len(label)))
    for a, b in sorted(cut, reverse=True):
        label = label[:a] + " " + label[b:]
    return " ".join(label.split()).strip(" ,;:-–—") or label


def _fold(text: str) -> str:
    """``normalise`` without diacritics ("Análise" -> "analise", "Kontaktní" -> "kontaktni")."""
    import unicodedata

    from rolegraph.ontology import normalise

    return "".join(ch for ch in unicodedata.normalize("NFKD", normalise(text)) if not unicodedata.combining(ch))


@cache
def _fuzzy_table() -> tuple[tuple[tuple[str, ...], bool, str], ...]:
    """Every label and stem of every category in every language, folded and split into words."""
    from rolegraph.ontology import scheme

    rows = set()
    for concept in scheme("categories").concepts.values():
        if concept.id == "other":
            continue
        for code in set(concept.pref) | set(concept.alt) | set(concept.stems):
            labels = [concept.pref.get(code, "")] + concept.alt.get(code, [])
            for text, stem in [(t, False) for t in labels] + [(t, True) for t in concept.stems.get(code, [])]:
                words = tuple(_fold(text).split())
                if words and max(len(w) for w in words) >= 5:
                    rows.add((words, stem, concept.id))
    return tuple(sorted(rows))


def _similar(label_word: str, word: str, stem: bool) -> bool:
    """Whether a heading word is a spelling of a label word in a neighbouring language
    ("kontaktni" ~ "kontaktu", "conhecimento" ~ "conocimiento"); short words must be equal."""
    from difflib import SequenceMatcher

    if label_word == word or (stem and word.startswith(label_word)):
        return True
    if len(label_word) < 5 or len(word) < 4 or label_word[:2] != word[:2]:
        return False
    target = word[: len(label_word) + 1] if stem else word
    return SequenceMatcher(None, label_word, target).ratio() >= 0.8


@cache
def _fuzzy_category(heading: str) -> str | None:
    """The one category whose label or stem, in any language, a short heading spells with
    small differences ("Kontaktní centrum" ~ "kontaktu centr", "Base de conhecimento" ~ "Base de
    conocimientos"); ``None`` when none or several fit equally well."""
    words = _fold(heading).split()
    if not words or len(words) > 6:
        return None
    best: dict[str, int] = {}
    for label, stem, cid in _fuzzy_table():
        n = len(label)
        for i in range(len(words) - n + 1):
            if all(_similar(lw, words[i + j], stem and j == n - 1) for j, lw in enumerate(label)):
                best[cid] = max(best.get(cid, 0), sum(map(len, label)))
                break
    if not best:
        return None
    top = max(best.values())
    winners = [cid for cid, score in best.items() if score == top]
    return winners[0] if len(winners) == 1 else None


def _heading_category(heading: str, lang: str, defaults: tuple[str, ...] = ()) -> str | None:
    """The category a heading names: its words in the document's language or any other; else,
    when that is safe, a near spelling of a label in any language, accepted when no catalogued
    product under the heading, or one of them, has that category by default."""
    cid = category_id(heading, lang)
    if cid is not None:
        return cid
    cid = _fuzzy_category(heading)
    if cid is not None and (not defaults or cid in defaults):
        return cid
    return None


def _clause_before(cand: _Cand, text: str, cands: list[_Cand], lang: str) -> str:
    """The words of the clause before a name that tell its use ("Ticketing mit Zendesk" ->
    "Ticketing", "Unser internes Wiki liegt in Notion" -> "Unser internes Wiki liegt")."""
    start = max([c.end for c in cands if c.end <= cand.start] + [0])
    seg = _mask_parens(text[start:cand.start])[0]
    seg = re.split(r"[,;:.!?]\s|[,;]", seg)[-1]
    seg = seg.rstrip(" (")
    uses = _use_words(lang)
    if uses:
        seg = uses[0].sub("", seg + " ").rstrip()
    return seg.strip()


def _clause_after(cand: _Cand, text: str, cands: list[_Cand], lang: str) -> str:
    """The words after a name up to the next name or clause end ("Looker for reporting",
    "HubSpot (CRM)")."""
    if cand.note is not None:  # read with its enumeration
        return cand.note
    end = min([c.start for c in cands if c.start >= cand.end] + [len(text)])
    seg = text[cand.end:end]
    masked = _mask_parens(seg)[0]
    stops = [m.start() for m in (re.search(r"[,;.!?](?:\s|$)", masked), _vocab(lang).markers.search(masked),
                                 _vocab(lang).separators.search(masked)) if m]
    return seg[: min(stops)] if stops else seg


def _as_label(words: str, lang: str, *, trim: bool = False) -> str | None:
    """Words next to a name as a category label: without brackets, leading function words and
    prepositions and, with ``trim`` (a clause before the name), the words after the last one
    naming a category ("internes Wiki liegt" -> "internes Wiki"); ``None`` when too long."""
    from rolegraph.ontology import scheme

    toks = [_strip_token(t) for t in words.split()]
    toks = [t for t in toks if t]
    skip = _function_words(lang) | _separator_words(lang)
    opened = False
    while toks and (toks[0].casefold() in skip or _after_use_word(toks[0] + " ", len(toks[0]) + 1, lang)):
        toks.pop(0)
        opened = True
    trim = trim and opened  # a sentence ("Unser internes Wiki liegt"), not a noun phrase ("Communication interne")
    categories = scheme("categories")
    while (trim and len(toks) > 1 and toks[-2].casefold() not in skip
           and not (categories.find(toks[-1], lang, every_language=False)
                    or categories.find(toks[-1], "en", every_language=False))):
        toks.pop()  # a verb after the noun ("Wiki liegt"), not the end of "Enquêtes de satisfaction"
    return " ".join(toks) if 0 < len(toks) <= 6 else None


@cache
def _separator_words(lang: str) -> frozenset[str]:
    from rolegraph.ontology import language_profiles

    return frozenset(str(w).casefold() for w in (language_profiles().get(lang) or {}).get("list_separators") or ())


def _near_category(cand: _Cand, text: str, cands: list[_Cand], lang: str) -> tuple[str, str | None, bool] | None:
    """The category the words next to a name give, those words as a label, and whether they
    stand before it: the words after it ("Looker for reporting", "HubSpot (CRM)"), else the clause
    before it ("Ticketing mit Zendesk", "CRM (HubSpot)"), else the words before an example marker
    ("CRM systems such as")."""
    for words, before in ((_clause_after(cand, text, cands, lang), False), (_clause_before(cand, text, cands, lang), True)):
        cid = _words_category(words, lang)
        if cid is not None:
            return cid, _as_label(words, lang, trim=before), before
    if cand.kind:
        return cand.kind, None, False
    return None


def _mention(cand: _Cand, heading: str, cid: str, line: int) -> ToolMention:
    return ToolMention(name=cand.name, mention=cand.mention, category=heading, category_id=cid,
                       line=line, catalogued=cand.catalogued)


def _entry_tools(entry: Entry, lang: str, defaults: dict[str, tuple[str, ...]] | None = None) -> list[ToolMention]:
    """The products of one entry. ``defaults``: per group or section heading, the catalogue
    categories of the products named under it (for headings that name no category)."""
    defaults = defaults or {}
    label = _heading(_clean(entry.label)) if entry.label else ""
    text = _clean(entry.text)
    group = _heading(_clean(entry.group)) if entry.group else ""
    section = _heading(_clean(entry.section)) if entry.section else ""
    if "|" in text:
        cells = ([label] if label else []) + [c.strip() for c in text.strip().strip("|").split("|")]
        return _row_tools([c for c in cells if c], entry.line, group, lang)
    out = []
    if label and _is_product_label(label, text, group or None, lang):
        cand = _name_at(label, 0, lang) or _Cand(label, label, None, False, 0, len(label))
        paren = cand.tail.strip().strip("()").strip()
        if paren and _words_category(paren, lang):  # "HubSpot (CRM): ..."
            return [_mention(cand, paren, _words_category(paren, lang), entry.line)]
        if group:
            cid = _heading_category(group, lang, defaults.get(group, ())) or cand.category or _majority(defaults.get(group)) or "other"
            return [_mention(cand, group, cid, entry.line)]
        cid = category_id(text, lang) if len(text.split()) <= 5 else _words_category(text, lang)
        if cid is not None:
            short = len(text.split()) <= 5
            return [_mention(cand, text if short else category_label(cid, lang), cid, entry.line)]
        cid = cand.category or "other"
        return [_mention(cand, section or category_label(cid, lang), cid, entry.line)]
    cands = _candidates(text, lang)
    in_label: list[_Cand] = []
    if label:
        in_label = _candidates(label, lang, from_start=False)
        if in_label:  # "CRM systems (e.g. Salesforce, Dynamics 365): keep customer records"
            label = _without_examples(label, in_label, lang)
    if label or group:
        heading = label or group
        cid = _heading_category(heading, lang, defaults.get(heading, ()))
        for cand in in_label + cands:
            near = _note_category(cand, lang) if cand in in_label else (_near_category(cand, text, cands, lang) or (None,))[0]
            c = cid or near or cand.category or _majority(defaults.get(heading)) or "other"
            out.append(_mention(cand, heading, c, entry.line))
        return out
    # a plain bullet: the words next to a name, the section heading when it names one category
    # (a sub-heading taken for a section: "Chat e mensagens"), the words of the bullet, the
    # catalogue default, the other products' default
    named = _section_categories(section, lang, defaults.get(section, ())) if section else []
    section_cid = named[0] if len(named) == 1 else None
    nears = [_near_category(cand, text, cands, lang) for cand in cands]
    joined = [not _vocab(lang).separators.sub("", text[p.end:c.start]).strip() for p, c in zip(cands, cands[1:])]
    for i in range(1, len(cands)):  # "Kommunikation mit Slack und Google Meet": the clause before both
        if nears[i] is None and joined[i - 1] and nears[i - 1] is not None and nears[i - 1][2]:
            nears[i] = nears[i - 1]
    for i in range(len(cands) - 2, -1, -1):  # "Zendesk and Acme for tickets": the words after both
        if nears[i] is None and joined[i] and nears[i + 1] is not None and not nears[i + 1][2]:
            nears[i] = nears[i + 1]
    masked = _mask_parens(text)[0]
    cuts = [0] + [m.end() for m in re.finditer(r"[;.!?](?:\s|$)", masked)] + [len(text) + 1]
    clause_cid = {}  # per clause ("A in X; B in Y") where no name has words of its own: the one category its words name
    for a, b in zip(cuts, cuts[1:]):
        inside = [i for i, c in enumerate(cands) if a <= c.start < b]
        if inside and all(nears[i] is None for i in inside):
            shifted = [_Cand(c.mention, c.name, c.category, c.catalogued, c.start - a, c.end - a)
                       for c in (cands[i] for i in inside)]
            cid = _single_category(text[a:b], shifted, lang)
            clause_cid.update({i: cid for i in inside})
    for i, cand in enumerate(cands):
        if nears[i] is not None:
            cid, words, _ = nears[i]
            out.append(_mention(cand, words or section or category_label(cid, lang), cid, entry.line))
            continue
        cid = section_cid or clause_cid.get(i) or cand.category or _majority(defaults.get(section)) or "other"
        out.append(_mention(cand, section or category_label(cid, lang), cid, entry.line))
    return out


def _majority(cids: tuple[str, ...] | None) -> str | None:
    """The most frequent of ``cids`` (the first of equals), or ``None``."""
    if not cids:
        return None
    from collections import Counter

    counts = Counter(cids)
    top = max(counts.values())
    return next(c for c in cids if counts[c] == top)


def _section_categories(section: str, lang: str, defaults: tuple[str, ...]) -> list[str]:
    """The categories a section heading names (exactly, or as a safe near spelling)."""
    from rolegraph.ontology import scheme

    found = scheme("categories").find(section, lang)
    if found:
        return [c for c in found if c != "other"] or found
    cid = _heading_category(section, lang, defaults)
    return [cid] if cid else []


def _row_tools(cells: list[str], line: int, group: str, lang: str) -> list[ToolMention]:
    """A table row: the cell that names a category, and the cells that hold only names."""
    from rolegraph.ontology import catalogue

    cat_cell, names = None, []
    for cell in cells:
        entry = catalogue().lookup(cell)
        if entry is None and cat_cell is None and category_id(cell, lang) is not None:
            cat_cell = cell
            continue
        if not names:
            names = _enumeration(cell, 0, len(cell), lang, strict=True)
            names = [c for c in names if c.catalogued or not c.tail]
    heading = cat_cell or group
    cid = category_id(heading, lang) if heading else None
    if cid is None:  # a header row ("Tool | Category") or a row that names no category
        names = [c for c in names if c.catalogued]
    out = []
    for cand in names:
        c = cid or cand.category or "other"
        out.append(_mention(cand, heading or category_label(c, lang), c, line))
    return out


def _heading_defaults(entries: list[Entry], lang: str) -> dict[str, tuple[str, ...]]:
    """Per group and section heading, the catalogue categories of the catalogued names under it."""
    pattern, table, weak, banned = _spelling_re(lang)
    out: dict[str, list[str]] = {}
    for entry in entries:
        text = " ".join(_clean(t) for t in (entry.label, entry.text) if t)
        cats = [table[m.group()].category for m in pattern.finditer(text) if m.group() not in banned]
        for heading in {_heading(_clean(h)) for h in (entry.group, entry.section) if h}:
            out.setdefault(heading, []).extend(cats)
    return {h: tuple(c) for h, c in out.items()}


def tools_in_section(entries: list[Entry], lang: str) -> list[ToolMention]:
    """The products named in a tools section, once per (product, category).

    >>> [(t.name, t.category_id) for t in tools_in_section(
    ...     [Entry("Help desk software", "Tools such as Zendesk and Jira Service Desk.", 3)], "en")]
    [('Zendesk', 'help-desk'), ('Jira Service Management', 'help-desk')]
    """
    from rolegraph.ontology import catalogue

    defaults = _heading_defaults(entries, lang)
    out: list[ToolMention] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        found = _entry_tools(entry, lang, defaults)
        group = _heading(_clean(entry.group)) if entry.group else ""
        product = catalogue().lookup(group) if group and _has_capital(group) else None
        if product is not None:  # a sub-heading naming a product, its bullets its features
            cid = product.category
            found.insert(0, ToolMention(name=product.name, mention=group, category=category_label(cid, lang),
                                        category_id=cid, line=entry.line, catalogued=True))
        for tm in found:
            key = (tm.name.casefold(), tm.category_id if tm.category_id != "other" else "other:" + tm.category)
            if key not in seen:
                seen.add(key)
                out.append(tm)
    return out


def tools_in_prose(lines: list[tuple[int, str]], lang: str, *, known: set[str]) -> list[ToolMention]:
    """Catalogued products named in running text ``(line, text)``, skipping names in ``known``.

    Names are matched exactly as the catalogue writes them (case and word boundaries);
    one-word names of ``prose: false`` entries ("Zoom", "Guru") are not looked for. Each product
    is reported once, at its first line, under its catalogue category.

    >>> [(t.name, t.category) for t in tools_in_prose([(7, "Try LiveAgent for free")], "en", known=set())]
    [('LiveAgent', 'Help desk software')]
    """
    from rolegraph.ontology import normalise

    pattern, table, weak, banned = _spelling_re(lang)
    skip = {normalise(k) for k in known}
    out: list[ToolMention] = []
    for line, text in lines:
        title = None
        for m in pattern.finditer(text or ""):
            spelling = m.group()
            if spelling in banned:
                continue
            if spelling in weak:
                if title is None:
                    title = lang not in _capitalised_nouns() and _title_case(text, table)
                if title or not _weak_name_ok(text, m.start(), m.end(), lang, section=False):
                    continue
            entry = table[spelling]
            key = normalise(entry.name)
            if key in skip or normalise(m.group()) in skip or _as_source(text, m.start(), m.end(), lang):
                continue
            if _among_channels(text, m.start(), m.end(), lang):
                continue
            skip.add(key)
            out.append(ToolMention(name=entry.name, mention=m.group(), category=category_label(entry.category, lang),
                                   category_id=entry.category, line=line, catalogued=True))
    return out


def dedupe(tools: list[ToolMention]) -> list[ToolMention]:
    """Each (product, category) once, in the order first found."""
    from rolegraph.ontology import normalise

    seen, out = set(), []
    for t in tools:
        key = (normalise(t.name), t.category_id)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out
