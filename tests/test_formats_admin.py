"""Downloading and uploading exchange files in the admin."""

import gettext
import io

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.formats_support import export, segments, snapshot
from tests.jobs_support import background_worker, job_files  # noqa: F401  (fixture)
from translations.models import State
from translations.permissions import groups_ensure
from translations.services.translations import translation_set_state


def staff(username, *groups):
    groups_ensure()
    user = User.objects.create_user(username, password="pw-123456", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    return user


def exchange_url(document):
    return reverse("admin:translations_document_exchange", args=[document.pk])


def download_url(document, format_id, language):
    return reverse("admin:translations_document_exchange_download", args=[document.pk, format_id, language])


def edited_po(document, language, text):
    catalog = polib.pofile(export(document, "po", language).decode())
    catalog[0].msgstr = text
    return SimpleUploadedFile(f"essay.{language}.po", str(catalog).encode(), content_type="text/x-gettext-translation")


def test_change_form_links_to_the_exchange_page(client, essay_with_samples, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:translations_document_change", args=[essay_with_samples.pk]))
    assert exchange_url(essay_with_samples) in page.content.decode()


def test_download_po_mo_xliff_tmx_csv(client, essay_with_samples, admin_user):
    client.force_login(admin_user)
    response = client.get(download_url(essay_with_samples, "po", "de"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="essay.de.po"'
    assert response.content == export(essay_with_samples, "po", "de")
    mo = client.get(download_url(essay_with_samples, "mo", "fr"))
    assert mo["Content-Disposition"] == 'attachment; filename="essay.fr.mo"'
    gettext.GNUTranslations(io.BytesIO(mo.content))  # a valid MO file
    assert client.get(download_url(essay_with_samples, "xliff", "zh-hans"))["Content-Disposition"].endswith(
        'filename="essay.zh-Hans.xlf"'
    )
    tmx = client.get(download_url(essay_with_samples, "tmx", "all"))
    assert tmx.content == export(essay_with_samples, "tmx")
    assert client.get(download_url(essay_with_samples, "csv", "all")).status_code == 200
    assert client.get(download_url(essay_with_samples, "po", "all")).status_code == 404
    assert client.get(download_url(essay_with_samples, "pdf", "de")).status_code == 404
    page = client.get(exchange_url(essay_with_samples)).content.decode()
    assert download_url(essay_with_samples, "mo", "ru") in page


def test_upload_shows_the_import_report(client, essay_with_samples, admin_user):
    client.force_login(admin_user)
    response = client.post(
        exchange_url(essay_with_samples), {"file": edited_po(essay_with_samples, "de", "Hochgeladen.")}
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.updated, report.unchanged, report.language) == (1, 42, "de")
    html = response.content.decode()
    assert "Imported." in html and "unchanged" in html
    first = segments(essay_with_samples)[0]
    assert first.text_in("de") == "Hochgeladen."
    row = first.translations.get(language="de")
    assert row.changed_by == admin_user and row.state == State.DRAFT  # the entry was fuzzy


def test_uploading_needs_permission_for_that_language(client, essay_with_samples):
    greta = staff("greta", "translator-de")
    client.force_login(greta)
    before = snapshot(essay_with_samples)
    response = client.post(exchange_url(essay_with_samples), {"file": edited_po(essay_with_samples, "fr", "Non.")})
    assert response.status_code == 403
    assert "may not translate into French" in response.content.decode()
    assert snapshot(essay_with_samples) == before
    response = client.post(exchange_url(essay_with_samples), {"file": edited_po(essay_with_samples, "de", "Ja.")})
    assert response.status_code == 200 and response.context["report"].updated == 1


def test_changing_approvals_is_for_reviewers(client, essay_with_samples):
    first = segments(essay_with_samples)[0]
    translation_set_state(segment=first, language="de", state=State.APPROVED)
    upload = edited_po(essay_with_samples, "de", "Überschrieben.")
    client.force_login(staff("greta", "translator-de"))
    response = client.post(exchange_url(essay_with_samples), {"file": upload, "policy": "approved"})
    assert response.status_code == 403 and "Only reviewers" in response.content.decode()
    upload.seek(0)
    client.force_login(staff("rita", "reviewer-de"))
    response = client.post(exchange_url(essay_with_samples), {"file": upload, "policy": "approved"})
    assert response.context["report"].updated == 1


def test_a_broken_upload_says_where_and_changes_nothing(client, essay_with_samples, admin_user):
    client.force_login(admin_user)
    before = snapshot(essay_with_samples)
    bad = SimpleUploadedFile("bad.po", b'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "x\nmsgstr ""\n')
    response = client.post(exchange_url(essay_with_samples), {"file": bad})
    assert response.status_code == 400
    assert "bad.po, line 5: a string is not closed" in response.content.decode()
    response = client.post(exchange_url(essay_with_samples), {"file": SimpleUploadedFile("notes.odt", b"x")})
    assert "cannot import a .odt file" in response.content.decode()
    response = client.post(exchange_url(essay_with_samples), {"file": SimpleUploadedFile("notes.docx", b"x")})
    assert "notes.docx: not a Word (.docx) file" in response.content.decode()
    assert snapshot(essay_with_samples) == before


def test_people_without_view_permission_get_nothing(client, essay_with_samples):
    nobody = User.objects.create_user("nobody", password="pw-123456", is_staff=True)
    client.force_login(nobody)
    assert client.get(download_url(essay_with_samples, "po", "de")).status_code == 403
    client.logout()
    assert client.get(download_url(essay_with_samples, "po", "de")).status_code == 302  # to the login page
    client.force_login(User.objects.create_superuser("root", "", "pw-123456"))
    assert client.get("/admin/translations/document/nonsense/exchange/").status_code == 404


@pytest.mark.browser
@pytest.mark.usefixtures("job_files")
def test_upload_in_the_browser(essay_with_samples, page, live_server, admin_login, artifacts_dir, tmp_path):
    admin_login()
    page.goto(f"{live_server.url}{reverse('admin:translations_document_change', args=[essay_with_samples.pk])}")
    page.screenshot(path=f"{artifacts_dir}/formats-document-object-tools.png")
    page.click("text=PO / XLIFF / TMX files")
    assert page.locator("h1").inner_text().startswith("Exchange files")
    page.click(f"button[formaction='{download_url(essay_with_samples, 'po', 'de')}']")  # an export job
    page.wait_for_url("**/admin/translations/job/*/change/")
    with background_worker():
        page.locator(".wb-job[data-status=succeeded]").wait_for()
    with page.expect_download() as download:
        page.click("a.wb-job-download")
    path = tmp_path / "essay.de.po"
    download.value.save_as(path)
    page.go_back()
    catalog = polib.pofile(str(path))
    catalog[0].msgstr = "Im Browser hochgeladen."
    catalog[0].flags = []
    catalog.save(str(path))
    page.set_input_files("input[type=file]", str(path))
    page.click("input[type=submit]")
    report = page.locator(".wb-report")
    report.wait_for()
    assert "Imported." in report.inner_text()
    assert page.locator(".wb-report tr", has_text="updated").first.inner_text().split()[-1] == "1"
    assert "2% / 0%" in page.locator("tr", has_text="German (de)").inner_text()  # 1 of 43 now translated
    page.screenshot(path=f"{artifacts_dir}/formats-exchange-upload.png", full_page=True)
    first = segments(essay_with_samples)[0]
    assert first.text_in("de") == "Im Browser hochgeladen."


def test_word_review_table_downloads_and_uploads(client, essay_with_samples, admin_user):
    import docx

    client.force_login(admin_user)
    page = client.get(exchange_url(essay_with_samples)).content.decode()
    assert download_url(essay_with_samples, "docx", "de") in page
    response = client.get(download_url(essay_with_samples, "docx", "de"))
    assert response["Content-Disposition"] == 'attachment; filename="essay.de.docx"'
    book = docx.Document(io.BytesIO(response.content))
    book.tables[0].rows[1].cells[2].text = "Im Word korrigiert."
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("essay.de.docx", out.getvalue())
    report = client.post(exchange_url(essay_with_samples), {"file": upload}).context["report"]
    assert (report.updated, report.unchanged, report.format) == (1, 42, "docx")
    assert segments(essay_with_samples)[0].text_in("de") == "Im Word korrigiert."


def test_csv_for_excel_starts_with_a_byte_order_mark(client, essay_with_samples, admin_user):
    client.force_login(admin_user)
    page = client.get(exchange_url(essay_with_samples)).content.decode()
    assert 'name="bom"' in page
    plain = client.get(download_url(essay_with_samples, "csv", "all")).content
    excel = client.get(download_url(essay_with_samples, "csv", "all") + "?bom=1").content
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    # Russian stays readable to a reader that honours the mark (as Excel does).
    assert "Советский Союз" in excel.decode("utf-8-sig")
