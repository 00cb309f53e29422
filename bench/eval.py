"""Extraction scores on the seeds and the dev set, per language (what `make eval` prints).

usage: python bench/eval.py [--set seeds|dev|all] [--errors] [--out DIR]

For each set: build the articles (no validation), run the `claims_table` query, write its
CSV to DIR/<set>/claims.csv, and score it with ../shared/eval/score.py, once per language
(gold and predicted rows filtered on the document's language). `--errors` lists every miss,
spurious row and wrong attribute with the rule that produced the row, for grouping by cause.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path

from claimgraph import query as queries
from claimgraph.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
SETS = {
    "seeds": (ROOT / "seeds", SHARED / "gold" / "seeds.jsonl", ROOT / "seeds"),
    "dev": (SHARED / "dev" / "dev.jsonl", SHARED / "gold" / "dev.jsonl", SHARED / "dev" / "texts"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def claims_csv(inputs: Path, out: Path) -> tuple[Path, dict[str, str]]:
    """Build `inputs`, write the claims_table CSV; returns its path and each document's language."""
    result = build([str(inputs)], None, validate=False)
    for skipped in result.skipped:
        print(f"  skipped {skipped.location}: {skipped.reason}", file=sys.stderr)
    table = queries.run(result.store, queries.load_query("claims_table"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "claims.csv"
    path.write_text(queries.render(table, "csv"), encoding="utf-8")
    languages = {doc_id: lang for doc_id, lang in result.languages.items()}
    return path, languages


def _filtered(gold: Path, pred: Path, keep, tmp: Path) -> tuple[Path, Path]:
    g = tmp / "gold.jsonl"
    g.write_text("".join(line + "\n" for line in gold.read_text(encoding="utf-8").splitlines()
                         if line.strip() and keep(json.loads(line)["doc"])), encoding="utf-8")
    with open(pred, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if keep(r["doc"])]
        fields = reader.fieldnames
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    p = tmp / "claims.csv"
    p.write_text(buffer.getvalue(), encoding="utf-8")
    return g, p


def report(name: str, gold: Path, texts: Path, pred: Path, languages: dict[str, str], errors: bool) -> dict:
    scorer = _scorer()
    out = {}
    for language in ("en", "fr", None):
        keep = (lambda d: True) if language is None else (lambda d, lg=language: languages.get(d) == lg)
        with tempfile.TemporaryDirectory() as tmp:
            g, p = _filtered(gold, pred, keep, Path(tmp))
            gold_rows, pred_rows = scorer.load_gold(g, texts), scorer.load_pred(p)
            if not gold_rows:
                continue
            result = scorer.score(gold_rows, pred_rows)
        label = f"{name} {language or 'all'}"
        out[label] = result
        kinds, attrs = result["kinds"], result["attributes"]
        print(f"== {label}")
        for kind, r in kinds.items():
            print(f"{kind:10s} gold={r['gold']:4d} pred={r['pred']:4d} tp={r['tp']:4d} "
                  f"P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")
        print("  ".join(f"{k} {a['correct']}/{a['of']}={a['accuracy']:.2f}" for k, a in attrs.items()))
        if errors and language is None:
            _errors(scorer, gold_rows, pred_rows, result["pairs"])
    return out


def _errors(scorer, gold, pred, pairs) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in gold:
        if id(g) not in matched_g:
            print(f"MISSED   {g['id']} {g['kind']} [{g['source']}] {g['evidence'][:140]!r}")
    for p in pred:
        if id(p) not in matched_p:
            print(f"SPURIOUS {p['doc'][:22]} {p['kind']} {p['start']}-{p['end']} [{p.get('source')}] "
                  f"rule={p.get('rule')} cue={p.get('cue')!r}")
    for g, p in pairs:
        wrong = []
        if not scorer.same_source(g, p):
            wrong.append(f"source want {g['source']!r} got {p.get('source')!r}")
        if g["kind"] == "casualty" and (scorer.as_int(p.get("count_min")) != g.get("count_min")
                                        or scorer.as_int(p.get("count_max")) != g.get("count_max")):
            wrong.append(f"count want {g.get('count_min')}-{g.get('count_max')} "
                         f"got {p.get('count_min')}-{p.get('count_max')}")
        if g["kind"] in ("casualty", "threat") and g.get("date") and \
                not str(p.get("date") or "").strip('"')[:10].startswith(g["date"]):
            wrong.append(f"date want {g['date']} got {p.get('date')!r}")
        if g["kind"] == "threat" and g.get("target"):
            t, want = scorer.norm(p.get("target", "")), scorer.norm(g["target"])
            if not (t and (t in want or want in t)):
                wrong.append(f"target want {g['target']!r} got {p.get('target')!r}")
        if wrong:
            print(f"WRONG    {g['id']} rule={p.get('rule')} " + "; ".join(wrong)
                  + f" | {g['evidence'][:90]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["seeds", "dev", "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="list misses, spurious rows and wrong attributes")
    parser.add_argument("--out", default=str(ROOT / "out" / "eval"))
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"no evaluation data at {SHARED} (../shared beside the checkout)")
    names = ["seeds", "dev"] if args.set == "all" else [args.set]
    summary = []
    for name in names:
        inputs, gold, texts = SETS[name]
        pred, languages = claims_csv(inputs, Path(args.out) / name)
        for label, result in report(name, gold, texts, pred, languages, args.errors).items():
            k, a = result["kinds"], result["attributes"]
            summary.append((label, k["all"]["f1"], k["statement"]["f1"], k["casualty"]["recall"],
                            a.get("count", {}).get("accuracy"), k["threat"]["f1"],
                            a.get("source", {}).get("accuracy"), a.get("date", {}).get("accuracy")))
    print("== summary")
    print(f"{'set':10s} {'F1':>6s} {'stmtF1':>6s} {'casR':>6s} {'count':>6s} {'thrF1':>6s} {'source':>6s} {'date':>6s}")
    for row in summary:
        print(f"{row[0]:10s} " + " ".join(f"{v:6.3f}" if isinstance(v, float) else f"{'-':>6s}" for v in row[1:]))


if __name__ == "__main__":
    main()
