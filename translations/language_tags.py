"""Language codes as exchange formats spell them, and back.

The workbench uses Django's codes (``de``, ``zh-hans``). Files spell the same
language in other ways: gettext wants a locale name (``zh_Hans`` in the PO
``Language`` header and in ``locale/<name>/LC_MESSAGES``, as Django's own
catalogs do), XML formats want a BCP 47 tag (``zh-Hans``), and files coming
back may carry a region (``de_DE``, ``pt-BR``). ``from_tag`` maps any of these
to a configured code.
"""

from django.utils.translation import to_language, to_locale

from . import languages


def locale_name(code: str) -> str:
    """gettext's spelling: ``de``, ``zh_Hans``."""
    return to_locale(code)


def bcp47(code: str) -> str:
    """BCP 47 spelling for ``xml:lang``, ``srcLang``: ``de``, ``zh-Hans``."""
    return to_locale(code).replace("_", "-")


def from_tag(tag: str) -> str | None:
    """The configured code ``tag`` names (any spelling, region optional), or None."""
    tag = (tag or "").strip()
    if not tag:
        return None
    candidate = to_language(tag.replace("-", "_")).lower()
    configured = languages.codes()
    if candidate in configured:
        return candidate
    # "de-de" or "pt-br" when only "de" / "pt" is configured.
    base = candidate.split("-")[0]
    return base if base in configured else None
