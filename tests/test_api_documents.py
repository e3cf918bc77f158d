"""Documents through the API: list, import an uploaded text (editors), re-import a revised source."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_support import API, _fresh_throttle, client_for, root, root_api, staff  # noqa: F401
from translations.models import Document, Segment, State, Translation
from translations.services.translations import translation_save

TEXT = "# A title\n\nThe first sentence. The second sentence.\n\nA second paragraph.\n"


def upload(text=TEXT, name="text.md"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/markdown")


def test_list_and_detail(essay, root_api):
    body = root_api.get(f"{API}/documents/").json()
    assert body["count"] == 1
    (document,) = body["results"]
    assert document["slug"] == "essay" and document["source_language"] == "en"
    assert "de" in document["target_languages"] and "en" not in document["target_languages"]
    detail = root_api.get(document["url"]).json()
    assert detail["title"] == essay.title
    assert root_api.get(detail["segments_url"]).status_code == 200
    assert root_api.get(f"{API}/documents/nope/").status_code == 404


def test_editor_imports_a_text(db):
    editor = client_for(staff("edith", "editor"))
    response = editor.post(f"{API}/documents/", {"file": upload(), "slug": "short", "title": "Short"},
                           format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["document"]["slug"] == "short" and body["document"]["title"] == "Short"
    assert body["report"]["created"] and body["report"]["blocks"] == 3 and body["report"]["revision"] == 1
    assert list(Segment.objects.filter(document__slug="short").order_by("block__position", "position")
                .values_list("source_text", flat=True)) == [
        "A title", "The first sentence.", "The second sentence.", "A second paragraph."
    ]
    assert Document.objects.get(slug="short").origin == "text.md"


def test_only_editors_import(db):
    for user in (staff("greta", "translator-de"), staff("rolf", "reviewer")):
        response = client_for(user).post(f"{API}/documents/", {"file": upload(), "slug": "short"}, format="multipart")
        assert response.status_code == 403 and response.json()["error"] == "Only editors may import source texts."
    assert client_for().post(f"{API}/documents/", {"file": upload(), "slug": "x"}, format="multipart").status_code == 401
    assert not Document.objects.exists()


def test_bad_uploads_name_the_file_and_change_nothing(essay, root_api):
    cases = [
        ({"file": upload(), "slug": "essay"}, "slug", "exists already"),
        ({"file": upload(), "slug": "not a slug"}, "slug", "not a valid slug"),
        ({"file": upload(), "slug": "django"}, "slug", "reserved"),
        ({"slug": "new"}, "file", "No file"),
        ({"file": upload(name="text.pdf"), "slug": "new"}, "file", "text.pdf: unknown file type"),
        ({"file": upload('msgid "x"\nmsgstr "y"\n', name="de.md"), "slug": "new"}, "file", "de.md"),
        ({"file": upload(b"\xff\xfe\x00bad".decode("latin-1"), name="latin.txt"), "slug": "new"}, "file", "latin.txt"),
        ({"file": upload(), "slug": "new", "language": "tlh"}, "language", "not a valid choice"),
    ]
    for data, field, words in cases:
        response = root_api.post(f"{API}/documents/", data, format="multipart")
        assert response.status_code == 400, (data, response.json())
        assert response.json()["field"] == field and words in response.json()["error"], response.json()
        assert "/tmp" not in response.json()["error"]
    assert list(Document.objects.values_list("slug", flat=True)) == ["essay"]


def test_reimport_keeps_keys_and_flags_changed_translations(db):
    editor = client_for(staff("edith", "editor"))
    editor.post(f"{API}/documents/", {"file": upload(), "slug": "short"}, format="multipart")
    segments = {s.source_text: s for s in Segment.objects.filter(document__slug="short")}
    kept, edited = segments["The first sentence."], segments["The second sentence."]
    for segment in (kept, edited):
        translation_save(segment=segment, language="de", text="Ein Satz.", state=State.APPROVED)
    revised = TEXT.replace("The second sentence.", "The second sentence, revised.") + "\nA new paragraph.\n"
    response = editor.put(f"{API}/documents/short/source/", {"file": upload(revised)}, format="multipart")
    assert response.status_code == 200, response.json()
    report = response.json()["report"]
    assert (report["unchanged"], report["changed"], report["new"], report["needs_update"]) == (3, 1, 1, 1)
    assert report["revision"] == 2 and not report["created"]
    edited.refresh_from_db()
    assert edited.source_text == "The second sentence, revised."  # same key, same row
    assert Translation.objects.get(segment=kept, language="de").state == State.APPROVED
    assert Translation.objects.get(segment=edited, language="de").state == State.NEEDS_UPDATE
    # The same file again changes nothing.
    again = editor.put(f"{API}/documents/short/source/", {"file": upload(revised)}, format="multipart").json()
    assert again["report"]["revision"] == 2 and again["report"]["changed"] == 0
    # Translators may not re-import; a bad file changes nothing.
    translator = client_for(staff("greta", "translator-de"))
    response = translator.put(f"{API}/documents/short/source/", {"file": upload("x")}, format="multipart")
    assert response.status_code == 403
    response = editor.put(f"{API}/documents/short/source/", {"file": upload(name="x.docx")}, format="multipart")
    assert response.status_code == 400 and response.json()["field"] == "file"
    assert Document.objects.get(slug="short").source_revision == 2
