"""The exporter contract and registry.

All exporters extend ``Exporter``, set ``id``, ``name``, ``content_type`` and
``extension``, and override ``export(request) -> bytes``. ``supports(request)``
says whether the exporter can handle the languages asked for (a PO file needs
exactly one target language; a TMX file takes any number). ``background``
marks formats too slow to build during a request (PDF editions of a book):
the API builds them as a background job.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Document, State
from ..plugins import ClassRegistry

# States that exchange formats mark as unfinished: PO ``fuzzy``, XLIFF ``initial``.
FUZZY_STATES = frozenset({State.DRAFT, State.NEEDS_REVIEW, State.NEEDS_UPDATE})

# The name files carry in X-Generator, creationtool and the like.
GENERATOR = "Translation workbench"
GENERATOR_VERSION = "0.1"


@dataclass
class ExportRequest:
    document: Document
    languages: list[str]
    options: dict = field(default_factory=dict)


class Exporter:
    id: str = ""
    name: str = ""
    content_type: str = "application/octet-stream"
    extension: str = ""
    background: bool = False
    filters_states: bool = False  # honours options["states"] (keep only translations in those states)

    def supports(self, request: ExportRequest) -> bool:
        return True

    def unsupported_reason(self, request: ExportRequest) -> str:
        """Why ``supports(request)`` is false, for error messages."""
        if not request.languages:
            return _("%(format)s cannot export without a language") % {"format": self.name}
        return _("%(format)s cannot export %(languages)s") % {
            "format": self.name,
            "languages": ", ".join(request.languages),
        }

    def export(self, request: ExportRequest) -> bytes:
        raise NotImplementedError

    def filename(self, request: ExportRequest) -> str:
        return f"{request.document.slug}.{'-'.join(request.languages)}.{self.extension}"


class TargetLanguagesExporter(Exporter):
    """An exporter for any set of the document's target languages (CSV, TMX)."""

    def supports(self, request: ExportRequest) -> bool:
        targets = request.document.target_languages
        return all(code in targets for code in request.languages)

    def unsupported_reason(self, request: ExportRequest) -> str:
        return _("%(format)s takes target languages of %(document)s: %(targets)s") % {
            "format": self.name,
            "document": request.document.slug,
            "targets": ", ".join(request.document.target_languages),
        }


class UnknownExporter(KeyError):
    pass


# Modules holding exporters; imported on first lookup (see plugins.ClassRegistry).
EXPORTER_MODULES: list[str] = [
    "translations.exporters.po",
    "translations.exporters.tmx",
    "translations.exporters.xliff",
    "translations.exporters.csv",
    "translations.exporters.docx",
    "translations.exporters.edition_pdf",
    "translations.exporters.edition_html",
    "translations.exporters.edition_epub",
]
_exporters: ClassRegistry[Exporter] = ClassRegistry(
    kind="export format", modules=EXPORTER_MODULES, unknown=UnknownExporter
)
registry = _exporters.classes
register = _exporters.register
get = _exporters.get
all_exporters = _exporters.all