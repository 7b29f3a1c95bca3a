"""The corpus generator: reproducible files that extract back to what was written."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from rolegraph.cli import cli
from rolegraph.loaders import extract
from rolegraph.ontology import language_profiles
from rolegraph.synth import generate, render_title


def _digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(tmp_path):
    generate(12, languages=["fi", "pl", "lv"], seed=5, output=tmp_path / "a")
    generate(12, languages=["fi", "pl", "lv"], seed=5, output=tmp_path / "b")
    generate(12, languages=["fi", "pl", "lv"], seed=6, output=tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_documents_extract_back_to_what_was_written(tmp_path):
    """Role, language, tools with their categories and the item counts, in every configured language."""
    languages = sorted(language_profiles())
    corpus = generate(2 * len(languages), languages=languages, seed=11, output=tmp_path)
    assert {d.language for d in corpus.documents} == set(languages)
    for doc in corpus.documents:
        found = extract(doc.path)
        assert found.language == doc.language, doc.path.name
        assert found.role is not None and found.role.label == doc.role, doc.path.name
        assert sorted((t.name, t.category_id) for t in found.tools) == sorted(doc.tools), doc.path.name
        for kind, count in doc.counts.items():
            assert len(getattr(found, kind)) == count, (doc.path.name, kind)


def test_corpus_shares_roles_and_tools(tmp_path):
    corpus = generate(60, languages=["en"], seed=2, output=tmp_path)
    roles = [d.role for d in corpus.documents]
    tools = [name for d in corpus.documents for name, _ in d.tools]
    assert len(set(roles)) < len(roles)  # roles repeat across documents
    assert max(tools.count(t) for t in set(tools)) >= 10  # some products are in many documents


def test_title_reads_back_through_its_pattern():
    pattern = r"^(?:czym jest|kim jest) (?P<role>.+?)\s*\??$"
    assert render_title(pattern, "Kierownik zespołu") == "Czym jest Kierownik zespołu?"


def test_unknown_language_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["synth", "--docs", "2", "--languages", "xx", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "xx" in result.output


def test_synth_command_writes_files(tmp_path):
    result = CliRunner().invoke(cli, ["synth", "--docs", "4", "--languages", "sv,de", "--seed", "1", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*-sv-*.txt"))) == 2 and len(list(tmp_path.glob("*-de-*.txt"))) == 2


def test_module_documents_itself():
    import doctest
    import inspect

    import rolegraph.synth as module

    assert all(inspect.getdoc(getattr(module, name)) for name in module.__all__
               if inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name)))
    assert doctest.testmod(module).failed == 0
