"""What do the quality checks cost: per save, and over a whole document?

Imports a long document (the essay repeated R times), translates every
segment into German, and measures in the same process:

- ``translation_save`` with the checks and memory hooks switched off
  (the baseline) and on;
- ``checks_run_document`` over the whole document (source + German),
  and the number of queries it runs.

    python benchmarks/checks_run.py [R]
"""

import sys
import tempfile
import time
from pathlib import Path

from _django import setup

setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import translations.services.translations as saving  # noqa: E402
from translations.models import Segment  # noqa: E402
from translations.services.checks import checks_run_document  # noqa: E402
from translations.services.documents import document_import  # noqa: E402
from translations.services.quality_seed import glossary_seed  # noqa: E402
from translations.services.samples import ESSAY_PATH  # noqa: E402

R = int(sys.argv[1]) if len(sys.argv) > 1 else 20
essay = ESSAY_PATH.read_text(encoding="utf-8")
# Each copy numbered so the sentences (and their keys) differ.
text = "\n\n".join(essay.replace("Socialism cannot", f"Socialism ({copy}) cannot") for copy in range(R))
path = Path(tempfile.mkdtemp()) / "long.md"
path.write_text(text, encoding="utf-8")
document = document_import(path=path, slug="long", title="Long").document
glossary_seed()
segments = list(Segment.objects.filter(document=document).select_related("document", "block"))
print(f"document: {len(segments)} segments ({R} copies of the essay)")


hooks = saving.checks_run_for, saving.memory_record


def hooks_on(on: bool) -> None:
    if on:
        saving.checks_run_for, saving.memory_record = hooks
    else:
        saving.checks_run_for, saving.memory_record = (lambda **kwargs: []), (lambda **kwargs: None)


# Alternate saves with and without the hooks so that disk and load noise hit both alike.
spent = {True: 0.0, False: 0.0}
saves_with_queries = {True: 0, False: 0}
for index, segment in enumerate(segments):
    on = index % 2 == 0
    hooks_on(on)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        saving.translation_save(segment=segment, language="de", text=segment.source_text.upper() + " [de]")
        spent[on] += time.perf_counter() - started
    saves_with_queries[on] += len(queries.captured_queries)
hooks_on(True)
count = {True: len(segments[0::2]), False: len(segments[1::2])}
baseline, with_checks = spent[False] / count[False], spent[True] / count[True]
print(f"translation_save without checks (baseline): {baseline * 1000:.1f} ms, "
      f"{saves_with_queries[False] / count[False]:.1f} queries per save")
print(f"translation_save with checks and memory:    {with_checks * 1000:.1f} ms, "
      f"{saves_with_queries[True] / count[True]:.1f} queries per save")

connection.queries_log.clear()
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    report = checks_run_document(document=document, languages=["de"])
    elapsed = time.perf_counter() - started
print(f"checks_run_document (source + de): {elapsed:.2f}s, {elapsed / len(segments) * 1000:.2f} ms per segment, "
      f"{len(queries.captured_queries)} queries; {report.errors} errors, {report.warnings} warnings open")
