"""Exact and fuzzy matches from the memory, best first, with the difference marked.

The score is rapidfuzz's ``fuzz.ratio`` (normalized Indel similarity, 0–100);
100 means the memory's source is the same sentence. Only entries whose length
could reach the threshold are read: a ratio of ``t`` needs the two lengths
within a factor ``t / (2 - t)`` of each other (the Indel distance is at least
the length difference), so the length window loses no match. The window is
read through the (source language, target language, source length) index:
exact matches, then the closest lengths on either side, up to
``MAX_CANDIDATES`` in all; rapidfuzz's ``process.extract`` then scores the
candidates in C. A lookup reads a bounded number of rows however large the
memory grows.

``diff_html`` marks how the memory's source differs from the sentence being
translated: ``<del>`` what the memory's sentence has and this one does not,
``<ins>`` what this one has instead. Everything is escaped.
"""

import math
import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

DEFAULT_THRESHOLD = 70
MAX_CANDIDATES = 4000
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass
class Suggestion:
    source: str
    target: str
    score: int
    exact: bool
    diff_html: SafeString
    origin: str
    entry_id: int

    def as_dict(self) -> dict:
        data = asdict(self)
        data["diff_html"] = str(self.diff_html)
        return data


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Shortest and longest source that can score at least ``threshold`` against a text of ``length``."""
    t = max(min(threshold / 100, 1.0), 0.01)
    return math.floor(length * t / (2 - t)), math.ceil(length * (2 - t) / t)


def diff_html(memory_source: str, text: str) -> SafeString:
    old, new = _TOKEN.findall(memory_source), _TOKEN.findall(text)
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if tag == "equal":
            parts.append(removed)
        if tag in ("delete", "replace"):
            parts.append(f"<del>{removed}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))


def search(
    text: str, entries: QuerySet, *, limit: int = 5, threshold: float = DEFAULT_THRESHOLD
) -> list[Suggestion]:
    """The best ``limit`` matches for ``text`` among ``entries`` (a MemoryEntry queryset of one language pair)."""
    text = " ".join(text.split())
    if not text:
        return []
    length = len(text)
    low, high = length_window(length, threshold)
    half = MAX_CANDIDATES // 2
    # Exact matches first, whatever the cap; then the closest lengths on either
    # side, each range read in index order (no sort of the whole window). Only
    # ids and sources are read for scoring; targets only for the winners.
    exact = entries.filter(source_length=length, source_text=text).values_list("id", "source_text")[:limit]
    longer = entries.filter(source_length__gte=length, source_length__lte=high).order_by("source_length")
    shorter = entries.filter(source_length__gte=low, source_length__lt=length).order_by("-source_length")
    choices = dict(
        [*exact, *longer.values_list("id", "source_text")[:half], *shorter.values_list("id", "source_text")[:half]]
    )
    # Extra results so that duplicates (one pair in several documents) can be dropped.
    matches = process.extract(text, choices, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=threshold)
    rows = {
        row[0]: row for row in entries.filter(id__in=[m[2] for m in matches]).values_list("id", "target_text", "origin")
    }
    suggestions, seen = [], set()
    for source, score, entry_id in sorted(matches, key=lambda m: (-m[1], m[2])):
        _id, target, origin = rows[entry_id]
        if (source, target) in seen:
            continue
        seen.add((source, target))
        is_exact = " ".join(source.split()) == text
        suggestions.append(
            Suggestion(
                source=source,
                target=target,
                score=100 if is_exact else min(int(score), 99),
                exact=is_exact,
                diff_html=diff_html(source, text),
                origin=origin,
                entry_id=entry_id,
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions
