"""TMX 1.4b: every language of a document in one translation memory file.

One ``<tu>`` per active segment (``tuid`` = ``<slug>:<key>``) holding a
``<tuv>`` for the source and for each requested language that has a
translation; untranslated languages are simply absent, as TMX expects. The
workbench state travels as ``<prop type="x-state">`` so a memory can prefer
approved translations; ``changedate``/``changeid`` say who changed it when.
Block number and kind are ``x-block`` and ``x-block-kind`` props; each
translation's ``x-wb-version`` prop is the version it was exported from
(what an import compares to refuse stale entries).

Dates are derived from the data, so re-exporting unchanged data gives the
same bytes.
"""

from datetime import timezone

from lxml import etree

from ..language_tags import bcp47
from ..selectors import revision_date, segment_rows
from ..xmltext import XML_LANG, hex_of, set_text
from .base import GENERATOR, GENERATOR_VERSION, ExportRequest, TargetLanguagesExporter, register

TMX_DATE_FORMAT = "%Y%m%dT%H%M%SZ"


def tmx_date(moment) -> str:
    return moment.astimezone(timezone.utc).strftime(TMX_DATE_FORMAT)


def _codepoint(parent, char: str):
    placeholder = etree.SubElement(parent, "ph", type="x-cp")
    placeholder.text = hex_of(char)
    return placeholder


def _prop(parent, kind: str, value: str):
    prop = etree.SubElement(parent, "prop", type=kind)
    prop.text = value
    return prop


def _seg(tuv, text: str) -> None:
    set_text(etree.SubElement(tuv, "seg"), text, _codepoint)


@register
class TmxExporter(TargetLanguagesExporter):
    id = "tmx"
    name = "TMX 1.4b"
    content_type = "application/x-tmx+xml"
    extension = "tmx"

    def filename(self, request: ExportRequest) -> str:
        return f"{request.document.slug}.tmx"

    def export(self, request: ExportRequest) -> bytes:
        document = request.document
        codes = request.languages or document.target_languages
        source = document.source_language
        changed = revision_date(document, codes) or document.updated_at
        root = etree.Element("tmx", version="1.4")
        head = etree.SubElement(
            root,
            "header",
            creationtool=GENERATOR,
            creationtoolversion=GENERATOR_VERSION,
            segtype="sentence",
            adminlang="en",
            srclang=bcp47(source),
            datatype="plaintext",
            creationdate=tmx_date(changed),
        )
        head.set("o-tmf", "translation-workbench")
        _prop(head, "x-document", document.slug)
        _prop(head, "x-source-revision", str(document.source_revision))
        body = etree.SubElement(root, "body")
        rows = segment_rows(document, codes)
        progress = request.options.get("progress")
        for row in progress(rows) if progress else rows:
            unit = etree.SubElement(body, "tu", tuid=f"{document.slug}:{row.key}", srclang=bcp47(source))
            _prop(unit, "x-block", str(row.block))
            _prop(unit, "x-block-kind", row.kind)
            variant = etree.SubElement(unit, "tuv", {XML_LANG: bcp47(source)})
            _seg(variant, row.source)
            for code in codes:
                text = row.text(code)
                if not text:
                    continue
                info = row.translations[code]
                variant = etree.SubElement(unit, "tuv", {XML_LANG: bcp47(code)})
                if info.changed_at:
                    variant.set("changedate", tmx_date(info.changed_at))
                if info.changed_by:
                    variant.set("changeid", info.changed_by)
                _prop(variant, "x-state", info.state)
                _prop(variant, "x-wb-version", str(info.version))
                _seg(variant, text)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
