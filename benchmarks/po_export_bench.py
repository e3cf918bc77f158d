"""PO export of a synthetic 100,000-segment document against polib alone.

Builds the document in a throw-away SQLite database (bulk_create), then, in
the same process and run:

- **workbench**: ``exporters.get("po").export(...)`` — the queries, the rows,
  the polib entries and the serialisation in GNU gettext's layout
  (``exporters/gettext_format.py``, libunistring line breaking), as
  ``export_po`` does it;
- **polib alone**: the same entries, built from tuples already in memory,
  serialised by polib (its own wrapping at 78 columns) — the floor any PO
  export through polib pays.

Each is run ``ROUNDS`` times alternately; the best time of each counts.
Prints times, the ratio (target ≤ 1.5×), the SQL query count of one export,
whether both files hold the same entries (the layout differs on purpose),
and whether ``msgcat`` leaves the workbench's file unchanged. Asserts nothing.

    python benchmarks/po_export_bench.py [SEGMENTS]
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="po-export-bench-")
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
from translations.exporters.base import FUZZY_STATES  # noqa: E402
from translations.exporters.po import (  # noqa: E402
    VERSION_COMMENT,
    block_reference,
    header,
    header_comment,
)
from translations.models import Block, Document, Segment, State, Translation  # noqa: E402

POLIB_WRAP_WIDTH = 78
SEGMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PER_BLOCK = 10
ROUNDS = 3
LANGUAGE = "de"
WORDS = (
    "the workers council state plan bureaucracy production wages market revolution party peasants "
    "industry grain export import capital labour theory history power democracy soviet"
).split()
STATES = [State.TRANSLATED, State.DRAFT, State.APPROVED, State.NEEDS_REVIEW, State.TRANSLATED]


def sentence(n: int, offset: int) -> str:
    length = 8 + (n * 7) % 25  # 8–32 words: short and wrapped entries both
    words = [WORDS[(n * 31 + i * 17 + offset) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + ("?" if n % 11 == 0 else ".")


def build() -> Document:
    call_command("migrate", verbosity=0)
    document = Document.objects.create(slug="bench", title="Benchmark", source_language="en")
    blocks = Block.objects.bulk_create(
        [Block(document=document, position=i, kind="paragraph") for i in range(SEGMENTS // PER_BLOCK)],
        batch_size=5000,
    )
    now = timezone.now()
    segments = []
    for n in range(SEGMENTS):
        segment = Segment(
            document=document,
            block=blocks[n // PER_BLOCK],
            position=n % PER_BLOCK,
            key=f"{n:08x}",
            source_text=sentence(n, 0),
        )
        if n % 10:  # 90 % translated, the rest untranslated
            setattr(segment, "text_de", sentence(n, 5) + ' „zitiert“ \\ mit\tTab')
        segments.append(segment)
    Segment.objects.bulk_create(segments, batch_size=5000)
    Translation.objects.bulk_create(
        [
            Translation(segment=s, language=LANGUAGE, state=STATES[i % len(STATES)], version=1, changed_at=now)
            for i, s in enumerate(segments)
            if i % 10
        ],
        batch_size=5000,
    )
    return document


def in_memory_rows(document):
    """What polib alone starts from: the entries' fields, already in Python."""
    states = {
        segment_id: (state, version)
        for segment_id, state, version in Translation.objects.filter(
            segment__document=document, language=LANGUAGE
        ).values_list("segment_id", "state", "version")
    }
    return [
        (key, source, text or "", block + 1, kind, *states.get(pk, (State.UNTRANSLATED, 0)))
        for pk, key, source, text, block, kind in Segment.objects.filter(document=document)
        .order_by("block__position", "position")
        .values_list("id", "key", "source_text", "text_de", "block__position", "block__kind")
    ]


def polib_alone(rows, metadata, comment) -> bytes:
    catalog = polib.POFile(wrapwidth=POLIB_WRAP_WIDTH, encoding="utf-8")
    catalog.header = comment
    catalog.metadata = metadata
    for key, source, text, block, kind, state, version in rows:
        catalog.append(
            polib.POEntry(
                msgctxt=key,
                msgid=source,
                msgstr=text,
                occurrences=[(block_reference("bench", block), "")],
                comment=f"{kind}\n{VERSION_COMMENT.format(version=version)}",
                flags=["fuzzy"] if state in FUZZY_STATES else [],
            )
        )
    return str(catalog).encode("utf-8")


def main() -> None:
    started = time.perf_counter()
    document = build()
    print(f"Built {SEGMENTS:,} segments in {time.perf_counter() - started:.1f} s (SQLite in {WORKDIR})")
    request = ExportRequest(document=document, languages=[LANGUAGE])
    exporter = get("po")
    rows = in_memory_rows(document)
    metadata, comment = header(request), header_comment(request)

    workbench_times, polib_times = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            ours = exporter.export(request)
        workbench_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs = polib_alone(rows, metadata, comment)
        polib_times.append(time.perf_counter() - start)

    best_ours, best_polib = min(workbench_times), min(polib_times)
    print(f"PO export, {SEGMENTS:,} segments, {len(ours) / 1e6:.1f} MB, best of {ROUNDS}:")
    print(f"  workbench export:  {best_ours:6.2f} s   ({', '.join(f'{t:.2f}' for t in workbench_times)})")
    print(f"  polib alone:       {best_polib:6.2f} s   ({', '.join(f'{t:.2f}' for t in polib_times)})")
    print(f"  ratio:             {best_ours / best_polib:6.2f}×  (target ≤ 1.5×)")
    print(f"  SQL queries:       {len(queries)}")
    def entries(data: bytes):
        return [(e.msgctxt, e.msgid, e.msgstr, e.flags) for e in polib.pofile(data.decode("utf-8"))]

    print(f"  same entries as polib alone: {'yes' if entries(ours) == entries(theirs) else 'NO'}")
    msgcat = shutil.which("msgcat")
    if msgcat:
        path = Path(WORKDIR) / "bench.po"
        path.write_bytes(ours)
        unchanged = subprocess.run([msgcat, str(path)], capture_output=True).stdout == ours
        print(f"  msgcat leaves it unchanged: {'yes' if unchanged else 'NO'}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
