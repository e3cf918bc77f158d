"""The part both edition exporters share: options, the edition, the file name.

Options: ``layout`` ("columns" or "facing", default columns), ``progress``
(wraps the segment iteration, e.g. a tqdm bar) and ``stage`` (called with
"reading" and then "rendering", for a command's status line). After
``export()``, ``last_edition`` holds the edition just exported so callers can
report its counts. Subclasses set the usual ``Exporter`` attributes and
override ``render(edition) -> bytes``.
"""

from ..editions import builder
from .base import Exporter, ExportRequest

# ``export_edition --format`` and the admin's edition form: format -> exporter id.
EDITION_FORMATS = {"pdf": "edition-pdf", "html": "edition-html", "epub": "edition-epub"}


class EditionExporter(Exporter):
    background = True  # typesetting a book takes minutes
    last_edition: builder.Edition | None = None

    def supports(self, request: ExportRequest) -> bool:
        layout = request.options.get("layout", "columns")
        return layout in builder.LAYOUTS and 1 <= len(request.languages) <= builder.MAX_TARGETS[layout]

    def export(self, request: ExportRequest) -> bytes:
        stage = request.options.get("stage") or (lambda name: None)
        stage("reading")
        self.last_edition = builder.edition_build(
            document=request.document,
            languages=request.languages,
            layout=request.options.get("layout", "columns"),
            progress=request.options.get("progress"),
        )
        stage("rendering")
        return self.render(self.last_edition)

    def render(self, edition: builder.Edition) -> bytes:
        raise NotImplementedError

    def filename(self, request: ExportRequest) -> str:
        layout = request.options.get("layout", "columns")
        languages = "-".join([request.document.source_language, *request.languages])
        return f"{request.document.slug}.{languages}.{layout}.{self.extension}"
