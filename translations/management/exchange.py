"""What the exchange commands (export_po, export, import_po, import_xliff) share."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ..models import Document
from ..parsing import SourceFormatError
from ..services.exchange import translation_file_import


def document_or_error(slug: str) -> Document:
    try:
        return Document.objects.get(slug=slug)
    except Document.DoesNotExist:
        known = ", ".join(Document.objects.values_list("slug", flat=True)) or _("none yet")
        raise CommandError(_("no document %(slug)r (documents: %(known)s)") % {"slug": slug, "known": known}) from None


def language_list(value: str, document: Document) -> list[str]:
    """``de``, ``de,fr`` or ``all`` (every target language of the document)."""
    if value == "all":
        return document.target_languages
    return [code.strip() for code in value.split(",") if code.strip()]


def progress_bar(command: BaseCommand, description: str, unit: str):
    quiet = command.verbosity == 0
    return lambda items: tqdm(items, desc=description, unit=unit, disable=quiet, leave=False)


class ImportCommand(BaseCommand):
    """``import_<format> SLUG FILE [--lang] [--force] [--user] [--dry-run]``."""

    format = ""

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the document the file belongs to")
        parser.add_argument("file", help=f"the {self.format.upper()} file")
        parser.add_argument("--lang", help="target language (default: the one the file declares)")
        parser.add_argument(
            "--force", action="store_true", help="overwrite approved translations even when newer than the file"
        )
        parser.add_argument("--user", help="record the changes as this user (default: nobody)")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, slug, file, lang, force, user, dry_run, verbosity, **options):
        self.verbosity = verbosity
        document = document_or_error(slug)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("%(path)s: cannot read the file (%(reason)s)") % {"path": path, "reason": error.strerror}
            ) from None
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("no user %(user)r") % {"user": user})
        try:
            report = translation_file_import(
                document=document,
                data=data,
                path=path,
                language=lang,
                user=account,
                force=force,
                format=self.format,
                dry_run=dry_run,
                progress=progress_bar(self, _("Importing"), "entry"),
            )
        except SourceFormatError as error:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": error}) from None
        self.stdout.write(report.summary())
        if dry_run and report.changed_keys:
            self.stdout.write(
                _("Would change: %(keys)s") % {"keys": ", ".join(report.changed_keys)}
            )
        if verbosity >= 1:
            for note in report.notes:
                self.stdout.write(f"  {note}")
