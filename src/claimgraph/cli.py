"""Command-line interface: a thin shell over the library.

Exit codes: 0 ok, 1 the graph does not conform / nothing found, 2 usage or runtime error.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Error


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.group()
@click.version_option(__version__, prog_name="claimgraph")
def main() -> None:
    """claimgraph: news articles → a claim-provenance knowledge graph (RDF, SHACL, SPARQL)."""


def _jobs_default() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _store_option(command):
    return click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
                        help="The store folder (default: out/store).")(command)


def _graph_option(command):
    return click.option("--graph", "graph_path", type=click.Path(dir_okay=False), default=None,
                        help="Read this graph file (Turtle, TriG, N-Triples, N-Quads, JSON-LD) instead of a store.")(command)


def _readable(store_dir: str | None, graph_path: str | None):
    from .store import open_readable

    if store_dir and graph_path:
        raise click.UsageError("give --store or --graph, not both")
    return open_readable(store=store_dir or DEFAULT_STORE, graph=graph_path)


DEFAULT_STORE = "out/store"


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_store_option
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Also export graph.ttl (all triples) and graph.trig (one named graph per document) here; "
                   "the store is then DIR/store unless --store is given.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: the number of cores).")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), help="Use this gazetteer Turtle file.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--quiet", is_flag=True, help="No progress bar; summary only.")
@click.option("--date", "default_date", metavar="YYYY[-MM[-DD]]",
              help="Publication date for articles whose metadata gives none.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Skip a document whose extraction takes longer (0: no limit).")
def build(inputs, store_dir, out_dir, jobs, gazetteer, no_validate, quiet, default_date, doc_timeout):
    """Add files, folders (.txt, .html, .jsonl) and http(s) URLs to the store: new and changed
    documents are extracted, unchanged ones are left as they are."""
    from .pipeline import build as run_build

    if store_dir is None and out_dir is None:
        store_dir = DEFAULT_STORE
    try:
        result = run_build(inputs, out_dir, store=store_dir, validate=not no_validate,
                           progress=not quiet and sys.stderr.isatty(), gazetteer_path=gazetteer,
                           default_date=_iso_date(default_date), doc_timeout=doc_timeout or None,
                           jobs=jobs or _jobs_default())
    except Error as exc:
        _fail(exc)
    kinds = result.by_kind()
    click.echo(f"documents read: {len(result.documents) + len(result.unchanged)} "
               f"(new or changed {len(result.documents)}, unchanged {len(result.unchanged)}); "
               f"skipped: {len(result.skipped)}")
    for skipped in result.skipped:
        click.echo(f"  skipped {skipped.location}: {skipped.reason}")
    click.echo("claim mentions: " + ", ".join(f"{kind} {kinds.get(kind, 0)}" for kind in ("statement", "casualty", "threat"))
               + f" (total {sum(kinds.values())})")
    if result.report is not None:
        click.echo("SHACL: " + ("conforms" if result.report.conforms else
                                f"does not conform ({len(result.report.violations)} violations; run claimgraph validate)"))
    click.echo(f"store: {result.store.path}")
    for path in result.outputs:
        click.echo(f"wrote {path}")
    click.echo(f"time: {result.seconds:.1f} s")
    result.store.close()
    if result.report is not None and not result.report.conforms:
        sys.exit(1)


def _iso_date(value: str | None) -> str | None:
    import re

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint="--date")
    return value


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC…")
@_store_option
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), help="Use this gazetteer Turtle file.")
def remove(doc_ids, store_dir, gazetteer):
    """Take documents (by id) out of the store; events and agents they touched are recomputed."""
    from .pipeline import remove as run_remove

    try:
        removed, _settled = run_remove(list(doc_ids), store_dir or DEFAULT_STORE, gazetteer_path=gazetteer)
    except Error as exc:
        _fail(exc)
    for doc_id in doc_ids:
        click.echo(f"removed {doc_id}" if doc_id in removed else f"not in the store: {doc_id}")
    sys.exit(0 if len(removed) == len(set(doc_ids)) else 1)


@main.command()
@click.argument("graph", type=click.Path(dir_okay=False), required=False)
@_store_option
def validate(graph, store_dir):
    """Check the store (or a GRAPH file) against ontology/shapes.ttl and the violation queries
    (exit 0 conforms, 1 not, 2 error)."""
    from .validate import validate_store

    try:
        report = validate_store(_readable(store_dir, graph), progress=sys.stderr.isatty())
    except Error as exc:
        _fail(exc)
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("name")
@_store_option
@_graph_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the result to this file (atomically).")
def query(name, store_dir, graph_path, params, fmt, output):
    """Run a query from queries/ by NAME, or a .rq FILE, on the store (or a graph file)."""
    from . import query as queries
    from .store import write_atomic

    try:
        values = {}
        for item in params:
            if "=" not in item:
                raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
            key, value = item.split("=", 1)
            values[key.strip()] = value
        query_file = queries.load_query(name)
        store = _readable(store_dir, graph_path)
        if fmt == "table":
            text = queries.render(queries.run(store, query_file, values), fmt)
        else:
            text = queries.run_serialized(store, query_file, values, fmt)
    except Error as exc:
        _fail(exc)
    if output:
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.argument("ident", metavar="ID")
@_store_option
@_graph_option
def trace(ident, store_dir, graph_path):
    """Print the path of a claim (IRI or short id) or of an agent's claims, from the article back to the original source."""
    from . import trace as tracing

    try:
        entries = tracing.chains(_readable(store_dir, graph_path), ident)
    except Error as exc:
        _fail(exc)
    if not entries:
        click.echo(f"no claim matches {ident!r}", err=True)
        sys.exit(1)
    click.echo(tracing.render(entries), nl=False)


@main.command()
@_store_option
@_graph_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "jsonld", "nt", "nq"]), default="trig",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Output file (default: standard output).")
def export(store_dir, graph_path, fmt, out):
    """Export the store (or a graph file) as TriG, Turtle, JSON-LD, N-Triples or N-Quads."""
    from .export import export as run_export

    try:
        data = run_export(_readable(store_dir, graph_path), fmt, out)
    except Error as exc:
        _fail(exc)
    if not out:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@_store_option
@_graph_option
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output file: .png or .graphml.")
def viz(store_dir, graph_path, out):
    """Draw agents → claims → documents (with relay links) as PNG or GraphML."""
    from .viz import write

    try:
        path = write(_readable(store_dir, graph_path), out)
    except Error as exc:
        _fail(exc)
    click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
