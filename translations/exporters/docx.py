"""The bilingual Word review table (``.docx``): for reviewers who correct in Word.

The convention of Trados and memoQ "bilingual review" files: one table, one
row per segment, columns

    key | source (en) | translation (de) | state | comments | version

A reviewer without an account edits the **translation** cells (and may set
**state** to one of the workbench's state names) and sends the file back;
``import_docx`` (``importers/docx.py``) applies the changed cells under the
stale-file rule. ``key`` finds the segment, ``version`` is the
``Translation.version`` the row was exported from (empty: untranslated), so a
row changed in the workbench since the export is reported as a conflict
instead of overwritten. **comments** shows the segment's open comments in
this language, for context; the import does not read it.

The file says what it belongs to in its core properties (File → Info in
Word): ``identifier`` = the document's slug, ``language`` = the target
language (BCP 47), ``subject`` = ``wb-revision-date <ISO time>`` (when a
translation in this language last changed), read back by the importer. Word
keeps these when it saves.
"""

import copy
import io
from collections import defaultdict
from datetime import timezone

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from django.utils.translation import gettext as _

from .. import languages
from ..language_tags import bcp47
from ..models import Comment
from ..selectors import revision_date, segment_rows
from ..xmltext import XML_SPACE, xml_safe
from .base import ExportRequest, register
from .po import _CatalogExporter

REVISION_PREFIX = "wb-revision-date "
COLUMNS = ("key", "source", "translation", "state", "comments", "version")
WIDTHS_CM = (1.8, 9.5, 9.5, 2.2, 3.0, 1.6)
TEXT_NODE = qn("w:t")


def open_comments(document, language: str) -> dict[int, list[str]]:
    """Open comments per segment id in ``language`` (one query)."""
    found: dict[int, list[str]] = defaultdict(list)
    for segment_id, author, text in (
        Comment.objects.filter(segment__document=document, language=language, resolved=False)
        .order_by("created_at", "id")
        .values_list("segment_id", "author__username", "text")
    ):
        found[segment_id].append(f"{author}: {text}" if author else text)
    return found


def _set_direction(cell, rtl: bool) -> None:
    """Right-to-left paragraphs for Arabic cells (Word's bidi paragraph property)."""
    if not rtl:
        return
    for paragraph in cell.paragraphs:
        properties = paragraph._p.get_or_add_pPr()
        properties.append(OxmlElement("w:bidi"))


def _fill(tc, table, value: str) -> None:
    """Put ``value`` into a copied cell whose only text node holds "x"."""
    value = xml_safe(value)  # Word has no escape for a control character (a form feed): U+FFFD
    if "\n" in value or "\t" in value:
        _Cell(tc, table).text = value  # line breaks and tabs as Word's <w:br/>, <w:tab/>
        return
    node = tc.find(".//" + TEXT_NODE)
    node.text = value
    node.set(XML_SPACE, "preserve")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


@register
class DocxExporter(_CatalogExporter):
    id = "docx"
    name = "Word review table (DOCX)"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"

    def export(self, request: ExportRequest) -> bytes:
        document, language = request.document, request.languages[0]
        source = document.source_language
        book = docx.Document()
        section = book.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.5)
        book.styles["Normal"].font.size = Pt(10)

        changed = revision_date(document, [language]) or document.updated_at
        properties = book.core_properties
        properties.title = f"{document.title_in(source) or document.slug} — {languages.name(language)}"
        properties.identifier = document.slug
        properties.language = bcp47(language)
        properties.subject = REVISION_PREFIX + changed.astimezone(timezone.utc).isoformat()
        properties.author = "Translation workbench"

        book.add_heading(properties.title, level=1)
        book.add_paragraph(
            _(
                "Correct the translation column (and, if you like, the state: draft, translated, "
                "needs_review). Do not change the key and version columns: they tell the workbench which "
                "sentence a row is and which version of it you saw."
            )
        )
        rows = segment_rows(document, [language])
        comments = open_comments(document, language)
        table = book.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        header = [
            "key",
            f"source ({bcp47(source)})",
            f"translation ({bcp47(language)})",
            "state",
            "comments",
            "version",
        ]
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
        # One data row is made by python-docx (widths, direction), then copied
        # for every segment: python-docx builds each cell element by element,
        # about 3 ms a row, which is minutes for a book.
        template = table.add_row()
        for cell in template.cells:
            cell.text = "x"
        _set_direction(template.cells[1], languages.is_rtl(source))
        _set_direction(template.cells[2], languages.is_rtl(language))
        for row_cells in (table.rows[0].cells, template.cells):
            for cell, width in zip(row_cells, WIDTHS_CM):
                cell.width = Cm(width)
        for column, width in zip(table.columns, WIDTHS_CM):
            column.width = Cm(width)
        template_tr = template._tr
        table._tbl.remove(template_tr)
        progress = request.options.get("progress")
        for row in progress(rows) if progress else rows:
            info = row.translations.get(language)
            text = row.text(language)
            values = (
                row.key,
                row.source,
                text,
                row.state(language),
                "\n".join(comments.get(row.id, ())),
                str(info.version) if info is not None and text else "",
            )
            tr = copy.deepcopy(template_tr)
            for tc, value in zip(tr.tc_lst, values):
                _fill(tc, table, value)
            table._tbl.append(tr)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
