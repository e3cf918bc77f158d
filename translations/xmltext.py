"""Text in XML exchange files: characters XML 1.0 cannot hold, and XML parsing.

A segment may contain control characters (a form feed in a plain-text
source, say) that XML 1.0 forbids even as character references. Exporters
write each as an inline element instead (XLIFF 2's ``<cp hex="000C"/>``, a
TMX ``<ph type="x-cp">``) and importers turn those back into the character,
so nothing is lost and the file stays well-formed.

``parse`` reads untrusted XML without fetching anything and without
expanding entities, and turns syntax errors into ``SourceFormatError`` with
the file and line.
"""

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from django.utils.translation import gettext as _

from .parsing import SourceFormatError

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
    """The root element of ``data``; a clear ``SourceFormatError`` when it is not XML."""
    if not data.strip():
        raise SourceFormatError(_("the file is empty"), path=path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise SourceFormatError(
            _("not a well-formed %(format)s file: %(reason)s") % {"format": what, "reason": error.msg},
            path=path,
            line=line,
        ) from None
