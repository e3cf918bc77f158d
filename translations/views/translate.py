"""The translate view: one document in one language, row by row, inside the admin.

- ``translate_page`` (GET) shows one page of the document: whole blocks,
  about ``paging.PAGE_SIZE`` rows, the source beside the target editor
  (``selectors.translate.translate_page``). The URL holds the position:
  ``?page=N``, ``?seg=<number or key>`` (the page holding that segment),
  and the filters ``state``, ``q``, ``findings``, ``comments``, ``mine``,
  which the database applies to the whole document; the page says how many
  rows match. ``?next_after=<segment id>[&want=<state>]`` redirects to the
  page holding the next row of the view after that segment (in that state)
  at ``#seg-<key>``: how "save and next" and "next untranslated" cross pages.
  Time, HTML and queries per page do not grow with the document. Each row
  also shows what quality knows (``translations.selectors.quality``,
  read once per page): the open check findings (reviewers dismiss them with a
  reason), glossary terms marked in the source with their agreed translation,
  and for a quoted segment the original and the published translations. The
  translation memory's suggestions are fetched by the page's script when a
  row gets focus (``quality:memory-suggestions``).
  Each row carries its comments in this language (count, the newest open
  one: a reviewer's send-back reason), read for the page in two queries; the
  thread opens in place (the review page's thread view).
- ``translate_save`` (POST, JSON) saves one row through ``views.editing.row_save``
  (the review page's in-place correction uses it too) with the version the
  editor loaded: 409 with the other person's text and the words that differ
  when it is stale, 403 when the user may not make that change, 400 for bad
  input; the repetitions of the sentence are pre-filled (``services.repeats``).
  ``provenance`` (optional, one of ``editing.EDITOR_PROVENANCES``) records
  where the text came from, e.g. ``memory`` after "Use" on a memory
  suggestion. The answer carries the open findings of the saved segment's
  block, as HTML per segment id (``findings``): a save may also settle or
  raise findings of its neighbours (a quotation closed in a later sentence).
- ``segment_history`` lists every change of a segment in one language;
  ``change_revert`` (POST) restores the text a change replaced.

The views are wired into ``DocumentAdmin`` by ``translations.admin.translate``
and receive its ``model_admin``; permission rules live in ``permissions``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import languages
from ..glossary import terms_in
from ..models import Document, Segment, State, Translation, TranslationChange
from ..permissions import (
    can_change_translation,
    can_review,
    can_translate,
    may_dismiss_source,
    may_set,
    settable_states,
    translation_check,
)
from ..selectors.quality import findings_for_segments, glossary_for, quotations_by_segment
from ..selectors import DONE_STATES, comment_counts, document_progress, latest_open_comments
from ..selectors.translate import TranslateFilters, finding_summary, locate_segment, next_row
from ..selectors.translate import translate_page as translate_page_rows
from ..services.translations import InvalidTranslation, translation_revert
from .editing import row_save, when

FINDINGS_TEMPLATE = "translations/quality/_findings.html"

def _document_and_language(model_admin, request, document_id: int, language: str) -> Document:
    """The document, after checking that ``language`` is one of its targets and the user may view it."""
    document = get_object_or_404(Document, pk=document_id)
    if language not in document.target_languages:
        raise Http404(f"{language!r} is not a target language of {document.slug}")
    if not model_admin.has_view_permission(request, document):
        raise PermissionDenied
    return document


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        return 1


def _page_url(filters: TranslateFilters, page: int | None = None, key: str = "") -> str:
    """The query string (and fragment) of a position in the view: filters, page, a row."""
    params = filters.params()
    if page and page > 1:
        params["page"] = str(page)
    query = urlencode(params)
    return ("?" + query if query else "?") + (f"#seg-{key}" if key else "")


def _next_redirect(request, model_admin, document: Document, language: str, filters: TranslateFilters):
    """``?next_after=<segment id>[&want=<state>]``: to the page holding the next such row of the view."""
    page_url = reverse(f"{model_admin.admin_site.name}:translations_document_translate", args=[document.pk, language])
    want = request.GET.get("want", "")
    try:
        after = Segment.objects.select_related("block").get(
            pk=int(request.GET["next_after"]), document=document
        )
    except (ValueError, Segment.DoesNotExist):
        raise Http404(_("No such segment in this document.")) from None
    want = want if want in State.values else ""
    found = next_row(document=document, language=language, user=request.user, filters=filters, after=after, want=want)
    if found is None:
        if want:
            messages.info(request, _("No segment is %(state)s.") % {"state": State(want).label})
        else:
            messages.info(request, _("That was the last segment."))
        return redirect(page_url + _page_url(filters, _page_number(request), after.key))
    return redirect(page_url + _page_url(found.filters, found.page, found.segment.key))


def translate_page(request, *, model_admin, document_id: int, language: str):
    document = _document_and_language(model_admin, request, document_id, language)
    filters = TranslateFilters.from_query(request.GET)
    if request.GET.get("next_after"):
        return _next_redirect(request, model_admin, document, language, filters)
    user = request.user
    wanted = request.GET.get("seg", "").strip()
    segment = locate_segment(document, wanted) if wanted else None
    if wanted and segment is None:
        messages.warning(request, _("There is no segment %(segment)s in this document.") % {"segment": wanted})
    page = translate_page_rows(
        document=document, language=language, user=user, filters=filters, page=_page_number(request), segment=segment
    )
    if page.filters_dropped:
        messages.info(request, _("Segment %(segment)s does not match the filters; showing all segments.")
                      % {"segment": wanted})
    filters = page.filters
    progress = document_progress([document], codes=[language])[document.pk][language]
    findings_summary = finding_summary(document=document, language=language)
    rows = page.rows
    ids = [row.segment.pk for row in rows]
    # Quality, read once for the page's rows (a fixed number of queries).
    findings = findings_for_segments(ids, [language, ""])
    terms = glossary_for(document.source_language, language)
    quoted = quotations_by_segment(document, language, [row.segment for row in rows])
    editable = can_translate(user, language)
    reviewer = can_review(user, language)
    options = _StateOptions(settable_states(user, language) if editable else [])
    # Comments of the page's rows: two queries (counts, the newest open one).
    comments, latest_comments = comment_counts(ids, [language]), latest_open_comments(ids, language)
    for row in rows:
        row.comments, row.open_comments = comments.get((row.segment.pk, language), (0, 0))
        row.latest_comment = latest_comments.get(row.segment.pk)
        row.editable = editable and not row.context and can_change_translation(user, language, row.state)
        row.state_label = State(row.state).label
        row.state_options = options.html(row.state)
        row.findings = findings.get(row.segment.pk, []) if not row.context else []
        row.quoted = quoted.get(row.segment.pk)
        row.terms = _terms_in(row.segment.source_text, terms) if terms and not row.context else []
    slice_ = page.slice
    pages = [(number, _page_url(filters, number)) for number in _pager_numbers(slice_.number, slice_.count)]
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
        "rows": rows,
        "page": page,
        "page_number": slice_.number,
        "page_count": slice_.count,
        "pager": pages,
        "previous_url": _page_url(filters, slice_.number - 1) if slice_.number > 1 else "",
        "next_url": _page_url(filters, slice_.number + 1) if slice_.number < slice_.count else "",
        "first_url": _page_url(filters, 1),
        "last_url": _page_url(filters, slice_.count),
        "filter_params": filters.params(),
        "filter_query": urlencode(filters.params()),
        "progress": progress,
        # For translate.js, which follows the saves (``previous_state`` → ``state`` of each answer).
        "progress_data": {"total": progress.total, "states": progress.states, "done": sorted(DONE_STATES)},
        "drafts": progress.states.get(State.DRAFT, 0),
        "state_counts": [(value, label, progress.states.get(value, 0)) for value, label in State.choices],
        "filters": filters,
        "finding_totals": findings_summary,
        "matching": slice_.total,
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
        # One reverse() for the page, not one per row.
        "history_url_prefix": reverse(
            f"{model_admin.admin_site.name}:translations_document_translate_history",
            args=[document.pk, language, 0],
        )[: -len("0/")],
    }
    return TemplateResponse(request, "translations/admin/translate.html", context)


def _pager_numbers(current: int, count: int, around: int = 2) -> list[int]:
    """The page numbers the pager links: the first, the last and a few around the current one."""
    wanted = {1, count, *range(current - around, current + around + 1)}
    return sorted(number for number in wanted if 1 <= number <= count)


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
        payload["findings"] = _block_findings_html(request, model_admin, document, outcome.segment, language)
    return JsonResponse(payload, status=outcome.status)


def _block_findings_html(request, model_admin, document: Document, segment: Segment, language: str) -> dict[str, str]:
    """The open findings of every segment of ``segment``'s block, as the translate view shows them."""
    keys = dict(Segment.objects.filter(block_id=segment.block_id, retired=False).values_list("pk", "key"))
    findings = findings_for_segments(list(keys), [language, ""])
    page = reverse(f"{model_admin.admin_site.name}:translations_document_translate", args=[document.pk, language])
    context = {
        "can_review": can_review(request.user, language),
        "can_dismiss_source": may_dismiss_source(request.user, document),
    }
    return {
        str(pk): render_to_string(
            FINDINGS_TEMPLATE, {**context, "findings": findings.get(pk, []), "next": f"{page}?seg={key}#seg-{key}"}, request
        )
        for pk, key in keys.items()
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
        messages.success(request, _("Restored the text from before %(when)s.") % {"when": when(change.created_at)})
    return redirect(
        f"{model_admin.admin_site.name}:translations_document_translate_history",
        document.pk,
        language,
        change.segment_id,
    )
