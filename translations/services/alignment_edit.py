"""Alignment editing on the review page: target sentence moves, 2:1 joins,
source splits and merges — each recorded and undoable.

Contract (every function here):

- keyword-only arguments, one ``transaction.atomic`` each, the document row
  locked so that alignment edits of one document run one after the other;
- **no text is ever lost or duplicated**: in the source, the concatenation of
  ``source_text + separator`` over the document is unchanged; in every target
  language the document's text, read segment by segment in order, keeps every
  non-whitespace character exactly once and in order (sentences are re-joined
  with ``languages.sentence_separator``, so only whitespace between them may
  change);
- every change of a target's text or state goes through
  ``translation_save`` (history action "alignment"), and the edit itself is an
  ``AlignmentEdit`` holding snapshots of the affected segments before and
  after;
- ``alignment_undo`` restores the exact previous segmentation, keys, texts,
  states and 2:1 marks, but only while the affected segments still look
  exactly as the edit left them (``UndoConflict`` otherwise), so an undo never
  overwrites somebody's later work. Undoing the most recent edits first always
  works.

Permissions: every function checks ``user`` through ``translations.permissions``
inside its transaction, on the rows it has locked, before writing: moving or
joining target sentences (and undoing that) is ``alignment_check`` — the
language's translation rights, and review rights when a touched row is
approved or an undo would make it approved again; splitting and merging the
source (and undoing that) is ``source_edit_check`` (editors). ``user=None``
is a trusted caller (a command, a test) and is not checked.

**2:1 representation.** A target translation that covers two source segments
lives entirely on the first of them; the second has an empty text, the state
"untranslated" and ``Translation.joined_with_previous = True``. Moving a
sentence into a joined segment (``alignment_move_last_to_next``) clears the
mark again.

**States.** A text that an edit changes keeps the weaker of the states of the
texts it came from (needs update < draft < translated < needs review <
approved), except that "approved" becomes "needs review": nobody approved the
new text. A text that becomes empty is "untranslated". Both parts of a split
source segment need review.
"""

import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import languages, permissions
from ..models import AlignmentEdit, Comment, Document, Segment, State, Translation, TranslationChange
from ..segmentation import split_sentences
from .checks import checks_run_blocks
from .documents import segment_key
from .translations import translation_save

Operation = AlignmentEdit.Operation

# Weakest first: merging texts keeps the weakest of their states.
_STATE_RANK = [State.NEEDS_UPDATE, State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED]


class AlignmentError(ValueError):
    """The edit cannot be made (nothing to move, no neighbour, bad offset); nothing was changed."""


class UndoConflict(AlignmentError):
    """The segments changed after the edit; undoing it would overwrite that work."""


@dataclass
class _Target:
    """A segment in one target language, as the edit reads and writes it."""

    text: str
    state: str
    joined: bool
    provenance: str = ""
    confidence: float | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()


# --- reading ----------------------------------------------------------------


def _check_target_edit(user, code: str, targets: list[_Target]) -> None:
    """``permissions.alignment_check`` on the rows a target edit is about to rewrite (None: trusted caller)."""
    if user is not None:
        permissions.alignment_check(user, code, states=[target.state for target in targets])


def _locked_document(document: Document) -> Document:
    return Document.objects.select_for_update(no_key=True).get(pk=document.pk)


def _fresh(segment: Segment) -> Segment:
    """The segment re-read inside the transaction (with its document, as translation_save needs)."""
    fresh = Segment.objects.select_related("document", "block").get(pk=segment.pk)
    if fresh.retired:
        raise AlignmentError(_("Segment %(key)s is retired.") % {"key": fresh.key})
    return fresh


def _targets(segments: list[Segment], codes: list[str]) -> dict[tuple[int, str], _Target]:
    rows = {
        (row.segment_id, row.language): row
        for row in Translation.objects.filter(segment__in=segments, language__in=codes)
    }
    result = {}
    for segment in segments:
        for code in codes:
            row = rows.get((segment.pk, code))
            result[segment.pk, code] = _Target(
                text=segment.text_in(code),
                state=row.state if row else State.UNTRANSLATED,
                joined=bool(row and row.joined_with_previous),
                provenance=row.provenance if row else "",
                confidence=row.confidence if row else None,
            )
    return result


def _neighbour(segment: Segment, *, direction: int, same_block: bool) -> Segment | None:
    """The active segment before (-1) or after (+1) ``segment`` in reading order."""
    here = Q(block_id=segment.block_id, position__lt=segment.position) if direction < 0 else Q(
        block_id=segment.block_id, position__gt=segment.position
    )
    if not same_block:
        there = (
            Q(block__position__lt=segment.block.position)
            if direction < 0
            else Q(block__position__gt=segment.block.position)
        )
        here |= there & Q(block__retired=False)
    order = ["block__position", "position"] if direction > 0 else ["-block__position", "-position"]
    found = (
        Segment.objects.filter(document_id=segment.document_id, retired=False)
        .filter(here)
        .order_by(*order)
        .values_list("pk", flat=True)
        .first()
    )
    return _fresh(Segment(pk=found)) if found else None


def _snapshot(segment_ids: list[int], codes: list[str]) -> dict:
    """Everything an undo must restore about these segments, as plain JSON data."""
    segments = list(Segment.objects.filter(pk__in=segment_ids).order_by("pk"))
    targets = _targets(segments, codes)
    data = {
        "languages": list(codes),
        "segments": [
            {
                "id": segment.pk,
                "key": segment.key,
                "block": segment.block_id,
                "position": segment.position,
                "source_text": segment.source_text,
                "separator": segment.separator,
                "retired": segment.retired,
                "targets": {
                    code: {
                        "text": targets[segment.pk, code].text,
                        "state": targets[segment.pk, code].state,
                        "joined": targets[segment.pk, code].joined,
                        "provenance": targets[segment.pk, code].provenance,
                        "confidence": targets[segment.pk, code].confidence,
                    }
                    for code in codes
                },
            }
            for segment in segments
        ],
        "comments": {
            str(pk): segment_id
            for pk, segment_id in Comment.objects.filter(segment_id__in=segment_ids).values_list("pk", "segment_id")
        },
    }
    # What the database gives back after a JSON round trip, so snapshots compare equal.
    return json.loads(json.dumps(data))


def _block_ids(segment: Segment) -> list[int]:
    return list(Segment.objects.filter(block_id=segment.block_id, retired=False).values_list("pk", flat=True))


# --- writing ----------------------------------------------------------------


def _write(
    segment: Segment,
    code: str,
    current: _Target,
    new: _Target,
    *,
    user,
    action: str = TranslationChange.Action.ALIGNMENT,
    restore_details: bool = False,
) -> None:
    """Bring ``segment`` in ``code`` from ``current`` to ``new``; text and state through translation_save.

    The 2:1 mark is always written; provenance and confidence only with
    ``restore_details`` (undo, merge), since translation_save may set them.
    """
    wrote = (new.text, new.state) != (current.text, current.state)
    if wrote:
        translation_save(segment=segment, language=code, text=new.text, state=new.state, user=user, action=action)
    if restore_details:
        if wrote or (new.joined, new.provenance, new.confidence) != (
            current.joined,
            current.provenance,
            current.confidence,
        ):
            Translation.objects.update_or_create(
                segment=segment,
                language=code,
                defaults={
                    "joined_with_previous": new.joined,
                    "provenance": new.provenance,
                    "confidence": new.confidence,
                },
            )
    elif new.joined != current.joined:
        Translation.objects.update_or_create(
            segment=segment, language=code, defaults={"joined_with_previous": new.joined}
        )


def _join_text(first: str, second: str, code: str) -> str:
    first, second = first.strip(), second.strip()
    if first and second:
        return first + languages.sentence_separator(code) + second
    return first or second


def _weakest(*states: str) -> str:
    ranked = [state for state in states if state in _STATE_RANK]
    return min(ranked, key=_STATE_RANK.index) if ranked else State.DRAFT


def _unapproved(state: str) -> str:
    return State.NEEDS_REVIEW if state == State.APPROVED else state


def _combined_state(*parts: _Target) -> str:
    """The state of a new text made of ``parts``: the weakest of the non-empty ones, never approved."""
    states = [part.state for part in parts if not part.empty]
    return _unapproved(_weakest(*states)) if states else State.UNTRANSLATED


def _with_text(target: _Target, text: str, state: str | None = None) -> _Target:
    text = text.strip()
    if not text:
        return _Target(text="", state=State.UNTRANSLATED, joined=False, provenance=target.provenance,
                       confidence=target.confidence)
    return _Target(
        text=text,
        state=state or _unapproved(target.state),
        joined=False,
        provenance=target.provenance,
        confidence=target.confidence,
    )


def _record(*, document, operation, language, segment, description, after_ids, codes, user, before) -> AlignmentEdit:
    return AlignmentEdit.objects.create(
        document=document,
        operation=operation,
        language=language,
        segment_key=segment.key,
        description=description[:500],
        user=user,
        before=before,
        after=_snapshot(after_ids, codes),
    )


def _sentences(text: str, code: str) -> list[str]:
    """``text`` cut into sentences (whitespace between them dropped)."""
    return [sentence.text for sentence in split_sentences(text.strip(), code)]


def _split_first(text: str, code: str) -> tuple[str, str]:
    stripped = text.strip()
    pieces = split_sentences(stripped, code)
    first = pieces[0]
    return first.text, stripped[len(first.text) + len(first.separator) :]


def _split_last(text: str, code: str) -> tuple[str, str]:
    stripped = text.strip()
    pieces = split_sentences(stripped, code)
    last = pieces[-1]
    head = stripped[: len(stripped) - len(last.text) - len(last.separator)]
    return head, last.text


def _target_code(document: Document, language: str) -> str:
    languages.validate(language)
    if language == document.source_language:
        raise AlignmentError(
            _("%(language)s is the source language of %(document)s; split or merge the source instead.")
            % {"language": languages.display_name(language), "document": document.slug}
        )
    return language


# --- target edits -----------------------------------------------------------


def alignment_move_first_to_previous(*, segment: Segment, language: str, user=None) -> AlignmentEdit:
    """Move the first sentence of ``segment``'s translation to the end of the previous segment's."""
    return _move_sentence(segment=segment, language=language, user=user, direction=-1)


def alignment_move_last_to_next(*, segment: Segment, language: str, user=None) -> AlignmentEdit:
    """Move the last sentence of ``segment``'s translation to the start of the next segment's."""
    return _move_sentence(segment=segment, language=language, user=user, direction=+1)


def _move_sentence(*, segment: Segment, language: str, user, direction: int) -> AlignmentEdit:
    """Move one sentence of ``segment``'s translation across a segment boundary.

    ``direction`` -1: the first sentence goes to the end of the previous
    segment's translation; +1: the last sentence goes to the start of the
    next one's.  The two segments are locked, snapshotted and written in
    document order either way, so the undo record reads the same.
    """
    with transaction.atomic():
        document = _locked_document(segment.document)
        code = _target_code(document, language)
        donor = _fresh(segment)
        receiver = _neighbour(donor, direction=direction, same_block=False)
        if receiver is None:
            if direction < 0:
                message = _("Segment %(key)s is the first of the document: there is no previous segment.")
            else:
                message = _("Segment %(key)s is the last of the document: there is no next segment.")
            raise AlignmentError(message % {"key": donor.key})
        first, second = (receiver, donor) if direction < 0 else (donor, receiver)
        targets = _targets([first, second], [code])
        giving, getting = targets[donor.pk, code], targets[receiver.pk, code]
        _check_target_edit(user, code, [giving, getting])
        if giving.empty:
            raise AlignmentError(
                _("Segment %(key)s has no %(language)s text to move.")
                % {"key": donor.key, "language": languages.display_name(code)}
            )
        before = _snapshot([first.pk, second.pk], [code])
        if direction < 0:
            sentence, rest = _split_first(giving.text, code)
            joined = _join_text(getting.text, sentence, code)
            state = _combined_state(getting, giving)
            operation, which, onto = Operation.MOVE_FIRST_TO_PREVIOUS, "first", receiver.key
        else:
            rest, sentence = _split_last(giving.text, code)
            joined = _join_text(sentence, getting.text, code)
            state = _combined_state(giving, getting)
            operation, which, onto = Operation.MOVE_LAST_TO_NEXT, "last", receiver.key
        written = {donor.pk: (giving, _with_text(giving, rest)),
                   receiver.pk: (getting, _with_text(getting, joined, state))}
        for seg in (first, second):
            old, new = written[seg.pk]
            _write(seg, code, old, new, user=user)
        return _record(
            document=document, operation=operation, language=code, segment=donor,
            description=f"{languages.name(code)}: {which} sentence of {donor.key} moved to {onto}",
            after_ids=[first.pk, second.pk], codes=[code], user=user,
            before=before,
        )


def alignment_join_with_previous(*, segment: Segment, language: str, user=None) -> AlignmentEdit:
    """Mark ``segment`` as joined with the previous one (2:1): its text moves to the end of the
    previous segment's translation (or of the segment that already holds a joined run)."""
    with transaction.atomic():
        document = _locked_document(segment.document)
        code = _target_code(document, language)
        joining = _fresh(segment)
        previous = _neighbour(joining, direction=-1, same_block=True)
        if previous is None:
            raise AlignmentError(
                _("Segment %(key)s is the first of its block: there is nothing to join it with.") % {"key": joining.key}
            )
        # Walk back over segments that are already joined: the text goes to the one that holds the run.
        holder = previous
        while True:
            holder_target = _targets([holder], [code])[holder.pk, code]
            if not holder_target.joined:
                break
            earlier = _neighbour(holder, direction=-1, same_block=True)
            if earlier is None:
                break
            holder = earlier
        joined = _targets([joining], [code])[joining.pk, code]
        if joined.joined:
            raise AlignmentError(
                _("Segment %(key)s is already joined with the previous segment in %(language)s.")
                % {"key": joining.key, "language": languages.display_name(code)}
            )
        _check_target_edit(user, code, [holder_target, joined] if not joined.empty else [joined])
        touched = sorted({holder.pk, joining.pk})
        before = _snapshot(touched, [code])
        if not joined.empty:
            _write(holder, code, holder_target,
                   _with_text(holder_target, _join_text(holder_target.text, joined.text, code),
                              _combined_state(holder_target, joined)),
                   user=user)
        _write(joining, code, joined,
               _Target(text="", state=State.UNTRANSLATED, joined=True, provenance=joined.provenance,
                       confidence=joined.confidence),
               user=user)
        return _record(
            document=document, operation=Operation.JOIN_WITH_PREVIOUS, language=code, segment=joining,
            description=f"{languages.name(code)}: {joining.key} joined with {holder.key} (2:1)",
            after_ids=touched, codes=[code], user=user, before=before,
        )


# --- source edits -----------------------------------------------------------


def _unique_key(document: Document, text: str) -> str:
    used = set(Segment.objects.filter(document=document).values_list("key", flat=True))
    base = key = segment_key(text)
    counter = 1
    while key in used:
        counter += 1
        key = f"{base}-{counter}"
    return key


def _sentence_boundary(text: str, offset: int, code: str) -> tuple[int, int] | None:
    """(i, n) when ``offset`` falls between sentence i-1 and sentence i of the n in ``text``."""
    pieces = split_sentences(text, code)
    cursor = 0
    for index, piece in enumerate(pieces[:-1]):
        end_of_text = cursor + len(piece.text)
        cursor = end_of_text + len(piece.separator)
        if end_of_text <= offset <= cursor:
            return index + 1, len(pieces)
    return None


def alignment_split_source(*, segment: Segment, offset: int, user=None) -> AlignmentEdit:
    """Split the source segment at character ``offset`` of its text.

    The first part keeps the key; the second gets a new one and comes right
    after it in the block. Each translation stays on the first part, which
    goes to "needs review", and the second part is marked as joined with it
    (2:1) — unless the cut falls between two source sentences and the
    translation has exactly as many sentences, when it is cut at the same
    sentence and both parts need review.
    """
    if user is not None:
        permissions.source_edit_check(user)
    with transaction.atomic():
        document = _locked_document(segment.document)
        first = _fresh(segment)
        text = first.source_text
        if not isinstance(offset, int) or not 0 < offset < len(text):
            raise AlignmentError(
                _("Cannot split segment %(key)s at %(offset)s: choose an offset between 1 and %(last)d.")
                % {"key": first.key, "offset": offset, "last": len(text) - 1}
            )
        left, right = text[:offset], text[offset:]
        if not left.strip() or not right.strip():
            raise AlignmentError(
                _("Cannot split segment %(key)s at %(offset)d: both parts need some text.")
                % {"key": first.key, "offset": offset}
            )
        codes = document.target_languages
        block_ids = _block_ids(first)
        before = _snapshot(block_ids, codes)
        targets = _targets([first], codes)

        left_text, right_text = left.rstrip(), right.lstrip()
        middle = left[len(left_text) :] + right[: len(right) - len(right_text)]
        Segment.objects.filter(block_id=first.block_id, retired=False, position__gt=first.position).update(
            position=F("position") + 1
        )
        second = Segment.objects.create(
            document=document,
            block_id=first.block_id,
            position=first.position + 1,
            key=_unique_key(document, right_text),
            source_text=right_text,
            separator=first.separator,
        )
        Segment.objects.filter(pk=first.pk).update(source_text=left_text, separator=middle)
        first.source_text, first.separator = left_text, middle
        second = _fresh(second)
        boundary = _sentence_boundary(text, offset, document.source_language)
        for code in codes:
            current = targets[first.pk, code]
            if current.empty:
                if current.joined:
                    _write(second, code, _Target("", State.UNTRANSLATED, False), _Target("", State.UNTRANSLATED, True),
                           user=user)
                continue
            sentences = _sentences(current.text, code)
            if boundary is not None and len(sentences) == boundary[1]:
                cut = boundary[0]
                separator = languages.sentence_separator(code)
                head, tail = separator.join(sentences[:cut]), separator.join(sentences[cut:])
                _write(first, code, current, _with_text(current, head, State.NEEDS_REVIEW), user=user)
                _write(second, code, _Target("", State.UNTRANSLATED, False),
                       _Target(tail, State.NEEDS_REVIEW, False, current.provenance, current.confidence), user=user)
            else:
                _write(first, code, current, _with_text(current, current.text, State.NEEDS_REVIEW), user=user)
                _write(second, code, _Target("", State.UNTRANSLATED, False), _Target("", State.UNTRANSLATED, True),
                       user=user)
        # The translations were written before the source was final: check the block again.
        checks_run_blocks(document=document, block_ids=[first.block_id], source=True)
        return _record(
            document=document, operation=Operation.SPLIT_SOURCE, language="", segment=first,
            description=f"source segment {first.key} split at {offset} (new segment {second.key})",
            after_ids=block_ids + [second.pk], codes=codes, user=user, before=before,
        )


def alignment_merge_source(*, segment: Segment, user=None) -> AlignmentEdit:
    """Merge ``segment`` with the next source segment of its block.

    The merged segment keeps the first key; in every language the two
    translations are joined with the language's sentence separator. The second
    segment is retired (its key stays reserved, its history kept) and its
    comments move to the merged segment.
    """
    if user is not None:
        permissions.source_edit_check(user)
    with transaction.atomic():
        document = _locked_document(segment.document)
        first = _fresh(segment)
        second = _neighbour(first, direction=+1, same_block=True)
        if second is None:
            raise AlignmentError(
                _("Segment %(key)s is the last of its block: there is nothing to merge it with.") % {"key": first.key}
            )
        codes = document.target_languages
        block_ids = _block_ids(first)
        before = _snapshot(block_ids, codes)
        targets = _targets([first, second], codes)
        for code in codes:
            a, b = targets[first.pk, code], targets[second.pk, code]
            text = _join_text(a.text, b.text, code)
            if b.empty and not a.empty:
                merged = a  # the second part was untranslated or joined: the first text covers it
            elif not text:
                # Both untranslated; if the first was joined with its previous segment, it stays so.
                merged = _Target("", State.UNTRANSLATED, a.joined, a.provenance, a.confidence)
            else:
                merged = _with_text(a if not a.empty else b, text, _combined_state(a, b))
                confidences = [c for c in (a.confidence, b.confidence) if c is not None]
                merged.confidence = min(confidences) if confidences else None
            _write(first, code, a, merged, user=user, restore_details=merged.confidence != a.confidence)
            _write(second, code, b, _Target("", State.UNTRANSLATED, False, b.provenance, b.confidence), user=user)
        Segment.objects.filter(pk=first.pk).update(
            source_text=first.source_text + first.separator + second.source_text, separator=second.separator
        )
        Segment.objects.filter(pk=second.pk).update(retired=True)
        Segment.objects.filter(block_id=first.block_id, retired=False, position__gt=second.position).update(
            position=F("position") - 1
        )
        Comment.objects.filter(segment=second).update(segment=first)
        # The translations were written before the source was merged: check the block again.
        checks_run_blocks(document=document, block_ids=[first.block_id], source=True)
        return _record(
            document=document, operation=Operation.MERGE_SOURCE, language="", segment=first,
            description=f"source segments {first.key} and {second.key} merged",
            after_ids=block_ids, codes=codes, user=user, before=before,
        )


# --- undo -------------------------------------------------------------------


def alignment_undo(*, edit: AlignmentEdit, user=None) -> AlignmentEdit:
    """Restore the segments ``edit`` changed to exactly how they were before it."""
    with transaction.atomic():
        _locked_document(edit.document)
        edit = AlignmentEdit.objects.select_for_update().get(pk=edit.pk)
        if edit.undone_at is not None:
            raise AlignmentError(_("“%(edit)s” was already undone.") % {"edit": edit.description})
        codes = edit.after["languages"]
        if user is not None:
            if edit.is_source_edit:
                permissions.source_edit_check(user)
            else:
                # The rows go back to the states they had: an approved one on either side needs a reviewer.
                states = [
                    target["state"]
                    for snapshot in (edit.before, edit.after)
                    for item in snapshot["segments"]
                    for target in item["targets"].values()
                ]
                permissions.alignment_check(user, edit.language, states=states)
        after_ids = [item["id"] for item in edit.after["segments"]]
        now = _snapshot(after_ids, codes)
        if now["segments"] != edit.after["segments"]:
            raise UndoConflict(
                _("Cannot undo “%(edit)s”: the segments changed since (undo later edits first).")
                % {"edit": edit.description}
            )
        before = edit.before["segments"]
        before_ids = [item["id"] for item in before]
        created = [pk for pk in after_ids if pk not in before_ids]
        # Comments written on a segment the edit created go to the segment it was split from.
        origin = next((item["id"] for item in before if item["key"] == edit.segment_key), before_ids[0])
        Comment.objects.filter(segment_id__in=created).update(segment_id=origin)
        Segment.objects.filter(pk__in=created).delete()
        for item in before:
            Segment.objects.filter(pk=item["id"]).update(
                key=item["key"],
                block_id=item["block"],
                position=item["position"],
                source_text=item["source_text"],
                separator=item["separator"],
                retired=item["retired"],
            )
        segments = {s.pk: s for s in Segment.objects.filter(pk__in=before_ids).select_related("document", "block")}
        current = _targets(list(segments.values()), codes)
        for item in before:
            for code, wanted in item["targets"].items():
                _write(
                    segments[item["id"]], code, current[item["id"], code],
                    _Target(wanted["text"], wanted["state"], wanted["joined"], wanted["provenance"],
                            wanted["confidence"]),
                    user=user, action=TranslationChange.Action.REVERT, restore_details=True,
                )
        for comment_id, segment_id in edit.before["comments"].items():
            Comment.objects.filter(pk=int(comment_id)).update(segment_id=segment_id)
        if edit.is_source_edit:
            checks_run_blocks(document=edit.document, block_ids={item["block"] for item in before}, source=True)
        edit.undone_at, edit.undone_by = timezone.now(), user
        edit.save(update_fields=["undone_at", "undone_by"])
        return edit
