"""The rule lemmatiser's word lists as sets (`nlp.indexed_lemmas`) against the lists as the
pipeline packages ship them: the same lemmas on corpus articles, and the seconds each takes.

usage: python bench/lemmas.py [--articles 250]

The first N articles of ../shared/corpora/news.jsonl (bench/archive.py's shuffle), each parsed
twice by its language's pipeline package: loaded as it ships, then loaded with its lists made
sets (nothing else changed); models loaded first. A loaded machine disturbs the seconds, never
the comparison. Prints the seconds of each, the tokens compared and how many lemmas differ (0
expected).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import corpus_lines  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250)
    args = parser.parse_args()
    from claimgraph import nlp

    records = [json.loads(line) for line in corpus_lines()[:args.articles]]
    texts = {language: [r["text"] for r in records if r.get("language") == language] for language in ("en", "fr")}
    shipped = {language: nlp._package(language).load() for language in texts}
    ours = {language: nlp._package(language).load() for language in texts}
    for pipeline in ours.values():
        nlp.indexed_lemmas(pipeline)
    lemmas = {}
    for label, pipelines in (("lists (as shipped)", shipped), ("sets", ours)):
        started = time.perf_counter()
        lemmas[label] = [[t.lemma_ for t in doc] for language in texts
                         for doc in pipelines[language].pipe(texts[language], batch_size=16)]
        print(f"{label:<20} {time.perf_counter() - started:7.1f} s", flush=True)
    a, b = lemmas.values()
    tokens = sum(len(x) for x in a)
    differ = sum(1 for x, y in zip(a, b) for p, q in zip(x, y) if p != q)
    differ += sum(abs(len(x) - len(y)) for x, y in zip(a, b))
    print(f"documents {len(a)}, tokens {tokens}, lemmas that differ {differ}")


if __name__ == "__main__":
    main()
