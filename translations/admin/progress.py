"""Per-language progress on the document list, in a fixed number of queries per page.

``ProgressChangeList`` computes ``selectors.document_progress`` once for the
page's documents (two queries, however many documents and languages) and
hands each document its rendered cell; ``DocumentAdmin.progress`` shows it.
"""

from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from .. import languages
from ..permissions import can_translate
from ..selectors import document_progress


def translate_url(document, language: str) -> str:
    return reverse("admin:translations_document_translate", args=[document.pk, language])


def progress_cell(document, progress: dict, user) -> str:
    """A bar per target language (translated, approved), linked to its translate view."""
    rows = []
    for code, p in progress.items():
        drafts = p.states.get("draft", 0)
        # Each count agrees with its number; "of 5 segments" takes the form of the total.
        title = _("%(language)s: %(translated)s, %(approved)s, %(drafts)s") % {
            "language": languages.display_name(code),
            "translated": ngettext(
                "%(translated)d of %(total)d segment translated",
                "%(translated)d of %(total)d segments translated",
                p.total,
            )
            % {"translated": p.translated, "total": p.total},
            # The context tells translators what is approved: translations.
            "approved": npgettext("translations", "%(count)d approved", "%(count)d approved", p.approved)
            % {"count": p.approved},
            "drafts": ngettext("%(count)d draft", "%(count)d drafts", drafts) % {"count": drafts},
        }
        if not can_translate(user, code):
            title += " " + _("(read only)")
        rows.append(
            (
                translate_url(document, code),
                title,
                code,
                p.translated_percent,
                p.approved_percent,
                p.translated_percent,
                p.approved_percent,
            )
        )
    return format_html(
        '<div class="wb-progress-list">{}</div>',
        format_html_join(
            "",
            '<a class="wb-progress" href="{}" title="{}"><span class="wb-progress-label">{}: {}% / {}%</span>'
            '<span class="wb-bar"><span class="wb-bar-translated" style="width:{}%"></span>'
            '<span class="wb-bar-approved" style="width:{}%"></span></span></a>',
            rows,
        ),
    )


class ProgressChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        progress = document_progress(self.result_list)
        for document in self.result_list:
            document.progress_cell = progress_cell(document, progress.get(document.pk, {}), request.user)
