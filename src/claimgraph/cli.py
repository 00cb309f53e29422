"""Command-line interface: a thin shell over the library.

Exit codes: 0 ok; 1 the graph does not conform, or nothing found; 2 a usage or runtime error
(a message, no traceback: `--debug` shows it); 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Error

EXIT_INTERRUPTED = 130


class _Main(click.Group):
    """The command group, with one place that turns every failure into a message and an exit code."""

    debug = False

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:  # a usage mistake: click's message, exit 2
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Error as exc:
            self._report(exc, f"error: {exc}")
        except BrokenPipeError:  # `claimgraph query … | head`: the reader went away
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # a bug of ours: said plainly, the traceback with --debug
            self._report(exc, f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback; "
                              "please report it)")
        sys.exit(code if isinstance(code, int) else 0)

    def _report(self, exc: BaseException, message: str):
        if _Main.debug:
            import traceback

            traceback.print_exception(exc)
        click.echo(message, err=True)
        sys.exit(2)


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="claimgraph")
@click.option("--debug", is_flag=True, envvar="CLAIMGRAPH_DEBUG", help="Show the traceback of an error.")
def main(debug: bool) -> None:
    """claimgraph: news articles → a claim-provenance knowledge graph (RDF, SHACL, SPARQL)."""
    _Main.debug = debug


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
@click.option("--allow-private", is_flag=True,
              help="Fetch URLs on loopback and private networks too (refused by default).")
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT",
              help="Extract on this Dask distributed scheduler's workers instead of local processes.")
def build(inputs, store_dir, out_dir, jobs, gazetteer, no_validate, quiet, default_date, doc_timeout, allow_private,
          dask_address):
    """Add files, folders (.txt, .html, .jsonl) and http(s) URLs to the store: new and changed
    documents are extracted, unchanged ones are left as they are. A build that reads no
    document changes nothing and exits 2."""
    from .errors import NothingToBuild
    from .pipeline import build as run_build

    if store_dir is None and out_dir is None:
        store_dir = DEFAULT_STORE
    try:
        result = run_build(inputs, out_dir, store=store_dir, validate=not no_validate,
                           progress=not quiet and sys.stderr.isatty(), gazetteer_path=gazetteer,
                           default_date=_iso_date(default_date), doc_timeout=doc_timeout or None,
                           jobs=jobs or _jobs_default(), allow_private=allow_private, dask=dask_address)
    except NothingToBuild as exc:
        for skipped in exc.skipped:
            click.echo(f"  skipped {skipped.location}: {skipped.reason}")
        raise
    kinds = result.by_kind()
    click.echo(f"documents read: {len(result.documents) + len(result.unchanged)} "
               f"(new or changed {len(result.documents)}, unchanged {len(result.unchanged)}); "
               f"skipped: {len(result.skipped)}")
    for skipped in result.skipped:
        click.echo(f"  skipped {skipped.location}: {skipped.reason}")
    for notice in result.notices:
        click.echo(f"  note {notice.location}: {notice.message}")
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
    from .ingest import iso_date

    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC…")
@_store_option
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), help="Use this gazetteer Turtle file.")
def remove(doc_ids, store_dir, gazetteer):
    """Take documents (by id) out of the store; events and agents they touched are recomputed."""
    from .pipeline import remove as run_remove

    removed, _settled = run_remove(list(doc_ids), store_dir or DEFAULT_STORE, gazetteer_path=gazetteer)
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

    report = validate_store(_readable(store_dir, graph), progress=sys.stderr.isatty())
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("name")
@_store_option
@_graph_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "sparql-json"]), default="table",
              show_default=True, help="table: at most 100 columns, short ids; json: one object per row, plain values; "
              "sparql-json: the W3C SPARQL results format.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the result to this file (atomically).")
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer (0: no limit).")
def query(name, store_dir, graph_path, params, fmt, output, timeout):
    """Run a query from queries/ by NAME, or a .rq FILE, on the store (or a graph file).
    SELECT prints rows, ASK true or false, CONSTRUCT and DESCRIBE Turtle (JSON-LD with
    --format json or sparql-json)."""
    from . import query as queries
    from .store import write_atomic

    values = {}
    for item in params:
        if "=" not in item:
            raise click.UsageError(f"--param takes NAME=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        values[key.strip()] = value
    query_file = queries.load_query(name)
    store = _readable(store_dir, graph_path)
    if fmt in ("table", "json"):
        from . import terminal

        result = queries.run(store, query_file, values, timeout=timeout or None)
        if isinstance(result, bool):
            text = "true" if result else "false"
        elif isinstance(result, list):  # CONSTRUCT, DESCRIBE: a graph
            text = queries.run_serialized(store, query_file, values, "ttl" if fmt == "table" else "json",
                                          timeout=timeout or None)
        else:
            text = terminal.table(result) if fmt == "table" else terminal.json_rows(result)
    else:
        text = queries.run_serialized(store, query_file, values, "json" if fmt == "sparql-json" else fmt,
                                      timeout=timeout or None)
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

    from .names import did_you_mean

    store = _readable(store_dir, graph_path)
    entries = tracing.chains(store, ident)
    if not entries:
        click.echo(f"no claim or agent matches {ident!r}{did_you_mean(store, ident)}", err=True)
        sys.exit(1)
    from .terminal import tree

    click.echo(tree(entries), nl=False)


@main.command()
@_store_option
@_graph_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "jsonld", "nt", "nq", "annotations"]),
              default="trig", show_default=True,
              help="annotations: every claim's evidence as W3C Web Annotations (JSON-LD).")
@click.option("--out", type=click.Path(dir_okay=False), help="Output file (default: standard output).")
def export(store_dir, graph_path, fmt, out):
    """Export the store (or a graph file) as TriG, Turtle, JSON-LD, N-Triples, N-Quads, or W3C Web
    Annotations (every claim's evidence, for annotation tools)."""
    from .export import export as run_export

    data = run_export(_readable(store_dir, graph_path), fmt, out)
    if not out:
        click.echo(data.decode("utf-8"), nl=False)


def _scope_options(command):
    command = click.option("--event", help="Only this event (its IRI or short id).")(command)
    command = click.option("--day", help="Only the events of this day (YYYY-MM-DD).")(command)
    return command


def _scope(store, event: str | None, day: str | None) -> tuple[str | None, str | None]:
    """The event IRI and day the user gave, checked against the store."""
    from .errors import QueryError
    from .query import convert

    if event and day:
        raise click.UsageError("give --event or --day, not both")
    try:
        event_iri = str(convert(event, "event", store, "--event")) if event else None
        return event_iri, (str(convert(day, "date", None, "--day")) if day else None)
    except QueryError as exc:
        raise click.UsageError(str(exc).replace("--param ", "")) from None


@main.command()
@_store_option
@_graph_option
@_scope_options
@click.option("--agent", "agents", multiple=True, metavar="NAME",
              help="Only the claims this agent made or relayed (any of its names; repeatable).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["statement", "casualty", "threat"]),
              help="Only claims of this kind (repeatable).")
@click.option("--max-nodes", type=click.IntRange(min=10), default=2000, show_default=True,
              help="Past this, claims are grouped by source, kind and event.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .html (interactive), .png, .svg, .pdf, .gexf (Gephi) or .graphml.")
def viz(store_dir, graph_path, event, day, agents, kinds, max_nodes, out):
    """Draw the attribution network: sources, claims, relays, articles and events."""
    from . import viz as views
    from .names import did_you_mean, find_agents

    store = _readable(store_dir, graph_path)
    event_iri, day = _scope(store, event, day)
    agent_iris = []
    for name in agents:
        found = find_agents(store, name)
        if not found:
            raise click.UsageError(f"--agent: no agent named {name!r}{did_you_mean(store, name)}")
        agent_iris += [agent.iri for agent in found]
    title = "Attribution network" + (f" of {day}" if day else "") + (f", {', '.join(agents)}" if agents else "")
    g = views.write(store, out, event=event_iri, day=day, agents=agent_iris or None, kinds=list(kinds) or None,
                    max_nodes=max_nodes, title=title)
    click.echo(f"wrote {out}: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges, "
               f"{g.graph.get('claims', 0):,} claims" + (f" ({g.graph['note']})" if g.graph.get("note") else ""))


@main.command()
@_store_option
@_graph_option
@_scope_options
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
def report(store_dir, graph_path, event, day, out):
    """Write one self-contained HTML report of an event (or of the events of a day, or of the
    archive): the toll timeline, the conflicting-counts table, and the words in their articles."""
    from .store import write_atomic
    from .viz.report import build as build_report

    store = _readable(store_dir, graph_path)
    event_iri, day = _scope(store, event, day)
    page, info = build_report(store, event=event_iri, day=day)
    write_atomic(Path(out), page)
    click.echo(f"wrote {out}: {info['events']} event(s), {info['claims']} reports in {info['articles']} articles"
               + (f"; {info['articles'] - info['texts']} article text(s) not at hand, shown in context"
                  if info["texts"] < info["articles"] else ""))
    if not info["events"]:
        sys.exit(1)


@main.command()
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=7878, show_default=True,
              help="The port (0: any free port, printed at start).")
@click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer (503; 0: no limit).")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Worker threads.")
def serve(store_dir, host, port, timeout, threads):
    """Serve the store read-only as a SPARQL 1.1 Protocol endpoint (/sparql), with the named
    queries of queries/ at /queries/NAME?param=value (Ctrl-C stops it)."""
    from .serve import serve as run_serve

    try:
        run_serve(store_dir or DEFAULT_STORE, host=host, port=port, timeout=timeout or None, threads=threads)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


if __name__ == "__main__":
    main()
