"""``manage.py setup_demo``: the essay and its sample drafts, idempotently (used by ``make run``)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from ...permissions import groups_ensure
from ...services.quality_seed import quality_install
from ...services.samples import essay_install


class Command(BaseCommand):
    help = "Import the embedded essay and load the sample draft translations (safe to run again)."

    def handle(self, *args, **options):
        created = groups_ensure()
        if created:
            self.stdout.write(_("Created groups: %(groups)s") % {"groups": ", ".join(created)})
        report, samples = essay_install()
        if report.created:
            line = _("Imported %(summary)s")
        elif report.modified:
            line = _("Updated %(summary)s")
        else:
            line = _("Unchanged %(summary)s")
        self.stdout.write(line % {"summary": report.summary()})
        for code, loaded in samples.loaded.items():
            kept = samples.skipped[code]
            # Each count agrees with its number; the context tells translators both count drafts.
            self.stdout.write(
                _("Sample drafts [%(language)s]: %(loaded)s, %(kept)s")
                % {
                    "language": code,
                    "loaded": npgettext("drafts", "%(count)d loaded", "%(count)d loaded", loaded) % {"count": loaded},
                    "kept": npgettext("drafts", "%(count)d kept as it was", "%(count)d kept as they were", kept)
                    % {"count": kept},
                }
            )
        self.stdout.write(quality_install(document=report.document).summary())
