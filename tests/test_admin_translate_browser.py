"""The translate view in headless chromium: type, Ctrl+Enter, reload, it is stored."""

import pytest

from translations.models import Segment, State

pytestmark = pytest.mark.browser


def test_ctrl_enter_saves_moves_on_and_survives_a_reload(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/")
    page.click("a.wb-progress[href$='/translate/de/']")
    page.wait_for_selector(".wb-rows")
    assert "Translate into German" in page.locator(".breadcrumbs").inner_text()

    first, second = page.locator(".wb-row").nth(0), page.locator(".wb-row").nth(1)
    assert first.locator(".wb-kind").inner_text().lower() == "paragraph"
    assert page.locator(".wb-kind-quotation .wb-kind").first.inner_text().lower() == "block quotation"
    editor = first.locator("textarea.wb-editor")
    editor.click()
    editor.type("Die Sowjetunion konnte den Kapitalismus nicht überholen.")
    assert first.locator(".wb-state-select").input_value() == "translated"
    editor.press("Control+Enter")
    page.wait_for_function("document.activeElement === document.querySelectorAll('.wb-editor')[1]")
    assert first.locator(".wb-status").inner_text() == "Saved"
    assert first.get_attribute("data-version") == "1"
    assert page.locator("[data-progress=translated]").inner_text() == "2"  # 1 of 43 segments
    page.screenshot(path=f"{artifacts_dir}/admin-translate-de.png")

    page.reload()
    first = page.locator(".wb-row").nth(0)
    assert first.locator("textarea.wb-editor").input_value() == "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert first.locator(".wb-state-select").input_value() == "translated"
    assert first.locator(".wb-changed-by").inner_text() == "admin"
    assert second.locator("textarea.wb-editor").input_value() == ""
    segment = Segment.objects.get(pk=first.get_attribute("data-segment"))
    assert segment.text_in("de") == "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert segment.translations.get(language="de").state == State.TRANSLATED
