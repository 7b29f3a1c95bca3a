"""``make bench``: rolegraph against a naive rdflib baseline on generated corpora, one run, one table.

For each corpus size (100, 1,000 and 10,000 documents; ``--quick``: 100) it writes a corpus with
``rolegraph synth`` (fixed seed), then measures

* rolegraph: ``rolegraph build --jobs J`` as a child process (build + per-document validation +
  store; wall time and the peak RSS of its process tree), the store's size on disk, p50/p95 of
  every named query (in this process, through :func:`rolegraph.queries.run`), the Turtle export
  (time, triples/s; the file is read back by pyoxigraph and, when installed, by ``rapper``), and
  the rebuild after one document changed;
* the baseline (``bench/baseline.py``, a child process): rdflib Memory store, one whole-graph
  pySHACL run, rdflib SPARQL, rdflib's Turtle serializer (``--baseline-max N`` skips it above N
  documents);

then writes ``bench/results/results.json``, ``results.md`` and ``results.png``.

    .venv/bin/python bench/run.py --quick
    .venv/bin/python bench/run.py --sizes 100,1000 --baseline-max 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROLEGRAPH = [sys.executable, "-c", "from rolegraph.cli import main; main()"]

#: The issue's targets for 10,000 documents on a 2-core machine.
TARGETS = {
    "build_validate_seconds_10k": 90.0,
    "peak_rss_mb": 1536.0,
    "rebuild_one_seconds": 3.0,
    "query_p50_ms": 50.0,
    "query_p95_ms": 200.0,
    "export_triples_per_second": 500_000,
    "speedup_build": 5.0,
    "speedup_queries": 10.0,
    "speedup_export": 100.0,
}


# --------------------------------------------------------------------------- measuring


def _tree_rss(process) -> int:
    """Bytes resident in ``process`` and its children (psutil), 0 when it is gone."""
    import psutil

    try:
        procs = [process] + process.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(command: list[str], **kwargs) -> dict:
    """Run ``command``; its wall time, exit code, output and the peak RSS of its process tree (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    peak = [0]
    try:
        import psutil

        watched = psutil.Process(child.pid)

        def poll() -> None:
            while child.poll() is None:
                peak[0] = max(peak[0], _tree_rss(watched))
                time.sleep(0.05)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
    except ImportError:  # without psutil: the largest single child, from getrusage
        watcher = None
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    if watcher is not None:
        watcher.join()
        peak_mb = peak[0] / 2**20
    else:
        import resource

        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "returncode": child.returncode, "peak_rss_mb": peak_mb,
            "stdout": stdout.decode("utf-8", "replace"), "stderr": stderr.decode("utf-8", "replace")}


def _percentile(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[q - 1]


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- one size


def _query_params(store, corpus) -> dict[str, dict[str, str]]:
    """Values for the parameters of the named queries: the corpus's most common role and tool."""
    from collections import Counter

    from rolegraph.queries import list_queries

    roles = Counter(d.role for d in corpus.documents)
    tools = Counter(name for d in corpus.documents for name, _ in d.tools)
    common_role, rare_role = roles.most_common()[0][0], roles.most_common()[-1][0]
    tool = tools.most_common()[0][0]
    by_type = {"rg:Role": [common_role, rare_role], "rg:Tool": [tool, tool]}
    out = {}
    for query in list_queries():
        # a parameter of a type: the common item first, the rare one for a second of the same type
        taken: dict[str, int] = {}
        chosen = {}
        for p in query.parameters:
            if p.type in by_type and (p.required or p.name in ("role", "tool")):
                i = taken.get(p.type, 0)
                chosen[p.name] = by_type[p.type][min(i, 1)]
                taken[p.type] = i + 1
            elif p.required:
                chosen = None  # a required parameter the benchmark cannot fill: the query is left out
                break
        if chosen is not None:
            out[query.name] = chosen
    return out


def _bound(store, params) -> dict[str, dict[str, dict]]:
    """The same parameters as RDF terms (for the baseline, which has no label lookup)."""
    from rdflib import Literal

    from rolegraph.queries import get, resolve

    out = {}
    for name, values in params.items():
        query = get(name)
        out[name] = {}
        for pname, value in values.items():
            parameter = query.parameter(pname)
            term = resolve(store, parameter, value)
            if isinstance(term, Literal):
                out[name][parameter.variable] = {"literal": str(term), "datatype": str(term.datatype) if term.datatype else None}
            else:
                out[name][parameter.variable] = {"iri": str(term)}
    return out


def measure_size(n: int, *, work: Path, jobs: int, baseline: bool, reps: int, seed: int,
                 baseline_reps: int = 3, baseline_limit: float = 30.0, query_budget: float = 30.0) -> dict:
    from rolegraph.graph.export import export
    from rolegraph.graph.store import Store
    from rolegraph.queries import list_queries, run
    from rolegraph.synth import generate

    print(f"== {n} documents", file=sys.stderr, flush=True)
    folder = work / f"corpus-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    corpus = generate(n, seed=seed, output=folder)
    result: dict = {"documents": n, "synth_seconds": time.perf_counter() - t0}

    store_path = work / f"store-{n}"
    shutil.rmtree(store_path, ignore_errors=True)
    built = run_measured(ROLEGRAPH + ["build", str(folder), "--store", str(store_path), "--jobs", str(jobs),
                                      "-q", "--no-progress"])
    if built["returncode"] != 0:
        raise SystemExit(f"rolegraph build failed ({built['returncode']}): {built['stdout'][-2000:]} {built['stderr'][-2000:]}")
    summary = built["stdout"].strip().splitlines()[-1]
    print(f"   rolegraph build: {built['seconds']:.1f} s, {built['peak_rss_mb']:.0f} MB  ({summary})", file=sys.stderr, flush=True)
    rg: dict = {"build_validate_seconds": built["seconds"], "per_document_ms": built["seconds"] / n * 1000,
                "peak_rss_mb": built["peak_rss_mb"], "store_mb": _folder_size(store_path) / 2**20, "summary": summary}

    # the analysis graph, so that similar-roles, career-path and central-tools answer from real results
    analysed = run_measured(ROLEGRAPH + ["analyze", "--store", str(store_path)])
    if analysed["returncode"] != 0:
        raise SystemExit(f"rolegraph analyze failed: {analysed['stderr'][-2000:]}")
    rg["analyze_seconds"], rg["analyze_peak_rss_mb"] = analysed["seconds"], analysed["peak_rss_mb"]
    print(f"   rolegraph analyze: {analysed['seconds']:.1f} s, {analysed['peak_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
    analysis_file = work / f"analysis-{n}.nq"

    with Store.open(store_path) as store:
        rg["quads"] = store.quad_count()
        _write_analysis(store, analysis_file)
        params = _query_params(store, corpus)
        bound = _bound(store, params)
        queries = {}
        for query in list_queries():
            if query.name not in params:
                continue
            times, rows = [], 0
            # every query runs `reps` times, or at least 3 times when that takes longer than the budget
            while len(times) < reps and (len(times) < min(3, reps) or sum(times) < query_budget):
                t = time.perf_counter()
                rows = len(run(store, query.name, params=params[query.name]).rows)
                times.append(time.perf_counter() - t)
            queries[query.name] = {"rows": rows, "runs": len(times), "p50_ms": _percentile(times, 50) * 1000,
                                   "p95_ms": _percentile(times, 95) * 1000}
        rg["queries"] = queries
        turtle = work / f"export-{n}.ttl"
        t = time.perf_counter()
        written = export(store, format="turtle", output=turtle)
        seconds = time.perf_counter() - t
        rg["export_seconds"] = seconds
        rg["export_triples"] = written.triples
        rg["export_triples_per_second"] = written.triples / seconds if seconds else None
    print(f"   queries and export done ({rg['export_triples']} triples in {rg['export_seconds']:.2f} s)", file=sys.stderr, flush=True)
    rg["export_loads"] = _check_export(turtle, rg["export_triples"])

    changed = corpus.documents[n // 2].path
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace(corpus.documents[n // 2].tools[0][0], "Pipedrive", 1), encoding="utf-8")
    rebuilt = run_measured(ROLEGRAPH + ["build", str(folder), "--store", str(store_path), "--jobs", str(jobs),
                                        "-q", "--no-progress"])
    rg["rebuild_one_seconds"] = rebuilt["seconds"]
    rg["rebuild_summary"] = rebuilt["stdout"].strip().splitlines()[-1] if rebuilt["stdout"].strip() else rebuilt["stderr"][-300:]
    changed.write_text(text, encoding="utf-8")
    print(f"   rebuild after one change: {rebuilt['seconds']:.1f} s ({rg['rebuild_summary']})", file=sys.stderr, flush=True)
    result["rolegraph"] = rg

    if baseline:
        params_file = work / f"params-{n}.json"
        params_file.write_text(json.dumps(bound), encoding="utf-8")
        out = work / f"baseline-{n}.json"
        base = run_measured([sys.executable, str(HERE / "baseline.py"), str(folder), "--params", str(params_file),
                             "--json", str(out), "--export", str(work / f"baseline-{n}.ttl"), "--analysis", str(analysis_file),
                             "--reps", str(baseline_reps), "--limit", str(baseline_limit)])
        if base["returncode"] != 0:
            raise SystemExit(f"baseline failed: {base['stderr'][-3000:]}")
        b = json.loads(out.read_text(encoding="utf-8"))
        b["peak_rss_mb"] = base["peak_rss_mb"]
        b["process_seconds"] = base["seconds"]
        b["export_triples_per_second"] = b["export_triples"] / b["export_seconds"] if b["export_seconds"] else None
        result["baseline"] = b
        print(f"   baseline: build+validate {b['build_validate_seconds']:.1f} s, export {b['export_seconds']:.1f} s, "
              f"{base['peak_rss_mb']:.0f} MB", file=sys.stderr, flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _write_analysis(store, path: Path) -> None:
    """The store's analysis graph as N-Quads, for the baseline to load beside its own documents."""
    import pyoxigraph as ox

    from rolegraph.graph.nx import ANALYSIS_GRAPH

    graph = ox.NamedNode(str(ANALYSIS_GRAPH))
    with path.open("wb") as out:
        store.oxigraph.dump(out, ox.RdfFormat.N_QUADS, from_graph=graph)


def _check_export(path: Path, triples: int) -> dict:
    """Read the Turtle export back with pyoxigraph and, when installed, rapper."""
    import pyoxigraph as ox

    out = {}
    t = time.perf_counter()
    count = sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    out["oxigraph"] = {"triples": count, "ok": count == triples, "seconds": time.perf_counter() - t}
    rapper = shutil.which("rapper")
    if rapper:
        done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
        found = [w for w in done.stderr.split() if w.isdigit()]
        out["rapper"] = {"ok": done.returncode == 0 and bool(found) and int(found[-1]) == triples,
                         "triples": int(found[-1]) if found else None}
    else:
        out["rapper"] = {"ok": None, "note": "rapper not installed (apt-get install raptor2-utils)"}
    path.unlink()
    return out


# --------------------------------------------------------------------------- report


def machine() -> dict:
    info = {"python": platform.python_version(), "cores": os.cpu_count(), "platform": platform.platform(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 2**20, 1)
        info["load_average_at_start"] = os.getloadavg()[0]
    except OSError:
        pass
    import pyoxigraph
    import pyshacl
    import rdflib

    info["versions"] = {"pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__}
    return info


def _fmt(value, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}"


def _target_lines(results: dict) -> list[str]:
    """Which of the issue's targets this run meets: at the largest size, and against the baseline at the
    largest size that has one."""
    t = results.get("targets", TARGETS)
    largest = results["sizes"][-1]
    r, n = largest["rolegraph"], largest["documents"]
    verdict = {True: "met", False: "NOT met"}
    lines = [f"Targets (at {n:,} documents unless said):", ""]
    if n >= 10_000:
        lines.append(f"- build+validate at 10,000 documents <= {t['build_validate_seconds_10k']:.0f} s: "
                     f"{r['build_validate_seconds']:.1f} s, {verdict[r['build_validate_seconds'] <= t['build_validate_seconds_10k']]}")
    per_doc = [s["rolegraph"]["per_document_ms"] for s in results["sizes"] if s["documents"] >= 1_000]
    if len(per_doc) > 1:
        ratio = max(per_doc) / min(per_doc)
        lines.append(f"- time per document flat from 1,000 documents up (within 1.5x): {ratio:.2f}x, {verdict[ratio <= 1.5]}")
    lines.append(f"- peak RSS <= {t['peak_rss_mb']:.0f} MB: {r['peak_rss_mb']:.0f} MB, {verdict[r['peak_rss_mb'] <= t['peak_rss_mb']]}")
    lines.append(f"- rebuild after one change <= {t['rebuild_one_seconds']:.0f} s: {r['rebuild_one_seconds']:.2f} s, "
                 f"{verdict[r['rebuild_one_seconds'] <= t['rebuild_one_seconds']]}")
    queries = r["queries"]
    fast = [q for q in queries.values() if q["p50_ms"] <= t["query_p50_ms"] and q["p95_ms"] <= t["query_p95_ms"]]
    slow = sorted((name for name, q in queries.items() if q not in fast), key=lambda name: -queries[name]["p50_ms"])
    lines.append(f"- every named query p50 <= {t['query_p50_ms']:.0f} ms and p95 <= {t['query_p95_ms']:.0f} ms: "
                 f"{len(fast)} of {len(queries)}, {verdict[not slow]}" + (f" (slower: {', '.join(slow)})" if slow else ""))
    rate = r["export_triples_per_second"] or 0
    lines.append(f"- Turtle export >= {t['export_triples_per_second']:,} triples/s: {rate:,.0f}, "
                 f"{verdict[rate >= t['export_triples_per_second']]}")
    with_baseline = [s for s in results["sizes"] if s.get("baseline")]
    if with_baseline:
        s = with_baseline[-1]
        b, mine = s["baseline"], s["rolegraph"]
        build = b["build_validate_seconds"] / mine["build_validate_seconds"]
        export = b["export_seconds"] / mine["export_seconds"]
        ratios = []
        for name, q in mine["queries"].items():
            bq = b["queries"].get(name, {})
            if (bq.get("error") or "").startswith("stopped"):
                ratios.append(float(bq["error"].split()[-2]) * 1000 / q["p50_ms"])
            elif bq.get("p50_ms"):
                ratios.append(bq["p50_ms"] / q["p50_ms"])
        tenfold = sum(1 for x in ratios if x >= t["speedup_queries"])
        lines += [f"- against the baseline at {s['documents']:,} documents: build+validate {build:.1f}x "
                  f"(target {t['speedup_build']:.0f}x, {verdict[build >= t['speedup_build']]}); queries "
                  f"{tenfold} of {len(ratios)} at least {t['speedup_queries']:.0f}x faster (a stopped baseline query "
                  f"counts at its limit); export {export:.0f}x (target {t['speedup_export']:.0f}x, "
                  f"{verdict[export >= t['speedup_export']]})"]
    few = sorted(name for name, q in queries.items() if q.get("runs", 0) and q["runs"] < 5)
    if few:
        lines.append(f"- queries run fewer than 5 times (slower than the per-query budget): {', '.join(few)}")
    return lines + [""]


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# rolegraph benchmark",
        "",
        f"{m['date']} · {m.get('cpu', '?')} · {m['cores']} cores · {m.get('memory_gb', '?')} GB · Python {m['python']} · "
        f"load average at start {m.get('load_average_at_start', 0):.1f} · "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        "",
        f"rolegraph: `rolegraph build --jobs {results['jobs']}` (extract, map, validate each document, store in "
        "Oxigraph on disk). Baseline: the same extraction and mapping, rdflib Memory store, one whole-graph "
        "pySHACL run, rdflib SPARQL, rdflib Turtle serializer, one process.",
        "",
        "| documents | | build+validate s | ms/doc | peak RSS MB | store MB | export s | export triples/s | rebuild 1 doc s | analyze s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        r, b = size["rolegraph"], size.get("baseline")
        lines.append(f"| {size['documents']:,} | rolegraph | {_fmt(r['build_validate_seconds'])} | {_fmt(r['per_document_ms'])} | "
                     f"{_fmt(r['peak_rss_mb'], digits=0)} | {_fmt(r['store_mb'], digits=0)} | {_fmt(r['export_seconds'], digits=2)} | "
                     f"{_fmt(r['export_triples_per_second'], digits=0)} | {_fmt(r['rebuild_one_seconds'], digits=2)} | "
                     f"{_fmt(r.get('analyze_seconds'))} |")
        if b:
            lines.append(f"| | baseline | {_fmt(b['build_validate_seconds'])} | {_fmt(b['build_validate_seconds'] / size['documents'] * 1000)} | "
                         f"{_fmt(b['peak_rss_mb'], digits=0)} | (memory) | {_fmt(b['export_seconds'], digits=2)} | "
                         f"{_fmt(b['export_triples_per_second'], digits=0)} | (full build) | (rolegraph's) |")
            lines.append(f"| | speed-up | {_fmt(b['build_validate_seconds'] / r['build_validate_seconds'])}x | | | | "
                         f"{_fmt(b['export_seconds'] / r['export_seconds'])}x | | | |")
    lines += ["", "Named queries, p50 / p95 in ms (rolegraph, through `rolegraph.queries.run` with label lookup; "
              "baseline: rdflib SPARQL with the parameters bound as IRIs):", ""]
    header = "| query |" + "".join(f" {s['documents']:,} rolegraph | {s['documents']:,} baseline |" if s.get("baseline")
                                   else f" {s['documents']:,} rolegraph |" for s in results["sizes"])
    lines += [header, "|---|" + "---:|" * (header.count("|") - 2)]
    names = sorted(results["sizes"][0]["rolegraph"]["queries"])
    for name in names:
        row = f"| {name} |"
        for s in results["sizes"]:
            q = s["rolegraph"]["queries"][name]
            row += f" {_fmt(q['p50_ms'])} / {_fmt(q['p95_ms'])} |"
            if s.get("baseline"):
                bq = s["baseline"]["queries"].get(name, {})
                error = bq.get("error") or ""
                row += (f" > {error.split()[-2]} s |" if error.startswith("stopped") else " error |" if error
                        else f" {_fmt(bq.get('p50_ms'))} / {_fmt(bq.get('p95_ms'))} |")
        lines.append(row)
    lines += ["", "Export read back: " + "; ".join(
        f"{s['documents']:,}: oxigraph {'ok' if s['rolegraph']['export_loads']['oxigraph']['ok'] else 'FAILED'}, rapper "
        f"{ {True: 'ok', False: 'FAILED', None: 'not installed'}[s['rolegraph']['export_loads']['rapper']['ok']] }"
        for s in results["sizes"]), ""]
    lines += _target_lines(results)
    errors = {name: q["error"] for s in results["sizes"] if s.get("baseline") for name, q in s["baseline"]["queries"].items()
              if q.get("error") and not q["error"].startswith("stopped")}
    if errors:
        lines += ["Baseline query errors: " + "; ".join(f"{k}: {v}" for k, v in sorted(errors.items())), ""]
    return "\n".join(lines)


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    xs = [s["documents"] for s in sizes]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    axes[0].plot(xs, [s["rolegraph"]["build_validate_seconds"] for s in sizes], "o-", label="rolegraph")
    base = [(s["documents"], s["baseline"]["build_validate_seconds"]) for s in sizes if s.get("baseline")]
    if base:
        axes[0].plot(*zip(*base), "s--", label="baseline (rdflib)")
    axes[0].set(xscale="log", yscale="log", xlabel="documents", ylabel="build + validate (s)", title="Build")
    axes[0].legend()
    for name in sorted(sizes[0]["rolegraph"]["queries"]):
        axes[1].plot(xs, [s["rolegraph"]["queries"][name]["p50_ms"] for s in sizes], ".-", label=name)
    axes[1].set(xscale="log", yscale="log", xlabel="documents", ylabel="p50 (ms)", title="Named queries (rolegraph)")
    axes[1].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="Only 100 documents (CI-sized).")
    parser.add_argument("--sizes", default="100,1000,10000", help="Comma-separated corpus sizes.")
    parser.add_argument("--baseline-max", type=int, default=10_000, help="Skip the baseline above this many documents.")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reps", type=int, default=20, help="Runs of each named query.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--query-budget", type=float, default=30.0,
                        help="Seconds of repeated runs per named query; a slower query runs 3 times.")
    parser.add_argument("--baseline-reps", type=int, default=3, help="Runs of each named query in the baseline.")
    parser.add_argument("--baseline-limit", type=float, default=30.0, help="Seconds after which a baseline query is stopped.")
    parser.add_argument("--out", default=str(HERE / "results"))
    parser.add_argument("--work", help="Scratch folder (default: a temporary one, removed afterwards).")
    parser.add_argument("--report-only", action="store_true", help="Write results.md and .png again from results.json.")
    args = parser.parse_args(argv)

    if args.report_only:
        results = json.loads((Path(args.out) / "results.json").read_text(encoding="utf-8"))
        (Path(args.out) / "results.md").write_text(markdown(results), encoding="utf-8")
        plot(results, Path(args.out) / "results.png")
        print((Path(args.out) / "results.md").read_text(encoding="utf-8"))
        return 0
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="rolegraph-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "jobs": args.jobs, "targets": TARGETS, "sizes": []}
    try:
        for n in sizes:
            results["sizes"].append(measure_size(n, work=scratch, jobs=args.jobs, baseline=n <= args.baseline_max,
                                                 reps=args.reps, seed=args.seed, baseline_reps=args.baseline_reps,
                                                 query_budget=args.query_budget,
                                                 baseline_limit=args.baseline_limit))
            (out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if not args.work:
            shutil.rmtree(scratch, ignore_errors=True)
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    plot(results, out / "results.png")
    print((out / "results.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
