"""Dynamic programming over beads inside a band, and coarse-to-fine banding.

A DP node ``(i, j)`` means "the first i source and j target sentences are
aligned"; a bead of shape (a, b) moves from ``(i - a, j - b)`` to ``(i, j)``.
``banded_search`` finds the cheapest path from (0, 0) to (n, m) visiting only
nodes with ``lo[i] <= j <= hi[i]``.  Each row is processed with numpy over its
band, so the work is O(sum of band widths × bead shapes).

``band_around(path, n, m, width)`` turns a path found at a coarser resolution
(or any rough path) into such a band; ``upsample_path`` maps a path over
blocks of f sentences back to sentence resolution.  This is Vecalign's
approximation: align blocks first, then refine near the coarse answer, so time
grows about linearly with document length instead of quadratically.
"""

from __future__ import annotations

import numpy as np

Path = list[tuple[int, int]]  # DP nodes from (0, 0) to (n, m)


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, np.int64), np.full(n + 1, m, np.int64)


def banded_search(scorer, n: int, m: int, lo: np.ndarray, hi: np.ndarray,
                  bead_types, *, progress=None) -> tuple[Path, list[float]]:
    """Cheapest bead path through the band; returns its nodes and bead costs."""
    types = [t for t in bead_types if t != (0, 1)]
    insertion = (0, 1) in bead_types
    inf = np.inf
    costs: list[np.ndarray] = []     # best cumulative cost per row, over the band
    back: list[np.ndarray] = []      # index into bead_types of the last bead, -1 = start
    all_types = list(types) + [(0, 1)]
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), inf)
        arg = np.full(len(js), -1, np.int16)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(types):
            p = i - a
            if p < 0:
                continue
            j0 = js - b
            ok = (j0 >= lo[p]) & (j0 <= hi[p])
            if not ok.any():
                continue
            sel = np.flatnonzero(ok)
            prev = costs[p][j0[sel] - lo[p]]
            fin = np.isfinite(prev)
            if not fin.any():
                continue
            sel, prev = sel[fin], prev[fin]
            cand = prev + scorer.cost(a, b, p, j0[sel])
            better = cand < best[sel]
            best[sel[better]] = cand[better]
            arg[sel[better]] = t
        if insertion and len(js) > 1:
            # 0-1 beads chain along the row: best[j] = min(best[j], best[j-1] + c(j-1)).
            # Solved at once as a running minimum of best - prefix(c).
            ins = scorer.cost(0, 1, i, js[:-1])
            pre = np.concatenate([[0.0], np.cumsum(ins)])
            chained = np.minimum.accumulate(best - pre) + pre
            take = chained < best - 1e-9
            best = np.where(take, chained, best)
            arg[take] = len(types)
        costs.append(best)
        back.append(arg)
        if progress is not None:
            progress(1)
    if not (lo[n] <= m <= hi[n]) or not np.isfinite(costs[n][m - lo[n]]):
        raise RuntimeError("no path through the band (band does not reach the end)")
    # trace back from (n, m)
    path = [(n, m)]
    steps = []
    i, j = n, m
    while (i, j) != (0, 0):
        t = back[i][j - lo[i]]
        a, b = all_types[t]
        step = costs[i][j - lo[i]]
        i, j = i - a, j - b
        steps.append(step - costs[i][j - lo[i]])
        path.append((i, j))
    path.reverse()
    steps.reverse()
    return path, steps


def upsample_path(path: Path, f: int, n: int, m: int) -> Path:
    """Map a path over blocks of f sentences to sentence resolution (rough)."""
    out = []
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        a0, a1 = min(i0 * f, n), min(i1 * f, n)
        b0, b1 = min(j0 * f, m), min(j1 * f, m)
        steps = max(a1 - a0, b1 - b0, 1)
        for s in range(steps):
            out.append((a0 + (a1 - a0) * s // steps, b0 + (b1 - b0) * s // steps))
    out.append((n, m))
    return out


def band_around(path: Path, n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows' [lo, hi] covering every path node ± width in both directions."""
    lo = np.full(n + 1, m + 1, np.int64)
    hi = np.full(n + 1, -1, np.int64)
    for i, j in path:
        r0, r1 = max(i - width, 0), min(i + width, n)
        np.minimum(lo[r0:r1 + 1], max(j - width, 0), out=lo[r0:r1 + 1])
        np.maximum(hi[r0:r1 + 1], min(j + width, m), out=hi[r0:r1 + 1])
    # make the band monotone so every row connects to the next one
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return lo, hi
