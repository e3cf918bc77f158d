"""``manage.py export SLUG --format po|mo|tmx|xliff|csv|docx [--lang LANG[,LANG…]|all] [--out PATH|-]``."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...exporters import ExportRequest, UnknownExporter, all_exporters, get
from ..exchange import document_or_error, language_list, progress_bar
from ..outpaths import output_file, write_file


class Command(BaseCommand):
    help = (
        "Export a document in an exchange format: tmx (all languages), xliff (one language pair), "
        "csv (any languages), po or mo (one language)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, help=", ".join(sorted(e.id for e in all_exporters())))
        parser.add_argument(
            "--lang", default="all", help="target language(s), comma-separated, or 'all' (default)"
        )
        parser.add_argument(
            "--bom", action="store_true", help="CSV only: start with a UTF-8 byte-order mark (for Excel)"
        )
        parser.add_argument(
            "--out", help="output file, or a directory for the default file name, or - for standard output"
        )

    def handle(self, *args, slug, format, lang, out, bom, verbosity, **options):
        self.verbosity = verbosity
        document = document_or_error(slug)
        try:
            exporter = get(format)
        except UnknownExporter as error:
            raise CommandError(error.args[0]) from None
        request = ExportRequest(
            document=document,
            languages=language_list(lang, document),
            options={"progress": progress_bar(self, _("Exporting"), "segment"), "bom": bom},
        )
        if bom and exporter.id != "csv":
            raise CommandError(_("--bom applies to CSV files only, not %(format)s") % {"format": exporter.name})
        if not exporter.supports(request):
            raise CommandError(exporter.unsupported_reason(request))
        # --out is checked before the export runs: a bad path costs no work.
        path = None if out == "-" else output_file(out, default_name=exporter.filename(request))
        data = exporter.export(request)
        if path is None:
            sys.stdout.buffer.write(data)
            return
        write_file(path, data)
        wrote = ngettext(
            "Wrote %(path)s (%(size)s byte, %(format)s)", "Wrote %(path)s (%(size)s bytes, %(format)s)", len(data)
        )
        self.stdout.write(wrote % {"path": path, "size": f"{len(data):,}", "format": exporter.name})
