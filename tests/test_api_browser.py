"""The API's schema page in headless chromium: served offline, and usable with the admin's session."""

import pytest

pytestmark = pytest.mark.browser


def test_swagger_page_renders_offline_and_tries_a_request(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/v1/schema/swagger/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Translation workbench API" in page.locator(".swagger-ui .info .title").inner_text()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/documents/{slug}/segments/{key}/translations/{language}/" in [p.replace("\u200b", "") for p in paths]
    # Everything the page loaded came from the workbench itself: no CDN.
    assert requested and all(url.startswith(live_server.url) for url in requested), requested

    # "Try it out" on the document list, with the admin session.
    block = page.locator("#operations-documents-documents_list")
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert '"slug": "essay"' in block.locator(".live-responses-table .microlight").first.inner_text()
    page.screenshot(path=f"{artifacts_dir}/api-swagger.png", full_page=False)
