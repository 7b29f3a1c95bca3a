"""Extraction quality measured by the project's scorer, as a user would run it.

``../shared/tools/score_extraction.py`` runs ``rolegraph extract FILE --format json`` on every
annotated document and fails when a field's F1 is below its bound. The seeds carry the bounds of
the end-to-end issue; the documents of examples/ and tests/corpus/ (languages and layouts the
seeds lack, annotated by hand) must be read as well as the seeds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
ROLEGRAPH = Path(sys.executable).parent / "rolegraph"

SEED_BOUNDS = {
    "role": 1.0, "tools": 0.98, "categories": 0.97, "responsibilities": 0.95, "skills": 0.95,
    "best_practices": 0.95, "career_path": 0.9, "frequency": 0.85,
}
OWN_BOUNDS = {field: 0.95 for field in SEED_BOUNDS}


def _score(gold: Path, docs: Path, bounds: dict[str, float]) -> subprocess.CompletedProcess:
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score_extraction.py is missing")
    args = [sys.executable, str(SCORER), str(gold), str(docs), "--cmd", f"{ROLEGRAPH} extract {{path}} --format json"]
    for field, bound in bounds.items():
        args += ["--min-f1", f"{field}={bound}"]
    return subprocess.run(args, capture_output=True, text=True, timeout=600)


@pytest.mark.seeds
def test_seed_extraction_meets_the_issue_bounds(seeds_dir, seeds_gold_dir):
    result = _score(seeds_gold_dir, seeds_dir, SEED_BOUNDS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("folder", ["examples", "tests/corpus"])
def test_own_documents_in_other_languages_and_layouts(folder):
    result = _score(ROOT / folder / "gold", ROOT / folder, OWN_BOUNDS)
    assert result.returncode == 0, result.stdout + result.stderr
