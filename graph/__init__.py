"""The graph side of rolegraph: RDF mapping, SHACL validation, store, build and export.

Modules are imported on first use: ``rolegraph.graph.rdf`` turns an
:class:`~rolegraph.model.Extraction` into a document's named graph, ``rolegraph.graph.validate``
checks it against the SHACL shapes of ``rolegraph.ontology``.
"""

from __future__ import annotations
