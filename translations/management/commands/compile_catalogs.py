"""``manage.py compile_catalogs [--force]``: compile the interface catalogs (``django.po``, ``djangojs.po``) to ``.mo``.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt`` and compiles every
``.po`` it finds, the exported essay catalogs included; this command uses polib
and compiles only the interface's two domains (see ``interface_catalogs``).
``make run`` calls it; the test suite compiles missing or stale catalogs itself.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...interface_catalogs import interface_catalogs, interface_catalogs_compile
from ...parsing import SourceFormatError


class Command(BaseCommand):
    help = "Compile the interface translations (locale/*/LC_MESSAGES/django.po, djangojs.po) to .mo files with polib."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="compile every catalog, not only the stale ones")

    def handle(self, *args, force, verbosity, **options):
        try:
            written = interface_catalogs_compile(force=force)
        except SourceFormatError as error:
            raise CommandError(_("%(error)s (no catalog was compiled)") % {"error": error}) from None
        if verbosity >= 2:
            for path in written:
                self.stdout.write(str(path))
        total = len(interface_catalogs())
        if verbosity >= 1:
            self.stdout.write(
                _("Interface catalogs compiled: %(written)d of %(total)d (the others were up to date).")
                % {"written": len(written), "total": total}
            )
