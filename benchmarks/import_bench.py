"""Importing a 1.3 MB and a 10 MB text: time and peak memory, against reading and splitting alone.

For each size, in child processes of their own on a throw-away SQLite
database (so each peak is its own):

- baseline: ``read_blocks`` + ``split_sentences`` over the file, nothing written;
- import: ``document_import`` of the text as a new document;
- re-import, unchanged: the same file again (every sentence matched, nothing written);
- re-import, edited: every 50th paragraph changed, every 100th removed, a new
  paragraph every 200 (changed, new and retired sentences in bulk).

Wall and CPU time are both printed: on a shared machine the CPU time is
the cost of the import itself. Peak memory is the child's peak resident set (``getrusage``) and, beside it,
what the stage added over the process after ``django.setup()``. The texts
come from ``benchmarks/book.py``. Target (issue 15): 1.3 MB ≤ 3 s, 10 MB
≤ 30 s with memory that does not grow with the text.

    .venv/bin/python benchmarks/import_bench.py [MB ...]     (default: 1.3 10)

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


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(stage: str, path: str, slug: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django

    django.setup()
    from translations.parsing import read_blocks
    from translations.segmentation import split_sentences
    from translations.services.documents import document_import

    before = rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    if stage == "baseline":
        segments = sum(len(split_sentences(block.text, "en")) for block in read_blocks(path))
        summary = f"{segments} sentences"
    else:
        summary = document_import(path=path, slug=slug, title=slug).summary()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": rss_mb(), "added_mb": rss_mb() - before, "summary": summary}))


def edited(source: Path, target: Path) -> Path:
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    out = []
    for n, paragraph in enumerate(paragraphs):
        if n % 100 == 99:
            continue
        out.append(paragraph.replace(" the ", " the very ", 1) if n % 50 == 0 else paragraph)
        if n % 200 == 0:
            out.append(f"A new paragraph, number {n}, appears here.")
    target.write_text("\n\n".join(out), encoding="utf-8")
    return target


def run(stage: str, path: Path, slug: str, env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", stage, str(path), slug], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        sys.exit(f"{stage} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    from book import text_write

    sizes = [float(arg) for arg in sys.argv[1:]] or [1.3, 10.0]
    scratch = Path(tempfile.mkdtemp(prefix="import-bench-"))
    env = {**os.environ, "WORKBENCH_VAR_DIR": str(scratch), "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    print(f"{'text':>7} {'stage':<22} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'added MB':>9}  result")
    for megabytes in sizes:
        path = text_write(scratch / f"text-{megabytes}.txt", megabytes)
        slug = f"text-{megabytes}".replace(".", "-")
        stages = [
            ("baseline", "baseline", path),
            ("import", "import", path),
            ("re-import, unchanged", "import", path),
            ("re-import, edited", "import", edited(path, scratch / f"text-{megabytes}-edited.txt")),
        ]
        for label, stage, file in stages:
            figures = run(stage, file, slug, env)
            print(f"{megabytes:>5} MB {label:<22} {figures['seconds']:7.2f} {figures['cpu']:7.2f} {figures['peak_mb']:8.0f} "
                  f"{figures['added_mb']:9.0f}  {figures['summary'][:110]}", flush=True)


if __name__ == "__main__":
    if "--child" in sys.argv:
        position = sys.argv.index("--child")
        child(*sys.argv[position + 1 : position + 4])
    else:
        main()
