"""A stale PO file imported into a document that moved on: the cost of finding conflicts.

Builds a synthetic document (SQLite, bulk_create), exports German as PO,
then "edits on the web" 10 % of the rows (new text, version 2, with their
history) and edits the same entries in the file: every one is a conflict,
nothing is written, so the figures are the cost of reading, comparing and
finding the conflicts (writes cost what ``translation_save`` costs, the same
as before). Imports the file as a dry run:

- **with versions** (the file as exported: per-entry ``wb-version``);
- **without versions** (the same file with the ``wb-version`` comments
  removed: the date fallback, today's rule for other tools' files) — the
  baseline, same run.

Prints the best time of each, the SQL query count, and the counts (updated,
conflicts). Asserts nothing.

    python benchmarks/import_conflicts_bench.py [SEGMENTS]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="import-conflicts-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["WORKBENCH_VAR_DIR"] = WORKDIR

import django  # noqa: E402

django.setup()

import polib  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from translations.exporters import ExportRequest, get  # noqa: E402
from translations.models import Block, Document, Segment, State, Translation, TranslationChange  # noqa: E402
from translations.services.exchange import translation_file_import  # noqa: E402

SEGMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
ROUNDS = 2


def build() -> Document:
    call_command("migrate", verbosity=0)
    document = Document.objects.create(slug="bench", title="Benchmark", source_language="en")
    blocks = Block.objects.bulk_create([Block(document=document, position=i) for i in range(SEGMENTS // 10)])
    segments = [
        Segment(document=document, block=blocks[n // 10], position=n % 10, key=f"{n:08x}",
                source_text=f"Sentence number {n} of the benchmark.", text_de=f"Satz Nummer {n}.")
        for n in range(SEGMENTS)
    ]  # fmt: skip
    Segment.objects.bulk_create(segments, batch_size=5000)
    now = timezone.now()
    Translation.objects.bulk_create(
        [Translation(segment=s, language="de", state=State.TRANSLATED, version=1, changed_at=now) for s in segments],
        batch_size=5000,
    )
    TranslationChange.objects.bulk_create(
        [TranslationChange(segment=s, language="de", new_text=s.text_de, new_state=State.TRANSLATED, version=1)
         for s in segments],
        batch_size=5000,
    )  # fmt: skip
    return document


def web_edits(document) -> None:
    """10 % of the rows changed after the export: new text, version 2, history."""
    later = timezone.now()
    edited = list(Segment.objects.filter(document=document).order_by("pk")[::10])
    for segment in edited:
        segment.text_de = segment.text_de + " (Web)"
    Segment.objects.bulk_update(edited, ["text_de"], batch_size=5000)
    Translation.objects.filter(segment__in=edited).update(version=2, changed_at=later)
    TranslationChange.objects.bulk_create(
        [TranslationChange(segment=s, language="de", new_text=s.text_de, new_state=State.TRANSLATED, version=2)
         for s in edited],
        batch_size=5000,
    )  # fmt: skip


def main() -> None:
    document = build()
    data = get("po").export(ExportRequest(document=document, languages=["de"]))
    web_edits(document)
    catalog = polib.pofile(data.decode("utf-8"))
    for index, entry in enumerate(catalog):
        if index % 10 == 0:  # the rows the web changed too
            entry.msgstr = entry.msgstr + " (offline)"
    with_versions = str(catalog).encode("utf-8")
    for entry in catalog:
        entry.comment = "\n".join(line for line in entry.comment.split("\n") if not line.startswith("wb-version"))
    without_versions = str(catalog).encode("utf-8")
    for label, file in (("with versions", with_versions), ("without versions (date rule)", without_versions)):
        best = None
        for _ in range(ROUNDS):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                report = translation_file_import(document=document, data=file, path="bench.de.po", dry_run=True)
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        print(
            f"{label:30} {SEGMENTS:,} entries: best {best:.2f} s, {len(queries):,} queries; "
            f"{report.updated} updated, {len(report.conflicts)} conflicts, {report.unchanged} unchanged"
        )


if __name__ == "__main__":
    main()
