"""``manage.py import_tmx FILE [--origin NAME] [--all-states]``: add a TMX file's pairs to the translation memory.

Only finished pairs (state final/approved, or no state in the file) unless ``--all-states``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ...parsing import SourceFormatError
from ...services.memory import memory_import_tmx


class Command(BaseCommand):
    help = "Import a TMX file into the translation memory (pairs already there are skipped)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .tmx file")
        parser.add_argument("--origin", help="label shown with its suggestions (default: tmx:<file name>)")
        parser.add_argument(
            "--all-states",
            action="store_true",
            help="also take drafts and unreviewed translations (default: only final/approved, or stateless)",
        )

    def handle(self, *args, path, origin, all_states, **options):
        quiet = options["verbosity"] == 0
        try:
            report = memory_import_tmx(
                path=path,
                origin=origin,
                all_states=all_states,
                progress=lambda pairs: tqdm(pairs, desc=_("Reading pairs"), unit="pair", disable=quiet, leave=False),
            )
        except SourceFormatError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Imported %(path)s: %(summary)s") % {"path": path, "summary": report.summary()})
