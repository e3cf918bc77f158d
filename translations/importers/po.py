"""gettext PO files into catalogs.

Files over ``WORKBENCH_MAX_IMPORT_BYTES`` are refused unread. The bytes are
decoded with the charset the header declares (UTF-8 when it
declares none), so a Latin-1 file saved as "UTF-8" is refused with the line
of the first bad byte. polib then parses; polib is lenient (it accepts an
unterminated string, for one), so a line check runs first and reports the
first line that is not a keyword with a quoted string, a continuation string,
a comment or blank. Duplicate ``msgctxt`` values are refused with the line of
the second one.

Each entry's ``#. wb-version: N`` extracted comment (our exporter's) gives
its base version.

The header gives the language (``Language``), the document (``X-Document``,
written by our exporter) and the revision date (``PO-Revision-Date``).
"""

import codecs
import re
import tempfile
from datetime import datetime
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import gettext as _

from ..parsing import SourceFormatError, control_characters_refuse, too_large_message
from .base import Catalog, CatalogEntry, Importer, check_control_characters, check_unique_keys, register

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_KEYWORD_LINE = re.compile(r'^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)$')
_QUOTED = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_DATE_FORMATS = ("%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z")
_VERSION_COMMENT = re.compile(r"^\s*wb-version:\s*(\d{1,9})\s*$", re.MULTILINE)


def decode(data: bytes, *, path: str | Path) -> str:
    """The file's text in the charset its header declares."""
    if not data.strip():
        raise SourceFormatError(_("the file is empty"), path=path)
    limit = settings.WORKBENCH_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise SourceFormatError(too_large_message(len(data), limit), path=path)
    if data[:4] in _MO_MAGIC:
        raise SourceFormatError(_("this is a compiled .mo file; import the .po file it was made from"), path=path)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceFormatError(_("this is a binary file, not a PO file (NUL byte found)"), path=path, line=line)
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # the untouched template value
        charset = "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        line = data[: match.start()].count(b"\n") + 1
        raise SourceFormatError(
            _("unknown charset %(charset)r in the Content-Type header") % {"charset": charset}, path=path, line=line
        ) from None
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if error.reason == "unexpected end of data":
            raise SourceFormatError(
                _("the file ends in the middle of a character: it was cut off (truncated?)"), path=path, line=line
            ) from None
        raise SourceFormatError(
            _(
                "not valid %(charset)s (byte 0x%(byte)02x at offset %(offset)d); "
                "the header declares charset=%(charset)s, so save the file in that encoding (UTF-8 is best)"
            )
            % {"charset": charset, "byte": data[error.start], "offset": error.start},
            path=path,
            line=line,
        ) from None
    return text.replace("\r\n", "\n")


def check_lines(text: str, *, path: str | Path) -> None:
    """Refuse lines polib would silently misread, naming the first one."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            control_characters_refuse(raw, path=path, line=number)
            continue
        if "\r" in line:
            raise SourceFormatError(_("a carriage return inside a line; write it as \\r"), path=path, line=number)
        control_characters_refuse(raw, path=path, line=number)
        keyword = _KEYWORD_LINE.match(line)
        string = keyword.group(1) if keyword else line
        if not string.startswith('"'):
            raise SourceFormatError(
                _("expected msgctxt, msgid, msgstr, a quoted string or a # comment, found %(found)r")
                % {"found": line[:40]},
                path=path,
                line=number,
            )
        if not _QUOTED.match(string):
            raise SourceFormatError(
                _("a string is not closed, or has an unescaped \" inside it"), path=path, line=number
            )


def base_version(comment: str) -> int | None:
    """The ``#. wb-version: N`` our exporter writes; None when the entry has none."""
    match = _VERSION_COMMENT.search(comment or "")
    return int(match.group(1)) if match else None


def parse_date(value: str) -> datetime | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern)
        except ValueError:
            continue
    return None


def _polib_parse(text: str, *, path: str | Path) -> polib.POFile:
    # Through a file, not a string: for a string polib splits lines with
    # str.splitlines(), which also breaks at U+2028 and friends inside a
    # quoted string; reading a file splits at newlines only.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".po", newline="") as handle:
        handle.write(text)
        handle.flush()
        try:
            return polib.pofile(handle.name, encoding="utf-8", wrapwidth=78)
        except (OSError, ValueError) as error:
            match = _POLIB_LINE.search(str(error))
            reason = str(error).split(":", 1)[-1].strip() if ":" in str(error) else _("syntax error")
            raise SourceFormatError(
                _("not a valid PO file: %(reason)s") % {"reason": reason},
                path=path,
                line=int(match.group(1)) if match else None,
            ) from None


def _header_line(lines: list[str], name: str) -> int | None:
    prefix = f'"{name}:'
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(prefix):
            return number
        if number > 200:  # the header is at the top
            break
    return None


def _context_line(lines: list[str], start: int | None) -> int | None:
    """The line of an entry's msgctxt (polib gives the line the entry starts on)."""
    if start is None:
        return None
    for number in range(start, min(start + 50, len(lines) + 1)):
        if lines[number - 1].lstrip().startswith(("msgctxt", "msgid")):
            return number
    return start


@register
class PoImporter(Importer):
    id = "po"
    name = "gettext PO"
    extensions = ("po", "pot")

    def parse(self, data: bytes, *, path: str | Path) -> Catalog:
        text = decode(data, path=path)
        check_lines(text, path=path)
        parsed = _polib_parse(text, path=path)
        lines = text.split("\n")
        meta = parsed.metadata
        catalog = Catalog(
            path=str(path),
            format=self.id,
            language_tag=meta.get("Language", "").strip(),
            language_line=_header_line(lines, "Language"),
            document=meta.get("X-Document", "").strip(),
            document_line=_header_line(lines, "X-Document"),
            revised_at=parse_date(meta.get("PO-Revision-Date", "")),
        )
        for entry in parsed:
            if entry.obsolete:
                continue
            target = entry.msgstr if not entry.msgid_plural else entry.msgstr_plural.get(0, "")
            catalog.entries.append(
                CatalogEntry(
                    key=entry.msgctxt or "",
                    source=entry.msgid,
                    target=target,
                    line=_context_line(lines, entry.linenum),
                    fuzzy="fuzzy" in entry.flags,
                    base_version=base_version(entry.comment),
                )
            )
        check_unique_keys(catalog, label="msgctxt")
        check_control_characters(catalog, label="msgctxt")
        return catalog
