"""Shared fixtures: where the seed documents are, and a helper to write small documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
SEEDS_GOLD = REPO.parent / "shared" / "seeds-gold"


def _require(folder: Path) -> Path:
    if not folder.is_dir():
        if os.environ.get("ROLEGRAPH_REQUIRE_SEEDS") == "1":
            pytest.fail(f"{folder} is missing and ROLEGRAPH_REQUIRE_SEEDS=1")
        pytest.skip(f"{folder} is missing")
    return folder


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed documents (``../shared/seeds``); skips when absent unless ROLEGRAPH_REQUIRE_SEEDS=1."""
    return _require(SEEDS)


@pytest.fixture(scope="session")
def seeds_gold_dir() -> Path:
    """The hand annotations of the seeds (``../shared/seeds-gold``)."""
    return _require(SEEDS_GOLD)


@pytest.fixture
def write_doc(tmp_path):
    """Write a small document and return its path: ``write_doc("lead.md", text)``."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def seed_store(seeds_dir, tmp_path_factory):
    """A store on disk built from the five seed documents (once per session); fails if one is refused."""
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store

    with Store.open(tmp_path_factory.mktemp("seed-store") / "store") as store:
        report = build([seeds_dir], store=store)
        assert report.exit_code == 0, [d.line() for d in report.documents if not d.ok]
        yield store
