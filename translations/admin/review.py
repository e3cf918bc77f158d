"""Review in the admin: the link to a document's review page, comments and alignment edits."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import AlignmentEdit, Comment


@admin.display(description=_("review"))
def review_link(document):
    """A link to the side-by-side review page (list column and change-form field)."""
    if document.pk is None:
        return "—"
    return format_html(
        '<a class="wb-review-link" href="{}">{}</a>',
        reverse("review:document", args=[document.slug]),
        _("Review side by side"),
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("segment", "language", "author", "created_at", "resolved")
    list_filter = ("language", "resolved")
    search_fields = ("text", "segment__key")
    raw_id_fields = ("segment",)
    readonly_fields = ("author", "created_at", "resolved_by", "resolved_at")


@admin.register(AlignmentEdit)
class AlignmentEditAdmin(admin.ModelAdmin):
    """Read-only: edits are made and undone on the review page, where undo checks it is safe."""

    list_display = ("description", "document", "operation", "language", "user", "created_at", "undone_at")
    list_filter = ("operation", "language", "document")
    search_fields = ("description", "segment_key")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
