"""Quotation registry: the essay's quotations, their context per language, the check, provenance."""

import pytest
from django.core.exceptions import ValidationError

from translations.models import (
    CheckFinding,
    Provenance,
    PublishedTranslation,
    Quotation,
    QuotationPolicy,
    Segment,
    Translation,
    Work,
)
from translations.selectors.quality import quotation_context, quotations_by_segment
from translations.services.quality_seed import MARX_ENGELS_ORIGINAL, quality_install
from translations.services.translations import translation_save

MARX = "79c1a43b"
TROTSKY = "bf878b3b"
KOLKHOZ_LETTER = ["be8b4178", "1d34c991", "69bcf5bc", "0399b0db", "d9ef0950"]


def seg(document, key):
    return Segment.objects.select_related("document", "block").get(document=document, key=key)


@pytest.fixture
def registry_seeded(essay):
    report = quality_install(document=essay)
    assert report.missing_segments == []
    return essay


def test_the_essays_quotations_are_seeded_once(registry_seeded):
    assert set(Work.objects.values_list("author", "title")) == {
        ("Leon Trotsky", "The Third International After Lenin"),
        ("Karl Marx and Friedrich Engels", "The German Ideology"),
        ("Victor Serge", "From Lenin to Stalin"),
    }
    assert Quotation.objects.count() == 4
    # Only the text we are sure of is entered; the rest stays empty.
    assert Quotation.objects.get(work__title="The German Ideology").original_text == MARX_ENGELS_ORIGINAL
    assert Quotation.objects.get(work__author="Leon Trotsky").original_text == ""
    assert set(PublishedTranslation.objects.values_list("text", flat=True)) == {""}
    again = quality_install(document=registry_seeded)
    assert (again.works, again.quotations, again.published, again.terms) == (0, 0, 0, 0)


def test_a_quotation_spans_its_segments(registry_seeded):
    quoted = quotations_by_segment(registry_seeded, "de")
    keys = {Segment.objects.get(pk=pk).key for pk, q in quoted.items() if q.work.author == "Victor Serge"}
    assert set(KOLKHOZ_LETTER) <= keys and "6c28133f" not in keys  # "A factory worker in March 1930:" is the essay's
    first = quoted[seg(registry_seeded, KOLKHOZ_LETTER[0]).pk]
    last = quoted[seg(registry_seeded, KOLKHOZ_LETTER[-1]).pk]
    assert (first.is_first, first.is_last, last.is_first, last.is_last) == (True, False, False, True)


def test_context_shows_the_original_and_the_published_versions(registry_seeded):
    german = quotation_context(seg(registry_seeded, MARX), "de")
    assert german.policy == QuotationPolicy.USE_PUBLISHED  # German is the original language
    assert german.get_policy_display() == "quote the original"
    assert german.registered_text == MARX_ENGELS_ORIGINAL and german.original_language == "de"
    assert [row.language for row in german.other_published] == ["fr", "ru"]
    russian = quotation_context(seg(registry_seeded, MARX), "ru")
    assert russian.published.source.startswith("К. Маркс и Ф. Энгельс, Сочинения")
    assert russian.registered_text == ""  # not entered: nothing to hold the translation to
    spanish = quotation_context(seg(registry_seeded, TROTSKY), "es")
    assert spanish.policy == QuotationPolicy.RELAY and spanish.published is None
    assert quotation_context(seg(registry_seeded, "cd3699cb"), "de") is None


def test_a_translation_departing_from_the_registered_text_is_found(registry_seeded):
    segment = seg(registry_seeded, MARX)
    faithful = (
        "…diese Entwicklung der Produktivkräfte … ist eine absolut notwendige praktische Voraussetzung "
        "[des Sozialismus], weil ohne sie nur der Mangel verallgemeinert, also mit der Notdurft auch der Streit um "
        "das Notwendige wieder beginnen und die ganze alte Scheiße sich herstellen müßte."
    )
    translation_save(segment=segment, language="de", text=faithful)
    assert not CheckFinding.objects.filter(segment=segment, check_id="quotation").exists()
    translation_save(
        segment=segment,
        language="de",
        text=faithful.replace("nur der Mangel verallgemeinert", "bloß die Armut allgemein würde"),
    )
    finding = CheckFinding.objects.get(segment=segment, language="de", check_id="quotation")
    assert "Marx-Engels-Werke, Band 3" in finding.message and "armut" in finding.message


def test_provenance_follows_the_quotations_policy(registry_seeded):
    marx, trotsky, plain = (seg(registry_seeded, key) for key in (MARX, TROTSKY, "cd3699cb"))
    translation_save(segment=marx, language="de", text="… diese Entwicklung der Produktivkräfte …")
    translation_save(segment=trotsky, language="es", text="Pero, añadió, «no es tanto la intervención militar.")
    translation_save(segment=plain, language="es", text="El socialismo no puede construirse en estas condiciones.")
    translation_save(segment=marx, language="fr", text="… ce développement des forces productives …",
                     provenance=Provenance.MEMORY)  # fmt: skip
    provenance = dict(Translation.objects.filter(segment=marx).values_list("language", "provenance"))
    assert provenance == {"de": Provenance.ORIGINAL, "fr": Provenance.MEMORY}
    assert Translation.objects.get(segment=trotsky, language="es").provenance == Provenance.RELAY
    assert Translation.objects.get(segment=plain, language="es").provenance == Provenance.SOURCE


def test_a_span_must_run_forward_within_the_document(registry_seeded):
    quotation = Quotation(
        document=registry_seeded,
        work=Work.objects.first(),
        first_segment=seg(registry_seeded, KOLKHOZ_LETTER[-1]),
        last_segment=seg(registry_seeded, KOLKHOZ_LETTER[0]),
    )
    with pytest.raises(ValidationError, match="comes after"):
        quotation.full_clean()
