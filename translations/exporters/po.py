"""gettext PO and MO: one catalog per document and target language.

One entry per active segment, in reading order::

    #. paragraph
    #. wb-version: 3
    #: essay:block-5
    #, fuzzy
    msgctxt "8a19d212"
    msgid "The source sentence."
    msgstr "Der übersetzte Satz."

``msgctxt`` is the segment's stable key (imports match on it), ``#:`` names
the document and block, ``#.`` the block kind and ``wb-version: N``, the
translation's version the entry was made from (an import changes the row
only if it is still at that version, see ``services.exchange``; Poedit and
other editors keep extracted comments). Draft, needs review and needs
update are ``fuzzy``; untranslated segments have an empty ``msgstr``. So does
a segment translated together with the previous one (2:1, see
``services.alignment_edit``): a second ``#.`` line says its translation is
in the previous entry, so a translator in Poedit leaves it empty.

The header is derived from the data only (no "now"), so exporting unchanged
data twice gives the same bytes: ``PO-Revision-Date`` is when a translation in
this language last changed (rounded down to the minute, the header's
precision), ``Last-Translator`` who changed one last, ``POT-Creation-Date``
when the document last changed. ``X-Document`` lets an import refuse a file
that belongs to another document. The file is written as GNU gettext writes
it (``gettext_format``): ``msgcat`` of an exported file prints it unchanged,
so a round trip through Poedit or msgmerge gives no rewrapping diff.

Option ``states`` (a collection of states, e.g. ``{"approved"}``: what a
build publishes) keeps only translations in those states; the other entries
are written untranslated, so the catalog still lists every segment.

The MO file is compiled from the same catalog by polib; like ``msgfmt`` it
leaves out fuzzy and untranslated entries.
"""

from datetime import datetime, timezone
from pathlib import Path

import polib
from django.utils.translation import gettext as _

from .. import languages
from ..language_tags import locale_name
from ..plural_forms import plural_forms
from ..selectors import last_translator, revision_date, segment_rows
from .gettext_format import catalog_text
from .base import FUZZY_STATES, GENERATOR, ExportRequest, Exporter, register

JOINED_COMMENT = "Translated together with the previous entry (2:1): its translation is in that msgstr; leave this one empty."
PO_DATE_FORMAT = "%Y-%m-%d %H:%M+0000"
# The extracted comment carrying an entry's base version (read by importers.po).
VERSION_COMMENT = "wb-version: {version}"
# Slugs whose catalogs would shadow the UI's own in locale/<lang>/LC_MESSAGES.
RESERVED_DOMAINS = frozenset({"django", "djangojs"})


def po_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(PO_DATE_FORMAT)


def block_reference(slug: str, block: int) -> str:
    """The ``#:`` reference of a segment: ``essay:block-5``."""
    return f"{slug}:block-{block}"


def translator_label(user) -> str:
    if user is None:
        return GENERATOR
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


def header(request: ExportRequest) -> dict[str, str]:
    document, language = request.document, request.languages[0]
    changed = revision_date(document, [language]) or document.updated_at
    title = document.title_in(language) or document.title_in(document.source_language)
    return {
        "Project-Id-Version": f"{document.slug} {document.source_revision}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": po_date(document.updated_at),
        "PO-Revision-Date": po_date(changed),
        "Last-Translator": translator_label(last_translator(document, language)),
        "Language-Team": languages.name(language),
        "Language": locale_name(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
        "X-Generator": GENERATOR,
        "X-Document": document.slug,
        "X-Document-Title": title,
        "X-Source-Language": locale_name(document.source_language),
        "X-Source-Revision": str(document.source_revision),
    }


def header_comment(request: ExportRequest) -> str:
    document, language = request.document, request.languages[0]
    return (
        f"{document.title_in(document.source_language) or document.slug} ({document.slug}): "
        f"{languages.name(language)} translation.\n"
        "Exported by the translation workbench. Translate the msgstr lines and\n"
        "keep msgctxt: it is how the workbench finds each sentence on import."
    )


def build_catalog(request: ExportRequest, progress=None) -> polib.POFile:
    """The document in ``request.languages[0]`` as a polib catalog."""
    document, language = request.document, request.languages[0]
    catalog = polib.POFile(encoding="utf-8")
    catalog.header = header_comment(request)
    catalog.metadata = header(request)
    rows = segment_rows(document, [language])
    append = catalog.append
    slug = document.slug
    wanted = request.options.get("states")
    for row in progress(rows) if progress else rows:
        state = row.state(language)
        kept = not wanted or state in wanted
        kind = row.kind.replace("_", " ")
        comment = [kind, VERSION_COMMENT.format(version=row.version(language))]
        if row.joined(language):
            comment.append(JOINED_COMMENT)
        append(
            polib.POEntry(
                msgctxt=row.key,
                msgid=row.source,
                msgstr=row.text(language) if kept else "",
                occurrences=[(block_reference(slug, row.block), "")],
                comment="\n".join(comment),
                flags=["fuzzy"] if kept and state in FUZZY_STATES else [],
            )
        )
    return catalog


class _CatalogExporter(Exporter):
    filters_states = True

    def supports(self, request: ExportRequest) -> bool:
        return len(request.languages) == 1 and request.languages[0] in request.document.target_languages

    def unsupported_reason(self, request: ExportRequest) -> str:
        return _(
            "a %(format)s file holds exactly one target language of %(document)s (%(targets)s); asked for %(asked)s"
        ) % {
            "format": self.name,
            "document": request.document.slug,
            "targets": ", ".join(request.document.target_languages),
            "asked": ", ".join(request.languages) or _("none"),
        }

    def filename(self, request: ExportRequest) -> str:
        return f"{request.document.slug}.{locale_name(request.languages[0])}.{self.extension}"


@register
class PoExporter(_CatalogExporter):
    id = "po"
    name = "gettext PO"
    content_type = "text/x-gettext-translation; charset=utf-8"
    extension = "po"

    def export(self, request: ExportRequest) -> bytes:
        return catalog_text(build_catalog(request, request.options.get("progress"))).encode("utf-8")


@register
class MoExporter(_CatalogExporter):
    id = "mo"
    name = "gettext MO"
    content_type = "application/x-gettext-translation"
    extension = "mo"

    def export(self, request: ExportRequest) -> bytes:
        return build_catalog(request, request.options.get("progress")).to_binary()


class ReservedDomain(ValueError):
    """The slug would be written as a UI catalog (``django.po``, ``djangojs.po``)."""


def catalog_path(directory, slug: str, language: str, extension: str = "po"):
    """``<directory>/<locale>/LC_MESSAGES/<slug>.<extension>``, the gettext layout.

    The UI's own catalogs live in the same ``locale/`` tree as ``django.po``
    and ``djangojs.po``; a document with one of those slugs is refused rather
    than allowed to overwrite them.
    """
    if slug in RESERVED_DOMAINS:
        raise ReservedDomain(
            _(
                "a document named %(slug)r cannot be exported to %(file)s: that file name belongs "
                "to the workbench's own interface translations; rename the document's slug"
            )
            % {"slug": slug, "file": f"{slug}.{extension}"}
        )
    return Path(directory) / locale_name(language) / "LC_MESSAGES" / f"{slug}.{extension}"
