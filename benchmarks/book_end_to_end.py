"""A book end to end: import, align its German translation, check, print the PDF edition.

Builds the book of ``benchmarks/book.py`` (280 copies of the essay's blocks:
1.4 MB, 12,040 segments; its German translation from the sample PO) and runs
the four management commands a user would, each in a child process of its own
on one throw-away SQLite database, printing each stage's wall time, CPU time
and peak resident memory (``getrusage`` of the child: Python, numpy, the
embedding model and Typst alike):

1. ``import_document book.md``
2. ``align_translation book book.de.md --lang de`` — and, in the same child,
   the aligner's own time (``AlignmentRun.seconds``) so that what storing
   costs beyond it is printed too;
3. ``check_translations book``
4. ``export_edition book --lang de --format pdf``

Baseline in the same run: reading and sentence-splitting both files alone.
Target (issue 15): ≤ 2 minutes of machine time in all; storing the
alignment ≤ 10 s beyond the aligner; the align stage ≤ 1 GB.

    .venv/bin/python benchmarks/book_end_to_end.py [COPIES]

Prints figures; asserts nothing.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def child(stage: str, args: list[str]) -> None:
    """Run one stage here and print its figures as JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started, cpu = time.perf_counter(), time.process_time()
    extra = {}
    if stage == "baseline":
        from translations.parsing import read_blocks
        from translations.segmentation import split_sentences

        counts = [
            sum(len(split_sentences(block.text, lang)) for block in read_blocks(path))
            for path, lang in zip(args[::2], args[1::2])
        ]
        extra["sentences"] = counts
    else:
        try:
            call_command(stage, *args, verbosity=0)
        except SystemExit as error:  # check_translations exits 1 when an error-level finding is open
            extra["exit"] = error.code
        except Exception as error:  # noqa: BLE001 - CommandError(returncode=1) of check_translations
            extra["exit"] = getattr(error, "returncode", str(error))
        if stage == "align_translation":
            from translations.models import AlignmentRun

            extra["aligner_seconds"] = AlignmentRun.objects.latest("id").seconds
    figures = {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }
    print(json.dumps(figures))


def run(stage: str, args: list[str], env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", stage, *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        sys.exit(f"{stage} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    from book import book_write

    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 280
    scratch = Path(tempfile.mkdtemp(prefix="book-bench-"))
    source, german = book_write(scratch, copies)
    env = {**os.environ, "WORKBENCH_VAR_DIR": str(scratch), "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    pdf = scratch / "book.pdf"
    stages = [
        ("baseline", [str(source), "en", str(german), "de"]),
        ("import_document", [str(source), "--slug", "book", "--title", "Book"]),
        ("align_translation", ["book", str(german), "--lang", "de"]),
        ("check_translations", ["book"]),
        ("export_edition", ["book", "--lang", "de", "--format", "pdf", "--out", str(pdf)]),
    ]
    print(f"book: {copies} copies of the essay, {source.stat().st_size / 1e6:.2f} MB source, "
          f"{german.stat().st_size / 1e6:.2f} MB German")
    print(f"{'stage':<20} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  notes")
    total_cpu = 0.0
    for stage, args in stages:
        figures = run(stage, args, env)
        notes = ""
        if stage == "baseline":
            notes = f"read + split both files alone: {figures['sentences'][0]} + {figures['sentences'][1]} sentences"
        else:
            total_cpu += figures["cpu"]
        if "aligner_seconds" in figures:
            notes = (f"aligner {figures['aligner_seconds']:.1f} s, storing and the rest "
                     f"{figures['seconds'] - figures['aligner_seconds']:.1f} s")
        if "exit" in figures:
            notes += f" exit status {figures['exit']} (error-level findings open)"
        if stage == "export_edition" and pdf.exists():
            notes = f"{pdf.stat().st_size / 1e6:.1f} MB PDF"
        print(f"{stage:<20} {figures['seconds']:8.1f} {figures['cpu']:8.1f} {figures['peak_mb']:8.0f}  {notes}",
              flush=True)
    print(f"machine time (CPU of the four stages): {total_cpu:.1f} s; target ≤ 120 s")


if __name__ == "__main__":
    if "--child" in sys.argv:
        position = sys.argv.index("--child")
        child(sys.argv[position + 1], sys.argv[position + 2:])
    else:
        main()
