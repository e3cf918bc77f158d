"""Read queries for views, commands and exporters.

Selectors never write. Every query here is independent of document size in
number (counts and rows come back in a fixed number of queries).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from .. import languages
from ..models import Comment, Document, Segment, State, Translation

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


def segments_listed(document: Document, *, codes: list[str], state: str | None = None) -> QuerySet[Segment]:
    """Active segments in reading order, each with its rows in ``codes`` prefetched as ``listed_rows``.

    ``state`` (with exactly one language in ``codes``) keeps the segments in
    that state there, as ``SegmentRow.state`` counts it: "untranslated" means
    no text of its own. Slicing the result (a page) costs the same number of
    queries whatever the page or document size: the page, then its rows.
    """
    for code in codes:
        languages.validate(code)
    segments = (
        Segment.objects.filter(document=document, retired=False)
        .select_related("block")
        .order_by("block__position", "position", "pk")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=Translation.objects.filter(language__in=codes).select_related("changed_by"),
                to_attr="listed_rows",
            )
        )
    )
    if state:
        (code,) = codes
        field_name = languages.text_field(code)
        has_text = ~Q(**{field_name: ""}) & Q(**{f"{field_name}__isnull": False})
        if state == State.UNTRANSLATED:
            return segments.exclude(has_text)
        in_state = Exists(Translation.objects.filter(segment=OuterRef("pk"), language=code, state=state))
        segments = segments.filter(has_text & Q(in_state))
    return segments


def document_progress(documents, codes: list[str] | None = None) -> dict[int, dict[str, LanguageProgress]]:
    """Progress per document id and target language (only ``codes``, when given), in two queries."""
    documents = list(documents)
    rows = Translation.objects.filter(segment__document__in=documents, segment__retired=False)
    if codes is not None:
        # One language of a book: read its rows only (an index on language), not every language's.
        rows = rows.filter(language__in=codes)
    # order_by(): Segment's default ordering (block position, position) would
    # otherwise join the GROUP BY and count every segment as its own group.
    totals = dict(
        Segment.objects.filter(document__in=documents, retired=False)
        .order_by()
        .values_list("document")
        .annotate(n=Count("id"))
        .values_list("document", "n")
    )
    counts: dict[tuple[int, str], dict[str, int]] = {}
    joined: dict[tuple[int, str], int] = {}
    for document_id, language, state, is_joined, n in (
        rows.order_by()
        .values_list("segment__document", "language", "state", "joined_with_previous")
        .annotate(n=Count("id"))
    ):
        if is_joined:
            # A segment joined with the previous one (2:1) is translated as
            # part of it: it is not a segment of its own in that language.
            joined[(document_id, language)] = joined.get((document_id, language), 0) + n
            continue
        per_state = counts.setdefault((document_id, language), {})
        per_state[state] = per_state.get(state, 0) + n
    result: dict[int, dict[str, LanguageProgress]] = {}
    for document in documents:
        per_language = {}
        for code in document.target_languages if codes is None else codes:
            total = totals.get(document.pk, 0) - joined.get((document.pk, code), 0)
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


@dataclass
class TranslateRow:
    """One segment beside its translation in one language, as the translate view shows it."""

    segment: Segment
    translation: Translation | None
    text: str
    first_in_block: bool

    @property
    def state(self) -> str:
        return self.translation.state if self.translation else State.UNTRANSLATED

    @property
    def version(self) -> int:
        return self.translation.version if self.translation else 0


def translate_rows(document: Document, language: str) -> list[TranslateRow]:
    """The document's active segments with their ``language`` translation, in two queries."""
    states = translation_states(document, language)
    rows, previous_block = [], None
    for segment in active_segments(document):
        rows.append(
            TranslateRow(
                segment=segment,
                translation=states.get(segment.pk),
                text=segment.text_in(language),
                first_in_block=segment.block_id != previous_block,
            )
        )
        previous_block = segment.block_id
    return rows


def rows_progress(rows: list[TranslateRow], language: str) -> LanguageProgress:
    """Progress figures of already loaded rows (no query)."""
    states: dict[str, int] = {}
    for row in rows:
        states[row.state] = states.get(row.state, 0) + 1
    return LanguageProgress(
        language=language,
        total=len(rows),
        translated=sum(states.get(state, 0) for state in DONE_STATES),
        approved=states.get(State.APPROVED, 0),
        states=states,
    )


@dataclass(frozen=True, slots=True)
class TranslationInfo:
    state: str
    changed_at: object  # datetime | None
    changed_by: str  # username, "" when nobody (an import, a sample)
    version: int
    # Translated together with the previous segment (2:1): the text is there.
    joined: bool = False


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One active segment as exporters and file imports see it."""

    id: int
    key: str
    source: str
    block: int  # 1-based block number, as people count
    kind: str
    texts: dict[str, str]  # language -> the language's own text ("" when untranslated)
    translations: dict[str, TranslationInfo]  # language -> row; missing means untranslated

    def state(self, language: str) -> str:
        """The state in ``language``; a missing row or an empty text is "untranslated"."""
        info = self.translations.get(language)
        return info.state if info is not None and self.texts.get(language) else State.UNTRANSLATED

    def text(self, language: str) -> str:
        """The text worth exporting: "" while the segment is untranslated in ``language``."""
        return self.texts.get(language, "") if self.state(language) != State.UNTRANSLATED else ""

    def version(self, language: str) -> int:
        """The row's ``Translation.version`` in ``language`` (0: no row yet); exports write it per entry."""
        info = self.translations.get(language)
        return info.version if info is not None else 0

    def joined(self, language: str) -> bool:
        """Translated together with the previous segment (2:1): no text of its own in ``language``."""
        info = self.translations.get(language)
        return info is not None and info.joined and not self.texts.get(language)


def segment_rows(document: Document, language_codes: list[str]) -> list[SegmentRow]:
    """The document's active segments in reading order with text and state per language.

    Two queries whatever the document's size; plain tuples (``values_list``)
    because exporters walk 100,000 segments and model instances would double
    the cost.
    """
    for code in language_codes:
        languages.validate(code)
    text_fields = [languages.text_field(code) for code in language_codes]
    info: dict[int, dict[str, TranslationInfo]] = {}
    for segment_id, language, state, changed_at, username, version, joined in Translation.objects.filter(
        segment__document=document, segment__retired=False, language__in=language_codes
    ).values_list(
        "segment_id", "language", "state", "changed_at", "changed_by__username", "version", "joined_with_previous"
    ):
        info.setdefault(segment_id, {})[language] = TranslationInfo(
            state, changed_at, username or "", version, joined
        )
    rows = []
    empty: dict[str, TranslationInfo] = {}
    for segment_id, key, source, block_position, kind, *texts in (
        Segment.objects.filter(document=document, retired=False)
        .order_by("block__position", "position")
        .values_list("id", "key", "source_text", "block__position", "block__kind", *text_fields)
    ):
        rows.append(
            SegmentRow(
                id=segment_id,
                key=key,
                source=source,
                block=block_position + 1,
                kind=kind,
                texts={code: text or "" for code, text in zip(language_codes, texts)},
                translations=info.get(segment_id, empty),
            )
        )
    return rows


def last_translator(document: Document, language: str):
    """The user who last changed a translation of ``document`` in ``language`` (None if nobody)."""
    row = (
        Translation.objects.filter(segment__document=document, language=language, changed_by__isnull=False)
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
        .first()
    )
    return row.changed_by if row else None


def revision_date(document: Document, language_codes: list[str]):
    """When a translation of ``document`` in these languages last changed (None if never)."""
    return (
        Translation.objects.filter(segment__document=document, language__in=language_codes)
        .exclude(changed_at=None)
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )


def comment_counts(segment_ids: list[int], language_codes: list[str]) -> dict[tuple[int, str], tuple[int, int]]:
    """(all comments, open comments) per (segment id, language) that has any, in one query."""
    return {
        (row["segment_id"], row["language"]): (row["total"], row["open"])
        for row in Comment.objects.filter(segment_id__in=segment_ids, language__in=language_codes)
        .order_by()
        .values("segment_id", "language")
        .annotate(total=Count("id"), open=Count("id", filter=Q(resolved=False)))
    }


def latest_open_comments(segment_ids: list[int], language: str) -> dict[int, Comment]:
    """The newest open comment per segment (a send-back reason, say), in one query."""
    latest: dict[int, Comment] = {}
    for comment in (
        Comment.objects.filter(segment_id__in=segment_ids, language=language, resolved=False)
        .select_related("author")
        .order_by("segment_id", "-created_at", "-id")
    ):
        latest.setdefault(comment.segment_id, comment)
    return latest
