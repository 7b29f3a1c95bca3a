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
(German nouns: "wie Anrufe ...") is not one either. Inflected names ("Salesforcea", "Zendesku")
map to the catalogue. Every word list is data: markers and list words in ``languages.yaml``,
category labels and stems in ``schemes/categories.yaml``, words for kinds of tool, function words,
non-products and source words in ``tools.yaml``.

Categories: a category heading (label, group or table cell) wins; else the words next to the name
("for tickets", "(dashboards)"), the words before an example marker ("CRM systems such as"), the
one category the bullet names, the catalogue default, and last ``other``.

>>> [t.name for t in tools_in_section([Entry("CRM", "Salesforce, HubSpot CRM and Acme", 1)], "en")]
['Salesforce', 'HubSpot', 'Acme']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rolegraph.model import ToolMention

__all__ = ["Entry", "tools_in_section", "tools_in_prose", "category_id", "category_label"]


@dataclass(frozen=True)
class Entry:
    """One bullet (or table row, or paragraph) of a tools section, as the structure parser found it.

    ``label`` is the text before a "Label: description" colon (``None`` when there is none),
    ``text`` the text after it (or the whole bullet), ``group`` the sub-heading the bullet stands
    under (``None`` when there is none) and ``line`` the 1-based line in the source file. A table
    row is given as its first cell in ``label`` and the other cells, joined by `` | ``, in ``text``.
    """

    label: str | None
    text: str
    line: int
    group: str | None = None


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
def _prose_blocked(lang: str) -> frozenset[str]:
    """Normalised names of the catalogue entries whose one-word names are common words in
    ``lang`` (``prose: false``, or ``lang`` in ``common_word_in``)."""
    from rolegraph.ontology import normalise

    blocked = set()
    for data in _tools_data():
        rows = (data or {}).get("tools") if isinstance(data, dict) else data
        for row in rows or ():
            if not isinstance(row, dict) or not row.get("name"):
                continue
            if row.get("prose") is False or lang in (row.get("common_word_in") or ()):
                blocked.add(normalise(str(row["name"])))
    return frozenset(blocked)


@cache
def _spelling_re(lang: str) -> tuple[re.Pattern, dict[str, object]]:
    """One regex over every catalogue spelling (longest first), and spelling -> entry.

    One-word spellings of entries that are common words in ``lang`` are left out.
    """
    from rolegraph.ontology import catalogue, normalise

    blocked = _prose_blocked(lang)
    table: dict[str, object] = {}
    for spelling, entry in catalogue().spellings():
        if normalise(entry.name) in blocked and len(spelling.split()) == 1:
            continue
        table.setdefault(spelling, entry)
    alts = "|".join(re.escape(s) for s in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w./@])(?:{alts})(?![\w@]|\.\w)"), table


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
    note: str = ""  # the same with what stands in parentheses ("Zendesk (ticketing)")
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
    return any(n.startswith(s) for s in _kind_strings(lang))


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
        run += 1
        if raw.rstrip(_EDGE)[-1:] in _TRAIL or raw.endswith(")"):
            break
    # the longest catalogued name at the start
    best = None
    for k in range(min(len(toks), 7), 0, -1):
        raw = text[: toks[k - 1][2]]
        phrase = re.sub(r"['’]s$", "", raw.rstrip(_TRAIL + ")\"'”’").lstrip(_EDGE))
        if k > 1 and toks[k - 2][0].rstrip(_EDGE)[-1:] in _TRAIL:
            continue  # a name does not run over a comma
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
    return _Cand(mention, mention, family, False, offset + toks[0][1], offset + toks[run - 1][2],
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
        if cand is None:
            if any(a <= p < b for p, _ in parens) or len(item.split()) <= 3:
                continue  # a kind with examples in parentheses, or a short word group
            if not strict:
                break
            plain = False
            continue
        cand.note = text[cand.end : start + b].strip(_EDGE + _TRAIL + " ")
        bare = not cand.tail.strip(_EDGE + _TRAIL + " ")
        keep = cand.catalogued or not strict or (plain and (bare or found))
        if keep and not strict and not found and not bare and not cand.catalogued and _dictionary_word(cand.mention, lang):
            break  # a lone word the dictionary knows, going on into the sentence ("wie Anrufe verteilt werden")
        if keep:
            found.append(cand)
        if not bare:
            if not strict:
                break
            plain = False
    return found


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
    # 4. catalogued names anywhere (one-word names that are common words only in enumerations)
    pattern, table = _spelling_re(lang)
    for m in pattern.finditer(text) if anywhere else ():
        entry = table[m.group()]
        found.append(_Cand(m.group(), entry.name, entry.category, True, m.start(), m.end(),
                           text[m.end():].split(",")[0]))
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
    if cand is None or cand.tail.strip(_EDGE + _TRAIL + " ") or len(label.split()) > 5:
        return False
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


def _mention(cand: _Cand, heading: str, cid: str, line: int) -> ToolMention:
    return ToolMention(name=cand.name, mention=cand.mention, category=heading, category_id=cid,
                       line=line, catalogued=cand.catalogued)


def _entry_tools(entry: Entry, lang: str) -> list[ToolMention]:
    label = _heading(_clean(entry.label)) if entry.label else ""
    text = _clean(entry.text)
    group = _heading(_clean(entry.group)) if entry.group else ""
    if "|" in text:
        cells = ([label] if label else []) + [c.strip() for c in text.strip().strip("|").split("|")]
        return _row_tools([c for c in cells if c], entry.line, group, lang)
    out = []
    if label and _is_product_label(label, text, group or None, lang):
        cand = _name_at(label, 0, lang) or _Cand(label, label, None, False, 0, len(label))
        if group:
            cid = category_id(group, lang) or cand.category or "other"
            return [_mention(cand, group, cid, entry.line)]
        cid = category_id(text, lang) if len(text.split()) <= 5 else _words_category(text, lang)
        if cid is not None:
            short = len(text.split()) <= 5
            return [_mention(cand, text if short else category_label(cid, lang), cid, entry.line)]
        cid = cand.category or "other"
        return [_mention(cand, category_label(cid, lang), cid, entry.line)]
    cands = _candidates(text, lang)
    if label:
        in_label = _candidates(label, lang, from_start=False)
        if in_label:  # "CRM systems (e.g. Salesforce, Dynamics 365): keep customer records"
            label = _without_examples(label, in_label, lang)
            cands = in_label + cands
    if label or group:
        heading = label or group
        cid = category_id(heading, lang)
        for cand in cands:
            out.append(_mention(cand, heading, cid or _note_category(cand, lang) or cand.category or "other", entry.line))
        return out
    # a plain bullet: the words after a name, the words of the bullet, the catalogue default
    bullet_cid = _single_category(text, cands, lang)
    for cand in cands:
        cid = _note_category(cand, lang) or bullet_cid or cand.category or "other"
        out.append(_mention(cand, category_label(cid, lang), cid, entry.line))
    return out


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


def tools_in_section(entries: list[Entry], lang: str) -> list[ToolMention]:
    """The products named in a tools section, once per (product, category).

    >>> [(t.name, t.category_id) for t in tools_in_section(
    ...     [Entry("Help desk software", "Tools such as Zendesk and Jira Service Desk.", 3)], "en")]
    [('Zendesk', 'help-desk'), ('Jira Service Management', 'help-desk')]
    """
    from rolegraph.ontology import catalogue

    out: list[ToolMention] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        found = _entry_tools(entry, lang)
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

    pattern, table = _spelling_re(lang)
    skip = {normalise(k) for k in known}
    out: list[ToolMention] = []
    for line, text in lines:
        for m in pattern.finditer(text or ""):
            entry = table[m.group()]
            key = normalise(entry.name)
            if key in skip or normalise(m.group()) in skip or _as_source(text, m.start(), m.end(), lang):
                continue
            skip.add(key)
            out.append(ToolMention(name=entry.name, mention=m.group(), category=category_label(entry.category, lang),
                                   category_id=entry.category, line=line, catalogued=True))
    return out
