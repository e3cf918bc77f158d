"""What the exchange commands (export_po, export, import_po, import_xliff) share."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from ..models import Document
from ..parsing import SourceFormatError
from ..importers import get as get_importer
from ..permissions import import_check
from ..services.exchange import ImportPolicy, catalog_import, catalog_language


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
    """``import_<format> SLUG FILE [--lang] [--policy P] [--force] [--user] [--dry-run]``.

    Prints the summary, then every conflict key by key with both texts (see
    ``services.exchange``: an entry whose row changed in the workbench since
    the file was made is not applied unless ``--force``).
    """

    format = ""

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the document the file belongs to")
        parser.add_argument("file", help=f"the {self.format.upper()} file")
        parser.add_argument("--lang", help="target language (default: the one the file declares)")
        parser.add_argument(
            "--policy",
            choices=ImportPolicy.values,
            default=ImportPolicy.TRANSLATED,
            help="which rows may change: only untranslated ones, also translated ones (default), also approved ones",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="in a conflict (the row changed in the workbench since the file was made) take the file's text",
        )
        parser.add_argument(
            "--user", help="record the changes as this user, who needs the rights an upload needs (default: nobody)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")

    def handle(self, *args, slug, file, lang, policy, force, user, dry_run, verbosity, **options):
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
            catalog = get_importer(self.format).parse(data, path=path)
            code = catalog_language(document=document, catalog=catalog, language=lang)
            if account is not None:
                # The changes are recorded as this user: the same gate as an upload in the admin.
                import_check(account, code, policy=policy)
            report = catalog_import(
                document=document,
                catalog=catalog,
                language=code,
                user=account,
                force=force,
                policy=policy,
                dry_run=dry_run,
                progress=progress_bar(self, _("Importing"), "entry"),
            )
        except SourceFormatError as error:
            raise CommandError(_("%(error)s (nothing was imported)") % {"error": error}) from None
        except PermissionDenied as denied:
            raise CommandError(
                _("%(user)s: %(reason)s (nothing was imported)") % {"user": account.get_username(), "reason": denied}
            ) from None
        self.stdout.write(report.summary())
        if dry_run and report.changed_keys:
            self.stdout.write(
                _("Would change: %(keys)s") % {"keys": ", ".join(report.changed_keys)}
            )
        if verbosity >= 1:
            for note in report.notes:
                self.stdout.write(f"  {note}")
        if report.conflicts:
            # Always, even with -v 0: a conflict is work somebody has to look at.
            self.stdout.write(
                ngettext(
                    "%(count)d conflict (the row changed in the workbench after the file was made):",
                    "%(count)d conflicts (the rows changed in the workbench after the file was made):",
                    len(report.conflicts),
                )
                % {"count": len(report.conflicts)}
            )
            for line in report.conflict_lines():
                self.stdout.write(f"  {line}")
            if report.unresolved:
                self.stdout.write(
                    _(
                        "Kept the workbench's text for these. To resolve: edit them in the workbench, or export "
                        "again and redo them in the new file, or import again with --force to take the file's text."
                    )
                )
