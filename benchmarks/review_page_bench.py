"""How long the review page takes on the server: a 2,000-segment document
against a 43-segment one (the essay's size), measured in the same process.

Builds both documents in a throw-away SQLite database (WORKBENCH_VAR_DIR in a
temporary directory), logs in a superuser and requests the review page with
German and Russian beside English through Django's test client, which runs
the whole request (middleware, queries, template) without a network. Prints
the median and worst of several requests, the number of queries and the size
of the HTML. Asserts nothing; the target is under one second for the large
document, with the same number of queries as the small one.

    .venv/bin/python benchmarks/review_page_bench.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
os.environ["WORKBENCH_VAR_DIR"] = tempfile.mkdtemp(prefix="review-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from translations.models import Block, Comment, Document, Segment, State, Translation  # noqa: E402

RUNS = 7
STATES = [State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED, State.NEEDS_UPDATE]


def build(slug: str, segments: int, per_block: int = 5) -> Document:
    """A document of ``segments`` sentences, German and Russian in mixed states, a few comments."""
    document = Document.objects.create(slug=slug, title=slug, source_language="en", source_revision=1)
    blocks = Block.objects.bulk_create(
        Block(document=document, position=i, kind="quotation" if i % 7 == 3 else "paragraph")
        for i in range((segments + per_block - 1) // per_block)
    )
    Segment.objects.bulk_create(
        Segment(
            document=document,
            block=blocks[n // per_block],
            position=n % per_block,
            key=f"{slug}-{n}",
            source_text=f"Sentence {n} says that backwardness and bureaucracy grew together in the years of the plan.",
            separator=" ",
            text_de=f"Satz {n} sagt, dass Rückständigkeit und Bürokratie in den Jahren des Plans zusammen wuchsen.",
            text_ru="" if n % 9 == 0 else f"Предложение {n} говорит, что отсталость и бюрократия росли вместе.",
        )
        for n in range(segments)
    )
    rows = []
    for n, segment in enumerate(Segment.objects.filter(document=document).order_by("pk")):
        rows.append(Translation(segment=segment, language="de", state=STATES[n % 5], version=1, confidence=0.4 if n % 50 == 0 else 0.9))
        if n % 9:
            rows.append(Translation(segment=segment, language="ru", state=STATES[(n + 2) % 5], version=1))
        if n % 40 == 0:
            Comment.objects.create(segment=segment, language="de", text=f"Check sentence {n}.")
    Translation.objects.bulk_create(rows)
    return document


def measure(client: Client, url: str) -> dict:
    times = []
    for _run in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return {
        "median_ms": 1000 * statistics.median(times),
        "worst_ms": 1000 * max(times),
        "queries": len(queries),
        "kib": len(response.content) / 1024,
        "rows": response.content.decode().count('class="wb-row"'),
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    small, large = build("small", 43), build("large", 2000)
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "", "x"))
    client.get("/review/small/?lang=de&lang=ru")  # warm up templates and URL resolvers

    cases = [
        ("43 segments (baseline)", "/review/small/?lang=de&lang=ru"),
        ("2,000 segments, page 1", "/review/large/?lang=de&lang=ru"),
        ("2,000 segments, last page", "/review/large/?lang=de&lang=ru&page=999"),
        ("2,000 segments, filter needs review", "/review/large/?lang=de&lang=ru&filter=needs_review"),
        ("2,000 segments, filter flagged", "/review/large/?lang=de&lang=ru&filter=flagged"),
    ]
    print(f"review page, German and Russian beside English; median and worst of {RUNS} requests (server time)")
    print(f"{'case':<38} {'median ms':>10} {'worst ms':>9} {'queries':>8} {'rows':>5} {'KiB':>7}")
    results = {}
    for label, url in cases:
        results[label] = figures = measure(client, url)
        print(
            f"{label:<38} {figures['median_ms']:>10.1f} {figures['worst_ms']:>9.1f} {figures['queries']:>8}"
            f" {figures['rows']:>5} {figures['kib']:>7.0f}"
        )
    base, big = results[cases[0][0]], results[cases[1][0]]
    print(
        f"2,000 vs 43 segments: {big['median_ms'] / base['median_ms']:.1f}x the time "
        f"(target: under 1000 ms), queries {big['queries']} vs {base['queries']} (target: equal)"
    )


if __name__ == "__main__":
    main()
