"""Align an uploaded translation from a document's admin page, in the background.

``AlignUploadMixin`` adds ``<document>/align/`` to the document admin: a
form (the translation as .txt or .md, its language, "also replace approved
translations") that starts an "alignment" job (``translations.jobs.alignment``,
what ``manage.py align_translation`` does) and sends the user to the job's
page; its outcome links to the alignment map. Who may start it:
``permissions.can_align_translation`` (translators of that language;
reviewers to replace approved translations). A file of the wrong type or
size comes back on the form and nothing starts.
"""

from pathlib import Path

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..parsing import MARKDOWN_SUFFIXES, PLAIN_SUFFIXES
from ..services.jobs import job_enqueue
from .exchange import upload_size_check
from .jobs import job_started


class AlignUploadForm(forms.Form):
    file = forms.FileField(label=_("Translation (.txt or .md)"))
    language = forms.ChoiceField(label=_("Its language"))
    force = forms.BooleanField(
        label=_("also replace approved translations"), required=False, help_text=_("Reviewers only.")
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, f"{languages.display_name(code)} ({code})") for code in document.target_languages
        ]

    def clean_file(self):
        upload = upload_size_check(self.cleaned_data["file"])
        if Path(upload.name).suffix.lower() not in MARKDOWN_SUFFIXES | PLAIN_SUFFIXES:
            raise forms.ValidationError(_("use .txt (plain text) or .md (Markdown)"), code="unknown_type")
        return upload


class AlignUploadMixin:
    """Adds the "Align a translation" view to the document admin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/align/", self.admin_site.admin_view(self.align_view), name="%s_%s_align" % info),
            *super().get_urls(),
        ]

    def align_view(self, request, object_id):
        document = self.get_object(request, unquote(object_id))
        if document is None:
            raise Http404(f"no document with id {object_id!r}")
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        form = AlignUploadForm(request.POST or None, request.FILES or None, document=document)
        if request.method == "POST" and form.is_valid():
            params = {"language": form.cleaned_data["language"], "force": form.cleaned_data["force"]}
            try:
                job = job_enqueue(
                    kind="alignment", user=request.user, document=document, params=params,
                    input_file=form.cleaned_data["file"],
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            else:
                return job_started(request, job)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Align a translation of “%(document)s”") % {"document": document},
            "opts": self.opts,
            "original": document,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/translations/document/align.html", context)
