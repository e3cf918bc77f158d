"""The edition's own words: title-page lines, the draft note, the imprint.

Plain strings in the active UI language (gettext), shared by the PDF and the
HTML edition; the templates only place them.
"""

from django.utils import formats
from django.utils.translation import gettext, ngettext, npgettext

from .builder import Edition


def edition_labels(edition: Edition) -> dict:
    """Title-page and page strings, translated into the active UI language."""
    source = edition.source
    names = " — ".join(_isolate(language.native_name) for language in edition.languages)
    details = []
    for language in edition.targets:
        unreviewed = language.translated - language.approved
        # Each count agrees with its number; the context tells translators the counted noun is "segment".
        details.append(
            gettext("%(language)s, %(total)s: %(approved)s, %(unreviewed)s, %(untranslated)s.")
            % {
                "language": _isolate(language.native_name),
                "total": ngettext("%(count)d segment", "%(count)d segments", language.total)
                % {"count": language.total},
                "approved": npgettext("segments", "%(count)d approved", "%(count)d approved", language.approved)
                % {"count": language.approved},
                "unreviewed": npgettext(
                    "segments", "%(count)d not yet approved", "%(count)d not yet approved", unreviewed
                )
                % {"count": unreviewed},
                "untranslated": npgettext(
                    "segments", "%(count)d untranslated", "%(count)d untranslated", language.untranslated
                )
                % {"count": language.untranslated},
            }
        )
    if any(language.untranslated for language in edition.targets):
        details.append(_untranslated_note(edition))
    document = edition.document
    imprint = [
        gettext("Source: %(language)s, revision %(revision)d%(origin)s.")
        % {
            "language": source.name,
            "revision": document.source_revision,
            "origin": f" ({document.origin})" if document.origin else "",
        },
        gettext("Exported from the translation workbench on %(date)s.")
        % {"date": formats.date_format(edition.generated_at, "DATE_FORMAT")},
    ]
    return {
        "edition": _edition_name(len(edition.languages)) % {"languages": names},
        "contents": gettext("Contents"),
        "draft": gettext("Draft translation"),
        "draft_short": gettext("draft translation"),
        "draft_details": details,
        "imprint": imprint,
    }


def _edition_name(count: int) -> str:
    # A three-language edition is not "bilingual".
    if count == 2:
        return gettext("Bilingual edition · %(languages)s")
    if count == 3:
        return gettext("Trilingual edition · %(languages)s")
    return gettext("Multilingual edition · %(languages)s")


def _isolate(name: str) -> str:
    # First-strong isolate: an Arabic language name inside an English
    # sentence must not drag the comma and numbers after it into its
    # right-to-left run ("43 ,العربية segments").
    return f"\u2068{name}\u2069"


def _untranslated_note(edition: Edition) -> str:
    markers = sorted({language.untranslated_label for language in edition.targets})
    return gettext("Untranslated sentences are marked %(marker)s.") % {"marker": " / ".join(markers)}
