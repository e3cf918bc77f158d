"""Segments: the change form uses modeltranslation's tabbed language fields."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from ..models import Segment, Translation, TranslationChange
from .language_access import LanguageTextAdminMixin, ServiceWrittenAdminMixin


@admin.register(Segment)
class SegmentAdmin(LanguageTextAdminMixin, TabbedTranslationAdmin):
    list_display = ("key", "document", "block", "position", "source_text", "retired")
    list_filter = ("document", "retired", "block__kind")
    search_fields = ("key", "source_text")
    readonly_fields = ("document", "block", "position", "key", "source_text", "separator")
    ordering = ("document", "block__position", "position")


@admin.register(Translation)
class TranslationAdmin(ServiceWrittenAdminMixin, admin.ModelAdmin):
    list_display = ("segment", "language", "state", "version", "changed_by", "changed_at", "provenance")
    list_filter = ("language", "state", "provenance")
    raw_id_fields = ("segment",)


@admin.register(TranslationChange)
class TranslationChangeAdmin(ServiceWrittenAdminMixin, admin.ModelAdmin):
    list_display = ("segment", "language", "action", "old_state", "new_state", "user", "created_at")
    list_filter = ("language", "action")
    raw_id_fields = ("segment",)
