"""Imports keep findings current: source checks run with the import, changed blocks are re-checked."""

from translations.models import CheckFinding, Segment, State, Translation
from translations.services.documents import document_import
from translations.services.samples import ESSAY_PATH, ESSAY_SLUG, ESSAY_TITLE
from translations.services.translations import translation_save

TROTSKY = "bf878b3b"  # “it is not so much military intervention … (never closed)


def test_importing_the_essay_finds_the_unclosed_trotsky_quotation_at_once(db):
    document = document_import(path=ESSAY_PATH, slug=ESSAY_SLUG, title=ESSAY_TITLE).document
    findings = list(CheckFinding.objects.filter(segment__document=document).select_related("segment"))
    assert [(f.segment.key, f.language, f.check_id) for f in findings] == [
        (TROTSKY, "", "source_unbalanced_quotes")
    ]
    assert "“it is not so much military intervention" in findings[0].message


def test_a_reimport_that_closes_the_quotation_clears_the_source_finding(db, tmp_path):
    path = tmp_path / "text.md"
    path.write_text("# Title\n\n“An open quotation that never closes. A second sentence.\n", "utf-8")
    document = document_import(path=path, slug="quoted").document
    assert CheckFinding.objects.filter(segment__document=document, check_id="source_unbalanced_quotes").count() == 1
    path.write_text("# Title\n\n“An open quotation that never closes. A second sentence.”\n", "utf-8")
    document_import(path=path, slug="quoted")
    assert not CheckFinding.objects.filter(segment__document=document).exists()


def test_a_changed_source_sentence_rechecks_its_translations(db, tmp_path):
    path = tmp_path / "wages.md"
    path.write_text("Wages rose by 1.9 percent in 1930. Nothing else changed.\n", "utf-8")
    document = document_import(path=path, slug="wages").document
    wages, other = Segment.objects.filter(document=document).select_related("document", "block").order_by("position")
    translation_save(segment=wages, language="de", text="Die Löhne stiegen 1930 um 1,9 Prozent.")
    translation_save(segment=other, language="de", text="Sonst änderte sich nichts.")
    assert not CheckFinding.objects.filter(segment__document=document).exists()

    path.write_text("Wages rose by 2.5 percent in 1930. Nothing else changed.\n", "utf-8")
    report = document_import(path=path, slug="wages")

    assert report.changed == 1
    finding = CheckFinding.objects.get(segment=wages, language="de")
    assert finding.check_id == "numbers" and "missing: 2.5" in finding.message
    assert Translation.objects.get(segment=wages, language="de").state == State.NEEDS_UPDATE
    assert not CheckFinding.objects.filter(segment=other).exists()


def test_running_the_same_import_twice_changes_no_finding(db):
    document = document_import(path=ESSAY_PATH, slug=ESSAY_SLUG).document
    before = list(CheckFinding.objects.filter(segment__document=document).values())
    document_import(path=ESSAY_PATH, slug=ESSAY_SLUG)
    assert list(CheckFinding.objects.filter(segment__document=document).values()) == before
