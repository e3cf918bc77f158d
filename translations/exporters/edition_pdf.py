"""Bilingual edition as a book-quality PDF, typeset by Typst (``editions/typesetting.py``)."""

from ..editions.typesetting import edition_pdf
from .base import register
from .edition import EditionExporter


@register
class EditionPdfExporter(EditionExporter):
    id = "edition-pdf"
    name = "Bilingual edition (PDF)"
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, edition):
        return edition_pdf(edition)
