"""The paged translate view in headless chromium: filter, jump, save, move on across a page boundary.

A 300-segment document (tests.books_support: segment n has key k<n>, every
third one translated) is six pages of about 50 rows.
"""

import re

import pytest

from tests.books_support import book_create
from translations.models import Segment, State

pytestmark = pytest.mark.browser

FOCUSED_KEY = "document.activeElement && document.activeElement.closest('.wb-row')?.dataset.key"


def keys_on(page) -> list[str]:
    return page.eval_on_selector_all(".wb-row", "rows => rows.map(row => row.dataset.key)")


def wait_focused(page, key: str) -> None:
    page.wait_for_function(f"({FOCUSED_KEY}) === {key!r}")


def test_filter_jump_save_and_next_untranslated_across_pages(page, live_server, admin_login, artifacts_dir):
    admin = admin_login()
    book = book_create(slug="book", segments=300, user=admin)
    base = f"{live_server.url}/admin/translations/document/{book.pk}/translate/de/"
    page.goto(base)
    assert "of 6" in page.locator(".wb-page-form").first.inner_text()
    first_page = keys_on(page)
    assert first_page[0] == "k0" and 40 < len(first_page) < 100

    # Filter: the untranslated rows of the whole document, counted.
    page.select_option("select[name=state]", "untranslated")
    page.wait_for_url(re.compile(r"state=untranslated"))
    assert "200 segments match" in page.locator(".wb-shown").inner_text()
    assert all(int(key[1:]) % 3 for key in keys_on(page))

    # Jump to a segment on another page by its key: that row gets the focus, the URL names it.
    page.fill(".wb-jump input[name=seg]", "k250")
    page.click(".wb-jump button[type=submit]")
    wait_focused(page, "k250")
    assert page.url.endswith("#seg-k250") and "state=untranslated" in page.url and "page=" in page.url
    page.screenshot(path=f"{artifacts_dir}/admin-translate-paged-jump.png")

    # Save that row; a reload lands on the same row.
    editor = page.locator("#seg-k250").locator("xpath=ancestor::tr").locator("textarea.wb-editor")
    editor.type("Satz zweihundertfünfzig.")
    page.locator("#seg-k250").locator("xpath=ancestor::tr").locator(".wb-save").click()
    page.wait_for_function("document.querySelector('[data-key=k250] .wb-status').textContent === 'Saved'")
    assert Segment.objects.get(document=book, key="k250").translations.get(language="de").state == State.TRANSLATED
    page.reload()
    wait_focused(page, "k250")

    # Ctrl+Enter on the last row of a page saves it and goes on to the next page's first row.
    page.goto(base)
    last = first_page[-1]
    page.locator(f"[data-key={last}] textarea.wb-editor").type("Letzte Zeile der Seite.")
    page.locator(f"[data-key={last}] textarea.wb-editor").press("Control+Enter")
    page.wait_for_url(re.compile(r"page=2"))
    wait_focused(page, f"k{int(last[1:]) + 1}")
    assert Segment.objects.get(document=book, key=last).text_in("de") == "Letzte Zeile der Seite."

    # In the "untranslated" filter, past the page's last row: the next untranslated row. The row just
    # saved left the filter, so the pages moved up by one row; the server finds the row's page again.
    page.goto(base + "?state=untranslated")
    last = keys_on(page)[-1]
    page.locator(f"[data-key={last}] textarea.wb-editor").type("Übersetzt.")
    page.locator(f"[data-key={last}] textarea.wb-editor").press("Control+Enter")
    expected = next(f"k{n}" for n in range(int(last[1:]) + 1, 300) if n % 3)
    page.wait_for_url(re.compile(f"state=untranslated.*#seg-{expected}$"))
    wait_focused(page, expected)

    # "Next untranslated" from the last row of an unfiltered page: the next page's first untranslated row.
    page.goto(base)
    page.locator(f"[data-key={first_page[-1]}] textarea.wb-editor").click()
    page.click(".wb-next-untranslated")
    page.wait_for_url(re.compile(r"page=2"))
    after = int(first_page[-1][1:]) + 1
    wait_focused(page, next(f"k{n}" for n in range(after, 300) if n % 3))
    page.screenshot(path=f"{artifacts_dir}/admin-translate-paged-next.png")
