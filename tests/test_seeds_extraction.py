"""The five seed documents, extracted and compared with their hand annotations.

The annotations are read from ``../shared/seeds-gold`` at test time; labels are compared after
:func:`rolegraph.ontology.normalise`, as the scorer does.
"""

from __future__ import annotations

import json

import pytest

from rolegraph.loaders import extract
from rolegraph.ontology import normalise

pytestmark = pytest.mark.seeds

SEED_NAMES = [
    "000_cbec513ebe8e1ab0",
    "001_877ea8ed3e071db7",
    "002_0aca621a00897d49",
    "003_07df425406a03b5d",
    "004_d8e516cbdb1a8379",
]

_cache: dict[str, object] = {}


def _extract(seeds_dir, name):
    if name not in _cache:
        _cache[name] = extract(seeds_dir / f"{name}.txt")
    return _cache[name]


def _gold(seeds_gold_dir, name):
    return json.loads((seeds_gold_dir / f"{name}.json").read_text(encoding="utf-8"))


def _labels(items):
    return [normalise(i if isinstance(i, str) else i.label) for i in items]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_role_language_and_date(seeds_dir, seeds_gold_dir, name):
    ex, gold = _extract(seeds_dir, name), _gold(seeds_gold_dir, name)
    assert ex.role is not None
    assert ex.role.label == gold["role"]["label"]
    assert ex.language == gold["language"]
    assert ex.published == gold.get("published")
    for alt in gold["role"].get("alt_labels", []):
        if len(alt) <= 6:  # abbreviations written "Name (ABBR)"
            assert alt in ex.role_alt_labels


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("field", ["responsibilities", "skills", "best_practices", "career_path"])
def test_items_match_the_annotation(seeds_dir, seeds_gold_dir, name, field):
    ex, gold = _extract(seeds_dir, name), _gold(seeds_gold_dir, name)
    if field == "skills" and gold.get("skills_source") == "prose":
        pytest.skip("skills of this document are prose without labels")
    assert _labels(getattr(ex, field)) == _labels(gold[field])


@pytest.mark.parametrize("name", SEED_NAMES)
def test_frequencies_match_the_annotation(seeds_dir, seeds_gold_dir, name):
    ex, gold = _extract(seeds_dir, name), _gold(seeds_gold_dir, name)
    want = {normalise(k): sorted(v) for k, v in (gold.get("responsibility_frequency") or {}).items()}
    got = {normalise(i.label): sorted(i.frequency) for i in ex.responsibilities if i.frequency}
    assert got == want


@pytest.mark.parametrize("name", SEED_NAMES)
def test_career_levels_never_decrease(seeds_dir, name):
    from rolegraph.ontology import scheme

    ranks = [scheme("levels").concepts[s.level].rank for s in _extract(seeds_dir, name).career_path]
    assert ranks == sorted(ranks)


def test_best_practice_repeated_in_career_section_is_not_a_step(seeds_dir):
    ex = _extract(seeds_dir, SEED_NAMES[0])
    practices = set(_labels(ex.best_practices))
    assert not practices & set(_labels(ex.career_path))
    assert [s.level for s in ex.career_path][:3] == ["entry", "mid", "executive"]


def test_polish_sub_headings_are_groups_not_items(seeds_dir, seeds_gold_dir):
    ex, gold = _extract(seeds_dir, SEED_NAMES[1]), _gold(seeds_gold_dir, SEED_NAMES[1])
    groups = {}
    for item in ex.responsibilities:
        groups.setdefault(item.group, []).append(item.label)
    assert groups == gold["responsibility_groups"]
    # growth opportunities stand under the career heading but name no level: not steps
    assert [s.group for s in ex.career_path] == [g for g, steps in gold["career_levels"].items() for _ in steps]


def test_latvian_role_comes_from_the_body_not_the_category_title(seeds_dir):
    ex = _extract(seeds_dir, SEED_NAMES[2])
    assert ex.title != ex.role.label
    assert ex.sections == [] or all(s.kind == "other" for s in ex.sections)
    assert any("no section heading" in w for w in ex.warnings)


def test_web_chrome_is_dropped_and_the_date_kept(seeds_dir):
    ex = _extract(seeds_dir, SEED_NAMES[4])
    assert ex.published == "2024-10-31"
    assert ex.role.line == 9  # the lines above the title are page chrome
    assert all(s.line > 9 for s in ex.sections)
    assert [s.kind for s in ex.sections][:2] == ["introduction", "responsibilities"]
