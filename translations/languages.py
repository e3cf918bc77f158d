"""The languages the workbench knows: codes, names, direction, field names.

Language codes are Django's (``zh-hans``); per-language model fields use
modeltranslation's spelling (``text_zh_hans``). Everything that turns one into
the other goes through this module.
"""

from django.conf import settings
from django.utils.translation import get_language_info, gettext

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

# Languages whose sentences are joined without a space.
NO_SPACE_LANGUAGES = frozenset({"zh-hans", "zh-hant", "ja"})


class UnknownLanguage(ValueError):
    """A language code that is not in ``WORKBENCH_LANGUAGES``."""


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def name(code: str) -> str:
    """The English name (``German``): stable, for files and exports."""
    return dict(settings.LANGUAGES).get(code) or settings.KNOWN_LANGUAGES.get(code, code)


def display_name(code: str) -> str:
    """The name in the interface's active language (``Deutsch`` when the UI is German), for pages and messages."""
    return gettext(name(code))


def native_name(code: str) -> str:
    """The language's name for itself (``Deutsch``, ``العربيّة``), whatever the interface language."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return name(code)


def is_rtl(code: str) -> bool:
    return code in RTL_LANGUAGES


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def sentence_separator(code: str) -> str:
    return "" if code in NO_SPACE_LANGUAGES else " "


def validate(code: str) -> str:
    """Return ``code`` if the workbench is configured for it, else raise."""
    if code not in codes():
        raise UnknownLanguage(
            gettext("Unknown language %(code)r; configured languages are %(codes)s (WORKBENCH_LANGUAGES).")
            % {"code": code, "codes": ", ".join(codes())}
        )
    return code


def field_suffix(code: str) -> str:
    return code.replace("-", "_")


def text_field(code: str) -> str:
    """The segment's own text column for ``code`` (no fallback)."""
    return f"text_{field_suffix(code)}"
