"""Gale-Church length model.

``length_cost(src_chars, tgt_chars, ratio=c)`` is -log P(match | lengths) for
arrays of character counts of the two sides of candidate beads (Gale & Church
1993): delta = (l_t - c * l_s) / sqrt(s2 * l_s), cost = -log(2 * (1 - Phi(|delta|))).
The expected ratio c is estimated from the two documents themselves (total
target characters over total source characters), so no per-language table is
needed; s2 = 6.8 is Gale and Church's variance per character.

Lengths are counted by ``text_length``: a Chinese, Japanese or Korean
character carries about as much as 2-3 Latin letters, so each counts
``WIDE_CHAR_WEIGHT``.  The ratio is still estimated per text pair; the
weight keeps the variance per "character" (and the ratio's clamp) meaningful
when one side is written in an ideographic or syllabic script.
"""

from __future__ import annotations

import math
import re

import numpy as np

VARIANCE = 6.8
WIDE_CHAR_WEIGHT = 2.5
# Han (with extensions and compatibility ideographs), kana, Hangul
_WIDE = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")
# -log(2 * (1 - Phi(x))) is tabulated once: numpy has no erfc and the cost is
# evaluated for every candidate bead.  Beyond x = 30 the cost grows ~x^2/2.
_X = np.linspace(0.0, 30.0, 3001)
_TABLE = np.array([-math.log(max(math.erfc(x / math.sqrt(2)), 1e-300)) for x in _X])


def text_length(sentence: str) -> float:
    """Length in Latin-letter equivalents: CJK characters count WIDE_CHAR_WEIGHT."""
    text = sentence.strip()
    return len(text) + (WIDE_CHAR_WEIGHT - 1.0) * len(_WIDE.findall(text))


def char_ratio(src_chars: np.ndarray, tgt_chars: np.ndarray) -> float:
    s, t = float(np.sum(src_chars)), float(np.sum(tgt_chars))
    if s <= 0 or t <= 0:
        return 1.0
    # clamp: a wildly mismatched pair of documents should not distort the model
    return min(max(t / s, 0.25), 4.0)


def matched_ratio(src_vecs: np.ndarray, tgt_vecs: np.ndarray, src_chars, tgt_chars, *,
                  max_rows: int = 1000, seed: int = 0) -> float | None:
    """Target/source length ratio of sentence pairs that are mutual nearest neighbours.

    The total ratio of the two documents is wrong when one of them is
    partial (a translation of the first chapter against the whole book):
    the length model would then push every bead towards many-to-one.  Pairs
    of sentences that are each other's most similar (unit vectors, cosine)
    are nearly always translations, so the median of their length ratios is
    the translator's ratio whatever the coverage.  At most ``max_rows``
    source sentences (a random sample) are compared with every target
    sentence, so long documents cost one bounded matrix product.  Returns
    None with fewer than 2 usable pairs.
    """
    n = len(src_vecs)
    rows = np.arange(n)
    if n > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(n, max_rows, replace=False))
    sim = src_vecs[rows] @ tgt_vecs.T
    best_tgt = sim.argmax(axis=1)
    best_src = sim.argmax(axis=0)
    mutual = best_src[best_tgt] == np.arange(len(rows))
    ls = np.asarray(src_chars, np.float64)[rows[mutual]]
    lt = np.asarray(tgt_chars, np.float64)[best_tgt[mutual]]
    cos = sim[np.flatnonzero(mutual), best_tgt[mutual]]
    # short headings and numbers match anything; with enough pairs, keep the
    # more similar half
    keep = (ls >= 20) & (lt >= 20)
    if keep.sum() >= 16:
        keep &= cos >= np.median(cos[keep])
    if keep.sum() < 2:
        return None
    ratio = float(np.exp(np.median(np.log(lt[keep] / ls[keep]))))
    return min(max(ratio, 0.25), 4.0)


def length_cost(src_chars, tgt_chars, *, ratio: float = 1.0) -> np.ndarray:
    ls = np.asarray(src_chars, np.float64)
    lt = np.asarray(tgt_chars, np.float64)
    # compare in the mean length space so that the model is symmetric in the
    # two sides (Gale-Church uses the source length only)
    mean = np.maximum((ls * ratio + lt) / 2.0, 1.0)
    delta = np.abs(lt - ls * ratio) / np.sqrt(VARIANCE * mean)
    return _cost(delta)


def _cost(delta: np.ndarray) -> np.ndarray:
    out = np.interp(delta, _X, _TABLE)
    big = delta > _X[-1]
    if np.any(big):
        d = delta[big]
        out[big] = d * d / 2 + np.log(d * math.sqrt(math.pi / 2))
    return out
