"""Running the quality checks and storing their findings; dismissing a finding.

- ``checks_run_for(segment=, language=)`` re-checks the segment's whole block
  in one language (the source language, or "", runs the source checks).
  ``translation_save`` calls it after every write, inside its transaction, so
  findings always describe the saved text. The whole block, because a
  quotation mark opened in one sentence may be closed by the next.
- ``checks_run_document(document=, languages=)`` checks a document in bulk in
  a fixed number of queries per language (``manage.py check_translations``).
- ``checks_run_blocks(document=, block_ids=, source=)`` re-checks some
  blocks in every language translated (or with findings) there, and their
  source with ``source=True``: after a re-import, or a source split or merge
  on the review page, changed their sentences.
- ``checks_deferred()`` postpones the per-save runs of a bulk write to its
  end, one run per block and language, batched: a few queries per
  ``BLOCK_BATCH`` blocks, not per block.
- ``checks_run_for_blocks(document=, block_ids=, language=)`` is
  ``checks_run_for`` for many blocks at once (bulk saves).
- ``finding_dismiss(finding=, user=, reason=)`` / ``finding_restore``.

Storing is idempotent: a finding that is found again is left as it was —
including its dismissal, as long as the message (the problem) is the same.
A changed problem shows again; a problem that is gone is deleted.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import permissions
from ..checks import Unit, registry
from ..glossary import terms_in
from ..models import Block, CheckFinding, Document, Segment, Severity, Translation
from ..selectors.quality import glossary_for, quotations_by_segment

logger = logging.getLogger(__name__)

_deferred: ContextVar[set | None] = ContextVar("checks_deferred", default=None)
# Blocks checked together: one lock, one read of segments and findings, one write per batch.
BLOCK_BATCH = 500


@dataclass
class CheckReport:
    document: Document
    languages: list[str] = field(default_factory=list)
    # (language or "", severity) -> open findings; dismissed ones separately.
    open: Counter = field(default_factory=Counter)
    dismissed: Counter = field(default_factory=Counter)
    by_check: Counter = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return sum(n for (_lang, severity), n in self.open.items() if severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(n for (_lang, severity), n in self.open.items() if severity == Severity.WARNING)


def _units(segments: list[Segment], document: Document, language: str) -> dict[int, list[Unit]]:
    """The checks' view of ``segments``, grouped by block in reading order."""
    source_language = document.source_language
    is_source = language in ("", source_language)
    terms = [] if is_source else glossary_for(source_language, language)
    quoted = {} if is_source else quotations_by_segment(document, language, segments)
    blocks: dict[int, list[Unit]] = defaultdict(list)
    for segment in sorted(segments, key=lambda s: (s.block.position, s.position)):
        blocks[segment.block_id].append(
            Unit(
                segment_id=segment.pk,
                key=segment.key,
                source=segment.source_text,
                target="" if is_source else segment.text_in(language),
                source_language=source_language,
                language="" if is_source else language,
                block_kind=segment.block.kind,
                glossary=[match.term for match in terms_in(segment.source_text, terms)] if terms else [],
                quotation=quoted.get(segment.pk),
            )
        )
    return blocks


def _evaluate(blocks: dict[int, list[Unit]], is_source: bool) -> dict[tuple[int, str], tuple[str, str]]:
    checks = registry.source_checks() if is_source else registry.target_checks()
    found = {}
    # Messages are stored, and a stored message is the finding's identity: a
    # dismissal lasts while the message stays the same. So they are written in
    # one language (the site's), never in whichever interface language the
    # person saving happens to use.
    with translation.override(settings.LANGUAGE_CODE):
        for units in blocks.values():
            _evaluate_block(checks, units, found)
    return found


def _evaluate_block(checks, units: list[Unit], found: dict) -> None:
    for check in checks:
        try:
            results = check.check_block(units)
        except Exception:
            # Checks run inside every save: a bug in one check must cost
            # its finding, never the translator's text.
            logger.exception("check %s failed on segment %s", check.check_id, units[0].key if units else "?")
            continue
        for segment_id, message in results.items():
            found[(segment_id, check.check_id)] = (check.severity, message)


def _store(found: dict[tuple[int, str], tuple[str, str]], existing: QuerySet, language: str) -> list[CheckFinding]:
    """Make the stored findings in ``existing`` equal ``found``, keeping what did not change."""
    kept, stale, changed = [], [], []
    remaining = dict(found)
    for finding in existing:
        new = remaining.pop((finding.segment_id, finding.check_id), None)
        if new is None:
            stale.append(finding.pk)
        elif new == (finding.severity, finding.message):
            kept.append(finding)
        else:
            finding.severity, finding.message = new
            finding.dismissed_by, finding.dismissed_at, finding.dismissed_reason = None, None, ""
            changed.append(finding)
    if stale:
        CheckFinding.objects.filter(pk__in=stale).delete()
    if changed:
        CheckFinding.objects.bulk_update(
            changed, ["severity", "message", "dismissed_by", "dismissed_at", "dismissed_reason"]
        )
    created = CheckFinding.objects.bulk_create(
        [
            CheckFinding(segment_id=segment_id, language=language, check_id=check_id, severity=severity, message=message)
            for (segment_id, check_id), (severity, message) in remaining.items()
        ]
    )
    return kept + changed + created


def _run_block(block_id: int, document: Document, language: str) -> list[CheckFinding]:
    return _run_blocks([block_id], document, language)


def _run_blocks(block_ids: list[int], document: Document, language: str) -> list[CheckFinding]:
    """Re-check ``block_ids`` in one language, ``BLOCK_BATCH`` blocks per round of queries."""
    is_source = language in ("", document.source_language)
    stored_language = "" if is_source else language
    stored: list[CheckFinding] = []
    ordered = sorted(set(block_ids))
    for offset in range(0, len(ordered), BLOCK_BATCH):
        batch = ordered[offset : offset + BLOCK_BATCH]
        # One checker per block at a time: two saves in one block rewrite the same
        # findings rows, and without this lock they could do so in opposite orders.
        # order_by(): Block's default ordering joins the document, which would be locked too;
        # by pk, so that two checkers lock blocks in the same order.
        list(
            Block.objects.select_for_update(no_key=True, of=("self",))
            .filter(pk__in=batch)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        segments = list(Segment.objects.filter(block_id__in=batch, retired=False).select_related("block"))
        found = _evaluate(_units(segments, document, language), is_source)
        existing = CheckFinding.objects.filter(segment__block_id__in=batch, language=stored_language)
        stored += _store(found, existing, stored_language)
    return stored


def checks_run_for(*, segment: Segment, language: str) -> list[CheckFinding]:
    """Re-check ``segment``'s block in ``language``; returns the block's findings (none while deferred)."""
    pending = _deferred.get()
    if pending is not None:
        pending.add((segment.block_id, segment.document_id, language))
        return []
    with transaction.atomic():
        return _run_block(segment.block_id, segment.document, language)


def checks_run_for_blocks(*, document: Document, block_ids: Iterable[int], language: str) -> None:
    """``checks_run_for`` for the segments of many blocks in one language (noted only while deferred)."""
    pending = _deferred.get()
    if pending is not None:
        pending.update((block_id, document.pk, language) for block_id in block_ids)
        return
    with transaction.atomic():
        _run_blocks(list(block_ids), document, language)


@contextmanager
def checks_deferred():
    """Within this block, ``checks_run_for`` only notes what to check; all runs happen at the end.

    For bulk writes (imports): one run per block and language instead of one per save.
    """
    if _deferred.get() is not None:  # nested: the outer block runs them
        yield
        return
    token = _deferred.set(set())
    try:
        yield
        pending = _deferred.get()
    finally:
        _deferred.reset(token)
    documents = {pk: Document.objects.get(pk=pk) for pk in {document_id for _b, document_id, _l in pending}}
    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for block_id, document_id, language in pending:
        grouped[(document_id, language)].append(block_id)
    with transaction.atomic():
        for (document_id, language), block_ids in sorted(grouped.items()):
            _run_blocks(block_ids, documents[document_id], language)


def checks_run_document(
    *,
    document: Document,
    languages: list[str] | None = None,
    source: bool = True,
    progress: Callable[[Iterable, str], Iterable] | None = None,
) -> CheckReport:
    """Check every active segment of ``document``: the source, then each target language.

    ``languages`` defaults to the document's target languages. ``progress``
    wraps the per-language iteration over blocks (e.g. with tqdm).
    """
    targets = list(languages) if languages is not None else document.target_languages
    report = CheckReport(document=document, languages=targets)
    # Block by block in batches: memory and each query stay bounded, whatever the document's length.
    block_ids = list(
        Block.objects.filter(document=document, retired=False).order_by("position").values_list("pk", flat=True)
    )
    runs = ([""] if source else []) + [code for code in targets if code != document.source_language]
    for language in runs:
        iterated = progress(block_ids, language or "source") if progress is not None else block_ids
        with transaction.atomic():
            for batch in _batches(iterated, BLOCK_BATCH):
                segments = list(Segment.objects.filter(block_id__in=batch, retired=False).select_related("block"))
                active = {segment.pk for segment in segments}
                existing = CheckFinding.objects.filter(segment__block_id__in=batch, language=language)
                found = _evaluate(_units(segments, document, language), is_source=not language)
                stored = _store(found, existing, language)
                for finding in stored:
                    if finding.segment_id not in active:
                        continue
                    if finding.dismissed:
                        report.dismissed[(language, finding.severity)] += 1
                    else:
                        report.open[(language, finding.severity)] += 1
                        report.by_check[finding.check_id] += 1
            # Findings of what is no longer in the text (retired segments and blocks) describe nothing.
            CheckFinding.objects.filter(segment__document=document, language=language).exclude(
                segment__block_id__in=Block.objects.filter(document=document, retired=False).values("pk"),
                segment__retired=False,
            ).delete()
    return report


def _batches(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def checks_run_blocks(*, document: Document, block_ids: Iterable[int], source: bool = False) -> None:
    """Re-check ``block_ids`` in every language that has translations or findings there (and the source's
    checks with ``source``): after their source sentences changed, moved, were split or merged."""
    block_ids = sorted(set(block_ids))
    if not block_ids:
        return
    codes = set(
        Translation.objects.filter(segment__block_id__in=block_ids).values_list("language", flat=True).distinct()
    ) | set(
        CheckFinding.objects.filter(segment__block_id__in=block_ids)
        .exclude(language="")
        .values_list("language", flat=True)
        .distinct()
    )
    codes.discard(document.source_language)
    with transaction.atomic():
        for language in ([""] if source else []) + sorted(codes):
            _run_blocks(block_ids, document, language)


def finding_dismiss(*, finding: CheckFinding, user, reason: str) -> CheckFinding:
    """Mark ``finding`` as accepted, saying why: a reviewer of its language (``permissions.may_dismiss_finding``)."""
    if not permissions.may_dismiss_finding(user, finding):
        raise PermissionDenied(_("Only a reviewer of this language may dismiss its findings."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the finding is dismissed."), code="reason_required")
    with transaction.atomic():
        finding.dismissed_by, finding.dismissed_at, finding.dismissed_reason = user, timezone.now(), reason
        finding.save(update_fields=["dismissed_by", "dismissed_at", "dismissed_reason"])
    return finding


def finding_restore(*, finding: CheckFinding, user) -> CheckFinding:
    """Undo a dismissal: the finding counts again."""
    if not permissions.may_dismiss_finding(user, finding):
        raise PermissionDenied(_("Only a reviewer of this language may restore its findings."))
    with transaction.atomic():
        finding.dismissed_by, finding.dismissed_at, finding.dismissed_reason = None, None, ""
        finding.save(update_fields=["dismissed_by", "dismissed_at", "dismissed_reason"])
    return finding
