"""The paged translate view of a 12,000-segment book in headless chromium: time to show, time per keystroke.

Builds, in a throw-away SQLite database, a 12,000-segment book
(``tests.books_support.book_create``) and, as the baseline measured in the
same run, the 43-segment essay; serves them with ``runserver`` on a free
port and drives Debian's chromium with Playwright (1400×900):

- **shown**: from the start of the navigation to the translate view to its
  ``load`` event (the page's HTML, styles and scripts are in and laid out),
  and to the first contentful paint, from the browser's Navigation and
  Paint Timing;
- **keystroke**: 23 characters typed into one row's editor (as in issue 15:
  "typing 23 characters into one row took 12 s to appear"), each measured
  in the page from the ``keydown`` event's timestamp to the frame after the
  ``input`` handlers ran (``requestAnimationFrame`` then a task: the
  keystroke has been rendered).

Targets: shown ≤ 2 s, a keystroke ≤ 50 ms. Prints figures, asserts nothing.

    .venv/bin/python benchmarks/translate_view_browser.py [SEGMENTS]
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
PASSWORD = "bench-only-5c1e"
TYPED = "Die Sowjetunion konnte."  # 23 characters

# Installed in the page before typing: one latency per keystroke, in ms.
KEYSTROKE_PROBE = """
() => {
  window.__latencies = [];
  document.addEventListener("keydown", (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - start), 0));
  }, true);
}
"""
NAVIGATION_TIMING = """
() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    response: navigation.responseEnd,
    loaded: navigation.loadEventEnd,
    paint: paint ? paint.startTime : null,
    rows: document.querySelectorAll(".wb-row").length,
    bytes: navigation.transferSize || navigation.encodedBodySize,
  };
}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the development server stopped (exit status {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def build(segments: int) -> dict[str, int]:
    """The book and the essay in the database of this process's environment; their ids."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User

    from tests.books_support import book_create
    from translations.services.documents import document_import
    from translations.services.samples import ESSAY_PATH

    admin = User.objects.create_superuser("admin", "", PASSWORD)
    book = book_create(slug="book", segments=segments, user=admin, findings_every=7)
    essay = document_import(path=ESSAY_PATH, slug="essay", title="Essay").document
    return {"book": book.pk, "essay": essay.pk}


def measure(page, url: str) -> dict:
    page.goto(url, wait_until="load")
    timing = page.evaluate(NAVIGATION_TIMING)
    rows = page.locator(".wb-row")
    editor = rows.nth(rows.count() // 2).locator("textarea.wb-editor")
    editor.click()
    page.evaluate(KEYSTROKE_PROBE)
    page.keyboard.type(TYPED, delay=60)
    page.wait_for_function(f"window.__latencies.length >= {len(TYPED)}")
    latencies = page.evaluate("window.__latencies")
    # Leave without the "unsaved changes" question.
    editor.fill("")
    latencies.sort()
    return {
        **timing,
        "median_key": statistics.median(latencies),
        "p90_key": latencies[int(0.9 * (len(latencies) - 1))],
        "max_key": latencies[-1],
    }


def main() -> int:
    segments = int(sys.argv[1]) if len(sys.argv) > 1 else 12_000
    chromium = shutil.which("chromium")
    if chromium is None:
        print("needs chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-translate-browser-") as scratch:
        env = {**os.environ, "WORKBENCH_VAR_DIR": scratch, "DJANGO_SETTINGS_MODULE": "workbench.settings"}
        env.pop("DATABASE_URL", None)
        os.environ.update(env)
        os.environ.pop("DATABASE_URL", None)
        started = time.perf_counter()
        ids = build(segments)
        print(f"built {segments} segments and the essay in {time.perf_counter() - started:.0f} s")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(f"{base}/admin/login/", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(60_000)
                page.goto(f"{base}/admin/login/")
                page.fill("#id_username", "admin")
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.wait_for_url(f"{base}/admin/")
                views = [
                    ("baseline: essay (43 segments)", f"/admin/translations/document/{ids['essay']}/translate/de/"),
                    (f"book ({segments:,}), first page", f"/admin/translations/document/{ids['book']}/translate/de/"),
                    (f"book ({segments:,}), middle page",
                     f"/admin/translations/document/{ids['book']}/translate/de/?page={segments // 100}"),
                    (f"book ({segments:,}), untranslated",
                     f"/admin/translations/document/{ids['book']}/translate/de/?state=untranslated&page=9"),
                ]  # fmt: skip
                print(f"load average: {' '.join(f'{n:.1f}' for n in os.getloadavg())} (2 cores, shared)")
                print(f"{'view':<34} {'rows':>5} {'HTML KB':>8} {'response ms':>12} {'paint ms':>9} {'load ms':>8}"
                      f" {'key median ms':>14} {'key p90 ms':>11} {'key max ms':>11}")  # fmt: skip
                for name, path in views:
                    measure(page, base + path)  # warm-up: server caches, browser caches of static files
                    figures = measure(page, base + path)
                    print(
                        f"{name:<34} {figures['rows']:>5} {figures['bytes'] / 1024:>8.0f} {figures['response']:>12.0f}"
                        f" {figures['paint'] or 0:>9.0f} {figures['loaded']:>8.0f} {figures['median_key']:>14.1f}"
                        f" {figures['p90_key']:>11.1f} {figures['max_key']:>11.1f}"
                    )
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
