"""Doubtful alignments on the review page: marked, filtered, reached with "Next doubtful"."""

import pytest

from translations.align.confidence import DOUBTFUL_BELOW
from translations.models import Segment, Translation

pytestmark = pytest.mark.browser


def test_doubtful_rows_are_marked_filtered_and_jumped_to(essay_with_samples, page, live_server, admin_login,
                                                         artifacts_dir):
    segments = list(
        Segment.objects.filter(document=essay_with_samples, retired=False).order_by("block__position", "position")
    )
    doubtful = [segments[3], segments[10]]
    Translation.objects.filter(segment__in=segments, language="de").update(confidence=0.97)
    Translation.objects.filter(segment=doubtful[0], language="de").update(confidence=DOUBTFUL_BELOW - 0.05)
    Translation.objects.filter(segment=doubtful[1], language="de").update(confidence=0.3)
    admin_login()

    # Unfiltered: only the two doubtful German cells carry the marker.
    page.goto(f"{live_server.url}/review/essay/?lang=de")
    marked = page.locator("td.wb-doubtful")
    assert marked.count() == 2
    assert page.locator(f'#seg-{doubtful[0].pk} td[lang="de"]').get_attribute("class").endswith("wb-doubtful")
    assert "doubtful alignment" in page.locator(f'#seg-{doubtful[1].pk} td[lang="de"] .wb-flag').inner_text()

    # "Next doubtful" walks from one to the other and wraps around.
    button = page.locator("button.wb-next-doubtful")
    button.click()
    page.wait_for_function(f"location.hash === '#seg-{doubtful[0].pk}'")
    assert page.locator(f"#seg-{doubtful[0].pk}").get_attribute("class").endswith("wb-current")
    button.click()
    page.wait_for_function(f"location.hash === '#seg-{doubtful[1].pk}'")
    assert page.locator(f"#seg-{doubtful[1].pk}").is_visible()
    button.click()
    page.wait_for_function(f"location.hash === '#seg-{doubtful[0].pk}'")

    # The filter shows the doubtful rows and nothing else.
    page.select_option("select[name=filter]", "doubtful")
    page.locator("form.wb-choose button[type=submit]").click()
    page.wait_for_url("**filter=doubtful**")
    shown = page.locator("tr.wb-row")
    assert shown.count() == 2
    assert {row.get_attribute("id") for row in shown.all()} == {f"seg-{s.pk}" for s in doubtful}
    page.screenshot(path=f"{artifacts_dir}/review-doubtful.png", full_page=True)
