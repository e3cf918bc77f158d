"""Running background jobs in tests: the real worker command, in this process, until the queue is empty."""

import signal
import threading
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command

_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


def worker_run() -> None:
    """``manage.py db_worker --batch``: run every queued task, then return.

    The command installs its own signal handlers (a graceful stop on Ctrl+C);
    pytest's are put back afterwards. Its check for stale connections is left
    out: inside the test's transaction it would close the connection (on
    PostgreSQL) that holds the test's data.
    """
    saved = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@pytest.fixture
def job_files(settings, tmp_path):
    """Job inputs and results in a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@contextmanager
def background_worker(interval: float = 0.2):
    """A db_worker loop in a thread while the block runs (for browser tests against the live server).

    On SQLite the test database lives in memory: like Django's live server, the
    thread borrows this thread's connection to see it. On PostgreSQL it opens
    its own, as a worker process would.
    """
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    shared = connections["default"] if connections["default"].vendor == "sqlite" else None
    worker = Worker(
        queue_names=["default"], interval=interval, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )

    def run():
        if shared is not None:
            connections["default"] = shared
        try:
            worker.run()
        finally:
            if shared is None:
                connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(timeout=30)
