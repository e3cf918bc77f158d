"""Aligned import: embedding cache in the database, doubtful counts, unrelated texts refused."""

import pytest

from translations.align.embeddings import encoder_for
from translations.models import AlignmentRun, SentenceEmbedding, Translation
from translations.parsing import SourceFormatError
from translations.services.aligned_import import LOW_CONFIDENCE, translation_align_import

from .test_aligned_import import german_file, german_sample  # noqa: F401  (fixture)


def test_second_import_embeds_only_new_sentences(essay, german_file, tmp_path):  # noqa: F811
    path, _expected = german_file
    encoder = encoder_for("en", "de")
    before = encoder.embedded
    first = translation_align_import(document=essay, language="de", path=path)
    first_count = encoder.embedded - before
    assert first_count > 40
    assert SentenceEmbedding.objects.filter(language="en").count() == first.run.source_count
    assert SentenceEmbedding.objects.filter(language="de").count() == first.run.target_count
    # a corrected translation: one sentence changed, the rest (and the source) cached
    text = path.read_text(encoding="utf-8")
    sentence = german_sample(essay)[5][1]
    fixed = tmp_path / "essay.fixed.de.txt"
    fixed.write_text(text.replace(sentence, sentence.replace(" ", "  ", 1).replace("die", "diese", 1)),
                     encoding="utf-8")
    before = encoder.embedded
    second = translation_align_import(document=essay, language="de", path=fixed)
    assert encoder.embedded - before == 1
    assert second.run.target_count == first.run.target_count


def test_doubtful_beads_are_counted_stored_and_never_approved(essay, german_file):  # noqa: F811
    path, _expected = german_file
    report = translation_align_import(document=essay, language="de", path=path)
    run = AlignmentRun.objects.get()
    doubtful = [bead for bead in run.beads if bead[2] < LOW_CONFIDENCE]
    assert run.low_confidence == report.low_confidence == len(doubtful)
    assert "doubtful" in report.summary()
    stored = Translation.objects.filter(segment__document=essay, language="de").exclude(confidence=None)
    assert stored.exists()
    assert not stored.exclude(state__in=["draft", "untranslated"]).exists()


def test_unrelated_text_is_refused_and_nothing_written(essay, tmp_path):
    path = tmp_path / "unrelated.de.txt"
    path.write_text(
        "Die Bäckerei öffnet jeden Morgen um sechs Uhr, ausser am Sonntag. "
        "Bitte bringen Sie die Bücher vor Ende des Monats in die Bibliothek zurück. "
        "Das Orchester spielt am Freitag zwei Sinfonien von Brahms. "
        "Das Software-Update behebt einen Absturz beim Drucken langer Berichte.",
        encoding="utf-8",
    )
    with pytest.raises(SourceFormatError, match="does not look like a translation"):
        translation_align_import(document=essay, language="de", path=path)
    assert not Translation.objects.filter(segment__document=essay, language="de").exists()
    assert not AlignmentRun.objects.exists()
