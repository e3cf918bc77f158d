"""Automatic sentence alignment of a document and its translation.

Public API
----------
``align(src_sentences, tgt_sentences, *, src_lang=None, tgt_lang=None,
progress=None) -> Alignment``

``Alignment`` fields:

* ``beads``: list of ``(src_indices, tgt_indices)``, 0-based, contiguous,
  covering every sentence of both sides exactly once, in order (see beads.py);
  a side is empty for a sentence without counterpart (1-0 / 0-1 beads).
* ``confidence``: one float in [0, 1] per bead: the calibrated probability
  that the bead is right (confidence.py; of the beads at >= 0.9, about 90 %
  were right on held-out text).
* ``raw_confidence``: the uncalibrated score it is mapped from.
* ``warnings``: codes of whole-alignment problems, e.g. ``"unrelated"``
  (the texts do not look like translations of each other: every sentence
  is left unaligned instead of forced into pairs).
* ``costs``: the search cost of each bead (lower is better).
* ``similarity``: a ``BandMatrix`` of sentence-to-sentence similarity in
  [0, 1] (cosine of the embeddings, or length agreement in fallback mode),
  stored only inside the search band so it stays small for long documents.
* ``path``: the DP nodes ``(i, j)`` from ``(0, 0)`` to ``(n, m)``.
* ``method``: ``"embeddings"`` or ``"length+anchors"`` (fallback).
* ``timings``: seconds spent per stage.

Empty input never fails: no target gives all 1-0 beads, no source all 0-1
beads, both empty no beads.  ``progress`` is an optional callable receiving
increments of work done (e.g. ``tqdm.update``); the total is
``work_total(n, m)``.

Also exported: ``parse_beads``/``format_beads`` (bead text format),
``render_alignment_map`` (PNG), ``DEFAULT_BEAD_TYPES``, ``LENGTH_BEAD_TYPES``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .anchors import AnchorIndex
from .boundaries import boundary_end_costs
from .confidence import bead_support, calibrated, texts_unrelated
from .beads import (BASIC_BEAD_TYPES, DEFAULT_BEAD_TYPES, LENGTH_BEAD_TYPES, Bead, check_beads,
                    format_bead, format_beads, parse_bead, parse_beads)
from .embeddings import encoder_for
from .lengths import matched_ratio, text_length
from .mapimage import render_alignment_map
from .scoring import Scorer
from .spacing import canonical_spacing
from .search import band_around, banded_search, full_band, upsample_path

__all__ = ["Alignment", "BandMatrix", "align", "scorer_for", "work_total", "parse_beads",
           "parse_bead", "format_beads", "format_bead", "check_beads", "render_alignment_map",
           "DEFAULT_BEAD_TYPES", "BASIC_BEAD_TYPES", "LENGTH_BEAD_TYPES"]

# Up to this many DP cells the search runs on the full matrix; beyond it a
# coarse pass over blocks of sentences picks a band (about 630 x 630 cells).
DENSE_CELLS = 400_000
# Half-width of the band around the upsampled coarse path, in blocks: the
# coarse path can be off by about a block, and merges/deletions shift it more.
BAND_BLOCKS = 3
BAND_MIN = 12
# Confidence: cost per sentence pair, and cost of one part of a wide bead, in
# deletion costs, at which a bead is a coin toss (0.5).
PAIR_MIDPOINT = 0.8
PART_MIDPOINT = 1.1
COARSE_BEAD_TYPES = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))


@dataclass
class BandMatrix:
    """A (n, m) matrix known only on a band: row i holds columns start[i]..start[i]+len-1."""

    shape: tuple[int, int]
    start: np.ndarray
    rows: list[np.ndarray]

    def dense(self, fill: float = np.nan) -> np.ndarray:
        out = np.full(self.shape, fill, np.float32)
        for i, (s, r) in enumerate(zip(self.start, self.rows)):
            out[i, s:s + len(r)] = r
        return out


@dataclass
class Alignment:
    beads: list[Bead]
    confidence: list[float]
    costs: list[float]
    similarity: BandMatrix
    path: list[tuple[int, int]]
    method: str
    timings: dict[str, float] = field(default_factory=dict)
    raw_confidence: list[float] = field(default_factory=list)
    ranks: list = field(default_factory=list)      # confidence.bead_support rank, None: null
    null_raw: list = field(default_factory=list)   # _null_raw, None: a bead with both sides
    warnings: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter(self.beads)

    def __len__(self):
        return len(self.beads)

    def to_text(self) -> str:
        return format_beads(self.beads)


def work_total(n: int, m: int) -> int:
    """Units of work ``align`` reports through ``progress`` (sentences embedded + DP rows)."""
    return n + m + n + 1


def align(src_sentences: list[str], tgt_sentences: list[str], *,
          src_lang: str | None = None, tgt_lang: str | None = None,
          progress=None, use_embeddings: bool = True,
          bead_types=None, cache=None) -> Alignment:
    """Align two lists of sentences (see module docstring for the result).

    ``bead_types`` defaults to ``DEFAULT_BEAD_TYPES`` with embeddings and to
    ``LENGTH_BEAD_TYPES`` in the length+anchors fallback (beads.py).
    ``cache``: an ``embeddings.EmbeddingCache``; sentences found there (same
    text, same language) are not embedded again.
    """
    # features read the canonical spacing (spacing.py); indices are unchanged
    src = [canonical_spacing(s) for s in src_sentences]
    tgt = [canonical_spacing(t) for t in tgt_sentences]
    n, m = len(src), len(tgt)
    tick = progress or (lambda k: None)
    timings: dict[str, float] = {}
    if n == 0 or m == 0:
        beads = [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
        tick(work_total(n, m))
        path = [(0, 0)] + [(i + 1, 0) for i in range(n)] + [(0, j + 1) for j in range(m)]
        return Alignment(beads, [1.0] * len(beads), [0.0] * len(beads),
                         BandMatrix((n, m), np.zeros(n, np.int64),
                                    [np.zeros(0, np.float32)] * n),
                         path, "trivial", timings)

    t0 = time.perf_counter()
    encoder = encoder_for(src_lang, tgt_lang) if use_embeddings else None
    if bead_types is None:
        bead_types = DEFAULT_BEAD_TYPES if encoder is not None else LENGTH_BEAD_TYPES
    max_run = max(max(a, b) for a, b in bead_types)
    if encoder is not None:
        src_runs = encoder.embed_runs(src, max_run=max_run, progress=tick, cache=cache,
                                      language=src_lang)
        tgt_runs = encoder.embed_runs(tgt, max_run=max_run, progress=tick, cache=cache,
                                      language=tgt_lang)
    else:
        src_runs = tgt_runs = None
        tick(n + m)
    t1 = time.perf_counter()
    timings["embed"] = t1 - t0

    dense = n * m <= DENSE_CELLS
    scorer = _scorer(src, tgt, src_runs, tgt_runs, dense=dense)
    src_chars, tgt_chars = scorer.src_chars, scorer.tgt_chars
    t2 = time.perf_counter()
    timings["features"] = t2 - t1

    if dense:
        lo, hi = full_band(n, m)
    else:
        f = math.ceil(math.sqrt(n * m / DENSE_CELLS))
        coarse = _coarse_scorer(src, tgt, src_runs, tgt_runs, src_chars, tgt_chars, f,
                                scorer.ratio)
        cn, cm = coarse.n, coarse.m
        cpath, _ = banded_search(coarse, cn, cm, *full_band(cn, cm), COARSE_BEAD_TYPES)
        lo, hi = band_around(upsample_path(cpath, f, n, m), n, m,
                             max(BAND_BLOCKS * f, BAND_MIN))
    t3 = time.perf_counter()
    timings["coarse"] = t3 - t2

    path, steps = banded_search(scorer, n, m, lo, hi, bead_types, progress=tick)
    beads = [(list(range(i0, i1)), list(range(j0, j1)))
             for (i0, j0), (i1, j1) in zip(path, path[1:])]
    t4 = time.perf_counter()
    timings["search"] = t4 - t3

    # DP nodes run to (n, m); sentence cells to (n - 1, m - 1)
    start = np.minimum(lo[:n], m - 1)
    stop = np.minimum(hi[:n], m - 1)
    sims = BandMatrix((n, m), start,
                      [scorer.similarity(i, np.arange(start[i], stop[i] + 1)).astype(np.float32)
                       for i in range(n)])
    t5 = time.perf_counter()
    warnings: list[str] = []
    support = bead_support(scorer, beads)
    if texts_unrelated(support):
        # not translations of each other: pairs would be forced, leave all unaligned
        warnings.append("unrelated")
        beads = [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
        path = [(0, 0)] + [(i + 1, 0) for i in range(n)] + [(n, j + 1) for j in range(m)]
        steps = [float(scorer.cost(*((1, 0) if x else (0, 1)), x[0] if x else n,
                                   np.array([y[0] if y else 0]))[0]) for x, y in beads]
        support = [None] * len(beads)
    raw = _raw_confidence(scorer, beads, steps)
    null_raw = _null_raw(scorer, beads, path)
    confidence = [calibrated(r, s[0] if s else None, nr)
                  for r, s, nr in zip(raw, support, null_raw)]
    if "unrelated" in warnings:
        confidence = [1.0] * len(beads)
    timings["confidence"] = time.perf_counter() - t5
    timings["total"] = time.perf_counter() - t0
    method = "embeddings" if scorer.use_embeddings else "length+anchors"
    return Alignment(beads, confidence, [float(s) for s in steps], sims, path, method, timings,
                     raw_confidence=raw, ranks=[x[0] if x else None for x in support],
                     null_raw=null_raw, warnings=warnings)


def _scorer(src, tgt, src_runs, tgt_runs, *, dense: bool) -> Scorer:
    """The bead scorer for canonically spaced sentences and their run embeddings."""
    src_chars = np.array([text_length(s) for s in src], np.float64)
    tgt_chars = np.array([text_length(t) for t in tgt], np.float64)
    ratio = (matched_ratio(src_runs[0], tgt_runs[0], src_chars, tgt_chars)
             if src_runs is not None else None)
    return Scorer(ratio=ratio, src_runs=src_runs, tgt_runs=tgt_runs, src_chars=src_chars,
                  tgt_chars=tgt_chars, anchors=AnchorIndex(src, tgt), dense=dense,
                  src_bounds=boundary_end_costs(src), tgt_bounds=boundary_end_costs(tgt),
                  src_letters=_letters(src), tgt_letters=_letters(tgt))


def scorer_for(src_sentences: list[str], tgt_sentences: list[str], *,
               src_lang: str | None = None, tgt_lang: str | None = None,
               use_embeddings: bool = True, bead_types=None) -> Scorer:
    """The Scorer ``align`` would search with, for error analysis (``Scorer.explain``)."""
    src = [canonical_spacing(s) for s in src_sentences]
    tgt = [canonical_spacing(t) for t in tgt_sentences]
    encoder = encoder_for(src_lang, tgt_lang) if use_embeddings else None
    src_runs = tgt_runs = None
    if encoder is not None:
        types = bead_types or DEFAULT_BEAD_TYPES
        max_run = max(max(a, b) for a, b in types)
        src_runs = encoder.embed_runs(src, max_run=max_run)
        tgt_runs = encoder.embed_runs(tgt, max_run=max_run)
    return _scorer(src, tgt, src_runs, tgt_runs, dense=True)


def _letters(sentences: list[str]) -> np.ndarray:
    return np.array([sum(c.isalpha() for c in s) for s in sentences], np.float64)


def _null_raw(scorer: Scorer, beads, path, reach: int = 3) -> list[float | None]:
    """For a null bead: the cheapest 1-1 pair its sentence could have formed nearby, in deletions.

    A sentence left unaligned although a neighbour on the other side matches
    it well is a doubtful null; one with nothing close is a safe one.
    ``None`` for beads with both sides.
    """
    d = max(scorer.deletion_cost, 1e-6)
    n, m = scorer.n, scorer.m
    out: list[float | None] = []
    for (src, tgt), (i, j) in zip(beads, path):
        if src and tgt:
            out.append(None)
        elif src:
            js = np.arange(max(j - reach, 0), min(j + reach + 1, m))
            out.append(float(scorer.cost(1, 1, src[0], js).min() / d) if len(js) else 9.0)
        else:
            rows = range(max(i - reach, 0), min(i + reach + 1, n))
            costs = [float(scorer.cost(1, 1, r, np.array([tgt[0]]))[0]) for r in rows]
            out.append(min(costs) / d if costs else 9.0)
    return out


def _raw_confidence(scorer: Scorer, beads, steps) -> list[float]:
    """Map each bead's cost to [0, 1], relative to the price of a deletion (before calibration).

    The bead cost per sentence pair (cost / (a * b), lengths, anchors and
    boundaries included) is compared with the deletion cost, which is
    calibrated on random pairs of the same documents: a pair costing 80% of a
    deletion is a coin toss (0.5), a nearly free pair is certain.  (On the
    dev set, 0.8 flags as many wrong beads as 0.6 did, with 40 fewer correct
    ones sent to review.)

    A bead of several sentences is only as sure as its least supported part:
    each sentence is compared on its own with the whole other side of the
    bead (``Scorer.part_costs``), and the bead's confidence is multiplied by
    the weakest part's.  One sentence is only a piece of the other side, so
    its cost is judged more leniently (a coin toss at 1.1 deletions, i.e.
    no better than the best tenth of random pairs; correct parts mostly
    cost 0.5-1.0 deletions on the dev set, unrelated ones 1.1-1.5).  A wide
    bead that swallowed unrelated sentences (a partial translation against a
    long source) thus drops below 0.5 even when
    the merged embedding looks close.  Parts too short to carry meaning
    (OCR debris, "C ) .") are excused in proportion to their size.

    Deletions get 0.4 here; their calibrated confidence comes from
    ``_null_raw`` instead.
    """
    out = []
    d = max(scorer.deletion_cost, 1e-6)

    def certainty(cost, midpoint=PAIR_MIDPOINT):
        return 1.0 / (1.0 + np.exp(-10.0 * (midpoint * d - cost) / d))

    for (src, tgt), cost in zip(beads, steps):
        if not (src and tgt):
            out.append(0.4)
            continue
        conf = float(certainty(cost / (len(src) * len(tgt))))
        if len(src) > 1 or len(tgt) > 1:
            parts, weights = scorer.part_costs(src[0], len(src), tgt[0], len(tgt))
            if len(parts):
                excused = 1.0 - weights * (1.0 - certainty(parts, PART_MIDPOINT))
                conf *= float(excused.min())
        out.append(min(max(conf, 0.0), 1.0))
    return out


def _coarse_scorer(src, tgt, src_runs, tgt_runs, src_chars, tgt_chars, f, ratio) -> Scorer:
    """A Scorer over blocks of f consecutive sentences (runs of 1 and 2 blocks)."""

    def blocks(runs, chars, texts):
        k = math.ceil(len(chars) / f)
        bchars = np.add.reduceat(chars, np.arange(0, len(chars), f))
        btexts = [" ".join(texts[s:s + f]) for s in range(0, len(texts), f)]
        if runs is None:
            return None, bchars, btexts
        single = np.add.reduceat(runs[0], np.arange(0, len(chars), f), axis=0)
        brun = np.zeros((2, k, single.shape[1]), np.float32)
        brun[0] = single
        brun[1, :-1] = single[:-1] + single[1:]
        brun /= np.maximum(np.linalg.norm(brun, axis=2, keepdims=True), 1e-9)
        return brun, bchars, btexts

    sr, sc, st = blocks(src_runs, src_chars, src)
    tr, tc, tt = blocks(tgt_runs, tgt_chars, tgt)
    return Scorer(src_runs=sr, tgt_runs=tr, src_chars=sc, tgt_chars=tc,
                  anchors=AnchorIndex(st, tt), dense=True, ratio=ratio)
