"""Word review table and EPUB edition of a book-size document (default 12,000 segments).

Builds a synthetic document (a heading every 50 blocks, 10 segments a block,
German translations in a mix of states) in a throw-away SQLite database, then
times, best of ``ROUNDS``:

- DOCX export (``exporters.get("docx")``) and its parse back
  (``importers.get("docx")``), against python-docx alone writing a table of
  the same cells (the floor any python-docx export pays);
- the EPUB edition (columns = parallel paragraphs) with ``edition_epub``.

Prints times, sizes and SQL query counts. Asserts nothing.

    python benchmarks/review_files_bench.py [SEGMENTS]
"""

import io
import sys
import time

from _django import setup

setup()

import docx  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from translations.editions import edition_build  # noqa: E402
from translations.editions.epub import edition_epub  # noqa: E402
from translations.exporters import ExportRequest  # noqa: E402
from translations.exporters import get as get_exporter  # noqa: E402
from translations.importers import get as get_importer  # noqa: E402
from translations.models import Block, Document, Segment, State, Translation  # noqa: E402

SEGMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 12_000
PER_BLOCK = 10
ROUNDS = 1  # python-docx alone takes minutes for a book: one round of each
WORDS = "the workers council state plan bureaucracy production wages market revolution party peasants".split()
STATES = [State.TRANSLATED, State.DRAFT, State.APPROVED, State.NEEDS_REVIEW]


def sentence(n: int, offset: int) -> str:
    words = [WORDS[(n * 31 + i * 17 + offset) % len(WORDS)] for i in range(8 + n % 20)]
    return " ".join(words).capitalize() + "."


def build() -> Document:
    document = Document.objects.create(slug="bench", title="Benchmark", source_language="en")
    blocks = Block.objects.bulk_create(
        [
            Block(document=document, position=i, kind="heading" if i % 50 == 0 else "paragraph")
            for i in range(SEGMENTS // PER_BLOCK)
        ],
        batch_size=5000,
    )
    segments = [
        Segment(
            document=document,
            block=blocks[n // PER_BLOCK],
            position=n % PER_BLOCK,
            key=f"{n:08x}",
            source_text=sentence(n, 0),
            text_de=sentence(n, 3),
        )
        for n in range(SEGMENTS)
    ]
    Segment.objects.bulk_create(segments, batch_size=5000)
    now = timezone.now()
    Translation.objects.bulk_create(
        [
            Translation(segment=s, language="de", state=STATES[i % len(STATES)], version=1, changed_at=now)
            for i, s in enumerate(segments)
        ],
        batch_size=5000,
    )
    return document


def python_docx_alone(rows) -> bytes:
    book = docx.Document()
    table = book.add_table(rows=1, cols=6)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def best(function, rounds=ROUNDS):
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), times, result


def main() -> None:
    started = time.perf_counter()
    document = build()
    print(f"Built {SEGMENTS:,} segments in {time.perf_counter() - started:.1f} s")
    request = ExportRequest(document=document, languages=["de"])
    exporter = get_exporter("docx")
    with CaptureQueriesContext(connection) as queries:
        exporter.export(request)
    docx_time, docx_times, data = best(lambda: exporter.export(request))
    rows = [
        (s.key, s.source_text, s.text_de, "translated", "", "1")
        for s in Segment.objects.filter(document=document).order_by("block__position", "position")
    ]
    floor_time, floor_times, _ = best(lambda: python_docx_alone(rows))
    parse_time, parse_times, catalog = best(lambda: get_importer("docx").parse(data, path="bench.de.docx"))
    print(f"DOCX review table, {SEGMENTS:,} segments, {len(data) / 1e6:.1f} MB, best of {ROUNDS}:")
    print(f"  export:              {docx_time:6.2f} s  ({len(queries)} SQL queries)")
    print(f"  python-docx alone:   {floor_time:6.2f} s  (ratio {docx_time / floor_time:.2f}×)")
    print(f"  parse back:          {parse_time:6.2f} s  ({len(catalog.entries):,} entries)")

    with CaptureQueriesContext(connection) as queries:
        edition_epub(edition_build(document=document, languages=["de"], layout="columns"))
    epub_time, epub_times, epub = best(
        lambda: edition_epub(edition_build(document=document, languages=["de"], layout="columns"))
    )
    print(f"EPUB edition (parallel paragraphs): {epub_time:6.2f} s, {len(epub) / 1e6:.1f} MB, {len(queries)} SQL queries")


if __name__ == "__main__":
    main()
