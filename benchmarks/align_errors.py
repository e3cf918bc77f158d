"""Where the aligner and a gold alignment disagree, and which cost term decided.

Usage::

    python benchmarks/align_errors.py [--data DIR] [--src-lang de --tgt-lang fr]

DIR holds ``dev.de``, ``dev.fr`` and the gold ``dev.defr`` as for
``align_bench.py`` (default: $ALIGN_BENCH_DATA or ``../shared/alignment/dev``).

For every stretch between two DP nodes that both paths pass through, where
the predicted beads differ from the gold ones, it prints both bead sequences
with each bead's cost split into its terms (``Scorer.explain``) and the
difference of the totals:

* ``gold - predicted > 0``: the scorer prefers the prediction; changing the
  scoring is the only way to get the gold (and the printed terms say which
  term to look at);
* ``< 0``: the gold is cheaper but out of the search's reach (a bead shape
  it does not search, or a gold bead that is not contiguous);

Gold beads that skip a sentence or cross another are printed as such.
Tuning aid, not a test: it prints and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from align_bench import DEFAULT_DATA, dev_set_problem  # noqa: E402
from translations.align import align, parse_beads, scorer_for  # noqa: E402


def end_nodes(beads):
    """The DP node after each bead (running maximum: gold may skip sentences)."""
    i = j = 0
    out = []
    for x, y in beads:
        if x:
            i = max(i, max(x) + 1)
        if y:
            j = max(j, max(y) + 1)
        out.append((i, j))
    return out


def beads_between(beads, start, stop):
    out, prev = [], (0, 0)
    for bead, node in zip(beads, end_nodes(beads)):
        if node == prev == start and start != (0, 0):
            continue  # a gold bead listed late (e.g. a skipped line): it belongs before
        if prev[0] >= start[0] and prev[1] >= start[1] and node[0] <= stop[0] and node[1] <= stop[1]:
            out.append(bead)
        prev = node
    return out


def contiguous(indices):
    return not indices or indices[-1] - indices[0] + 1 == len(indices)


def describe(scorer, beads, label):
    """Print each bead's terms; return the total (None if a bead cannot be scored)."""
    total = 0.0
    seen_src = seen_tgt = -1
    for x, y in beads:
        crossing = (x and x[0] < seen_src) or (y and y[0] < seen_tgt)
        seen_src = max([seen_src, *x])
        seen_tgt = max([seen_tgt, *y])
        if not (contiguous(x) and contiguous(y)) or crossing:
            why = "crosses an earlier bead" if crossing else "not contiguous"
            print(f"  {label} {x}:{y}  {why}: out of the search's reach")
            total = None
            continue
        if not y:
            terms = scorer.explain(len(x), 0, x[0], 0)
        elif not x:
            terms = scorer.explain(0, len(y), 0, y[0])
        else:
            terms = scorer.explain(len(x), len(y), x[0], y[0])
        cost = sum(terms.values())
        if total is not None:
            total += cost
        parts = " ".join(f"{k}={v:+.2f}" for k, v in terms.items() if abs(v) >= 0.005)
        print(f"  {label} {x}:{y}  cost {cost:+.2f}  ({parts})")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("ALIGN_BENCH_DATA", DEFAULT_DATA)))
    parser.add_argument("--src-lang", default="de")
    parser.add_argument("--tgt-lang", default="fr")
    args = parser.parse_args(argv)
    problem = dev_set_problem(args.data)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    src = (args.data / "dev.de").read_text(encoding="utf-8").splitlines()
    tgt = (args.data / "dev.fr").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((args.data / "dev.defr").read_text(encoding="utf-8"))

    result = align(src, tgt, src_lang=args.src_lang, tgt_lang=args.tgt_lang)
    scorer = scorer_for(src, tgt, src_lang=args.src_lang, tgt_lang=args.tgt_lang)
    predicted = result.beads
    shared = sorted(({(0, 0)} | set(end_nodes(gold))) & ({(0, 0)} | set(end_nodes(predicted))))
    regions = 0
    for start, stop in zip(shared, shared[1:]):
        p = beads_between(predicted, start, stop)
        g = beads_between(gold, start, stop)
        if p == g:
            continue
        regions += 1
        print(f"source {start[0]}-{stop[0] - 1}, target {start[1]}-{stop[1] - 1}")
        tp = describe(scorer, p, "predicted")
        tg = describe(scorer, g, "gold     ")
        if tp is not None and tg is not None:
            print(f"  gold - predicted = {tg - tp:+.3f}")
    print(f"{regions} stretches differ; deletion cost {scorer.deletion_cost:.3f}")


if __name__ == "__main__":
    sys.exit(main())
