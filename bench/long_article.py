"""Extraction time and peak memory on one long article, at several lengths.

Corpus articles (English, from ../shared/corpora/news.jsonl) are joined until the text reaches
each size; the article is parsed and the rules run once (`claimgraph.extract.extract`). Time
should grow in proportion to the length.

    python bench/long_article.py [--sizes 20000,200000,900000] [--corpus PATH]
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,200000,900000")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "news.jsonl"))
    args = parser.parse_args()

    from claimgraph import gazetteer
    from claimgraph.extract import extract
    from claimgraph.ingest import from_text

    texts = []
    with open(args.corpus, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"].startswith("polnear"):  # the English part of the corpus
                texts.append(record["text"])
            if len(texts) >= 400:
                break
    places = gazetteer.load()
    extract(from_text("The mayor said the bridge was open.", doc_id="w", location="w", language="en"), places)
    print(f"{'characters':>10} {'seconds':>8} {'claims':>7} {'peak RSS MiB':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        text, i = "", 0
        while len(text) < size:
            text += texts[i % len(texts)] + "\n\n"
            i += 1
        document = from_text(text[:size], doc_id="long", location="long.txt", language="en")
        started = time.perf_counter()
        claims = extract(document, places)
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{size:>10} {seconds:>8.1f} {len(claims):>7} {rss:>13}", flush=True)


if __name__ == "__main__":
    main()
