"""Text in XML exchange files: characters XML 1.0 cannot hold, and XML parsing.

A segment may contain control characters (a form feed in a plain-text
source, say) that XML 1.0 forbids even as character references. Exporters
write each as an inline element instead (XLIFF 2's ``<cp hex="000C"/>``, a
TMX ``<ph type="x-cp">``) and importers turn those back into the character,
so nothing is lost and the file stays well-formed.

``parse`` reads untrusted XML through ``safe_xml`` (nothing fetched, no
entity declarations, a size limit) and turns syntax errors into
``SourceFormatError`` with the file and line.
"""

import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from . import safe_xml

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"


def set_text(element, text: str, codepoint: Callable[[object, str], object]) -> None:
    """Put ``text`` into ``element``; ``codepoint(parent, char)`` adds the element for a forbidden char."""
    pieces = _NOT_XML.split(text)
    if len(pieces) == 1:
        element.text = text
        return
    element.text = pieces[0]
    for char, piece in zip(_NOT_XML.findall(text), pieces[1:]):
        child = codepoint(element, char)
        child.tail = piece


def hex_of(char: str) -> str:
    return f"{ord(char):04X}"


def parse(data: bytes, *, path: str | Path, what: str):
    """The root element of ``data``; a clear ``SourceFormatError`` when it is not safe, well-formed XML.

    ``safe_xml`` does the reading: files over ``WORKBENCH_MAX_IMPORT_BYTES``,
    binary files and entity declarations (external entities, expansion bombs)
    are refused before parsing. ``what`` names the format in syntax errors.
    """
    return safe_xml.parse(data, path=path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES, what=what)
