"""The edition's content: blocks in order, untranslated never filled with English, draft or not."""

import pytest

from tests.editions_support import segments_of, translate_first
from translations.editions import EditionError, edition_build
from translations.models import BlockKind, Segment, State
from translations.services.translations import translation_set_state


def test_blocks_and_segments_in_reading_order_with_the_source_first(essay_with_samples):
    edition = edition_build(document=essay_with_samples, languages=["de"], layout="columns")
    segments = segments_of(essay_with_samples)
    assert [language.code for language in edition.languages] == ["en", "de"]
    assert len(edition.blocks) == 22 and edition.segment_count == 43
    assert [text for block in edition.blocks for text in block.texts[0]] == [s.source_text for s in segments]
    assert [text for block in edition.blocks for text in block.texts[1]] == [s.text_in("de") for s in segments]
    kinds = [block.kind for block in edition.blocks]
    assert kinds.count(BlockKind.QUOTATION) == 3 and kinds.count(BlockKind.ATTRIBUTION) == 2


def test_an_untranslated_segment_is_none_never_the_source_text(essay):
    translate_first(essay, "de", ["Die Sowjetunion konnte den Kapitalismus nicht überholen."])
    edition = edition_build(document=essay, languages=["de"], layout="facing")
    german = [text for block in edition.blocks for text in block.texts[1]]
    assert german[0] == "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert german[1:] == [None] * 42
    target = edition.targets[0]
    assert (target.translated, target.approved, target.untranslated) == (1, 0, 42)
    # The marker speaks the column's language (from the interface catalogs).
    assert target.untranslated_label == "[nicht übersetzt]"


def test_the_edition_is_a_draft_until_every_segment_is_approved(essay_with_samples):
    assert edition_build(document=essay_with_samples, languages=["de"]).is_draft
    segments = segments_of(essay_with_samples)
    for segment in segments[:-1]:
        translation_set_state(segment=segment, language="de", state=State.APPROVED)
    assert edition_build(document=essay_with_samples, languages=["de"]).is_draft
    translation_set_state(segment=segments[-1], language="de", state=State.APPROVED)
    edition = edition_build(document=essay_with_samples, languages=["de"])
    assert not edition.is_draft and edition.targets[0].approved == 43
    # With French (drafts) beside it, it is a draft again.
    assert edition_build(document=essay_with_samples, languages=["de", "fr"]).is_draft


def test_retired_segments_are_left_out(essay_with_samples):
    retired = segments_of(essay_with_samples)[0]
    Segment.objects.filter(pk=retired.pk).update(retired=True)
    edition = edition_build(document=essay_with_samples, languages=["de"])
    assert edition.segment_count == 42
    assert retired.source_text not in edition.blocks[0].texts[0]


@pytest.mark.parametrize(
    "languages, layout, message",
    [
        (["de"], "spiral", "unknown layout"),
        ([], "columns", "at least one target language"),
        (["en"], "columns", "source language"),
        (["de", "de"], "columns", "named twice"),
        (["xx"], "columns", "Unknown language 'xx'"),
        (["de", "fr"], "facing", "facing layout takes one target language"),
        (["de", "fr", "ru"], "columns", "at most two target languages"),
    ],
)
def test_requests_an_edition_cannot_satisfy_are_refused_with_the_reason(essay, languages, layout, message):
    with pytest.raises(EditionError, match=message):
        edition_build(document=essay, languages=languages, layout=layout)
