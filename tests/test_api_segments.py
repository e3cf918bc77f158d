"""Segments through the API: reading order, filters, bounded pages, queries that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_support import API, _fresh_throttle, root, root_api  # noqa: F401
from translations.models import Block, Document, Segment, State, Translation
from translations.services.translations import translation_save


def segments_url(slug, query=""):
    return f"{API}/documents/{slug}/segments/{query}"


def test_segments_in_reading_order_with_translations(essay_with_samples, root_api):
    response = root_api.get(segments_url("essay", "?language=de&page_size=5"))
    assert response.status_code == 200
    body = response.json()
    expected = list(
        Segment.objects.filter(document=essay_with_samples, retired=False)
        .order_by("block__position", "position")
        .values_list("key", "source_text", "text_de")
    )
    assert body["count"] == len(expected)
    assert [(item["key"], item["source_text"], item["translations"]["de"]["text"]) for item in body["results"]] == [
        (key, source, text or "") for key, source, text in expected[:5]
    ]
    first = body["results"][0]
    assert first["block"] == 1 and first["position"] == 0 and set(first["translations"]) == {"de"}
    assert first["translations"]["de"]["state"] == "draft" and first["translations"]["de"]["version"] >= 1
    # The next page goes on where this one stopped.
    following = root_api.get(body["next"]).json()["results"]
    assert [item["key"] for item in following] == [key for key, _, _ in expected[5:10]]

    # Without ?language=, every target language.
    item = root_api.get(segments_url("essay", "?page_size=1")).json()["results"][0]
    assert set(item["translations"]) == set(essay_with_samples.target_languages)
    assert item["translations"]["es"] == {
        "language": "es", "text": "", "state": "untranslated", "version": 0, "changed_by": "",
        "changed_at": None, "provenance": "", "joined_with_previous": False,
    }

    # One segment, by its key.
    segment = Segment.objects.filter(document=essay_with_samples).order_by("block__position", "position")[3]
    response = root_api.get(f"{API}/documents/essay/segments/{segment.key}/?language=ru")
    assert response.status_code == 200
    assert response.json()["source_text"] == segment.source_text
    assert response.json()["translations"]["ru"]["text"] == segment.text_ru
    assert root_api.get(f"{API}/documents/essay/segments/nope/").status_code == 404


def test_filter_by_state_in_one_language(essay_with_samples, root_api):
    segments = list(Segment.objects.filter(document=essay_with_samples).order_by("block__position", "position")[:3])
    for segment in segments[:2]:
        translation_save(segment=segment, language="de", text=segment.text_de, state=State.APPROVED)
    approved = root_api.get(segments_url("essay", "?language=de&state=approved")).json()
    assert [item["key"] for item in approved["results"]] == [segment.key for segment in segments[:2]]
    assert all(item["translations"]["de"]["state"] == "approved" for item in approved["results"])
    untranslated = root_api.get(segments_url("essay", "?language=es&state=untranslated&page_size=1")).json()
    assert untranslated["count"] == Segment.objects.filter(document=essay_with_samples, retired=False).count()
    drafts = root_api.get(segments_url("essay", "?language=de&state=draft")).json()["count"]
    assert drafts == Translation.objects.filter(segment__document=essay_with_samples, language="de",
                                                state="draft").count()


@pytest.mark.parametrize(
    "query, field, words",
    [
        ("?state=approved", "language", "exactly one language"),
        ("?language=de&state=done", "state", "Unknown state"),
        ("?language=en", "language", "not a target language"),
        ("?language=xx", "language", "not a target language"),
        ("?page=999", None, "Invalid page"),
    ],
)
def test_bad_queries_say_what_is_wrong(essay, root_api, query, field, words):
    response = root_api.get(segments_url("essay", query))
    assert response.status_code in (400, 404)
    assert response.json()["field"] == field and words in response.json()["error"]


def test_page_size_is_bounded(db, root_api):
    document_of("big", 250)
    body = root_api.get(segments_url("big", "?page_size=100000")).json()
    assert body["count"] == 250 and len(body["results"]) == 200


def document_of(slug: str, size: int) -> Document:
    """``size`` segments in blocks of five, translated into German."""
    document = Document.objects.create(slug=slug, title=slug, source_language="en", source_revision=1)
    blocks = Block.objects.bulk_create(Block(document=document, position=i) for i in range((size + 4) // 5))
    Segment.objects.bulk_create(
        Segment(document=document, block=blocks[i // 5], position=i % 5, key=f"k{i}", source_text=f"Sentence {i}.",
                text_de=f"Satz {i}.")
        for i in range(size)
    )
    Translation.objects.bulk_create(
        Translation(segment=segment, language="de", state=State.TRANSLATED, version=1)
        for segment in Segment.objects.filter(document=document)
    )
    return document


def test_query_count_does_not_depend_on_page_or_document_size(db, root_api, django_assert_num_queries):
    document_of("small", 10)
    document_of("large", 500)
    root_api.get(segments_url("small"))  # warm up: content types, the token's user

    def count(slug, page_size, page=1):
        with CaptureQueriesContext(connection) as queries:
            response = root_api.get(segments_url(slug, f"?page_size={page_size}&page={page}"))
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(page_size, response.json()["count"] - (page - 1) * page_size)
        return len(queries)

    baseline = count("small", 10)
    with django_assert_num_queries(baseline):
        root_api.get(segments_url("large", "?page_size=100"))
    assert count("large", 10) == count("large", 100) == count("small", 100) == baseline
    assert count("large", 100, page=5) == baseline
    assert count("large", 10, page=50) == baseline
