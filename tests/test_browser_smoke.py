"""The admin works in a real browser: log in and see the essay."""

import pytest

pytestmark = pytest.mark.browser


def test_admin_shows_the_essay_in_chromium(essay, page, live_server, admin_login, artifacts_dir):
    admin_login()
    page.goto(f"{live_server.url}/admin/translations/document/")
    assert page.locator("text=The Soviet Union: backwardness and bureaucracy").count() == 1
    page.screenshot(path=f"{artifacts_dir}/admin-documents.png")
