"""The translate view: one document in one language, row by row, inside the admin.

- ``translate_page`` (GET) lists the source beside the target editor; filters
  (``?state=``, ``?q=``, ``?findings=1``) are applied in Python over the
  loaded rows, so the page costs the same number of queries for 10 segments
  as for 500. Each row also shows what quality knows (``translations.quality``,
  read once per page): the open check findings (reviewers dismiss them with a
  reason), glossary terms marked in the source with their agreed translation,
  and for a quoted segment the original and the published translations. The
  translation memory's suggestions are fetched by the page's script when a
  row gets focus (``quality:memory-suggestions``).
- ``translate_save`` (POST, JSON) saves one row through ``translation_save``
  with the version the editor loaded: 409 with the other person's text when it
  is stale, 403 when the user may not make that change, 400 for bad input.
  ``provenance`` (optional, one of ``EDITOR_PROVENANCES``) records where the
  text came from, e.g. ``memory`` after "Use" on a memory suggestion. The
  answer carries the open findings of the saved segment's block, as HTML per
  segment id (``findings``): a save may also settle or raise findings of its
  neighbours (a quotation closed in a later sentence).
- ``segment_history`` lists every change of a segment in one language;
  ``change_revert`` (POST) restores the text a change replaced.

The views are wired into ``DocumentAdmin`` by ``translations.admin.translate``
and receive its ``model_admin``; permission rules live in ``permissions``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import languages
from ..glossary import terms_in
from ..models import Document, Provenance, Segment, Severity, State, Translation, TranslationChange
from ..permissions import (
    can_change_translation,
    can_review,
    can_translate,
    may_set,
    settable_states,
    translation_check,
)
from ..quality import findings_for, findings_for_segments, glossary_for, quotations_by_segment
from ..selectors import comment_counts, document_progress, latest_open_comments, rows_progress, translate_rows
from ..services.checks import may_dismiss_source
from ..services.translations import InvalidTranslation, translation_revert
from .editing import row_save

SEARCH_MAX_LENGTH = 200
FINDINGS_TEMPLATE = "translations/quality/_findings.html"

# Where a translator may say a saved text came from. The others (aligned or
# file import, sample) are the imports' own and are never claimed by the editor.
EDITOR_PROVENANCES = (Provenance.MEMORY, Provenance.SOURCE, Provenance.ORIGINAL, Provenance.RELAY)


def _document_and_language(model_admin, request, document_id: int, language: str) -> Document:
    """The document, after checking that ``language`` is one of its targets and the user may view it."""
    document = get_object_or_404(Document, pk=document_id)
    if language not in document.target_languages:
        raise Http404(f"{language!r} is not a target language of {document.slug}")
    if not model_admin.has_view_permission(request, document):
        raise PermissionDenied
    return document


def _when(value) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else ""


def _matches(row, query: str) -> bool:
    # casefold(), not the database's icontains: SQLite folds ASCII only, and a
    # translator searching Russian or German text expects "ß" and "Д" to fold.
    return query in row.segment.source_text.casefold() or query in row.text.casefold()


def translate_page(request, *, model_admin, document_id: int, language: str):
    document = _document_and_language(model_admin, request, document_id, language)
    rows = translate_rows(document, language)
    progress = rows_progress(rows, language)
    state_filter = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    shown = rows
    if state_filter in State.values:
        shown = [row for row in shown if row.state == state_filter]
    if query:
        folded = query.casefold()
        shown = [row for row in shown if _matches(row, folded)]
    # Quality, read once for the page (a fixed number of queries).
    findings = findings_for(document, language, include_dismissed=False)
    terms = glossary_for(document.source_language, language)
    quoted = quotations_by_segment(document, language, [row.segment for row in rows])
    finding_totals = {
        severity: sum(f.severity == severity for found in findings.values() for f in found)
        for severity in Severity.values
    }
    with_findings = request.GET.get("findings") == "1"
    if with_findings:
        shown = [row for row in shown if row.segment.pk in findings]
    user = request.user
    editable = can_translate(user, language)
    reviewer = can_review(user, language)
    options = _StateOptions(settable_states(user, language) if editable else [])
    shown_ids = [row.segment.pk for row in shown]
    # Comments of the rows shown: two queries for the page (counts, newest open one).
    comments, latest_comments = comment_counts(shown_ids, [language]), latest_open_comments(shown_ids, language)
    for row in shown:
        row.comments, row.open_comments = comments.get((row.segment.pk, language), (0, 0))
        row.latest_comment = latest_comments.get(row.segment.pk)
        row.editable = editable and can_change_translation(user, language, row.state)
        row.state_options = options.html(row.state)
        row.findings = findings.get(row.segment.pk, [])
        row.quoted = quoted.get(row.segment.pk)
        row.terms = _terms_in(row.segment.source_text, terms) if terms else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Translate “%(document)s” into %(language)s")
        % {"document": document, "language": languages.display_name(language)},
        "document": document,
        "language": language,
        "language_name": languages.display_name(language),
        "native_name": languages.native_name(language),
        "direction": languages.direction(language),
        "source_language": document.source_language,
        "source_direction": languages.direction(document.source_language),
        "rows": shown,
        "total_rows": len(rows),
        "progress": progress,
        "drafts": progress.states.get(State.DRAFT, 0),
        "state_counts": [(value, label, progress.states.get(value, 0)) for value, label in State.choices],
        "state_filter": state_filter if state_filter in State.values else "",
        "query": query,
        "with_findings": with_findings,
        "segments_with_findings": len(findings),
        "finding_totals": finding_totals,
        "can_translate": editable,
        "can_review": reviewer,
        "can_dismiss_source": may_dismiss_source(user, document),
        "here": request.get_full_path(),
        "findings_url": reverse("quality:document-findings", args=[document.slug, language]),
        # A row's comment thread (the review page's): this prefix + "<segment id>/<language>/".
        "thread_url_prefix": reverse("review:thread", args=[document.slug, 0, language]).removesuffix(
            f"0/{language}/"
        ),
        # The memory's JSON for one segment: this prefix + "<segment id>/<language>/".
        "memory_url_prefix": reverse("quality:memory-suggestions", args=[0, language]).removesuffix(
            f"0/{language}/"
        ),
        "other_languages": [
            (code, languages.display_name(code)) for code in document.target_languages if code != language
        ],
        "save_url": reverse(
            f"{model_admin.admin_site.name}:translations_document_translate_save", args=[document.pk, language]
        ),
        # One reverse() for the page, not one per row (500 rows add up).
        "history_url_prefix": reverse(
            f"{model_admin.admin_site.name}:translations_document_translate_history",
            args=[document.pk, language, 0],
        )[: -len("0/")],
    }
    return TemplateResponse(request, "translations/admin/translate.html", context)


def _terms_in(text: str, terms) -> list:
    """The glossary terms in ``text``, each once, in reading order."""
    return list({id(match.term): match.term for match in terms_in(text, terms)}.values())


class _StateOptions:
    """The <option>s of a row's state selector, rendered once per state for the whole page.

    Rendering them in the template costs ~100 template nodes per row; with
    hundreds of rows that dominated the page (benchmarks/translate_view.py).
    Options the user may not choose are disabled, except the row's own state
    and "untranslated" (chosen by clearing the text).
    """

    def __init__(self, settable: list[str]):
        self.settable = set(settable) | {State.UNTRANSLATED}
        self.cache: dict[str, str] = {}

    def html(self, current: str) -> str:
        if current not in self.cache:
            self.cache[current] = format_html_join(
                "",
                "<option value=\"{}\"{}{}>{}</option>",
                (
                    (
                        value,
                        mark_safe(" selected") if value == current else "",
                        mark_safe(" disabled") if value != current and value not in self.settable else "",
                        label,
                    )
                    for value, label in State.choices
                ),
            )
        return self.cache[current]


def _progress_payload(document: Document, language: str) -> dict:
    progress = document_progress([document])[document.pk][language]
    return {
        "total": progress.total,
        "translated": progress.translated,
        "approved": progress.approved,
        "translated_percent": progress.translated_percent,
        "approved_percent": progress.approved_percent,
    }


@require_POST
def translate_save(request, *, model_admin, document_id: int, language: str):
    """One row, saved by ``views.editing.row_save``; a save also answers the progress and the block's findings."""
    try:
        document = _document_and_language(model_admin, request, document_id, language)
    except PermissionDenied:
        return JsonResponse({"error": _("You may not view this document.")}, status=403)
    outcome = row_save(request, document=document, language=language)
    payload = outcome.payload
    if outcome.saved:
        payload["progress"] = _progress_payload(document, language)
        payload["findings"] = _block_findings_html(request, model_admin, document, outcome.segment, language)
    return JsonResponse(payload, status=outcome.status)


def _block_findings_html(request, model_admin, document: Document, segment: Segment, language: str) -> dict[str, str]:
    """The open findings of every segment of ``segment``'s block, as the translate view shows them."""
    ids = list(Segment.objects.filter(block_id=segment.block_id, retired=False).values_list("pk", flat=True))
    findings = findings_for_segments(ids, [language, ""])
    page = reverse(f"{model_admin.admin_site.name}:translations_document_translate", args=[document.pk, language])
    context = {
        "can_review": can_review(request.user, language),
        "can_dismiss_source": may_dismiss_source(request.user, document),
    }
    return {
        str(pk): render_to_string(
            FINDINGS_TEMPLATE, {**context, "findings": findings.get(pk, []), "next": f"{page}#segment-{pk}"}, request
        )
        for pk in ids
    }


def _restored_state(change: TranslationChange) -> str | None:
    """The state ``translation_revert`` will restore (None: implied by the text)."""
    return (change.old_state or None) if change.old_text.strip() else State.UNTRANSLATED


def segment_history(request, *, model_admin, document_id: int, language: str, segment_id: int):
    document = _document_and_language(model_admin, request, document_id, language)
    segment = get_object_or_404(Segment.objects.select_related("block"), pk=segment_id, document=document)
    row = Translation.objects.filter(segment=segment, language=language).first()
    current_state = row.state if row else State.UNTRANSLATED
    changes = list(
        TranslationChange.objects.filter(segment=segment, language=language).select_related("user")
    )
    for change in changes:
        # Reverting to an approved state is approving: reviewers only.
        change.revertable = may_set(
            request.user, language, current_state=current_state, new_state=_restored_state(change)
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("History of %(key)s in %(language)s") % {"key": segment.key, "language": languages.display_name(language)},
        "document": document,
        "segment": segment,
        "language": language,
        "language_name": languages.display_name(language),
        "direction": languages.direction(language),
        "source_direction": languages.direction(document.source_language),
        "current_text": segment.text_in(language),
        "current_state": State(current_state).label,
        "changes": changes,
        "translate_url": reverse(
            f"{model_admin.admin_site.name}:translations_document_translate", args=[document.pk, language]
        ),
    }
    return TemplateResponse(request, "translations/admin/history.html", context)


@require_POST
def change_revert(request, *, model_admin, document_id: int, language: str, change_id: int):
    document = _document_and_language(model_admin, request, document_id, language)
    change = get_object_or_404(
        TranslationChange.objects.select_related("segment"),
        pk=change_id,
        language=language,
        segment__document=document,
    )
    row = Translation.objects.filter(segment=change.segment, language=language).first()
    translation_check(
        request.user,
        language,
        current_state=row.state if row else State.UNTRANSLATED,
        new_state=_restored_state(change),
    )
    try:
        translation_revert(change=change, user=request.user)
    except InvalidTranslation as invalid:
        messages.error(request, str(invalid))
    else:
        messages.success(request, _("Restored the text from before %(when)s.") % {"when": _when(change.created_at)})
    return redirect(
        f"{model_admin.admin_site.name}:translations_document_translate_history",
        document.pk,
        language,
        change.segment_id,
    )
