#!/usr/bin/env python3
"""Render the sample edition pages shown in the README (docs/edition-*.png).

Builds the demo data (the essay and its sample drafts, ``manage.py
setup_demo``) in a throwaway database, exports an English–German columns
edition, an English–Russian facing-pages edition and an English–German–Russian
(three-language) columns edition as PDF, and renders their first pages at 70
dpi with pdftoppm (poppler-utils). The EPUB editions (English–German parallel
paragraphs, English–Russian alternating chapters) are unpacked and their
content documents (XHTML) rendered in chromium at an e-reader's size
(docs/epub-*.png). Run it again after changing a template:
``make edition-samples``.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SAMPLES = [
    # (target languages, layout, PNG name prefix)
    (["de"], "columns", "edition-columns-de"),
    (["ru"], "facing", "edition-facing-ru"),
    (["de", "ru"], "columns", "edition-columns-de-ru"),
]
EPUB_SAMPLES = [
    # (target language, layout, content document, PNG name)
    ("de", "columns", "title.xhtml", "epub-columns-de-title"),
    ("de", "columns", "chapter-1.xhtml", "epub-columns-de-chapter"),
    ("ru", "facing", "chapter-1-ru.xhtml", "epub-facing-ru-chapter"),
]
EREADER = {"width": 600, "height": 900}
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
        render_epubs(manage, Path(scratch))
    return 0


def render_epubs(manage, scratch: Path) -> None:
    """The EPUB content documents as chromium shows them (Playwright, Debian's chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport=EREADER)
        for language, layout, document, name in EPUB_SAMPLES:
            epub = scratch / f"essay-{language}-{layout}.epub"
            if not epub.exists():
                manage("export_edition", "essay", "--lang", language, "--format", "epub", "--layout", layout,
                       "--out", str(epub))  # fmt: skip
            unpacked = scratch / epub.stem
            with zipfile.ZipFile(epub) as archive:
                archive.extractall(unpacked)
            page.goto((unpacked / "EPUB" / document).as_uri())
            page.add_style_tag(content="body { margin: 2.5em 2em; background: #fbfaf7; }")
            target = DOCS / f"{name}.png"
            page.screenshot(path=str(target))
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
