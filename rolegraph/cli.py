"""The ``rolegraph`` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and prints the result. Errors from
the library become one line, ``rolegraph: error: <message>``, and the exit code documented in
:mod:`rolegraph.errors`; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import os
import sys

import click

from rolegraph.errors import RolegraphError, UsageError

__all__ = ["cli", "main"]

_STORE_HELP = "Folder of the store (default .rolegraph, or $ROLEGRAPH_STORE)."


class _Group(click.Group):
    """Turns rolegraph's errors into one-line messages and their exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RolegraphError as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"rolegraph: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo("\nrolegraph: interrupted (documents stored so far are in the store)", err=True)
            ctx.exit(130)


class _QueryCommand(click.Command):
    """``rolegraph query --help`` lists the named queries (read when help is asked for, not before)."""

    def parse_args(self, ctx, args):
        """``rolegraph query NAME --help`` explains that query (its question, parameters, columns)."""
        if any(a in ("-h", "--help") for a in args):
            from rolegraph.queries import list_queries

            names = {q.name: q for q in list_queries()}
            named = [names[a] for a in args if a in names]
            if named:
                click.echo(named[0].help())
                click.echo("\nOptions: see rolegraph query --help")
                ctx.exit(0)
        return super().parse_args(ctx, args)

    def format_epilog(self, ctx, formatter):
        super().format_epilog(ctx, formatter)
        from rolegraph.queries import list_queries

        with formatter.section("Named queries (details: rolegraph queries NAME)"):
            formatter.write_dl([(q.name, q.question) for q in list_queries()])


def _store_option(func):
    return click.option(
        "--store", "store_path", envvar="ROLEGRAPH_STORE", default=".rolegraph", show_envvar=False,
        metavar="DIR", help=_STORE_HELP,
    )(func)


def _open(store_path: str, *, create: bool = False):
    from rolegraph.graph.store import Store

    return Store.open(store_path, create=create)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rolegraph", prog_name="rolegraph")
@click.option("--debug", is_flag=True, envvar="ROLEGRAPH_DEBUG",
              help="Show tracebacks instead of one-line error messages (or set ROLEGRAPH_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Role descriptions in many languages, as one RDF knowledge graph.

    \b
    Read documents, build the store, ask questions:
      rolegraph build examples -o graph.ttl
      rolegraph query tools-by-role
      rolegraph query roles-by-tool --param tool=Salesforce
      rolegraph queries
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True,
              help="json: the extraction contract; turtle: the document's RDF graph.")
def extract(file: str, fmt: str) -> None:
    """Read one document and print what it says about its role.

    Text, Markdown, HTML pages, YAML/JSON role records and CSV exports; a file of several
    roles (a CSV export) prints a JSON list, one object per role.

    \b
    Examples:
      rolegraph extract examples/customer-success-manager.en.md
      rolegraph extract lead.md --format turtle
      rolegraph extract saved-page.html
      rolegraph extract hr-export.csv
    """
    from rolegraph.loaders import extract_all

    extractions = extract_all(file)  # one per role: several for a CSV export of many roles
    if fmt == "json":
        contracts = [e.to_contract() for e in extractions]
        click.echo(json.dumps(contracts[0] if len(contracts) == 1 else contracts, ensure_ascii=False, indent=1))
    else:
        from rolegraph.graph.rdf import to_rdf

        for extraction in extractions:
            click.echo(to_rdf(extraction).serialize(format="turtle"), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Export the store to this file afterwards.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld"]),
              help="Format of --output (default: from its suffix, else turtle).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for reading documents (default: one per CPU core this process may use).")
@click.option("--force", is_flag=True, help="Read every document again, changed or not.")
@click.option("--prune", is_flag=True, help="Remove stored documents whose files under PATHS are gone.")
@click.option("--infer", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True,
              help="Materialise RDFS or OWL 2 RL entailments into the graph rgid:graph/inferred.")
@click.option("-q", "--quiet", is_flag=True, help="Print only refused documents and the totals.")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr (default: when stderr is a terminal).")
@click.pass_context
def build(ctx, paths, store_path, output, fmt, jobs, force, prune, quiet, progress, infer) -> None:
    """Read documents (files or folders) into the store and validate each graph.

    Documents whose bytes did not change are not read again (unless --force, or the vocabulary
    changed); one bad document never stops the others. Exit code 0 when every document is in,
    3 when a loader refused one, 4 when a graph failed the shapes.

    \b
    Examples:
      rolegraph build examples
      rolegraph build docs/ more/lead.md --store .graph -o graph.ttl --jobs 2
    """
    from rolegraph.graph.build import build as build_store

    if fmt and not output:
        raise UsageError("--format is the format of --output; give -o FILE too")
    show = progress if progress is not None else sys.stderr.isatty()
    with _open(store_path, create=True) as store:
        if jobs is None:
            jobs = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        report = build_store(paths, store=store, jobs=jobs, force=force, prune=prune, infer=infer,
                             progress=_progress if show else None)
        for doc in report.documents:
            if not quiet or not doc.ok:
                click.echo(doc.line())
        click.echo(report.summary())
        if report.inference is not None:
            click.echo(report.inference.summary())
        if output:
            _export_and_say(store, output, fmt)
    ctx.exit(report.exit_code)


_STARTED: list[float] = []


def _progress(done: int, total: int, path: str) -> None:
    """A progress bar on stderr: ``[#######.......] 350/1000  35%  12.3 doc/s  ETA 0:53  docs/a.md``."""
    import time

    now = time.monotonic()
    if done <= 1 or not _STARTED:
        _STARTED[:] = [now]
    elapsed = max(now - _STARTED[0], 1e-9)
    rate = done / elapsed
    left = (total - done) / rate if rate else 0
    filled = 24 * done // total if total else 24
    bar = "#" * filled + "." * (24 - filled)
    eta = f"ETA {int(left) // 60}:{int(left) % 60:02d}" if done < total else f"{elapsed:.1f} s"
    line = f"[{bar}] {done}/{total} {100 * done // max(total, 1):3d}%  {rate:.1f} doc/s  {eta}  {path}"
    click.echo(f"\r\033[K{line[:160]}", nl=done == total, err=True)


def _export_and_say(store, output: str, fmt: str | None) -> None:
    from rolegraph.graph.export import export, format_for

    result = export(store, format=fmt or format_for(output), output=output)
    what = "triples" if result.format in ("turtle", "nt") else "quads"
    click.echo(f"wrote {result.path} ({result.format}, {result.triples} {what})")


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@_store_option
@click.option("--whole", is_flag=True,
              help="Check the union of all document graphs in one SHACL run (a batch cross-check; slower).")
@click.pass_context
def validate(ctx, file, store_path, whole) -> None:
    """Check document graphs against the SHACL shapes.

    Without FILE, every document graph in the store is checked again; with FILE (.ttl, .nt,
    .trig, .nq) the graphs in that file. Exit code 4 when any graph does not conform.

    \b
    Examples:
      rolegraph validate --store .rolegraph
      rolegraph validate --whole --store .rolegraph
      rolegraph validate lead.ttl
    """
    from rolegraph.graph.build import revalidate, revalidate_whole, validate_file

    if file:
        checks = validate_file(file)
    else:
        with _open(store_path) as store:
            checks = revalidate_whole(store) if whole else revalidate(store)
    for check in checks:
        click.echo(f"{'ok  ' if check.conforms else 'FAIL'}  {check.source or check.name}")
        for line in check.report.results:
            click.echo(f"      {line}")
    failed = sum(not c.conforms for c in checks)
    click.echo(f"{len(checks)} graph(s) checked, {failed} failed")
    ctx.exit(4 if failed else 0)


@cli.command(cls=_QueryCommand)
@click.argument("query")
@_store_option
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; repeat for several. Labels in any language or IRIs.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "markdown"]),
              default="table", show_default=True, help="json is SPARQL 1.1 Query Results JSON.")
def query(query, store_path, params, fmt) -> None:
    """Answer a question: a named query, a .rq file, or SPARQL text.

    \b
    Examples:
      rolegraph query tools-by-role
      rolegraph query role-profile --param role="Kundtjänstteamledare"
      rolegraph query roles-by-tool -p tool=salesforce --format csv
      rolegraph query my-question.rq
      rolegraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?t a rg:Tool }'
    """
    from rolegraph.queries import render, run

    with _open(store_path) as store:
        result = run(store, query, params=_parse_params(params))
    click.echo(render(result, fmt), nl=False if fmt != "json" else True)


def _parse_params(pairs) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param wants NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


@cli.command()
@click.argument("name", required=False)
def queries(name) -> None:
    """List the named queries, or explain one (its parameters and columns).

    \b
    Examples:
      rolegraph queries
      rolegraph queries tools-by-role
    """
    from rolegraph.queries import get, list_queries

    if name:
        click.echo(get(name).help())
        return
    found = list_queries()
    width = max(len(q.name) for q in found)
    for q in found:
        click.echo(f"{q.name:<{width}}  {q.question}")


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld"]),
              help="Default: from the suffix of --output, else turtle.")
@_store_option
def export(output, fmt, store_path) -> None:
    """Write the whole store to one file.

    Turtle and N-Triples hold the union of all graphs; TriG, N-Quads and JSON-LD keep one named
    graph per document.

    \b
    Examples:
      rolegraph export -o graph.ttl
      rolegraph export --format trig -o graph.trig --store .graph
    """
    with _open(store_path) as store:
        _export_and_say(store, output, fmt)


@cli.command()
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped (answer 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Rows (or triples) one answer may hold (more: answer 503).")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MIB",
              help="Memory one query process may use, in MiB (more: answer 503); 0 for no cap.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Query processes answering at once.")
def serve(store_path, host, port, timeout, max_rows, max_memory, workers) -> None:
    """Serve the store read-only: a SPARQL 1.1 endpoint at /sparql, a query page at /.

    The named queries answer at /queries/NAME?param=value (list: /queries). Updates, LOAD and
    SERVICE are refused; each query has a time limit and a row limit.

    \b
    Examples:
      rolegraph serve --store .rolegraph
      curl 'http://127.0.0.1:8000/queries/roles-by-tool?tool=Salesforce' -H 'Accept: text/csv'
    """
    import uvicorn

    from rolegraph.queries.endpoint import create_app

    app = create_app(store_path, timeout=timeout, max_rows=max_rows, max_memory=max_memory or None, workers=workers)
    click.echo(f"rolegraph: serving {store_path} at http://{host}:{port}/ (SPARQL endpoint: /sparql)", err=True)
    # request heads up to 1 MiB reach the endpoint, which answers 413 past its own body limit (256 KiB)
    uvicorn.run(app, host=host, port=port, log_level="warning", h11_max_incomplete_event_size=1024 * 1024)


@cli.command()
@_store_option
@click.option("-w", "--weight", "weights", multiple=True, metavar="KIND=W",
              help="Similarity weights: of one item of a kind, tools (1), categories (0.5), skills (1); "
                   "occupations (0.5) is the share of the score, 0 to 1, that says whether two roles have one "
                   "occupation (0 compares tools, categories and skills only).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain communities.")
def analyze(store_path, weights, seed) -> None:
    """Compute career paths, similar roles, central tools and communities; store them as RDF.

    The results replace the named graph rgid:graph/analysis, where the queries career-path,
    similar-roles and central-tools read them.

    \b
    Examples:
      rolegraph analyze
      rolegraph query similar-roles
      rolegraph analyze --weight occupations=0 --weight categories=1
    """
    from rolegraph.graph.analyze import analyze as run_analysis

    with _open(store_path) as store:
        result = run_analysis(store, weights=_parse_weights(weights), seed=seed)
    click.echo(result.summary())
    click.echo(f"wrote {result.triples} triples to rgid:graph/analysis ({result.seconds:.1f} s)")


def _parse_weights(pairs) -> dict[str, float]:
    try:
        return {name: float(value) for name, value in _parse_params(pairs).items()}
    except ValueError as exc:
        raise UsageError(f"--weight wants KIND=NUMBER: {exc}") from None


@cli.command()
@click.argument("kind", type=click.Choice(["career", "role-tools", "network"]))
@click.argument("role", required=False)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The picture: .svg or .png.")
@_store_option
def draw(kind, role, output, store_path) -> None:
    """Draw the career ladder, a role's tools by category, or the role-tool network.

    ROLE (a label in any language, or an IRI) is needed for role-tools; for career it is marked.

    \b
    Examples:
      rolegraph draw career -o career.svg
      rolegraph draw role-tools "Kundtjänstteamledare" -o lead-tools.png
      rolegraph draw network -o network.svg
    """
    from rolegraph.graph.draw import draw as draw_picture

    with _open(store_path) as store:
        path = draw_picture(store, kind, role=role, output=output)
    click.echo(f"wrote {path}")


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="The folder to write.")
@_store_option
def report(output, store_path) -> None:
    """Write a static HTML site: an index and one page per role, with pictures.

    \b
    Examples:
      rolegraph report -o site
    """
    from rolegraph.graph.report import write_report

    with _open(store_path) as store:
        site = write_report(store, output)
    click.echo(f"wrote {len(site.pages)} role pages and {len(site.pictures)} pictures; open {site.index}")


@cli.command()
@click.option("-n", "--docs", type=click.IntRange(min=0), default=100, show_default=True, help="How many documents.")
@click.option("--languages", default="fi,pl,lv,sv,en,de", show_default=True,
              help="Comma-separated language codes; they take turns.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same files.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="The folder to write.")
def synth(docs, languages, seed, output) -> None:
    """Write a synthetic corpus of role documents (for benchmarks and tests).

    Every word comes from the vocabulary data, so every configured language works.

    \b
    Examples:
      rolegraph synth --docs 1000 --languages fi,pl,lv,sv,en,de --seed 1 -o corpus
    """
    from rolegraph.synth import generate

    corpus = generate(docs, languages=[c.strip() for c in languages.split(",") if c.strip()], seed=seed, output=output)
    click.echo(f"wrote {len(corpus.documents)} documents to {corpus.folder}")


def main() -> None:
    """The console script ``rolegraph``."""
    cli(prog_name="rolegraph")
