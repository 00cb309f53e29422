"""pyshacl-turbo against pySHACL on real graphs: same verdicts, same violations, and speed.

usage: python bench/shacl_engines.py STORE [--graphs N]

Takes the first N document graphs of STORE (built with `claimgraph build … --store STORE`),
each with the descriptions of the agents it names, and prints: the time each engine takes to
validate them as they are, then the number of cases (every graph and every mutation of it:
see `claimgraph.validate.mutations`) and those on which the two engines disagree.
"""
from __future__ import annotations

import argparse
import time

from claimgraph.model import AGENTS_GRAPH, EVENTS_GRAPH
from claimgraph.store import Store
from claimgraph.validate import ENGINES, engine_agreement, shacl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--graphs", type=int, default=10)
    args = parser.parse_args()
    with Store.open(args.store) as store:
        agents = store.graph(AGENTS_GRAPH)
        described = set(agents.subjects())
        names = [n for n in store.document_graphs() if n not in (AGENTS_GRAPH, EVENTS_GRAPH)][:args.graphs]
        graphs = []
        for name in names:
            graph = store.graph(name)
            for node in set(graph.objects()) & described:
                for p, o in agents.predicate_objects(node):
                    graph.add((node, p, o))
            graphs.append(graph)
    triples = sum(len(g) for g in graphs)
    print(f"{len(graphs)} document graphs, {triples} triples")
    for engine in ENGINES:
        started = time.perf_counter()
        verdicts = [shacl(g, engine)[0] for g in graphs]
        seconds = time.perf_counter() - started
        print(f"{engine:>14}: {seconds:.2f} s ({seconds / len(graphs) * 1000:.0f} ms a graph), "
              f"{verdicts.count(True)} conform")
    started = time.perf_counter()
    cases, differ = engine_agreement(graphs)
    print(f"agreement: {cases} cases (graphs and their mutations), {len(differ)} disagreements "
          f"({time.perf_counter() - started:.0f} s)")
    for line in differ[:20]:
        print(f"  {line}")


if __name__ == "__main__":
    main()
