"""Read queries for quality: findings, memory suggestions, glossary, quotations.

These are the selectors the translate view and the review page call. None of
them writes. The per-document ones run a fixed number of queries whatever
the document's size.

- ``findings_for(document, language)`` → ``{segment_id: [CheckFinding, …]}``
  (source findings included), for ``translations/quality/_findings.html``.
- ``findings_for_segments(segment_ids, languages)`` → the same for a few
  segments (a page of the review, a saved row's block), open ones by default.
- ``finding_counts(document, language)`` → ``{"error": n, "warning": n, "dismissed": n}``.
- ``tm_suggestions(segment, language, limit=5)`` → ``[memory.search.Suggestion]``:
  translations of the same sentence elsewhere (``repeat_candidates``, unless
  the document's repeats mode is "off") first, then the memory's matches.
- ``glossary_for(source_language, target_language)`` → ``[GlossaryTerm]``, for the
  ``glossary_highlight`` filter and the ``glossary`` check.
- ``quotation_context(segment, language)`` → ``QuotedSegment | None``: the work,
  the original, the published versions and the policy, for
  ``translations/quality/_quotation.html``.
- ``quotations_by_segment(document, language)`` → ``{segment_id: QuotedSegment}``.
- ``quotation_provenance(segment, language)`` → the ``Provenance`` a new
  translation of the segment records (relay, original or source).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils.html import escape
from django.utils.translation import gettext as _

from .. import languages
from ..memory.search import DEFAULT_THRESHOLD, Suggestion, search
from ..models import (
    POLICY_PROVENANCE,
    CheckFinding,
    Document,
    GlossaryTerm,
    MemoryEntry,
    Provenance,
    PublishedTranslation,
    Quotation,
    QuotationPolicy,
    Segment,
    Severity,
    State,
    Translation,
    Work,
)

# --- Findings ----------------------------------------------------------------

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def _ordered(rows) -> dict[int, list[CheckFinding]]:
    from ..checks import registry

    order = {check_id: index for index, check_id in enumerate(registry.all_checks())}
    result: dict[int, list[CheckFinding]] = {}
    for finding in sorted(
        rows, key=lambda f: (f.dismissed, _SEVERITY_ORDER.get(f.severity, 2), order.get(f.check_id, 99), f.pk)
    ):
        result.setdefault(finding.segment_id, []).append(finding)
    return result


def findings_for(
    document: Document, language: str, *, include_source: bool = True, include_dismissed: bool = True
) -> dict[int, list[CheckFinding]]:
    """Findings of ``document`` in ``language`` by segment id, errors first; one query."""
    wanted = [language, ""] if include_source else [language]
    rows = CheckFinding.objects.filter(
        segment__document=document, segment__retired=False, language__in=wanted
    ).select_related("dismissed_by")
    if not include_dismissed:
        rows = rows.filter(dismissed_at__isnull=True)
    return _ordered(rows)


def findings_for_segments(
    segment_ids, languages_wanted: list[str], *, include_dismissed: bool = False
) -> dict[int, list[CheckFinding]]:
    """Findings of some segments in ``languages_wanted`` ("" for the source's) by segment id; one query.

    For a page that shows a few segments (the review page, a row just saved).
    """
    rows = CheckFinding.objects.filter(segment_id__in=list(segment_ids), language__in=languages_wanted).select_related(
        "dismissed_by"
    )
    if not include_dismissed:
        rows = rows.filter(dismissed_at__isnull=True)
    return _ordered(rows)


def finding_counts(document: Document, language: str) -> dict[str, int]:
    """Open errors and warnings (source findings included) and dismissed findings; one query."""
    counts = CheckFinding.objects.filter(
        segment__document=document, segment__retired=False, language__in=[language, ""]
    ).aggregate(
        error=Count("id", filter=Q(severity=Severity.ERROR, dismissed_at__isnull=True)),
        warning=Count("id", filter=Q(severity=Severity.WARNING, dismissed_at__isnull=True)),
        dismissed=Count("id", filter=Q(dismissed_at__isnull=False)),
    )
    return {key: value or 0 for key, value in counts.items()}


# --- Translation memory -------------------------------------------------------


REPEATS_NEEDS_REVIEW, REPEATS_SUGGESTION, REPEATS_OFF = "needs_review", "suggestion", "off"


def repeats_mode(document: Document) -> str:
    """needs_review, suggestion or off: the document's choice, else the site's ``WORKBENCH_REPEATS``."""
    return document.repeats or settings.WORKBENCH_REPEATS


def repeat_candidates(segment: Segment, language: str):
    """Active segments with ``segment``'s source sentence: in its document, or in every document of its
    source language when the document asks for that (``repeats_across_documents``)."""
    document = segment.document
    twins = Segment.objects.filter(source_text=segment.source_text, retired=False, block__retired=False).exclude(
        pk=segment.pk
    )
    if document.repeats_across_documents:
        return twins.filter(document__source_language=document.source_language).exclude(
            document__source_language=language
        )
    return twins.filter(document=document)


def repeat_suggestions(segment: Segment, language: str, limit: int) -> list[Suggestion]:
    """The translations the same sentence already has elsewhere, newest first, as exact matches (one query)."""
    field_name = languages.text_field(language)
    # Drafts are not offered: their translator has not finished them.
    finished = Translation.objects.filter(segment=OuterRef("pk"), language=language).exclude(state=State.DRAFT)
    rows = (
        repeat_candidates(segment, language)
        .exclude(**{field_name: ""})
        .exclude(**{f"{field_name}__isnull": True})
        .annotate(changed_at=Subquery(finished.values("changed_at")[:1]))
        .filter(Exists(finished))
        .order_by(F("changed_at").desc(nulls_last=True), "pk")
        .values_list(field_name, "document__slug", "key")[: limit * 4]
    )
    suggestions, seen = [], set()
    for target, slug, key in rows:
        if target in seen:
            continue
        seen.add(target)
        suggestions.append(
            Suggestion(
                source=segment.source_text,
                target=target,
                score=100,
                exact=True,
                diff_html=escape(segment.source_text),
                origin=_("the same sentence: %(document)s, %(key)s") % {"document": slug, "key": key},
                entry_id=0,
            )
        )
    return suggestions[:limit]


def tm_suggestions(
    segment: Segment,
    language: str,
    limit: int = 5,
    *,
    text: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Suggestion]:
    """Memory matches for ``segment`` (or for ``text``, a search typed by the translator) into ``language``.

    Matches come from approved translations of every document and imported TMX
    files; the segment's own approved translation is left out.
    """
    languages.validate(language)
    source_language = segment.document.source_language
    entries = MemoryEntry.objects.filter(source_language=source_language, target_language=language).exclude(
        segment=segment
    )
    repeats = []
    if text is None and repeats_mode(segment.document) != REPEATS_OFF:
        repeats = repeat_suggestions(segment, language, limit)
    found = search(segment.source_text if text is None else text, entries, limit=limit, threshold=threshold)
    known = {suggestion.target for suggestion in repeats}
    return (repeats + [suggestion for suggestion in found if suggestion.target not in known])[:limit]


# --- Glossary -------------------------------------------------------------------


def glossary_for(source_language: str, target_language: str) -> list[GlossaryTerm]:
    return list(GlossaryTerm.objects.filter(source_language=source_language, target_language=target_language))


# --- Quotations -----------------------------------------------------------------


@dataclass
class QuotedSegment:
    """A segment inside a registered quotation, seen from one target language."""

    quotation: Quotation
    work: Work
    language: str
    policy: str
    # The text the translation must follow: the published translation under
    # "use published", the original when the target is the original language.
    registered_text: str
    registered_source: str
    is_first: bool
    is_last: bool
    published: PublishedTranslation | None = None
    other_published: list[PublishedTranslation] = field(default_factory=list)

    @property
    def original_text(self) -> str:
        return self.quotation.original_text

    @property
    def original_language(self) -> str:
        return self.work.original_language

    @property
    def provenance(self) -> str:
        return POLICY_PROVENANCE[self.policy]

    @property
    def quotes_original(self) -> bool:
        """The target is the work's own language: the translation quotes the original."""
        return self.language == self.work.original_language and self.policy == QuotationPolicy.USE_PUBLISHED

    def get_policy_display(self) -> str:
        return _("quote the original") if self.quotes_original else str(QuotationPolicy(self.policy).label)


def _quoted(quotation: Quotation, language: str, position: tuple, first: tuple, last: tuple) -> QuotedSegment:
    published = {row.language: row for row in quotation.published.all()}
    mine = published.get(language)
    is_original = language == quotation.work.original_language
    if mine is not None:
        policy = mine.policy
    else:
        policy = QuotationPolicy.USE_PUBLISHED if is_original else QuotationPolicy.RELAY
    text, source = "", ""
    if policy == QuotationPolicy.USE_PUBLISHED:
        if mine is not None and mine.text:
            text, source = mine.text, mine.source
        elif is_original:
            text, source = quotation.original_text, quotation.original_reference
    return QuotedSegment(
        quotation=quotation,
        work=quotation.work,
        language=language,
        policy=policy,
        registered_text=text,
        registered_source=source or str(quotation.work),
        is_first=position == first,
        is_last=position == last,
        published=mine,
        other_published=[row for code, row in sorted(published.items()) if code != language],
    )


def _quotations(document_id: int):
    return list(
        Quotation.objects.filter(document_id=document_id)
        .select_related("work", "first_segment__block", "last_segment__block")
        .prefetch_related(Prefetch("published", queryset=PublishedTranslation.objects.order_by("language")))
    )


def _span(quotation: Quotation) -> tuple[tuple, tuple]:
    first, last = quotation.first_segment, quotation.last_segment
    return (first.block.position, first.position), (last.block.position, last.position)


def quotations_by_segment(
    document: Document, language: str, segments: list[Segment] | None = None
) -> dict[int, QuotedSegment]:
    """Every active segment of ``document`` inside a quotation, by id; three queries.

    ``segments`` (with their blocks) may be passed when the caller has them already.
    """
    quotations = _quotations(document.pk)
    if not quotations:
        return {}
    if segments is None:
        segments = list(Segment.objects.filter(document=document, retired=False).select_related("block"))
    result = {}
    for quotation in quotations:
        first, last = _span(quotation)
        for segment in segments:
            position = (segment.block.position, segment.position)
            if first <= position <= last and not segment.retired:
                result[segment.pk] = _quoted(quotation, language, position, first, last)
    return result


def quotation_context(segment: Segment, language: str) -> QuotedSegment | None:
    """The quotation ``segment`` belongs to, as ``language`` sees it, or None."""
    position = (segment.block.position, segment.position)
    for quotation in _quotations(segment.document_id):
        first, last = _span(quotation)
        if first <= position <= last:
            return _quoted(quotation, language, position, first, last)
    return None


def quotation_provenance(segment: Segment, language: str) -> str:
    """Where a translation of ``segment`` comes from by default: relayed or from the original inside a quotation."""
    quoted = quotation_context(segment, language)
    return quoted.provenance if quoted else Provenance.SOURCE
