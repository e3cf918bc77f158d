"""Issue 16 in a browser: the upload's conflict table, and the favicon a browser asks for."""

import polib
import pytest

from tests.formats_support import export, segments
from translations.services.translations import translation_save

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stale_upload_shows_its_conflicts_and_the_checkbox_resolves_them(
    essay_with_samples, page, live_server, admin_login, artifacts_dir, tmp_path
):
    user = admin_login()
    first = segments(essay_with_samples)[0]
    catalog = polib.pofile(export(essay_with_samples, "po", "de").decode("utf-8"))
    next(e for e in catalog if e.msgctxt == first.key).msgstr = "Offline geändert."
    path = tmp_path / "essay.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    translation_save(segment=first, language="de", text="Im Web verbessert.", user=user)  # after the export

    page.goto(f"{live_server.url}/admin/translations/document/{essay_with_samples.pk}/exchange/")
    page.set_input_files("#id_file", str(path))
    page.click("input[type=submit]")
    table = page.locator("table.wb-conflicts")
    assert "1 conflict: changed in the workbench after the file was made" in table.locator("caption").inner_text()
    row = table.locator("tbody tr")
    assert "Im Web verbessert." in row.inner_text() and "Offline geändert." in row.inner_text()
    assert "kept the workbench" in row.inner_text()
    table.scroll_into_view_if_needed()
    page.screenshot(path=f"{artifacts_dir}/exchange-conflicts.png", full_page=True)

    page.set_input_files("#id_file", str(path))
    page.check("#id_force")
    page.click("input[type=submit]")
    assert "the file's text taken" in page.locator("table.wb-conflicts tbody tr").inner_text()
    first.refresh_from_db()
    assert first.text_in("de") == "Offline geändert."
    # The page links the favicon, and the browser gets it.
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").ok
    assert page.request.get(f"{live_server.url}/favicon.ico").ok
