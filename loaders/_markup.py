"""Reading the surface of plain text and Markdown: lines, bullets, tables, front matter, dates.

Nothing here knows about roles; :mod:`rolegraph.loaders.text` builds the document structure on
top of the :class:`Line` records made here. Language-specific words (month names) come from
``ontology/languages.yaml``.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from dataclasses import dataclass

import yaml

from rolegraph.ontology import language_profiles, normalise

__all__ = [
    "Line",
    "split_front_matter",
    "parse_lines",
    "clean_inline",
    "split_label",
    "table_cells",
    "is_table_separator",
    "parse_date",
    "words",
    "strip_symbols",
]

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# list markers: ASCII, typographic bullets, dashes, arrows and check marks ("– item", "✓ item")
_BULLET = re.compile(r"^(\s*)(?:[-*+•●▪◦‣·–—►▸▹➤➢→✓✔☑■□◆◇❖]|\d{1,2}[.)])\s+(\S.*)$")
_RULE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SYMBOLS = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]+")


@dataclass
class Line:
    """One source line, classified.

    ``kind`` is ``blank``, ``heading`` (Markdown ``#``), ``bullet``, ``table``, ``rule`` or
    ``text``; ``text`` is the content with inline Markdown reduced to plain text, ``level`` the
    heading level (Markdown) or the indentation of a bullet, ``no`` the 1-based line number.
    ``bold`` is the text of a bold run that opens the line ("**Label**: ..."), if any.
    """

    no: int
    raw: str
    kind: str
    text: str = ""
    level: int = 0
    bold: str | None = None
    indent: int = 0
    dropped: bool = False
    numbered: bool = False


def split_front_matter(text: str) -> tuple[dict, int, str | None]:
    """``(metadata, number of lines it takes, problem)`` for a YAML block opened by ``---``."""
    if not text.startswith("---"):
        return {}, 0, None
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, 0, None
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            block = "\n".join(lines[1:i])
            try:
                data = yaml.safe_load(block) if block.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                return {}, i + 1, f"front matter is not valid YAML{where}; ignored"
            if not isinstance(data, dict):
                return {}, i + 1, "front matter is not a mapping; ignored"
            return data, i + 1, None
    return {}, 0, None


def clean_inline(text: str) -> str:
    """Reduce inline Markdown (links, emphasis, code, HTML tags) to its text.

    >>> clean_inline("**Onboarding** with [HubSpot](https://hubspot.com) and `Jira`")
    'Onboarding with HubSpot and Jira'
    """
    if not _MARKUP_CHARS.intersection(text):  # most lines: nothing for the patterns below to match
        return " ".join(text.split())
    for pattern, replacement in _inline_markup():
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text).strip()


#: Every pattern of :func:`_inline_markup` needs one of these characters to match.
_MARKUP_CHARS = frozenset("[<*_`\\")


@cache
def _inline_markup() -> tuple[tuple[re.Pattern, str], ...]:
    """The substitutions of :func:`clean_inline`, in order, compiled once."""
    return tuple((re.compile(pattern), replacement) for pattern, replacement in (
        (r"!\[([^\]]*)\]\([^)]*\)", r"\1"),
        (r"\[([^\]]+)\]\([^)]*\)", r"\1"),
        (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),
        (r"<(https?://[^>]+)>", r"\1"),
        (r"</?[A-Za-z][^>]*>", ""),
        (r"\*\*(.+?)\*\*", r"\1"),
        (r"__(.+?)__", r"\1"),
        (r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])", r"\1"),
        (r"(?<![\w_])_(\S(?:[^_]*?\S)?)_(?![\w_])", r"\1"),
        (r"`([^`]*)`", r"\1"),
        (r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1"),
    ))


def _bold_lead(text: str) -> str | None:
    m = re.match(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)", text)
    return clean_inline(m.group(1)).rstrip(":：").strip() if m else None


def parse_lines(text: str, *, first_line: int = 1, markdown: bool = True) -> list[Line]:
    """Classify every line of ``text`` (which starts at source line ``first_line``)."""
    out: list[Line] = []
    raw_lines = text.split("\n")
    for i, raw in enumerate(raw_lines):
        no = first_line + i
        stripped = raw.strip()
        if not stripped:
            out.append(Line(no, raw, "blank"))
            continue
        if _RULE.match(raw):
            # a setext underline turns the previous text line into a heading
            if markdown and out and out[-1].kind == "text" and set(stripped) <= {"=", "-"}:
                out[-1].kind = "heading"
                out[-1].level = 1 if stripped[0] == "=" else 2
                out.append(Line(no, raw, "rule"))
                continue
            out.append(Line(no, raw, "rule"))
            continue
        m = _MD_HEADING.match(raw) if markdown else None
        if m and m.group(2):
            out.append(Line(no, raw, "heading", clean_inline(m.group(2)), level=len(m.group(1))))
            continue
        if not re.search(r"\w", stripped) and not (stripped.startswith("|") and _TABLE_SEP.match(stripped)):
            # decoration only: "***", "-", "|"
            out.append(Line(no, raw, "rule"))
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            out.append(Line(no, raw, "table", stripped))
            continue
        m = _BULLET.match(raw)
        if m:
            indent = len(m.group(1).expandtabs(4))
            body = m.group(2)
            numbered = raw.lstrip()[:1].isdigit()
            out.append(Line(no, raw, "bullet", clean_inline(body), bold=_bold_lead(body), indent=indent, numbered=numbered))
            continue
        indent = len(raw) - len(raw.lstrip())
        out.append(Line(no, raw, "text", clean_inline(stripped), bold=_bold_lead(stripped), indent=indent))
    _tables_without_outer_pipes(out)
    return out


def _tables_without_outer_pipes(lines: list[Line]) -> None:
    """``a | b`` over ``---|---``: a pipe table written without the outer pipes."""
    for i in range(len(lines) - 1):
        head, sep = lines[i], lines[i + 1]
        if head.kind != "text" or "|" not in head.raw or sep.kind not in ("rule", "text"):
            continue
        if not (_TABLE_SEP.match(sep.raw.strip()) and "|" in sep.raw):
            continue
        j = i
        while j < len(lines) and "|" in lines[j].raw and lines[j].kind in ("text", "rule", "table"):
            lines[j].kind, lines[j].text = "table", lines[j].raw.strip()
            j += 1


def table_cells(row: str) -> list[str]:
    """The cells of a pipe-table row, inline Markdown cleaned."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells = re.split(r"(?<!\\)\|", row)
    return [clean_inline(c.replace("\\|", "|")) for c in cells]


def is_table_separator(row: str) -> bool:
    """Whether a pipe-table row is the ``|---|---|`` line under the header."""
    return bool(_TABLE_SEP.match(row))


def words(text: str) -> list[str]:
    """The words of ``text`` (letters, digits, inner hyphens and apostrophes)."""
    return re.findall(r"\w+(?:[-'’]\w+)*", text)


def strip_symbols(text: str) -> str:
    """``text`` without emoji and pictographs ("Key takeaways 🔑" -> "Key takeaways")."""
    return _SYMBOLS.sub("", text).strip()


def split_label(text: str, bold: str | None = None) -> tuple[str, str]:
    """``(label, description)`` of a bullet: "Label: description", "**Label** - description".

    A plain bullet is its own label (without a final period); a very long one is cut to its
    first clause.

    >>> split_label("Team leadership: Guide the team.")
    ('Team leadership', 'Guide the team.')
    """
    text = text.strip()
    if bold and text.startswith(bold) and len(bold.split()) <= 12:
        rest = text[len(bold):].lstrip()
        if rest[:1] in (":", "：", "–", "—", "-", ".") or not rest:
            return bold.strip().rstrip(":."), rest[1:].strip() if rest else ""
    m = re.match(r"^(.{2,120}?)\s*[:：]\s+(.*)$", text)
    if m and not re.search(r"https?$", m.group(1)) and len(m.group(1).split()) <= 12:
        return m.group(1).strip(), m.group(2).strip()
    if text.endswith(":") and len(text.split()) <= 12:
        return text[:-1].strip(), ""
    m = re.match(r"^(.{2,80}?)\s+[–—]\s+(.*)$", text)
    if m and len(m.group(1).split()) <= 8:
        return m.group(1).strip(), m.group(2).strip()
    label = text.rstrip(" .;")
    if len(label.split()) > 18:
        m = re.match(r"^(.+?)\s*[,;(–—]\s", label)
        if m and len(m.group(1).split()) >= 3:
            return m.group(1).strip(), text
    return label, ""


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
# a day may carry an ordinal suffix ("3rd", "1er") and a year a unit letter ("2024 m.", "2024. g.")
_MONTH_FIRST = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:[^\W\d_]{1,3})?\.?,?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:[^\W\d_]{1,3})?\.?\s+(?:[^\W\d_]{1,3}\s+)?([^\W\d_]{3,})\.?,?\s+(?:[^\W\d_]{1,3}\s+)?(\d{4})\.?(?:\s*[^\W\d_]{1,2}\.?)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})\.?\s+(?:[^\W\d_]{1,4}\.?\s+)?([^\W\d_]{3,})\.?\s+(\d{1,2})\.?(?:\s*[^\W\d_]{1,2}\.?)?$")
_DATE_LEAD = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+)?\s*[:：]\s*")


def _month(name: str, lang: str | None) -> int | None:
    name = normalise(name)
    profiles = language_profiles()
    order = ([lang] if lang in profiles else []) + [code for code in profiles if code != lang]
    for code in order:
        for i, prefix in enumerate(profiles[code].get("months") or []):
            if name.startswith(normalise(str(prefix))):
                return i + 1
    return None


def parse_date(text: str, lang: str | None = None) -> str | None:
    """The ISO date of a line that holds only a date, or ``None``.

    Page furniture around the date is allowed: "Published on March 3, 2025 · 7 min read".

    >>> parse_date("October 31, 2024"), parse_date("12 februari 2025", "nl"), parse_date("31.10.2024")
    ('2024-10-31', '2025-02-12', '2024-10-31')
    """
    text = text.strip()
    if len(text) > 80:
        return None
    text = re.sub(r"(\d{4})(?=\d{1,3}\s*[^\W\d_])", r"\1 ", text)  # "May 08, 202410 MINS READ"
    for part in re.split(r"\s+[·|•–—]\s+", text):
        tokens = part.split()
        n = len(tokens)
        for skip in range(0, min(4, n - 1) + 1 if n else 0):  # "Mis à jour le 3 mars 2025"
            for cut in range(0, min(3, n - skip - 1) + 1):
                found = _date_only(" ".join(tokens[skip:n - cut]), lang)
                if found:
                    return found
    return None


def _date_only(text: str, lang: str | None) -> str | None:
    text = text.strip().strip("*_ ")
    text = _DATE_LEAD.sub("", text) if len(text) < 60 else text
    parts = None
    m = _ISO.match(text)
    if m:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    elif (m := _DMY.match(text)):
        parts = (int(m.group(3)), int(m.group(2)), int(m.group(1)))
    elif (m := _MONTH_FIRST.match(text)) and (month := _month(m.group(1), lang)):
        parts = (int(m.group(3)), month, int(m.group(2)))
    elif (m := _DAY_FIRST.match(text)) and (month := _month(m.group(2), lang)):
        parts = (int(m.group(3)), month, int(m.group(1)))
    elif (m := _YEAR_FIRST.match(text)) and (month := _month(m.group(2), lang)):
        parts = (int(m.group(1)), month, int(m.group(3)))
    if parts is None:
        return None
    try:
        return _dt.date(*parts).isoformat()
    except ValueError:
        return None
