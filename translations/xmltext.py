"""Text in XML exchange files: characters XML 1.0 cannot hold, and XML parsing.

A segment may contain control characters (a form feed in a plain-text
source, say) that XML 1.0 forbids even as character references. Exporters
write each as an inline element instead (XLIFF 2's ``<cp hex="000C"/>``, a
TMX ``<ph type="x-cp">``) and importers turn those back into the character,
so nothing is lost and the file stays well-formed.

Inline placeholders. XLIFF's ``<ph id="1"/>`` stands for something the
translator must keep but cannot edit (a tag, a variable, an image). The
workbench stores plain text, so a placeholder is kept in the text as a
visible token ``⟦ph:1⟧`` (U+27E6/U+27E7, brackets no prose uses): the
translator sees it and moves it where it belongs in the translation, the
XLIFF exporter writes it back as ``<ph id="1"/>``. Only the ``id`` is kept.

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
PLACEHOLDER = re.compile("\u27e6ph:([^\u27e7\\s]+)\u27e7")
_NOT_XML_OR_PLACEHOLDER = re.compile(f"({_NOT_XML.pattern})|{PLACEHOLDER.pattern}")
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"


def xml_safe(text: str, replacement: str = "\ufffd") -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced (for formats without an escape for them)."""
    return _NOT_XML.sub(replacement, text)


def placeholder_token(identifier: str) -> str:
    """How an inline ``<ph id=…/>`` is kept in a stored text."""
    return f"\u27e6ph:{identifier}\u27e7"


def set_text(
    element,
    text: str,
    codepoint: Callable[[object, str], object],
    placeholder: Callable[[object, str], object] | None = None,
) -> None:
    """Put ``text`` into ``element``; ``codepoint(parent, char)`` adds the element for a forbidden char.

    With ``placeholder(parent, id)``, ``⟦ph:id⟧`` tokens become inline elements too.
    """
    pattern = _NOT_XML_OR_PLACEHOLDER if placeholder else _NOT_XML
    last = None
    position = 0
    element.text = ""
    for match in pattern.finditer(text):
        piece = text[position : match.start()]
        if last is None:
            element.text = piece
        else:
            last.tail = piece
        if placeholder and match.group(2) is not None:
            last = placeholder(element, match.group(2))
        else:
            last = codepoint(element, match.group(0))
        position = match.end()
    rest = text[position:]
    if last is None:
        element.text = rest
    else:
        last.tail = rest


def hex_of(char: str) -> str:
    return f"{ord(char):04X}"


def parse(data: bytes, *, path: str | Path, what: str):
    """The root element of ``data``; a clear ``SourceFormatError`` when it is not safe, well-formed XML.

    ``safe_xml`` does the reading: files over ``WORKBENCH_MAX_IMPORT_BYTES``,
    binary files and entity declarations (external entities, expansion bombs)
    are refused before parsing. ``what`` names the format in syntax errors.
    """
    return safe_xml.parse(data, path=path, max_bytes=settings.WORKBENCH_MAX_IMPORT_BYTES, what=what)
