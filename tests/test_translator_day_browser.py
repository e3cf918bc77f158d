"""A translator's day in headless chromium: reviewer and translator talk through the rows.

The reviewer sends a row back with a reason; the translator sees the reason on
the row, answers in the thread and fixes the row with the keyboard only; the
reviewer corrects the text in place on the review page and approves it. A
repeated sentence, saved once, fills its twin as needs review.
"""

import pytest
from django.contrib.auth.models import Group, User

from translations.models import Comment, Segment, State, Translation
from translations.permissions import groups_ensure
from translations.services.documents import document_import
from translations.services.memory import memory_add_pairs
from translations.services.translations import translation_save

pytestmark = pytest.mark.browser

PARAGRAPHS = [
    "Dear friend.",
    "Thank you for the letter. I read it twice.",
    "The weather is fine.",
    "Thank you for the letter.",
    "Yours truly.",
]
GERMAN = {
    "Dear friend.": "Lieber Freund,",  # the reviewer wants a full stop
    "I read it twice.": "Ich habe ihn zweimal gelesen.",
    "The weather is fine.": "Das Wetter ist schön.",
    "Yours truly.": "Herzlich.",
}


@pytest.fixture
def letters(tmp_path, db):
    path = tmp_path / "letters.md"
    path.write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    document = document_import(path=path, slug="letters", title="Letters").document
    for segment in Segment.objects.filter(document=document):
        if segment.source_text in GERMAN:
            translation_save(segment=segment, language="de", text=GERMAN[segment.source_text])
    return document


def segment(document, source):
    return Segment.objects.filter(document=document, source_text=source).order_by("block__position").first()


def member(username, group):
    groups_ensure()
    user = User.objects.create_user(username, password=f"pw-{username}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(chromium, live_server, user):
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"pw-{user.username}-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def state(row_segment):
    return Translation.objects.get(segment=row_segment, language="de").state


def test_a_row_goes_back_and_forth_between_reviewer_and_translator(letters, chromium, live_server, artifacts_dir):
    rene = log_in(chromium, live_server, member("rene", "reviewer-de"))
    greta = log_in(chromium, live_server, member("greta", "translator-de"))
    dear = segment(letters, "Dear friend.")

    # 1. The reviewer sends the first row back, with a reason.
    rene.goto(f"{live_server.url}/review/letters/?lang=de")
    rene.locator(f'#seg-{dear.pk} input[type=checkbox][form="wb-bulk"]').check()
    rene.fill(".wb-bulk .wb-reason", "A letter opens with a full stop here, not a comma.")
    rene.click(".wb-bulk .wb-send-back")
    rene.wait_for_selector(".messagelist .success")
    assert state(dear) == State.NEEDS_UPDATE

    # 2. The translator sees the reason on the row in the translate view.
    greta.goto(f"{live_server.url}/admin/translations/document/{letters.pk}/translate/de/")
    row = greta.locator(f'.wb-row[data-segment="{dear.pk}"]')
    assert "A letter opens with a full stop here" in row.locator(".wb-row-note").inner_text()
    badge = row.locator(".wb-comments-toggle")
    assert badge.inner_text().strip().endswith("1") and "wb-open" in badge.get_attribute("class")

    # 3. Keyboard only from here: answer in the thread, fix the row, save.
    editor = row.locator("textarea.wb-editor")
    editor.focus()
    greta.keyboard.press("Control+u")
    reply = row.locator(".wb-row-thread textarea[name=text]")
    reply.wait_for()
    greta.wait_for_function("document.activeElement && document.activeElement.name === 'text'")
    greta.keyboard.type("Right, fixed.")
    greta.keyboard.press("Tab")
    greta.keyboard.press("Enter")
    row.locator(".wb-row-thread .wb-comment-text >> nth=1").wait_for()
    assert badge.inner_text().strip().endswith("2")
    greta.keyboard.press("Escape")
    greta.wait_for_function("document.activeElement && document.activeElement.classList.contains('wb-editor')")
    # The help overlay lists the keys ("?" outside a text field).
    greta.evaluate("document.activeElement.blur()")
    greta.keyboard.press("?")
    assert greta.locator("#wb-keys-help").is_visible()
    assert "Save as draft" in greta.locator("#wb-keys-help").inner_text()
    greta.screenshot(path=f"{artifacts_dir}/translator-day-keys.png")
    greta.keyboard.press("Escape")
    editor.focus()
    greta.keyboard.press("Control+a")
    greta.keyboard.type("Lieber Freund.")
    greta.keyboard.press("Control+Enter")
    second = greta.locator(".wb-row").nth(1).locator("textarea.wb-editor")
    greta.wait_for_function(
        "el => document.activeElement === el", arg=second.element_handle()
    )
    assert row.get_attribute("data-state") == State.TRANSLATED
    dear.refresh_from_db()
    assert (dear.text_in("de"), state(dear)) == ("Lieber Freund.", State.TRANSLATED)
    assert list(Comment.objects.filter(segment=dear).values_list("author__username", flat=True)) == ["rene", "greta"]
    greta.screenshot(path=f"{artifacts_dir}/translator-day-translate.png")

    # 4. The reviewer corrects it in place on the review page, then approves it there.
    rene.goto(f"{live_server.url}/review/letters/?lang=de")
    cell = rene.locator(f'#seg-{dear.pk} td[lang="de"]')
    assert cell.locator(".wb-text").inner_text() == "Lieber Freund."
    cell.locator(".wb-edit").click()
    field = cell.locator(".wb-inline-editor textarea")
    field.fill("Lieber Freund!")
    field.press("Control+Enter")
    cell.locator(".wb-inline-saved").wait_for()
    assert cell.locator(".wb-text").inner_text() == "Lieber Freund!"
    rene.screenshot(path=f"{artifacts_dir}/translator-day-review.png")
    cell.locator('button[value="approve"]').click()
    rene.wait_for_selector(".messagelist .success")
    dear.refresh_from_db()
    assert (dear.text_in("de"), state(dear)) == ("Lieber Freund!", State.APPROVED)

    # 5. Every cell links to its row in the translate view.
    link = rene.locator(f'#seg-{dear.pk} td[lang="de"] a.wb-translate-link')
    assert link.get_attribute("href").endswith(f"/translate/de/?seg={dear.key}#seg-{dear.key}")
    link.click()
    rene.wait_for_function(f"document.activeElement && document.activeElement.closest('.wb-row[data-segment=\"{dear.pk}\"]')")
    assert rene.locator(f'.wb-row[data-segment="{dear.pk}"] textarea.wb-editor').input_value() == "Lieber Freund!"
    rene.context.close()
    greta.context.close()


def test_a_repeated_sentence_saved_once_fills_its_twin_and_the_keys_do_the_rest(
    letters, chromium, live_server
):
    greta = log_in(chromium, live_server, member("greta", "translator-de"))
    first, twin = Segment.objects.filter(document=letters, source_text="Thank you for the letter.").order_by(
        "block__position"
    )
    memory_add_pairs(
        source_language="en", target_language="de", pairs=[("Thank you for the letter.", "Danke für den Brief.")],
        origin="test",
    )
    greta.goto(f"{live_server.url}/admin/translations/document/{letters.pk}/translate/de/")
    row = greta.locator(f'.wb-row[data-segment="{first.pk}"]')
    editor = row.locator("textarea.wb-editor")
    editor.focus()
    row.locator(".wb-memory-box .wb-suggestion").first.wait_for()
    # Ctrl+M, 1: the first memory match into the editor; Ctrl+Enter saves it.
    greta.keyboard.press("Control+m")
    greta.keyboard.press("1")
    assert editor.input_value() == "Danke für den Brief."
    greta.keyboard.press("Control+Enter")
    other = greta.locator(f'.wb-row[data-segment="{twin.pk}"]')
    greta.wait_for_function(
        "el => el.dataset.state === 'needs_review'", arg=other.element_handle()
    )
    assert other.locator("textarea.wb-editor").input_value() == "Danke für den Brief."
    assert "1 more time" in row.locator(".wb-status").inner_text() or "once more" in row.locator(".wb-status").inner_text()
    assert (state(first), state(twin)) == (State.TRANSLATED, State.NEEDS_REVIEW)
    twin.refresh_from_db()
    assert twin.text_in("de") == "Danke für den Brief."

    # Ctrl+Y keeps a draft; Ctrl+Shift+C copies the source; Alt+Shift+Down finds the draft again.
    weather = segment(letters, "The weather is fine.")
    weather_row = greta.locator(f'.wb-row[data-segment="{weather.pk}"]')
    weather_row.locator("textarea.wb-editor").focus()
    greta.keyboard.press("Control+Shift+c")
    assert weather_row.locator("textarea.wb-editor").input_value() == "The weather is fine."
    greta.keyboard.press("Control+a")
    greta.keyboard.type("Das Wetter ist gut.")
    greta.keyboard.press("Control+y")
    greta.wait_for_function("el => el.dataset.state === 'draft'", arg=weather_row.element_handle())
    assert state(weather) == State.DRAFT
    greta.locator(".wb-row").first.locator("textarea.wb-editor").focus()
    greta.keyboard.press("Alt+Shift+ArrowDown")
    focused = greta.evaluate("document.activeElement.closest('.wb-row').dataset.segment")
    assert focused == str(weather.pk) or focused == str(first.pk)  # the first row needing attention
    greta.context.close()
