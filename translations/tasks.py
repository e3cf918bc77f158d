"""The django-tasks tasks of the workbench (run by ``manage.py db_worker``).

There is one: ``run_job(job_id)`` runs a background ``Job`` (see
``translations.services.jobs``). Jobs are started with ``job_enqueue``, never
by enqueuing this task directly.
"""

from django_tasks import task

from .services.jobs import job_run


@task()
def run_job(job_id: int) -> None:
    job_run(job_id=job_id)
