"""Calibrated confidence per bead, and the unrelated-text check.

Contract
--------
``bead_support(scorer, beads)`` — for each bead with both sides,
``(rank, cosine, margin)`` of its best pair (i, j): margin is how far that
cosine beats the closest sentence outside the bead in i's row or j's column;
rank is how many
sentences within ``RANK_WINDOW`` of its best pair (i, j) are closer to i than
j is, or closer to j than i is (the worse of the two; 0: i and j are each
other's nearest neighbours in the neighbourhood).  ``None`` for null beads and
without embeddings.  A true translation pair is almost always among the top 3
of both (dev: 99.5 % of the beads; Genesis zh-en, a repetitive text: 84 %);
a pair forced between unrelated texts almost never (4 %).

``texts_unrelated(support)`` — True when too few beads have that support
(``UNRELATED_SHARE``), or, for texts of one or two pairs, where ranks say
nothing, when no pair reaches ``MIN_PAIR_COS``: the caller then leaves every
sentence unaligned and warns instead of forcing pairs.

``calibrated(raw, ranks, null_raw)`` — the bead's probability of being right,
from its raw score (``align._raw_confidence``: the bead cost per pair against
the deletion cost, times the support of its weakest part), whether the bead
is supported (rank <= ``SUPPORTED_RANK``), its margin and whether it is
wider than 1-1 (merges and splits are wrong about twice as often); null beads are mapped
from how good the best pair the sentence could have joined instead was
(``null_raw``: that pair's cost in deletion costs; high = nothing fits = a
safe null).  The weights below are logistic regressions (Platt) fitted by
``benchmarks/align_calibrate.py`` on the dev-A half of the dev document and
checked on dev-B and the stress sets (reliability table in
docs/ALIGNMENT.md); re-run it and paste its output when the scoring changes.
"""

from __future__ import annotations

import numpy as np

RANK_WINDOW = 100       # neighbours on each side that a pair's rank is taken among
SUPPORTED_RANK = 2      # a pair within the top 3 of its row and its column is "supported"
UNRELATED_SHARE = 0.25  # fewer supported beads than this: the texts are not translations
UNRELATED_MIN_BEADS = 3  # below this many pairs the share says nothing: judge by cosine
# USE cosine under which a lone pair is no translation: below the 1st
# percentile of the gold 1-1 pairs of dev-A (0.37), the essay en-ru (0.55) and
# Genesis zh-en (0.27); the median random pair is at 0.05-0.14.
MIN_PAIR_COS = 0.25

# A bead whose confidence is below this is "doubtful": shown as such to reviewers.
DOUBTFUL_BELOW = 0.9

# Platt scaling, fitted by benchmarks/align_calibrate.py on dev-A:
# P(right) = sigmoid(weights · features).
PAIR_WEIGHTS = (0.276, 7.122, 0.197, -1.821, -3.57)
NULL_WEIGHTS = (-0.109, 3.329)


def pair_features(raw: float, rank: int | None, margin: float | None = None,
                  wide: bool = False) -> tuple[float, ...]:
    """(raw score, supported, margin over the nearest rival, wide bead, 1)."""
    supported = 1.0 if rank is None or rank <= SUPPORTED_RANK else 0.0
    # a cosine margin; clipped so one outlier cannot dominate the fit
    margin = 0.0 if margin is None else min(max(margin, -0.3), 0.3)
    return (raw, supported, margin, 1.0 if wide else 0.0, 1.0)


def null_features(null_raw: float) -> tuple[float, float]:
    return (min(null_raw, 4.0), 1.0)


def bead_support(scorer, beads) -> list[tuple[int, float, float] | None]:
    if not scorer.use_embeddings:
        return [None] * len(beads)
    s1, t1 = scorer.src_runs[0], scorer.tgt_runs[0]
    out: list[tuple[int, float, float] | None] = []
    for src, tgt in beads:
        if not (src and tgt):
            out.append(None)
            continue
        block = s1[src] @ t1[tgt].T
        bi, bj = np.unravel_index(int(block.argmax()), block.shape)
        i, j, best = src[bi], tgt[bj], block[bi, bj]
        row = t1[max(j - RANK_WINDOW, 0):j + RANK_WINDOW + 1] @ s1[i]
        col = s1[max(i - RANK_WINDOW, 0):i + RANK_WINDOW + 1] @ t1[j]
        # the bead's other sentences are not competitors
        rank_row = int((row > best + 1e-6).sum()) - (len(tgt) - 1)
        rank_col = int((col > best + 1e-6).sum()) - (len(src) - 1)
        # margin: how far the best pair beats the closest sentence outside
        # the bead, in its row or its column
        r0, c0 = max(j - RANK_WINDOW, 0), max(i - RANK_WINDOW, 0)
        row[tgt[0] - r0:tgt[-1] + 1 - r0] = -1.0
        col[src[0] - c0:src[-1] + 1 - c0] = -1.0
        rival = max(float(row.max(initial=-1.0)), float(col.max(initial=-1.0)))
        out.append((max(rank_row, rank_col, 0), float(best), float(best) - rival))
    return out


def texts_unrelated(support: list[tuple[int, float, float] | None]) -> bool:
    known = [s for s in support if s is not None]
    if not known:
        return False
    if len(known) < UNRELATED_MIN_BEADS:
        return all(s[1] < MIN_PAIR_COS for s in known)
    # near the top of a short row by chance is easy (4 target sentences: any
    # pair is in the top 3 of its row), so a supported pair must also look
    # like a translation at all
    supported = sum(s[0] <= SUPPORTED_RANK and s[1] >= MIN_PAIR_COS for s in known)
    return supported / len(known) < UNRELATED_SHARE


def _sigmoid(weights, features) -> float:
    return float(1.0 / (1.0 + np.exp(-np.dot(weights, features))))


def calibrated(raw: float, rank: int | None, null_raw: float | None,
               margin: float | None = None, wide: bool = False) -> float:
    if null_raw is not None:
        return _sigmoid(NULL_WEIGHTS, null_features(null_raw))
    return _sigmoid(PAIR_WEIGHTS, pair_features(raw, rank, margin, wide))
