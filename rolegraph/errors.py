"""The exceptions rolegraph raises, as one tree.

Every error the library raises on purpose derives from :class:`RolegraphError`, so a caller can
catch that one class. The command line turns each into a one-line message and an exit code:

========================  ==========  =====================================================
exception                 exit code   raised when
========================  ==========  =====================================================
``RolegraphError``        1           anything else that went wrong on purpose
``UsageError``            2           the arguments do not make sense together
``LoaderError``           3           a document cannot be read or has no usable content
``ShapeViolation``        4           a document's graph does not conform to the SHACL shapes
``QueryError``            5           a query does not parse, or a parameter is unknown
``StoreError``            6           the store cannot be opened, read or written
========================  ==========  =====================================================

``rolegraph build`` exits 0 when every document entered the store and 3 (or 4) when at least one
was refused; the documents that passed are in the store either way.

A build refuses a document with ``LoaderError`` (exit code 3) when it is empty or only whitespace,
binary (NUL bytes), not text in UTF-8, UTF-16 (with BOM) or a Windows/ISO single-byte encoding,
over 4 MiB (``rolegraph.loaders.MAX_BYTES``), a text or Markdown file with a line over 100,000
characters (``MAX_LINE``; the message names the line), not a regular file (a FIFO, a broken link,
a link loop), the same bytes as another file of the build, or without usable content; and with
``ShapeViolation`` (exit code 4) when its graph fails the shapes (no role named, for instance).
A refused document leaves the store as it was, an older version of it included.

Messages name the place first, the way compilers do: ``docs/lead.md:41: table row has 2 cells,
header has 3``.
"""

from __future__ import annotations

__all__ = [
    "RolegraphError",
    "UsageError",
    "LoaderError",
    "ShapeViolation",
    "QueryError",
    "StoreError",
]


class RolegraphError(Exception):
    """Base class of every error rolegraph raises on purpose."""

    exit_code = 1


class UsageError(RolegraphError):
    """The arguments of a call do not make sense together."""

    exit_code = 2


class LoaderError(RolegraphError):
    """A document cannot be read, decoded or understood.

    ``path`` and ``line`` (1-based, or ``None``) say where; ``str(error)`` starts with them.
    """

    exit_code = 3

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message)


class ShapeViolation(RolegraphError):
    """A document's graph does not conform to the SHACL shapes.

    ``results`` holds one human-readable line per violation; ``document`` names the source.
    """

    exit_code = 4

    def __init__(self, document: str, results: list[str]):
        self.document = document
        self.results = list(results)
        head = f"{document}: {len(self.results)} shape violation(s)"
        super().__init__(head + ("; " + "; ".join(self.results[:3]) if self.results else ""))


class QueryError(RolegraphError):
    """A query does not parse, names an unknown query, or gets a bad parameter."""

    exit_code = 5


class StoreError(RolegraphError):
    """The store cannot be opened, read or written."""

    exit_code = 6
