"""Scheme.find remembers its answers: asked again, the same answer, whatever the caller did with the first."""

from __future__ import annotations

import dataclasses

import rolegraph.ontology as ontology
from rolegraph.ontology import scheme

ASKED = [("Katru dienu vai nedēļu", "lv", True), ("weekly and monthly", "en", True), ("viikoittain", "fi", True),
         ("weekly", "lv", False), ("weekly", "lv", True), ("", "en", True), ("daily", None, True)]


def _fresh(name: str):
    """The scheme with nothing remembered yet (a copy with its own caches)."""
    return dataclasses.replace(scheme(name))


def test_answers_asked_again_are_the_first_answers():
    first = [_fresh("frequencies").find(text, lang, every_language=every) for text, lang, every in ASKED]
    assert first[0] == ["daily", "weekly"]
    assert first[3] == [] and first[4] == ["weekly"]  # only the document's language, then every language
    remembering = _fresh("frequencies")
    for _ in range(2):
        assert [remembering.find(text, lang, every_language=every) for text, lang, every in ASKED] == first


def test_a_caller_changing_an_answer_does_not_change_the_next():
    frequencies = _fresh("frequencies")
    frequencies.find("Katru dienu vai nedēļu", "lv").append("yearly")
    assert frequencies.find("Katru dienu vai nedēļu", "lv") == ["daily", "weekly"]


def test_remembered_answers_are_dropped_when_there_are_too_many(monkeypatch):
    monkeypatch.setattr(ontology, "_FOUND_KEPT", 3)
    frequencies = _fresh("frequencies")
    for text, lang, every in ASKED:
        frequencies.find(text, lang, every_language=every)
        assert len(frequencies._found) <= 3
    assert frequencies.find("Katru dienu vai nedēļu", "lv") == ["daily", "weekly"]
