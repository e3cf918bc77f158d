"""Reads for the translate view: one page of a document in one language, filtered in the database.

- ``TranslateFilters``: what the URL asks for (``state``, ``q``, ``findings``,
  ``comments``, ``mine``); ``filters_q`` turns it into a ``Q`` on ``Segment``
  that the database evaluates over the whole document.
- ``translate_page(...)`` → ``TranslatePage``: the rows of one page (whole
  blocks, ``translations.paging``), how many rows match in the whole
  document, and, with a filter, the neighbours of each matching row in its
  block as read-only context. A fixed number of queries whatever the size
  of the document; only the page's rows are loaded.
- ``finding_summary(...)``: open errors, warnings, and segments with findings.
- ``locate_segment(document, value)``: a segment by its number in the
  document or its key.

"Untranslated" and the other states mean what the progress figures count
(``selectors.document_progress``): a segment without a ``Translation`` row
is untranslated, a segment joined with the previous one (2:1) is in none of
the states' filters.
"""

from dataclasses import dataclass, field, fields
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from .. import languages
from ..models import CheckFinding, Comment, Document, Segment, Severity, State, Translation, TranslationChange
from ..paging import PAGE_SIZE, PageSlice, next_matching, page_of, segment_numbered, segment_page
from ..search import text_contains_q

SEARCH_MAX_LENGTH = 200


@dataclass(frozen=True)
class TranslateFilters:
    """The filters of the translate view, as the URL carries them; all of them must hold."""

    state: str = ""  # one of State.values, "" for any
    q: str = ""  # searched in the source and the translation, ignoring case
    findings: bool = False  # with open check findings
    comments: bool = False  # with open comments
    mine: bool = False  # changed by the user at some time

    @classmethod
    def from_query(cls, query) -> "TranslateFilters":
        """From a QueryDict; unknown states and other junk are ignored, as a filter form would."""
        state = query.get("state", "")
        return cls(
            state=state if state in State.values else "",
            q=query.get("q", "").strip()[:SEARCH_MAX_LENGTH],
            findings=query.get("findings") == "1",
            comments=query.get("comments") == "1",
            mine=query.get("mine") == "1",
        )

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def params(self) -> dict[str, str]:
        """The URL parameters that say the same (only those that filter)."""
        result = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                result[f.name] = "1" if value is True else value
        return result


def active_segments(document: Document) -> QuerySet[Segment]:
    return Segment.objects.filter(document=document, retired=False)


def state_q(state: str, language: str) -> Q:
    """Segments in ``state`` in ``language``, as the progress figures count them."""
    rows = Translation.objects.filter(segment=OuterRef("pk"), language=language)
    if state == State.UNTRANSLATED:
        # No row, or a row still untranslated that is not part of the previous segment's text.
        return ~Q(Exists(rows.filter(~Q(state=State.UNTRANSLATED) | Q(joined_with_previous=True))))
    return Q(Exists(rows.filter(state=state, joined_with_previous=False)))


def _open_findings(language: str):
    return CheckFinding.objects.filter(language__in=[language, ""], dismissed_at__isnull=True)


def _open_comments(document: Document, language: str):
    # Remarks on the source concern every translator of the segment too.
    return Comment.objects.filter(language__in=[language, document.source_language], resolved=False)


def _changes_by(user, language: str):
    return TranslationChange.objects.filter(language=language, user=user)


def filters_q(filters: TranslateFilters, *, document: Document, language: str, user) -> Q | None:
    """The segments ``filters`` keep, as a condition the database evaluates; None keeps all."""
    conditions = []
    if filters.state:
        conditions.append(state_q(filters.state, language))
    if filters.q:
        conditions.append(text_contains_q(["source_text", languages.text_field(language)], filters.q))
    if filters.findings:
        conditions.append(Q(Exists(_open_findings(language).filter(segment=OuterRef("pk")))))
    if filters.comments:
        conditions.append(Q(Exists(_open_comments(document, language).filter(segment=OuterRef("pk")))))
    if filters.mine:
        conditions.append(Q(Exists(_changes_by(user, language).filter(segment=OuterRef("pk")))))
    return reduce(lambda a, b: a & b, conditions) if conditions else None


def finding_summary(*, document: Document, language: str) -> dict[str, int]:
    """Open findings in ``language`` and in the source: errors, warnings, and segments that have any; one query."""
    counts = _open_findings(language).filter(segment__document=document, segment__retired=False).aggregate(
        error=Count("id", filter=Q(severity=Severity.ERROR)),
        warning=Count("id", filter=Q(severity=Severity.WARNING)),
        segments=Count("segment", distinct=True),
    )
    return {key: value or 0 for key, value in counts.items()}


def locate_segment(document: Document, value: str) -> Segment | None:
    """The active segment ``value`` names: its number in the document (1-based) or its key; one or two queries."""
    value = value.strip().lstrip("#")
    segments = active_segments(document)
    if value.isdigit():
        segment_id = segment_numbered(segments, int(value))
        return segments.select_related("block").filter(pk=segment_id).first() if segment_id else None
    return segments.select_related("block").filter(key=value).first() if value else None


@dataclass
class TranslateRow:
    """One segment beside its translation in one language, as the translate view shows it."""

    segment: Segment
    translation: Translation | None
    text: str
    number: int | None  # in the document, 1-based; None for context rows
    first_in_block: bool = False
    # A neighbour of a matching row, shown read-only so the match reads in its block.
    context: bool = False

    @property
    def state(self) -> str:
        return self.translation.state if self.translation else State.UNTRANSLATED

    @property
    def version(self) -> int:
        return self.translation.version if self.translation else 0


@dataclass
class TranslatePage:
    slice: PageSlice
    filters: TranslateFilters
    rows: list[TranslateRow] = field(default_factory=list)
    # A segment was asked for (?seg=) that the filters leave out: they were dropped.
    filters_dropped: bool = False

    @property
    def last(self) -> int:
        """The 1-based rank of the page's last row among the matching rows."""
        return self.slice.first + len(self.slice.segment_ids)


def _segments_with_blocks(language: str):
    return Segment.objects.select_related("block").only(
        "id", "key", "position", "source_text", "document_id", "retired", "block_id",
        "block__id", "block__position", "block__kind", languages.text_field(language),
    )


def _context_ids(segments: list[Segment]) -> Q | None:
    """The neighbours (same block, one position before or after) of ``segments`` that are not among them."""
    shown = {(segment.block_id, segment.position) for segment in segments}
    wanted: dict[int, set[int]] = {}
    for block_id, position in shown:
        for neighbour in (position - 1, position + 1):
            if neighbour >= 0 and (block_id, neighbour) not in shown:
                wanted.setdefault(block_id, set()).add(neighbour)
    if not wanted:
        return None
    return reduce(or_, (Q(block_id=block_id, position__in=sorted(positions)) for block_id, positions in wanted.items()))


def translate_page(
    *,
    document: Document,
    language: str,
    user,
    filters: TranslateFilters,
    page: int = 1,
    segment: Segment | None = None,
    size: int = PAGE_SIZE,
) -> TranslatePage:
    """Page ``page`` of the rows ``filters`` keep (or the page holding ``segment``), with their translations."""
    languages.validate(language)
    segments = active_segments(document)
    matching = filters_q(filters, document=document, language=language, user=user)
    dropped = False
    slice_ = segment_page(segments, matching=matching, page=page, at=segment, size=size)
    if slice_ is None:  # the segment asked for does not match the filters: show it without them
        filters, matching, dropped = TranslateFilters(), None, True
        slice_ = segment_page(segments, page=page, at=segment, size=size)
    loaded = list(_segments_with_blocks(language).filter(pk__in=slice_.segment_ids))
    context = []
    if filters.active and loaded:
        near = _context_ids(loaded)
        if near is not None:
            context = list(_segments_with_blocks(language).filter(retired=False).filter(near))
    every = sorted(loaded + context, key=lambda s: (s.block.position, s.position))
    translations = {
        row.segment_id: row
        for row in Translation.objects.filter(segment_id__in=[s.pk for s in every], language=language).select_related(
            "changed_by"
        )
    }
    rows, previous_block = [], None
    for segment_ in every:
        rank = slice_.ranks.get(segment_.pk)  # None: a context row
        rows.append(
            TranslateRow(
                segment=segment_,
                translation=translations.get(segment_.pk),
                text=segment_.text_in(language),
                # Ranks among all rows are numbers in the document; ranks among a filter's matches are not.
                number=rank + 1 if rank is not None and not filters.active else None,
                first_in_block=segment_.block_id != previous_block,
                context=rank is None,
            )
        )
        previous_block = segment_.block_id
    return TranslatePage(slice=slice_, filters=filters, rows=rows, filters_dropped=dropped)


@dataclass(frozen=True)
class Found:
    """A row to go to: the segment and the page of the view (under ``filters``) that holds it."""

    segment: Segment
    page: int
    filters: TranslateFilters


def next_row(
    *,
    document: Document,
    language: str,
    user,
    filters: TranslateFilters,
    after: Segment,
    want: str = "",
    size: int = PAGE_SIZE,
) -> Found | None:
    """The next row after ``after`` that the filters keep and that is in state ``want`` (any state, when "").

    With ``want`` the search wraps around to the start of the document and,
    when the filters keep no such row, looks without them (the filters of
    the answer say which). A handful of queries, whatever the document's size.
    """
    segments = active_segments(document)
    after_position = (after.block.position, after.position)
    matching = filters_q(filters, document=document, language=language, user=user)
    wanted = state_q(want, language) if want else None
    both = matching & wanted if matching is not None and wanted is not None else matching or wanted
    found = next_matching(segments, matching=both, after=after_position, wrap=bool(want))
    if found is None and want and matching is not None:
        filters, matching = TranslateFilters(), None
        found = next_matching(segments, matching=wanted, after=after_position, wrap=True)
    if found is None:
        return None
    return Found(segment=found, page=page_of(segments, matching=matching, segment=found, size=size), filters=filters)
