"""Saving one row of one language from the browser: the translate view's rows and the review page's cells.

``row_save(request, document=, language=)`` reads the POST (``RowSaveForm``:
segment, text, state, version, provenance) and answers with an
``RowSaveOutcome`` — the JSON payload and its HTTP status — that each view
sends, adding what its page needs:

- 200: the stored row (text, state, version, who, when, provenance) and, when
  the save pre-filled repetitions of the sentence (``services.repeats``),
  ``repeats`` (how many, in words) and ``filled`` (those of this document:
  segment id, text, state, version), so the page can update their rows;
- 409: somebody saved the row since it was loaded; ``conflict`` is the stored
  row, with ``diff_html`` marking word by word how the text posted differs
  from it (``<del>`` only theirs, ``<ins>`` only yours); nothing is written;
- 403: ``translation_check`` refused (``translations.permissions``);
- 400: bad input.

Without a chosen ``state`` the service decides (``state_after_edit``): a text
saved is *translated*; a row sent back or waiting for review keeps its state
while its text is unchanged. A draft is only ever an explicit choice.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _

from .. import languages
from ..memory.search import diff_html
from ..models import Document, Provenance, Segment, State, Translation, TranslationChange
from ..permissions import can_translate, translation_check
from ..services.repeats import repeats_propagate
from ..services.translations import EditConflict, InvalidTranslation, state_after_edit, translation_save

# Where a translator may say a saved text came from. The others (aligned or
# file import, sample, repeat) are the services' own and never claimed by the editor.
EDITOR_PROVENANCES = (Provenance.MEMORY, Provenance.SOURCE, Provenance.ORIGINAL, Provenance.RELAY)
# Rows of repetitions sent back to the page (the rest are counted only).
MAX_FILLED_ROWS = 200


class RowSaveForm(forms.Form):
    """What an editor posts for one row."""

    segment = forms.IntegerField(min_value=1)
    text = forms.CharField(required=False, strip=False)
    # Empty: let the service decide (translated, kept, or untranslated when empty).
    state = forms.ChoiceField(choices=[("", "")] + State.choices, required=False)
    version = forms.IntegerField(min_value=0)
    # Empty: the service decides (the quotation policy, or "from the source").
    provenance = forms.ChoiceField(
        choices=[("", "")] + [(value, Provenance(value).label) for value in EDITOR_PROVENANCES], required=False
    )

    def clean_text(self) -> str:
        # Browsers post CRLF; a sentence segment has no surrounding whitespace
        # (the separator after it belongs to the source).
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()


@dataclass
class RowSaveOutcome:
    payload: dict
    status: int = 200
    segment: Segment | None = None
    saved: bool = False  # something was written
    extra: dict = field(default_factory=dict)


def when(value) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else ""


def row_payload(row: Translation | None, text: str) -> dict:
    state = row.state if row else State.UNTRANSLATED
    return {
        "text": text,
        "state": state,
        "state_label": State(state).label,
        "version": row.version if row else 0,
        "changed_by": row.changed_by.get_username() if row and row.changed_by_id else "",
        "changed_at": when(row.changed_at) if row else "",
    }


def _conflict(current: dict, mine: str) -> RowSaveOutcome:
    message = _("%(user)s saved this segment since you loaded it; nothing was overwritten.") % {
        "user": current["changed_by"] or _("Someone")
    }
    current["diff_html"] = str(diff_html(current["text"], mine))
    return RowSaveOutcome({"error": message, "conflict": current}, status=409)


def row_save(request, *, document: Document, language: str) -> RowSaveOutcome:
    """Save the posted row of ``document`` in ``language`` for ``request.user`` (see the module docstring)."""
    if not can_translate(request.user, language):
        message = _("You may not translate into %(language)s.") % {"language": languages.display_name(language)}
        return RowSaveOutcome({"error": message}, status=403)
    form = RowSaveForm(request.POST)
    if not form.is_valid():
        return RowSaveOutcome({"error": _("Invalid input."), "fields": form.errors}, status=400)
    data = form.cleaned_data
    segment = get_object_or_404(
        Segment.objects.select_related("document"), pk=data["segment"], document=document, retired=False
    )
    row = Translation.objects.filter(segment=segment, language=language).select_related("changed_by").first()
    stored_text = segment.text_in(language)
    current_state, current_version = (row.state, row.version) if row else (State.UNTRANSLATED, 0)
    if data["version"] != current_version:
        # Stale before we even try: report the conflict rather than judging
        # permissions against a state the editor has not seen.
        return _conflict(row_payload(row, stored_text), data["text"])
    state = data["state"] or None
    if state == State.UNTRANSLATED and data["text"]:
        state = None  # typing into an untranslated row translates it
    if state is None:
        state = state_after_edit(current_state=current_state, old_text=stored_text, new_text=data["text"])
    try:
        translation_check(request.user, language, current_state=current_state, new_state=state)
    except PermissionDenied as denied:
        return RowSaveOutcome({"error": str(denied)}, status=403)
    unchanged_text = data["text"] == stored_text
    if unchanged_text and state == current_state:
        return RowSaveOutcome({"unchanged": True, **row_payload(row, stored_text)}, segment=segment)
    try:
        with transaction.atomic():
            saved = translation_save(
                segment=segment,
                language=language,
                text=data["text"],
                user=request.user,
                state=state,
                expected_version=data["version"],
                provenance=(data["provenance"] or None) if not unchanged_text else None,
                action=TranslationChange.Action.STATE if unchanged_text else TranslationChange.Action.EDIT,
            )
            repeats = repeats_propagate(
                segment=segment, language=language, text=data["text"], state=state, user=request.user
            )
    except EditConflict as conflict:
        current = conflict.current
        return _conflict(
            {
                "text": current.text,
                "state": current.state,
                "state_label": State(current.state).label,
                "version": current.version,
                "changed_by": current.changed_by,
                "changed_at": when(current.changed_at),
            },
            data["text"],
        )
    except InvalidTranslation as invalid:
        return RowSaveOutcome({"error": str(invalid)}, status=400)
    saved.changed_by = request.user
    payload = {
        **row_payload(saved, data["text"]),
        "provenance": saved.provenance,
        "provenance_label": Provenance(saved.provenance).label if saved.provenance and data["text"] else "",
        # The page counts the states itself from this change: no whole-document count per save.
        "previous_state": current_state,
    }
    if repeats.filled:
        payload["repeats"] = repeats.message()
        payload["filled"] = _filled_rows(repeats.filled, document, language)
    return RowSaveOutcome(payload, segment=segment, saved=True)


def _filled_rows(filled: list[Segment], document: Document, language: str) -> list[dict]:
    """The pre-filled repetitions of this document as rows for the page (one query)."""
    ids = [segment.pk for segment in filled if segment.document_id == document.pk][:MAX_FILLED_ROWS]
    texts = {segment.pk: segment.text_in(language) for segment in filled}
    return [
        {
            "segment": segment_id,
            "text": texts[segment_id],
            "state": state,
            "state_label": State(state).label,
            "version": version,
        }
        for segment_id, state, version in Translation.objects.filter(
            segment_id__in=ids, language=language
        ).values_list("segment_id", "state", "version")
    ]
