"""Beads: the units of a sentence alignment, and their text format.

A bead is a pair ``(src_indices, tgt_indices)`` of 0-based, contiguous,
ascending sentence indices; either side may be empty (a sentence with no
counterpart).  An alignment is a list of beads that covers every source and
every target sentence exactly once, in order.

Text format (Vecalign / Bertalign gold files), one bead per line::

    [0]:[0]
    [1, 2]:[1]
    []:[2]

An optional third ``:score`` field (as Vecalign prints) is accepted and ignored
by :func:`parse_beads`.
"""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Iterable

Bead = tuple[list[int], list[int]]

# Bead shapes the search may use: (number of source, number of target sentences).
# Gale-Church's set plus 1-3/3-1 (BASIC_BEAD_TYPES); with five sentences,
# 2-3/3-2/1-4/4-1 (LENGTH_BEAD_TYPES: what the length-only fallback searches);
# and, when embeddings judge the beads, also 1-5/5-1 (one sentence against a
# list the translation set as five, e.g. "Teilnehmer: A, B, C" against five
# lines) and 3-3 (three sentences re-cut as three others, no inner boundary
# shared).  Literary translations re-cut sentences often enough that leaving
# these out costs several points of recall; their a*b cost scaling (and a
# prior for 3-3) keeps them from being chosen lightly.  Lengths alone cannot
# tell a real 1-5 from five 1-1s, so the fallback does without them.
BASIC_BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1),
)
LENGTH_BEAD_TYPES: tuple[tuple[int, int], ...] = BASIC_BEAD_TYPES + (
    (2, 3), (3, 2), (1, 4), (4, 1),
)
DEFAULT_BEAD_TYPES: tuple[tuple[int, int], ...] = LENGTH_BEAD_TYPES + (
    (1, 5), (5, 1), (3, 3),
)


def format_bead(bead: Bead) -> str:
    src, tgt = bead
    return f"{list(src)}:{list(tgt)}"


def format_beads(beads: Iterable[Bead]) -> str:
    """One bead per line, newline-terminated ('' for no beads)."""
    return "".join(format_bead(b) + "\n" for b in beads)


def parse_bead(line: str) -> Bead:
    """Parse ``[0, 1]:[2]`` (optionally ``...:0.53``) into ``([0, 1], [2])``."""
    parts = line.strip().split(":")
    if len(parts) < 2:
        raise ValueError(f"not a bead (want '[..]:[..]'): {line.strip()!r}")
    try:
        src, tgt = literal_eval(parts[0].strip()), literal_eval(parts[1].strip())
    except (ValueError, SyntaxError) as exc:
        raise ValueError(f"not a bead: {line.strip()!r}") from exc
    if not (isinstance(src, list) and isinstance(tgt, list)
            and all(isinstance(x, int) for x in src + tgt)):
        raise ValueError(f"bead sides must be lists of integers: {line.strip()!r}")
    return src, tgt


def parse_beads(text: str) -> list[Bead]:
    """Parse a whole file's text; blank lines are skipped."""
    return [parse_bead(line) for line in text.splitlines() if line.strip()]


def check_beads(beads: list[Bead], n_src: int, n_tgt: int) -> None:
    """Raise ValueError unless *beads* cover 0..n_src-1 and 0..n_tgt-1 once, in order."""
    i = j = 0
    for src, tgt in beads:
        if not src and not tgt:
            raise ValueError("empty bead")
        if list(src) != list(range(i, i + len(src))) or list(tgt) != list(range(j, j + len(tgt))):
            raise ValueError(f"bead {format_bead((src, tgt))} is not contiguous at ({i}, {j})")
        i, j = i + len(src), j + len(tgt)
    if (i, j) != (n_src, n_tgt):
        raise ValueError(f"beads cover ({i}, {j}) sentences, expected ({n_src}, {n_tgt})")
