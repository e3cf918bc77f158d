"""XLIFF 2.0 (OASIS core): one file per document and language pair.

XLIFF 2.0 rather than 1.2: it is the current OASIS standard, its core is
small (a file of units of segments), and it has what the workbench needs:
per-segment ``state`` plus a ``subState`` for finer workflow states,
``srcDir``/``trgDir`` for right-to-left languages, and ``<cp>`` for
characters XML cannot hold. Current CAT tools (OmegaT, memoQ, Trados,
Okapi, translate-toolkit) read it.

Layout::

    <xliff version="2.0" srcLang="en" trgLang="de">
      <file id="essay" original="essay" wb:document="essay" wb:revisionDate="...">
        <group id="block-5" type="wb:paragraph">
          <unit id="8a19d212">
            <segment state="initial" subState="wb:draft">
              <source>…</source><target>…</target>

Unit ids are the segments' stable keys. A placeholder token ``⟦ph:1⟧`` in a
text is written as ``<ph id="1"/>`` (see ``xmltext``). States: draft → ``initial`` +
``wb:draft``, needs update → ``initial`` + ``wb:needs_update``, translated →
``translated``, needs review → ``translated`` + ``wb:needs_review``, approved →
``final``; an untranslated segment has no ``<target>``. The ``wb:`` attributes
on ``<file>`` (our own namespace, allowed by the core schema) carry the
document slug and the time a translation last changed, which an import uses
to refuse another document's file and to protect newer approvals; each
unit's ``wb:version`` is the translation's version it was made from, so an
import can tell a stale entry from a fresh one (``services.exchange``).
"""

from datetime import timezone

from django.utils.translation import gettext as _
from lxml import etree

from .. import languages
from ..language_tags import bcp47
from ..models import State
from ..selectors import revision_date, segment_rows
from ..xmltext import XML_SPACE, hex_of, set_text
from .base import ExportRequest, Exporter, register

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
WORKBENCH_NS = "urn:x-translation-workbench:xliff"
NSMAP = {None: XLIFF_NS, "wb": WORKBENCH_NS}

# workbench state -> (XLIFF state, subState or None)
XLIFF_STATES = {
    State.DRAFT: ("initial", "wb:draft"),
    State.NEEDS_UPDATE: ("initial", "wb:needs_update"),
    State.TRANSLATED: ("translated", None),
    State.NEEDS_REVIEW: ("translated", "wb:needs_review"),
    State.APPROVED: ("final", None),
}


def q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def wb(name: str) -> str:
    return f"{{{WORKBENCH_NS}}}{name}"


def iso_timestamp(moment) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _codepoint(parent, char: str):
    return etree.SubElement(parent, q("cp"), hex=hex_of(char))


def _placeholder(parent, identifier: str):
    return etree.SubElement(parent, q("ph"), id=identifier)


@register
class XliffExporter(Exporter):
    id = "xliff"
    name = "XLIFF 2.0"
    content_type = "application/xliff+xml"
    extension = "xlf"

    def supports(self, request: ExportRequest) -> bool:
        return len(request.languages) == 1 and request.languages[0] in request.document.target_languages

    def unsupported_reason(self, request: ExportRequest) -> str:
        return _(
            "an XLIFF file holds one language pair: give exactly one target language of %(document)s (%(targets)s)"
        ) % {"document": request.document.slug, "targets": ", ".join(request.document.target_languages)}

    def filename(self, request: ExportRequest) -> str:
        return f"{request.document.slug}.{bcp47(request.languages[0])}.xlf"

    def export(self, request: ExportRequest) -> bytes:
        document, language = request.document, request.languages[0]
        source = document.source_language
        root = etree.Element(
            q("xliff"), nsmap=NSMAP, version="2.0", srcLang=bcp47(source), trgLang=bcp47(language)
        )
        changed = revision_date(document, [language]) or document.updated_at
        file = etree.SubElement(
            root,
            q("file"),
            {
                "id": document.slug,
                "original": document.slug,
                "srcDir": languages.direction(source),
                "trgDir": languages.direction(language),
                XML_SPACE: "preserve",
                wb("document"): document.slug,
                wb("sourceRevision"): str(document.source_revision),
                wb("revisionDate"): iso_timestamp(changed),
            },
        )
        group = None
        rows = segment_rows(document, [language])
        progress = request.options.get("progress")
        for row in progress(rows) if progress else rows:
            if group is None or group.get("id") != f"block-{row.block}":
                group = etree.SubElement(file, q("group"), id=f"block-{row.block}", type=f"wb:{row.kind}")
            # The version the entry is made from: an import refuses it once the row has moved on.
            unit = etree.SubElement(group, q("unit"), {"id": row.key, wb("version"): str(row.version(language))})
            segment = etree.SubElement(unit, q("segment"))
            set_text(etree.SubElement(segment, q("source")), row.source, _codepoint, _placeholder)
            text = row.text(language)
            if text:
                state, sub_state = XLIFF_STATES[row.state(language)]
                segment.set("state", state)
                if sub_state:
                    segment.set("subState", sub_state)
                set_text(etree.SubElement(segment, q("target")), text, _codepoint, _placeholder)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
