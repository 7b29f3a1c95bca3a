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


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(process, probe, *, log, what: str, seconds: float = 30) -> None:
    """Call ``probe()`` until it stops raising OSError; fail with the server's log if the process
    ends first or ``seconds`` pass."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} ended ({process.returncode}): {log.read_text(errors='replace')}")
        try:
            probe()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not answer within {seconds:.0f} s: {log.read_text(errors='replace')}")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def wait_until_up():
    """The function that waits for a server process the tests started (see ``_wait_until_up``)."""
    return _wait_until_up


@pytest.fixture(scope="session")
def free_port():
    """A function that returns a free TCP port on 127.0.0.1, for servers the tests start."""
    return _free_port


@pytest.fixture(scope="session")
def serve(tmp_path_factory):
    """Start ``rolegraph serve`` as a real process on 127.0.0.1 (a free port) and return its URL:
    ``url = serve(store_path, "--timeout", "2")``. Every server stops at the end of the session."""
    import subprocess
    import sys
    import urllib.request

    started = []

    def start(store_path, *options: str) -> str:
        port = _free_port()
        log = tmp_path_factory.mktemp("serve") / "server.log"
        command = [sys.executable, "-c", "from rolegraph.cli import main; main()", "serve",
                   "--store", str(store_path), "--port", str(port), *options]
        with open(log, "wb") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(process, lambda: urllib.request.urlopen(url + "/queries", timeout=2).close(),
                       log=log, what="rolegraph serve")
        return url

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def endpoint(seed_store, serve) -> str:
    """The seed store served read-only by ``rolegraph serve`` (time limit 2 s, 2,000 rows): its URL."""
    return serve(seed_store.path, "--timeout", "2", "--max-rows", "2000")
