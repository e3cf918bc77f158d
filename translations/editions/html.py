"""The HTML edition: one standalone file, both layouts, readable on a phone.

``edition_html(edition) -> str`` renders
``templates/translations/editions/edition.html`` (inline CSS, no scripts, no
external files; Django's auto-escaping applies to every document string).
Each language's cells carry ``lang`` and ``dir``.

Columns: one row per block, a cell per language; on a narrow screen the cells
of a row stack, each labelled with its language. Facing: spreads of whole
blocks, source page left and translation page right (stacked on a phone;
printed one page per sheet, A5, so the source falls on even pages). A browser
cannot measure text before printing, so spreads are cut by an estimate of how
much text fills a page (``PAGE_UNITS``) — a block longer than that continues on
the next spread at a segment boundary, as in the PDF. The PDF is the exactly
typeset edition; the HTML facing pages are for the screen and for a quick
print.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from .. import languages as language_registry
from .builder import Edition, EditionBlock, EditionLanguage
from .labels import edition_labels

TEMPLATE = "translations/editions/edition.html"

# How much text fills one printed A5 page of the HTML edition, in "units":
# one unit per Latin, Cyrillic or Arabic character, two per CJK character
# (they are set full-width), plus BLOCK_UNITS for the space a block's
# spacing and last line take. On Chromium's print of the essay a full A5 page
# holds about 2,500; 2,000 keeps a printed page from overflowing.
PAGE_UNITS = 2000
BLOCK_UNITS = 90


@dataclass
class Cell:
    language: EditionLanguage
    # (text, untranslated?) per segment, joined by ``joiner`` in the template.
    segments: list[tuple[str, bool]]
    joiner: str


@dataclass
class Row:
    kind: str
    cells: list[Cell]


@dataclass
class Spread:
    # rows[i].cells[0] is the source piece, rows[i].cells[1] the translation.
    rows: list[Row]

    @property
    def verso(self) -> list[tuple[str, Cell]]:
        """(block kind, source piece) for the left page."""
        return [(row.kind, row.cells[0]) for row in self.rows]

    @property
    def recto(self) -> list[tuple[str, Cell]]:
        """(block kind, translation piece) for the right page."""
        return [(row.kind, row.cells[1]) for row in self.rows]


def _cell(edition: Edition, index: int, texts: list[str | None]) -> Cell:
    language = edition.languages[index]
    segments: list[tuple[str, bool]] = []
    for text in texts:
        if text == "":
            continue  # translated together with the previous segment (2:1): nothing of its own
        if text is not None:
            segments.append((text, False))
        elif not segments or not segments[-1][1]:  # a run of untranslated segments is one marker
            segments.append((language.untranslated_label, True))
    return Cell(language=language, segments=segments, joiner=language_registry.sentence_separator(language.code))


def _row(edition: Edition, block: EditionBlock, start: int = 0, end: int | None = None) -> Row:
    return Row(
        kind=block.kind,
        cells=[_cell(edition, index, texts[start:end]) for index, texts in enumerate(block.texts)],
    )


def _units(text: str | None) -> int:
    if text is None:
        return 14  # the "[untranslated]" marker
    return sum(2 if "\u2e80" <= char <= "\uffef" else 1 for char in text)


def spreads_estimate(edition: Edition, page_units: int = PAGE_UNITS) -> list[Spread]:
    """Cut the edition into spreads that fill both pages by the length estimate."""
    spreads: list[Spread] = []
    rows: list[Row] = []
    used = [0, 0]

    def close() -> None:
        nonlocal rows, used
        spreads.append(Spread(rows))
        rows, used = [], [0, 0]

    for block in edition.blocks:
        units = [[_units(text) for text in block.texts[side]] for side in (0, 1)]
        count = block.segment_count
        start = 0
        while start < count:
            # The longest run of this block's segments that fits on both pages.
            end = start
            while end < count and all(
                used[side] + BLOCK_UNITS + sum(units[side][start : end + 1]) <= page_units for side in (0, 1)
            ):
                end += 1
            if end == start:
                if rows:
                    close()
                    continue
                end = start + 1  # one sentence longer than a page: a spread of its own
            rows.append(_row(edition, block, start, end))
            for side in (0, 1):
                used[side] += BLOCK_UNITS + sum(units[side][start:end])
            start = end
            if start < count:
                close()  # the block continues on the next spread
    if rows:
        close()
    return spreads


def edition_context(edition: Edition) -> dict:
    context = {
        "edition": edition,
        "source": edition.source,
        "targets": edition.targets,
        "layout": edition.layout,
        "column_count": len(edition.languages),
        "labels": edition_labels(edition),
    }
    if edition.layout == "facing":
        context["spreads"] = spreads_estimate(edition)
    else:
        context["rows"] = [_row(edition, block) for block in edition.blocks]
    return context


def edition_html(edition: Edition) -> str:
    return render_to_string(TEMPLATE, edition_context(edition))
