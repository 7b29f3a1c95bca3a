"""Load test of ``rolegraph serve``: concurrent clients running the named queries, bounded in time.

It starts ``rolegraph serve`` on 127.0.0.1 (a free port; never another address) over a store,
finds a value for every required parameter over HTTP, then runs ``--clients`` threads, each
asking the named queries in turn (and one SPARQL query) for ``--seconds`` seconds, and reports
throughput, latency percentiles, errors (any answer but 200), and the resident memory of the
server's process tree (server, fork server, query workers) at the start and the end.

    .venv/bin/python bench/loadtest.py --store .rolegraph --clients 50 --seconds 60 \\
        --write bench/results/loadtest.md

Without ``--store`` it builds a store from ``../shared/seeds`` in a temporary folder. Only the
standard library on the client side (``http.client``), so the client measures the server, not
a client library.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, by design
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    """What one load test measured."""

    clients: int
    seconds: float
    requests: int
    errors: int
    statuses: dict[int, int]
    latencies_ms: list[float] = field(repr=False)
    rss_start_mb: float
    rss_end_mb: float
    per_query: dict[str, tuple[int, float]]  # name -> (requests, p50 ms)
    workers: int
    asked: float = 0.0  # the seconds asked for (``seconds`` is what it took)
    rss_series_mb: list[float] = field(default_factory=list)  # every 5 s while loaded

    @property
    def rss_mid_mb(self) -> float:
        """The RSS halfway through."""
        return self.rss_series_mb[len(self.rss_series_mb) // 2] if self.rss_series_mb else self.rss_start_mb

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def markdown(self, store: str) -> str:
        lines = [
            "# Load test: `rolegraph serve`",
            "",
            f"`bench/loadtest.py --clients {self.clients} --seconds {self.asked:g}` on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; server on {HOST} with "
            f"{self.workers} query workers over the store of {store}. Each client asks the named queries in "
            "turn (with a value for each required parameter) and one SPARQL query, over keep-alive HTTP/1.1.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| clients | {self.clients} |",
            f"| duration | {self.seconds:.1f} s |",
            f"| requests | {self.requests} |",
            f"| throughput | {self.throughput:.1f} requests/s |",
            f"| latency p50 | {self.percentile(50):.0f} ms |",
            f"| latency p95 | {self.percentile(95):.0f} ms |",
            f"| latency p99 | {self.percentile(99):.0f} ms |",
            f"| errors (not 200) | {self.errors} |",
            f"| server RSS at start (process tree) | {self.rss_start_mb:.0f} MB |",
            f"| server RSS halfway (process tree) | {self.rss_mid_mb:.0f} MB |",
            f"| server RSS at end (process tree) | {self.rss_end_mb:.0f} MB |",
            f"| server RSS every 5 s | {', '.join(f'{mb:.0f}' for mb in self.rss_series_mb)} MB |",
            "",
            "Latency is measured from sending a request to reading its whole answer, so it includes the wait "
            f"for a free query worker: with {self.clients} clients and {self.workers} workers most of it is queueing "
            f"(the mean service time is about {1000 * self.workers / max(self.throughput, 1e-9):.0f} ms). The clients "
            "run on the same machine as the server and take CPU from it.",
            "",
            "| named query | requests | p50 ms |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {name} | {n} | {p50:.0f} |" for name, (n, p50) in sorted(self.per_query.items())]
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(store: Path, *, workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, "-c", "from rolegraph.cli import main; main()", "serve", "--store", str(store),
               "--host", HOST, "--port", str(port), "--workers", str(workers)]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"rolegraph serve ended ({server.returncode}): {log.read_text()}")
        try:
            status, _ = request(port, "/queries")
            if status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("rolegraph serve did not answer within 60 s")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (Linux ``/proc``), in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


# --------------------------------------------------------------------------- the clients


def request(port: int, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def plan(port: int) -> list[tuple[str, str]]:
    """``(name, path)`` for every named query, with a value for each required parameter."""
    status, body = request(port, "/queries")
    listing = json.loads(body)
    prefixes = listing["prefixes"]
    paths = []
    for query in listing["queries"]:
        params = {}
        for p in query["parameters"]:
            if not p["required"]:
                continue
            if p["type"] in ("integer", "string", "language"):
                params[p["name"]] = {"integer": "1", "language": "en"}.get(p["type"], "x")
                continue
            prefix, colon, local = p["type"].partition(":")
            cls = f"<{prefixes[prefix]}{local}>" if colon and prefix in prefixes else "rg:Tool"
            sparql = f"SELECT ?l WHERE {{ ?n a {cls} ; rdfs:label ?l }} ORDER BY ?l LIMIT 1"
            status, found = request(port, "/sparql?" + urllib.parse.urlencode({"query": sparql}))
            rows = json.loads(found)["results"]["bindings"] if status == 200 else []
            if rows:
                params[p["name"]] = rows[0]["l"]["value"]
        if all(p["name"] in params for p in query["parameters"] if p["required"]):
            paths.append((query["name"], f"/queries/{query['name']}?" + urllib.parse.urlencode(params)))
    sparql = "SELECT ?tool (COUNT(DISTINCT ?doc) AS ?n) WHERE { GRAPH ?doc { ?m a rg:ToolMention ; rg:about ?tool } } GROUP BY ?tool"
    paths.append(("sparql", "/sparql?" + urllib.parse.urlencode({"query": sparql})))
    return paths


def run_load(port: int, paths: list[tuple[str, str]], *, clients: int, seconds: float, server_pid: int):
    stop_at = time.monotonic() + seconds
    series: list[float] = []

    def sample() -> None:
        while time.monotonic() < stop_at:
            time.sleep(min(5.0, max(stop_at - time.monotonic(), 0)))
            series.append(tree_rss_mb(server_pid))

    results: list[list[tuple[str, int, float]]] = [[] for _ in range(clients)]

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        i = index  # clients start at different queries
        while time.monotonic() < stop_at:
            name, path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                status, _ = request(port, path, conn)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            results[index].append((name, status, (time.perf_counter() - started) * 1000))
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=sample))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return [r for rs in results for r in rs], time.monotonic() - started, series


def load_test(store: Path, *, clients: int = 50, seconds: float = 60.0, workers: int = 2) -> Figures:
    """Start a server over ``store``, load it, stop it; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        server, port = start_server(store, workers=workers, log=Path(tmp) / "server.log")
        try:
            paths = plan(port)
            for _, path in paths:  # warm up: every query once, before the first memory sample
                request(port, path)
            rss_start = tree_rss_mb(server.pid)
            done, elapsed, series = run_load(port, paths, clients=clients, seconds=seconds, server_pid=server.pid)
            rss_end = tree_rss_mb(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    statuses: dict[int, int] = {}
    by_query: dict[str, list[float]] = {}
    for name, status, ms in done:
        statuses[status] = statuses.get(status, 0) + 1
        by_query.setdefault(name, []).append(ms)
    return Figures(
        clients=clients,
        seconds=elapsed,
        requests=len(done),
        errors=sum(n for s, n in statuses.items() if s != 200),
        statuses=statuses,
        latencies_ms=[ms for _, _, ms in done],
        rss_start_mb=rss_start,
        rss_end_mb=rss_end,
        per_query={name: (len(ms), statistics.median(ms)) for name, ms in by_query.items()},
        workers=workers,
        asked=seconds,
        rss_series_mb=series,
    )


def seed_store(folder: Path) -> Path:
    from rolegraph.graph.build import build
    from rolegraph.graph.store import Store

    seeds = REPO.parent / "shared" / "seeds"
    with Store.open(folder / "store") as store:
        report = build([seeds], store=store)
        if report.exit_code:
            raise SystemExit(f"the seed store did not build: {report.summary()}")
    return folder / "store"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="store folder (default: build one from ../shared/seeds)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", type=Path, help="write the figures as Markdown to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 600:
        parser.error("clients must be 1-200 and seconds at most 600: the test is bounded")
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or seed_store(Path(tmp))
        figures = load_test(store, clients=args.clients, seconds=args.seconds, workers=args.workers)
        label = str(args.store) if args.store else "the five seed documents"
    text = figures.markdown(label)
    print(text)
    print(f"statuses: {figures.statuses}")
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")
    return 1 if figures.errors else 0


if __name__ == "__main__":
    sys.exit(main())
