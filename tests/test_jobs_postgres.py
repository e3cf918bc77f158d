"""On PostgreSQL one queue serves many workers: two workers never take the same job."""

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.jobs_support import job_files  # noqa: F401  (fixture)
from translations.jobs import JobResult, job_kind
from translations.models import Job, JobStatus
from translations.services.jobs import job_enqueue

RUNS: list[tuple[int, str]] = []
_lock = threading.Lock()


@job_kind("test-shared-queue")
def shared_queue(job, progress):
    with _lock:
        RUNS.append((job.pk, threading.current_thread().name))
    time.sleep(0.05)  # long enough that both workers are busy at once
    progress(1, 1)
    return JobResult(summary="ran")


def worker_thread(name: str) -> threading.Thread:
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=name, excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()  # this thread's own connection

    return threading.Thread(target=run, name=name)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_job(job_files):
    RUNS.clear()
    user = User.objects.create_user("vera", is_staff=True)
    jobs = [job_enqueue(kind="test-shared-queue", user=user) for _ in range(24)]
    assert DBTaskResult.objects.filter(status="READY").count() == 24

    threads = [worker_thread("worker-a"), worker_thread("worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    ran = [job_id for job_id, _worker in RUNS]
    assert sorted(ran) == sorted(job.pk for job in jobs)  # every job once, none twice
    assert {worker for _job, worker in RUNS} == {"worker-a", "worker-b"}  # and both workers took some
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    for task in DBTaskResult.objects.all():
        assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 1
