"""Reads for the review page: one page of aligned rows in a fixed number of queries.

A page is a run of whole blocks: at most ``BLOCKS_PER_PAGE`` blocks and at
most ``ROWS_PER_PAGE`` rows (a single larger block gets a page of its own).
With a filter, only the matching rows count and blocks without one are
skipped. The number of queries depends on the number of languages shown,
never on the size of the document; what the page holds is bounded by the page
size.

Texts are read from each language's own column (``languages.text_field``),
never through modeltranslation's fallback.

Each cell carries its open check findings (``CheckFinding``; the source cell
those of the source text), read for the whole page in one query; the page
carries the open findings per language for the whole document and the
latest aligned import per language (one query each).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..checks.counts import errors_and_warnings, errors_text, warnings_text
from ..flags import LowConfidence, flag_reasons, flagged_q
from ..models import AlignmentEdit, AlignmentRun, CheckFinding, Comment, Document, Segment, Severity, State, Translation
from ..permissions import can_review, can_translate
from . import LanguageProgress, comment_counts, document_progress
from .quality import findings_for_segments

BLOCKS_PER_PAGE = 50
ROWS_PER_PAGE = 120

FILTERS = {
    "": _("all segments"),
    "untranslated": _("untranslated"),
    "needs_review": _("needs review"),
    "needs_update": _("needs update"),
    "flagged": _("flagged"),
    "doubtful": _("doubtful alignment"),
}


class UnknownFilter(ValueError):
    pass


def _has_state(code: str, state: str) -> Q:
    return Q(Exists(Translation.objects.filter(segment=OuterRef("pk"), language=code, state=state)))


def _untranslated(code: str) -> Q:
    field_name = languages.text_field(code)
    joined = Exists(Translation.objects.filter(segment=OuterRef("pk"), language=code, joined_with_previous=True))
    return (Q(**{field_name: ""}) | Q(**{f"{field_name}__isnull": True})) & ~Q(joined)


def filter_q(filter_id: str, codes: list[str]) -> Q | None:
    """Rows matching ``filter_id`` in any of ``codes``; None for "all"."""
    if filter_id not in FILTERS:
        raise UnknownFilter(f"unknown filter {filter_id!r}; use one of {', '.join(f for f in FILTERS if f)}")
    if not filter_id:
        return None
    per_language = {
        "untranslated": _untranslated,
        "needs_review": lambda code: _has_state(code, State.NEEDS_REVIEW),
        "needs_update": lambda code: _has_state(code, State.NEEDS_UPDATE),
        "flagged": flagged_q,
        "doubtful": LowConfidence().segment_q,
    }[filter_id]
    condition = Q(pk__in=[])
    for code in codes:
        condition |= per_language(code)
    return condition


@dataclass
class Cell:
    language: str
    text: str
    state: str = State.UNTRANSLATED
    version: int = 0
    joined: bool = False
    comments: int = 0
    open_comments: int = 0
    flags: list[str] = field(default_factory=list)
    findings: list[CheckFinding] = field(default_factory=list)  # open ones, errors first
    can_review: bool = False
    can_translate: bool = False

    @property
    def can_realign(self) -> bool:
        """Whether to offer the move/join buttons: an approved row needs a reviewer (``permissions.alignment_check``).

        The neighbour a move or join also touches is checked by the service when it runs.
        """
        return self.can_translate and (self.state != State.APPROVED or self.can_review)

    @property
    def findings_severity(self) -> str:
        """The worst severity among the open findings ("" without findings), for the cell's colour."""
        return self.findings[0].severity if self.findings else ""

    @property
    def findings_label(self) -> str:
        errors = sum(finding.severity == Severity.ERROR for finding in self.findings)
        warnings = len(self.findings) - errors
        if errors and warnings:
            return errors_and_warnings(errors, warnings)
        if errors:
            return errors_text(errors)
        return warnings_text(warnings) if warnings else ""

    @property
    def doubtful(self) -> bool:
        """The aligner was unsure of this cell's bead (marked, and reached by "next doubtful")."""
        return str(LowConfidence.name) in self.flags

    @property
    def direction(self) -> str:
        return languages.direction(self.language)

    @property
    def state_label(self) -> str:
        return str(_("joined with previous")) if self.joined else State(self.state).label

    @property
    def css_state(self) -> str:
        return "joined" if self.joined else self.state

    @property
    def reviewable(self) -> bool:
        return bool(self.text.strip()) and not self.joined


@dataclass
class Row:
    segment: Segment
    source: Cell
    cells: list[Cell]
    first_in_block: bool
    last_in_block: bool


@dataclass
class BlockGroup:
    block_id: int
    number: int  # 1-based, as people count paragraphs
    kind: str
    kind_label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class ReviewPage:
    document: Document
    source_language: str
    languages: list[str]
    filter_id: str
    page: int
    page_count: int
    rows_total: int
    groups: list[BlockGroup]
    progress: dict[str, LanguageProgress]
    recent_edits: list[AlignmentEdit]
    # Open findings of the whole document per language ("" for the source's).
    finding_totals: dict[str, int] = field(default_factory=dict)
    # The latest aligned import per language shown, if any.
    alignment_runs: dict[str, AlignmentRun] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def rows(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def _plan(counts: list[tuple[int, int]], *, blocks_per_page: int, rows_per_page: int) -> list[list[int]]:
    """Group (block id, row count) pairs, in order, into pages of whole blocks."""
    pages: list[list[int]] = []
    current: list[int] = []
    rows = 0
    for block_id, n in counts:
        if current and (len(current) >= blocks_per_page or rows + n > rows_per_page):
            pages.append(current)
            current, rows = [], 0
        current.append(block_id)
        rows += n
    if current:
        pages.append(current)
    return pages


def review_page(
    *,
    document: Document,
    codes: list[str],
    user,
    filter_id: str = "",
    page: int = 1,
    blocks_per_page: int = BLOCKS_PER_PAGE,
    rows_per_page: int = ROWS_PER_PAGE,
) -> ReviewPage:
    """Page ``page`` (1-based, clamped to the pages there are) of the review of ``codes`` beside the source."""
    for code in codes:
        languages.validate(code)
    matching = filter_q(filter_id, codes)
    active = Segment.objects.filter(document=document, retired=False, block__retired=False)
    if matching is not None:
        active = active.filter(matching)

    counts = list(
        active.values_list("block_id", "block__position")
        .annotate(n=Count("id"))
        .order_by("block__position")
        .values_list("block_id", "n")
    )
    pages = _plan(counts, blocks_per_page=blocks_per_page, rows_per_page=rows_per_page)
    page = min(max(page, 1), max(len(pages), 1))
    block_ids = pages[page - 1] if pages else []

    source = document.source_language
    text_fields = [languages.text_field(code) for code in codes]
    block_segments = Segment.objects.filter(block=OuterRef("block"), retired=False)
    segments = list(
        active.filter(block_id__in=block_ids)
        .select_related("block")
        .only("id", "key", "position", "source_text", "document_id", "block__id", "block__position", "block__kind",
              *text_fields)
        .annotate(
            block_first=Subquery(block_segments.order_by("position").values("position")[:1]),
            block_last=Subquery(block_segments.order_by("-position").values("position")[:1]),
        )
        .order_by("block__position", "position")
    )
    ids = [segment.pk for segment in segments]

    rows_by_cell = {
        (segment_id, language): (state, version, joined)
        for segment_id, language, state, version, joined in Translation.objects.filter(
            segment_id__in=ids, language__in=codes
        ).values_list("segment_id", "language", "state", "version", "joined_with_previous")
    }
    comment_totals = comment_counts(ids, [source, *codes])
    flags = {code: flag_reasons(ids, code) for code in codes}
    findings: dict[tuple[int, str], list[CheckFinding]] = {}
    for segment_id, found in findings_for_segments(ids, ["", *codes]).items():
        for finding in found:
            findings.setdefault((segment_id, finding.language), []).append(finding)
    reviewer = {code: can_review(user, code) for code in codes}
    translator = {code: can_translate(user, code) for code in codes}

    groups: list[BlockGroup] = []
    for segment in segments:
        if not groups or groups[-1].block_id != segment.block_id:
            block = segment.block
            groups.append(BlockGroup(block.pk, block.position + 1, block.kind, block.get_kind_display()))
        cells = []
        for code in codes:
            state, version, joined = rows_by_cell.get((segment.pk, code), (State.UNTRANSLATED, 0, False))
            total, open_ = comment_totals.get((segment.pk, code), (0, 0))
            cells.append(
                Cell(
                    language=code,
                    text=segment.text_in(code),
                    state=state,
                    version=version,
                    joined=joined,
                    comments=total,
                    open_comments=open_,
                    flags=flags[code].get(segment.pk, []),
                    findings=findings.get((segment.pk, code), []),
                    can_review=reviewer[code],
                    can_translate=translator[code],
                )
            )
        total, open_ = comment_totals.get((segment.pk, source), (0, 0))
        groups[-1].rows.append(
            Row(
                segment=segment,
                source=Cell(
                    language=source,
                    text=segment.source_text,
                    comments=total,
                    open_comments=open_,
                    findings=findings.get((segment.pk, ""), []),
                ),
                cells=cells,
                first_in_block=segment.position == segment.block_first,
                last_in_block=segment.position == segment.block_last,
            )
        )

    return ReviewPage(
        document=document,
        source_language=source,
        languages=list(codes),
        filter_id=filter_id,
        page=page,
        page_count=len(pages),
        rows_total=sum(n for _block, n in counts),
        groups=groups,
        progress=document_progress([document]).get(document.pk, {}),
        recent_edits=list(
            AlignmentEdit.objects.filter(document=document, undone_at=None).select_related("user")[:8]
        ),
        finding_totals=_finding_totals(document, codes),
        alignment_runs=_latest_alignment_runs(document, codes),
    )


def _finding_totals(document: Document, codes: list[str]) -> dict[str, int]:
    totals = dict(
        CheckFinding.objects.filter(
            segment__document=document, segment__retired=False, language__in=["", *codes], dismissed_at__isnull=True
        )
        .order_by()
        .values_list("language")
        .annotate(n=Count("id"))
        .values_list("language", "n")
    )
    return {code: totals.get(code, 0) for code in ["", *codes]}


def _latest_alignment_runs(document: Document, codes: list[str]) -> dict[str, AlignmentRun]:
    latest: dict[str, AlignmentRun] = {}
    # Without the map (a PNG per run): only which run to link to.
    for run in AlignmentRun.objects.filter(document=document, language__in=codes).only(
        "id", "language", "source_name", "created_at"
    ):  # newest first (Meta.ordering)
        latest.setdefault(run.language, run)
    return latest


def comment_thread(*, segment: Segment, language: str) -> list[Comment]:
    return list(Comment.objects.filter(segment=segment, language=language).select_related("author", "resolved_by"))
