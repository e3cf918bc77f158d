"""Translating a sentence once, at book size: pretranslate from memory and repeated sentences.

Builds the 12,320-segment book (``book.py``: 280 copies of the essay, so every
sentence occurs 280 times), puts the essay's 43 German sample pairs into the
memory, then measures:

- ``memory_pretranslate`` filling the whole book in German (every segment has
  an exact match), against the baseline of one ``translation_save`` per
  segment, timed on a sample of rows and extrapolated;
- ``repeats_propagate`` after one French save: a sentence with 279 untranslated
  twins, and the same on a 10-copy book (9 twins), to show the query count
  does not grow with the twins.

Prints figures; asserts nothing.

    python benchmarks/repeats_bench.py [copies]
"""

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _django import setup

setup()

import polib  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from book import GERMAN_PO, book_write  # noqa: E402
from translations.models import Segment, State  # noqa: E402
from translations.services.documents import document_import  # noqa: E402
from translations.services.memory import memory_add_pairs  # noqa: E402
from translations.services.repeats import memory_pretranslate, repeats_propagate  # noqa: E402
from translations.services.translations import translation_save  # noqa: E402

COPIES = int(sys.argv[1]) if len(sys.argv) > 1 else 280
SAMPLE = 200


def book(copies: int, slug: str):
    directory = Path(tempfile.mkdtemp(prefix="repeats-bench-"))
    source, _german = book_write(directory, copies=copies)
    return document_import(path=source, slug=slug, title=slug).document


started = time.perf_counter()
document = book(COPIES, "book")
segments = Segment.objects.filter(document=document).count()
print(f"book: {segments} segments imported in {time.perf_counter() - started:.1f} s")
pairs = [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(GERMAN_PO)) if entry.msgstr]
memory_add_pairs(source_language="en", target_language="de", pairs=pairs, origin="bench")

# Baseline: one translation_save per segment, on a sample, extrapolated to the book.
german = dict(pairs)
sample = list(Segment.objects.filter(document=document).select_related("document", "block").order_by("pk")[:SAMPLE])
started, cpu = time.perf_counter(), time.process_time()
with CaptureQueriesContext(connection) as captured:
    for segment in sample:
        translation_save(segment=segment, language="de", text=german[segment.source_text], state=State.NEEDS_REVIEW)
per_row, cpu_per_row = (time.perf_counter() - started) / SAMPLE, (time.process_time() - cpu) / SAMPLE
print(
    f"baseline translation_save per segment: {per_row * 1000:.1f} ms ({cpu_per_row * 1000:.1f} ms of CPU), "
    f"{len(captured) / SAMPLE:.0f} queries "
    f"→ {per_row * (segments - SAMPLE):.0f} s for the other {segments - SAMPLE} segments"
)

tracemalloc.start()
started, cpu = time.perf_counter(), time.process_time()
with CaptureQueriesContext(connection) as captured:
    report = memory_pretranslate(document=document, language="de")
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
_current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(
    f"memory_pretranslate: {report.filled} of {report.untranslated} untranslated segments filled in {elapsed:.1f} s "
    f"({cpu:.1f} s of CPU in this process), "
    f"{len(captured)} queries, peak Python memory {peak / 1e6:.0f} MB"
)


def propagate(target, language: str) -> tuple[int, float, int]:
    first = Segment.objects.filter(document=target).select_related("document").order_by("pk").first()
    translation_save(segment=first, language=language, text="Une phrase.")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        result = repeats_propagate(segment=first, language=language, text="Une phrase.", state=State.TRANSLATED)
    return result.count, time.perf_counter() - started, len(captured)


for target in (document, book(10, "ten")):
    filled, seconds, queries = propagate(target, "fr")
    print(f"repeats_propagate [{target.slug}]: {filled} twins filled in {seconds * 1000:.0f} ms, {queries} queries")
