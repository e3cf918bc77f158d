from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _groups_ensure(sender, **kwargs):
    # After migrate (and after auth created this app's permissions, which it
    # does on the same signal, connected earlier): the groups exist with their
    # model permissions on every database, not only where setup_demo ran.
    from .permissions import groups_ensure

    groups_ensure()


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import register_sqlite_functions

        post_migrate.connect(_groups_ensure, sender=self, dispatch_uid="translations.groups_ensure")
        # The translate view's search folds case in SQL (translations/search.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="translations.sqlite_functions")
