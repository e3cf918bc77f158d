"""Typographic conventions per language, as the checks need them.

Quotation marks (which pairs open and close, which marks belong to the
language), how numbers are written (decimal and grouping separators), and how
much longer a translation usually runs than its source. Languages not listed
get a permissive default, so a check never fails for want of data.

Only *double* quotation marks are checked: in English ’ is both a closing
single quote and the apostrophe (workers’, Union’s), so single marks cannot be
paired reliably.
"""

from dataclasses import dataclass

STRAIGHT = '"'


@dataclass(frozen=True)
class QuoteStyle:
    pairs: tuple[tuple[str, str], ...]  # (opening, closing), preferred first
    allowed: frozenset[str]  # double marks that belong to the language
    example: str  # how the language writes a quotation, for messages
    space_inside_guillemets: bool | None = None  # True: « x » ; False: «x» ; None: either


def _style(pairs, example, space=None, extra=()):
    allowed = frozenset(mark for pair in pairs for mark in pair if mark != STRAIGHT) | frozenset(extra)
    return QuoteStyle(tuple(pairs) + ((STRAIGHT, STRAIGHT),), allowed, example, space)


QUOTE_STYLES: dict[str, QuoteStyle] = {
    "en": _style([("“", "”")], "“…”"),
    "de": _style([("„", "“"), ("»", "«")], "„…“ (or »…«)"),
    "fr": _style([("«", "»"), ("“", "”")], "« … »", space=True),
    "es": _style([("«", "»"), ("“", "”")], "«…»"),
    "it": _style([("«", "»"), ("“", "”")], "«…»"),
    "pt": _style([("«", "»"), ("“", "”")], "«…»"),
    "ru": _style([("«", "»"), ("„", "“")], "«…»", space=False),
    "uk": _style([("«", "»"), ("„", "“")], "«…»", space=False),
    "pl": _style([("„", "”"), ("«", "»")], "„…”"),
    "nl": _style([("“", "”"), ("„", "”")], "“…”"),
    "tr": _style([("“", "”")], "“…”"),
    "ar": _style([("«", "»"), ("“", "”")], "«…»"),
    "fa": _style([("«", "»")], "«…»"),
    "he": _style([("“", "”"), ("„", "”")], "“…”"),
    "hi": _style([("“", "”")], "“…”"),
    "zh-hans": _style([("“", "”"), ("「", "」"), ("『", "』")], "“…”"),
    "ja": _style([("「", "」"), ("『", "』")], "「…」"),
}
DEFAULT_QUOTE_STYLE = _style([("“", "”"), ("«", "»"), ("„", "“")], "“…”")

# Every double quotation mark the style check knows about.
DOUBLE_QUOTES = frozenset("“”„‟«»‹›「」『』\"")


def quote_style(code: str) -> QuoteStyle:
    return QUOTE_STYLES.get(code) or QUOTE_STYLES.get(code.split("-")[0]) or DEFAULT_QUOTE_STYLE


@dataclass(frozen=True)
class NumberFormat:
    decimal: frozenset[str]
    grouping: frozenset[str]


_SPACES = frozenset("\u00a0\u202f\u2009")  # no-break, narrow no-break, thin
NUMBER_FORMATS: dict[str, NumberFormat] = {
    "en": NumberFormat(frozenset("."), frozenset(",")),
    "zh-hans": NumberFormat(frozenset("."), frozenset(",")),
    "ja": NumberFormat(frozenset("."), frozenset(",")),
    "hi": NumberFormat(frozenset("."), frozenset(",")),
    "he": NumberFormat(frozenset("."), frozenset(",")),
    "de": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "es": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "it": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "pt": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "nl": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "tr": NumberFormat(frozenset(","), frozenset(".") | _SPACES),
    "fr": NumberFormat(frozenset(","), _SPACES),
    "ru": NumberFormat(frozenset(","), _SPACES),
    "uk": NumberFormat(frozenset(","), _SPACES),
    "pl": NumberFormat(frozenset(","), _SPACES),
    # Arabic and Persian texts use both the Arabic separators and Western ones.
    "ar": NumberFormat(frozenset("٫."), frozenset("٬,")),
    "fa": NumberFormat(frozenset("٫."), frozenset("٬,")),
}
DEFAULT_NUMBER_FORMAT = NumberFormat(frozenset("."), frozenset(","))


def number_format(code: str) -> NumberFormat:
    return NUMBER_FORMATS.get(code) or NUMBER_FORMATS.get(code.split("-")[0]) or DEFAULT_NUMBER_FORMAT


# How long a text in each language runs, relative to English, in characters.
LENGTH_FACTORS: dict[str, float] = {
    "en": 1.0, "de": 1.2, "fr": 1.2, "es": 1.2, "it": 1.15, "pt": 1.15, "nl": 1.15, "pl": 1.15,
    "ru": 1.1, "uk": 1.1, "tr": 1.05, "ar": 1.0, "fa": 1.0, "he": 0.9, "hi": 1.1,
    "zh-hans": 0.35, "ja": 0.45,
}  # fmt: skip


def expected_length_ratio(source_language: str, target_language: str) -> float:
    return LENGTH_FACTORS.get(target_language, 1.0) / LENGTH_FACTORS.get(source_language, 1.0)
