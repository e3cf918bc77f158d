"""The interface language in headless chromium: switch in the header, edit in German, read Arabic right to left."""

import pytest

pytestmark = pytest.mark.browser


def choose_language(page, name: str) -> None:
    """Pick a language in the header's switcher; the page reloads in it (the select submits its form)."""
    with page.expect_navigation():
        page.select_option("#wb-language-select", label=name)


def test_switching_to_german_and_saving_a_row_in_german(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/{essay.pk}/translate/fr/?state=untranslated")
    choose_language(page, "Deutsch")
    # Back on the same page, query string included, now in German.
    assert page.url.endswith(f"/translate/fr/?state=untranslated")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("#site-name").inner_text() == "Übersetzungswerkstatt"
    first = page.locator(".wb-row").first
    assert first.locator(".wb-save").inner_text() == "Sichern"
    # The script's own messages come from the JavaScript catalog.
    first.locator("textarea.wb-editor").fill("L’Union soviétique.")
    first.locator("textarea.wb-editor").dispatch_event("input")
    assert first.locator(".wb-status").inner_text() == "Nicht gesichert"
    first.locator(".wb-save").click()
    page.wait_for_function("document.querySelector('.wb-row .wb-status').textContent === 'Gesichert'")
    page.screenshot(path=f"{artifacts_dir}/i18n-translate-de.png")


def test_the_arabic_interface_is_mirrored(essay_with_samples, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/")
    choose_language(page, "العربيّة")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    assert page.locator("#site-name").inner_text() == "ورشة الترجمة"
    # Mirrored layout: the branding sits on the right, the user tools and the switcher on the left.
    width = page.viewport_size["width"]
    branding, switcher = page.locator("#branding").bounding_box(), page.locator("#wb-language-switcher").bounding_box()
    assert branding["x"] > width / 2 > switcher["x"]
    # Progress bars fill from the right in a right-to-left page.
    bar, fill = page.locator(".wb-bar").first.bounding_box(), page.locator(".wb-bar-translated").first.bounding_box()
    assert abs((bar["x"] + bar["width"]) - (fill["x"] + fill["width"])) < 2
    page.screenshot(path=f"{artifacts_dir}/i18n-documents-ar.png")
    # And back: the switcher lists every language by its own name.
    choose_language(page, "English")
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_the_login_page_offers_the_switcher(page, live_server, db):
    page.goto(f"{live_server.url}/admin/login/")
    choose_language(page, "Русский")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("input[type=submit]").get_attribute("value") == "Войти"
