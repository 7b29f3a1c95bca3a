"""rolegraph's vocabulary as data: concept schemes, language profiles and the tool catalogue.

Everything language-specific lives in data files beside this module, not in code:

* ``schemes/*.yaml``: SKOS concept schemes (sections, tool categories, frequencies, career levels,
  and the label sets that align roles and skills across languages). Each concept has, per
  language code (``"*"`` for every language), a list of labels: the first is the preferred label,
  the others alternative labels; an entry starting with ``~`` is a *match stem* (written to RDF as
  ``skos:hiddenLabel``): a lower-case fragment that, found anywhere in a normalised heading or
  cell, points to the concept. Stems serve compound words ("Laadunvarmistus*työkalut*").
* ``languages.yaml``: per language, the patterns of titles ("What is a {role}?"), articles, list
  separators ("and", "or") and example markers ("such as", "e.g.").
* ``tools.yaml``: the tool catalogue: canonical product names, aliases (former names, spellings),
  a default category and a source for each entry.
* ``rolegraph.ttl`` (the OWL vocabulary) and ``shapes.ttl`` (the SHACL shapes);
* ``links.yaml``: links to outside vocabularies, each with its source: occupations to ESCO
  occupations, catalogued tools to Wikidata items (:func:`links`);
* ``inference.ttl``: the SKOS axioms the reasoner of ``rolegraph build --infer`` needs.

Users extend any of these without touching code: put files of the same names in a folder and
name it in the ``ROLEGRAPH_VOCAB`` environment variable (several folders separated by ``:``).
Their concepts, labels and catalogue entries are merged over the bundled ones.

Nothing is read at import time; every loader below reads once, on first use, and caches.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from rolegraph.errors import RolegraphError

__all__ = [
    "normalise",
    "resource_text",
    "Concept",
    "Scheme",
    "scheme",
    "scheme_names",
    "language_profiles",
    "CatalogueEntry",
    "Catalogue",
    "catalogue",
    "extension_dirs",
    "vocabulary_graph",
    "Link",
    "links",
]


@lru_cache(maxsize=1 << 16)  # extraction asks for the same few thousand strings again and again
def normalise(text: str) -> str:
    """Unicode-normalise, case-fold and reduce punctuation to single spaces.

    >>> normalise("Help Desk -ohjelmisto")
    'help desk ohjelmisto'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NOT_WORD.sub(" ", text)
    return text.strip()


_NOT_WORD = re.compile(r"[\W_]+")


def resource_text(name: str) -> str:
    """The text of a bundled data file, e.g. ``resource_text("shapes.ttl")``."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def extension_dirs() -> list[Path]:
    """The user folders named in ``ROLEGRAPH_VOCAB`` (missing folders are an error)."""
    dirs = []
    for part in filter(None, os.environ.get("ROLEGRAPH_VOCAB", "").split(os.pathsep)):
        path = Path(part)
        if not path.is_dir():
            raise RolegraphError(f"ROLEGRAPH_VOCAB: {part}: not a folder")
        dirs.append(path)
    return dirs


def _load_yaml(text: str):
    """Parse YAML safely, with libyaml's C parser when PyYAML was built with it (about 10x faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _yaml_sources(name: str) -> list[tuple[str, object]]:
    """The bundled file ``name`` and every user file of that name, parsed, in merge order."""
    out = []
    bundled = resources.files(__name__).joinpath(name)
    if bundled.is_file():
        out.append((f"rolegraph.ontology/{name}", _load_yaml(bundled.read_text(encoding="utf-8"))))
    for folder in extension_dirs():
        path = folder / name
        if path.is_file():
            try:
                out.append((str(path), _load_yaml(path.read_text(encoding="utf-8"))))
            except yaml.YAMLError as exc:
                raise RolegraphError(f"{path}: not valid YAML: {exc}") from exc
    return out


@dataclass
class Concept:
    """One concept of a scheme, with its labels per language."""

    id: str
    definition: str = ""
    rank: int | None = None
    broader: str | None = None
    pref: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    stems: dict[str, list[str]] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """The preferred label in ``lang``, falling back to English, then to the id."""
        return self.pref.get(lang) or self.pref.get("en") or self.pref.get("*") or self.id

    def languages(self) -> set[str]:
        return {lang for lang in self.pref if lang != "*"}


#: How many answers of :meth:`Scheme.find` a scheme remembers (then it starts again).
_FOUND_KEPT = 1 << 16


@dataclass
class Scheme:
    """A SKOS concept scheme read from ``schemes/NAME.yaml``."""

    name: str
    title: dict[str, str]
    description: str
    concepts: dict[str, Concept]
    _matching: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _found: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def match_strings(self, lang: str | None) -> list[tuple[str, str]]:
        """``(normalised string, concept id)`` pairs to look for, longest first.

        With ``lang`` the strings of that language and of ``"*"``; with ``None`` of every language.
        Worked out once per language: extraction looks concepts up thousands of times a document.
        """
        if lang not in self._matching:
            self._matching[lang] = self._match_strings(lang)
        return self._matching[lang]

    def _match_strings(self, lang: str | None) -> list[tuple[str, str]]:
        pairs = set()
        for concept in self.concepts.values():
            langs = set(concept.pref) | set(concept.alt) | set(concept.stems)
            for code in langs:
                if lang is not None and code not in (lang, "*"):
                    continue
                strings = [concept.pref.get(code, "")] + concept.alt.get(code, []) + concept.stems.get(code, [])
                for s in strings:
                    n = normalise(s)
                    if n:
                        pairs.add((n, concept.id))
        return sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1]))

    def find(self, text: str, lang: str | None = None, *, every_language: bool = True) -> list[str]:
        """The ids of the concepts named in ``text``, in order of appearance, each once.

        Longer strings win over shorter ones inside them ("pusgadā" is half-yearly, not yearly):
        a match consumes its characters. The document's language is tried first; when it finds
        nothing and ``every_language`` is set, the strings of every language are tried.

        >>> scheme("frequencies").find("Katru dienu vai nedēļu", "lv")
        ['daily', 'weekly']
        """
        # remembered, like match_strings: a document asks some 50 times, 19 in 20 asked before
        # (synthetic corpus); the answers depend on the text, the language and the scheme only
        key = (text, lang, every_language)
        try:
            return list(self._found[key])
        except KeyError:
            pass
        found = []
        for attempt in ([lang] if lang else []) + ([None] if every_language or not lang else []):
            found = _find(normalise(text), self.match_strings(attempt))
            if found:
                break
        if len(self._found) >= _FOUND_KEPT:
            self._found.clear()
        self._found[key] = tuple(found)
        return found

    def first(self, text: str, lang: str | None = None, *, every_language: bool = True) -> str | None:
        """The id of the first concept named in ``text``, or ``None``."""
        found = self.find(text, lang, every_language=every_language)
        return found[0] if found else None


def _find(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    hits: list[tuple[int, str]] = []
    taken = [False] * len(text)
    # the pairs come longest first: those longer than the text cannot be in it
    shorter = bisect.bisect_left(pairs, -len(text), key=lambda pair: -len(pair[0]))
    for needle, cid in itertools.islice(pairs, shorter, None):
        start = text.find(needle)
        while start != -1:
            end = start + len(needle)
            if not any(taken[start:end]):
                for i in range(start, end):
                    taken[i] = True
                hits.append((start, cid))
            start = text.find(needle, start + 1)
    seen, out = set(), []
    for _, cid in sorted(hits):
        if cid not in seen:
            seen.add(cid)
            out.append(cid)
    return out


def scheme_names() -> list[str]:
    """The names of the bundled concept schemes."""
    folder = resources.files(__name__).joinpath("schemes")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def scheme(name: str) -> Scheme:
    """The concept scheme ``schemes/NAME.yaml``, merged with user extensions."""
    sources = _yaml_sources(f"schemes/{name}.yaml")
    if not sources:
        raise RolegraphError(f"no concept scheme named {name!r}; known: {', '.join(scheme_names())}")
    title: dict[str, str] = {}
    description = ""
    concepts: dict[str, Concept] = {}
    for origin, data in sources:
        if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
            raise RolegraphError(f"{origin}: a scheme file needs a 'concepts' mapping")
        title.update(data.get("title") or {})
        description = data.get("description") or description
        for cid, body in data["concepts"].items():
            body = body or {}
            concept = concepts.setdefault(str(cid), Concept(id=str(cid)))
            concept.definition = body.get("definition", concept.definition)
            concept.rank = body.get("rank", concept.rank)
            concept.broader = body.get("broader", concept.broader)
            concept.extra.update({k: v for k, v in body.items() if k not in ("definition", "rank", "broader", "labels")})
            for lang, labels in (body.get("labels") or {}).items():
                if isinstance(labels, str):
                    labels = [labels]
                for label in labels:
                    label = str(label)
                    if label.startswith("~"):
                        concept.stems.setdefault(lang, []).append(label[1:])
                    elif lang not in concept.pref:
                        concept.pref[lang] = label
                    elif label != concept.pref[lang]:
                        concept.alt.setdefault(lang, []).append(label)
    return Scheme(name=name, title=title, description=description, concepts=concepts)


@cache
def language_profiles() -> dict[str, dict]:
    """Per language code, the grammar hints of ``languages.yaml`` (merged with extensions)."""
    merged: dict[str, dict] = {}
    for origin, data in _yaml_sources("languages.yaml"):
        if not isinstance(data, dict):
            raise RolegraphError(f"{origin}: expected a mapping of language codes")
        for lang, body in data.items():
            target = merged.setdefault(str(lang), {})
            for key, value in (body or {}).items():
                if isinstance(value, list) and isinstance(target.get(key), list):
                    target[key] = target[key] + [v for v in value if v not in target[key]]
                else:
                    target[key] = value
    return merged


@dataclass(frozen=True)
class CatalogueEntry:
    """A software product the catalogue knows."""

    name: str
    category: str
    aliases: tuple[str, ...] = ()
    vendor: str | None = None
    source: str | None = None
    wikidata: str | None = None


class Catalogue:
    """The tool catalogue: look products up by name or alias, case-insensitively."""

    def __init__(self, entries: list[CatalogueEntry]):
        self.entries = entries
        self._by_key: dict[str, CatalogueEntry] = {}
        for entry in entries:
            for spelling in (entry.name, *entry.aliases):
                self._by_key[normalise(spelling)] = entry

    def lookup(self, name: str) -> CatalogueEntry | None:
        """The entry whose name or alias equals ``name`` (normalised), or ``None``."""
        return self._by_key.get(normalise(name))

    def spellings(self) -> list[tuple[str, CatalogueEntry]]:
        """Every name and alias with its entry, longest first (for finding names in prose)."""
        pairs = [(s, e) for e in self.entries for s in (e.name, *e.aliases)]
        return sorted(pairs, key=lambda p: -len(p[0]))

    def __len__(self) -> int:
        return len(self.entries)


@cache
def catalogue() -> Catalogue:
    """The tool catalogue of ``tools.yaml``, merged with user extensions."""
    by_name: dict[str, CatalogueEntry] = {}
    for origin, data in _yaml_sources("tools.yaml"):
        rows = (data or {}).get("tools") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise RolegraphError(f"{origin}: expected a list under 'tools'")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not row.get("name") or not row.get("category"):
                raise RolegraphError(f"{origin}: entry {i + 1} needs a 'name' and a 'category'")
            entry = CatalogueEntry(
                name=str(row["name"]),
                category=str(row["category"]),
                aliases=tuple(str(a) for a in row.get("aliases") or ()),
                vendor=row.get("vendor"),
                source=row.get("source"),
                wikidata=row.get("wikidata"),
            )
            by_name[normalise(entry.name)] = entry
    return Catalogue(list(by_name.values()))


@dataclass(frozen=True)
class Link:
    """A link from rolegraph's vocabulary to an outside one (``links.yaml``).

    ``kind`` is ``occupation`` (``subject`` an occupation id, ``target`` an ESCO occupation IRI)
    or ``tool`` (``subject`` a catalogue name, ``target`` a Wikidata entity IRI); ``match`` is
    ``exact`` or ``close``; ``source`` the page the target was read from.
    """

    kind: str
    subject: str
    target: str
    match: str
    source: str
    evidence: str = ""
    labels: tuple[tuple[str, str], ...] = ()


@cache
def links() -> list[Link]:
    """The links of ``links.yaml`` (merged with user extensions); each must name its source."""
    found: dict[tuple[str, str], Link] = {}
    for origin, data in _yaml_sources("links.yaml"):
        if not isinstance(data, dict):
            raise RolegraphError(f"{origin}: expected 'occupations' and 'tools' mappings")
        for section, kind, key in (("occupations", "occupation", "esco"), ("tools", "tool", "wikidata")):
            for subject, body in (data.get(section) or {}).items():
                body = body or {}
                target, source = str(body.get(key) or ""), str(body.get("source") or "")
                if not target or not source:
                    raise RolegraphError(f"{origin}: {section}: {subject}: a link needs '{key}' and 'source'")
                if kind == "tool" and not target.startswith("http"):
                    target = f"http://www.wikidata.org/entity/{target}"
                match = str(body.get("match") or ("close" if kind == "occupation" else "exact"))
                if match not in ("exact", "close"):
                    raise RolegraphError(f"{origin}: {section}: {subject}: match must be 'exact' or 'close'")
                labels = tuple(sorted((str(k), str(v)) for k, v in (body.get("label") or {}).items()))
                found[(kind, str(subject))] = Link(kind, str(subject), target, match, source,
                                                   str(body.get("evidence") or ""), labels)
    return list(found.values())


def vocabulary_graph():
    """The vocabulary as one rdflib graph: ``rolegraph.ttl``, every scheme as SKOS, the catalogue.

    Built on first use and cached; the graph is shared, so treat it as read-only. How the YAML
    label sets map to SKOS is described in ``rolegraph.ontology._rdf``.
    """
    from rolegraph.ontology._rdf import vocabulary_graph as build

    return build()
