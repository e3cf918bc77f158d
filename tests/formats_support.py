"""Helpers shared by the exchange-format tests (test_formats_*.py)."""

from translations import languages
from translations.exporters import ExportRequest, get
from translations.models import Document, Segment, Translation, TranslationChange


def export(document, format_id: str, *codes: str) -> bytes:
    document = Document.objects.get(pk=document.pk)  # fixtures may hold a stale title
    return get(format_id).export(ExportRequest(document=document, languages=list(codes)))


def snapshot(document):
    """Everything an import could change, to prove that one changed nothing."""
    text_fields = [languages.text_field(code) for code in languages.codes()]
    return (
        list(Segment.objects.filter(document=document).order_by("id").values_list("id", "source_text", *text_fields)),
        list(
            Translation.objects.filter(segment__document=document)
            .order_by("id")
            .values_list("id", "language", "state", "version", "changed_at", "changed_by", "provenance")
        ),
        TranslationChange.objects.filter(segment__document=document).count(),
    )


def segments(document):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))
