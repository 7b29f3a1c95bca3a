"""Finding named software products and their categories (interface; implementation pending).

The structure parser (``loaders.text``) hands the entries of a document's tools section to
:func:`tools_in_section`, and the lines outside it to :func:`tools_in_prose`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rolegraph.model import ToolMention

__all__ = ["Entry", "tools_in_section", "tools_in_prose", "category_id"]


@dataclass(frozen=True)
class Entry:
    """One bullet (or table row, or paragraph) of a tools section, as the structure parser found it.

    ``label`` is the text before a "Label: description" colon (``None`` when there is none),
    ``text`` the text after it (or the whole bullet), ``group`` the sub-heading the bullet stands
    under (``None`` when there is none) and ``line`` the 1-based line in the source file.
    """

    label: str | None
    text: str
    line: int
    group: str | None = None


def tools_in_section(entries: list[Entry], lang: str) -> list[ToolMention]:
    """The products named in a tools section, once per (product, category)."""
    raise NotImplementedError


def tools_in_prose(lines: list[tuple[int, str]], lang: str, *, known: set[str]) -> list[ToolMention]:
    """Catalogued products named in running text ``(line, text)``, skipping names in ``known``."""
    raise NotImplementedError


def category_id(heading: str, lang: str) -> str | None:
    """The id of the tool category a heading names ("Help Desk -ohjelmisto" -> "help-desk")."""
    raise NotImplementedError
