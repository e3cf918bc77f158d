"""Quality pages and endpoints: thin views over ``quality`` selectors and ``services.checks``.

- ``document_findings``: every open finding of a document in one language,
  segment by segment, with dismiss forms for reviewers.
- ``segment_quality``: one segment with everything quality knows about it:
  glossary terms, quotation context, findings, memory matches.
- ``finding_dismiss_view`` / ``finding_restore_view``: POST (CSRF-protected);
  the service checks the permission (a reviewer of the language; for source
  findings an editor or a reviewer of every language). Answer JSON when asked
  for it, else redirect back to ``next``.
- ``memory_suggestions``: JSON for the translate view: memory matches for a
  segment (or for ``?q=`` text), with the HTML to show them.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import languages, permissions
from ..checks import registry
from ..glossary import terms_in
from ..models import CheckFinding, Document, Segment
from ..selectors.quality import finding_counts, findings_for, glossary_for, quotation_context, tm_suggestions
from ..selectors import active_segments
from ..services.checks import finding_dismiss, finding_restore


def _language_or_404(code: str, document: Document) -> str:
    if code not in languages.codes() or code == document.source_language:
        raise Http404(f"{code} is not a target language of {document.slug}")
    return code


def _require_translator(request, code: str) -> None:
    if not permissions.can_translate(request.user, code):
        raise PermissionDenied(_("You may not work on this language."))


def _dismiss_rights(request, code: str, document: Document) -> dict:
    return {
        "can_review": permissions.can_review(request.user, code),
        "can_dismiss_source": permissions.may_dismiss_source(request.user, document),
    }


@staff_member_required
@require_GET
def document_findings(request, slug: str, language: str):
    document = get_object_or_404(Document, slug=slug)
    _language_or_404(language, document)
    _require_translator(request, language)
    show_dismissed = request.GET.get("dismissed") == "1"
    check_filter = request.GET.get("check", "")
    by_segment = findings_for(document, language, include_dismissed=show_dismissed)
    terms = glossary_for(document.source_language, language)
    rows = []
    for segment in active_segments(document):
        findings = [f for f in by_segment.get(segment.pk, []) if not check_filter or f.check_id == check_filter]
        if findings:
            rows.append({"segment": segment, "target": segment.text_in(language), "findings": findings})
    return render(
        request,
        "translations/quality/document_findings.html",
        {
            # The admin's header (site name, user tools, language switcher), like the review page.
            **admin.site.each_context(request),
            "is_nav_sidebar_enabled": False,
            "title": _("Checks: %(document)s in %(language)s") % {"document": document, "language": languages.display_name(language)},
            "document": document,
            "language": language,
            "direction": languages.direction(language),
            "source_direction": languages.direction(document.source_language),
            "rows": rows,
            "terms": terms,
            "counts": finding_counts(document, language),
            "checks": registry.all_checks().values(),
            "check_filter": check_filter,
            "show_dismissed": show_dismissed,
            "next": request.get_full_path(),
            **_dismiss_rights(request, language, document),
        },
    )


@staff_member_required
@require_GET
def segment_quality(request, segment_id: int, language: str):
    segment = get_object_or_404(Segment.objects.select_related("document", "block"), pk=segment_id)
    document = segment.document
    _language_or_404(language, document)
    _require_translator(request, language)
    terms = glossary_for(document.source_language, language)
    matched = list({id(m.term): m.term for m in terms_in(segment.source_text, terms)}.values())
    return render(
        request,
        "translations/quality/segment.html",
        {
            # The admin's header (site name, user tools, language switcher), like the review page.
            **admin.site.each_context(request),
            "is_nav_sidebar_enabled": False,
            "title": _("Segment %(key)s in %(language)s") % {"key": segment.key, "language": languages.display_name(language)},
            "document": document,
            "segment": segment,
            "language": language,
            "direction": languages.direction(language),
            "source_direction": languages.direction(document.source_language),
            "target": segment.text_in(language),
            "terms": terms,
            "matched_terms": matched,
            "quoted": quotation_context(segment, language),
            "findings": findings_for(document, language).get(segment.pk, []),
            "suggestions": tm_suggestions(segment, language),
            "next": request.get_full_path(),
            **_dismiss_rights(request, language, document),
        },
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, finding: CheckFinding):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        language = finding.language or finding.segment.document.target_languages[0]
        target = reverse("quality:document-findings", args=[finding.segment.document.slug, language])
    return HttpResponseRedirect(target)


def _finding_json(finding: CheckFinding, status: int = 200) -> JsonResponse:
    return JsonResponse(
        {
            "id": finding.pk,
            "check": finding.check_id,
            "dismissed": finding.dismissed,
            "dismissed_by": finding.dismissed_by.get_username() if finding.dismissed_by_id else "",
            "reason": finding.dismissed_reason,
        },
        status=status,
    )


@require_POST
def finding_dismiss_view(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    finding = get_object_or_404(CheckFinding.objects.select_related("segment__document"), pk=pk)
    try:
        finding_dismiss(finding=finding, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
        return _back(request, finding)
    if _wants_json(request):
        return _finding_json(finding)
    messages.success(request, _("Finding dismissed: %s") % registry.check_name(finding.check_id))
    return _back(request, finding)


@require_POST
def finding_restore_view(request, pk: int):
    if not request.user.is_authenticated:
        raise PermissionDenied
    finding = get_object_or_404(CheckFinding.objects.select_related("segment__document"), pk=pk)
    finding_restore(finding=finding, user=request.user)
    if _wants_json(request):
        return _finding_json(finding)
    return _back(request, finding)


@require_GET
def memory_suggestions(request, segment_id: int, language: str):
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"error": _("Log in first.")}, status=403)
    segment = get_object_or_404(Segment.objects.select_related("document"), pk=segment_id)
    if language not in languages.codes() or language == segment.document.source_language:
        return JsonResponse(
            {
                "error": _("%(language)s is not a target language of %(document)s.")
                % {"language": language, "document": segment.document.slug}
            },
            status=400,
        )
    if not permissions.can_translate(request.user, language):
        return JsonResponse({"error": _("You may not translate into this language.")}, status=403)
    query = request.GET.get("q")
    try:
        limit = max(1, min(int(request.GET.get("limit", 5)), 20))
    except ValueError:
        return JsonResponse({"error": _("The limit must be a number.")}, status=400)
    suggestions = tm_suggestions(segment, language, limit, text=query)
    html = render_to_string(
        "translations/quality/_memory.html",
        {"suggestions": suggestions, "language": language, "source_language": segment.document.source_language},
        request=request,
    )
    return JsonResponse(
        {
            "segment": segment.key,
            "language": language,
            "query": segment.source_text if query is None else query,
            "suggestions": [suggestion.as_dict() for suggestion in suggestions],
            "html": html,
        }
    )

