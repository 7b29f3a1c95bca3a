"""An :class:`~rolegraph.model.Extraction` as RDF: the named graph of one document.

Every IRI is minted from the text of the document by a rule, so the same input gives the same
graph. The rules:

* ``rgid:role/{lang}/{slug}``: one role per label in its language (:func:`role_iri`);
* ``rgid:doc/{slug}``: the document, from the path as given (:func:`document_iri`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from rolegraph.namespaces import RGID

__all__ = ["slug", "role_iri", "document_iri"]


def slug(text: str) -> str:
    """A path segment for ``text``: NFC, case-folded, runs of non-letters as one ``-``.

    Letters outside ASCII stay (IRIs allow them), so no two languages collide by transliteration.
    Text with no letter or digit gets a short hash instead.

    >>> slug("Asiakaspalvelun Johtaja")
    'asiakaspalvelun-johtaja'
    >>> slug("Dyrektor ds. obsługi klienta")
    'dyrektor-ds-obsługi-klienta'
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())
    out = re.sub(r"[\W_]+", "-", folded).strip("-")
    if not out:
        out = "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return out


def _lang(lang: str) -> str:
    return slug(lang or "und")


def role_iri(label: str, lang: str) -> URIRef:
    """The IRI of the role named ``label`` in language ``lang``.

    >>> str(role_iri("Kundtjänstteamledare", "sv"))
    'https://w3id.org/rolegraph/id/role/sv/kundtjänstteamledare'
    """
    return RGID[f"role/{_lang(lang)}/{slug(label)}"]


def document_iri(document: str) -> URIRef:
    """The IRI of a document (and of its named graph), from its path as given.

    >>> str(document_iri("seeds/002.txt"))
    'https://w3id.org/rolegraph/id/doc/seeds-002-txt'
    """
    return RGID[f"doc/{slug(document)}"]
