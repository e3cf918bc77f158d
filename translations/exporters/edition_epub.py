"""Bilingual edition as an EPUB 3 e-book (``editions/epub.py``)."""

from ..editions.epub import edition_epub
from .base import register
from .edition import EditionExporter


@register
class EditionEpubExporter(EditionExporter):
    id = "edition-epub"
    name = "Bilingual edition (EPUB)"
    content_type = "application/epub+zip"
    extension = "epub"

    def render(self, edition):
        return edition_epub(edition)
