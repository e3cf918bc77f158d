"""``manage.py import_document PATH --slug SLUG [--title TITLE] [--lang en]``."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ...parsing import SourceFormatError
from ...services.documents import document_import


class Command(BaseCommand):
    help = "Import or re-import a plain-text (.txt) or Markdown (.md) source text as a document."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the source file (.txt or .md)")
        parser.add_argument("--slug", required=True, help="the document's slug; an existing one is updated")
        parser.add_argument("--title", help="the title in the source language (default: the slug)")
        parser.add_argument("--lang", help="source language code (default: the first of WORKBENCH_LANGUAGES)")
        parser.add_argument("--origin", help="where the text came from (default: the file name)")

    def handle(self, *args, path, slug, title, lang, origin, **options):
        quiet = options["verbosity"] == 0
        try:
            report = document_import(
                path=path,
                slug=slug,
                title=title,
                language=lang,
                origin=origin,
                progress=lambda blocks: tqdm(blocks, desc=_("Segmenting"), unit="block", disable=quiet),
            )
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        if report.created:
            line = _("Imported %(summary)s")
        elif report.modified:
            line = _("Updated %(summary)s")
        else:
            line = _("Unchanged %(summary)s")
        self.stdout.write(line % {"summary": report.summary()})
