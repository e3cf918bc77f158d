"""Exchange files in the admin: download PO/MO/XLIFF/DOCX/TMX/CSV, upload PO, XLIFF or DOCX.

``DocumentExchangeMixin`` adds two views to the document admin (linked from
the change form's object tools):

- ``<id>/exchange/``: per target language, export buttons, and an upload
  form whose result is the same report the ``import_po`` command prints;
- ``<id>/exchange/<format>/<language>/`` (``all`` for the multilingual TMX and
  CSV): a POST (the page's buttons) starts an "export" job and sends the user
  to its page, where the file is downloaded when it is made; a GET answers
  with the file at once (for scripts and small texts). ``bom=1`` gives a CSV a
  UTF-8 byte-order mark so that Excel reads it as UTF-8.

An upload larger than ``WORKBENCH_BACKGROUND_IMPORT_BYTES`` is imported by a
"translation-import" job (``translations.jobs.exchange``), whose page shows
the report's summary; smaller ones are imported at once, the report on this
page.

Downloading needs view permission on the document. Uploading a file in
language X is checked by ``permissions.import_check``: translation rights,
and review rights for the policy "also approved". The result lists every
conflict (a row changed in the workbench after the file was made) with both
texts; the *take the file's text* checkbox resolves them the file's way. The language is known only once the file is read, so
the file is parsed first and then checked, before anything is written.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..exporters import ExportRequest, UnknownExporter
from ..exporters import get as get_exporter
from ..importers import for_path
from ..parsing import SourceFormatError, too_large_message
from ..permissions import import_check
from ..selectors import document_progress
from ..services.exchange import ImportPolicy, catalog_import, catalog_language
from ..services.jobs import job_enqueue
from .jobs import job_started

# Formats offered per language, and for all languages at once.
PER_LANGUAGE_FORMATS = ("po", "mo", "xliff", "docx")
ALL_LANGUAGE_FORMATS = ("tmx", "csv")


def upload_size_check(upload):
    """``upload``, or a ValidationError when it is over the import limit."""
    if upload.size > settings.WORKBENCH_MAX_IMPORT_BYTES:
        # The commands' refusal, in the same words: it counts the bytes with their plural form.
        raise forms.ValidationError(
            too_large_message(upload.size, settings.WORKBENCH_MAX_IMPORT_BYTES), code="too_large"
        )
    return upload


class TranslationUploadForm(forms.Form):
    file = forms.FileField(label=_("PO, XLIFF or Word review table (.docx)"))
    language = forms.ChoiceField(
        label=_("language"), required=False, help_text=_("Leave empty to use the language the file declares.")
    )
    policy = forms.TypedChoiceField(
        label=_("rows to change"),
        choices=ImportPolicy.choices,
        initial=ImportPolicy.TRANSLATED,
        required=False,
        empty_value=ImportPolicy.TRANSLATED,
        help_text=_("Changing approved rows is for reviewers of the language."),
    )
    force = forms.BooleanField(
        label=_("in a conflict, take the file's text"),
        required=False,
        help_text=_(
            "A conflict is a row changed in the workbench after the file was made. Without this the "
            "workbench's text is kept and the conflict is listed with both texts."
        ),
    )
    dry_run = forms.BooleanField(label=_("dry run: report only, change nothing"), required=False)

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("from the file"))] + [
            (code, f"{languages.display_name(code)} ({code})") for code in document.target_languages
        ]

    def clean_file(self):
        upload = upload_size_check(self.cleaned_data["file"])
        try:
            for_path(upload.name)
        except SourceFormatError as error:
            raise forms.ValidationError(error.reason, code="unknown_type") from None
        return upload


class DocumentExchangeMixin:
    """Mix into the document ``ModelAdmin`` before the admin class."""

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/exchange/", wrap(self.exchange_view), name=f"{name}_exchange"),
            path(
                "<path:object_id>/exchange/<str:format>/<str:language>/",
                wrap(self.exchange_download_view),
                name=f"{name}_exchange_download",
            ),
        ] + super().get_urls()

    def _document(self, request, object_id):
        document = self.get_object(request, object_id)
        if document is None:
            raise Http404(f"no document with id {object_id!r}")
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        return document

    def exchange_download_view(self, request, object_id, format, language):
        document = self._document(request, object_id)
        try:
            exporter = get_exporter(format)
        except UnknownExporter:
            raise Http404(f"unknown format {format!r}") from None
        codes = document.target_languages if language == "all" else [language]
        # The admin's "for Excel" checkbox: a CSV with a UTF-8 byte-order mark.
        options = {"bom": True} if format == "csv" and request.GET.get("bom") else {}
        export_request = ExportRequest(document=document, languages=codes, options=options)
        if not exporter.supports(export_request):
            raise Http404(exporter.unsupported_reason(export_request))
        if request.method == "POST":
            job = job_enqueue(
                kind="export", user=request.user, document=document, params={"format": format, "languages": codes}
            )
            return job_started(request, job)
        response = HttpResponse(exporter.export(export_request), content_type=exporter.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exporter.filename(export_request)}"'
        return response

    def exchange_view(self, request, object_id):
        document = self._document(request, object_id)
        report = error = None
        status = 200
        if request.method == "POST":
            form = TranslationUploadForm(request.POST, request.FILES, document=document)
            if form.is_valid() and form.cleaned_data["file"].size > settings.WORKBENCH_BACKGROUND_IMPORT_BYTES:
                try:
                    return job_started(request, self._upload_job(request, document, form.cleaned_data))
                except PermissionDenied as failure:
                    status = 403
                    error = gettext("%(error)s — nothing was imported.") % {"error": str(failure).rstrip(".")}
            elif form.is_valid():
                try:
                    report = self._upload(request, document, form.cleaned_data)
                except (SourceFormatError, PermissionDenied) as failure:
                    status = 403 if isinstance(failure, PermissionDenied) else 400
                    error = gettext("%(error)s — nothing was imported.") % {"error": str(failure).rstrip(".")}
        else:
            form = TranslationUploadForm(document=document)
        progress = document_progress([document]).get(document.pk, {})
        rows = [
            {
                "code": code,
                "name": languages.display_name(code),
                "progress": progress.get(code),
            }
            for code in document.target_languages
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "title": _("Exchange files: %(document)s") % {"document": document},
            "document": document,
            "rows": rows,
            "per_language_formats": PER_LANGUAGE_FORMATS,
            "all_language_formats": ALL_LANGUAGE_FORMATS,
            "form": form,
            "report": report,
            "error": error,
            "background_import_bytes": settings.WORKBENCH_BACKGROUND_IMPORT_BYTES,
        }
        return TemplateResponse(request, "translations/exchange/document_exchange.html", context, status=status)

    def _upload_job(self, request, document, data):
        if data["language"]:
            import_check(request.user, data["language"], policy=data["policy"])
        params = {
            "language": data["language"] or None,
            "force": data["force"],
            "policy": data["policy"],
            "dry_run": data["dry_run"],
        }
        return job_enqueue(
            kind="translation-import", user=request.user, document=document, params=params, input_file=data["file"]
        )

    def _upload(self, request, document, data):
        upload = data["file"]
        catalog = for_path(upload.name).parse(upload.read(), path=upload.name)
        code = catalog_language(document=document, catalog=catalog, language=data["language"] or None)
        import_check(request.user, code, policy=data["policy"])
        return catalog_import(
            document=document,
            catalog=catalog,
            language=code,
            user=request.user,
            force=data["force"],
            policy=data["policy"],
            dry_run=data["dry_run"],
        )
