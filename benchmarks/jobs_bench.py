"""Benchmark: what a background job costs the request, the worker and the status page.

A book is made of COPIES copies of the essay's text (about 40 segments
each) in a throwaway SQLite database, with the German sample translation
where the essay has one. Then, for a PDF edition in columns:

- request: POST of the admin's edition form, which now only queues the job
  (test client, the redirect to the job's page included);
- worker: ``manage.py db_worker --batch --max-tasks 1`` running that job
  (reading, Typst, storing the file, the progress writes), in its own process;
- baseline: the same edition made by ``manage.py export_edition`` in its own
  process: the work the admin's request used to wait for;
- status: the JSON the job's page polls every second (mean of 50 GETs).

Prints figures; asserts nothing. Run: ``python benchmarks/jobs_bench.py [COPIES]``.
"""

import subprocess
import sys
import time
from pathlib import Path

from _django import setup

COPIES = int(sys.argv[1]) if len(sys.argv) > 1 else 60
MANAGE = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py")]


def main() -> None:
    var = setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from translations.models import Job, Segment
    from translations.services.documents import document_import
    from translations.services.samples import ESSAY_PATH, essay_install

    essay = essay_install()[0].document
    german = {segment.source_text: segment.text_in("de") for segment in Segment.objects.filter(document=essay)}
    book_path = var / "book.md"
    book_path.write_text("\n\n".join([ESSAY_PATH.read_text(encoding="utf-8")] * COPIES), encoding="utf-8")
    book = document_import(path=book_path, slug="book", title="Book").document
    rows = list(Segment.objects.filter(document=book))
    for segment in rows:
        segment.text_de = german.get(segment.source_text, "")
    Segment.objects.bulk_update(rows, ["text_de"], batch_size=1000)
    print(f"book: {len(rows)} segments ({COPIES} copies of the essay)")

    admin = User.objects.create_superuser("bench", "", "pw-bench-123")
    client = Client()
    client.force_login(admin)
    url = reverse("admin:translations_document_edition", args=[book.pk])
    form = {"languages": ["de"], "format": "pdf", "layout": "columns"}
    client.post(url, form)  # the first request of a process loads the URLconf and templates
    started = time.perf_counter()
    response = client.post(url, form)
    request = time.perf_counter() - started
    print(f"request, the form queues the job:     {request * 1000:6.0f} ms (HTTP {response.status_code})")

    # Typst memoizes layout within a process: each edition is timed in a fresh process.
    started = time.perf_counter()
    subprocess.run([*MANAGE, "db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", "-v0"], check=True)
    worker = time.perf_counter() - started
    job = Job.objects.order_by("pk").first()
    print(f"worker, the job from queue to file:   {worker:6.2f} s ({job.status}, {job.message}; process start included)")

    out = var / "book.pdf"
    started = time.perf_counter()
    subprocess.run([*MANAGE, "export_edition", "book", "--lang", "de", "--format", "pdf", "--out", str(out), "-v0"],
                   check=True, capture_output=True)
    baseline = time.perf_counter() - started
    print(f"baseline, the same edition as before, in one process: {baseline:6.2f} s "
          f"({out.stat().st_size // 1024} KB; what the request used to wait for, process start included)")

    status_url = reverse("admin:translations_job_status", args=[job.pk])
    client.get(status_url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for _ in range(50):
            client.get(status_url)
        status = (time.perf_counter() - started) / 50
    print(f"status endpoint, one poll:            {status * 1000:6.1f} ms, {len(queries) // 50} queries")


if __name__ == "__main__":
    main()
