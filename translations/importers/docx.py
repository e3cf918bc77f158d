"""The Word review table (``.docx``) read back: one ``CatalogEntry`` per table row.

The layout is the one ``exporters/docx.py`` writes: the first table whose
header row starts with ``key``; columns key, source, translation, state,
comments, version (matched by their header's first word, so a reviewer may
widen or recolour columns). ``line`` is the table row (the header is row 1).
The state column may hold a workbench state name; anything else (or empty)
means "take it as translated". The document slug, language and revision
date come from the file's core properties. Problems (not a Word file, no
table, a missing column, a version that is not a number) raise
``SourceFormatError`` naming the row.
"""

import io
import zipfile
from datetime import datetime

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

from ..exporters.docx import COLUMNS, REVISION_PREFIX
from ..models import State
from ..parsing import SourceFormatError
from .base import Catalog, CatalogEntry, Importer, check_unique_keys, register

STATES = frozenset(State.values)


_P, _T, _BR, _TAB, _CR = (qn(name) for name in ("w:p", "w:t", "w:br", "w:tab", "w:cr"))


def _cell_text(cell) -> str:
    return _tc_text(cell._tc)


def _tc_text(tc) -> str:
    """A cell's text as python-docx's ``cell.text`` gives it (paragraphs joined by "\n",
    ``<w:br/>`` "\n", ``<w:tab/>`` "\t"), read straight from the XML: python-docx's
    proxies cost about 3 ms a row, minutes for a book."""
    paragraphs = []
    for paragraph in tc.iter(_P):
        parts = []
        for node in paragraph.iter(_T, _BR, _TAB, _CR):
            if node.tag == _T:
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == _TAB else "\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip()


@register
class DocxImporter(Importer):
    id = "docx"
    name = "Word review table (DOCX)"
    extensions = ("docx",)

    def parse(self, data: bytes, *, path) -> Catalog:
        try:
            book = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise SourceFormatError(
                _("not a Word (.docx) file: %(reason)s") % {"reason": error}, path=path
            ) from None
        properties = book.core_properties
        catalog = Catalog(
            path=str(path),
            format=self.id,
            language_tag=properties.language or "",
            document=properties.identifier or "",
            revised_at=_revision_date(properties.subject or ""),
        )
        table = next(
            (table for table in book.tables if table.rows and _cell_text(table.rows[0].cells[0]).lower() == "key"),
            None,
        )
        if table is None:
            raise SourceFormatError(
                _("no review table: expected a table whose first column is headed 'key' (export one with --format docx)"),
                path=path,
            )
        columns = _columns(table.rows[0], path)
        width = max(columns.values()) + 1
        for number, tr in enumerate(table._tbl.tr_lst[1:], start=2):
            cells = [_tc_text(tc) for tc in tr.tc_lst]
            if len(cells) < width:
                continue  # a row a reviewer merged or shortened holds no entry
            key = cells[columns["key"]]
            if not key:
                continue
            version_text = cells[columns["version"]]
            try:
                base_version = int(version_text) if version_text else None
            except ValueError:
                raise SourceFormatError(
                    _("row %(row)d: the version %(version)r is not a number; leave the version column as exported")
                    % {"row": number, "version": version_text},
                    path=path,
                    line=number,
                ) from None
            state = cells[columns["state"]].lower().replace(" ", "_")
            catalog.entries.append(
                CatalogEntry(
                    key=key,
                    source=cells[columns["source"]],
                    target=cells[columns["translation"]],
                    line=number,
                    fuzzy=state in (State.DRAFT, State.NEEDS_REVIEW, State.NEEDS_UPDATE),
                    state=state if state in STATES else None,
                    base_version=base_version,
                )
            )
        check_unique_keys(catalog, label=_("key"))
        return catalog


def _columns(header, path) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        words = _cell_text(cell).lower().split()
        if words and words[0] in COLUMNS and words[0] not in found:
            found[words[0]] = index
    missing = [name for name in COLUMNS if name not in found and name != "comments"]
    if missing:
        raise SourceFormatError(
            _("the review table has no %(columns)s column (row 1); export a fresh table with --format docx")
            % {"columns": ", ".join(missing)},
            path=path,
            line=1,
        )
    return found


def _revision_date(subject: str) -> datetime | None:
    if not subject.startswith(REVISION_PREFIX):
        return None
    try:
        return datetime.fromisoformat(subject[len(REVISION_PREFIX) :].strip())
    except ValueError:
        return None
