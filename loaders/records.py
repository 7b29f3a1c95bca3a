"""Structured role records: YAML and JSON role files, and CSV exports of role, tool, category rows.

HR systems and job-description libraries keep roles as records rather than prose. These load into
the same :class:`~rolegraph.model.Extraction` as an article, so they go through the same RDF
mapping and the same SHACL shapes.

YAML and JSON (``.yaml``, ``.yml``, ``.json``)
----------------------------------------------

A file holds one record, a list of records, or a mapping with a ``roles`` list::

    role: Customer service manager        # required: the role's label (or {label, alt_labels})
    language: en                          # ISO 639-1 code; detected from the labels when absent
    title: Customer service manager (m/f/d)   # optional
    published: 2025-03-01                 # optional date
    url: https://example.org/roles/csm    # optional
    responsibilities:                     # each a label, or {label, description, frequency}
      - Team leadership
      - {label: Queue supervision, frequency: [daily]}
    skills: [Empathy, {label: Data analysis, description: Reading dashboards}]
    tools:                                # each {name, category} or a bare name
      - {name: Zendesk, category: Help desk}
      - Salesforce                        # category: the catalogue's default
    career_path:                          # in order; each a label or {label, level, role, description}
      - {label: Agent, level: entry}
      - Team leader
    best_practices: [Measure satisfaction]

``frequency`` holds ids or words of the ``frequencies`` scheme ("daily", "weekly" ...);
``level`` an id or word of the ``levels`` scheme; without one the level is read from the label,
else taken from the step's position, never decreasing. A tool's ``category`` is a category id
("help-desk") or a label in any language ("Help desk", "Asiakaspalveluohjelmisto"); a category
nobody knows is kept as written under ``other``. Keys are case-insensitive.

CSV (``.csv``)
--------------

One row per role, tool and category, the shape HR systems export. The header names the columns,
case-insensitively and in any order: ``role``, ``tool`` and ``category`` are required,
``language`` and ``document`` optional. The delimiter (``,``, ``;``, tab) is sniffed. Rows with
the same document, role and language make one extraction, so a file of several roles gives
several documents (named ``file.csv#lang/role``, or ``file.csv#document/lang/role`` when the
``document`` column is filled).

Errors: a row without a role or tool, a row with more cells than the header, a record without a
role, a tool without a name, a value of the wrong kind: :class:`~rolegraph.errors.LoaderError`
naming the file and line. Unknown keys are reported as warnings, not refused.

>>> from pathlib import Path
>>> [ex.role.label for ex in load(Path("staff.csv"), "role,tool,category,language\\nTeam lead,Zendesk,Help desk,en\\n")]
['Team lead']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import OrderedDict
from pathlib import Path

from rolegraph.errors import LoaderError
from rolegraph.loaders import _tools as _tools_finder
from rolegraph.model import CareerStep, Extraction, Item, ToolMention

__all__ = ["load", "looks_like_records", "RECORD_KEYS", "CSV_COLUMNS"]

#: The keys a YAML/JSON role record may have.
RECORD_KEYS = ("role", "language", "title", "published", "url", "responsibilities", "skills", "tools",
               "career_path", "best_practices")
#: The columns a CSV export may have (the first three are required).
CSV_COLUMNS = ("role", "tool", "category", "language", "document")


def load(path: str | Path, text: str, *, encoding: str = "utf-8", digest: str = "") -> list[Extraction]:
    """Read a YAML, JSON or CSV file of role records: one :class:`Extraction` per role.

    Raises :class:`~rolegraph.errors.LoaderError` naming the file and line of the first bad
    record or row.
    """
    path = Path(path)
    if not text.strip():
        raise LoaderError("empty document (nothing but whitespace)", path=str(path))
    if path.suffix.lower() == ".csv":
        return _load_csv(path, text, encoding, digest)
    return _load_records(path, text, encoding, digest)


def looks_like_records(path: str | Path, text: str) -> bool:
    """Whether a file met while walking a folder holds role records (other JSON, YAML and CSV
    files, such as annotations or settings, are left alone).

    A YAML or JSON file does when it is a record, a list of records or ``{roles: [...]}``, a
    record being a mapping with ``role`` and no keys but :data:`RECORD_KEYS`; a CSV file when
    its header has the columns role, tool and category.

    >>> looks_like_records("a.csv", "Role;Tool;Category\\nLead;Zendesk;Help desk\\n")
    True
    >>> looks_like_records("gold.json", '{"document": "a.md", "role": {"label": "Lead"}}')
    False
    """
    if Path(path).suffix.lower() == ".csv":
        first = next((ln for ln in text.split("\n") if ln.strip()), "")
        cells = {c.strip().strip('"').lower().lstrip("\ufeff") for c in re.split(r"[,;\t]", first)}
        return set(CSV_COLUMNS[:3]) <= cells
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    if isinstance(data, dict) and set(map(str, data)) == {"roles"}:
        data = data["roles"]
    records = data if isinstance(data, list) else [data]
    return bool(records) and all(
        isinstance(r, dict) and "role" in {str(k).lower() for k in r}
        and {str(k).lower() for k in r} <= set(RECORD_KEYS) for r in records)


# ---------------------------------------------------------------------------------------------
# YAML and JSON


def _load_records(path: Path, text: str, encoding: str, digest: str) -> list[Extraction]:
    import yaml

    where = str(path)
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise LoaderError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=where, line=exc.lineno) from exc
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise LoaderError(f"not valid YAML: {problem}", path=where, line=mark.line + 1 if mark else None) from exc

    if isinstance(data, dict) and "roles" in {str(k).lower() for k in data} and "role" not in {str(k).lower() for k in data}:
        key_node, value_node = next((k, v) for k, v in node.value if str(k.value).lower() == "roles")
        records = [(r, n) for r, n in zip(_get(data, "roles") or [], getattr(value_node, "value", []))]
        if not isinstance(_get(data, "roles"), list):
            raise LoaderError("'roles' must be a list of role records", path=where, line=key_node.start_mark.line + 1)
    elif isinstance(data, list):
        records = list(zip(data, node.value))
    elif isinstance(data, dict):
        records = [(data, node)]
    else:
        raise LoaderError("expected a role record (a mapping with 'role') or a list of them", path=where, line=1)
    if not records:
        raise LoaderError("no role records in the file", path=where)
    out = []
    for n, (record, rnode) in enumerate(records, start=1):
        name = path.name if len(records) == 1 else f"{path.name}#{n}"
        out.append(_record(path, name, record, rnode, encoding, digest))
    return out


def _get(mapping: dict, key: str):
    for k, v in mapping.items():
        if str(k).lower() == key:
            return v
    return None


def _line_of(node) -> int:
    return node.start_mark.line + 1 if node is not None and hasattr(node, "start_mark") else 0


def _child(node, key: str):
    """The value node under ``key`` of a mapping node (``None`` when absent)."""
    for k, v in getattr(node, "value", []) if node is not None and node.id == "mapping" else []:
        if str(k.value).lower() == key:
            return v
    return None


def _record(path: Path, name: str, record, node, encoding: str, digest: str) -> Extraction:
    where, line = str(path), _line_of(node)
    if not isinstance(record, dict):
        raise LoaderError("a role record must be a mapping with 'role'", path=where, line=line)
    warnings = [f"line {_line_of(k)}: unknown key {k.value!r} ignored" for k, _ in node.value
                if str(k.value).lower() not in RECORD_KEYS]
    role_value = _get(record, "role")
    alt: list[str] = []
    if isinstance(role_value, dict):
        alt = [str(a) for a in (_get(role_value, "alt_labels") or [])]
        role_value = _get(role_value, "label")
    if not isinstance(role_value, (str, int, float)) or not str(role_value).strip():
        raise LoaderError("the record has no 'role' (the role's label)", path=where, line=line)
    role = str(role_value).strip()
    role_line = _line_of(_child(node, "role")) or line

    def strings(key: str) -> list[str]:
        value = _get(record, key)
        return [str(v) for v in value] if isinstance(value, list) else []

    lang = _language(_get(record, "language"), [role, *strings("responsibilities"), *strings("skills")])
    if lang is None:
        lang = "und"
        warnings.append("no language given and none could be told from the labels")

    def entries(key: str):
        value, vnode = _get(record, key), _child(node, key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise LoaderError(f"'{key}' must be a list", path=where, line=_line_of(vnode) or line)
        return list(zip(value, vnode.value))

    def items(key: str) -> list[Item]:
        out = []
        for value, inode in entries(key):
            at = _line_of(inode)
            if isinstance(value, dict):
                label = _get(value, "label") or _get(value, "name")
                if not isinstance(label, (str, int, float)) or not str(label).strip():
                    raise LoaderError(f"an entry of '{key}' has no 'label'", path=where, line=at)
                freq = _get(value, "frequency") or []
                freq = [freq] if isinstance(freq, str) else freq
                out.append(Item(str(label).strip(), line=at, description=str(_get(value, "description") or ""),
                                group=_get(value, "group"), frequency=_frequencies(freq, lang, where, at)))
            elif isinstance(value, (str, int, float)) and str(value).strip():
                out.append(Item(str(value).strip(), line=at))
            else:
                raise LoaderError(f"an entry of '{key}' is neither a label nor a mapping with 'label'", path=where, line=at)
        return out

    tools = []
    for value, tnode in entries("tools"):
        at = _line_of(tnode)
        if isinstance(value, dict):
            tname, category = _get(value, "name"), _get(value, "category")
        else:
            tname, category = value, None
        if not isinstance(tname, (str, int, float)) or not str(tname).strip():
            raise LoaderError("a tool has no 'name'", path=where, line=at)
        tools.append(_tool(str(tname).strip(), str(category).strip() if category else "", lang, at, warnings))

    career = []
    for value, snode in entries("career_path"):
        at = _line_of(snode)
        if isinstance(value, dict):
            label = _get(value, "label")
            level, step_role, desc = _get(value, "level"), _get(value, "role"), _get(value, "description")
        else:
            label, level, step_role, desc = value, None, None, None
        if not isinstance(label, (str, int, float)) or not str(label).strip():
            raise LoaderError("a career step has no 'label'", path=where, line=at)
        career.append((str(label).strip(), level, step_role, str(desc or ""), at))

    published = _get(record, "published")
    return Extraction(
        document=name,
        path=str(path),
        language=lang,
        content_hash=digest,
        role=Item(role, line=role_line),
        title=str(_get(record, "title") or ""),
        role_alt_labels=tuple(alt),
        published=_date(published),
        url=str(_get(record, "url")) if _get(record, "url") else None,
        media_type="application/json" if path.suffix.lower() == ".json" else "application/yaml",
        encoding=encoding,
        responsibilities=items("responsibilities"),
        skills=items("skills"),
        tools=_tools_finder.dedupe(tools),
        career_path=_career(career, lang, where),
        best_practices=items("best_practices"),
        warnings=warnings,
    )


def _date(value) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    from rolegraph.loaders._markup import parse_date

    return parse_date(str(value))


def _frequencies(values, lang: str, where: str, line: int) -> tuple[str, ...]:
    from rolegraph.ontology import scheme

    s = scheme("frequencies")
    out = []
    for v in values:
        v = str(v).strip()
        found = [v] if v in s.concepts else s.find(v, lang)
        if not found:
            raise LoaderError(f"unknown frequency {v!r}; use one of {', '.join(s.concepts)}", path=where, line=line)
        out.extend(f for f in found if f not in out)
    return tuple(out)


def _career(steps, lang: str, where: str) -> list[CareerStep]:
    from rolegraph.ontology import scheme

    levels = scheme("levels")
    ranks = {cid: c.rank or 0 for cid, c in levels.concepts.items()}
    by_rank = {r: cid for cid, r in ranks.items()}
    n, prev, out = len(steps), 0, []
    for idx, (label, level, step_role, desc, line) in enumerate(steps):
        if level:
            level = str(level).strip()
            found = level if level in levels.concepts else levels.first(level, lang)
            if not found:
                raise LoaderError(f"unknown career level {level!r}; use one of {', '.join(levels.concepts)}",
                                  path=where, line=line)
        else:
            found = levels.first(label, lang, every_language=False)
        rank = ranks[found] if found else (1 + round(4 * idx / (n - 1)) if n > 1 else 1)
        rank = max(rank, prev)
        prev = rank
        out.append(CareerStep(label=label, level=by_rank.get(rank, "entry"), line=line, description=desc,
                              role=str(step_role).strip() if step_role else None))
    return out


# ---------------------------------------------------------------------------------------------
# tools and language


def _tool(name: str, category: str, lang: str, line: int, warnings: list[str]) -> ToolMention:
    from rolegraph.loaders._tools import category_id, category_label
    from rolegraph.ontology import catalogue, scheme

    entry = catalogue().lookup(name)
    cid = None
    if category:
        cid = category if category in scheme("categories").concepts else category_id(category, lang)
        if cid is None:
            warnings.append(f"line {line}: category {category!r} is not in the category scheme; filed under 'other'")
            cid = "other"
    elif entry is not None:
        cid = entry.category
    else:
        cid = "other"
    written = category if category and category not in scheme("categories").concepts else category_label(cid, lang)
    return ToolMention(name=entry.name if entry else name, mention=name, category=written, category_id=cid,
                       line=line, catalogued=entry is not None)




def _language(value, labels: list[str]) -> str | None:
    """The record's language: as given, else the one language whose occupation labels know the
    role, else detected from the labels (when there are words enough)."""
    if isinstance(value, str) and value.strip():
        return re.split(r"[-_]", value.strip().lower())[0]
    from rolegraph.ontology import normalise, scheme

    if labels:
        key = normalise(labels[0])
        langs = {lang for c in scheme("occupations").concepts.values()
                 for lang in c.pref if lang != "*" and key in {normalise(c.pref[lang]), *map(normalise, c.alt.get(lang, []))}}
        if len(langs) == 1:
            return langs.pop()
    text = " ".join(labels)
    if len(text.split()) >= 6:
        import py3langid

        code, _ = py3langid.classify(text)
        return code
    return None


# ---------------------------------------------------------------------------------------------
# CSV


def _load_csv(path: Path, text: str, encoding: str, digest: str) -> list[Extraction]:
    where = str(path)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    for row in reader:
        rows.append((reader.line_num, row))
    # the header: the first row that is not blank
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if not rows:
        raise LoaderError("no rows", path=where)
    head_line, header = rows[0]
    columns = [c.strip().lower().lstrip("\ufeff") for c in header]
    missing = [c for c in CSV_COLUMNS[:3] if c not in columns]
    if missing:
        raise LoaderError(f"header needs the columns role, tool and category; missing: {', '.join(missing)} "
                          f"(found: {', '.join(columns)})", path=where, line=head_line)
    index = {c: columns.index(c) for c in CSV_COLUMNS if c in columns}
    warnings = [f"line {head_line}: unknown column {c!r} ignored" for c in columns if c and c not in CSV_COLUMNS]
    groups: "OrderedDict[tuple[str, str, str], list[tuple[int, str, str]]]" = OrderedDict()
    for line, row in rows[1:]:
        if len(row) > len(columns) and any(c.strip() for c in row[len(columns):]):
            raise LoaderError(f"row has {len(row)} cells, header has {len(columns)}", path=where, line=line)

        def cell(name: str) -> str:
            j = index.get(name)
            return row[j].strip() if j is not None and j < len(row) else ""

        role, tool = cell("role"), cell("tool")
        if not role:
            raise LoaderError("row has no role", path=where, line=line)
        if not tool:
            raise LoaderError("row has no tool", path=where, line=line)
        groups.setdefault((cell("document"), role, cell("language").lower()), []).append((line, tool, cell("category")))
    if not groups:
        raise LoaderError("header only, no rows", path=where, line=head_line)
    out = []
    for (document, role, lang_value), found in groups.items():
        lang = _language(lang_value, [role] + [c for _, _, c in found if c]) or "und"
        notes = list(warnings)
        if lang == "und":
            notes.append("no language column and none could be told from the labels")
        tools = _tools_finder.dedupe([_tool(t, c, lang, line, notes) for line, t, c in found])
        name = "/".join(p for p in (document, lang, role) if p)
        out.append(Extraction(
            document=f"{path.name}#{name}",
            path=str(path),
            language=lang,
            content_hash=digest,
            role=Item(role, line=found[0][0]),
            title=document,
            media_type="text/csv",
            encoding=encoding,
            tools=tools,
            warnings=notes,
        ))
    return out
