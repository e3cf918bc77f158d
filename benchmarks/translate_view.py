"""How the paged translate view holds at book size: server time, queries and HTML per page.

Builds documents of 2,000, 12,000 and 100,000 segments with bulk inserts
(``tests.books_support.book_create``: blocks of one to seven sentences, every
third segment translated into German, a finding on every seventh) in a
throw-away SQLite database, then requests, as a superuser, the German
translate view's first, a middle and the last page, a filtered page
("untranslated", its middle page), a search and a jump to a segment, and
prints for each the median server time (wall clock and CPU: the machine may
be shared, and SQLite runs inside the process), the number of SQL queries
and the bytes of HTML. Targets: ≤ 0.5 s and ≤ 500 KB per page at every size,
the same number of queries at every size.

Baseline, measured in the same run: the review page of the same document
(already paged), and the figures before paging (12,320 segments: 8.6 s,
31.7 MB, docs/PERFORMANCE.md). Asserts nothing; the query contract is
``tests/test_admin_translate_paging.py``.

    .venv/bin/python benchmarks/translate_view.py [SIZE ...]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._django import setup  # noqa: E402

SIZES = [2_000, 12_000, 100_000]
RUNS = 3


def measure(client, url: str, params: dict) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds, queries and HTML bytes of GET ``url`` (after one warm-up request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    walls, cpus = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), len(queries), len(response.content)


def views(document_id: int, segments: int) -> list[tuple[str, str, dict]]:
    from translations.paging import PAGE_SIZE

    translate = f"/admin/translations/document/{document_id}/translate/de/"
    pages = segments // PAGE_SIZE  # blocks of at most seven rows: a page starts every 50 rows
    return [
        ("first page", translate, {}),
        ("middle page", translate, {"page": pages // 2}),
        ("last page", translate, {"page": pages}),
        ("untranslated, middle", translate, {"state": "untranslated", "page": pages // 3}),
        ("search", translate, {"q": f"SENTENCE {segments // 2 + 7} OF"}),
        ("jump to a key", translate, {"seg": f"k{segments * 3 // 4}"}),
    ]


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or SIZES
    setup()
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.books_support import book_create

    admin = User.objects.create_superuser("bench", "", "pw")
    client = Client()
    client.force_login(admin)
    print(f"load average at start: {' '.join(f'{n:.1f}' for n in os.getloadavg())} (2 cores, shared)")
    print(f"{'segments':>9} {'view':<22} {'wall ms':>8} {'cpu ms':>7} {'queries':>8} {'HTML KB':>8}")
    for size in sizes:
        started = time.perf_counter()
        document = book_create(slug=f"book-{size}", segments=size, user=admin, findings_every=7)
        print(f"{size:>9} (built in {time.perf_counter() - started:.0f} s)")
        rows = views(document.pk, size)
        rows.append(("baseline: review page", f"/review/{document.slug}/", {"lang": "de", "page": 2}))
        for name, url, params in rows:
            wall, cpu, queries, size_bytes = measure(client, url, params)
            print(f"{size:>9} {name:<22} {wall * 1000:>8.0f} {cpu * 1000:>7.0f} {queries:>8} {size_bytes / 1024:>8.0f}")
    print(f"load average at end: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    print("before paging (docs/PERFORMANCE.md): 12,320 segments, 8.6 s server time, 31.7 MB of HTML")


if __name__ == "__main__":
    main()
