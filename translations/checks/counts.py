"""Counted findings in words: "1 error", "3 warnings", "1 error, 3 warnings".

One place for the counted nouns that the admin's quality links, the review
page's cells, ``check_translations`` and the quality seed report all print,
so each language's plural forms (and its comma, Arabic "،") are written once.
"""

from django.utils.translation import gettext, ngettext


def errors_text(count: int) -> str:
    return ngettext("%(n)s error", "%(n)s errors", count) % {"n": count}


def warnings_text(count: int) -> str:
    return ngettext("%(n)s warning", "%(n)s warnings", count) % {"n": count}


def errors_and_warnings(errors: int, warnings: int) -> str:
    """Both counts as one translatable pair, so a language can use its own comma."""
    return gettext("%(errors)s, %(warnings)s") % {"errors": errors_text(errors), "warnings": warnings_text(warnings)}
