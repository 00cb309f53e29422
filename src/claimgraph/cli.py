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


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl (all triples) and graph.trig (one named graph per document).")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), help="Use this gazetteer Turtle file.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option("--quiet", is_flag=True, help="No progress bar; summary only.")
@click.option("--date", "default_date", metavar="YYYY[-MM[-DD]]",
              help="Publication date for articles whose metadata gives none.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Skip a document whose extraction takes longer (0: no limit).")
def build(inputs, out_dir, gazetteer, no_validate, quiet, default_date, doc_timeout):
    """Build the graph from files, folders (.txt, .html, .jsonl) and http(s) URLs."""
    from .pipeline import build as run_build

    try:
        result = run_build(inputs, out_dir, validate=not no_validate, progress=not quiet and sys.stderr.isatty(),
                           gazetteer_path=gazetteer, default_date=_iso_date(default_date),
                           doc_timeout=doc_timeout or None)
    except Error as exc:
        _fail(exc)
    kinds = result.by_kind()
    click.echo(f"documents read: {len(result.documents)}; skipped: {len(result.skipped)}")
    for skipped in result.skipped:
        click.echo(f"  skipped {skipped.location}: {skipped.reason}")
    click.echo("claim mentions: " + ", ".join(f"{kind} {kinds.get(kind, 0)}" for kind in ("statement", "casualty", "threat"))
               + f" (total {sum(kinds.values())})")
    if result.report is not None:
        click.echo("SHACL: " + ("conforms" if result.report.conforms else
                                f"does not conform ({len(result.report.violations)} violations; run claimgraph validate)"))
    for path in result.outputs:
        click.echo(f"wrote {path}")
    click.echo(f"time: {result.seconds:.1f} s")
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
@click.argument("graph", type=click.Path(dir_okay=False))
def validate(graph):
    """Check GRAPH against ontology/shapes.ttl and the violation queries (exit 0 conforms, 1 not, 2 error)."""
    from .store import Store
    from .validate import validate_store

    try:
        report = validate_store(Store.load(graph))
    except Error as exc:
        _fail(exc)
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("name")
@click.option("--graph", "graph_path", required=True, type=click.Path(dir_okay=False), help="Graph file to query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the result to this file (atomically).")
def query(name, graph_path, params, fmt, output):
    """Run a query from queries/ by NAME, or a .rq FILE, on a graph."""
    from . import query as queries
    from .store import Store, write_atomic

    try:
        values = {}
        for item in params:
            if "=" not in item:
                raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
            key, value = item.split("=", 1)
            values[key.strip()] = value
        query_file = queries.load_query(name)
        result = queries.run(Store.load(graph_path), query_file, values)
        text = queries.render(result, fmt)
    except Error as exc:
        _fail(exc)
    if output:
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.argument("ident", metavar="ID")
@click.option("--graph", "graph_path", required=True, type=click.Path(dir_okay=False), help="Graph file to read.")
def trace(ident, graph_path):
    """Print the path of a claim (IRI or short id) or of an agent's claims, from the article back to the original source."""
    from . import trace as tracing
    from .store import Store

    try:
        entries = tracing.chains(Store.load(graph_path), ident)
    except Error as exc:
        _fail(exc)
    if not entries:
        click.echo(f"no claim matches {ident!r}", err=True)
        sys.exit(1)
    click.echo(tracing.render(entries), nl=False)


@main.command()
@click.option("--graph", "graph_path", required=True, type=click.Path(dir_okay=False), help="Graph file to export.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "jsonld", "nt"]), default="ttl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Output file (default: standard output).")
def export(graph_path, fmt, out):
    """Export a graph as Turtle, TriG, JSON-LD or N-Triples."""
    from .export import export as run_export
    from .store import Store

    try:
        text = run_export(Store.load(graph_path), fmt, out)
    except Error as exc:
        _fail(exc)
    if not out:
        click.echo(text)


@main.command()
@click.option("--graph", "graph_path", required=True, type=click.Path(dir_okay=False), help="Graph file to draw.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output file: .png or .graphml.")
def viz(graph_path, out):
    """Draw agents → claims → documents (with relay links) as PNG or GraphML."""
    from .store import Store
    from .viz import write

    try:
        path = write(Store.load(graph_path), out)
    except Error as exc:
        _fail(exc)
    click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
