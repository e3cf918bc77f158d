"""The translate view in headless chromium: type, Ctrl+Enter, reload, it is stored."""

import pytest

from translations.models import Segment, State
from translations.services.translations import translation_save

pytestmark = pytest.mark.browser


def test_ctrl_enter_saves_moves_on_and_survives_a_reload(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/")
    page.screenshot(path=f"{artifacts_dir}/admin-documents-progress.png")
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
    typed = "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert first.locator("textarea.wb-editor").input_value() == typed
    assert first.locator(".wb-state-select").input_value() == "translated"
    assert first.locator(".wb-changed-by").inner_text() == "admin"
    assert second.locator("textarea.wb-editor").input_value() == ""
    segment = Segment.objects.get(pk=first.get_attribute("data-segment"))
    assert segment.text_in("de") == "Die Sowjetunion konnte den Kapitalismus nicht überholen."
    assert segment.translations.get(language="de").state == State.TRANSLATED

    # The row's history shows the change; reverting it empties the row again.
    first.locator("a.wb-history").click()
    page.wait_for_selector(".wb-history-table")
    assert page.locator(".wb-change").count() == 1
    assert "Die Sowjetunion konnte den Kapitalismus nicht überholen." in page.locator(".wb-new-text").inner_text()
    page.screenshot(path=f"{artifacts_dir}/admin-translate-history.png")
    page.click(".wb-change button[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator(".wb-change").count() == 2
    segment.refresh_from_db()
    assert segment.text_in("de") == ""
    assert segment.translations.get(language="de").state == State.UNTRANSLATED


def test_conflict_is_shown_in_the_row_and_their_text_can_be_taken(
    essay, page, live_server, admin_login, artifacts_dir, django_user_model
):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/{essay.pk}/translate/de/")
    first = page.locator(".wb-row").nth(0)
    segment = Segment.objects.get(pk=first.get_attribute("data-segment"))
    # Somebody else saves the same segment after the page was loaded.
    hans = django_user_model.objects.create(username="hans")
    translation_save(segment=segment, language="de", text="Hans war schneller.", user=hans)

    editor = first.locator("textarea.wb-editor")
    editor.click()
    editor.type("Meine Fassung.")
    editor.press("Control+Enter")
    conflict = first.locator(".wb-conflict")
    conflict.wait_for(state="visible")
    assert "hans" in conflict.locator(".wb-conflict-message").inner_text()
    assert conflict.locator(".wb-conflict-text").inner_text() == "Hans war schneller."
    assert editor.input_value() == "Meine Fassung."  # still there, nothing lost
    page.screenshot(path=f"{artifacts_dir}/admin-translate-conflict.png")
    segment.refresh_from_db()
    assert segment.text_in("de") == "Hans war schneller."

    first.locator(".wb-take-theirs").click()
    assert editor.input_value() == "Hans war schneller."
    assert first.get_attribute("data-version") == "1"
    assert conflict.is_hidden()


def test_arabic_editor_runs_right_to_left(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/{essay.pk}/translate/ar/")
    editor = page.locator("textarea.wb-editor").first
    editor.click()
    editor.type("الاتحاد السوفيتي")
    assert editor.evaluate("el => getComputedStyle(el).direction") == "rtl"
    page.screenshot(path=f"{artifacts_dir}/admin-translate-ar.png")


def test_segment_form_shows_language_tabs_without_a_network(essay, page, live_server, admin_login, artifacts_dir):
    """jQuery UI is served from the app's static files: the tabs work offline."""
    admin_login()
    segment = Segment.objects.filter(document=essay).order_by("block__position", "position").first()
    page.goto(f"{live_server.url}/admin/translations/segment/{segment.pk}/change/")
    page.wait_for_selector(".ui-tabs-nav")
    assert page.locator(".ui-tabs-nav li").count() == 7  # en, de, fr, es, ru, ar, zh-hans
    page.click(".ui-tabs-nav li >> text=DE")
    assert page.locator("#id_text_de").is_visible() and page.locator("#id_text_en").is_disabled()
    page.screenshot(path=f"{artifacts_dir}/admin-segment-tabs.png")
