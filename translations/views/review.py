"""The review page: the source and chosen translations side by side, and its actions.

Staff only. Reading needs nothing more; every write is a POST (CSRF-checked
by Django's middleware) and checks the workbench permission for what it
changes, answering 403 otherwise:

- approve / send back: ``can_review`` for the language;
- move or join target sentences: ``permissions.alignment_check`` (the
  language; review rights when a touched row is approved, which the service
  checks on the rows it locks);
- split or merge source segments: ``permissions.source_edit_check`` (editors);
- undo: the same check as the edit;
- comment: ``permissions.can_comment``; resolve: ``can_resolve_comment``;
- edit a cell's text in place (``edit``): exactly the translate view's save
  (``views.editing.row_save``: the same permission and version checks, and the
  repetitions of the sentence pre-filled); JSON for the page's script, a
  message and a redirect without it.

Every cell links to its row in the translate view (``?seg=<key>``).

After a write the browser goes back to the page it came from (``next``, only
if it is on this site), at the row it acted on; the outcome is a message.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import npgettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from .. import languages
from ..models import AlignmentEdit, Comment, Document, Segment
from ..permissions import (
    alignment_check,
    can_comment,
    can_edit_source,
    can_resolve_comment,
    can_review,
    can_translate,
    languages_for,
    may_dismiss_source,
    source_edit_check,
)
from ..selectors.review import FILTERS, UnknownFilter, comment_thread, review_page
from ..services import alignment_edit
from ..services.comments import InvalidComment, comment_add, comment_resolve
from ..services.review import REVIEW_ACTIONS, review_set_state
from .editing import row_save

# How many target languages the page shows when none are chosen.
DEFAULT_COLUMNS = 2

ALIGNMENT_OPERATIONS = {
    "move_first_to_previous": alignment_edit.alignment_move_first_to_previous,
    "move_last_to_next": alignment_edit.alignment_move_last_to_next,
    "join_with_previous": alignment_edit.alignment_join_with_previous,
}
SOURCE_OPERATIONS = {"split_source", "merge_source"}


class BadRequest(Exception):
    pass


def _document(slug: str) -> Document:
    return get_object_or_404(Document, slug=slug)


def _segment(document: Document, value) -> Segment:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise BadRequest(_("segment must be a number, not %(value)r") % {"value": value}) from None
    return get_object_or_404(
        Segment.objects.select_related("document", "block"), pk=pk, document=document, retired=False
    )


def _target_language(document: Document, code: str) -> str:
    if code not in document.target_languages:
        raise BadRequest(_("%(code)r is not a target language of %(document)s") % {"code": code, "document": document.slug})
    return code


def _safe_next(request) -> str:
    """Where to go back to: ``next``, else the page the request came from, if on this site; else ""."""
    for target in (request.POST.get("next"), request.GET.get("next"), request.META.get("HTTP_REFERER")):
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
    return ""


def _with_next(url: str, back: str) -> str:
    return f"{url}?{urlencode({'next': back})}" if back else url


def _back(request, document: Document, anchor: str = "") -> HttpResponseRedirect:
    target = _safe_next(request) or reverse("review:document", args=[document.slug])
    if anchor:
        target = target.split("#")[0] + f"#{anchor}"
    return HttpResponseRedirect(target)


def _bad_request(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _chosen_languages(request, document: Document) -> list[str]:
    chosen = []
    for code in request.GET.getlist("lang"):
        if code not in document.target_languages:
            raise BadRequest(
                _("unknown target language %(code)r; %(document)s has %(languages)s")
                % {"code": code, "document": document.slug, "languages": ", ".join(document.target_languages)}
            )
        if code not in chosen:
            chosen.append(code)
    if chosen:
        return chosen
    mine = [code for code in document.target_languages if code in languages_for(request.user)]
    return (mine or document.target_languages)[:DEFAULT_COLUMNS]


@require_GET
@staff_member_required
@_bad_request
def review(request, slug):
    document = _document(slug)
    codes = _chosen_languages(request, document)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        raise BadRequest(_("page must be a number, not %(value)r") % {"value": request.GET["page"]}) from None
    try:
        page = review_page(
            document=document, codes=codes, user=request.user, filter_id=request.GET.get("filter", ""), page=page_number
        )
    except UnknownFilter as error:
        raise BadRequest(str(error)) from None
    _link_cells(page, document)
    query = request.GET.copy()
    query.pop("page", None)
    here = request.get_full_path()
    findings_url = reverse("quality:document-findings", args=[document.slug, "xx"]).removesuffix("xx/")
    columns = [
        {
            "code": code,
            "name": languages.display_name(code),
            "native": languages.native_name(code),
            "direction": languages.direction(code),
            "progress": page.progress.get(code),
            "chosen": code in codes,
            "findings": page.finding_totals.get(code),
            "findings_url": f"{findings_url}{code}/",
            "alignment_run": page.alignment_runs.get(code),
        }
        for code in document.target_languages
    ]
    context = {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "title": _("Review: %(title)s") % {"title": document},
        "document": document,
        "page": page,
        "columns": columns,
        "shown_columns": [next(column for column in columns if column["code"] == code) for code in codes],
        "colspan": 2 + len(codes),
        "urls": _urls(document),
        "source_name": languages.display_name(document.source_language),
        "source_direction": languages.direction(document.source_language),
        "filters": FILTERS.items(),
        "query_without_page": query.urlencode(),
        "here": here,
        "t": _row_labels(),
        "can_edit_source": can_edit_source(request.user),
        "can_dismiss_source": may_dismiss_source(request.user, document),
        "source_findings": page.finding_totals.get("", 0),
        "reviewable_languages": [code for code in codes if can_review(request.user, code)],
        "undoable": {edit.pk for edit in page.recent_edits if _may_undo(request.user, edit)},
    }
    return render(request, "translations/review/page.html", context)


def translate_row_url(document: Document, code: str, key: str, *, base: str | None = None) -> str:
    """The translate view of ``code`` landing on the row of segment ``key``."""
    base = base or reverse("admin:translations_document_translate", args=[document.pk, code])
    return f"{base}?{urlencode({'seg': key})}#seg-{key}"


def _link_cells(page, document: Document) -> None:
    """Give every cell of the page the address of its row in the translate view (one reverse per language)."""
    bases = {
        code: reverse("admin:translations_document_translate", args=[document.pk, code]) for code in page.languages
    }
    for group in page.groups:
        for row in group.rows:
            for cell in row.cells:
                cell.translate_url = translate_row_url(document, cell.language, row.segment.key, base=bases[cell.language])


def _row_labels() -> dict[str, str]:
    """Labels repeated in every row, translated once per page."""
    return {
        "comments": _("comments"),
        "split": _("split"),
        "merge": _("merge with next"),
        "approve": _("approve"),
        "send_back": _("send back"),
        "send_back_title": _("send back to the translator (needs update)"),
        "move_first": _("move the first sentence to the previous segment"),
        "move_last": _("move the last sentence to the next segment"),
        "join": _("translated together with the previous segment (2:1)"),
        "joined": _("↑ translated together with the previous segment (2:1)"),
        "checks": _("Checks"),
        "open_findings": _("open findings of the whole document in this language, with the source's"),
        "alignment_map": _("alignment map"),
        "alignment_map_title": _("the latest aligned import of this language: its map and the beads to check"),
        "untranslated": _("— untranslated —"),
        "edit": pgettext("a button: correct the text", "edit"),
        "edit_title": _("correct the text here (saved like the translate view)"),
        "translate": _("translate view"),
        "translate_title": _("this row in the translate view"),
    }


def _urls(document: Document) -> dict[str, str]:
    """URL prefixes for the page's many per-row links (reversing once per page, not per cell)."""
    slug = document.slug
    return {
        "state": reverse("review:state", args=[slug]),
        "bulk": reverse("review:bulk", args=[slug]),
        "align": reverse("review:align", args=[slug]),
        "undo": reverse("review:undo", args=[slug, 0]).removesuffix("0/"),
        "split": reverse("review:split", args=[slug, 0]).removesuffix("0/"),
        "thread": reverse("review:thread", args=[slug, 0, "x"]).removesuffix("0/x/"),
        "edit": reverse("review:edit", args=[slug]),
    }


@require_POST
@staff_member_required
@_bad_request
def set_state(request, slug):
    """Approve or send back one segment in one language."""
    document = _document(slug)
    segment = _segment(document, request.POST.get("segment"))
    code = _target_language(document, request.POST.get("language", ""))
    action = request.POST.get("action", "")
    if action not in REVIEW_ACTIONS:
        raise BadRequest(_("unknown action %(action)r") % {"action": action})
    if not can_review(request.user, code):
        raise PermissionDenied(_("you may not review %(language)s") % {"language": languages.display_name(code)})
    version = _version(request.POST.get("version"))
    result = review_set_state(
        segments=[segment], language=code, action=action, user=request.user, versions={segment.pk: version}
    )
    _report(request, result, action, code)
    return _back(request, document, f"seg-{segment.pk}")


@require_POST
@staff_member_required
@_bad_request
def bulk_state(request, slug):
    """Approve or send back the selected segments in one language."""
    document = _document(slug)
    code = _target_language(document, request.POST.get("language", ""))
    action = request.POST.get("action", "")
    if action not in REVIEW_ACTIONS:
        raise BadRequest(_("unknown action %(action)r") % {"action": action})
    if not can_review(request.user, code):
        raise PermissionDenied(_("you may not review %(language)s") % {"language": languages.display_name(code)})
    try:
        ids = [int(value) for value in request.POST.getlist("segment")]
    except ValueError:
        raise BadRequest(_("segment ids must be numbers")) from None
    if not ids:
        messages.warning(request, _("Select some rows first."))
        return _back(request, document)
    segments = list(
        Segment.objects.filter(document=document, retired=False, pk__in=ids)
        .select_related("document")
        .order_by("block__position", "position")
    )
    versions = {segment.pk: _version(request.POST.get(f"v-{segment.pk}-{code}")) for segment in segments}
    result = review_set_state(
        segments=segments,
        language=code,
        action=action,
        user=request.user,
        versions=versions,
        comment=request.POST.get("comment", ""),
    )
    _report(request, result, action, code)
    return _back(request, document)


@require_POST
@staff_member_required
@_bad_request
def edit(request, slug):
    """Correct one cell's text in place: the translate view's save, answered in JSON (or a message)."""
    document = _document(slug)
    code = _target_language(document, request.POST.get("language", ""))
    outcome = row_save(request, document=document, language=code)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(outcome.payload, status=outcome.status)
    if outcome.status == 403:
        raise PermissionDenied(outcome.payload["error"])
    if outcome.status >= 400:
        messages.error(request, outcome.payload["error"])
    elif outcome.saved:
        messages.success(request, _("Saved."))
        if outcome.payload.get("repeats"):
            messages.info(request, outcome.payload["repeats"])
    anchor = f"seg-{outcome.segment.pk}" if outcome.segment else ""
    return _back(request, document, anchor)


def _version(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise BadRequest(_("version must be a number, not %(value)r") % {"value": value}) from None


def _report(request, result, action: str, code: str) -> None:
    verb = _("approved") if action == "approve" else _("sent back")
    if result.changed:
        count = len(result.changed)
        # The participle agrees with the count; the context tells translators it counts translations.
        if action == "approve":
            changed = npgettext("translations", "%(count)d approved", "%(count)d approved", count)
        else:
            changed = npgettext("translations", "%(count)d sent back", "%(count)d sent back", count)
        messages.success(
            request,
            _("%(language)s: %(changed)s.")
            % {"language": languages.display_name(code), "changed": changed % {"count": count}},
        )
    if result.conflicts:
        messages.error(
            request,
            _("%(language)s: changed by someone else since you loaded the page, not %(verb)s: %(keys)s. "
              "Look at the new text first.")
            % {"language": languages.display_name(code), "verb": verb, "keys": ", ".join(result.conflicts)},
        )
    if result.skipped:
        messages.warning(
            request,
            _("%(language)s: nothing to review (untranslated or joined): %(keys)s.")
            % {"language": languages.display_name(code), "keys": ", ".join(result.skipped)},
        )


@require_POST
@staff_member_required
@_bad_request
def align(request, slug):
    """One alignment edit: move or join a target sentence, split or merge source segments."""
    document = _document(slug)
    operation = request.POST.get("operation", "")
    segment = _segment(document, request.POST.get("segment"))
    try:
        if operation in ALIGNMENT_OPERATIONS:
            code = _target_language(document, request.POST.get("language", ""))
            # The rights to the language first; the service checks the rows it touches (approved ones).
            alignment_check(request.user, code, states=[])
            edit = ALIGNMENT_OPERATIONS[operation](segment=segment, language=code, user=request.user)
        elif operation in SOURCE_OPERATIONS:
            source_edit_check(request.user)
            if operation == "merge_source":
                edit = alignment_edit.alignment_merge_source(segment=segment, user=request.user)
            else:
                offset = request.POST.get("offset", "")
                if not offset.strip().isdigit():
                    raise BadRequest(_("offset must be a character position, not %(value)r") % {"value": offset})
                edit = alignment_edit.alignment_split_source(segment=segment, offset=int(offset), user=request.user)
        else:
            raise BadRequest(_("unknown operation %(operation)r") % {"operation": operation})
    except alignment_edit.AlignmentError as error:
        messages.error(request, str(error))
        return _back(request, document, f"seg-{segment.pk}")
    messages.success(request, edit.description)
    return _back(request, document, f"seg-{segment.pk}")


def _may_undo(user, edit: AlignmentEdit) -> bool:
    """Whether to offer the undo button (the service checks the rows' states when it runs)."""
    return can_edit_source(user) if edit.is_source_edit else can_translate(user, edit.language)


@require_POST
@staff_member_required
@_bad_request
def undo(request, slug, edit_id):
    document = _document(slug)
    edit = get_object_or_404(AlignmentEdit, pk=edit_id, document=document)
    if edit.is_source_edit:
        source_edit_check(request.user)
    else:
        alignment_check(request.user, edit.language, states=[])
    try:
        alignment_edit.alignment_undo(edit=edit, user=request.user)
    except alignment_edit.AlignmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Undone: %(edit)s") % {"edit": edit.description})
    return _back(request, document)


# --- comments and the split tool (side panel; full pages without JavaScript) ----


def _thread_language(document: Document, code: str) -> str:
    if code != document.source_language:
        _target_language(document, code)
    return code


@require_GET
@staff_member_required
@_bad_request
def thread(request, slug, segment_id, language):
    document = _document(slug)
    segment = _segment(document, segment_id)
    code = _thread_language(document, language)
    comments = comment_thread(segment=segment, language=code)
    context = {
        **admin.site.each_context(request),
        "title": _("Comments"),
        "document": document,
        "segment": segment,
        "language": code,
        "language_name": languages.display_name(code),
        "direction": languages.direction(code),
        "text": segment.source_text if code == document.source_language else segment.text_in(code),
        "comments": [(comment, can_resolve_comment(request.user, document, comment)) for comment in comments],
        "open_count": sum(1 for comment in comments if not comment.resolved),
        "may_comment": can_comment(request.user, document, code),
        "back": _safe_next(request),
        "self_url": _with_next(reverse("review:thread", args=[document.slug, segment.pk, code]), _safe_next(request)),
        "is_nav_sidebar_enabled": False,
    }
    template = "thread_panel.html" if request.GET.get("fragment") else "thread.html"
    return render(request, f"translations/review/{template}", context)


@require_POST
@staff_member_required
@_bad_request
def comment_create(request, slug, segment_id, language):
    document = _document(slug)
    segment = _segment(document, segment_id)
    code = _thread_language(document, language)
    if not can_comment(request.user, document, code):
        raise PermissionDenied(_("you may not comment on %(language)s") % {"language": languages.display_name(code)})
    try:
        comment_add(segment=segment, language=code, author=request.user, text=request.POST.get("text", ""))
    except InvalidComment as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment added."))
    return _back(request, document, f"seg-{segment.pk}")


@require_POST
@staff_member_required
@_bad_request
def comment_toggle(request, slug, comment_id):
    document = _document(slug)
    comment = get_object_or_404(Comment, pk=comment_id, segment__document=document)
    if not can_resolve_comment(request.user, document, comment):
        raise PermissionDenied(_("only the author or a reviewer may resolve a comment"))
    comment_resolve(comment=comment, user=request.user, resolved=request.POST.get("resolved", "1") == "1")
    return _back(request, document, f"seg-{comment.segment_id}")


@require_GET
@staff_member_required
@_bad_request
def split_tool(request, slug, segment_id):
    document = _document(slug)
    segment = _segment(document, segment_id)
    context = {
        **admin.site.each_context(request),
        "title": _("Split a source segment"),
        "document": document,
        "segment": segment,
        "direction": languages.direction(document.source_language),
        "source_language": document.source_language,
        "may_split": can_edit_source(request.user),
        "back": _safe_next(request),
        "is_nav_sidebar_enabled": False,
    }
    template = "split_panel.html" if request.GET.get("fragment") else "split.html"
    return render(request, f"translations/review/{template}", context)
