"""Benchmark: a 2,000-block bilingual PDF edition against a bare Typst compile.

A synthetic English document of 2,000 blocks (paragraphs, a heading every 40
blocks, block quotations with attribution lines, list items; about 6,700
sentences) with a German translation is created in a throwaway SQLite
database. For each layout the script times:

- export: what ``manage.py export_edition`` does — read the database, check
  the fonts, build the JSON, compile with Typst (``EditionPdfExporter.export``);
- bare Typst: ``typst.compile`` of the very same template and JSON with the
  same fonts, nothing else.

Typst memoizes layout across compilations in one process, so a second
compile of the same edition is several times faster than the first. Each
measurement therefore runs in a fresh child process (same run, same
database): the font directories are scanned there first (a server pays the
scan once per process; it is reported separately), then the one timed call.
Export and bare runs alternate, ROUNDS of each, and the best of each is
compared (the machine is shared; the best run is the least disturbed).
Target: export ≤ 1.2 × bare Typst.

Memory, from the export children: the process's peak resident set
(getrusage, includes Typst's) and, in one extra child, the peak of Python's
own allocations during the export (tracemalloc; Typst allocates outside it).

Prints figures; asserts nothing. Run: ``python benchmarks/edition_bench.py``.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "--child" in sys.argv:
    SCRATCH = None  # the parent's database, through WORKBENCH_VAR_DIR
else:
    SCRATCH = tempfile.TemporaryDirectory(prefix="edition-bench-")
    os.environ["WORKBENCH_VAR_DIR"] = SCRATCH.name
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

import django  # noqa: E402

django.setup()

import typst  # noqa: E402
from django.core.management import call_command  # noqa: E402

from translations.editions import builder  # noqa: E402
from translations.editions.fonts import installed_fonts  # noqa: E402
from translations.editions.typesetting import TEMPLATE, edition_data, edition_fonts, pdf_page_count  # noqa: E402
from translations.exporters import base as exporters  # noqa: E402
from translations.models import Block, BlockKind, Document, Segment, State, Translation  # noqa: E402

BLOCKS = 2000
ROUNDS = 3
WORDS = (
    "the of workers state economy planned bureaucracy revolution capital production labour market wages "
    "industry socialism democracy trade council factory peasants history class power society technical"
).split()
WORTE = (
    "die der Arbeiter Staat Wirtschaft geplante Bürokratie Revolution Kapital Produktion Arbeit Markt Löhne "
    "Industrie Sozialismus Demokratie Handel Rat Fabrik Bauern Geschichte Klasse Macht Gesellschaft technische"
).split()


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    chosen = [rng.choice(words) for _ in range(n)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def synthetic_document() -> Document:
    rng = random.Random(2000)
    document = Document.objects.create(slug="bench", title="A synthetic long text", source_language="en")
    Document.objects.filter(pk=document.pk).update(title_de="Ein synthetischer langer Text")
    kinds = []
    for position in range(BLOCKS):
        if position % 40 == 0:
            kinds.append(BlockKind.HEADING)
        elif position % 40 == 17:
            kinds.append(BlockKind.QUOTATION)
        elif position % 40 == 18:
            kinds.append(BlockKind.ATTRIBUTION)
        elif position % 40 in (30, 31, 32):
            kinds.append(BlockKind.LIST_ITEM)
        else:
            kinds.append(BlockKind.PARAGRAPH)
    blocks = Block.objects.bulk_create(
        Block(document=document, position=position, kind=kind) for position, kind in enumerate(kinds)
    )
    segments = []
    for block in blocks:
        count = 1 if block.kind in (BlockKind.HEADING, BlockKind.ATTRIBUTION) else rng.randint(2, 5)
        length = 6 if block.kind in (BlockKind.HEADING, BlockKind.ATTRIBUTION) else 18
        for position in range(count):
            segments.append(
                Segment(
                    document=document,
                    block=block,
                    position=position,
                    key=f"{block.position:05d}{position:02d}",
                    source_text=sentence(rng, WORDS, rng.randint(length // 2, length * 2)),
                    separator=" ",
                    text_de=sentence(rng, WORTE, rng.randint(length // 2, length * 2)),
                )
            )
    segments = Segment.objects.bulk_create(segments, batch_size=1000)
    Translation.objects.bulk_create(
        (Translation(segment=segment, language="de", state=State.TRANSLATED, version=1) for segment in segments),
        batch_size=1000,
    )
    return document


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(what: str, layout: str, data_path: str) -> dict:
    """In a child process: scan fonts, then time one export or one bare compile."""
    scan, (fonts, _families) = timed(installed_fonts)
    document = Document.objects.get(slug="bench")
    cpu_before = cpu_seconds()
    if what == "bare":
        data_json = Path(data_path).read_text(encoding="utf-8")
        seconds, pdf = timed(
            lambda: typst.compile(
                str(TEMPLATE),
                root=str(TEMPLATE.parent),
                font_paths=fonts,
                ignore_system_fonts=True,
                sys_inputs={"data": data_json},
            )
        )
    else:
        request = exporters.ExportRequest(document=document, languages=["de"], options={"layout": layout})
        if what == "export-memory":
            tracemalloc.start()
        seconds, pdf = timed(lambda: exporters.get("edition-pdf").export(request))
    result = {
        "seconds": seconds,
        "cpu": cpu_seconds() - cpu_before,
        "scan": scan,
        "pages": pdf_page_count(pdf),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if what == "export-memory":
        result["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return result


def child(what: str, layout: str, data_path: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", what, layout, data_path],
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    call_command("migrate", verbosity=0)
    seconds, document = timed(synthetic_document)
    print(f"Synthetic document: {BLOCKS} blocks, {document.segments.count()} segments (created in {seconds:.1f} s)")
    print(
        f"{'layout':8} {'export':>8} {'bare Typst':>11} {'ratio':>6} {'CPU ratio':>10} {'pages':>6} "
        f"{'max RSS':>8} {'Python peak':>12}"
    )
    for layout in builder.LAYOUTS:
        # The JSON the exporter hands to Typst, built the same way, for the bare compile.
        edition = builder.edition_build(document=document, languages=["de"], layout=layout)
        data_json = json.dumps(edition_data(edition, edition_fonts(edition)), ensure_ascii=False)
        data_path = Path(SCRATCH.name) / f"{layout}.json"
        data_path.write_text(data_json, encoding="utf-8")
        runs = {"export": [], "bare": []}
        for _round in range(ROUNDS):
            for what in runs:
                runs[what].append(child(what, layout, str(data_path)))
        memory = child("export-memory", layout, str(data_path))
        best = {what: min(run["seconds"] for run in results) for what, results in runs.items()}
        cpu = {what: min(run["cpu"] for run in results) for what, results in runs.items()}
        pages = {run["pages"] for results in runs.values() for run in results}
        assert len(pages) == 1, pages
        print(
            f"{layout:8} {best['export']:7.2f}s {best['bare']:10.2f}s {best['export'] / best['bare']:5.2f}x "
            f"{cpu['export'] / cpu['bare']:9.2f}x {pages.pop():6d} "
            f"{max(run['max_rss_mb'] for run in runs['export']):5.0f} MB {memory['python_peak_mb']:9.1f} MB"
        )
        listed = {
            what: ", ".join(f"{run['seconds']:.1f} ({run['cpu']:.1f} CPU)" for run in results)
            for what, results in runs.items()
        }
        print(f"{'':8} runs, wall (CPU) s: export {listed['export']}; bare {listed['bare']}")
        print(
            f"{'':8} font scan {min(run['scan'] for results in runs.values() for run in results):.2f} s; "
            f"JSON {len(data_json) / 2**20:.1f} MB"
        )
    print("\nTarget: export ≤ 1.2 × bare Typst.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(*sys.argv[2:5])))
    else:
        main()
