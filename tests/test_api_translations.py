"""Translations through the API: ETag/If-Match (428, 412), the permission gate, all-or-nothing bulk writes."""

import pytest

from tests.api_support import API, _fresh_throttle, client_for, first_segments, root, root_api, staff, version  # noqa: F401
from translations.models import State, Translation, TranslationChange
from translations.services.translations import translation_save


def url(document, segment, code="de"):
    return f"{API}/documents/{document.slug}/segments/{segment.key}/translations/{code}/"


@pytest.fixture
def segment(essay):
    return first_segments(essay, 1)[0]


def test_read_carries_the_version_as_etag(essay, segment, root_api):
    response = root_api.get(url(essay, segment))
    assert response.status_code == 200
    assert response["ETag"] == '"0"'
    assert response.json() | {"changed_at": None} == {
        "language": "de", "text": "", "state": "untranslated", "version": 0, "changed_by": "",
        "changed_at": None, "provenance": "", "joined_with_previous": False,
    }
    translation_save(segment=segment, language="de", text="Erster Satz.", state=State.DRAFT)
    response = root_api.get(url(essay, segment))
    assert response["ETag"] == '"1"' and response.json()["text"] == "Erster Satz."
    assert response.json()["state"] == "draft"


def test_write_with_the_current_etag_saves_and_returns_the_next(essay, segment, root_api):
    response = root_api.put(url(essay, segment), {"text": "Ein Satz.", "state": "draft"}, format="json",
                            HTTP_IF_MATCH='"0"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"1"'
    assert response.json()["changed_by"] == "root"
    segment.refresh_from_db()
    assert segment.text_de == "Ein Satz." and version(segment, "de") == 1
    change = TranslationChange.objects.get(segment=segment, language="de")
    assert (change.new_text, change.new_state, change.user.username) == ("Ein Satz.", "draft", "root")


def test_write_without_if_match_is_428_and_writes_nothing(essay, segment, root_api):
    translation_save(segment=segment, language="de", text="Vorher.")
    response = root_api.put(url(essay, segment), {"text": "Nachher."}, format="json")
    assert response.status_code == 428
    body = response.json()
    assert body["field"] == "If-Match" and "If-Match" in body["error"]
    assert body["current"]["text"] == "Vorher." and body["current"]["version"] == 1
    segment.refresh_from_db()
    assert segment.text_de == "Vorher." and version(segment, "de") == 1


def test_write_with_a_stale_etag_is_412_with_the_current_text(essay, segment, root_api):
    translation_save(segment=segment, language="de", text="Von Anna.", user=staff("anna", "translator-de"))
    response = root_api.put(url(essay, segment), {"text": "Von mir."}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 412
    body = response.json()
    assert body["current"]["text"] == "Von Anna." and body["current"]["changed_by"] == "anna"
    assert "version 0" in body["error"] and "version 1" in body["error"] and "anna" in body["error"]
    assert response["ETag"] == '"1"'
    segment.refresh_from_db()
    assert segment.text_de == "Von Anna."
    # Retrying with the ETag from the 412 succeeds.
    retry = root_api.put(url(essay, segment), {"text": "Von mir."}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert retry.status_code == 200 and retry["ETag"] == '"2"'


def test_bad_if_match_and_bad_bodies_say_what_is_wrong(essay, segment, root_api):
    response = root_api.put(url(essay, segment), {"text": "x"}, format="json", HTTP_IF_MATCH="yesterday")
    assert response.status_code == 400 and response.json()["field"] == "If-Match"
    response = root_api.put(url(essay, segment), {}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 400 and "text" in response.json()["error"]
    response = root_api.put(url(essay, segment), {"state": "finished"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 400 and response.json()["field"] == "state"
    response = root_api.put(url(essay, segment), {"text": "", "state": "draft"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 400 and "empty" in response.json()["error"]
    response = root_api.put(url(essay, segment, "en"), {"text": "x"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 400 and response.json()["field"] == "language"
    response = root_api.get(f"{API}/documents/essay/segments/nosuchkey/translations/de/")
    assert response.status_code == 404 and response.json()["error"]
    assert not Translation.objects.filter(segment=segment).exists()


def test_same_text_and_state_is_not_a_new_version(essay, segment, root_api):
    translation_save(segment=segment, language="de", text="Gleich.")
    response = root_api.put(url(essay, segment), {"text": "Gleich."}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"1"'
    assert TranslationChange.objects.filter(segment=segment).count() == 1


# --- the permission matrix ----------------------------------------------------------


def test_anonymous_gets_401_everywhere(essay, segment):
    anonymous = client_for()
    for path in ("/documents/", f"/documents/{essay.slug}/segments/", url(essay, segment)[len(API):]):
        response = anonymous.get(API + path)
        assert response.status_code == 401, path
        assert "credentials" in response.json()["error"]
    response = anonymous.put(url(essay, segment), {"text": "x"}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 401
    assert not Translation.objects.filter(segment=segment).exists()


def test_non_staff_and_wrong_token_are_refused(essay, segment):
    outsider = staff("outsider", "translator-de", is_staff=False)
    response = client_for(outsider).get(url(essay, segment))
    assert response.status_code == 403 and "staff" in response.json()["error"]
    stolen = client_for()
    stolen.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert stolen.get(url(essay, segment)).status_code == 401


def test_translator_de_writes_german_but_not_french_and_cannot_approve(essay, segment):
    translator = client_for(staff("greta", "translator-de"))
    response = translator.put(url(essay, segment, "fr"), {"text": "Une phrase."}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 403
    assert response.json()["error"] == "You may not translate into French."
    assert not Translation.objects.filter(segment=segment, language="fr").exists()
    response = translator.put(url(essay, segment), {"text": "Ein Satz.", "state": "approved"}, format="json",
                              HTTP_IF_MATCH='"0"')
    assert response.status_code == 403 and "approved" in response.json()["error"].lower()
    response = translator.put(url(essay, segment), {"text": "Ein Satz.", "state": "needs_review"}, format="json",
                              HTTP_IF_MATCH='"0"')
    assert response.status_code == 200 and response.json()["state"] == "needs_review"


def test_reviewer_de_approves_and_then_only_reviewers_change_it(essay, segment):
    translation_save(segment=segment, language="de", text="Ein Satz.", state=State.NEEDS_REVIEW)
    reviewer = client_for(staff("rolf", "reviewer-de"))
    response = reviewer.put(url(essay, segment), {"state": "approved"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["state"] == "approved"
    assert response.json()["text"] == "Ein Satz."
    assert TranslationChange.objects.filter(segment=segment).latest("pk").action == TranslationChange.Action.STATE
    translator = client_for(staff("greta", "translator-de"))
    response = translator.put(url(essay, segment), {"text": "Anders."}, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 403 and "only a reviewer" in response.json()["error"]
    # A reviewer of German is no reviewer of French.
    response = reviewer.put(url(essay, segment, "fr"), {"text": "Une phrase."}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 403


# --- bulk writes ---------------------------------------------------------------------


def bulk_url(document, code="de"):
    return f"{API}/documents/{document.slug}/translations/{code}/bulk/"


def test_bulk_writes_several_segments(essay, root_api):
    segments = first_segments(essay, 3)
    items = [{"key": seg.key, "text": f"Entwurf {i}.", "state": "draft", "version": 0} for i, seg in enumerate(segments)]
    response = root_api.post(bulk_url(essay), {"items": items}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["written"] == 3
    assert response.json()["translations"][segments[2].key]["version"] == 1
    assert [seg.text_de for seg in first_segments(essay, 3)] == ["Entwurf 0.", "Entwurf 1.", "Entwurf 2."]


@pytest.mark.parametrize(
    "spoil, status, field, words",
    [
        (lambda item: item.update(version=5), 412, "items.2.version", "changed since you read it"),
        (lambda item: item.update(key="nosuchkey"), 404, "items.2.key", "no such active segment"),
        (lambda item: item.update(text="", state="draft"), 400, "items.2.text", "empty"),
        (lambda item: item.update(state="approved"), 403, None, "may not set the state “approved”"),
        (lambda item: item.update(state="finished"), 400, "items.2.state", "not a valid choice"),
    ],
)
def test_one_bad_item_writes_nothing_and_names_the_item(essay, spoil, status, field, words):
    translator = client_for(staff("greta", "translator-de"))
    segments = first_segments(essay, 4)
    items = [{"key": seg.key, "text": f"Entwurf {i}.", "version": 0} for i, seg in enumerate(segments)]
    spoil(items[2])
    response = translator.post(bulk_url(essay), {"items": items}, format="json")
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["field"] == field and words in body["error"]
    if status != 400 or field != "items.2.state":
        assert "Item 2" in body["error"]
    assert not Translation.objects.filter(segment__document=essay).exists()
    assert not TranslationChange.objects.exists()
    assert all(seg.text_de in ("", None) for seg in first_segments(essay, 4))


def test_bulk_refuses_duplicates_and_empty_lists(essay, root_api):
    segment = first_segments(essay, 1)[0]
    item = {"key": segment.key, "text": "x", "version": 0}
    response = root_api.post(bulk_url(essay), {"items": [item, item]}, format="json")
    assert response.status_code == 400 and "listed twice" in response.json()["error"]
    response = root_api.post(bulk_url(essay), {"items": []}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "items"
    assert not Translation.objects.exists()
