"""``manage.py check_translations SLUG [--lang LANG] [--no-source]``: run the quality checks in bulk.

Prints every open finding with its segment key, then counts; exits with
status 1 when an error-level finding is open (dismissed findings do not
count), so CI can gate on it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from ... import languages
from ...checks.counts import errors_text, warnings_text
from ...checks import registry
from ...models import CheckFinding, Document, Severity
from ...services.checks import checks_run_document


class Command(BaseCommand):
    help = "Run the quality checks over a document; exit status 1 when any error-level finding is open."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the document to check")
        parser.add_argument("--lang", action="append", help="a target language (repeatable; default: all)")
        parser.add_argument("--no-source", action="store_true", help="skip the checks of the source text")

    def handle(self, *args, slug, lang, no_source, **options):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            known = ", ".join(Document.objects.values_list("slug", flat=True)) or _("none")
            raise CommandError(_("no document %(slug)r; known: %(known)s") % {"slug": slug, "known": known})
        for code in lang or []:
            try:
                languages.validate(code)
            except languages.UnknownLanguage as error:
                raise CommandError(str(error)) from None
            if code == document.source_language:
                raise CommandError(
                    _("%(language)s is the source language of %(document)s; the source is checked unless --no-source")
                    % {"language": code, "document": slug}
                )
        quiet = options["verbosity"] == 0
        report = checks_run_document(
            document=document,
            languages=lang,
            source=not no_source,
            progress=lambda items, label: tqdm(
                items, desc=_("Checking %(language)s") % {"language": label}, unit="block", disable=quiet, leave=False
            ),
        )
        runs = ([""] if not no_source else []) + report.languages
        findings = (
            CheckFinding.objects.filter(
                segment__document=document, segment__retired=False, language__in=runs, dismissed_at__isnull=True
            )
            .select_related("segment__block")
            .order_by("segment__block__position", "segment__position", "language", "check_id")
        )
        checks = registry.all_checks()
        for finding in findings:
            label = finding.language or _("source")
            self.stdout.write(
                f"{finding.segment.key} [{label}] {finding.severity} {finding.check_id}: {finding.message}"
            )
        for code in runs:
            errors = report.open[(code, Severity.ERROR)]
            warnings = report.open[(code, Severity.WARNING)]
            dismissed = report.dismissed[(code, Severity.ERROR)] + report.dismissed[(code, Severity.WARNING)]
            # The same counted nouns as the findings page ("%(n)s error", "%(n)s dismissed").
            self.stdout.write(
                _("%(language)s: %(errors)s, %(warnings)s, %(dismissed)s")
                % {
                    "language": code or _("source"),
                    "errors": errors_text(errors),
                    "warnings": warnings_text(warnings),
                    "dismissed": ngettext("%(n)s dismissed", "%(n)s dismissed", dismissed) % {"n": dismissed},
                }
            )
        for check_id, count in sorted(report.by_check.items()):
            name = checks[check_id].name if check_id in checks else check_id
            self.stdout.write(f"  {check_id} ({name}): {count}")
        if report.errors:
            raise CommandError(
                ngettext(
                    "%(errors)d error-level finding in %(document)s",
                    "%(errors)d error-level findings in %(document)s",
                    report.errors,
                )
                % {"errors": report.errors, "document": slug},
                returncode=1,
            )
        self.stdout.write(
            _("%(document)s: no error-level findings (%(warnings)s)")
            % {
                "document": slug,
                "warnings": warnings_text(report.warnings),
            }
        )
