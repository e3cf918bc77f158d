"""The admin's long actions as background jobs: exports, big uploads, alignment."""

import polib
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.formats_support import export, segments, snapshot
from tests.jobs_support import job_files, worker_run  # noqa: F401  (fixture)
from tests.test_aligned_import import german_sample
from translations.models import AlignmentRun, Job, JobStatus, Translation
from translations.permissions import groups_ensure, translator_group

pytestmark = pytest.mark.usefixtures("job_files")


def translator(username, code):
    groups_ensure()
    user = User.objects.create_user(username, password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=translator_group(code)))
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def post(client, url, data, capture):
    """Post a form that starts a job; returns the job (the answer sends the user to its page)."""
    with capture(execute=True):
        response = client.post(url, data)
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/admin/translations/job/{job.pk}/change/"
    return job


def finished(job):
    worker_run()
    job.refresh_from_db()
    return job


def test_an_export_button_starts_a_job_whose_file_is_the_export(
    client, essay_with_samples, django_capture_on_commit_callbacks
):
    user = translator("tina", "de")
    client.force_login(user)
    page = client.get(reverse("admin:translations_document_exchange", args=[essay_with_samples.pk])).content.decode()
    url = reverse("admin:translations_document_exchange_download", args=[essay_with_samples.pk, "tmx", "all"])
    assert f'formaction="{url}"' in page
    job = finished(post(client, url, {}, django_capture_on_commit_callbacks))
    assert job.status == JobStatus.SUCCEEDED and job.kind == "export"
    download = client.get(reverse("admin:translations_job_download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="essay.tmx"'
    assert b"".join(download.streaming_content) == export(essay_with_samples, "tmx")


def edited_po(document, text, *, language="de"):
    catalog = polib.pofile(export(document, "po", language).decode())
    catalog[0].msgstr = text
    catalog[0].flags = []
    return SimpleUploadedFile(f"essay.{language}.po", str(catalog).encode())


def test_a_large_upload_is_imported_by_a_job(client, essay_with_samples, settings, django_capture_on_commit_callbacks):
    settings.WORKBENCH_BACKGROUND_IMPORT_BYTES = 1000  # the essay's PO file is larger
    client.force_login(translator("tina", "de"))
    url = reverse("admin:translations_document_exchange", args=[essay_with_samples.pk])
    upload = edited_po(essay_with_samples, "Im Hintergrund eingelesen.")
    job = post(client, url, {"file": upload, "language": ""}, django_capture_on_commit_callbacks)
    assert job.kind == "translation-import" and job.input_name == "essay.de.po"
    assert segments(essay_with_samples)[0].text_in("de") != "Im Hintergrund eingelesen."  # not yet
    job = finished(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert segments(essay_with_samples)[0].text_in("de") == "Im Hintergrund eingelesen."
    page = client.get(f"/admin/translations/job/{job.pk}/change/").content.decode()
    assert "essay.de.po → essay [de]" in page  # the report's summary
    assert reverse("admin:translations_document_translate", args=[essay_with_samples.pk, "de"]) in page


def test_a_large_upload_in_a_language_the_user_may_not_translate_fails_and_changes_nothing(
    client, essay_with_samples, settings, django_capture_on_commit_callbacks
):
    settings.WORKBENCH_BACKGROUND_IMPORT_BYTES = 1000
    client.force_login(translator("tina", "fr"))
    before = snapshot(essay_with_samples)
    upload = edited_po(essay_with_samples, "Pas le droit.")  # a German file, the language from the file
    url = reverse("admin:translations_document_exchange", args=[essay_with_samples.pk])
    job = finished(post(client, url, {"file": upload, "language": ""}, django_capture_on_commit_callbacks))
    assert job.status == JobStatus.FAILED and job.error == "You may not translate into German."
    assert snapshot(essay_with_samples) == before
    # Naming the language up front is refused at once, on the form.
    response = client.post(url, {"file": edited_po(essay_with_samples, "Non."), "language": "de"})
    assert response.status_code == 403 and "You may not translate into German" in response.content.decode()


@pytest.fixture
def german_text(essay):
    sentences: dict[int, list[str]] = {}
    for segment, german in german_sample(essay):
        sentences.setdefault(segment.block.position, []).append(german)
    return "\n\n".join(" ".join(block) for _position, block in sorted(sentences.items()))


def test_an_uploaded_translation_is_aligned_by_a_job(client, essay, german_text, django_capture_on_commit_callbacks):
    client.force_login(translator("tina", "de"))
    change = client.get(reverse("admin:translations_document_change", args=[essay.pk])).content.decode()
    url = reverse("admin:translations_document_align", args=[essay.pk])
    assert f'href="{url}"' in change
    upload = SimpleUploadedFile("übersetzung.txt", german_text.encode())
    job = finished(post(client, url, {"file": upload, "language": "de"}, django_capture_on_commit_callbacks))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.kind == "alignment" and job.progress_done == job.progress_total > 0
    run = AlignmentRun.objects.get()
    assert run.source_name == "übersetzung.txt" and job.result_url.endswith(f"/alignmentrun/{run.pk}/change/")
    first = segments(essay)[0]
    assert first.text_in("de") == german_sample(essay)[0][1]
    assert Translation.objects.filter(segment__document=essay, language="de").count() == len(segments(essay))


def test_alignment_errors_name_the_uploaded_file(client, essay, django_capture_on_commit_callbacks):
    client.force_login(translator("tina", "de"))
    url = reverse("admin:translations_document_align", args=[essay.pk])
    upload = SimpleUploadedFile("leer.txt", b"\xff\xfe not UTF-8 \xff")
    job = finished(post(client, url, {"file": upload, "language": "de"}, django_capture_on_commit_callbacks))
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("leer.txt") and "jobs/" not in job.error
    assert not AlignmentRun.objects.exists()


def test_aligning_needs_the_right_to_translate_that_language(client, essay, german_text):
    client.force_login(translator("tina", "fr"))
    url = reverse("admin:translations_document_align", args=[essay.pk])
    response = client.post(url, {"file": SimpleUploadedFile("de.txt", german_text.encode()), "language": "de"})
    assert response.status_code == 200 and "You may not start this job" in response.content.decode()
    assert not Job.objects.exists()
