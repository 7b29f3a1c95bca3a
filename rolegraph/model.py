"""What a loader finds in one document, as plain values.

Loaders return an :class:`Extraction`; ``graph.rdf`` turns it into RDF and
:meth:`Extraction.to_contract` into the JSON of ``rolegraph extract --format json``.
Line numbers are 1-based lines of the source file (0 when an item has no single line).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Item", "ToolMention", "CareerStep", "Section", "Extraction"]


@dataclass(frozen=True)
class Item:
    """A responsibility, skill or best practice as the document writes it.

    ``label`` is the name ("Team leadership"; for "Label: description" bullets, the part before the
    colon), ``description`` the rest, ``group`` the sub-heading it stands under, if any, and
    ``frequency`` the ids of the frequency concepts (``daily``, ``weekly`` ...) given for it.
    """

    label: str
    line: int = 0
    description: str = ""
    group: str | None = None
    frequency: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolMention:
    """One named software product under one category in one document.

    ``name`` is the canonical product name (from the tool catalogue, or as written when the
    catalogue does not know it), ``mention`` the text as written, ``category`` the category
    heading as written and ``category_id`` the id of the canonical category.
    """

    name: str
    mention: str
    category: str
    category_id: str
    line: int = 0
    catalogued: bool = False


@dataclass(frozen=True)
class CareerStep:
    """One step of a career path, in order from entry level upward.

    ``level`` is the id of a career-level concept (``entry``, ``mid``, ``senior``, ``management``,
    ``executive``); ``role`` a job title the step names, if any.
    """

    label: str
    level: str
    line: int = 0
    description: str = ""
    role: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Section:
    """A section of the document: its kind (a section-scheme id, or ``other``) and heading."""

    kind: str
    heading: str
    line: int


@dataclass
class Extraction:
    """Everything a loader found in one document."""

    document: str
    path: str
    language: str
    content_hash: str
    role: Item | None
    title: str = ""
    role_alt_labels: tuple[str, ...] = ()
    published: str | None = None
    url: str | None = None
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    responsibilities: list[Item] = field(default_factory=list)
    skills: list[Item] = field(default_factory=list)
    tools: list[ToolMention] = field(default_factory=list)
    career_path: list[CareerStep] = field(default_factory=list)
    best_practices: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON object of the extraction contract (``../shared/README.md``), plus extras."""
        from rolegraph.graph.rdf import role_iri  # the IRI rule lives with the RDF mapping

        def item(it: Item) -> dict:
            out = {"label": it.label, "line": it.line}
            if it.description:
                out["description"] = it.description
            if it.group:
                out["group"] = it.group
            if it.frequency:
                out["frequency"] = list(it.frequency)
            return out

        role = None
        if self.role is not None:
            role = {
                "label": self.role.label,
                "iri": str(role_iri(self.role.label, self.language)),
                "line": self.role.line,
            }
            if self.role_alt_labels:
                role["alt_labels"] = list(self.role_alt_labels)
        return {
            "document": self.document,
            "language": self.language,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "content_hash": self.content_hash,
            "encoding": self.encoding,
            "role": role,
            "responsibilities": [item(i) for i in self.responsibilities],
            "skills": [item(i) for i in self.skills],
            "tools": [asdict(t) for t in self.tools],
            "career_path": [
                {k: v for k, v in asdict(s).items() if v not in (None, "")} for s in self.career_path
            ],
            "best_practices": [item(i) for i in self.best_practices],
            "sections": [asdict(s) for s in self.sections],
            "warnings": list(self.warnings),
        }
