"""The graph side of rolegraph: RDF mapping, SHACL validation, store, build and export.

* ``rolegraph.graph.rdf``: an :class:`~rolegraph.model.Extraction` as a document's named graph,
  and the rules that mint IRIs (``role_iri``, ``document_iri`` ...);
* ``rolegraph.graph.validate``: that graph checked against the SHACL shapes of
  ``rolegraph.ontology`` (``validate`` returns a report, ``check`` raises ``ShapeViolation``);
* ``rolegraph.graph.store``, ``rolegraph.graph.build``, ``rolegraph.graph.export``: the persistent
  store, building it from documents, and writing it out;
* ``rolegraph.graph.infer``: RDFS / OWL 2 RL entailments materialised into ``rgid:graph/inferred``
  (``rolegraph build --infer``).

Modules are imported on first use; importing this package reads nothing.
"""

from __future__ import annotations
