"""CSV for spreadsheets: one row per segment, source and any number of languages.

Columns: ``key``, ``block``, ``kind``, the source language, then for each
requested language its text, its state and the version of its row
(``de``, ``de state``, ``de version`` …; 0 when never translated), the
version an import would compare to refuse a stale row. UTF-8,
comma-separated, RFC 4180 quoting, ``\\r\\n`` line ends (what spreadsheets
expect). With the option ``bom`` the file starts with a UTF-8 byte-order mark:
Excel reads a CSV without one in the Windows code page, turning Cyrillic and
Arabic into mojibake; LibreOffice and Python's ``utf-8-sig`` read it either
way.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` would run as a formula
in a spreadsheet (CSV injection); such cells get a leading ``'``, as Weblate
and OWASP do. The file is for reading and reviewing, not for importing back.
"""

import csv
import io

from ..selectors import segment_rows
from .base import ExportRequest, TargetLanguagesExporter, register

_FORMULA_START = ("=", "+", "-", "@")


def cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


@register
class CsvExporter(TargetLanguagesExporter):
    id = "csv"
    name = "CSV"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def filename(self, request: ExportRequest) -> str:
        codes = request.languages or request.document.target_languages
        return f"{request.document.slug}.{'-'.join(codes)}.csv"

    def export(self, request: ExportRequest) -> bytes:
        document = request.document
        codes = request.languages or document.target_languages
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        header = ["key", "block", "kind", document.source_language]
        for code in codes:
            header += [code, f"{code} state", f"{code} version"]
        writer.writerow(header)
        for row in segment_rows(document, codes):
            line = [row.key, row.block, row.kind, cell(row.source)]
            for code in codes:
                line += [cell(row.text(code)), row.state(code), row.version(code)]
            writer.writerow(line)
        return out.getvalue().encode("utf-8-sig" if request.options.get("bom") else "utf-8")
