"""Write a PO catalog exactly as GNU gettext (``msgcat``, ``msgmerge``) writes it.

polib wraps long strings with Python's ``textwrap`` (break before the space,
width 78), so every round trip through Poedit or msgmerge rewrapped lines and
produced noisy diffs. This module writes the catalog the way gettext's
``write-po.c`` does, so that ``msgcat FILE`` prints FILE unchanged:

- strings are escaped as C strings: ``\\a \\b \\f \\n \\r \\t \\v``, ``\\\\``
  and ``\\"``; other characters are written as they are (UTF-8);
- a string is split after each ``\\n``; a string that holds a line break
  before its end, or that does not fit, starts with an empty ``""`` line;
- lines are broken where Unicode line breaking (UAX #14) allows — after a
  space, after a hyphen, between two ideographs… — so that no line is wider
  than 79 columns including the quotes; an escape sequence is never split;
  columns are counted in display width (a CJK ideograph takes two).

The break opportunities and the greedy fill come from the very function
gettext calls, libunistring's ``u8_width_linebreaks`` (loaded with ctypes;
``libunistring2`` is on every Debian system that has gettext). Where the
library is missing, breaks are allowed only after spaces — identical for text
that has no other break opportunity (no hyphens, slashes, CJK), and still a
valid PO file otherwise.
"""

import ctypes
import ctypes.util
import unicodedata
from functools import cache

import polib

PAGE_WIDTH = 79
# libunistring's enum: only these two values matter here.
UC_BREAK_UNDEFINED = 0
UC_BREAK_PROHIBITED = 1
UC_BREAK_POSSIBLE = 2

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


@cache
def _libunistring():
    name = ctypes.util.find_library("unistring")
    if not name:
        return None
    try:
        function = ctypes.CDLL(name).u8_width_linebreaks
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]  # fmt: skip
    function.restype = ctypes.c_int
    return function


_ESCAPE_TABLE = str.maketrans({**{char: "\\" + letter for char, letter in _ESCAPES.items()}, "\\": "\\\\", '"': '\\"'})
# Below U+1100 no character is two columns wide: a string of them is at most len() columns.
_FIRST_WIDE = "\u1100"


def _overrides(data: bytes) -> bytearray:
    """Per byte of an escaped string: a break is forbidden inside an escape (after its backslash)."""
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED
    position = data.find(b"\\")
    while position >= 0:
        overrides[position + 1] = UC_BREAK_PROHIBITED
        position = data.find(b"\\", position + 2)
    return overrides


def _fits(text: str, columns: int) -> bool:
    return len(text) <= columns and (text.isascii() or max(text) < _FIRST_WIDE)


def _column_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fallback_breaks(data: bytes, overrides: bytes, width: int, start_column: int) -> bytes:
    """Greedy fill breaking only after spaces (libunistring's loop, with a simpler break rule)."""
    text = data.decode("utf-8")
    breaks = bytearray([UC_BREAK_PROHIBITED]) * len(data)
    offset, last_break, last_column, piece_width, previous = 0, None, start_column, 0, ""
    for char in text:
        possible = previous == " " and char != " " and overrides[offset] != UC_BREAK_PROHIBITED
        if possible:
            if last_break is not None and last_column + piece_width > width:
                breaks[last_break] = UC_BREAK_POSSIBLE
                last_column = 0
            last_break = offset
            last_column += piece_width
            piece_width = 0
        piece_width += _column_width(char)
        offset += len(char.encode("utf-8"))
        previous = char
    if last_break is not None and last_column + piece_width > width:
        breaks[last_break] = UC_BREAK_POSSIBLE
    return bytes(breaks)


def _line_breaks(data: bytes, overrides: bytes, width: int, start_column: int) -> bytes:
    """Per byte of ``data``: ``UC_BREAK_POSSIBLE`` where a line break goes."""
    function = _libunistring()
    if function is None:
        return _fallback_breaks(data, overrides, width, start_column)
    result = ctypes.create_string_buffer(len(data) or 1)
    function(data, len(data), width, start_column, 0, overrides, b"UTF-8", result)
    return result.raw[: len(data)]


def string_lines(name: str, value: str, *, prefix: str = "") -> list[str]:
    """``name "value"`` as gettext writes it (``wrap()`` in write-po.c), one item per output line."""
    # The width available between the quotes of a continuation line.
    width = PAGE_WIDTH - 1 - (len(prefix) + 1)
    # Not splitlines(): that also splits at \r, \v, \f…; gettext splits only after \n.
    portions = _split_after_newlines(value)
    out: list[str] = []
    first_line = True
    start_column = len(name) + 1  # after `msgid "` on the first line, relative to a continuation line
    for index, portion in enumerate(portions):
        text = portion.translate(_ESCAPE_TABLE)
        more_follows = index < len(portions) - 1
        # The common case, decided without the line breaker: it fits as it is.
        if first_line and not more_follows and _fits(text, width - start_column):
            out.append(f'{prefix}{name} "{text}"')
            break
        if not first_line and _fits(text, width):
            out.append(f'{prefix}"{text}"')
            continue
        data = text.encode("utf-8")
        overrides = _overrides(data)
        if portion.endswith("\n"):
            overrides[-2] = UC_BREAK_PROHIBITED  # never break right before the final "\n"
        if first_line:
            breaks = _line_breaks(data, bytes(overrides), width, start_column)
            if data and (more_follows or UC_BREAK_POSSIBLE in breaks):
                out.append(f'{prefix}{name} ""')
                first_line = False
        if not first_line:
            breaks = _line_breaks(data, bytes(overrides), width, 0)
        lines, start = [], 0
        position = breaks.find(UC_BREAK_POSSIBLE)
        while position >= 0:
            lines.append(data[start:position])
            start = position
            position = breaks.find(UC_BREAK_POSSIBLE, position + 1)
        lines.append(data[start:])
        for number, line in enumerate(lines):
            lead = f"{prefix}{name} " if first_line and number == 0 else prefix
            out.append(f'{lead}"{line.decode("utf-8")}"')
        first_line = False
    return out


def _split_after_newlines(value: str) -> list[str]:
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def entry_lines(entry: polib.POEntry) -> list[str]:
    lines = []
    if entry.tcomment:
        lines += [f"# {line}".rstrip() if line else "#" for line in entry.tcomment.split("\n")]
    if entry.comment:
        lines += [f"#. {line}" for line in entry.comment.split("\n")]
    for path, number in entry.occurrences:
        lines.append(f"#: {path}:{number}" if number else f"#: {path}")
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if entry.msgctxt is not None:
        lines += string_lines("msgctxt", entry.msgctxt)
    lines += string_lines("msgid", entry.msgid)
    if entry.msgid_plural:
        lines += string_lines("msgid_plural", entry.msgid_plural)
        for index in sorted(entry.msgstr_plural):
            lines += string_lines(f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        lines += string_lines("msgstr", entry.msgstr)
    return lines


def catalog_text(catalog: polib.POFile) -> str:
    """The whole catalog: header comment, header entry, entries, separated by blank lines."""
    blocks = []
    header = [f"# {line}".rstrip() if line else "#" for line in catalog.header.split("\n")] if catalog.header else []
    metadata = "".join(f"{key}: {value}\n" for key, value in catalog.ordered_metadata())
    head = polib.POEntry(msgid="", msgstr=metadata, flags=["fuzzy"] if catalog.metadata_is_fuzzy else [])
    blocks.append("\n".join(header + entry_lines(head)))
    blocks += ["\n".join(entry_lines(entry)) for entry in catalog if not entry.obsolete]
    return "\n\n".join(blocks) + "\n"
