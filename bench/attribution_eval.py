"""Attribution quality on PolNeAR train and dev together, with confidence calibration.

The team's scorer (../shared/eval/score_extract.py, outside the repository) does the
matching; this harness imports it at run time and runs the extractor in this process, so
837 + 83 articles score in seconds instead of one CLI start-up per article. Per split it
reports precision, recall, F1, descriptions, the precision of attributions at confidence
>= 0.9, the share of wrong speakers that fall below the review threshold (what the review
queue catches), and extraction throughput (MB/s of CPU time on one core, extraction alone,
so a busy machine does not skew it).

    python -m bench.attribution_eval [--errors FILE] [SPLIT ...]

--errors writes every miss and wrong speaker (with its confidence) to FILE, outside the
repository, for reading against the paragraph. Prints a note and exits 0 when the sets are
absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.common import REPO
from quotesdb.articles import read_article
from quotesdb.db.review import REVIEW_BELOW
from quotesdb.extract import clean_text, extract_quotes

EVAL = REPO.parent / "shared" / "eval"
if not EVAL.exists():
    EVAL = Path("/work/shared/eval")
SPLITS = ("polnear-train", "polnear-dev")
HIGH = 0.9


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extract", EVAL / "score_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def correct(se: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """The scorer's rule for one prediction with a speaker."""
    names = {
        canon: {se.norm_name(canon)} | {se.norm_name(a) for a in info.get("aliases", [])}
        for canon, info in gold.get("speakers", {}).items()
    }
    text = se.norm_text(pred["text"])
    for q in gold["quotes"]:
        if q["kind"] in ("quote", "optional") and se.covers(text, se.norm_text(q["text"])):
            allowed = names.get(q["speaker"], {se.norm_name(q["speaker"])})
            if se.norm_name(pred["speaker"]) in allowed:
                return True
    return False


def run(folder: Path, se: ModuleType, errors: list[str]) -> dict[str, Any]:
    """Score every article of one split; timings cover extraction only."""
    paths = sorted(folder.glob("*.json"))
    cache: dict[str, list[dict[str, Any]]] = {}
    seconds = 0.0
    size = 0
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = clean_text(read_article(path.parent / gold["file"]).body)
        start = time.process_time()
        quotes = extract_quotes(text)
        seconds += time.process_time() - start
        size += len(text.encode("utf-8"))
        cache[str(path.parent / gold["file"])] = [q.to_dict() for q in quotes]
    se.run_extract = lambda article: cache[article]
    tot = dict(tp=0, fp=0, gold=0, hit=0, desc=0, desc_total=0)
    high = [0, 0]
    wrong = [0, 0]  # wrong speakers: below the review threshold, all
    for path in paths:
        r = se.score(str(path))
        for key in tot:
            tot[key] += r[key]
        gold = json.loads(path.read_text(encoding="utf-8"))
        preds = cache[str(path.parent / gold["file"])]
        for pred in preds:
            if not pred.get("speaker"):
                continue
            conf = pred.get("confidence") or 0.0
            ok = correct(se, gold, pred)
            if conf >= HIGH:
                high[0] += ok
                high[1] += 1
            if not ok and _scored(se, gold, pred):
                wrong[0] += conf < REVIEW_BELOW
                wrong[1] += 1
                errors.append(
                    f"WRONG {path.name} [{pred['speaker']}] c={conf} "
                    f"d={pred.get('speaker_description')!r} :: {pred['text'][:90]}"
                )
        for spk, text in r["missed"]:
            errors.append(f"MISS  {path.name} [{spk}] :: {text}")
    p = tot["tp"] / max(1, tot["tp"] + tot["fp"])
    rc = tot["hit"] / max(1, tot["gold"])
    return {
        "split": folder.name,
        "precision": p,
        "recall": rc,
        "f1": 2 * p * rc / (p + rc) if p + rc else 0.0,
        "descriptions": tot["desc"] / max(1, tot["desc_total"]),
        "p_high": high[0] / max(1, high[1]),
        "n_high": high[1],
        "review_share": wrong[0] / max(1, wrong[1]),
        "n_wrong": wrong[1],
        "mb_s": size / 1e6 / seconds if seconds else 0.0,
        **{k: tot[k] for k in ("tp", "fp", "gold")},
    }


def _scored(se: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """A wrong speaker on a gold span (not an unannotated quote the scorer also counts)."""
    text = se.norm_text(pred["text"])
    return any(
        q["kind"] in ("quote", "optional") and se.covers(text, se.norm_text(q["text"]))
        for q in gold["quotes"]
    )


def main(argv: list[str]) -> int:
    errors_to = None
    if argv[:1] == ["--errors"]:
        errors_to, argv = Path(argv[1]), argv[2:]
    splits = argv or list(SPLITS)
    if not (EVAL / "score_extract.py").exists():
        print(f"scorer not found under {EVAL}: nothing measured")
        return 0
    se = scorer()
    errors: list[str] = []
    print(
        "| split | P | R | F1 | descriptions | P@conf>=0.9 (n) | wrong in review queue (n) "
        "| tp | fp | gold | MB/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for split in splits:
        r = run(EVAL / split, se, errors)
        print(
            f"| {r['split']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
            f"{r['descriptions']:.3f} | {r['p_high']:.3f} ({r['n_high']}) | "
            f"{r['review_share']:.2f} ({r['n_wrong']}) | {r['tp']} | {r['fp']} | {r['gold']} | "
            f"{r['mb_s']:.2f} |"
        )
    if errors_to is not None:
        errors_to.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
