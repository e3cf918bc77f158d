"""How long the API takes to list segments and write translations, by document size.

Builds documents of 43 (the essay's size, the baseline), 12,000 and 100,000
segments in a throw-away SQLite database, then through Django's test client
with a token (the whole request: authentication, throttling, queries,
serialisation; no network):

- ``GET /api/v1/documents/{slug}/segments/?language=de&page_size=100`` on the
  first, a middle and the last page, and filtered by a state;
- ``PUT`` of one translation with ``If-Match`` (a save with its history, checks
  and memory, as the translate view does);
- a bulk write of 100 drafts (one transaction).

Prints the median of several requests and the number of queries. Asserts
nothing; the target is a list time and query count that do not grow with the
document (OFFSET paging costs a little more on the last page of a book).

    .venv/bin/python benchmarks/api_bench.py
"""

import statistics
import time

from _django import setup

setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from translations.models import Block, Document, Segment, State, Translation  # noqa: E402
from translations.services.api_tokens import api_token_issue  # noqa: E402

RUNS = 5
STATES = [State.DRAFT, State.TRANSLATED, State.NEEDS_REVIEW, State.APPROVED]


def build(slug: str, size: int, per_block: int = 5) -> Document:
    document = Document.objects.create(slug=slug, title=slug, source_language="en", source_revision=1)
    blocks = Block.objects.bulk_create(
        Block(document=document, position=i) for i in range((size + per_block - 1) // per_block)
    )
    Segment.objects.bulk_create(
        (
            Segment(document=document, block=blocks[n // per_block], position=n % per_block, key=f"k{n}",
                    source_text=f"Sentence {n} says that backwardness and bureaucracy grew together.", separator=" ",
                    text_de="" if n % 4 == 3 else f"Satz {n} sagt, dass Rückständigkeit und Bürokratie wuchsen.")
            for n in range(size)
        ),
        batch_size=5000,
    )
    Translation.objects.bulk_create(
        (
            Translation(segment_id=pk, language="de", state=STATES[n % 3 if n % 4 != 3 else 0], version=1)
            for n, pk in enumerate(Segment.objects.filter(document=document).order_by("pk").values_list("pk", flat=True))
            if n % 4 != 3
        ),
        batch_size=5000,
    )
    return document


def timed(call) -> tuple[float, int]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - start)
        assert response.status_code < 300, (response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as queries:
        call()
    return 1000 * statistics.median(times), len(queries)


def main() -> None:
    user = User.objects.create_superuser("bench", "", "x")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user)[0].key}")
    sizes = {"essay-size": 43, "12k": 12_000, "100k": 100_000}
    print(f"GET segments (page_size=100, German), median of {RUNS} requests, server time")
    print(f"{'document':<12} {'case':<22} {'ms':>8} {'queries':>8}")
    for slug, size in sizes.items():
        started = time.perf_counter()
        build(slug, size)
        built = time.perf_counter() - started
        last = (size + 99) // 100
        cases = [
            ("page 1", f"?language=de&page_size=100"),
            ("middle page", f"?language=de&page_size=100&page={max(1, last // 2)}"),
            ("last page", f"?language=de&page_size=100&page={last}"),
            ("state=approved, p. 1", "?language=de&state=approved&page_size=100"),
        ]
        for label, query in cases:
            ms, queries = timed(lambda: client.get(f"/api/v1/documents/{slug}/segments/{query}"))
            print(f"{slug:<12} {label:<22} {ms:>8.1f} {queries:>8}")
        segment = Segment.objects.filter(document__slug=slug).order_by("pk").first()
        url = f"/api/v1/documents/{slug}/segments/{segment.key}/translations/de/"

        def put():
            version = client.get(url)["ETag"]
            return client.put(url, {"text": f"Neu {time.perf_counter()}."}, format="json", HTTP_IF_MATCH=version)

        ms, queries = timed(put)
        print(f"{slug:<12} {'GET + PUT one':<22} {ms:>8.1f} {queries:>8}")
        keys = list(Segment.objects.filter(document__slug=slug).order_by("pk").values_list("key", flat=True)[:100])

        def bulk():
            rows = {r["key"]: r for r in client.get(f"/api/v1/documents/{slug}/segments/?language=de&page_size=100")
                    .json()["results"]}
            items = [{"key": key, "text": f"Entwurf {time.perf_counter()}.", "state": "draft",
                      "version": rows[key]["translations"]["de"]["version"]} for key in keys]
            return client.post(f"/api/v1/documents/{slug}/translations/de/bulk/", {"items": items}, format="json")

        ms, queries = timed(bulk)
        print(f"{slug:<12} {'GET + bulk 100 drafts':<22} {ms:>8.1f} {queries:>8}   (built in {built:.1f} s)")


if __name__ == "__main__":
    main()
