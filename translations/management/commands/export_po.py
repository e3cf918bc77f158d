"""``manage.py export_po SLUG --lang LANG[,LANG…|all] [--out DIR] [--mo]``.

Writes ``DIR/<locale>/LC_MESSAGES/SLUG.po`` (DIR defaults to the project's
top-level ``locale/``, where the UI catalogs live too) and, with ``--mo``,
the compiled ``SLUG.mo`` beside it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...exporters import ExportRequest, get
from ...exporters.po import ReservedDomain, catalog_path
from ..exchange import document_or_error, language_list, progress_bar
from ..outpaths import inside, make_directory, plain_name, output_directory, write_file


class Command(BaseCommand):
    help = "Export a document's translations as gettext PO files (one per language), optionally compiled to MO."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--lang", required=True, help="target language, a comma-separated list, or 'all'")
        parser.add_argument("--out", help="the locale directory (default: <project>/locale)")
        parser.add_argument("--mo", action="store_true", help="also compile each catalog to .mo")

    def handle(self, *args, slug, lang, out, mo, verbosity, **options):
        self.verbosity = verbosity
        document = document_or_error(slug)
        directory = output_directory(out or settings.BASE_DIR / "locale")
        exporters = [get("po")] + ([get("mo")] if mo else [])
        for code in language_list(lang, document):
            request = ExportRequest(
                document=document,
                languages=[code],
                options={"progress": progress_bar(self, _("Exporting %(language)s") % {"language": code}, "segment")},
            )
            for exporter in exporters:
                if not exporter.supports(request):
                    raise CommandError(exporter.unsupported_reason(request))
                try:
                    path = catalog_path(directory, document.slug, code, exporter.extension)
                except ReservedDomain as error:
                    raise CommandError(str(error)) from None
                inside(directory, path.parent / plain_name(path.name))
                make_directory(path.parent)
                data = exporter.export(request)
                write_file(path, data)
                wrote = ngettext("Wrote %(path)s (%(size)s byte)", "Wrote %(path)s (%(size)s bytes)", len(data))
                self.stdout.write(wrote % {"path": path, "size": f"{len(data):,}"})
