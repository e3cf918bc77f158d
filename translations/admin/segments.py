"""Segments, translations and history in the admin.

The segment change form uses modeltranslation's tabbed language fields, but
never writes a language column itself: each changed language goes through
``translation_save`` (state, history, optimistic locking against the version
the form was opened with). Language fields the user may not change are
disabled (so the server ignores whatever is posted for them): the source
language, languages the user does not translate, approved translations for
non-reviewers, and every language of a retired segment.

Translations and history are read-only lists; state changes happen through
the bulk actions (approve, send back for review), which check per language.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from .. import languages
from ..models import Segment, State, Translation, TranslationChange
from ..permissions import can_change_translation, can_edit_source, can_review
from ..services.translations import EditConflict, InvalidTranslation, translation_save, translation_set_state


def version_field(code: str) -> str:
    return f"version_{languages.field_suffix(code)}"


class SegmentForm(forms.ModelForm):
    """Adds, per language, the hidden version the form was opened with; a stale one is a conflict."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.translation_rows = (
            {row.language: row for row in self.instance.translations.select_related("changed_by")}
            if self.instance.pk
            else {}
        )
        for code in languages.codes():
            row = self.translation_rows.get(code)
            self.initial[version_field(code)] = row.version if row else 0

    def changed_languages(self) -> list[str]:
        return [code for code in languages.codes() if languages.text_field(code) in self.changed_data]

    def clean(self):
        cleaned = super().clean()
        stale = []
        for code in self.changed_languages():
            row = self.translation_rows.get(code)
            current = row.version if row else 0
            if (cleaned.get(version_field(code)) or 0) != current:
                stale.append((code, row, current))
        if stale:
            stored = Segment.objects.filter(pk=self.instance.pk).values(
                *(languages.text_field(code) for code, _row, _v in stale)
            ).get()
            # Re-submitting after reading the message saves over the new version.
            self.data = self.data.copy()
            for code, row, current in stale:
                self.data[self.add_prefix(version_field(code))] = current
                self.add_error(
                    languages.text_field(code),
                    ValidationError(
                        _(
                            "%(user)s changed the %(language)s translation since you opened this page; "
                            "it now reads: “%(text)s”. Nothing was saved. Save again to replace it with yours."
                        ),
                        code="edit_conflict",
                        params={
                            "user": row.changed_by.get_username() if row and row.changed_by_id else _("Someone"),
                            "language": languages.display_name(code),
                            "text": stored[languages.text_field(code)] or "",
                        },
                    ),
                )
        return cleaned


# One field per configured language, so declared after the fact (the metaclass
# reads declared_fields when the admin builds its form class from this one).
SegmentForm.declared_fields.update(
    {
        version_field(code): forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
        for code in languages.codes()
    }
)
SegmentForm.base_fields = SegmentForm.declared_fields


class HistoryInline(admin.TabularInline):
    """Every change of this segment, all languages, newest first (read-only)."""

    model = TranslationChange
    extra = 0
    can_delete = False
    fields = ("created_at", "language", "user", "action", "old_state", "new_state", "old_text", "new_text", "revert")
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    verbose_name_plural = _("history (revert from the language's history page)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("history"))
    def revert(self, change):
        url = reverse(
            "admin:translations_document_translate_history",
            args=[change.segment.document_id, change.language, change.segment_id],
        )
        return format_html('<a href="{}">{}</a>', url, _("history / revert"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "segment")


@admin.register(Segment)
class SegmentAdmin(TabbedTranslationAdmin):
    form = SegmentForm
    list_display = ("key", "document", "block", "position", "source_text", "retired")
    list_filter = ("document", "retired", "block__kind")
    list_select_related = ("document", "block")
    search_fields = ("key", "source_text")
    readonly_fields = ("document", "block", "position", "key", "source_text", "separator")
    # The source first, then the language tabs (modeltranslation expands
    # "text"), then the hidden versions the form was opened with.
    fields = (
        "source_text",
        "text",
        *(version_field(code) for code in languages.codes()),
        "retired",
        "document",
        "block",
        "position",
        "key",
        "separator",
    )
    ordering = ("document", "block__position", "position")
    inlines = [HistoryInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_edit_source(request.user):
            fields.append("retired")
        return fields

    def locked_languages(self, request, obj) -> list[str]:
        """Languages whose field this user may not change on ``obj``."""
        if obj is None:
            return list(languages.codes())  # segments come from imports, with keys
        states = dict(obj.translations.values_list("language", "state"))
        return [
            code
            for code in languages.codes()
            if obj.retired
            or code == obj.document.source_language
            or not can_change_translation(request.user, code, states.get(code, State.UNTRANSLATED))
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        locked = {languages.text_field(code) for code in self.locked_languages(request, obj)}

        class LockedLanguagesForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for code in languages.codes():
                    field = self.fields.get(languages.text_field(code))
                    if field is not None:
                        field.widget.attrs.update(lang=code, dir=languages.direction(code))
                        field.disabled = field.disabled or languages.text_field(code) in locked

        return LockedLanguagesForm

    def save_model(self, request, obj, form, change):
        text_fields = {languages.text_field(code) for code in languages.codes()}
        version_fields = {version_field(code) for code in languages.codes()}
        if change:
            # Only the plain fields are written here; never the language columns.
            other = [name for name in form.changed_data if name not in text_fields | version_fields]
            if other:
                obj.save(update_fields=other)
        else:
            for name in text_fields:
                setattr(obj, name, "")
            obj.save()
        for code in form.changed_languages():
            name = languages.text_field(code)
            try:
                translation_save(
                    segment=obj,
                    language=code,
                    text=form.cleaned_data[name] or "",
                    user=request.user,
                    expected_version=form.cleaned_data.get(version_field(code)) or 0,
                )
            except EditConflict as conflict:
                # Only a save in the instant between clean() and here gets this far.
                messages.error(request, f"{languages.display_name(code)}: {conflict}")
            except InvalidTranslation as invalid:
                messages.error(request, f"{languages.display_name(code)}: {invalid}")


class ReviewActionsMixin:
    """Bulk state changes, checked per language: all rows or none."""

    def has_review_permission(self, request) -> bool:
        return any(can_review(request.user, code) for code in languages.codes())

    def _bulk_state(self, request, queryset, state: str) -> None:
        rows = list(queryset.select_related("segment__document"))
        denied = sorted({row.language for row in rows if not can_review(request.user, row.language)})
        if denied:
            raise PermissionDenied(
                gettext("You may not review %(languages)s.")
                % {"languages": ", ".join(languages.display_name(code) for code in denied)}
            )
        changed = skipped = 0
        with transaction.atomic():
            for row in rows:
                if row.state in (State.UNTRANSLATED, state) or row.segment.retired:
                    skipped += 1
                    continue
                translation_set_state(
                    segment=row.segment,
                    language=row.language,
                    state=state,
                    user=request.user,
                    expected_version=row.version,
                )
                changed += 1
        label = State(state).label
        self.message_user(
            request,
            ngettext(
                "%(count)d translation set to %(state)s.", "%(count)d translations set to %(state)s.", changed
            )
            % {"count": changed, "state": label},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d skipped (untranslated, retired or already %(state)s).",
                    "%(count)d skipped (untranslated, retired or already %(state)s).",
                    skipped,
                )
                % {"count": skipped, "state": label},
                messages.WARNING,
            )

    @admin.action(description=_("Approve selected translations"), permissions=["review"])
    def approve(self, request, queryset):
        self._bulk_state(request, queryset, State.APPROVED)

    @admin.action(description=_("Send selected translations back for review"), permissions=["review"])
    def send_back_for_review(self, request, queryset):
        self._bulk_state(request, queryset, State.NEEDS_REVIEW)


@admin.register(Translation)
class TranslationAdmin(ReviewActionsMixin, admin.ModelAdmin):
    list_display = ("segment_key", "language", "state", "text", "version", "changed_by", "changed_at", "provenance")
    list_filter = ("language", "state", "provenance", "segment__document")
    list_select_related = ("segment", "segment__document", "changed_by")
    search_fields = ("segment__key", "segment__source_text")
    actions = ["approve", "send_back_for_review"]

    # State changes only through the actions and the translate view (services, history).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("segment"), ordering="segment__key")
    def segment_key(self, row):
        url = reverse("admin:translations_document_translate", args=[row.segment.document_id, row.language])
        # ?seg= opens the page of the translate view that holds the segment.
        return format_html('<a href="{}?seg={}#seg-{}">{}</a>', url, row.segment.key, row.segment.key, row.segment.key)

    @admin.display(description=_("text"))
    def text(self, row):
        text = row.segment.text_in(row.language)
        return text if len(text) <= 80 else text[:79] + "…"


@admin.register(TranslationChange)
class TranslationChangeAdmin(admin.ModelAdmin):
    list_display = ("segment", "language", "action", "old_state", "new_state", "user", "created_at")
    list_filter = ("language", "action")
    list_select_related = ("segment", "user")
    search_fields = ("segment__key", "old_text", "new_text")

    # History is written by the services only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
