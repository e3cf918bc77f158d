"""Background jobs: start one, cancel one, and run one (in the worker).

- ``job_enqueue(*, kind, user, document=None, params, input_file=None)``
  checks that ``user`` may start the kind (``translations.jobs``), creates the
  ``Job`` row and, once the surrounding transaction commits, enqueues the
  django-tasks task ``run_job`` for it. ``input_file`` (a Django ``File``, e.g.
  an upload) is stored with the job for the worker to read.
- ``job_cancel(*, job, user)``: a queued job then never runs; a running one
  stops at its next progress report (progress is written, and cancellation
  noticed, at most every ``JobProgress.interval`` seconds, and at the last step). Returns False when the job had already
  finished.
- ``job_run(*, job_id)`` is what the worker's task calls: it claims the job
  (queued → running, in one conditional UPDATE, so a job runs at most once even
  if the queue delivered it twice), runs its kind, and records the outcome —
  the result file, the summary, or the error in words (the traceback goes to
  the log).
"""

import logging
import time
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import jobs
from ..jobs import JobCancelled, JobResult
from ..models import Document, Job, JobStatus
from ..permissions import can_cancel_job

logger = logging.getLogger(__name__)

# Errors whose message is written for the user (which file, which line, what to do).
# Anything else is a bug: the user reads that it failed and where to look.
_WORDED_ERRORS = (ValueError, PermissionDenied, OSError)


def job_enqueue(
    *,
    kind: str,
    user,
    document: Document | None = None,
    params: dict | None = None,
    input_file: File | None = None,
) -> Job:
    job_kind = jobs.get(kind)
    params = dict(params or {})
    if not job_kind.may_start(user, document=document, params=params):
        raise PermissionDenied(_("You may not start this job: %(kind)s.") % {"kind": job_kind.label})
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            document=document,
            created_by=user if getattr(user, "pk", None) else None,
            params=params,
            language=translation.get_language() or "",
        )
        if input_file is not None:
            name = input_file.name.rsplit("/", 1)[-1]
            job.input.save(name, input_file, save=False)
            job.input_name = name
            job.save(update_fields=["input", "input_name"])
        transaction.on_commit(partial(_task_enqueue, job.pk))
    return job


def _task_enqueue(job_id: int) -> None:
    from ..tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def job_cancel(*, job: Job, user) -> bool:
    if not can_cancel_job(user, job):
        raise PermissionDenied(_("You may not cancel this job."))
    cancelled = Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.CANCELLED,
        finished_at=timezone.now(),
        message=_("Cancelled by %(user)s.") % {"user": user.get_username()},
    )
    job.refresh_from_db()
    return bool(cancelled)


def job_files_delete(jobs) -> None:
    """Delete the input and result files of ``jobs`` (before the rows themselves are deleted)."""
    for job in jobs:
        for field in (job.input, job.result):
            if field:
                field.delete(save=False)


class JobProgress:
    """The ``progress(done, total, message="")`` callable a job kind receives.

    Writes at most every ``interval`` seconds (and always the last step), one
    UPDATE that also notices a cancellation: it only touches a running job.
    """

    interval = 0.25

    def __init__(self, job: Job):
        self.job_id = job.pk
        self._last = 0.0
        # Transactions opened by the kind itself lie deeper than this (see translations.jobs).
        self._depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < self.interval and not (total and done >= total):
            return
        self._last = now
        if len(connection.atomic_blocks) > self._depth:
            # Inside the kind's transaction: read, don't write (the row would stay locked until commit).
            if Job.objects.filter(pk=self.job_id, status=JobStatus.CANCELLED).exists():
                raise JobCancelled
            return
        fields = {"progress_done": max(0, done), "progress_total": max(0, total)}
        if message:
            fields["message"] = str(message)[:500]
        if not Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(**fields):
            raise JobCancelled

    def iterate(self, items, *, total: int | None = None, message: str = ""):
        """Yield ``items``, reporting each step: for services that take a tqdm-like ``progress`` wrapper."""
        if total is None:
            total = len(items)
        self(0, total, message)
        for done, item in enumerate(items, start=1):
            yield item
            self(done, total, message)


def job_run(*, job_id: int) -> None:
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # cancelled before it ran, or already run
    job = Job.objects.select_related("document", "created_by").get(pk=job_id)
    with translation.override(job.language or None):
        try:
            result = jobs.get(job.kind).function(job, JobProgress(job))
        except JobCancelled:
            logger.info("job %s (%s) stopped: cancelled", job.pk, job.kind)
            return
        except Exception as error:
            # A failure users can act on is a warning; anything else is a bug. The traceback goes to the log either way.
            log = logger.warning if isinstance(error, _WORDED_ERRORS) else logger.error
            log("job %s (%s) failed", job.pk, job.kind, exc_info=True)
            _job_fail(job, error)
            return
        _job_succeed(job, result or JobResult())


def _error_in_words(error: Exception) -> str:
    if isinstance(error, _WORDED_ERRORS) and str(error):
        return str(error)
    return _(
        "The job stopped on an unexpected error (%(error)s). Nothing was changed; "
        "the details are in the worker's log."
    ) % {"error": type(error).__name__}


def _job_fail(job: Job, error: Exception) -> None:
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), error=_error_in_words(error)
    )


def _job_succeed(job: Job, result: JobResult) -> None:
    fields = {"status": JobStatus.SUCCEEDED, "finished_at": timezone.now(), "message": str(result.summary)[:500]}
    fields["result_url"] = result.url
    if result.content is not None:
        name = result.filename or f"job-{job.pk}"
        job.result.save(name, ContentFile(result.content), save=False)
        fields.update(result=job.result.name, result_name=name)
    if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields) and job.result:
        job.result.delete(save=False)  # cancelled at the last moment: nobody asked for the file any more
