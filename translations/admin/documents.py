"""Documents and their blocks in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from ..models import Block, Document
from .align_upload import AlignUploadMixin
from .alignment import alignment_links
from .editions import EditionDownloadMixin
from .exchange import DocumentExchangeMixin
from .progress import ProgressChangeList
from .quality import quality_links
from .repeats import PretranslateActionMixin
from .review import review_link
from .translate import translate_urls


@admin.register(Document)
class DocumentAdmin(
    PretranslateActionMixin, EditionDownloadMixin, DocumentExchangeMixin, AlignUploadMixin, TabbedTranslationAdmin
):
    list_display = ("slug", "source_title", "source_language", "source_revision", "progress", review_link, "updated_at")
    search_fields = ("slug", "title")
    readonly_fields = ("source_revision", "created_at", "updated_at", review_link, quality_links, alignment_links)

    class Media:
        css = {"all": ["translations/admin/translate.css"]}

    def get_urls(self):
        return translate_urls(self) + super().get_urls()

    def get_changelist(self, request, **kwargs):
        return ProgressChangeList

    # Not "title": modeltranslation would show the title in the interface language,
    # empty for a reader whose language the document has no title in yet.
    @admin.display(description=_("title"))
    def source_title(self, obj):
        return obj.title_in(obj.source_language) or "—"

    @admin.display(description=_("progress (translated / approved); open to translate"))
    def progress(self, obj):
        return getattr(obj, "progress_cell", "")  # set for the whole page by ProgressChangeList


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("document", "position", "kind", "retired")
    list_filter = ("document", "kind", "retired")
    ordering = ("document", "position")
