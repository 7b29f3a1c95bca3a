"""The query page, driven as a person would: headless Chromium (Debian's) through Playwright.

The page is served by the real ``rolegraph serve`` over the seed store (the ``endpoint``
fixture). Screenshots go to ``tests/artifacts/`` (not committed). Without /usr/bin/chromium the
tests skip, except in CI (CI=true), where ``make test`` installs it first and a missing browser
is a failure.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from rolegraph.queries import run

pytestmark = pytest.mark.seeds

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile (a Playwright persistent context)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: `make browser` should have installed it")
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,  # Playwright adds --headless
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser, endpoint):
    page = browser.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    # an API's 4xx answer is the page's business (it shows it); a missing asset is a problem
    page.on("response", lambda r: r.status >= 400 and "/static/" in r.url and problems.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(endpoint + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=10_000)
    yield page
    page.close()
    assert not problems, problems


def table(page) -> tuple[list[str], list[tuple[str, ...]]]:
    """The header and the rows of the rendered result table, cell values as the endpoint sent them."""
    header = page.eval_on_selector_all("#result-table thead th", "cells => cells.map(c => c.textContent)")
    rows = page.eval_on_selector_all(
        "#result-table tbody tr",
        "rows => rows.map(r => Array.from(r.cells, c => c.dataset.value ?? ''))",
    )
    return header, [tuple(r) for r in rows]


def test_tools_by_role_renders_the_librarys_rows(page, seed_store):
    page.select_option("#query-select", "tools-by-role")
    assert page.input_value("#query-select") == "tools-by-role"
    page.click("#run-named")
    page.wait_for_selector("#status[data-state=done]", timeout=10_000)
    header, rows = table(page)
    expected = run(seed_store, "tools-by-role")
    assert header == expected.variables == ["role", "tool", "category", "document"]
    assert Counter(rows) == Counter(tuple("" if v is None else str(v) for v in row) for row in expected.rows)
    salesforce_roles = {role for role, tool, _, _ in rows if tool == "Salesforce"}
    assert len(salesforce_roles) == 4, salesforce_roles
    assert f"{len(rows)} rows" in page.inner_text("#status")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-tools-by-role.png"), full_page=True)


def test_a_parameter_narrows_the_table(page, seed_store):
    page.select_option("#query-select", "roles-by-tool")
    page.fill("#param-tool", "zendesk")
    page.click("#run-named")
    page.wait_for_selector("#status[data-state=done]", timeout=10_000)
    header, rows = table(page)
    expected = run(seed_store, "roles-by-tool", params={"tool": "zendesk"})
    assert len(rows) == len(expected.rows) > 0
    assert page.get_attribute("#downloads a:first-child", "href").startswith("/queries/roles-by-tool?tool=zendesk")


def test_typed_sparql_runs_and_a_refused_update_says_why(page):
    page.click("#tab-sparql")
    page.fill("#sparql-text", "SELECT (COUNT(DISTINCT ?t) AS ?tools) WHERE { ?m a rg:ToolMention ; rg:about ?t }")
    page.click("#run-sparql")
    page.wait_for_selector("#status[data-state=done]", timeout=10_000)
    header, rows = table(page)
    assert header == ["tools"] and int(rows[0][0]) > 10

    page.fill("#sparql-text", "DELETE WHERE { ?s ?p ?o }")
    page.click("#run-sparql")
    page.wait_for_selector("#status[data-state=error]", timeout=10_000)
    assert "403" in page.inner_text("#status") and "read-only" in page.inner_text("#status")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-refused-update.png"))


def test_a_class_parameter_offers_the_labels_it_accepts(page):
    page.select_option("#query-select", "roles-by-tool")
    page.wait_for_function("document.querySelectorAll('#labels-tool option').length > 10", timeout=10_000)
    labels = page.eval_on_selector_all("#labels-tool option", "options => options.map(o => o.value)")
    assert "Salesforce" in labels and "Zendesk" in labels
