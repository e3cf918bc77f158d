"""Alignment map: the similarity matrix as a PNG with the chosen beads drawn on it.

``render_alignment_map(alignment, path=None, *, max_side=1024,
low_confidence=0.5) -> bytes`` returns PNG bytes (and writes them to ``path``
if given).  Rows are source sentences, columns target sentences; grey levels
show similarity (darker = more similar), cells outside the search band are
pale blue, beads are green, beads with confidence below ``low_confidence``
red.  Each sentence gets ``cell`` pixels (``map_geometry``); documents longer
than ``max_side`` sentences are shrunk by taking the maximum over blocks.
The shrinking reads the similarity band row by row (``_band_max``): the
n x m matrix is never made dense, which for a 12,000-sentence book would
take 2 x 0.6 GB. Written with numpy, zlib and struct only.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

OUTSIDE = (225, 233, 245)
GOOD = (0, 160, 60)
LOW = (220, 30, 30)


def map_geometry(n: int, m: int, max_side: int = 1024) -> tuple[int, int]:
    """(pixels per cell, sentences per cell): small documents are magnified
    (up to 8 px per sentence), long ones shrunk to at most max_side pixels."""
    longest = max(n, m, 1)
    if longest <= max_side:
        return max(1, min(8, max_side // longest)), 1
    return 1, -(-longest // max_side)


def map_size(n: int, m: int, max_side: int = 1024) -> tuple[int, int]:
    """(width, height) in pixels of the map of an n x m alignment."""
    cell, block = map_geometry(n, m, max_side)
    return max(1, -(-m // block) * cell), max(1, -(-n // block) * cell)


def render_alignment_map(alignment, path=None, *, max_side: int = 1024,
                         low_confidence: float = 0.5) -> bytes:
    n, m = alignment.similarity.shape
    cell, block = map_geometry(n, m, max_side)
    h, w = -(-n // block), -(-m // block)
    sim = _band_max(alignment.similarity, block, (h, w))
    img = np.empty((h, w, 3), np.uint8)
    grey = (255 - 255 * np.clip(np.nan_to_num(sim, nan=0.0), 0, 1)).astype(np.uint8)
    img[...] = grey[..., None]
    img[np.isnan(sim)] = OUTSIDE
    i = j = 0  # sentences consumed so far: where a deletion bead is drawn
    for (src, tgt), conf in zip(alignment.beads, alignment.confidence):
        colour = GOOD if conf >= low_confidence else LOW
        r0, r1 = (src[0], src[-1]) if src else (min(i, n - 1), min(i, n - 1))
        c0, c1 = (tgt[0], tgt[-1]) if tgt else (min(j, m - 1), min(j, m - 1))
        img[r0 // block:r1 // block + 1, c0 // block:c1 // block + 1] = colour
        i, j = i + len(src), j + len(tgt)
    if cell > 1:
        img = img.repeat(cell, axis=0).repeat(cell, axis=1)
    if img.size == 0:
        img = np.full((1, 1, 3), 255, np.uint8)
    data = _png(img)
    if path is not None:
        with open(path, "wb") as fh:
            fh.write(data)
    return data


def _band_max(similarity, block: int, shape: tuple[int, int]) -> np.ndarray:
    """The (h, w) map: each cell the maximum of the block x block sentences it covers, NaN where none is known.

    Max over blocks keeps a sharp diagonal visible when a long document is shrunk.
    """
    out = np.full(shape, np.nan, np.float32)
    for i, (start, row) in enumerate(zip(similarity.start, similarity.rows)):
        if len(row) == 0:
            continue
        columns = (int(start) + np.arange(len(row))) // block
        first = np.flatnonzero(np.r_[True, columns[1:] != columns[:-1]])  # where each cell's run begins
        values = np.fmax.reduceat(np.asarray(row, np.float32), first)
        cells = columns[first]
        out[i // block, cells] = np.fmax(out[i // block, cells], values)
    return out


def _png(rgb: np.ndarray) -> bytes:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))  # filter type 0 per row

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + tag + body
                + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6))
            + chunk(b"IEND", b""))
