"""Background jobs as users see them: what runs, how far it got, its file or its error.

A ``Job`` row is created by ``services.jobs.job_enqueue`` and run by the
django-tasks task ``translations.tasks.run_job`` in a worker process
(``manage.py db_worker``). The task queue (django-tasks-db's own table) only
says *that* something must run; this row is what the admin's Jobs page shows:
status, progress, the result file and the error in words. Both live in the
database, so a queued job survives a restart of the server and the workers.

The result file is stored under ``MEDIA_ROOT/jobs/<id>/`` and never served
directly: the admin's download view checks who may read it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Document


def job_file_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


# A job in one of these states will not change any more.
FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED})


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=50)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs", verbose_name=_("document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The file a job reads (an uploaded translation to import or align), kept until the job is deleted.
    input = models.FileField(_("input file"), upload_to=job_file_path, blank=True, max_length=300)
    input_name = models.CharField(_("input file name"), max_length=300, blank=True)
    result = models.FileField(_("result"), upload_to=job_file_path, blank=True, max_length=300)
    result_name = models.CharField(_("result file name"), max_length=300, blank=True)
    result_url = models.CharField(_("see the outcome at"), max_length=300, blank=True)
    # The interface language of whoever started it: its messages, errors and files speak it.
    language = models.CharField(_("interface language"), max_length=12, blank=True)
    # The django-tasks result id, to find the queue's row when debugging a worker.
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="job_owner_recent_idx")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """How far it got, 0–100; None while the total is not known."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
