"""``manage.py setup_demo``: the essay and its sample drafts, idempotently (used by ``make run``)."""

from django.core.management.base import BaseCommand

from ...permissions import groups_ensure
from ...services.quality_seed import quality_install
from ...services.samples import essay_install


class Command(BaseCommand):
    help = "Import the embedded essay and load the sample draft translations (safe to run again)."

    def handle(self, *args, **options):
        created = groups_ensure()
        if created:
            self.stdout.write(f"Created groups: {', '.join(created)}")
        report, samples = essay_install()
        verb = "Imported" if report.created else ("Updated" if report.modified else "Unchanged")
        self.stdout.write(f"{verb} {report.summary()}")
        for code, count in samples.loaded.items():
            self.stdout.write(
                f"Sample drafts [{code}]: {count} loaded, {samples.skipped[code]} kept as they were"
            )
        self.stdout.write(quality_install(document=report.document).summary())
