"""Bilingual edition as one standalone, print-friendly HTML file (``editions/html.py``)."""

from ..editions.html import edition_html
from .base import register
from .edition import EditionExporter


@register
class EditionHtmlExporter(EditionExporter):
    id = "edition-html"
    name = "Bilingual edition (HTML)"
    content_type = "text/html; charset=utf-8"
    extension = "html"

    def render(self, edition):
        return edition_html(edition).encode("utf-8")
