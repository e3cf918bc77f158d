"""Read queries for views, commands and exporters.

Selectors never write. Every query here is independent of document size in
number (counts and rows come back in a fixed number of queries).
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from . import languages
from .models import Document, Segment, State, Translation

# States that count as "translated" in progress figures.
DONE_STATES = frozenset({State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED})


@dataclass
class LanguageProgress:
    language: str
    total: int
    translated: int
    approved: int
    states: dict[str, int]

    @property
    def translated_percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 0

    @property
    def approved_percent(self) -> int:
        return round(100 * self.approved / self.total) if self.total else 0


def active_segments(document: Document) -> QuerySet[Segment]:
    """The document's current segments in reading order."""
    return (
        Segment.objects.filter(document=document, retired=False)
        .select_related("block")
        .order_by("block__position", "position")
    )


def document_progress(documents) -> dict[int, dict[str, LanguageProgress]]:
    """Progress per document id and target language, in two queries."""
    documents = list(documents)
    totals = dict(
        # order_by(): Segment's default ordering would otherwise split the GROUP BY per segment.
        Segment.objects.filter(document__in=documents, retired=False)
        .order_by()
        .values_list("document")
        .annotate(n=Count("id"))
        .values_list("document", "n")
    )
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for document_id, language, state, n in (
        Translation.objects.filter(segment__document__in=documents, segment__retired=False)
        .values_list("segment__document", "language", "state")
        .annotate(n=Count("id"))
    ):
        counts.setdefault((document_id, language), {})[state] = n
    result: dict[int, dict[str, LanguageProgress]] = {}
    for document in documents:
        total = totals.get(document.pk, 0)
        per_language = {}
        for code in document.target_languages:
            states = dict(counts.get((document.pk, code), {}))
            states[State.UNTRANSLATED] = total - sum(n for s, n in states.items() if s != State.UNTRANSLATED)
            per_language[code] = LanguageProgress(
                language=code,
                total=total,
                translated=sum(states.get(state, 0) for state in DONE_STATES),
                approved=states.get(State.APPROVED, 0),
                states=states,
            )
        result[document.pk] = per_language
    return result


def translation_states(document: Document, language: str) -> dict[int, Translation]:
    """Translation rows of ``language`` keyed by segment id (missing means untranslated)."""
    languages.validate(language)
    return {
        row.segment_id: row
        for row in Translation.objects.filter(segment__document=document, language=language).select_related(
            "changed_by"
        )
    }
