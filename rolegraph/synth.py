"""A corpus generator: role documents in the seeds' shape, for measuring and testing at scale.

Every word comes from rolegraph's vocabulary data, so every configured language works without a
word list of its own: the title from the language's first title pattern that can be written out
(``languages.yaml``), section headings from the ``sections`` scheme, the role from the
``occupations`` labels, "Label: description" bullets from the ``skills`` labels, tool bullets
("Category: such as A, B and C.") from the ``categories`` labels and the tool catalogue, career
steps from occupation and ``levels`` labels. Roles and tools are drawn with skewed weights, so
documents share them as real corpora do.

The same ``seed``, ``docs`` and ``languages`` give the same files, byte for byte. Each
:class:`SynthDocument` records what was written (role, tools with categories, counts), which is
what extraction should find again.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     corpus = generate(3, languages=["fi", "en"], seed=1, output=tmp)
...     [d.language for d in corpus.documents]
['fi', 'en', 'fi']
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from os import PathLike
from pathlib import Path

from rolegraph.errors import UsageError

__all__ = ["SynthDocument", "SynthCorpus", "generate", "render_title", "DEFAULT_LANGUAGES"]

#: The languages of ``rolegraph synth`` when none are named.
DEFAULT_LANGUAGES = ("fi", "pl", "lv", "sv", "en", "de")

_SECTIONS = ("introduction", "responsibilities", "skills", "tools", "career", "best-practices", "conclusion")


@dataclass(frozen=True)
class SynthDocument:
    """One generated document and what it says: what extraction should find again."""

    path: Path
    language: str
    role: str
    tools: tuple[tuple[str, str], ...]  # (canonical name, category id), in document order
    counts: dict[str, int] = field(default_factory=dict)  # items per kind, as in the build report


@dataclass(frozen=True)
class SynthCorpus:
    """What :func:`generate` wrote: the folder and one :class:`SynthDocument` per file."""

    folder: Path
    documents: list[SynthDocument]


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Words:
    """The labels of one language that the generator draws from."""

    lang: str
    headings: dict[str, str]
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    levels: tuple[str, ...]  # in scheme order, entry level first
    level_ids: tuple[str, ...]
    categories: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, heading, tool names)
    marker: str
    separator: str
    title_pattern: str


def _label(concept, lang: str) -> str | None:
    return concept.pref.get(lang) or None


def _labels(concept, lang: str) -> list[str]:
    out = [concept.pref[lang]] if concept.pref.get(lang) else []
    out += [a for a in concept.alt.get(lang, []) if not a.startswith("~")]
    return out


@cache
def _tools_by_category() -> dict[str, tuple[str, ...]]:
    from rolegraph.ontology import catalogue

    found: dict[str, list[str]] = {}
    for _spelling, entry in catalogue().spellings():
        names = found.setdefault(entry.category, [])
        if entry.name not in names and _plain_name(entry.name):
            names.append(entry.name)
    return {cat: tuple(sorted(names)) for cat, names in found.items()}


def _plain_name(name: str) -> bool:
    """A product name that reads as one name in a list: no separators, no parentheses."""
    return not re.search(r"[,;:()/]", name) and len(name) >= 2


@cache
def _words(lang: str) -> _Words:
    from rolegraph.ontology import language_profiles, scheme

    profile = language_profiles().get(lang)
    if profile is None:
        raise UsageError(f"language {lang!r} has no profile in languages.yaml; "
                         f"choose from {', '.join(sorted(language_profiles()))}")
    sections = scheme("sections").concepts
    headings = {}
    for kind in _SECTIONS:
        heading = _label(sections[kind], lang) if kind in sections else None
        if not heading:
            raise UsageError(f"language {lang!r}: the sections scheme has no {kind!r} heading")
        headings[kind] = heading
    roles = sorted({label for c in scheme("occupations").concepts.values() for label in _labels(c, lang)})
    skills = sorted({label for c in scheme("skills").concepts.values() for label in _labels(c, lang)})
    levels = [(c.id, _label(c, lang)) for c in sorted(scheme("levels").concepts.values(),
                                                     key=lambda c: (c.rank is None, c.rank or 0, c.id))]
    levels = [(i, label) for i, label in levels if label]
    tools = _tools_by_category()
    categories = []
    for c in scheme("categories").concepts.values():
        heading = _label(c, lang)
        if heading and len(tools.get(c.id, ())) >= 2:
            categories.append((c.id, heading, tools[c.id]))
    if not roles or not skills or not categories or len(levels) < 2:
        raise UsageError(f"language {lang!r}: the vocabulary has too few labels to write documents")
    pattern = next((p for p in profile.get("title_patterns") or [] if _title_from(p, "x") is not None), None)
    if pattern is None:
        raise UsageError(f"language {lang!r}: no title pattern can be written out")
    return _Words(
        lang=lang,
        headings=headings,
        roles=tuple(roles),
        skills=tuple(skills),
        levels=tuple(label for _, label in levels),
        level_ids=tuple(i for i, _ in levels),
        categories=tuple(sorted(categories)),
        marker=(profile.get("example_markers") or ["e.g."])[0],
        separator=(profile.get("list_separators") or ["&"])[0],
        title_pattern=pattern,
    )


# --------------------------------------------------------------------------- titles


def _write(items, role: str) -> str | None:
    """The shortest text the parsed pattern ``items`` matches, with ``role`` for the named group."""
    import re._constants as c
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.AT:
            continue
        elif op is c.SUBPATTERN:
            group, _add, _del, body = av
            if group is not None and group == _ROLE_GROUP[0]:
                out.append(role)
            else:
                text = _write(body, role)
                if text is None:
                    return None
                out.append(text)
        elif op is c.BRANCH:
            text = _write(av[1][0], role)
            if text is None:
                return None
            out.append(text)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, body = av
            body = list(body)
            if low == 0:
                # an optional single character ("\??", " ?") is written once; longer optional parts are left out
                if len(body) == 1 and body[0][0] is c.LITERAL and chr(body[0][1]) in "? ":
                    out.append(chr(body[0][1]))
                continue
            text = _write(body, role)
            if text is None:
                return None
            out.append(text * low)
        elif op is c.IN:
            literals = [chr(v) for o, v in av if o is c.LITERAL]
            if not literals:
                return None
            out.append(literals[0])
        elif op is c.CATEGORY:
            out.append(" ")
        else:
            return None
    return "".join(out)


_ROLE_GROUP = [None]


def _title_from(pattern: str, role: str) -> str | None:
    import re._parser as parser

    try:
        parsed = parser.parse(pattern, re.I)
    except re.error:
        return None
    _ROLE_GROUP[0] = parsed.state.groupdict.get("role")
    if _ROLE_GROUP[0] is None:
        return None
    text = _write(list(parsed), role)
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).strip()
    text = text[:1].upper() + text[1:]
    m = re.match(pattern, text, re.I)
    if not m or m.group("role").strip().lower() != role.lower():
        return None
    return text


def render_title(pattern: str, role: str) -> str | None:
    """The title that ``pattern`` (a title pattern of ``languages.yaml``) reads ``role`` from.

    >>> render_title(r"^(?:what is|what's) (?:an? |the )?(?P<role>.+?)\\s*\\??$", "support lead")
    'What is support lead?'
    """
    return _title_from(pattern, role)


# --------------------------------------------------------------------------- documents


def _skewed(rng: random.Random, items, k: int = 1) -> list:
    """``k`` distinct items, the first ones of ``items`` drawn far more often (Zipf-like)."""
    items = list(items)
    k = min(k, len(items))
    weights = [1.0 / (i + 1) for i in range(len(items))]
    chosen: list = []
    while len(chosen) < k:
        pick = rng.choices(range(len(items)), weights=weights)[0]
        if items[pick] not in chosen:
            chosen.append(items[pick])
    return chosen


def _sentence(rng: random.Random, w: _Words, n: int = 3) -> str:
    parts = [p.lower() for p in rng.sample(w.skills, min(n, len(w.skills)))]
    text = ", ".join(parts[:-1]) + f" {w.separator} " + parts[-1] if len(parts) > 1 else parts[0]
    return text[:1].upper() + text[1:] + "."


def _list(names: list[str], separator: str) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {separator} " + names[-1]


def _document(rng: random.Random, w: _Words) -> tuple[str, str, list[tuple[str, str]], dict[str, int]]:
    role = _skewed(rng, w.roles)[0]
    role = role[:1].upper() + role[1:]
    title = _title_from(w.title_pattern, role) or role
    lines = [title, w.headings["introduction"]]
    lines += [" ".join(_sentence(rng, w, 4) for _ in range(3)), ""]

    def bullets(kind: str, labels: list[str]) -> list[str]:
        out = [w.headings[kind], _sentence(rng, w), ""]
        out += [f"- {label}: {_sentence(rng, w)}" for label in labels]
        return out + [""]

    skills = rng.sample(w.skills, min(len(w.skills), rng.randint(4, 8)))
    rest = [s for s in w.skills if s not in skills]
    responsibilities = rng.sample(rest, min(len(rest), rng.randint(4, 8)))
    rest = [s for s in rest if s not in responsibilities]
    practices = rng.sample(rest, min(len(rest), rng.randint(3, 6)))
    lines += bullets("responsibilities", responsibilities)
    lines += bullets("skills", skills)

    # no lead-in sentence here: a capitalised skill word opening it can read as a product name
    lines += [w.headings["tools"], ""]
    tools: list[tuple[str, str]] = []
    used: set[str] = set()
    for cat_id, heading, names in sorted(rng.sample(w.categories, min(len(w.categories), rng.randint(3, 6)))):
        picked = [n for n in _skewed(rng, names, rng.randint(2, 4)) if n not in used]
        if not picked:
            continue
        used.update(picked)
        tools += [(name, cat_id) for name in picked]
        lines.append(f"- {heading}: {w.marker} {_list(picked, w.separator)}.")
    lines.append("")

    steps = sorted(rng.sample(range(len(w.levels)), rng.randint(2, min(5, len(w.levels)))))
    titles = rng.sample(w.roles, len(steps))
    lines += [w.headings["career"], _sentence(rng, w), ""]
    lines += [f"- {t[:1].upper() + t[1:]}: {w.levels[i]}. {_sentence(rng, w, 2)}" for t, i in zip(titles, steps)]
    lines.append("")
    lines += bullets("best-practices", practices)
    lines += [w.headings["conclusion"], " ".join(_sentence(rng, w, 4) for _ in range(2)), ""]
    counts = {"responsibilities": len(responsibilities), "skills": len(skills), "tools": len(tools),
              "career_path": len(steps), "best_practices": len(practices)}
    return role, "\n".join(lines), tools, counts


def _slug(text: str) -> str:
    from rolegraph.ontology import normalise

    return re.sub(r"\s+", "-", normalise(text))[:40].strip("-") or "role"


def generate(docs: int, *, languages=None, seed: int = 0, output: str | PathLike) -> SynthCorpus:
    """Write ``docs`` role documents into folder ``output`` and say what each one holds.

    Languages take turns in the order given (default :data:`DEFAULT_LANGUAGES`). File names are
    ``NNNNN-LANG-ROLE.txt``. Existing files of the same names are overwritten; other files are
    left alone. Raises :class:`~rolegraph.errors.UsageError` for a language the vocabulary
    cannot write.
    """
    if docs < 0:
        raise UsageError(f"docs must be 0 or more, got {docs}")
    languages = list(languages or DEFAULT_LANGUAGES)
    words = [_words(lang) for lang in languages]
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(docs)))
    out = []
    for i in range(docs):
        w = words[i % len(words)]
        rng = random.Random(f"{seed}/{i}")  # each document from its own seed: document i never depends on the others
        role, text, tools, counts = _document(rng, w)
        path = folder / f"{i:0{width}d}-{w.lang}-{_slug(role)}.txt"
        path.write_bytes(text.encode("utf-8"))
        out.append(SynthDocument(path=path, language=w.lang, role=role, tools=tuple(tools), counts=counts))
    return SynthCorpus(folder=folder, documents=out)
