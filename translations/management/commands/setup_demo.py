"""``manage.py setup_demo``: the essay, its sample translations and their memory pairs, idempotently (``make run``)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from ...permissions import groups_ensure
from ...services.quality_seed import quality_install
from ...services.samples import essay_install


class Command(BaseCommand):
    help = "Import the embedded essay and load the sample translations (safe to run again)."

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
            added = samples.memory.get(code, 0)
            # Each count agrees with its number; the context tells translators what is counted.
            self.stdout.write(
                _("Sample translations [%(language)s]: %(loaded)s, %(kept)s; %(memory)s")
                % {
                    "language": code,
                    "loaded": npgettext("drafts", "%(count)d loaded", "%(count)d loaded", loaded) % {"count": loaded},
                    "kept": npgettext("drafts", "%(count)d kept as it was", "%(count)d kept as they were", kept)
                    % {"count": kept},
                    "memory": npgettext(
                        "pairs", "%(count)d new in the translation memory", "%(count)d new in the translation memory",
                        added,
                    )
                    % {"count": added},
                }
            )
        self.stdout.write(quality_install(document=report.document).summary())
