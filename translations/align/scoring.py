"""Bead costs: what the search minimises.

``Scorer.cost(a, b, i0, j0s)`` is the cost of the bead ``src[i0:i0+a]`` ↔
``tgt[j0:j0+b]`` for an array of target starts ``j0s`` (lower is better).  It
adds, per bead:

* embedding cost (Vecalign, Thompson & Koehn 2019): ``(1 - cos(x, y))``
  divided by the mean ``1 - cos`` of x and of y against all the sentences of
  the other document (Vecalign samples them; the mean is exact and cheap
  here: it is ``1 - x · mean(y)``) — a sentence that is close to everything
  ("hub") earns no credit for being close to its candidate — and multiplied
  by ``a * b`` so that merging sentences must be paid for by a real gain in
  similarity;
* ``LENGTH_WEIGHT`` × the Gale-Church length cost (lengths.py);
* ``- ANCHOR_WEIGHT`` × the shared lexical anchors (anchors.py), of which a
  bead wider than 1-1 earns ``WIDE_ANCHOR_CREDIT`` (see below);
* a small prior per bead shape for the rare shapes (2-2, 1-3, 3-1, ...);
* ``PART_WEIGHT`` × how much worse than a deletion each sentence of a wide
  bead matches the bead's other side (a merged sentence must translate
  something there);
* ``BOUNDARY_WEIGHT`` × the difference between the two sides' costs of
  ending a bead where this one ends (boundaries.py): a bead should not end
  where one side's sentence visibly goes on (after an initial, inside a
  bracket) while the other's has ended.

A deletion (1-0 or 0-1) costs ``deletion_cost``: the given quantile of the
costs of random sentence pairs, i.e. "as bad as a typical wrong pair", so the
value adapts to the embedding space and the document instead of being a
constant tuned to one corpus (Vecalign's deletion-percentile knob).  It is
scaled down for sentences with fewer than ``DEBRIS_LETTERS`` letters: OCR
debris and page furniture are what deletions are for.

Without embeddings (``src_runs is None``: unsupported language or no encoder)
the costs are Gale & Church's: ``-log P(shape)`` + length cost, minus anchors.
"""

from __future__ import annotations

import math

import numpy as np

from .lengths import char_ratio, length_cost

LENGTH_WEIGHT = 0.1           # length cost units: -log p, typically 0..10 per bead
ANCHOR_WEIGHT = 0.3           # per shared number or name (punctuation counts 0.3)
DELETION_QUANTILE = 0.1       # Vecalign uses 0.2; 0.1 scored the same on dev (see docs)
BOUNDARY_WEIGHT = 0.2         # × log-odds of a weak sentence boundary (boundaries.py)
ROW_MARGIN = 8                # extra columns per cached row of cosines (long documents)
PART_WEIGHT = 1.0             # × how far the parts of a wide bead are unsupported
PART_LIMIT = 1.0              # part cost (in deletion costs) above which a part is unsupported
PART_LETTERS = 20             # a bead part with fewer letters is judged leniently
DEBRIS_LETTERS = 8            # a sentence with fewer letters is cheaper to leave unaligned
# Extra cost of the rare many-to-many shapes, on top of the a*b scaling.
SHAPE_PENALTY = {(2, 2): 0.1, (2, 3): 0.1, (3, 2): 0.1, (3, 3): 0.6}
# Share of the anchor credit a bead wider than 1-1 earns.  A name or number
# found in one sentence of each side is specific evidence for that pair; in a
# merged bead it may be shared by chance across the sentences that the
# merge is supposed to hold together ("Himalaya" in a heading on one side and
# in a citation on the other), so merging must not buy anchors at full price.
WIDE_ANCHOR_CREDIT = 0.9

# Gale & Church (1993) bead priors, extended with small values for 1-3/3-1 and
# wider shapes; used only without embeddings.
GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2,
             (1, 2): 0.089 / 2, (2, 1): 0.089 / 2, (2, 2): 0.011}
GC_OTHER_PRIOR = 0.002


class Scorer:
    def __init__(self, *, src_runs: np.ndarray | None, tgt_runs: np.ndarray | None,
                 src_chars: np.ndarray, tgt_chars: np.ndarray, anchors=None,
                 dense: bool = False, seed: int = 0,
                 src_bounds: np.ndarray | None = None, tgt_bounds: np.ndarray | None = None,
                 src_letters: np.ndarray | None = None, tgt_letters: np.ndarray | None = None,
                 ratio: float | None = None):
        self.src_runs, self.tgt_runs = src_runs, tgt_runs
        self.src_chars, self.tgt_chars = src_chars, tgt_chars
        self.n, self.m = len(src_chars), len(tgt_chars)
        self.anchors = anchors
        # Leaving a sentence unaligned costs less the less text it holds:
        # OCR debris ("- _-", ".....", "f r") and page furniture are what the
        # 1-0/0-1 beads are for, and merging them into a neighbour's bead
        # would make that bead wrong.
        self._src_del = _deletion_scale(src_letters, self.n)
        self._tgt_del = _deletion_scale(tgt_letters, self.m)
        self._src_weight = _part_weight(src_letters, self.n)
        self._tgt_weight = _part_weight(tgt_letters, self.m)
        # cost of a bead ending after each sentence (boundaries.py); index -1
        # (an empty side) reads the appended 0
        self._src_bounds = np.append(src_bounds if src_bounds is not None
                                     else np.zeros(self.n), 0.0) * BOUNDARY_WEIGHT
        self._tgt_bounds = np.append(tgt_bounds if tgt_bounds is not None
                                     else np.zeros(self.m), 0.0) * BOUNDARY_WEIGHT
        # expected target/source length ratio: given (estimated from matched
        # pairs, see lengths.matched_ratio) or the documents' total ratio
        self.ratio = ratio if ratio is not None else char_ratio(src_chars, tgt_chars)
        # prefix sums: the characters of any run in O(1)
        self._src_cs = np.concatenate([[0], np.cumsum(src_chars)]).astype(np.float64)
        self._tgt_cs = np.concatenate([[0], np.cumsum(tgt_chars)]).astype(np.float64)
        self.use_embeddings = src_runs is not None and tgt_runs is not None
        self._dense = dense
        self._cos_cache: dict[tuple, object] = {}
        if self.use_embeddings:
            self._normalisers(np.random.default_rng(seed))
        else:
            self.deletion_cost = math.log(GC_PRIORS[(1, 1)] / GC_PRIORS[(1, 0)])

    # ------------------------------------------------------------- set-up
    def _normalisers(self, rng):
        """Mean cosine distance of every run to the other side's sentences; deletion cost."""
        s1, t1 = self.src_runs[0], self.tgt_runs[0]
        # The mean cosine of x to every sentence y of the other side is
        # x · mean(y): exact, and cheaper than averaging over a random sample
        # (Vecalign samples; a sample makes the costs, and so the alignment,
        # depend on the draw).
        self.src_norm = 1.0 - self.src_runs @ t1.mean(axis=0)
        self.tgt_norm = 1.0 - self.tgt_runs @ s1.mean(axis=0)
        # floor: a degenerate (e.g. repeated) document must not divide by ~0
        np.maximum(self.src_norm, 0.05, out=self.src_norm)
        np.maximum(self.tgt_norm, 0.05, out=self.tgt_norm)
        # random 1-1 pairs price a deletion: as costly as a typical bad match
        pi = rng.integers(0, self.n, size=2000)
        pj = rng.integers(0, self.m, size=2000)
        cos = np.einsum("nd,nd->n", s1[pi], t1[pj])
        rand = (1.0 - cos) / (0.5 * (self.src_norm[0, pi] + self.tgt_norm[0, pj]))
        self.deletion_cost = float(np.quantile(rand, DELETION_QUANTILE))

    # ------------------------------------------------------------- queries
    def cosine(self, a: int, b: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        """cos(embedding of src[i0:i0+a], embedding of tgt[j0:j0+b]) for each j0."""
        if self._dense:
            key = (a, b)
            if key not in self._cos_cache:
                # whole matrix at once: one GEMM beats thousands of gathers
                self._cos_cache[key] = self.src_runs[a - 1] @ self.tgt_runs[b - 1].T
            return self._cos_cache[key][i0, j0s]
        # Long documents: one product per (run, run size, other run size),
        # over a few more columns than asked, kept while the search is near:
        # bead parts ask for the same rows again (see _unsupported_parts).
        key = (a, b, i0)
        hit = self._cos_cache.get(key)
        first, last = int(j0s[0]), int(j0s[-1])
        if hit is None or first < hit[0] or last >= hit[0] + len(hit[1]):
            start = max(first - ROW_MARGIN, 0)
            stop = min(last + 1 + ROW_MARGIN, self.m - b + 1)
            hit = (start, self.tgt_runs[b - 1, start:stop] @ self.src_runs[a - 1, i0])
            self._cos_cache[key] = hit
            if len(self._cos_cache) > 4096:
                self._forget_rows_before(i0 - 8)
        return hit[1][j0s - hit[0]]

    def _forget_rows_before(self, row: int) -> None:
        self._cos_cache = {k: v for k, v in self._cos_cache.items() if k[2] >= row}

    def _unsupported_parts(self, a: int, b: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        """How much worse than a deletion each part of the bead matches the other side.

        A sentence merged into a bead should translate a piece of the other
        side; one that matches it worse than a deletion costs would be
        better left unaligned.  Summed over the parts, weighted as in
        ``part_costs``; 0 for a bead whose parts all earn their place.
        """
        out = np.zeros(len(j0s))
        limit = PART_LIMIT * self.deletion_cost
        if a > 1:
            for k in range(a):
                i = i0 + k
                cos = self.cosine(1, b, i, j0s)
                pc = (1.0 - cos) / (0.5 * (self.src_norm[0, i] + self.tgt_norm[b - 1, j0s]))
                out += self._src_weight[i] * np.maximum(pc - limit, 0.0)
        if b > 1:
            for k in range(b):
                j = j0s + k
                cos = self.cosine(a, 1, i0, j)
                pc = (1.0 - cos) / (0.5 * (self.src_norm[a - 1, i0] + self.tgt_norm[0, j]))
                out += self._tgt_weight[j] * np.maximum(pc - limit, 0.0)
        return out

    def length(self, a: int, b: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        ls = self._src_cs[i0 + a] - self._src_cs[i0]
        lt = self._tgt_cs[j0s + b] - self._tgt_cs[j0s]
        return length_cost(np.full(len(j0s), ls), lt, ratio=self.ratio)

    def cost(self, a: int, b: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        c = self._bead_cost(a, b, i0, j0s)
        # Where the bead ends: a weak boundary on one side only means a real
        # sentence goes on there while the other side's has ended.  Boundaries
        # equally weak on both sides (two parallel colons) cost nothing.
        end_src = self._src_bounds[i0 + a - 1 if a else -1]
        end_tgt = self._tgt_bounds[j0s + b - 1] if b else 0.0
        return c + np.abs(end_src - end_tgt)

    def _bead_cost(self, a: int, b: int, i0: int, j0s: np.ndarray) -> np.ndarray:
        return sum(self._terms(a, b, i0, j0s).values())

    def _terms(self, a: int, b: int, i0: int, j0s: np.ndarray) -> dict[str, np.ndarray]:
        """The bead cost's terms (without the boundary term), one array each."""
        if a == 0:
            return {"deletion": self.deletion_cost * self._tgt_del[j0s]}
        if b == 0:
            return {"deletion": np.full(len(j0s), self.deletion_cost * self._src_del[i0])}
        terms = {}
        if self.use_embeddings:
            cos = self.cosine(a, b, i0, j0s)
            norm = 0.5 * (self.src_norm[a - 1, i0] + self.tgt_norm[b - 1, j0s])
            terms["embedding"] = (1.0 - cos) / norm * (a * b)
            terms["length"] = LENGTH_WEIGHT * self.length(a, b, i0, j0s)
            terms["shape"] = np.full(len(j0s), SHAPE_PENALTY.get((a, b), 0.0))
            if PART_WEIGHT and (a > 1 or b > 1):
                terms["parts"] = PART_WEIGHT * self._unsupported_parts(a, b, i0, j0s)
        else:
            # -log P(shape) relative to a 1-1, so that a perfect 1-1 costs 0 as above
            prior = -math.log(GC_PRIORS.get((a, b), GC_OTHER_PRIOR)) + math.log(GC_PRIORS[(1, 1)])
            terms["shape"] = np.full(len(j0s), prior)
            terms["length"] = self.length(a, b, i0, j0s)
        if self.anchors is not None:
            credit = ANCHOR_WEIGHT
            if self.use_embeddings and a * b > 1:
                credit *= WIDE_ANCHOR_CREDIT
            terms["anchors"] = -credit * self.anchors.matches(a, i0, b, j0s)
        return terms

    def explain(self, a: int, b: int, i0: int, j0: int) -> dict[str, float]:
        """One bead's cost split into its terms; they add up to ``cost``.

        Keys: ``embedding``, ``length``, ``shape``, ``parts``, ``anchors`` and
        ``deletion`` as they apply, and ``boundary``.  For error analysis
        (benchmarks/align_errors.py): which term made the search prefer a path.
        """
        js = np.array([j0])
        out = {k: float(v[0]) for k, v in self._terms(a, b, i0, js).items()}
        out["boundary"] = float(self.cost(a, b, i0, js)[0]) - sum(out.values())
        return out

    def part_costs(self, i0: int, a: int, j0: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Embedding cost of each sentence of a bead against the bead's other side.

        Returns (costs, weights), one entry per source then per target
        sentence of the multi-sentence side(s); ``weights`` in [0, 1] say how
        much a part can carry: a fragment of a few words embeds too poorly to
        be judged on its own (PART_LETTERS).
        Empty arrays without embeddings.
        """
        if not self.use_embeddings:
            return np.zeros(0), np.zeros(0)
        costs, weights = [], []
        if a > 1:
            i = np.arange(i0, i0 + a)
            cos = self.src_runs[0, i] @ self.tgt_runs[b - 1, j0]
            norm = 0.5 * (self.src_norm[0, i] + self.tgt_norm[b - 1, j0])
            costs.append((1.0 - cos) / norm)
            weights.append(self._src_weight[i])
        if b > 1:
            j = np.arange(j0, j0 + b)
            cos = self.tgt_runs[0, j] @ self.src_runs[a - 1, i0]
            norm = 0.5 * (self.tgt_norm[0, j] + self.src_norm[a - 1, i0])
            costs.append((1.0 - cos) / norm)
            weights.append(self._tgt_weight[j])
        return np.concatenate(costs), np.concatenate(weights)

    def similarity(self, i: int, js: np.ndarray) -> np.ndarray:
        """Sentence-to-sentence similarity in [0, 1] for the alignment map."""
        if self.use_embeddings:
            return np.clip(self.cosine(1, 1, i, js), 0.0, 1.0)
        # without embeddings the length agreement is all we have to show
        return np.exp(-self.length(1, 1, i, js) / 4.0)


def _deletion_scale(letters, count: int) -> np.ndarray:
    """Per-sentence factor on the deletion cost: letters / DEBRIS_LETTERS, capped at 1."""
    if letters is None:
        return np.ones(count)
    return np.clip(np.asarray(letters, np.float64) / DEBRIS_LETTERS, 0.1, 1.0)


def _part_weight(letters, count: int) -> np.ndarray:
    """How far a sentence's own similarity counts in its bead's confidence."""
    if letters is None:
        return np.ones(count)
    return np.clip(np.asarray(letters, np.float64) / PART_LETTERS, 0.0, 1.0)
