"""Writing translations: text, state, history, optimistic locking.

Every write of a segment in one language goes through ``translation_save`` or
``translation_set_state``. Both bump the ``Translation.version`` with a single
conditional UPDATE (``WHERE version = <expected>``), so two writers that read
the same version can never both win, on SQLite or PostgreSQL; the loser gets
``EditConflict`` carrying the text that beat it. Every accepted write adds a
``TranslationChange`` to the history.

States: a save that does not name a state lets ``state_after_edit`` decide —
a text is *translated* once saved (a draft is only ever an explicit choice),
except that a row waiting for attention (*needs review*, *needs update*) or
already *approved* keeps its state while its text stays the same, and an
empty text is *untranslated*.

``translations_prefill`` fills many untranslated segments at once (repeated
sentences, exact memory matches) through ``translations_save_bulk``; it never
touches a segment that has a text or is joined with the previous one.

``translations_save_bulk`` is ``translation_save`` for thousands of rows of
one document and language at once (aligned imports): the same text, state,
version, provenance, history and memory rules, written per batch of
``BATCH_SIZE`` rows with a fixed number of statements, checks run once per
block at the end. It skips the version test, like ``translation_save``
without ``expected_version``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import languages
from ..models import Document, MemoryEntry, Segment, State, Translation, TranslationChange
from ..selectors.quality import quotation_provenance
from .bulk import rows_update
from .checks import checks_run_for, checks_run_for_blocks
from .memory import memory_record

BATCH_SIZE = 500


@dataclass
class CurrentVersion:
    text: str
    state: str
    version: int
    changed_by: str
    changed_at: datetime | None


class EditConflict(Exception):
    """Somebody saved this segment since the editor loaded it; nothing was written."""

    def __init__(self, current: CurrentVersion):
        self.current = current
        super().__init__(
            _("Conflict: the translation was changed by %(user)s (now version %(version)d).")
            % {"user": current.changed_by or _("someone else"), "version": current.version}
        )


class InvalidTranslation(ValueError):
    """The requested write makes no sense (source language, retired segment, bad state)."""


# States a save without a new text does not end: somebody still has to look,
# or a reviewer already did.
KEPT_WHILE_UNCHANGED = frozenset({State.NEEDS_REVIEW, State.NEEDS_UPDATE, State.APPROVED})


def state_after_edit(*, current_state: str, old_text: str, new_text: str) -> str:
    """The state a save leaves when nobody chose one.

    Saving is how a translator says "done": any text becomes *translated*,
    also a draft saved unchanged. A row sent back (*needs update*), waiting
    for a reviewer (*needs review*) or approved keeps its state as long as its
    text is unchanged: saving it as it was answers nothing.
    """
    if not new_text.strip():
        return State.UNTRANSLATED
    if new_text == old_text and current_state in KEPT_WHILE_UNCHANGED:
        return current_state
    return State.TRANSLATED


def _current(segment: Segment, row: Translation, language: str) -> CurrentVersion:
    text = Segment.objects.filter(pk=segment.pk).values_list(languages.text_field(language), flat=True).first()
    return CurrentVersion(
        text=text or "",
        state=row.state,
        version=row.version,
        changed_by=row.changed_by.get_username() if row.changed_by_id else "",
        changed_at=row.changed_at,
    )


def _validate(segment: Segment, language: str) -> None:
    languages.validate(language)
    if language == segment.document.source_language:
        raise InvalidTranslation(
            _("%(language)s is the source language of %(document)s.")
            % {"language": languages.display_name(language), "document": segment.document.slug}
        )
    if segment.retired:
        raise InvalidTranslation(_("Segment %(key)s is retired.") % {"key": segment.key})


def _lock(segment: Segment, language: str) -> tuple[Translation, str]:
    """The segment's row in ``language`` (created if missing) and its current text, locked until commit.

    Locks are taken in the order the importer takes them (segment, then its
    translations), so a save running during a re-import waits instead of
    deadlocking. The segment lock also serialises saves of one segment in
    different languages, which all rewrite the same segment row.
    """
    # no_key: FOR NO KEY UPDATE still serialises writers of this row but,
    # unlike FOR UPDATE, lets other transactions insert rows that point at it
    # (history, findings of the neighbouring sentences), which otherwise
    # deadlocked concurrent saves in one block on PostgreSQL.
    text = (
        Segment.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk=segment.pk)
        .order_by()  # the default ordering joins (and would lock) the block
        .values_list(languages.text_field(language), flat=True)
        .get()
    )
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the outer
    # join that select_related("changed_by") adds.
    rows = Translation.objects.select_for_update(of=("self",)).select_related("changed_by")
    row = rows.filter(segment=segment, language=language).first()
    if row is None:
        # INSERT … ON CONFLICT DO NOTHING: of two first saves of one segment
        # neither fails on the unique constraint; both then lock the one row.
        Translation.objects.bulk_create([Translation(segment=segment, language=language)], ignore_conflicts=True)
        row = rows.get(segment=segment, language=language)
    return row, text or ""


def translation_save(
    *,
    segment: Segment,
    language: str,
    text: str | None,
    user=None,
    state: str | None = None,
    expected_version: int | None = None,
    provenance: str | None = None,
    confidence: float | None = None,
    action: str = TranslationChange.Action.EDIT,
) -> Translation:
    """Write ``text`` (and ``state``) for ``segment`` in ``language``.

    ``expected_version`` is the version the editor loaded; ``None`` skips the
    check (imports that decide overwrites themselves). ``text=None`` keeps the
    current text (a state change). Without ``state``, ``state_after_edit``
    decides (translated, kept, or untranslated when empty).
    """
    _validate(segment, language)
    if state is not None and state not in State.values:
        raise InvalidTranslation(_("Unknown state “%(state)s”.") % {"state": state})
    field_name = languages.text_field(language)
    with transaction.atomic():
        row, old_text = _lock(segment, language)
        loaded = row.version if expected_version is None else expected_version
        old_state = row.state
        if text is None:
            text = old_text
        if state is None:
            state = state_after_edit(current_state=old_state, old_text=old_text, new_text=text)
        if not text.strip() and state != State.UNTRANSLATED:
            raise InvalidTranslation(_("An empty translation can only be untranslated."))
        now = timezone.now()
        updates = {"version": F("version") + 1, "state": state, "changed_at": now, "changed_by": user}
        if provenance is not None:
            updates["provenance"] = provenance
        elif not row.provenance:
            # Inside a registered quotation: relayed or from the original, by its policy.
            updates["provenance"] = quotation_provenance(segment, language)
        if confidence is not None:
            updates["confidence"] = confidence
        if text.strip():
            # A segment with a text of its own is no longer covered by the previous one (2:1).
            updates["joined_with_previous"] = False
        # The version test and the write are one statement: a concurrent
        # writer that read the same version finds zero rows here.
        if not Translation.objects.filter(pk=row.pk, version=loaded).update(**updates):
            row.refresh_from_db()
            raise EditConflict(_current(segment, row, language))
        Segment.objects.filter(pk=segment.pk).update(**{field_name: text})
        setattr(segment, field_name, text)
        # What the UPDATE wrote, without reading it back: the row is locked.
        for name, value in updates.items():
            setattr(row, name, value)
        row.version = loaded + 1
        TranslationChange.objects.create(
            segment=segment,
            language=language,
            user=user,
            action=action,
            old_text=old_text,
            new_text=text,
            old_state=old_state,
            new_state=state,
            version=row.version,
        )
        # Quality follows every write, in the same transaction: findings describe
        # the saved text, and the memory holds exactly the approved translations.
        checks_run_for(segment=segment, language=language)
        memory_record(segment=segment, language=language, state=state, text=text)
    return row


def translation_set_state(
    *,
    segment: Segment,
    language: str,
    state: str,
    user=None,
    expected_version: int | None = None,
) -> Translation:
    """Change only the state (approve, send back for review …), keeping the text."""
    return translation_save(
        segment=segment,
        language=language,
        text=None,
        user=user,
        state=state,
        expected_version=expected_version,
        action=TranslationChange.Action.STATE,
    )


def translation_revert(*, change: TranslationChange, user=None) -> Translation:
    """Restore the text and state a history entry replaced, as a new history entry."""
    segment = change.segment
    state = change.old_state or None
    if not change.old_text.strip():
        state = State.UNTRANSLATED
    return translation_save(
        segment=segment,
        language=change.language,
        text=change.old_text,
        user=user,
        state=state,
        action=TranslationChange.Action.REVERT,
    )


@dataclass
class PlannedWrite:
    """One row of a bulk save: the segment's new text and state in the language being written."""

    segment: Segment
    text: str
    state: str
    confidence: float | None = None
    joined_with_previous: bool = False


def translations_save_bulk(
    *,
    document: Document,
    language: str,
    writes: list[PlannedWrite],
    provenance: str,
    user=None,
    action: str = TranslationChange.Action.EDIT,
) -> int:
    """Write every ``PlannedWrite`` in ``language``; returns how many rows were written.

    Per batch: one query locks the segments and reads their old text, one
    locks their translation rows, then bulk writes of the texts, the rows, the
    history and the memory. Locks are taken in ``translation_save``'s order
    (segments, then translations), so a concurrent save waits, never deadlocks.
    """
    languages.validate(language)
    if language == document.source_language:
        raise InvalidTranslation(
            _("%(language)s is the source language of %(document)s.")
            % {"language": languages.display_name(language), "document": document.slug}
        )
    field_name = languages.text_field(language)
    user = user if getattr(user, "pk", None) else None
    now = timezone.now()
    blocks: set[int] = set()
    with transaction.atomic():
        for offset in range(0, len(writes), BATCH_SIZE):
            batch = writes[offset : offset + BATCH_SIZE]
            ids = [write.segment.pk for write in batch]
            old_texts = dict(
                Segment.objects.select_for_update(no_key=True, of=("self",))
                .filter(pk__in=ids, document=document, retired=False)
                .order_by("pk")
                .values_list("pk", field_name)
            )
            rows = {
                row.segment_id: row
                for row in Translation.objects.select_for_update(of=("self",)).filter(
                    segment_id__in=ids, language=language
                )
            }
            created: list[Translation] = []
            history: list[TranslationChange] = []
            for write in batch:
                segment = write.segment
                if segment.pk not in old_texts:
                    raise InvalidTranslation(_("Segment %(key)s is retired.") % {"key": segment.key})
                if write.state not in State.values:
                    raise InvalidTranslation(_("Unknown state “%(state)s”.") % {"state": write.state})
                if not write.text.strip() and write.state != State.UNTRANSLATED:
                    raise InvalidTranslation(_("An empty translation can only be untranslated."))
                row = rows.get(segment.pk)
                if row is None:
                    row = Translation(segment_id=segment.pk, language=language)
                    created.append(row)
                old_state = row.state
                row.version += 1
                row.state, row.changed_at, row.changed_by = write.state, now, user
                row.provenance = provenance
                if write.confidence is not None:
                    row.confidence = write.confidence
                row.joined_with_previous = write.joined_with_previous
                setattr(segment, field_name, write.text)
                history.append(
                    TranslationChange(
                        segment_id=segment.pk,
                        language=language,
                        user=user,
                        action=action,
                        old_text=old_texts[segment.pk] or "",
                        new_text=write.text,
                        old_state=old_state,
                        new_state=write.state,
                        version=row.version,
                    )
                )
                blocks.add(segment.block_id)
            rows_update([write.segment for write in batch], [field_name])
            Translation.objects.bulk_create(created)
            rows_update(
                rows.values(),
                ["state", "version", "changed_at", "changed_by", "provenance", "confidence", "joined_with_previous"],
            )
            TranslationChange.objects.bulk_create(history)
            # The memory holds exactly the approved translations (approving in bulk is rare: one call each).
            approved = {write.segment.pk for write in batch if write.state == State.APPROVED and write.text.strip()}
            for write in batch:
                if write.segment.pk in approved:
                    memory_record(segment=write.segment, language=language, state=write.state, text=write.text)
            MemoryEntry.objects.filter(
                segment_id__in=[pk for pk in ids if pk not in approved], target_language=language
            ).delete()
        checks_run_for_blocks(document=document, block_ids=blocks, language=language)
    return len(writes)


PREFILL_STATES = frozenset({State.DRAFT, State.NEEDS_REVIEW, State.TRANSLATED})


def translations_prefill(
    *,
    segments: list[Segment],
    language: str,
    texts: dict[int, str],
    state: str,
    provenance: str,
    user=None,
) -> list[Segment]:
    """Give each still untranslated segment of ``segments`` its text from ``texts`` (by segment id).

    Returns the segments written. A segment that has a text in ``language``
    by the time its lock is taken, or is joined with the previous one (2:1),
    is left alone, so a prefill never overwrites anybody's work. Never
    approves (``state`` is one of ``PREFILL_STATES``). The segments may
    belong to several documents; each document's share is one
    ``translations_save_bulk`` (a fixed number of statements per batch).
    """
    if state not in PREFILL_STATES:
        raise InvalidTranslation(_("Unknown state “%(state)s”.") % {"state": state})
    languages.validate(language)
    field_name = languages.text_field(language)
    candidates = [segment for segment in segments if (texts.get(segment.pk) or "").strip()]
    written: list[Segment] = []
    if not candidates:
        return written
    with transaction.atomic():
        empty: set[int] = set()
        for offset in range(0, len(candidates), BATCH_SIZE):
            ids = [segment.pk for segment in candidates[offset : offset + BATCH_SIZE]]
            # Locked before deciding, in translation_save's order: nobody fills them meanwhile.
            locked = (
                Segment.objects.select_for_update(no_key=True, of=("self",))
                .filter(pk__in=ids, retired=False)
                .order_by("pk")
                .values_list("pk", field_name)
            )
            joined = set(
                Translation.objects.filter(
                    segment_id__in=ids, language=language, joined_with_previous=True
                ).values_list("segment_id", flat=True)
            )
            empty |= {pk for pk, text in locked if not (text or "").strip() and pk not in joined}
        fill = [segment for segment in candidates if segment.pk in empty]
        by_document: dict[int, list[Segment]] = {}
        for segment in fill:
            by_document.setdefault(segment.document_id, []).append(segment)
        for document in Document.objects.filter(pk__in=by_document):
            if document.source_language == language:
                continue
            share = by_document[document.pk]
            translations_save_bulk(
                document=document,
                language=language,
                writes=[PlannedWrite(segment=segment, text=texts[segment.pk].strip(), state=state) for segment in share],
                provenance=provenance,
                user=user,
            )
            written += share
    return written
