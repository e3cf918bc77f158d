"""Make a bilingual edition from a document's admin page, in the background.

``EditionDownloadMixin`` adds ``<document>/edition/`` to a ModelAdmin: a small
form (target languages, PDF, HTML or EPUB, columns or facing pages) that starts an
"edition" job (``translations.jobs.editions``) and sends the user to the job's
page, where the bar moves while Typst runs and the file is downloaded when it
is done. The document's change form links to it from the object tools
("Bilingual edition"). Anyone on the staff who may view the document may make
its editions (``permissions.can_view_documents``); a choice that cannot work
(two languages on facing pages) comes back on the form with the reason and
starts nothing; a failure while typesetting (a missing font) is the job's
error, in words, on its page.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..editions import EditionError, builder
from ..permissions import can_view_documents
from ..services.jobs import job_enqueue
from .jobs import job_started


class EditionForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Translations"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One for facing pages; one or two for columns."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("PDF (typeset book)")),
            ("html", _("HTML (one standalone file)")),
            ("epub", _("EPUB 3 (e-book: parallel paragraphs, or alternating chapters for facing pages)")),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[
            ("columns", _("Parallel columns: source and translation side by side")),
            ("facing", _("Facing pages: source on the left page, translation on the right")),
        ],
        initial="columns",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [(code, languages.display_name(code)) for code in document.target_languages]


class EditionDownloadMixin:
    """Adds the "Bilingual edition" view to the document admin."""

    edition_form_template = "admin/translations/document/edition.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/edition/",
                self.admin_site.admin_view(self.edition_view),
                name="%s_%s_edition" % info,
            ),
            *super().get_urls(),
        ]

    def edition_view(self, request, object_id):
        """The edition form; a valid submission downloads the edition."""
        document = self.get_object(request, unquote(object_id))
        if document is None:
            raise Http404(f"no document with id {object_id!r}")
        if not self.has_view_permission(request, document) or not can_view_documents(request.user):
            raise PermissionDenied
        form = EditionForm(request.POST or None, document=document)
        if request.method == "POST" and form.is_valid():
            params = {
                "languages": form.cleaned_data["languages"],
                "format": form.cleaned_data["format"],
                "layout": form.cleaned_data["layout"],
            }
            try:
                # The cheap checks now, on the form; typesetting in the job.
                builder._check_request(document, params["languages"], params["layout"])
            except EditionError as error:
                form.add_error(None, str(error))
            else:
                return job_started(request, job_enqueue(kind="edition", user=request.user, document=document,
                                                        params=params))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bilingual edition of “%(document)s”") % {"document": document},
            "opts": self.opts,
            "original": document,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.edition_form_template, context)
