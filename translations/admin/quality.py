"""Quality in the admin: glossary, translation memory, quotation registry, check findings."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..checks.counts import errors_and_warnings
from ..models import CheckFinding, GlossaryTerm, MemoryEntry, PublishedTranslation, Quotation, Severity, Work


@admin.display(description=_("Checks"))
def quality_links(document):
    """Per target language, the open findings (with the source's) and a link to the checks page; one query."""
    if document.pk is None:
        return "—"
    rows = (
        CheckFinding.objects.filter(segment__document=document, segment__retired=False, dismissed_at__isnull=True)
        .order_by()
        .values_list("language")
        .annotate(
            errors=Count("id", filter=Q(severity=Severity.ERROR)),
            warnings=Count("id", filter=Q(severity=Severity.WARNING)),
        )
    )
    counts = {language: (errors, warnings) for language, errors, warnings in rows}
    source_errors, source_warnings = counts.get("", (0, 0))

    def label(code):
        errors, warnings = counts.get(code, (0, 0))
        errors, warnings = errors + source_errors, warnings + source_warnings
        return errors_and_warnings(errors, warnings)

    return format_html(
        '<ul class="wb-quality-links">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}" class="wb-findings-link" lang="{}">{}</a>: {}</li>',
            (
                (reverse("quality:document-findings", args=[document.slug, code]), code, languages.name(code),
                 label(code))
                for code in document.target_languages
            ),
        ),
    )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("source_term", "target_term", "source_language", "target_language", "note")
    list_filter = ("source_language", "target_language")
    search_fields = ("source_term", "target_term", "variants", "note")
    fields = ("source_language", "target_language", "source_term", "target_term", "variants", "note")


@admin.register(MemoryEntry)
class MemoryEntryAdmin(admin.ModelAdmin):
    list_display = ("source_text", "target_text", "source_language", "target_language", "origin", "updated_at")
    list_filter = ("source_language", "target_language", "origin")
    search_fields = ("source_text", "target_text")
    raw_id_fields = ("segment",)
    readonly_fields = ("source_length", "created_at", "updated_at")


class QuotationInline(admin.TabularInline):
    model = Quotation
    extra = 0
    fields = ("document", "first_segment", "last_segment", "note")
    raw_id_fields = ("first_segment", "last_segment")
    show_change_link = True


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("author", "title", "original_title", "year", "original_language")
    search_fields = ("author", "title", "original_title")
    inlines = [QuotationInline]


class PublishedTranslationInline(admin.StackedInline):
    model = PublishedTranslation
    extra = 0
    fields = ("language", "policy", "source", "text")


@admin.register(Quotation)
class QuotationAdmin(admin.ModelAdmin):
    list_display = ("work", "document", "first_segment", "last_segment", "has_original")
    list_filter = ("document", "work__author")
    search_fields = ("work__author", "work__title", "original_text", "first_segment__source_text")
    autocomplete_fields = ("first_segment", "last_segment")
    fields = ("document", "work", "first_segment", "last_segment", "original_text", "original_reference", "note")
    inlines = [PublishedTranslationInline]

    @admin.display(boolean=True, description=_("original entered"))
    def has_original(self, obj):
        return bool(obj.original_text)


@admin.register(CheckFinding)
class CheckFindingAdmin(admin.ModelAdmin):
    """Findings are written by the checks; the admin lists them. Dismiss on the quality pages."""

    list_display = ("segment", "language", "check_id", "severity", "message", "dismissed_label")
    list_filter = ("severity", "check_id", "language", ("dismissed_at", admin.EmptyFieldListFilter))
    search_fields = ("segment__key", "message", "dismissed_reason")
    raw_id_fields = ("segment",)
    readonly_fields = [field.name for field in CheckFinding._meta.fields]

    @admin.display(description=_("dismissed"))
    def dismissed_label(self, obj):
        if not obj.dismissed:
            return "—"
        return format_html("{}: {}", obj.dismissed_by or _("someone"), obj.dismissed_reason)

    def has_add_permission(self, request):
        return False
