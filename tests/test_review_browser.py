"""The review page in headless chromium: read side by side, approve, merge and undo, comment."""

import pytest

from translations.models import AlignmentEdit, Comment, Segment, State, Translation

pytestmark = pytest.mark.browser


def rows(document):
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position"))


def test_review_german_and_russian_beside_english(essay_with_samples, page, live_server, admin_login, artifacts_dir):
    admin_login()
    segments = rows(essay_with_samples)
    first, second = segments[0], segments[1]

    # From the admin's document list to the review page.
    page.goto(f"{live_server.url}/admin/translations/document/")
    page.click("a.wb-review-link")
    page.wait_for_url(f"{live_server.url}/review/essay/")
    page.goto(f"{live_server.url}/review/essay/?lang=de&lang=ru")
    headers = page.locator(".wb-grid thead th").all_text_contents()
    assert headers[1].startswith("English") and headers[2].startswith("German") and headers[3].startswith("Russian")
    row = page.locator(f"#seg-{first.pk}")
    assert row.locator("td.wb-source .wb-text").inner_text() == first.source_text
    assert row.locator('td[lang="de"] .wb-text').inner_text() == first.text_in("de")
    assert row.locator('td[lang="ru"] .wb-text').inner_text() == first.text_in("ru")

    # Approve the German of the first row.
    row.locator('td[lang="de"] button[value="approve"]').click()
    page.wait_for_load_state()
    assert page.locator(f'#seg-{first.pk} td[lang="de"]').get_attribute("class").endswith("wb-state-approved")
    assert Translation.objects.get(segment=first, language="de").state == State.APPROVED
    assert "German: 1 approved." in page.locator(".messagelist").inner_text()

    # Merge the first two source segments: one row, both translations joined.
    page.locator(f"#seg-{first.pk} button.wb-merge").click()
    page.wait_for_load_state()
    assert page.locator(f"#seg-{second.pk}").count() == 0
    merged = page.locator(f"#seg-{first.pk}")
    assert merged.locator("td.wb-source .wb-text").inner_text() == f"{first.source_text} {second.source_text}"
    assert merged.locator('td[lang="ru"] .wb-text').inner_text() == f"{first.text_in('ru')} {second.text_in('ru')}"
    # Undo it from the list of recent edits.
    page.locator(".wb-edits button.wb-undo").first.click()
    page.wait_for_load_state()
    assert page.locator(f"#seg-{second.pk}").count() == 1
    assert page.locator(f"#seg-{first.pk} td.wb-source .wb-text").inner_text() == first.source_text
    assert page.locator(f'#seg-{first.pk} td[lang="de"]').get_attribute("class").endswith("wb-state-approved")
    assert AlignmentEdit.objects.get().undone_at is not None

    # Comment on the Russian of the second row, in the side panel.
    cell = page.locator(f'#seg-{second.pk} td[lang="ru"]')
    cell.locator("a.wb-comments").click()
    panel = page.locator("#wb-panel")
    panel.locator("textarea[name=text]").fill("Is <b>державами</b> the right word here?")
    panel.locator("button[type=submit]").click()
    panel.locator(".wb-comment-text").wait_for()
    assert panel.locator(".wb-comment-text").inner_text() == "Is <b>державами</b> the right word here?"
    assert cell.locator(".wb-count").inner_text() == "1"
    assert Comment.objects.get().language == "ru"
    page.screenshot(path=f"{artifacts_dir}/review-comment-panel.png")
    panel.locator(".wb-panel-close").click()
    assert panel.is_hidden()
    # After a reload the cell shows the open comment as a flag.
    page.reload()
    assert "open comment" in page.locator(f'#seg-{second.pk} td[lang="ru"] .wb-flag').inner_text()
    page.screenshot(path=f"{artifacts_dir}/review-page.png")


def test_split_tool_and_right_to_left_columns(essay_with_samples, page, live_server, admin_login, artifacts_dir):
    from translations.services.translations import translation_save

    admin_login()
    segments = rows(essay_with_samples)
    translation_save(segment=segments[0], language="ar", text="لم يتمكن الاتحاد السوفيتي من تجاوز الرأسمالية.")
    translation_save(segment=segments[0], language="zh-hans", text="苏联无法超越资本主义并迈向社会主义。")
    page.goto(f"{live_server.url}/review/essay/?lang=ar&lang=zh-hans&lang=de")
    arabic = page.locator(f'#seg-{segments[0].pk} td[lang="ar"]')
    assert arabic.evaluate("cell => getComputedStyle(cell).direction") == "rtl"
    assert "Noto Sans Arabic" in arabic.locator(".wb-text").evaluate("e => getComputedStyle(e).fontFamily")
    chinese = page.locator(f'#seg-{segments[0].pk} td[lang="zh-hans"] .wb-text')
    assert "Noto Sans CJK SC" in chinese.evaluate("e => getComputedStyle(e).fontFamily")
    page.screenshot(path=f"{artifacts_dir}/review-rtl-cjk.png", clip={"x": 0, "y": 0, "width": 1400, "height": 500})

    # Split a source segment where the cursor is put in the split tool.
    target = next(s for s in segments if ", " in s.source_text)
    original = target.source_text
    cut = original.index(", ") + 2
    page.locator(f"#seg-{target.pk} a.wb-split").click()
    text = page.locator("#wb-panel .wb-split-text")
    text.evaluate(f"(t) => {{ t.focus(); t.setSelectionRange({cut}, {cut}); t.dispatchEvent(new Event('select')); }}")
    assert page.locator("#wb-panel .wb-offset").input_value() == str(cut)
    assert page.locator("#wb-panel .wb-split-preview .wb-right").text_content() == original[cut : cut + 40]
    page.screenshot(path=f"{artifacts_dir}/review-split-tool.png")
    page.locator("#wb-panel button[value=split_source]").click()
    page.wait_for_load_state()
    assert page.locator(f"#seg-{target.pk} td.wb-source .wb-text").inner_text() == original[:cut].rstrip()
    new_row = page.locator(f"#seg-{target.pk} + tr")
    assert new_row.locator("td.wb-source .wb-text").inner_text() == original[cut:]
    assert "translated together with the previous segment" in new_row.locator('td[lang="de"]').inner_text()
