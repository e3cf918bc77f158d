"""Fit the confidence calibration (translations/align/confidence.py) and show its reliability.

Usage::

    python benchmarks/align_calibrate.py [--data DIR]

Aligns every evaluation set (align_sets.py), labels each bead right (it is a
gold bead) or wrong, and fits two logistic regressions (Platt scaling) on dev-A
and the merged / dropped / moved stress sets built from dev-A alone: pairs on (raw score,
supported or not, margin over the nearest rival, wide bead or not), null beads on ``null_raw``.
(Isotonic regression was tried first: on ~200 beads of which 95 % are right
its steps are noise, and they moved completely between the halves.)  Prints them as the constants to
paste into confidence.py, then the reliability table of the confidence the
aligner *currently* reports (the stored curves) on every set: per bin, how
many beads and how many of them are right.  The second fit (on dev-B,
reported on dev-A) is printed too, to see how much the curves move between
halves.  Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from align_bench import DEFAULT_DATA, dev_set_problem  # noqa: E402
from align_sets import EvalSet, dropped, evaluation_sets, merged, moved  # noqa: E402
from translations.align import align  # noqa: E402
from translations.align.confidence import null_features, pair_features  # noqa: E402

BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def logistic(features, y, steps=500, l2=1e-2):
    """Platt scaling: weights w of p = sigmoid(features @ w), fitted by Newton's method."""
    x = np.asarray(features, float)
    y = np.asarray(y, float)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return tuple(round(float(v), 3) for v in w)


def labelled(es, result):
    gold = {(tuple(x), tuple(y)) for x, y in es.gold}
    rows = []
    for k, (bead, conf, raw) in enumerate(zip(result.beads, result.confidence,
                                              result.raw_confidence)):
        right = (tuple(bead[0]), tuple(bead[1])) in gold
        rank = result.ranks[k]
        rows.append(dict(right=right, conf=conf, raw=raw, rank=rank,
                         null=not (bead[0] and bead[1]), null_raw=result.null_raw[k],
                         margin=result.margins[k], wide=len(bead[0]) + len(bead[1]) > 2))
    return rows


def fit(rows):
    pairs = [r for r in rows if not r["null"]]
    nulls = [r for r in rows if r["null"] and r["null_raw"] is not None]
    return {
        "PAIR_WEIGHTS": logistic([pair_features(r["raw"], r["rank"], r["margin"], r["wide"])
                                  for r in pairs],
                                 [r["right"] for r in pairs]),
        "NULL_WEIGHTS": logistic([null_features(r["null_raw"]) for r in nulls],
                                 [r["right"] for r in nulls]),
    }


def rescored(rows, weights):
    """*rows* with their confidence recomputed from *weights* (as fit() returns them)."""
    out = []
    for r in rows:
        if r["null"]:
            if r["null_raw"] is None:
                out.append(r)
                continue
            feats, w = null_features(r["null_raw"]), weights["NULL_WEIGHTS"]
        else:
            feats = pair_features(r["raw"], r["rank"], r["margin"], r["wide"])
            w = weights["PAIR_WEIGHTS"]
        out.append(dict(r, conf=float(1.0 / (1.0 + np.exp(-np.dot(w, feats))))))
    return out


def reliability(title, rows):
    print(f"\n{title}: {len(rows)} beads")
    print("  confidence     beads  right  share right")
    for lo, hi in zip(BINS, BINS[1:]):
        sel = [r for r in rows if lo <= r["conf"] < hi]
        if sel:
            right = sum(r["right"] for r in sel)
            print(f"  [{lo:.2f}, {min(hi, 1):.2f}{')' if hi < 1 else ']'}  {len(sel):6} {right:6}  {right / len(sel):.3f}")
    top = [r for r in rows if r["conf"] >= 0.9]
    if top:
        print(f"  >= 0.90: {len(top)} beads, {sum(r['right'] for r in top) / len(top):.3f} right")
    doubtful = [r for r in rows if r["conf"] < 0.9]
    wrong = sum(not r["right"] for r in rows)
    print(f"  doubtful (< 0.90): {len(doubtful)} beads, of which "
          f"{sum(not r['right'] for r in doubtful)} wrong (of {wrong} wrong beads)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path,
                    default=Path(os.environ.get("ALIGN_BENCH_DATA", DEFAULT_DATA)))
    args = ap.parse_args(argv)
    problem = dev_set_problem(args.data)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    sets = evaluation_sets(args.data)
    fit_sets = {half: half_sets(sets, half) for half in ("A", "B")}
    rows = {}
    for es in sets + fit_sets["A"] + fit_sets["B"]:
        result = align(es.src, es.tgt, src_lang=es.src_lang, tgt_lang=es.tgt_lang)
        rows[es.name] = labelled(es, result)
    for fit_on, report_on in (("A", "B"), ("B", "A")):
        fit_rows = [r for es in fit_sets[fit_on] for r in rows[es.name]]
        print(f"\nfitted on dev-{fit_on} and its stress sets, {len(fit_rows)} beads "
              f"(held out: dev-{report_on}):")
        for name, weights in fit(fit_rows).items():
            print(f"{name} = {weights}")
    # rows is keyed by set name, so dev-B (in both lists) counts once
    held = [r for name in rows if name in HELD_OUT or name.startswith("B-") for r in rows[name]]
    weights_a = fit([r for es in fit_sets["A"] for r in rows[es.name]])
    reliability("weights just fitted on dev-A, held out", rescored(held, weights_a))
    for name in rows:
        reliability(f"stored weights, {name}", rows[name])
    reliability("stored weights, held out (dev-B and its stress sets, en-ru, zh-en, "
                "zh-en-merged, unrelated)", held)
    return 0


HELD_OUT = ("dev-B", "en-ru", "zh-en", "zh-en-merged", "unrelated")


def half_sets(sets, half):
    """dev-<half> and the merged / dropped / moved stress sets built from it alone."""
    base = next(es for es in sets if es.name == f"dev-{half}")
    out = [base]
    for name, make in (("merged", merged), ("dropped", dropped)):
        out.append(EvalSet(f"{half}-{name}", *make(base.src, base.tgt, base.gold), "de", "fr"))
    out.append(EvalSet(f"{half}-moved", *moved(base.src, base.tgt, base.gold, start=60, shift=100),
                       "de", "fr"))
    return out


if __name__ == "__main__":
    sys.exit(main())
