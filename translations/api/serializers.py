"""Request and response shapes of the API (and so of its OpenAPI schema).

Responses are read from selectors and models; requests are validated here and
handed to the services, which do the writing. Texts are never trimmed
(``trim_whitespace=False``): a translation's spaces are part of it.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import languages
from ..models import Comment, Document, State
from ..services.documents import ImportReport
from ..slugs import SlugRefused, slug_validate

MAX_BULK_ITEMS = 500


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text=_("What went wrong, in words."))
    field = serializers.CharField(allow_null=True, help_text=_("The request field it is about, if any."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text=_("Every invalid field (dotted for nested items) with its messages."),
    )


class DocumentSerializer(serializers.ModelSerializer):
    target_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField()
    segments_url = serializers.SerializerMethodField()
    progress_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "slug", "title", "source_language", "target_languages", "source_revision", "origin",
            "created_at", "updated_at", "url", "segments_url", "progress_url",
        ]

    def _url(self, document, name) -> str:
        return _absolute(self.context["request"], name, document.slug)

    def get_url(self, document) -> str:
        return self._url(document, "document")

    def get_segments_url(self, document) -> str:
        return self._url(document, "segments")

    def get_progress_url(self, document) -> str:
        return self._url(document, "progress")


class SourceUploadSerializer(serializers.Serializer):
    """A revised source text for an existing document (re-imported like ``import_document``)."""

    file = serializers.FileField(help_text=_("Plain text (.txt) or Markdown (.md), UTF-8."))
    title = serializers.CharField(required=False, max_length=300, help_text=_("A new title (default: unchanged)."))


class DocumentCreateSerializer(SourceUploadSerializer):
    slug = serializers.CharField(help_text=_("ASCII letters, digits, hyphens and underscores; at most 50."))
    language = serializers.ChoiceField(
        choices=languages.codes(), required=False,
        help_text=_("The source language (default: the workbench's first language)."),
    )

    def validate_slug(self, slug: str) -> str:
        try:
            slug_validate(slug)
        except SlugRefused as refused:
            raise serializers.ValidationError(refused.message) from None
        if Document.objects.filter(slug=slug).exists():
            raise serializers.ValidationError(
                _("A document %(slug)s exists already; PUT its source/ to re-import it.") % {"slug": slug}
            )
        return slug


class ImportReportSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    blocks = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    changed = serializers.IntegerField()
    new = serializers.IntegerField()
    retired = serializers.IntegerField()
    revived = serializers.IntegerField()
    needs_update = serializers.IntegerField(help_text=_("Translations sent to “needs update”, all languages."))
    revision = serializers.IntegerField(source="document.source_revision")
    summary = serializers.SerializerMethodField()

    def get_summary(self, report: ImportReport) -> str:
        return report.summary()


class ImportResultSerializer(serializers.Serializer):
    document = DocumentSerializer()
    report = ImportReportSerializer()


class TranslationSerializer(serializers.Serializer):
    """A segment's translation in one language; ``version`` is its ETag."""

    language = serializers.CharField()
    text = serializers.CharField(trim_whitespace=False, allow_blank=True)
    state = serializers.ChoiceField(choices=State.choices)
    version = serializers.IntegerField(help_text=_("Send it back in If-Match to write."))
    changed_by = serializers.CharField(allow_blank=True)
    changed_at = serializers.DateTimeField(allow_null=True)
    provenance = serializers.CharField(allow_blank=True)
    joined_with_previous = serializers.BooleanField(help_text=_("Translated together with the previous segment (2:1)."))


def translation_data(segment, code: str, row) -> dict:
    """The ``TranslationSerializer`` fields of ``segment`` in ``code`` (``row`` None: never written)."""
    text = segment.text_in(code)
    return {
        "language": code,
        "text": text,
        "state": row.state if row is not None and text else State.UNTRANSLATED,
        "version": row.version if row is not None else 0,
        "changed_by": row.changed_by.get_username() if row is not None and row.changed_by_id else "",
        "changed_at": row.changed_at if row is not None else None,
        "provenance": row.provenance if row is not None else "",
        "joined_with_previous": bool(row is not None and row.joined_with_previous),
    }


class SegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(help_text=_("Stable across re-imports; the PO msgctxt."))
    block = serializers.IntegerField(help_text=_("1-based block number."))
    kind = serializers.CharField()
    position = serializers.IntegerField(help_text=_("0-based position in the block."))
    source_text = serializers.CharField(trim_whitespace=False)
    translations = serializers.DictField(child=TranslationSerializer(), help_text=_("Per language code."))

    def to_representation(self, segment) -> dict:
        codes = self.context["codes"]
        rows = {row.language: row for row in segment.listed_rows}
        return {
            "id": segment.pk,
            "key": segment.key,
            "block": segment.block.position + 1,
            "kind": segment.block.kind,
            "position": segment.position,
            "source_text": segment.source_text,
            "translations": {
                code: TranslationSerializer(translation_data(segment, code, rows.get(code))).data for code in codes
            },
        }


class TranslationWriteSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False, allow_blank=True, required=False, max_length=100_000,
        help_text=_("The new text (omit to change only the state)."),
    )
    state = serializers.ChoiceField(
        choices=State.choices, required=False,
        help_text=_("Omit: “translated” for a text, “untranslated” for an empty one."),
    )

    def validate(self, data):
        if "text" not in data and "state" not in data:
            raise serializers.ValidationError(_("Send a text, a state or both."))
        return data


class BulkItemSerializer(TranslationWriteSerializer):
    key = serializers.CharField(max_length=64, help_text=_("The segment's key."))
    version = serializers.IntegerField(min_value=0, help_text=_("The ETag you read (as for If-Match)."))


class BulkWriteSerializer(serializers.Serializer):
    items = BulkItemSerializer(many=True, allow_empty=False, max_length=MAX_BULK_ITEMS)

    def validate_items(self, items):
        seen = set()
        for index, item in enumerate(items):
            if item["key"] in seen:
                raise serializers.ValidationError(
                    _("Item %(index)d: segment %(key)s is listed twice.") % {"index": index, "key": item["key"]}
                )
            seen.add(item["key"])
        return items


class BulkResultSerializer(serializers.Serializer):
    written = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    translations = serializers.DictField(child=TranslationSerializer(), help_text=_("Per segment key."))


class CommentSerializer(serializers.ModelSerializer):
    segment = serializers.CharField(source="segment.key", read_only=True)
    author = serializers.SerializerMethodField()
    resolved_by = serializers.SerializerMethodField()
    resolve_url = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "segment", "language", "author", "text", "created_at", "resolved", "resolved_by",
                  "resolved_at", "resolve_url"]

    def get_author(self, comment) -> str:
        return comment.author.get_username() if comment.author_id else ""

    def get_resolved_by(self, comment) -> str:
        return comment.resolved_by.get_username() if comment.resolved_by_id else ""

    def get_resolve_url(self, comment) -> str:
        return _absolute(self.context["request"], "comment-resolve", comment.pk)


class CommentCreateSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=languages.codes())
    text = serializers.CharField(help_text=_("At most 5,000 characters."))


class CommentResolveSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(default=True, help_text=_("False opens the comment again."))


class ProgressSerializer(serializers.Serializer):
    language = serializers.CharField()
    total = serializers.IntegerField()
    translated = serializers.IntegerField()
    approved = serializers.IntegerField()
    translated_percent = serializers.IntegerField()
    approved_percent = serializers.IntegerField()
    states = serializers.DictField(child=serializers.IntegerField())


class ExportFormatSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    extension = serializers.CharField()
    content_type = serializers.CharField()
    background = serializers.BooleanField(help_text=_("Built as a background job (POST to exports/)."))
    url = serializers.CharField(allow_null=True, help_text=_("GET it with ?language=…; null for background formats."))
