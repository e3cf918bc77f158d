"""``manage.py ensure_admin``: make sure an ``admin`` superuser exists and say how to log in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Create the 'admin' superuser if missing (password from WORKBENCH_ADMIN_PASSWORD or generated)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        password = os.environ.get("WORKBENCH_ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(
                    _("Admin account “%(username)s”: password set from WORKBENCH_ADMIN_PASSWORD.")
                    % {"username": username}
                )
            else:
                self.stdout.write(
                    _(
                        "Admin account “%(username)s” exists; log in at %(url)s with its password "
                        "(set WORKBENCH_ADMIN_PASSWORD and run “make run” again to reset it)."
                    )
                    % {"username": username, "url": "http://127.0.0.1:8000/admin/"}
                )
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(_("Created admin account."))
        self.stdout.write(
            "  "
            + _("Log in at %(url)s as “%(username)s” with password: %(password)s")
            % {"url": "http://127.0.0.1:8000/admin/", "username": username, "password": password}
        )
        if generated:
            self.stdout.write("  " + _("(generated now and shown only once; set WORKBENCH_ADMIN_PASSWORD to choose it)"))
