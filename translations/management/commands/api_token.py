"""``manage.py api_token USERNAME [--reissue]``: print the user's API token (created if missing)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...services.api_tokens import api_token_issue


class Command(BaseCommand):
    help = "Print USERNAME's API token for /api/v1/, creating it if missing (--reissue: replace it)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reissue", action="store_true", help="replace the token; the old one stops working")

    def handle(self, *args, username, reissue, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user “%(username)s”.") % {"username": username})
        if not user.is_active or not user.is_staff:
            self.stderr.write(
                _("Note: “%(username)s” is not an active staff account; the API will refuse its requests (403).")
                % {"username": username}
            )
        token, created = api_token_issue(user=user, reissue=reissue)
        if options["verbosity"] > 0:
            message = _("New token for %(username)s:") if created else _("Token for %(username)s:")
            self.stderr.write(message % {"username": username})
        self.stdout.write(token.key)
