"""Comments, progress and exports through the API."""

import polib

from tests.api_support import API, _fresh_throttle, client_for, first_segments, root, root_api, staff  # noqa: F401
from translations import exporters
from translations.models import Comment, Segment, State
from translations.services.translations import translation_save

# --- comments ---------------------------------------------------------------------


def comments_url(segment):
    return f"{API}/documents/{segment.document.slug}/segments/{segment.key}/comments/"


def test_comment_list_add_resolve(essay):
    segment = first_segments(essay, 1)[0]
    greta, rolf = staff("greta", "translator-de"), staff("rolf", "reviewer-de")
    translator, reviewer = client_for(greta), client_for(rolf)
    response = translator.post(comments_url(segment), {"language": "de", "text": "  Is “overtake” right?  "},
                               format="json")
    assert response.status_code == 201, response.json()
    comment = response.json()
    assert (comment["author"], comment["text"], comment["resolved"]) == ("greta", "Is “overtake” right?", False)
    translator.post(comments_url(segment), {"language": "en", "text": "Source typo?"}, format="json")
    listed = reviewer.get(comments_url(segment)).json()
    assert [(c["language"], c["text"]) for c in listed] == [("de", "Is “overtake” right?"), ("en", "Source typo?")]
    assert [c["text"] for c in reviewer.get(comments_url(segment) + "?language=en").json()] == ["Source typo?"]

    # Resolving: the author or a reviewer of the language; not a translator of another one.
    other = client_for(staff("francois", "translator-fr"))
    response = other.post(comment["resolve_url"], {}, format="json")
    assert response.status_code == 403 and "author or a reviewer" in response.json()["error"]
    response = reviewer.post(comment["resolve_url"], {}, format="json")
    assert response.status_code == 200
    assert response.json()["resolved"] and response.json()["resolved_by"] == "rolf"
    response = translator.post(comment["resolve_url"], {"resolved": False}, format="json")
    assert response.status_code == 200 and not response.json()["resolved"]


def test_comment_permissions_and_bad_input(essay):
    segment = first_segments(essay, 1)[0]
    translator = client_for(staff("greta", "translator-de"))
    response = translator.post(comments_url(segment), {"language": "fr", "text": "Hm."}, format="json")
    assert response.status_code == 403 and response.json()["error"] == "You may not comment on French."
    response = translator.post(comments_url(segment), {"language": "de", "text": "   "}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "text"
    response = translator.post(comments_url(segment), {"language": "de", "text": "x" * 5001}, format="json")
    assert response.status_code == 400 and "5000" in response.json()["error"]
    response = translator.post(comments_url(segment), {"text": "x"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "language"
    assert not Comment.objects.exists()


# --- progress -------------------------------------------------------------------------


def test_progress_per_language(essay):
    segments = first_segments(essay, 3)
    translation_save(segment=segments[0], language="de", text="Eins.", state=State.APPROVED)
    translation_save(segment=segments[1], language="de", text="Zwei.", state=State.DRAFT)
    translation_save(segment=segments[2], language="de", text="Drei.")
    body = client_for(staff("greta", "translator-de")).get(f"{API}/documents/essay/progress/").json()
    by_language = {item["language"]: item for item in body}
    assert set(by_language) == set(essay.target_languages)
    total = Segment.objects.filter(document=essay, retired=False).count()
    german = by_language["de"]
    assert (german["total"], german["translated"], german["approved"]) == (total, 2, 1)
    assert german["states"]["draft"] == 1 and german["states"]["untranslated"] == total - 3
    assert german["approved_percent"] == round(100 / total)
    assert by_language["fr"]["translated"] == 0


# --- exports ----------------------------------------------------------------------------


def test_every_registered_format_is_listed(essay, root_api):
    body = root_api.get(f"{API}/documents/essay/exports/").json()
    assert {item["id"] for item in body} == {exporter.id for exporter in exporters.all_exporters()}
    editions = [item for item in body if item["background"]]
    assert {item["id"] for item in editions} == {"edition-pdf", "edition-html", "edition-epub"}
    assert all(item["url"] is None for item in editions)


def test_pull_approved_german_as_po(essay, root_api):
    segments = first_segments(essay, 3)
    translation_save(segment=segments[0], language="de", text="Genehmigt.", state=State.APPROVED)
    translation_save(segment=segments[1], language="de", text="Entwurf.", state=State.DRAFT)
    translation_save(segment=segments[2], language="de", text="Übersetzt.")
    response = root_api.get(f"{API}/documents/essay/exports/po/?language=de&state=approved")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="essay.de.po"'
    catalog = polib.pofile(response.content.decode("utf-8"))
    texts = {entry.msgctxt: (entry.msgstr, entry.fuzzy) for entry in catalog}
    assert texts[segments[0].key] == ("Genehmigt.", False)
    assert texts[segments[1].key] == ("", False) and texts[segments[2].key] == ("", False)
    assert len(catalog) == Segment.objects.filter(document=essay, retired=False).count()
    # Without the filter, the draft is there, fuzzy.
    everything = polib.pofile(root_api.get(f"{API}/documents/essay/exports/po/?language=de").content.decode())
    assert {e.msgctxt: (e.msgstr, e.fuzzy) for e in everything}[segments[1].key] == ("Entwurf.", True)


def test_other_quick_formats_download(essay_with_samples, root_api):
    for query, starts in [
        ("xliff/?language=fr", b"<?xml"),
        ("tmx/?language=de&language=ru", b"<?xml"),
        ("csv/?language=de", b"key"),
        ("mo/?language=ru", b"\xde\x12\x04\x95"),
    ]:
        response = root_api.get(f"{API}/documents/essay/exports/{query}")
        assert response.status_code == 200, (query, response.content[:200])
        assert response.content.lstrip(b"\xef\xbb\xbf").startswith(starts), query


def test_export_errors(essay, root_api):
    cases = [
        ("rtf/?language=de", 404, "format", "Unknown format"),
        ("po/", 400, "language", "exactly one target language"),
        ("po/?language=de&language=fr", 400, "language", "PO"),
        ("po/?language=de&state=done", 400, "state", "Unknown state"),
        ("tmx/?language=de&state=approved", 400, "state", "cannot filter by state"),
        ("edition-pdf/?language=de", 400, "format", "background job"),
    ]
    for query, status, field, words in cases:
        response = root_api.get(f"{API}/documents/essay/exports/{query}")
        assert response.status_code == status, (query, response.json())
        assert response.json()["field"] == field and words in response.json()["error"], (query, response.json())
