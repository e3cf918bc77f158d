"""``manage.py align_translation SLUG --lang LANG FILE [--force]``."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ...align import work_total
from ...models import Document
from ...parsing import SourceFormatError
from ...selectors import active_segments
from ...services.aligned_import import target_sentences_read, translation_align_import


class Command(BaseCommand):
    help = "Align an existing translation (plain text or Markdown) to a document's segments and store it as drafts."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", help="the translation (.txt or .md)")
        parser.add_argument("--lang", required=True, help="the translation's language code")
        parser.add_argument("--force", action="store_true", help="also replace approved translations")

    def handle(self, *args, slug, file, lang, force, **options):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            raise CommandError(_("no document with slug %(slug)r") % {"slug": slug})
        try:
            total = work_total(active_segments(document).count(), len(target_sentences_read(path=file, language=lang)))
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        with tqdm(total=total, desc=_("Aligning"), unit="step", disable=options["verbosity"] == 0) as bar:
            try:
                report = translation_align_import(
                    document=document, language=lang, path=file, force=force, progress=bar.update
                )
            except SourceFormatError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(report.summary())
        self.stdout.write(
            _("Alignment map: %(url)s") % {"url": f"/admin/translations/alignmentrun/{report.run.pk}/change/"}
        )
