"""Read a source text (plain text or Markdown) into blocks.

Plain text (``.txt``): paragraphs separated by blank lines.

Markdown (``.md``, ``.markdown``), the subset an essay needs:

- ``# Title`` … ``###### Title``: heading
- ``> text``: block quotation (a ``>`` line with nothing after it separates
  two quoted paragraphs)
- ``-- text``: attribution or citation line (the ``-- `` marker is markup and
  is not part of the text)
- ``- item``, ``* item``, ``1. item``: list item
- anything else: paragraph

Lines of one paragraph are joined with a single space. Block text never has
leading or trailing whitespace. Bad input raises ``SourceFormatError`` naming
the file and line; nothing else is returned.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import BlockKind

MARKDOWN_SUFFIXES = {".md", ".markdown"}
PLAIN_SUFFIXES = {".txt"}

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^>\s?(.*)$")
_ATTRIBUTION = re.compile(r"^--\s+(.*)$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(.*)$")


class SourceFormatError(ValueError):
    """The file cannot be read as a source text; says which file and line."""

    def __init__(self, message: str, *, path: str | Path = "", line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = self.path or "<input>"
        if line is None:
            super().__init__(f"{where}: {message}")
        else:
            super().__init__(
                _("%(path)s, line %(line)d: %(message)s") % {"path": where, "line": line, "message": message}
            )


# C0 and C1 controls and DEL, but tab and newline; CR only as part of a CRLF line end.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def control_characters_refuse(
    text: str, *, path: str | Path = "", line: int | None = None, where: str = "", count_lines: bool = True
) -> None:
    """Raise ``SourceFormatError`` for the first control character in ``text`` (tab, newline, CRLF pass).

    Such characters break other tools (a NUL ends a C string, PostgreSQL
    refuses it in text, a PO file with one cannot be read back), so every
    importer refuses them before anything is written. ``line`` is where
    ``text`` starts; the line of the character is counted from there.
    ``where`` says which entry, e.g. "in the translation of unit 'a1b2'";
    ``count_lines=False`` names ``line`` itself (an entry's first line, when
    the file escapes the text's newlines).
    """
    match = _CONTROL.search(text)
    if match is None:
        return
    if line is not None and count_lines:
        line += text.count("\n", 0, match.start())
    message = _(
        "control character U+%(code)04X %(where)s; only tab and newline may appear in a text "
        "(remove it, or replace it with a space)"
    ) % {"code": ord(match.group()[0]), "where": where or _("in the text")}
    raise SourceFormatError(" ".join(message.split()), path=path, line=line)


def too_large_message(size: int, limit: int) -> str:
    """Why a file over the import limit is refused; the readers of every format share it."""
    return ngettext(
        "the file is %(size)d byte; the limit is %(limit)d",
        "the file is %(size)d bytes; the limit is %(limit)d",
        size,
    ) % {"size": size, "limit": limit}


@dataclass(frozen=True)
class ParsedBlock:
    kind: str
    text: str
    line: int  # 1-based line where the block starts, for messages


def decode(data: bytes, *, path: str | Path = "") -> str:
    """Bytes to text, refusing empty, binary and non-UTF-8 input."""
    if not data.strip():
        raise SourceFormatError(_("the file is empty"), path=path)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceFormatError(_("this is a binary file, not text (NUL byte found)"), path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if error.reason == "unexpected end of data":
            raise SourceFormatError(
                _("the file ends in the middle of a character: it was cut off (truncated?)"), path=path, line=line
            ) from None
        raise SourceFormatError(
            _("not valid UTF-8 (byte 0x%(byte)02x at offset %(offset)d); save the file as UTF-8")
            % {"byte": data[error.start], "offset": error.start},
            path=path,
            line=line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control_characters_refuse(text, path=path, line=1)
    return text


def read_blocks(path: str | Path, *, max_bytes: int | None = None) -> list[ParsedBlock]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MARKDOWN_SUFFIXES | PLAIN_SUFFIXES:
        raise SourceFormatError(
            _("unknown file type %(suffix)r; use .txt (plain text) or .md (Markdown)")
            % {"suffix": suffix or _("(no extension)")},
            path=path,
        )
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise SourceFormatError(too_large_message(size, max_bytes), path=path)
        data = path.read_bytes()
    except OSError as error:
        raise SourceFormatError(
            _("cannot read the file (%(reason)s)") % {"reason": error.strerror}, path=path
        ) from None
    text = decode(data, path=path)
    _refuse_other_formats(text, path)
    return parse_text(text, markdown=suffix in MARKDOWN_SUFFIXES, path=path)


_PO_ENTRY = re.compile(r'^msgid\s+"', re.MULTILINE)
_PO_TRANSLATION = re.compile(r'^msgstr(\[\d+\])?\s+"', re.MULTILINE)


def _refuse_other_formats(text: str, path: str | Path) -> None:
    """A translation file renamed to .md is the wrong document, not an essay full of markup."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<?xml", "<xliff", "<tmx", "<!doctype")):
        raise SourceFormatError(
            _("this is an XML file (XLIFF, TMX …), not a source text; import translations through their own import"),
            path=path,
            line=1,
        )
    entry, translation = _PO_ENTRY.search(text), _PO_TRANSLATION.search(text)
    if entry and translation:
        raise SourceFormatError(
            _("this is a gettext PO catalog, not a source text; import translations through the PO import"),
            path=path,
            line=text.count("\n", 0, entry.start()) + 1,
        )


def parse_text(text: str, *, markdown: bool, path: str | Path = "") -> list[ParsedBlock]:
    blocks: list[ParsedBlock] = []
    lines: list[str] = []
    kind = BlockKind.PARAGRAPH
    start = 0

    def flush() -> None:
        nonlocal lines
        joined = " ".join(part.strip() for part in lines if part.strip())
        if joined:
            blocks.append(ParsedBlock(kind, joined, start))
        lines = []

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if not markdown:
            if not lines:
                kind, start = BlockKind.PARAGRAPH, number
            lines.append(line)
            continue
        line_kind, content = _classify(line)
        if line_kind in (BlockKind.HEADING, BlockKind.ATTRIBUTION, BlockKind.LIST_ITEM):
            flush()
            kind, start = line_kind, number
            lines = [content]
            if line_kind == BlockKind.HEADING:
                flush()
            continue
        if line_kind == BlockKind.QUOTATION:
            if not content.strip():
                flush()
                continue
            if lines and kind != BlockKind.QUOTATION:
                flush()
            if not lines:
                kind, start = BlockKind.QUOTATION, number
            lines.append(content)
            continue
        # A plain line continues a paragraph, list item or attribution.
        if not lines or kind in (BlockKind.QUOTATION, BlockKind.HEADING):
            flush()
            kind, start = BlockKind.PARAGRAPH, number
        lines.append(line)
    flush()
    if not blocks:
        raise SourceFormatError(_("the file has no text"), path=path)
    return blocks


def _classify(line: str) -> tuple[str, str]:
    for pattern, kind in (
        (_HEADING, BlockKind.HEADING),
        (_QUOTE, BlockKind.QUOTATION),
        (_ATTRIBUTION, BlockKind.ATTRIBUTION),
        (_LIST_ITEM, BlockKind.LIST_ITEM),
    ):
        match = pattern.match(line)
        if match:
            return kind, match.group(1)
    return BlockKind.PARAGRAPH, line
