"""Parse XML that users upload (XLIFF, TMX …) without trusting it.

Every import path that reads XML goes through ``parse``::

    from translations.safe_xml import XMLFormatError, parse

    root = parse(path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES, root="tmx")

It refuses, with an ``XMLFormatError`` naming the file and the line:

- a file over ``max_bytes`` (checked before reading it), an empty file, a
  binary file;
- any entity declaration (``<!ENTITY …>``), looked for in the text decoded
  as an XML processor would (``detect_encoding``: UTF-8, UTF-16 and UTF-32
  with or without a byte order mark, the declared encoding), so no encoding
  hides one: external entities could read
  local files or reach the network, and nested internal ones are the
  "billion laughs" expansion bomb. Translation formats never need them; a
  ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` line without declarations is fine (the
  DTD is not loaded);
- XML that is not well-formed (a truncated file, bytes that do not match the
  declared encoding …), with libxml2's reason;
- a document whose root element is not the one expected (``root=``), e.g. an
  XLIFF file given to the TMX import.

The lxml parser itself never resolves entities, never loads a DTD, never
touches the network and keeps libxml2's size limits for single text nodes and
nesting depth (``huge_tree`` off). ``XMLFormatError`` is a
``SourceFormatError``, so callers that already report those report this too.
"""

import codecs
import re
from pathlib import Path

from lxml import etree

from django.utils.translation import gettext as _

from .parsing import SourceFormatError, too_large_message

_ENTITY_DECLARATION = "<!ENTITY"
# XML 1.0 Appendix F: the encoding from the byte order mark, or from how "<?" is spelled.
_BY_BOM = [
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
]
_BY_FIRST_BYTES = [
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp500"),  # EBCDIC
]
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


class XMLFormatError(SourceFormatError):
    """The XML file is unsafe, malformed or not the expected document."""


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers keep state and are not thread-safe.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _read(source: bytes | str | Path, path: str | Path, max_bytes: int | None) -> bytes:
    if isinstance(source, bytes):
        data = source
        if max_bytes is not None and len(data) > max_bytes:
            raise XMLFormatError(too_large_message(len(data), max_bytes), path=path)
        return data
    source = Path(source)
    try:
        size = source.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise XMLFormatError(too_large_message(size, max_bytes), path=path)
        return source.read_bytes()
    except OSError as error:
        raise XMLFormatError(_("cannot read the file (%(reason)s)") % {"reason": error.strerror}, path=path) from None


def detect_encoding(data: bytes) -> str:
    """The encoding an XML processor would read ``data`` in (XML 1.0 Appendix F), as a codec name.

    A byte order mark decides; then the way ``<?`` is spelled in the first
    four bytes (UTF-32 and UTF-16 without a BOM, EBCDIC); then, for
    ASCII-compatible bytes, the ``encoding`` of the XML declaration; else UTF-8.
    """
    for bom, encoding in _BY_BOM:
        if data.startswith(bom):
            return encoding
    for start, encoding in _BY_FIRST_BYTES:
        if data.startswith(start):
            return encoding
    match = _DECLARED.match(data[:200].lstrip())
    if match:
        try:
            return codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def _text(data: bytes, encoding: str) -> str:
    """``data`` decoded for the checks: bad bytes become U+FFFD (the parser reports them properly)."""
    for bom, name in _BY_BOM:
        if name == encoding and data.startswith(bom):
            data = data[len(bom):]
            break
    return data.decode(encoding, errors="replace")


def _refuse_entity_declarations(text: str, path: str | Path) -> None:
    """Look for ``<!ENTITY`` in the decoded text, so no encoding hides one."""
    index = text.find(_ENTITY_DECLARATION)
    if index >= 0:
        raise XMLFormatError(
            _(
                "XML entity declarations (<!ENTITY …>) are not allowed: they can read local files "
                "or expand without limit; translation files do not need them"
            ),
            path=path,
            line=text.count("\n", 0, index) + 1,
        )


def _is_truncated(data: bytes) -> bool:
    """True when ``data`` is the beginning of some well-formed document: every byte
    was acceptable and only the end came too early."""
    parser = _parser()
    try:
        parser.feed(data)
    except etree.XMLSyntaxError:
        return False
    try:
        parser.close()
    except etree.XMLSyntaxError:
        return True
    return False


def _describe(error: etree.XMLSyntaxError, data: bytes, what: str | None = None) -> str:
    """libxml2's reason, with the likely cause first where it is a common one."""
    message = (error.msg or str(error)).replace("\n", " ").strip()
    if "Invalid bytes in character encoding" in message or "not proper UTF-8" in message:
        return _(
            "not valid UTF-8 (save the file as UTF-8, or declare its encoding in "
            "<?xml … encoding=\"…\"?>): %(message)s"
        ) % {"message": message}
    if "Entity" in message and "not defined" in message:
        return _("the XML uses an undeclared entity: %(message)s") % {"message": message}
    if "Premature end of data" in message or _is_truncated(data):
        return _("the XML ends before its elements are closed (truncated?): %(message)s") % {"message": message}
    if what:
        return _("not a well-formed %(format)s file: %(reason)s") % {"format": what, "reason": message}
    return _("not well-formed XML: %(message)s") % {"message": message}


def parse(
    source: bytes | str | Path,
    *,
    path: str | Path = "",
    max_bytes: int | None = None,
    root: str | set[str] | None = None,
    what: str | None = None,
) -> etree._Element:
    """Parse ``source`` (a file path or the bytes of an upload) and return its root element.

    ``path`` names the file in error messages (defaults to ``source`` when that
    is a path). ``root`` is the expected root element's local name (or a set of
    names), namespace ignored. ``what`` names the format ("XLIFF") in the
    message for XML that is not well-formed.
    """
    if not isinstance(source, bytes):
        path = path or source
    data = _read(source, path, max_bytes)
    if not data.strip():
        raise XMLFormatError(_("the file is empty"), path=path)
    encoding = detect_encoding(data)
    text = _text(data, encoding)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise XMLFormatError(_("this is a binary file, not XML (NUL byte found)"), path=path, line=line)
    _refuse_entity_declarations(text, path)
    if not encoding.startswith(("utf-16", "utf-32")):
        # A declaration may lie about an ASCII-compatible file: look at the bytes as UTF-8 too.
        _refuse_entity_declarations(data.decode("utf-8", errors="replace"), path)
    try:
        element = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise XMLFormatError(_describe(error, data, what), path=path, line=error.lineno or None) from None
    if root is not None:
        expected = {root} if isinstance(root, str) else set(root)
        found = etree.QName(element).localname
        if found not in expected:
            names = _(" or ").join(f"<{name}>" for name in sorted(expected))
            raise XMLFormatError(
                _("expected a %(expected)s document, found <%(found)s>") % {"expected": names, "found": found},
                path=path,
                line=element.sourceline,
            )
    return element
