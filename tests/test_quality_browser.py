"""Quality in a real browser: read findings, dismiss one with a reason, look at a quoted segment."""

import pytest

from translations.models import MemoryEntry, Segment
from translations.services.quality_seed import quality_install
from translations.services.translations import translation_save

pytestmark = pytest.mark.browser


def test_a_reviewer_dismisses_a_finding_and_reads_a_quotation(
    essay_with_samples, page, live_server, admin_login, artifacts_dir
):
    quality_install(document=essay_with_samples)
    wages = Segment.objects.select_related("document", "block").get(document=essay_with_samples, key="d71972e4")
    translation_save(segment=wages, language="de", text=wages.text_in("de").replace("1,9", "1.9"))
    marx = Segment.objects.get(document=essay_with_samples, key="79c1a43b")  # The German Ideology
    MemoryEntry(
        source_language="en",
        target_language="de",
        source_text=marx.source_text.replace("[of socialism] ", "").replace("filthy", "dirty"),
        target_text=marx.text_in("de").replace("[des Sozialismus]", ""),
        origin="tmx:marx.tmx",
    ).save()
    admin_login()

    page.goto(f"{live_server.url}/quality/essay/de/")
    trotsky = page.locator("#segment-bf878b3b")
    assert "opens a quotation that is not closed" in trotsky.inner_text()
    assert "1.9 is written 1,9 in German" in page.locator("#segment-d71972e4").inner_text()
    page.screenshot(path=f"{artifacts_dir}/quality-findings.png", full_page=True)

    trotsky.locator("input[name=reason]").fill("The printed essay leaves the quotation open.")
    trotsky.locator("button", has_text="Dismiss").click()
    page.wait_for_load_state()
    assert page.locator("#segment-bf878b3b").count() == 0  # dismissed findings are hidden by default
    assert page.locator(".wb-counts").inner_text().startswith("1 error")
    page.check("input[name=dismissed]")
    page.click("button:has-text('Filter')")
    assert "Dismissed by admin" in page.locator("#segment-bf878b3b").inner_text()
    assert "leaves the quotation open" in page.locator("#segment-bf878b3b").inner_text()

    page.goto(f"{live_server.url}/quality/segments/{marx.pk}/de/")
    mark = page.locator("mark.wb-term").first
    assert mark.inner_text() == "productive forces" and mark.get_attribute("title") == "Produktivkräfte"
    quotation = page.locator(".wb-quotation")
    assert "The German Ideology" in quotation.inner_text() and "die ganze alte Scheiße" in quotation.inner_text()
    suggestion = page.locator(".wb-suggestion").first
    assert suggestion.locator(".wb-score").inner_text().endswith("%")
    assert suggestion.locator("ins").count() and suggestion.locator("del").count()
    page.screenshot(path=f"{artifacts_dir}/quality-segment.png", full_page=True)
