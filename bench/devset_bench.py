"""Attribution quality on the PolNeAR dev set, and the precision of each confidence band.

Uses the team's scorer (../shared/eval/score_extract.py, outside the repository) and its
matching functions, with the extractor run in this process instead of through the CLI;
the figures equal the scorer's. Prints a note and exits 0 when the dev set is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.attribution_eval import EVAL, correct, scorer
from quotesdb.articles import prepare, read_article

BANDS = ((0.85, 1.01), (0.7, 0.85), (0.5, 0.7), (0.0, 0.5))


def _predictions(article: str) -> list[dict[str, Any]]:
    return [q.to_dict() for q in prepare(read_article(Path(article))).quotes]


def run(paths: list[Path]) -> dict[str, Any]:
    se = scorer()
    se.run_extract = _predictions  # in process: the same extractor, no CLI start-up per file
    tot = dict(tp=0, fp=0, gold=0, hit=0, desc=0, desc_total=0)
    bands = {band: [0, 0] for band in BANDS}
    for path in paths:
        r = se.score(str(path))
        for key in tot:
            tot[key] += r[key]
        gold = json.loads(path.read_text(encoding="utf-8"))
        for pred in _predictions(str(path.parent / gold["file"])):
            if not pred.get("speaker"):
                continue
            conf = pred.get("confidence") or 0.0
            band = next(b for b in BANDS if b[0] <= conf < b[1])
            bands[band][0] += correct(se, gold, pred)
            bands[band][1] += 1
    p = tot["tp"] / max(1, tot["tp"] + tot["fp"])
    r = tot["hit"] / max(1, tot["gold"])
    return {
        "articles": len(paths),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "descriptions": tot["desc"] / max(1, tot["desc_total"]),
        **{k: tot[k] for k in ("tp", "fp", "gold")},
        "bands": bands,
    }


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else EVAL / "polnear-dev"
    paths = sorted(folder.glob("*.json"))
    if not paths or not (EVAL / "score_extract.py").exists():
        print(f"dev set not found at {folder}: nothing measured")
        return 0
    r = run(paths)
    print(f"{r['articles']} articles, {r['gold']} required quotes ({folder.name}).\n")
    print("| precision | recall | F1 | descriptions | tp | fp |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
        f"{r['descriptions']:.3f} | {r['tp']} | {r['fp']} |\n"
    )
    print("| confidence | attributions | precision |")
    print("| --- | ---: | ---: |")
    for (lo, hi), (ok, n) in r["bands"].items():
        label = f"{lo:.2f}–{min(hi, 1.0):.2f}"
        print(f"| {label} | {n} | {ok / n:.3f} |" if n else f"| {label} | 0 | – |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
