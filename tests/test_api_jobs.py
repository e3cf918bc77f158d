"""Background jobs through the API: exports and alignment answer 202, the job is polled, its file downloaded."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_support import API, _fresh_throttle, client_for, first_segments, root, root_api, staff  # noqa: F401
from tests.jobs_support import job_files, worker_run  # noqa: F401  (fixture)
from tests.test_aligned_import import german_sample
from tests.test_jobs_kinds import german_text  # noqa: F401  (fixture: the essay's German as one text)
from translations.models import AlignmentRun, Job, JobStatus, State, Translation
from translations.services.translations import translation_save

pytestmark = pytest.mark.usefixtures("job_files")


def start(client, url, data, capture, **kwargs):
    with capture(execute=True):  # the task is queued when the request's transaction commits
        return client.post(url, data, **kwargs)


def test_an_edition_is_built_by_a_job_polled_and_downloaded(essay_with_samples, django_capture_on_commit_callbacks):
    translator = client_for(staff("greta", "translator-de"))
    response = start(translator, f"{API}/documents/essay/exports/",
                     {"format": "edition-html", "language": ["de"], "layout": "columns"},
                     django_capture_on_commit_callbacks, format="json")
    assert response.status_code == 202, response.json()
    job = response.json()
    assert response["Location"] == job["url"] and job["status"] == "queued" and job["result_url"] is None
    assert Job.objects.get().kind == "edition"
    early = translator.get(f"{API}/jobs/{job['id']}/result/")
    assert early.status_code == 409 and "queued" in early.json()["error"]

    worker_run()

    job = translator.get(job["url"]).json()
    assert job["status"] == "succeeded" and job["percent"] == 100 and job["document"] == "essay"
    download = translator.get(job["result_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="essay.en-de.columns.html"'
    html = b"".join(download.streaming_content).decode()
    assert 'lang="de"' in html and essay_with_samples.segments.first().text_de.split()[0] in html


def test_an_export_job_keeps_the_state_filter(essay, root_api, django_capture_on_commit_callbacks):
    approved, draft = first_segments(essay, 2)
    translation_save(segment=approved, language="de", text="Genehmigt.", state=State.APPROVED)
    translation_save(segment=draft, language="de", text="Entwurf.", state=State.DRAFT)
    response = start(root_api, f"{API}/documents/essay/exports/", {"format": "po", "language": ["de"],
                     "state": ["approved"]}, django_capture_on_commit_callbacks, format="json")
    assert response.status_code == 202
    worker_run()
    job = root_api.get(response.json()["url"]).json()
    catalog = polib.pofile(b"".join(root_api.get(job["result_url"]).streaming_content).decode())
    assert [entry.msgstr for entry in catalog if entry.msgstr] == ["Genehmigt."]


def test_export_jobs_refuse_bad_requests_and_start_nothing(essay, root_api):
    cases = [
        ({"format": "rtf", "language": ["de"]}, 404, "format"),
        ({"format": "po", "language": ["de", "fr"]}, 400, "language"),
        ({"format": "edition-pdf", "language": ["en"]}, 400, "language"),
        ({"format": "tmx", "language": ["de"], "state": ["approved"]}, 400, "state"),
        ({"format": "po"}, 400, "language"),
    ]
    for data, status, field in cases:
        response = root_api.post(f"{API}/documents/essay/exports/", data, format="json")
        assert (response.status_code, response.json()["field"]) == (status, field), (data, response.json())
    assert not Job.objects.exists()


def test_an_uploaded_translation_is_aligned_by_a_job(essay, german_text, django_capture_on_commit_callbacks):
    greta = staff("greta", "translator-de")
    translator = client_for(greta)
    upload = SimpleUploadedFile("übersetzung.txt", german_text.encode())
    response = start(translator, f"{API}/documents/essay/alignments/", {"file": upload, "language": "de"},
                     django_capture_on_commit_callbacks, format="multipart")
    assert response.status_code == 202, response.json()
    assert response.json()["kind"] == "alignment"
    worker_run()
    job = translator.get(response["Location"]).json()
    assert job["status"] == "succeeded", job["error"]
    assert AlignmentRun.objects.get().source_name == "übersetzung.txt"
    first = first_segments(essay, 1)[0]
    assert first.text_de == german_sample(essay)[0][1]
    row = Translation.objects.get(segment=first, language="de")
    assert row.state == State.DRAFT and row.changed_by == greta


def test_alignment_is_refused_before_a_job_starts(essay, german_text):
    french = client_for(staff("francois", "translator-fr"))
    response = french.post(f"{API}/documents/essay/alignments/",
                           {"file": SimpleUploadedFile("de.txt", german_text.encode()), "language": "de"},
                           format="multipart")
    assert response.status_code == 403 and response.json()["error"] == "You may not translate into German."
    german = client_for(staff("greta", "translator-de"))
    response = german.post(f"{API}/documents/essay/alignments/",
                           {"file": SimpleUploadedFile("de.txt", german_text.encode()), "language": "de",
                            "force": True}, format="multipart")
    assert response.status_code == 403 and "Only reviewers of German" in response.json()["error"]
    for upload, words in [
        (SimpleUploadedFile("de.pdf", b"%PDF-1.4"), "de.pdf: unknown file type"),
        (SimpleUploadedFile("leer.txt", b"\xff\xfe not UTF-8 \xff"), "leer.txt"),
    ]:
        response = german.post(f"{API}/documents/essay/alignments/", {"file": upload, "language": "de"},
                               format="multipart")
        assert response.status_code == 400 and response.json()["field"] == "file"
        assert response.json()["error"].startswith(words), response.json()
    response = german.post(f"{API}/documents/essay/alignments/",
                           {"file": SimpleUploadedFile("en.txt", b"Text."), "language": "en"}, format="multipart")
    assert response.status_code == 400 and response.json()["field"] == "language"
    assert not Job.objects.exists()


def test_a_job_is_seen_and_cancelled_by_its_starter_only(essay, django_capture_on_commit_callbacks):
    greta, rolf = staff("greta", "translator-de"), staff("rolf", "reviewer-de")
    starter, other = client_for(greta), client_for(rolf)
    job = start(starter, f"{API}/documents/essay/exports/", {"format": "csv", "language": ["de"]},
                django_capture_on_commit_callbacks, format="json").json()
    assert other.get(job["url"]).status_code == 404
    assert other.delete(job["url"]).status_code == 404
    assert client_for().get(job["url"]).status_code == 401
    cancelled = starter.delete(job["url"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    worker_run()
    assert Job.objects.get().status == JobStatus.CANCELLED
    assert starter.get(f"{API}/jobs/{job['id']}/result/").status_code == 409
    assert starter.get(f"{API}/jobs/999999/").status_code == 404
