"""Gale-Church length model.

``length_cost(src_chars, tgt_chars, ratio=c)`` is -log P(match | lengths) for
arrays of character counts of the two sides of candidate beads (Gale & Church
1993): delta = (l_t - c * l_s) / sqrt(s2 * l_s), cost = -log(2 * (1 - Phi(|delta|))).
The expected ratio c is estimated from the two documents themselves (total
target characters over total source characters), so no per-language table is
needed; s2 = 6.8 is Gale and Church's variance per character.
"""

from __future__ import annotations

import math

import numpy as np

VARIANCE = 6.8
# -log(2 * (1 - Phi(x))) is tabulated once: numpy has no erfc and the cost is
# evaluated for every candidate bead.  Beyond x = 30 the cost grows ~x^2/2.
_X = np.linspace(0.0, 30.0, 3001)
_TABLE = np.array([-math.log(max(math.erfc(x / math.sqrt(2)), 1e-300)) for x in _X])


def char_ratio(src_chars: np.ndarray, tgt_chars: np.ndarray) -> float:
    s, t = float(np.sum(src_chars)), float(np.sum(tgt_chars))
    if s <= 0 or t <= 0:
        return 1.0
    # clamp: a wildly mismatched pair of documents should not distort the model
    return min(max(t / s, 0.25), 4.0)


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
