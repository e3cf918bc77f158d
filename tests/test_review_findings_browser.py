"""Findings on the review page in a real browser: unfold a cell's findings, dismiss one with a reason."""

import pytest

from translations.models import CheckFinding, Segment
from translations.services.translations import translation_save

pytestmark = pytest.mark.browser

WAGES = "d71972e4"


def test_a_reviewer_unfolds_and_dismisses_a_cells_finding(essay_with_samples, page, live_server, admin_login,
                                                          artifacts_dir):
    wages = Segment.objects.select_related("document", "block").get(document=essay_with_samples, key=WAGES)
    translation_save(segment=wages, language="de", text=wages.text_in("de").replace("1,9", "1.9"))
    admin_login()

    page.goto(f"{live_server.url}/review/essay/?lang=de&lang=ru&filter=flagged")
    row = page.locator(f"#seg-{wages.pk}")
    findings = row.locator("td[lang=de] .wb-cell-findings")
    assert findings.locator("summary").inner_text().startswith("⚠ 1 error")
    assert "failed QA check" in row.locator("td[lang=de] .wb-flag").inner_text()
    findings.locator("summary").click()
    findings.locator("input[name=reason]").fill("The book prints 1.9 here.")
    row.scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/review-findings.png")

    findings.locator("button", has_text="Dismiss").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#seg-{wages.pk}")
    assert CheckFinding.objects.get(segment=wages, language="de", check_id="numbers").dismissed
    assert page.locator(f"#seg-{wages.pk}").count() == 0  # no longer flagged
