"""Exact and fuzzy matches from the memory, best first, with the difference marked.

The score is rapidfuzz's ``fuzz.ratio`` (normalized Indel similarity, 0–100);
100 means the memory's source is the same sentence. Only entries whose length
could reach the threshold are read: a ratio of ``t`` needs the two lengths
within a factor ``t / (2 - t)`` of each other (the Indel distance is at least
the length difference), so the length window loses no match. The window is
read through the (source language, target language, source length) index,
closest length first and capped at ``MAX_CANDIDATES``; rapidfuzz's
``process.extract`` then scores the candidates in C.

``diff_html`` marks how the memory's source differs from the sentence being
translated: ``<del>`` what the memory's sentence has and this one does not,
``<ins>`` what this one has instead. Everything is escaped.
"""

import math
import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from django.db.models import F, QuerySet
from django.db.models.functions import Abs
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process

DEFAULT_THRESHOLD = 70
MAX_CANDIDATES = 5000
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
    low, high = length_window(len(text), threshold)
    candidates = list(
        entries.filter(source_length__gte=low, source_length__lte=high)
        .annotate(distance=Abs(F("source_length") - len(text)))
        .order_by("distance", "-updated_at")
        .values_list("id", "source_text", "target_text", "origin")[:MAX_CANDIDATES]
    )
    choices = {index: row[1] for index, row in enumerate(candidates)}
    # Extra results so that duplicates (one pair in several documents) can be dropped.
    matches = process.extract(text, choices, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=threshold)
    suggestions, seen = [], set()
    for _choice, score, index in sorted(matches, key=lambda m: (-m[1], m[2])):
        entry_id, source, target, origin = candidates[index]
        if (source, target) in seen:
            continue
        seen.add((source, target))
        exact = " ".join(source.split()) == text
        suggestions.append(
            Suggestion(
                source=source,
                target=target,
                score=100 if exact else min(int(score), 99),
                exact=exact,
                diff_html=diff_html(source, text),
                origin=origin,
                entry_id=entry_id,
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions
