"""``manage.py pretranslate SLUG [--lang LANG]``: fill untranslated segments from exact memory matches.

Each filled segment is *needs review* (provenance "translation memory");
nothing is approved or overwritten. Prints the counts per language.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import languages
from ...models import Document
from ...services.repeats import memory_pretranslate


class Command(BaseCommand):
    help = "Fill untranslated segments with exact translation-memory matches, as needs review."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the document to pretranslate")
        parser.add_argument("--lang", action="append", help="a target language (repeatable; default: all)")
        parser.add_argument("--user", help="record this user as the author of the pre-filled rows")

    def handle(self, *args, slug, lang, user, **options):
        document = Document.objects.filter(slug=slug).first()
        if document is None:
            known = ", ".join(Document.objects.values_list("slug", flat=True)) or _("none")
            raise CommandError(_("no document %(slug)r; known: %(known)s") % {"slug": slug, "known": known})
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("no user %(user)r") % {"user": user})
        codes = lang or document.target_languages
        for code in codes:
            try:
                languages.validate(code)
            except languages.UnknownLanguage as error:
                raise CommandError(str(error)) from None
            if code == document.source_language:
                raise CommandError(
                    _("%(language)s is the source language of %(document)s.")
                    % {"language": languages.display_name(code), "document": document.slug}
                )
        for code in codes:
            self.stdout.write(memory_pretranslate(document=document, language=code, user=account).summary())
