"""Downloading an edition from the document's admin page."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.editions_support import pdf_pages
from tests.jobs_support import background_worker, job_files, worker_run  # noqa: F401  (fixture)
from translations.models import Job

pytestmark = pytest.mark.usefixtures("job_files")


def edition_url(document) -> str:
    return reverse("admin:translations_document_edition", args=[document.pk])


@pytest.fixture
def viewer(db):
    """Staff who may view documents, nothing more."""
    user = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def test_the_change_form_links_to_the_edition_page(essay, client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:translations_document_change", args=[essay.pk])).content.decode()
    assert f'href="{edition_url(essay)}"' in page and "Bilingual edition" in page


def make_edition(client, document, data, capture) -> str:
    """Post the edition form, let the worker make it; returns the job's download URL."""
    with capture(execute=True):
        response = client.post(edition_url(document), data)
    assert response.status_code == 302 and "/admin/translations/job/" in response["Location"]
    worker_run()
    job = Job.objects.latest("pk")
    assert job.status == "succeeded", job.error
    return reverse("admin:translations_job_download", args=[job.pk])


def test_staff_who_can_view_the_document_make_a_pdf(
    essay_with_samples, client, viewer, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    page = client.get(edition_url(essay_with_samples)).content.decode()
    # The edition form itself (the header's language switcher lists every language).
    form = page[page.index('<form method="post" id="edition-form">') :]
    form = form[: form.index("</form>")]
    assert 'value="de"' in form and 'value="en"' not in form  # the source is not a target
    download = make_edition(
        client, essay_with_samples, {"languages": ["de"], "format": "pdf", "layout": "facing"},
        django_capture_on_commit_callbacks,
    )
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="essay.en-de.facing.pdf"'
    path = tmp_path / "edition.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    assert "Die Sowjetunion" in "".join(pdf_pages(path))


def test_html_edition(essay_with_samples, client, viewer, django_capture_on_commit_callbacks):
    client.force_login(viewer)
    download = make_edition(
        client, essay_with_samples, {"languages": ["de", "ru"], "format": "html", "layout": "columns"},
        django_capture_on_commit_callbacks,
    )
    response = client.get(download)
    assert response["Content-Type"] == "text/html"
    assert 'filename="essay.en-de-ru.columns.html"' in response["Content-Disposition"]
    assert 'lang="ru"' in b"".join(response.streaming_content).decode()


def test_epub_edition(essay_with_samples, client, viewer, django_capture_on_commit_callbacks):
    import io
    import zipfile

    client.force_login(viewer)
    download = make_edition(
        client,
        essay_with_samples,
        {"languages": ["ru"], "format": "epub", "layout": "facing"},
        django_capture_on_commit_callbacks,
    )
    response = client.get(download)
    assert response["Content-Type"] == "application/epub+zip"
    assert 'filename="essay.en-ru.facing.epub"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        assert "EPUB/chapter-1-ru.xhtml" in book.namelist()


def test_an_impossible_choice_comes_back_on_the_form(essay, client, viewer):
    client.force_login(viewer)
    response = client.post(edition_url(essay), {"languages": ["de", "fr"], "format": "pdf", "layout": "facing"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "facing layout takes one target language" in response.content.decode()
    assert not Job.objects.exists()


def test_staff_without_view_permission_is_refused(essay, client, db):
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(edition_url(essay)).status_code == 403
    assert client.post(edition_url(essay), {"languages": ["de"], "format": "pdf", "layout": "columns"}).status_code == 403


def test_anonymous_users_are_sent_to_the_login(essay, client):
    response = client.get(edition_url(essay))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_document_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:translations_document_edition", args=[999999])).status_code == 404


@pytest.mark.browser
def test_edition_job_in_chromium(essay_with_samples, page, live_server, admin_login, tmp_path, artifacts_dir):
    """Start the edition, watch its bar on the job's page reach the end without reloading, download it."""
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/{essay_with_samples.pk}/change/")
    page.click("text=Bilingual edition")
    page.check("input[name=languages][value=ru]")
    page.check("input[name=layout][value=facing]")
    page.screenshot(path=f"{artifacts_dir}/admin-edition-form.png")
    page.click("input[name=download]")
    page.wait_for_url("**/admin/translations/job/*/change/")
    assert page.locator(".wb-job").get_attribute("data-status") == "queued"
    page.screenshot(path=f"{artifacts_dir}/admin-job-queued.png")
    with background_worker():
        page.locator(".wb-job[data-status=succeeded]").wait_for(timeout=60000)
    assert page.locator(".wb-job-done").evaluate("bar => bar.style.width") == "100%"
    page.screenshot(path=f"{artifacts_dir}/admin-job-done.png")
    with page.expect_download() as download_info:
        page.click("a.wb-job-download")
    download = download_info.value
    assert download.suggested_filename == "essay.en-ru.facing.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert "Советский Союз" in "".join(pdf_pages(path))
    page.click("text=Jobs")  # the breadcrumbs: the list of my jobs
    assert page.locator("#result_list .wb-job").get_attribute("data-status") == "succeeded"
    page.screenshot(path=f"{artifacts_dir}/admin-jobs.png")
