"""Finding glossary terms in a source text and their agreed translations in a target.

Source side: a term matches as a whole word or phrase, case-insensitively,
with an optional English plural ending (-s, -es); ’ and ' count as the same
apostrophe, so "workers' state" finds "workers’ state".

Target side: each word of the agreed translation (or of an accepted form)
matches the *beginning* of a word, so inflected and compound forms count:
"Arbeiterstaat" accepts "Arbeiterstaates", "Kolchos" accepts "Kolchoskasse",
and the stem form "производительн сил" accepts "производительными силами".

``highlight`` returns the source text as safe HTML with every term wrapped in
``<mark class="wb-term" title="agreed translation">``; the text and titles are
escaped.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def _fold(text: str) -> str:
    """Apostrophes unified; same length as ``text`` so offsets stay valid."""
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=2048)
def _source_pattern(term: str) -> re.Pattern:
    words = [re.escape(word) for word in _fold(term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:e?s)?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _target_pattern(form: str) -> re.Pattern:
    words = [re.escape(word) + r"[\w\-]*" for word in _fold(form).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: object  # a GlossaryTerm (or anything with source_term, target_term, target_forms, note)


def terms_in(text: str, terms: Iterable) -> list[TermMatch]:
    """The terms occurring in ``text``, left to right, the longest where two overlap."""
    folded = _fold(text)
    found = [
        TermMatch(match.start(), match.end(), term)
        for term in terms
        for match in _source_pattern(term.source_term).finditer(folded)
    ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[TermMatch] = []
    for match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def uses_term(target: str, term) -> bool:
    """Whether ``target`` contains the agreed translation of ``term`` or one of its accepted forms."""
    folded = _fold(target)
    return any(_target_pattern(form).search(folded) for form in term.target_forms)


def _title(term) -> str:
    return f"{term.target_term} — {term.note}" if getattr(term, "note", "") else term.target_term


def highlight(text: str, terms: Iterable) -> SafeString:
    """``text`` as escaped HTML, glossary terms marked with their agreed translation as title."""
    terms = list(terms)
    by_source: dict[str, list] = {}
    for term in terms:
        by_source.setdefault(term.source_term.casefold(), []).append(term)
    parts, position = [], 0
    for match in terms_in(text, terms):
        # Several entries for one term: show every agreed translation.
        title = " / ".join(_title(term) for term in by_source[match.term.source_term.casefold()])
        parts.append(escape(text[position : match.start]))
        parts.append(f'<mark class="wb-term" title="{escape(title)}">{escape(text[match.start : match.end])}</mark>')
        position = match.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))
