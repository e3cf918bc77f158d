"""What counts as "flagged" on the review page, and how QA checks plug in."""

import pytest
from django.contrib.auth.models import User
from django.db.models import Q

from translations.align.confidence import DOUBTFUL_BELOW
from translations.flags import FlagSource, UnknownFlagSource, flag_reasons, flag_sources
from translations.models import Comment, Segment, Translation
from translations.selectors.review import review_page
from translations.selectors import document_progress
from translations.services.translations import translation_set_state


class MentionsKolkhoz(FlagSource):
    """A stand-in for a QA check's findings: flags German translations of sentences about the kolkhoz."""

    id = "kolkhoz"
    name = "mentions the kolkhoz"

    def segment_q(self, language):
        return Q(source_text__contains="kolkhoz") if language == "de" else Q(pk__in=[])


def rows(document):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))


def flagged_keys(document, user, codes=("de",)):
    page = review_page(document=document, codes=list(codes), user=user, filter_id="flagged")
    return {row.segment.key for group in page.groups for row in group.rows}


def test_open_comments_and_low_confidence_flag_a_segment(essay_with_samples, settings):
    settings.WORKBENCH_REVIEW_FLAGS = ["translations.flags.OpenComments", "translations.flags.LowConfidence"]
    root = User.objects.create_superuser("root", "", "x")
    segments = rows(essay_with_samples)
    Comment.objects.create(segment=segments[1], language="de", text="?")
    Comment.objects.create(segment=segments[2], language="de", text="done", resolved=True)
    Comment.objects.create(segment=segments[3], language="ru", text="other language")
    # the threshold is the aligner's calibrated "doubtful" line (0.9)
    Translation.objects.filter(segment=segments[4], language="de").update(confidence=DOUBTFUL_BELOW - 0.01)
    Translation.objects.filter(segment=segments[5], language="de").update(confidence=DOUBTFUL_BELOW)
    assert flagged_keys(essay_with_samples, root) == {segments[1].key, segments[4].key}
    assert flag_reasons([s.pk for s in segments[:6]], "de") == {
        segments[1].pk: ["open comment"],
        segments[4].pk: ["doubtful alignment"],
    }


def test_a_flag_source_plugs_in_through_settings(essay_with_samples, settings):
    root = User.objects.create_superuser("root", "", "x")
    settings.WORKBENCH_REVIEW_FLAGS = [
        "translations.flags.OpenComments",
        "tests.test_review_flags.MentionsKolkhoz",
    ]
    assert [source.id for source in flag_sources()] == ["open_comment", "kolkhoz"]
    expected = {s.key for s in rows(essay_with_samples) if "kolkhoz" in s.source_text}
    assert expected and flagged_keys(essay_with_samples, root) == expected
    assert flagged_keys(essay_with_samples, root, codes=("ru",)) == set()
    page = review_page(document=essay_with_samples, codes=["de"], user=root, filter_id="flagged")
    assert page.groups[0].rows[0].cells[0].flags == ["mentions the kolkhoz"]


def test_a_missing_flag_source_is_named(settings, db):
    settings.WORKBENCH_REVIEW_FLAGS = ["translations.flags.NoSuchFlag"]
    with pytest.raises(UnknownFlagSource, match="translations.flags.NoSuchFlag"):
        flag_sources()


def test_progress_counts_every_segment_of_the_document(essay_with_samples):
    # The page's header shows these figures; Segment's default ordering once split the count per segment.
    translation_set_state(segment=rows(essay_with_samples)[0], language="de", state="approved")
    german = document_progress([essay_with_samples])[essay_with_samples.pk]["de"]
    assert (german.total, german.approved, german.approved_percent) == (43, 1, 2)
