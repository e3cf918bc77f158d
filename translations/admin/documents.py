"""Documents and their blocks in the admin."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .. import languages
from ..models import Block, Document
from ..selectors import document_progress
from .editions import EditionDownloadMixin


@admin.register(Document)
class DocumentAdmin(EditionDownloadMixin, TabbedTranslationAdmin):
    list_display = ("slug", "title", "source_language", "source_revision", "progress", "updated_at")
    search_fields = ("slug", "title")
    readonly_fields = ("source_revision", "created_at", "updated_at")

    @admin.display(description=_("progress (translated / approved)"))
    def progress(self, obj):
        # One query per page would be better; the document list is short.
        per_language = document_progress([obj]).get(obj.pk, {})
        return format_html_join(
            " ",
            '<span class="wb-progress" title="{}">{}: {}% / {}%</span>',
            (
                (languages.name(code), code, p.translated_percent, p.approved_percent)
                for code, p in per_language.items()
            ),
        )


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("document", "position", "kind", "retired")
    list_filter = ("document", "kind", "retired")
    ordering = ("document", "position")
