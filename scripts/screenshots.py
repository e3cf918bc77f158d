#!/usr/bin/env python3
"""Take the README's screenshots (docs/screenshots/*.png) against a throwaway server: ``make screenshots``.

Builds the demo in a temporary SQLite database (``WORKBENCH_VAR_DIR``, never
the developer's database or a ``DATABASE_URL``): migrate, ``setup_demo``,
``ensure_admin`` with a known password, the interface catalogs compiled. Then
it starts ``runserver`` on a free port of 127.0.0.1, logs in with Debian's
chromium through Playwright (1280×800) and saves:

- ``admin-documents.png``        the document list with per-language progress
- ``translate-de.png``           the translate view into German, German interface
- ``translate-comments.png``     a row sent back with a reason, its thread open in place
- ``translate-keys.png``         the translate view's keyboard shortcuts (``?``)
- ``review-edit.png``            the review page correcting a cell in place
- ``review-de-ru.png``           the review page: English beside German and Russian
- ``review-ar-rtl.png``          the review page with the Arabic interface (right to left)
- ``exchange.png``               PO / XLIFF / TMX downloads and the upload form
- ``edition-form.png``           the bilingual edition form
- ``edition-columns-de-p1.png``  page 1 of the English–German columns PDF (``export_edition``, ``pdftoppm -r 70``)

Needs chromium (``/usr/bin/chromium``) and pdftoppm (poppler-utils). Prints
each file with its size; fails when one is over 250 KB.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "screenshots-only-7f3a"
MAX_BYTES = 250 * 1024
DPI = 70


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the development server stopped (exit status {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the development server did not answer at {url} within {timeout:.0f} s")


class Shots:
    """Saves each screenshot under ``out`` and remembers what it wrote."""

    def __init__(self, out: Path):
        self.out = out
        self.written: list[Path] = []

    def page(self, page, name: str) -> None:
        path = self.out / name
        page.screenshot(path=str(path))
        self.written.append(path)

    def file(self, source: Path, name: str) -> None:
        path = self.out / name
        shutil.copyfile(source, path)
        self.written.append(path)


def switch_language(page, name: str) -> None:
    """Use the switcher in the header, like a person would."""
    with page.expect_navigation():
        page.select_option("#wb-language-select", label=name)


def browse(base: str, document_id: int, shots: Shots, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    admin = f"{base}/admin/translations/document"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="en-US")
            page = context.new_page()
            page.set_default_timeout(30000)
            page.goto(f"{base}/admin/login/")
            page.fill("#id_username", "admin")
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.click("input[type=submit]")

            page.goto(f"{admin}/")
            shots.page(page, "admin-documents.png")

            page.goto(f"{base}/review/essay/?lang=de&lang=ru")
            shots.page(page, "review-de-ru.png")

            page.goto(f"{admin}/{document_id}/exchange/")
            shots.page(page, "exchange.png")

            page.goto(f"{admin}/{document_id}/edition/")
            page.check("input[name=languages][value=de]")
            shots.page(page, "edition-form.png")

            # A reviewer's day: send the second row back with a reason; the translate view shows it.
            page.goto(f"{base}/review/essay/?lang=de")
            page.locator("input[type=checkbox][form=wb-bulk]").nth(1).check()
            page.fill(".wb-bulk .wb-reason", "“überholen” reads oddly here: say “einholen”, as in Trotsky's German edition?")
            with page.expect_navigation():
                page.click(".wb-bulk .wb-send-back")
            row = page.locator(".wb-grid .wb-row").nth(1)
            row.locator(".wb-edit").first.click()
            row.locator(".wb-inline-editor textarea").fill(row.locator("td[lang=de] .wb-text").inner_text() + " ")
            row.scroll_into_view_if_needed()
            shots.page(page, "review-edit.png")
            page.goto(f"{admin}/{document_id}/translate/de/")
            page.wait_for_selector(".wb-rows")
            sent_back = page.locator(".wb-row.wb-state-needs_update").first
            sent_back.locator(".wb-comments-toggle").click()
            sent_back.locator(".wb-row-thread .wb-thread").wait_for()
            sent_back.locator(".wb-row-thread textarea").fill("Agreed: “einholen” it is.")
            page.evaluate("window.scrollTo(0, 300)")
            shots.page(page, "translate-comments.png")
            page.evaluate("document.activeElement.blur()")
            page.keyboard.press("?")
            page.wait_for_selector("#wb-keys-help[open]")
            shots.page(page, "translate-keys.png")
            page.keyboard.press("Escape")

            page.goto(f"{admin}/{document_id}/translate/de/")
            switch_language(page, "Deutsch")
            page.wait_for_selector(".wb-rows")
            shots.page(page, "translate-de.png")

            page.goto(f"{base}/review/essay/?lang=de&lang=ar")
            switch_language(page, "العربيّة")
            page.wait_for_selector(".wb-grid")
            shots.page(page, "review-ar-rtl.png")
            switch_language(page, "English")
        finally:
            browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="where the PNG files go")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    pdftoppm = shutil.which("pdftoppm")
    missing = [name for name, path in (("chromium", chromium if Path(chromium).exists() else None),
                                       ("pdftoppm (poppler-utils)", pdftoppm)) if path is None]  # fmt: skip
    if missing:
        print(f"needs {', '.join(missing)} (scripts/system-deps installs them)", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = Shots(out)

    with tempfile.TemporaryDirectory(prefix="workbench-screenshots-") as scratch:
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        env.update(WORKBENCH_VAR_DIR=scratch, WORKBENCH_ADMIN_PASSWORD=PASSWORD, DEBUG="1", PYTHONUNBUFFERED="1")

        def manage(*arguments: str, **kwargs) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *arguments], env=env, cwd=ROOT, check=True, **kwargs
            )

        manage("migrate", "--noinput", "-v0")
        manage("setup_demo", stdout=subprocess.DEVNULL)
        manage("ensure_admin", stdout=subprocess.DEVNULL)
        manage("compile_catalogs", "-v0")
        document_id = int(
            manage(
                "shell", "--no-imports", "-c",
                "from translations.models import Document; print(Document.objects.get(slug='essay').pk)",
                capture_output=True, text=True,
            ).stdout.strip()
        )  # fmt: skip

        pdf = Path(scratch) / "essay.en-de.columns.pdf"
        manage("export_edition", "essay", "--lang", "de", "--format", "pdf", "--layout", "columns", "--out", str(pdf),
               "-v0", stdout=subprocess.DEVNULL)  # fmt: skip
        prefix = Path(scratch) / "edition"
        # stderr: poppler grumbles about Typst's tagged-PDF /Suspects flag.
        subprocess.run([pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                       check=True, stderr=subprocess.DEVNULL)  # fmt: skip
        shots.file(prefix.with_suffix(".png"), "edition-columns-de-p1.png")

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(f"{base}/admin/login/", server)
            browse(base, document_id, shots, chromium)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    too_large = []
    for path in shots.written:
        size = path.stat().st_size
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {size / 1024:.0f} KB")
        if size > MAX_BYTES:
            too_large.append(path.name)
    if too_large:
        print(f"over {MAX_BYTES // 1024} KB: {', '.join(too_large)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
