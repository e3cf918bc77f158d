"""gettext ``Plural-Forms`` headers for the languages the workbench knows.

The formulas are GNU gettext's (the ones its ``msginit`` writes), so
``msgfmt -c`` accepts them and Poedit shows the right number of plural fields.
Segments have no plurals, but a complete PO header names them.
"""

# One formula per plural rule, then the languages that follow it.
_ONE_FORM = "nplurals=1; plural=0;"
_ONE_OTHER = "nplurals=2; plural=(n != 1);"
_ZERO_ONE_OTHER = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)

PLURAL_FORMS: dict[str, str] = {
    "en": _ONE_OTHER,
    "de": _ONE_OTHER,
    "nl": _ONE_OTHER,
    "es": _ONE_OTHER,
    "it": _ONE_OTHER,
    "pt": _ONE_OTHER,
    "tr": _ONE_OTHER,
    "hi": _ONE_OTHER,
    "he": _ONE_OTHER,
    "fr": _ZERO_ONE_OTHER,
    "fa": _ZERO_ONE_OTHER,
    "ru": _EAST_SLAVIC,
    "uk": _EAST_SLAVIC,
    "pl": _POLISH,
    "ar": _ARABIC,
    "zh-hans": _ONE_FORM,
    "zh-hant": _ONE_FORM,
    "ja": _ONE_FORM,
}


def plural_forms(code: str) -> str:
    """The header value for ``code``; the common one/other rule for a language not in the table."""
    return PLURAL_FORMS.get(code, _ONE_OTHER)
