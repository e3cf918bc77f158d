#!/usr/bin/env python3
"""Render the sample edition pages shown in the README (docs/edition-*.png).

Builds the demo data (the essay and its sample drafts, ``manage.py
setup_demo``) in a throwaway database, exports an English–German columns
edition and an English–Russian facing-pages edition as PDF, and renders their
first three pages at 70 dpi with pdftoppm (poppler-utils). Run it again after
changing the template: ``make edition-samples``.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SAMPLES = [
    # (target languages, layout, PNG name prefix)
    (["de"], "columns", "edition-columns-de"),
    (["ru"], "facing", "edition-facing-ru"),
]
PAGES = 3
DPI = 70
MAX_BYTES = 300 * 1024


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("needs pdftoppm from the Debian package poppler-utils (apt-get install poppler-utils)", file=sys.stderr)
        return 1
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="edition-samples-") as scratch:
        # A throwaway SQLite database: never the developer's or a DATABASE_URL one.
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        env["WORKBENCH_VAR_DIR"] = scratch

        def manage(*args: str) -> None:
            subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)

        manage("migrate", "--noinput", "-v0")
        manage("setup_demo")
        for languages, layout, prefix in SAMPLES:
            pdf = Path(scratch) / f"{prefix}.pdf"
            language_args = [arg for code in languages for arg in ("--lang", code)]
            manage("export_edition", "essay", *language_args, "--format", "pdf", "--layout", layout, "--out", str(pdf))
            subprocess.run(
                [pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", str(PAGES), str(pdf), str(Path(scratch) / prefix)],
                check=True,
                stderr=subprocess.DEVNULL,  # poppler grumbles about Typst's tagged-PDF /Suspects flag
            )
            for number in range(1, PAGES + 1):
                # pdftoppm pads the page number to the width of the page count.
                rendered = next(Path(scratch).glob(f"{prefix}-*{number}.png"))
                target = DOCS / f"{prefix}-p{number}.png"
                shutil.copyfile(rendered, target)
                size = target.stat().st_size
                print(f"{target.relative_to(ROOT)}: {size // 1024} KB")
                if size > MAX_BYTES:
                    print(f"  larger than {MAX_BYTES // 1024} KB; lower DPI", file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
