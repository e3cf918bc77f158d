"""The PDF edition as a reader finds it: text in order, spreads in step, fonts embedded, every script."""

import re
import subprocess
from html import unescape as html_unescape
from pathlib import Path

import pytest
from django.test import override_settings

from tests.conftest import require_program
from tests.editions_support import (
    ARABIC,
    CHINESE,
    assert_in_order,
    page_of,
    page_with_words,
    pdf_fonts,
    pdf_pages,
    segments_of,
    squeeze,
    translate_first,
)
from translations.editions import edition_build
from translations.editions.fonts import FontMissing
from translations.editions.typesetting import edition_pdf, pdf_page_count
from translations.models import State
from translations.services.documents import document_import
from translations.services.translations import translation_save, translation_set_state

pytestmark = pytest.mark.system


def export(document, languages, layout, tmp_path) -> Path:
    path = tmp_path / f"{'-'.join(languages)}-{layout}.pdf"
    document.refresh_from_db()  # the sample loader sets the translated titles with an UPDATE
    path.write_bytes(edition_pdf(edition_build(document=document, languages=languages, layout=layout)))
    return path


def test_columns_edition_has_the_english_and_german_sentences_in_order(essay_with_samples, tmp_path):
    path = export(essay_with_samples, ["de"], "columns", tmp_path)
    pages = pdf_pages(path)
    segments = segments_of(essay_with_samples)
    english, german = column_streams(path)
    assert_in_order(english, [segment.source_text for segment in segments])
    assert_in_order(german, [segment.text_in("de") for segment in segments])
    # Title page: both titles, the language names, the draft note.
    title = squeeze(pages[0])
    for expected in (
        "The Soviet Union: backwardness and bureaucracy",
        "Die Sowjetunion: Rückständigkeit und Bürokratie",
        "English",
        "Deutsch",
        "Draft translation",
        "Deutsch, 43 segments: 0 approved, 43 not yet approved, 0 untranslated.",
    ):
        assert squeeze(expected) in title
    # Running heads (source title on the left, translation's on the right) and page numbers.
    assert pages[1].lstrip().startswith("The Soviet Union: backwardness and bureaucracy")
    assert pages[2].lstrip().startswith("Die Sowjetunion: Rückständigkeit und Bürokratie")
    assert re.search(r"^2$", pages[1], re.M) and re.search(r"^3$", pages[2], re.M)
    assert not re.search(r"^1$", pages[0], re.M)


def _words(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) for every word, from pdftotext's bounding boxes."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    html = subprocess.run([pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*)</word>', line)
        if match:
            words.append((page, float(match[1]), float(match[2]), html_unescape(match[3])))
    return words


# A4 columns pages: the grid's language row ends above y = 75 pt, the footer
# starts below y = 790 pt; the gutter is at the middle (297.6 pt).
BODY_TOP, BODY_BOTTOM, MIDDLE = 75, 790, 595 / 2


def column_words(path: Path) -> list[list[tuple[int, float, float, str]]]:
    """The body words of the left and the right column, each in reading order."""
    body = [word for word in _words(path) if word[0] > 1 and BODY_TOP < word[2] < BODY_BOTTOM]
    return [
        sorted((word for word in body if (word[1] < MIDDLE) == left), key=lambda w: (w[0], round(w[2], 1), w[1]))
        for left in (True, False)
    ]


def column_streams(path: Path) -> list[str]:
    return [" ".join(word[3] for word in column) for column in column_words(path)]


def test_columns_rows_are_aligned_block_by_block(essay_with_samples, tmp_path):
    """Each block's English and German start on the same page at the same height."""
    path = export(essay_with_samples, ["de"], "columns", tmp_path)
    edition = edition_build(document=essay_with_samples, languages=["de"])
    starts = []
    for side, column in enumerate(column_words(path)):
        stream, owner = "", []
        for index, word in enumerate(column):
            squeezed = squeeze(word[3])
            stream += squeezed
            owner += [index] * len(squeezed)
        position, found = 0, []
        for block in edition.blocks:
            needle = squeeze(block.texts[side][0])[:30]
            at = stream.find(needle, position)
            assert at >= 0, f"block start not found: {needle}"
            found.append(column[owner[at]])
            position = at + 1
        starts.append(found)
    assert len(starts[0]) == 22
    for english, german in zip(*starts):
        assert english[0] == german[0], f"block starts on page {english[0]} in English, {german[0]} in German"
        assert abs(english[2] - german[2]) < 1.5, f"rows not aligned: {english} vs {german}"


def test_facing_pages_put_each_sentence_on_a_left_page_and_its_translation_opposite(essay_with_samples, tmp_path):
    path = export(essay_with_samples, ["ru"], "facing", tmp_path)
    pages = pdf_pages(path)
    assert len(pages) >= 5
    for segment in segments_of(essay_with_samples):
        left = page_of(pages, segment.source_text)
        right = page_of(pages, segment.text_in("ru"))
        assert left % 2 == 0, f"source on a right-hand page {left}: {segment.source_text[:50]}"
        assert right == left + 1, f"source on page {left}, translation on {right}: {segment.source_text[:50]}"


@pytest.fixture
def long_block_document(db, tmp_path):
    """A heading and a 70-sentence paragraph (several pages), translated into German."""
    sentences = [
        f"Sentence {n} of the long paragraph goes on for a while, so that the page fills up with lines of text."
        for n in range(1, 71)
    ]
    source = tmp_path / "long.md"
    source.write_text("# A heading before the long paragraph\n\n" + " ".join(sentences) + "\n\nA short closing paragraph.\n")
    document = document_import(path=source, slug="long", title="Long").document
    for segment in segments_of(document):
        number = re.search(r"\d+", segment.source_text)
        german = (
            f"Satz {number[0]} des langen Absatzes läuft eine ganze Weile weiter, damit sich die Seite "
            "mit Zeilen füllt, und er ist auf Deutsch ein wenig länger als auf Englisch."
            if number
            else {"A heading before the long paragraph": "Eine Überschrift vor dem langen Absatz"}.get(
                segment.source_text, "Ein kurzer Schlussabsatz."
            )
        )
        translation_save(segment=segment, language="de", text=german)
    return document


def test_a_block_longer_than_a_page_continues_on_the_next_spread_at_a_sentence_boundary(long_block_document, tmp_path):
    path = export(long_block_document, ["de"], "facing", tmp_path)
    pages = pdf_pages(path)
    segments = segments_of(long_block_document)
    spreads = set()
    for segment in segments:
        left, right = page_of(pages, segment.source_text), page_of(pages, segment.text_in("de"))
        assert left % 2 == 0 and right == left + 1, (segment.source_text[:40], left, right)
        spreads.add(left)
    assert len(spreads) >= 3, "the paragraph should run over several spreads"
    # The heading stays with the start of the paragraph.
    assert page_of(pages, "A heading before the long paragraph") == page_of(pages, segments[1].source_text)


def test_every_font_is_embedded(essay_with_samples, tmp_path):
    fonts = pdf_fonts(export(essay_with_samples, ["de", "ru"], "columns", tmp_path))
    assert fonts and all(font["embedded"] for font in fonts), fonts
    assert all(font["unicode"] for font in fonts), "text must stay extractable"
    assert {re.sub(r"^[A-Z]{6}\+", "", font["name"]) for font in fonts} >= {"NotoSerif-Regular"}


def test_english_arabic_edition_prints_arabic_right_to_left_in_its_own_font(essay, tmp_path):
    translate_first(essay, "ar", ARABIC)
    for layout in ("facing", "columns"):
        path = export(essay, ["ar"], layout, tmp_path)
        pages = pdf_pages(path)
        for english, arabic in zip(segments_of(essay), ARABIC):
            assert page_with_words(pages, arabic) == page_of(pages, english.source_text) + (layout == "facing")
        # The marker, in Arabic like its column.
        assert "غير مترجم" in pages[-1]
        names = {font["name"].split("+")[-1] for font in pdf_fonts(path)}
        assert "NotoNaskhArabic-Regular" in names
        assert all(font["embedded"] for font in pdf_fonts(path))


def test_english_chinese_edition_prints_chinese_in_noto_cjk(essay, tmp_path):
    translate_first(essay, "zh-hans", CHINESE)
    path = export(essay, ["zh-hans"], "columns", tmp_path)
    text = "".join(pdf_pages(path))
    assert_in_order(text, CHINESE)
    assert "简体中文" in text
    fonts = pdf_fonts(path)
    assert any(font["name"].split("+")[-1].startswith("NotoSerifCJKsc") for font in fonts)
    assert all(font["embedded"] for font in fonts)


def test_a_missing_font_stops_the_export_with_the_reason(essay_with_samples, tmp_path):
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    with override_settings(WORKBENCH_FONT_DIRS=[str(empty)]):
        edition = edition_build(document=essay_with_samples, languages=["de"])
        with pytest.raises(FontMissing) as caught:
            edition_pdf(edition)
    message = str(caught.value)
    assert "Latin script" in message and "'Noto Serif'" in message and str(empty) in message
    assert "fonts-noto-core" in message


def test_chinese_without_the_cjk_fonts_is_refused_naming_the_package(essay, tmp_path):
    translate_first(essay, "zh-hans", CHINESE[:1])
    with override_settings(WORKBENCH_FONT_DIRS=["/usr/share/fonts/truetype/noto"]):
        with pytest.raises(FontMissing, match=r"Han script \(e\.g\. '.', U\+[0-9A-F]{4}\).*fonts-noto-cjk"):
            edition_pdf(edition_build(document=essay, languages=["zh-hans"]))


def test_document_text_is_never_typst_markup(essay, tmp_path):
    hostile = [
        '#set page(width: 1cm) ] \\ [ #panic("boom") $x^2$ // not a comment',
        '"); #set text(size: 40pt) <label> @ref *bold* _under_ `raw`',
        "#{ let x = 1 } = Heading? - item \\u{41}",
    ]
    segments = translate_first(essay, "de", hostile)
    # The title goes through the same path.
    essay.title_de = "#set page(height: 1cm)] Titel"
    essay.save()
    path = export(essay, ["de"], "columns", tmp_path)
    text = "".join(pdf_pages(path))
    for line in hostile + ["#set page(height: 1cm)] Titel"]:
        assert squeeze(line) in squeeze(text), line
    assert segments[0].source_text[:40] in text.replace("\n", " ")
    # The page is still A4 (595 x 842 pt): the "#set page" did nothing.
    pdfinfo = require_program("pdfinfo", "poppler-utils")
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info), info


def test_a_fully_approved_edition_has_no_draft_note(essay, tmp_path):
    for segment in segments_of(essay):
        translation_save(segment=segment, language="de", text=f"Deutsch: {segment.source_text}", state=State.APPROVED)
    path = export(essay, ["de"], "columns", tmp_path)
    text = "".join(pdf_pages(path)).lower()
    assert "draft" not in text
    translation_set_state(segment=segments_of(essay)[0], language="de", state=State.NEEDS_REVIEW)
    path = export(essay, ["de"], "columns", tmp_path)
    pages = pdf_pages(path)
    assert "Draft translation" in pages[0] and "draft translation" in pages[1]
    assert pdf_page_count(path.read_bytes()) == len(pages)


@pytest.fixture
def sectioned_document(db, tmp_path):
    """Sections (heading, paragraphs, a list, a quotation with its attribution), translated into German."""
    parts = []
    for n in range(1, 25):
        parts.append(f"# Section {n} heading")
        parts.append(
            f"Section {n} opens with a paragraph of several sentences. "
            f"It says enough in section {n} to take up a few lines on the page. "
            f"The third sentence of section {n} closes it."
        )
        parts.append(f"- Item one of section {n} of 24\n- Item two of section {n} of 24")
        parts.append(f"> A quotation in section {n}, long enough to be set as a block quotation on its own.")
        parts.append(f"-- Attribution of section {n} of 24")
    source = tmp_path / "sections.md"
    source.write_text("\n\n".join(parts) + "\n")
    document = document_import(path=source, slug="sections", title="Sections").document
    for segment in segments_of(document):
        translation_save(segment=segment, language="de", text=f"DE {segment.source_text.replace('ection', 'ektion')}")
    return document


@pytest.mark.parametrize("layout", ["facing", "columns"])
def test_every_block_kind_prints_and_facing_keeps_headings_and_attributions_with_their_text(
    sectioned_document, tmp_path, layout
):
    path = export(sectioned_document, ["de"], layout, tmp_path)
    pages = pdf_pages(path)
    segments = segments_of(sectioned_document)
    assert {segment.block.kind for segment in segments} == {"heading", "paragraph", "list_item", "quotation", "attribution"}
    if layout == "columns":
        english, german = column_streams(path)
        assert_in_order(english, [segment.source_text for segment in segments])
        assert_in_order(german, [segment.text_in("de") for segment in segments])
        assert "•" in english
        return
    for index, segment in enumerate(segments):
        left, right = page_of(pages, segment.source_text), page_of(pages, segment.text_in("de"))
        assert left % 2 == 0 and right == left + 1, (segment.source_text, left, right)
        if segment.block.kind == "heading":  # never alone at the foot of a page
            assert page_of(pages, segments[index + 1].source_text) == left, segment.source_text
        if segment.block.kind == "attribution":  # on the page of the quotation it attributes
            assert page_of(pages, segments[index - 1].source_text) == left, segment.source_text


def test_a_sentence_longer_than_a_page_is_shrunk_to_keep_the_spread_in_step(db, tmp_path):
    words = " ".join(f"word{n}" for n in range(900))
    source = tmp_path / "run-on.md"
    source.write_text(f"A short opening sentence.\n\nOne endless sentence {words} ends here.\n\nA closing sentence.\n")
    document = document_import(path=source, slug="run-on", title="Run-on").document
    for segment in segments_of(document):
        german = segment.source_text.replace("word", "Wort").replace("sentence", "Satz").replace("A ", "Ein ")
        translation_save(segment=segment, language="de", text=german)
    path = export(document, ["de"], "facing", tmp_path)
    pages = pdf_pages(path)
    assert len(segments_of(document)) == 3
    for segment in segments_of(document):
        left, right = page_of(pages, segment.source_text), page_of(pages, segment.text_in("de"))
        assert left % 2 == 0 and right == left + 1, (segment.source_text[:30], left, right)
