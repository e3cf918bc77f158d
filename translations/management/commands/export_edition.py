"""``manage.py export_edition SLUG --lang de [--lang fr] --format pdf|html|epub --layout columns|facing --out FILE``."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext
from tqdm import tqdm

from ...editions import LAYOUTS, EditionError
from ...editions.typesetting import pdf_page_count
from ...exporters import base as exporters
from ...exporters.edition import EDITION_FORMATS
from ...languages import display_name
from ...models import Document
from ..outpaths import output_file, write_file



class Command(BaseCommand):
    help = "Export a bilingual edition of a document (source plus one or two translations) as PDF, HTML or EPUB."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the document's slug")
        parser.add_argument(
            "--lang", action="append", required=True, dest="languages", metavar="LANG",
            help="a target language; give it twice for two translations (columns layout)",
        )  # fmt: skip
        parser.add_argument("--format", choices=sorted(EDITION_FORMATS), default="pdf")
        parser.add_argument("--layout", choices=LAYOUTS, default="columns")
        parser.add_argument("--out", help="the file to write (default: <slug>.<languages>.<layout>.<format>)")

    def handle(self, *args, slug, languages, format, layout, out, **options):
        quiet = options["verbosity"] == 0
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            known = ", ".join(Document.objects.values_list("slug", flat=True)) or _("none")
            raise CommandError(_("no document with slug %(slug)r (documents: %(known)s)") % {"slug": slug, "known": known})
        exporter = exporters.get(EDITION_FORMATS[format])
        # One bar for the three steps; the segment bar runs inside the first.
        steps = tqdm(total=3, desc=_("Reading segments"), unit="step", disable=quiet, leave=False)
        stage_names = {
            "reading": _("Reading segments"),
            "rendering": _("Typesetting") if format == "pdf" else _("Rendering"),
        }

        def stage(name):
            if name != "reading":
                steps.update(1)
            steps.set_description(stage_names[name])

        request = exporters.ExportRequest(
            document=document,
            languages=languages,
            options={
                "layout": layout,
                "stage": stage,
                "progress": lambda items: tqdm(
                    items, total=document.segments.filter(retired=False).count(), desc="  " + _("segments"),
                    unit="segment", disable=quiet, leave=False,
                ),
            },
        )  # fmt: skip
        path = output_file(out, default_name=exporter.filename(request))
        started = time.monotonic()
        try:
            data = exporter.export(request)
        except EditionError as error:
            steps.close()
            raise CommandError(str(error)) from None
        steps.update(1)
        steps.set_description(_("Writing"))
        try:
            write_file(path, data)
        finally:
            steps.update(1)
            steps.close()
        self.stdout.write(self._summary(exporter.last_edition, path, data, format, time.monotonic() - started))

    def _summary(self, edition, path, data, format, seconds) -> str:
        """The lines the command prints, in the active language; each count agrees with its number (ngettext)."""
        size = f"{len(data) / 1024:.0f} KB"
        pages = ""
        if format == "pdf":
            count = pdf_page_count(data)
            pages = ngettext(", %(count)d page", ", %(count)d pages", count) % {"count": count}
        blocks, segments = len(edition.blocks), edition.segment_count
        lines = [
            _("Wrote %(path)s (%(layout)s, %(size)s%(pages)s, %(seconds).1f s): %(blocks)s, %(segments)s.")
            % {
                "path": path,
                "layout": edition.layout,
                "size": size,
                "pages": pages,
                "seconds": seconds,
                "blocks": ngettext("%(count)d block", "%(count)d blocks", blocks) % {"count": blocks},
                "segments": ngettext("%(count)d segment", "%(count)d segments", segments) % {"count": segments},
            }
        ]
        for language in edition.targets:
            # The context tells translators the counted noun is "segment".
            lines.append(
                "  "
                + _("%(language)s: %(translated)s (%(approved)s), %(untranslated)s.")
                % {
                    "language": display_name(language.code),
                    "translated": npgettext(
                        "segments", "%(count)d translated", "%(count)d translated", language.translated
                    )
                    % {"count": language.translated},
                    "approved": npgettext("segments", "%(count)d approved", "%(count)d approved", language.approved)
                    % {"count": language.approved},
                    "untranslated": npgettext(
                        "segments",
                        "%(count)d untranslated (marked as such)",
                        "%(count)d untranslated (marked as such)",
                        language.untranslated,
                    )
                    % {"count": language.untranslated},
                }
            )
        if edition.is_draft:
            lines.append("  " + _("Not every segment is approved: the edition is marked “draft translation”."))
        return "\n".join(lines)
