"""PDF typography a reader notices: running heads, baselines, the edition's name, copied text.

Checked by text extraction: pypdf's text visitor gives each run's baseline
(the text matrix), pdftotext gives what copying out of a viewer gives.
"""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.editions_support import ARABIC, pdf_pages, translate_first, words
from translations.editions import edition_build
from translations.editions.typesetting import edition_pdf

pytestmark = pytest.mark.system

# Invisible bidi controls: marks, embeddings, overrides, isolates.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The ones our labels use (FSI … PDI); pdftotext adds its own embeddings (U+202B/U+202C)
# around right-to-left runs, which a PDF viewer's copy does not.
ISOLATES = re.compile("[\u2066-\u2069]")


def export(document, languages, layout, tmp_path) -> Path:
    path = tmp_path / f"{'-'.join(languages)}-{layout}.pdf"
    document.refresh_from_db()
    path.write_bytes(edition_pdf(edition_build(document=document, languages=languages, layout=layout)))
    return path


def baselines(path: Path, page: int) -> list[tuple[float, str]]:
    """(baseline y in points, text) of every text run on a 1-based page."""
    runs = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            runs.append((round(tm[5] * cm[3] + cm[5], 1), text.strip()))

    PdfReader(path).pages[page - 1].extract_text(visitor_text=visit)
    return runs


@pytest.fixture
def trilingual(essay_with_samples, tmp_path):
    translate_first(essay_with_samples, "ar", ARABIC)
    essay_with_samples.title_ar = "الاتحاد السوفيتي: التخلف والبيروقراطية"
    essay_with_samples.title_de = "Die Sowjetunion: Rückständigkeit und Bürokratie"
    essay_with_samples.save()
    return export(essay_with_samples, ["ar", "de"], "columns", tmp_path)


def test_a_three_language_edition_is_trilingual_and_its_title_page_copies_without_bidi_controls(
    essay_with_samples, tmp_path
):
    path = export(essay_with_samples, ["de", "ru"], "columns", tmp_path)
    title_page = pdf_pages(path)[0]
    assert "Trilingual edition" in title_page and "Bilingual" not in title_page
    assert not BIDI_CONTROLS.search(title_page)
    assert "The Soviet Union: backwardness and" in title_page


def test_the_title_page_of_an_arabic_edition_has_none_of_our_isolates(trilingual):
    assert not ISOLATES.search(pdf_pages(trilingual)[0])


def running_head(path: Path, page: int) -> list[tuple[float, str]]:
    runs = baselines(path, page)
    top = max(y for y, _text in runs)
    return [(y, text) for y, text in runs if y > top - 20]


def test_the_recto_running_head_of_three_languages_is_one_line(trilingual):
    head = running_head(trilingual, 3)
    assert any("Sowjetunion" in text for _y, text in head), head
    assert any("الاتحاد" in text for _y, text in head)
    assert len({y for y, _text in head}) == 1, head


def test_titles_too_long_for_one_line_are_shortened_to_the_language_names(essay_with_samples, tmp_path):
    essay_with_samples.title_de = "Die Sowjetunion: Rückständigkeit, Bürokratie und die Frage des Sozialismus in einem Land"
    essay_with_samples.title_ru = "Советский Союз: отсталость, бюрократия и вопрос о социализме в одной стране"
    essay_with_samples.save()
    head = running_head(export(essay_with_samples, ["de", "ru"], "columns", tmp_path), 3)
    line = " ".join(text for _y, text in head)
    assert "Deutsch" in line and "Русский" in line and "Sowjetunion" not in line, head
    assert len({y for y, _text in head}) == 1, head


def test_the_arabic_column_label_sits_on_the_same_baseline_as_the_others(trilingual):
    runs = baselines(trilingual, 2)
    label_y = {name: y for y, text in runs for name in ("English", "Deutsch", "العرب") if text.startswith(name)}
    assert set(label_y) == {"English", "Deutsch", "العرب"}
    assert label_y["English"] == label_y["Deutsch"] == label_y["العرب"]


def test_lam_alef_ligatures_copy_as_two_letters(essay, tmp_path):
    translate_first(essay, "ar", ["لا يمكن ذلك، كلا.", "الإسلام والسلام."])
    text = pdf_pages(export(essay, ["ar"], "columns", tmp_path))[1]
    # ﻻ (U+FEFB) and friends are presentation forms: a reader copying gets lam + alef.
    assert {"لا", "يمكن", "كلا", "الإسلام", "والسلام"} <= words(text)
    assert not re.search("[\ufef5-\ufefc]", text)


def test_no_hyphenated_word_is_split_across_a_page_turn_in_facing_pages(essay_with_samples, tmp_path):
    pages = pdf_pages(export(essay_with_samples, ["de"], "facing", tmp_path))
    for number, page in enumerate(pages[1:], start=2):
        # The last line of the text block (before the page number and the draft note).
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\d+|draft translation", line)]
        if body:
            assert not body[-1].endswith(("-", "\u00ad", "\u2010")), f"page {number} ends with {body[-1]!r}"
