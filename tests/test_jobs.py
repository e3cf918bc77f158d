"""Background jobs: queued from the admin, run by the worker, followed, downloaded, cancelled."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.jobs_support import job_files, worker_run  # noqa: F401  (fixture)
from translations.jobs import JobResult, job_kind
from translations.models import Job, JobStatus
from translations.services.jobs import job_cancel, job_enqueue

pytestmark = pytest.mark.usefixtures("job_files")

CALLS: list[tuple[int, str]] = []
STATUS_SEEN: list[dict] = []


@job_kind("test-steps")
def steps(job, progress):
    """Four steps; between them, whatever the test put in params["between"] happens."""
    for step in range(4):
        CALLS.append((job.pk, f"step {step}"))
        progress(step, 4, f"step {step}")
        if job.params.get("look"):
            STATUS_SEEN.append(LOOK(job))
        if job.params.get("cancel_at") == step:
            job_cancel(job=job, user=job.created_by)
    return JobResult(filename="steps.txt", content=b"four steps\n", summary="4 steps")


@job_kind("test-broken-file")
def broken_file(job, progress):
    raise ValueError("de.po, line 12: unterminated string")


@job_kind("test-bug")
def bug(job, progress):
    return {}["no such key"]


LOOK = None


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    STATUS_SEEN.clear()


def status_url(job):
    return reverse("admin:translations_job_status", args=[job.pk])


def job_page(job):
    return reverse("admin:translations_job_change", args=[job.pk])


@pytest.fixture
def staff(db):
    user = User.objects.create_user("vera", password="pw-vera-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def start(kind, user, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        return job_enqueue(kind=kind, user=user, params=params)


def test_an_edition_started_in_the_admin_is_made_by_the_worker_and_downloaded(
    essay_with_samples, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("admin:translations_document_edition", args=[essay_with_samples.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"languages": ["de"], "format": "html", "layout": "columns"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job_page(job)
    page = client.get(job_page(job)).content.decode()
    assert "queued" in page and "wb-job-download" not in page
    assert client.get(status_url(job)).json()["status"] == "queued"

    worker_run()

    status = client.get(status_url(job)).json()
    assert status["status"] == "succeeded" and status["percent"] == 100
    page = client.get(job_page(job)).content.decode()
    assert "essay.en-de.columns.html" in page
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="essay.en-de.columns.html"'
    html = b"".join(download.streaming_content).decode()
    assert "Die Sowjetunion" in html and 'lang="de"' in html


def test_a_failed_job_shows_its_error_in_words(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    job = start("test-broken-file", staff, django_capture_on_commit_callbacks)
    worker_run()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    page = client.get(job_page(job)).content.decode()
    assert "de.po, line 12: unterminated string" in page
    assert "Traceback" not in page and "wb-job-download" not in page


def test_a_bug_is_reported_without_its_traceback(client, staff, django_capture_on_commit_callbacks, caplog):
    client.force_login(staff)
    job = start("test-bug", staff, django_capture_on_commit_callbacks)
    worker_run()
    status = client.get(status_url(job)).json()
    assert status["status"] == "failed"
    assert "unexpected error (KeyError)" in status["error"] and "worker's log" in status["error"]
    assert "no such key" not in status["error"]
    assert "Traceback" in caplog.text and "no such key" in caplog.text  # the log has it all


def test_a_job_cancelled_in_the_queue_never_runs(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    job = start("test-steps", staff, django_capture_on_commit_callbacks)
    page = client.get(job_page(job)).content.decode()
    cancel = reverse("admin:translations_job_cancel", args=[job.pk])
    assert f'action="{cancel}"' in page
    assert client.post(cancel).status_code == 302
    worker_run()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and CALLS == []
    assert f'action="{cancel}"' not in client.get(job_page(job)).content.decode()


def test_a_running_job_stops_at_its_next_progress_call(staff, django_capture_on_commit_callbacks, monkeypatch):
    # Progress is written at most every quarter second; here every call counts.
    monkeypatch.setattr("translations.services.jobs.JobProgress.interval", 0)
    job = start("test-steps", staff, django_capture_on_commit_callbacks, cancel_at=1)
    worker_run()
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert [step for _job, step in CALLS] == ["step 0", "step 1", "step 2"]  # stopped on reporting step 2
    assert not job.result


def test_progress_is_seen_through_the_status_endpoint_while_the_job_runs(
    client, staff, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(staff)
    monkeypatch.setattr("translations.services.jobs.JobProgress.interval", 0)
    monkeypatch.setattr(__name__ + ".LOOK", lambda job: client.get(status_url(job)).json())
    job = start("test-steps", staff, django_capture_on_commit_callbacks, look=True)
    worker_run()
    assert [(seen["status"], seen["percent"], seen["message"]) for seen in STATUS_SEEN] == [
        ("running", 0, "step 0"),
        ("running", 25, "step 1"),
        ("running", 50, "step 2"),
        ("running", 75, "step 3"),
    ]
    final = client.get(status_url(job)).json()
    assert (final["status"], final["percent"], final["message"]) == ("succeeded", 100, "4 steps")


def test_only_the_starter_and_superusers_see_download_or_cancel_a_job(
    client, staff, admin_user, django_capture_on_commit_callbacks
):
    job = start("test-steps", staff, django_capture_on_commit_callbacks)
    worker_run()
    download = reverse("admin:translations_job_download", args=[job.pk])
    other = User.objects.create_user("otto", password="pw-otto-123", is_staff=True)
    client.force_login(other)
    assert client.get(download).status_code == 403
    assert client.get(status_url(job)).status_code == 403
    assert client.post(reverse("admin:translations_job_cancel", args=[job.pk])).status_code == 403
    assert client.get(job_page(job)).status_code in (302, 403)  # the admin's "no such object"
    assert f"test-steps #{job.pk}" not in client.get(reverse("admin:translations_job_changelist")).content.decode()
    for user in (staff, admin_user):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"four steps\n"
        assert f"test-steps #{job.pk}" in client.get(reverse("admin:translations_job_changelist")).content.decode()
    client.logout()
    assert client.get(download).status_code == 302  # to the login


def test_starting_a_kind_needs_its_permission(essay, db):
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        job_enqueue(kind="edition", user=clerk, document=essay, params={"languages": ["de"], "format": "pdf"})
    assert not Job.objects.exists()


def test_deleting_a_finished_job_deletes_its_file(client, admin_user, django_capture_on_commit_callbacks):
    job = start("test-steps", admin_user, django_capture_on_commit_callbacks)
    worker_run()
    job.refresh_from_db()
    path = job.result.path
    client.force_login(admin_user)
    response = client.post(reverse("admin:translations_job_delete", args=[job.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not Path(path).exists()
