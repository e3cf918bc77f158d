"""Fonts for the PDF edition: which family sets which script, and the check.

The PDF is typeset only with the fonts found in ``WORKBENCH_FONT_DIRS``
(default: Debian's fonts-noto-core and fonts-noto-cjk directories); system and
Typst's built-in fonts are ignored, so what prints is what the project chose
and every font is embedded. Before typesetting, ``fonts_for(strings, codes)``
looks at every character the edition prints, works out the scripts, and
raises ``FontMissing`` — naming the script, a character, the family it needs
and the directories searched — when no family for a script is installed.
Without the check Typst would print empty boxes.

Scripts are read from Unicode character names ("CYRILLIC SMALL LETTER A").
Letters and marks choose a script; punctuation and digits are "common" and
set in Noto Serif, except CJK and Arabic punctuation, which need their own
fonts. Symbols outside any script rely on Typst's fallback to any installed
family.
"""

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import typst
from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import gettext

from .builder import EditionError

BASE_FAMILY = "Noto Serif"

# Unicode name prefixes that name a script, even for punctuation
# ("IDEOGRAPHIC FULL STOP", "FULLWIDTH COMMA", "ARABIC COMMA").
_SCRIPT_PREFIXES = {
    "CJK": "HAN",
    "IDEOGRAPHIC": "HAN",
    "FULLWIDTH": "HAN",
    "HALFWIDTH": "HAN",
    "KANGXI": "HAN",
    "BOPOMOFO": "HAN",
    "HIRAGANA": "KANA",
    "KATAKANA": "KANA",
    "HANGUL": "HANGUL",
    "ARABIC": "ARABIC",
    "HEBREW": "HEBREW",
}
# Letters whose name starts with one of these belong to a script (the rest —
# "MODIFIER LETTER …", "COMBINING …" — go with the text around them).
_LETTER_SCRIPTS = {
    "LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN", "DEVANAGARI", "BENGALI", "GURMUKHI",
    "GUJARATI", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "THAI", "LAO", "TIBETAN",
    "MYANMAR", "KHMER", "ETHIOPIC", "SYRIAC", "THAANA",
}  # fmt: skip
# Scripts Noto Serif covers itself.
_BASE_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK"}
_ARABIC_FAMILIES = ("Noto Naskh Arabic", "Noto Sans Arabic")
# Han characters take the CJK face of the language they appear in.
_CJK_REGION = {"zh-hans": "SC", "zh-hant": "TC", "ja": "JP", "ko": "KR"}


class FontMissing(EditionError):
    """A script the edition prints has no installed font."""


def font_dirs() -> list[Path]:
    return [Path(directory) for directory in settings.WORKBENCH_FONT_DIRS]


_scan_lock = threading.Lock()
_scans: dict[tuple[str, ...], tuple[typst.Fonts, frozenset[str]]] = {}


def installed_fonts() -> tuple[typst.Fonts, frozenset[str]]:
    """The fonts in ``WORKBENCH_FONT_DIRS`` and their family names.

    Scanning the Noto directories takes a second or two, so the result is
    kept for the life of the process (per list of directories).
    """
    key = tuple(str(directory) for directory in font_dirs())
    with _scan_lock:
        if key not in _scans:
            fonts = typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=False,
                font_paths=[directory for directory in key if Path(directory).is_dir()],
            )
            _scans[key] = (fonts, frozenset(fonts.families()))
        return _scans[key]


def script_of(char: str) -> str | None:
    """The script ``char`` needs a font for, or ``None`` for common characters."""
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in _SCRIPT_PREFIXES:
        return _SCRIPT_PREFIXES[first]
    if first in _LETTER_SCRIPTS and unicodedata.category(char)[0] in "LM":
        return first
    return None


def _candidates(script: str, code: str) -> tuple[str, ...]:
    """Families that can set ``script`` in language ``code``, best first."""
    if script in _BASE_SCRIPTS:
        return (BASE_FAMILY,)
    if script in ("HAN", "KANA", "HANGUL"):
        region = _CJK_REGION.get(code, {"KANA": "JP", "HANGUL": "KR"}.get(script, "SC"))
        return (f"Noto Serif CJK {region}", f"Noto Sans CJK {region}")
    if script == "ARABIC":
        return _ARABIC_FAMILIES
    title = script.title()
    return (f"Noto Serif {title}", f"Noto Sans {title}")


# The script each language's running text is mostly in, so that its own face
# comes first in its font list (CJK punctuation, Arabic digits).
_LANGUAGE_SCRIPT = {
    "ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "he": "HEBREW", "hi": "DEVANAGARI",
    "zh-hans": "HAN", "zh-hant": "HAN", "ja": "KANA", "ko": "HANGUL",
}  # fmt: skip


@dataclass
class _Need:
    script: str
    example: str
    language: str


def fonts_for(texts: dict[str, Iterable[str]]) -> dict[str, list[str]]:
    """Font families per language code, for the texts each language prints.

    ``texts`` maps a language code to the strings set in that language. The
    result lists, per language, its own script's family first, then Noto
    Serif, then the families of any other script found in its text. Raises
    ``FontMissing`` for the first script without an installed family.
    """
    _fonts, families = installed_fonts()
    result: dict[str, list[str]] = {}
    for code, strings in texts.items():
        needs: dict[str, _Need] = {}
        primary = _LANGUAGE_SCRIPT.get(code)
        if primary:
            needs[primary] = _Need(primary, "", code)
        needs.setdefault("LATIN", _Need("LATIN", "", code))
        for char in sorted(set("".join(strings))):
            script = script_of(char)
            if script and script not in needs:
                needs[script] = _Need(script, char, code)
        chosen: list[str] = []
        for need in needs.values():
            family = next((name for name in _candidates(need.script, code) if name in families), None)
            if family is None:
                raise FontMissing(_missing_message(need, _candidates(need.script, code)))
            if family not in chosen:
                chosen.append(family)
        result[code] = chosen
    return result


def _missing_message(need: _Need, candidates: tuple[str, ...]) -> str:
    from .. import languages

    # In the interface language: the admin's edition form shows this message.
    # The script keeps its Unicode name ("Latin", "Han"), which is what font names use.
    script = need.script.title()
    if need.example:
        what = gettext("the %(script)s script (e.g. %(example)r, U+%(codepoint)s)") % {
            "script": script,
            "example": need.example,
            "codepoint": f"{ord(need.example):04X}",
        }
    else:
        what = gettext("the %(script)s script") % {"script": script}
    directories = ", ".join(str(directory) for directory in font_dirs()) or gettext("none")
    package = "fonts-noto-cjk" if need.script in ("HAN", "KANA", "HANGUL") else "fonts-noto-core"
    return gettext(
        "no font for %(what)s in the %(language)s text: needs %(families)s, not found in WORKBENCH_FONT_DIRS "
        "(%(directories)s). Install the Debian package %(package)s (scripts/system-deps) or add a directory "
        "holding the font to WORKBENCH_FONT_DIRS; nothing was exported."
    ) % {
        "what": what,
        "language": languages.display_name(need.language),
        "families": get_text_list([repr(name) for name in candidates]),
        "directories": directories,
        "package": package,
    }
