"""The shared gold annotations, scored in-process with the scorer's own matching."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from quotesdb.extract import clean_text, extract_quotes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extract", EVAL / "score_extract.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ folder absent")
def test_gold_thresholds() -> None:
    sc = _scorer()
    tp = fp = gold = hit = desc = desc_total = 0
    for path in sorted(EVAL.glob("seed-*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        text = clean_text((path.parent / g["file"]).read_text(encoding="utf-8"))
        preds = extract_quotes(text)
        names = {
            c: {sc.norm_name(c)} | {sc.norm_name(a) for a in info.get("aliases", [])}
            for c, info in g.get("speakers", {}).items()
        }
        golds = [dict(q, n=sc.norm_text(q["text"])) for q in g["quotes"]]
        found: set[int] = set()
        for p in preds:
            if not p.speaker:
                continue
            ok = False
            for i, q in enumerate(golds):
                covered = sc.covers(sc.norm_text(p.text), q["n"])
                same = sc.norm_name(p.speaker) in names.get(q["speaker"], {q["speaker"]})
                if q["kind"] in ("quote", "optional") and covered and same:
                    ok = True
                    found.add(i)
            tp, fp = tp + ok, fp + (not ok)
        must = [i for i, q in enumerate(golds) if q["kind"] == "quote"]
        gold += len(must)
        hit += sum(1 for i in must if i in found)
        for canon, info in g.get("speakers", {}).items():
            for key in info.get("description_keys", []):
                desc_total += 1
                desc += any(
                    sc.norm_name(p.speaker) in names[canon]
                    and sc.norm_text(key) in sc.norm_text(p.speaker_description or "")
                    for p in preds
                )
    assert gold > 0
    assert tp / (tp + fp) >= 0.95
    assert hit / gold == 1.0
    assert desc / desc_total >= 0.90


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ folder absent")
def test_seed_offsets_and_furniture() -> None:
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        assert "View caption" not in text and "Share This Post" not in text
        for q in extract_quotes(text):
            assert text[q.start : q.end] == q.text
            assert not q.text.endswith(",")
