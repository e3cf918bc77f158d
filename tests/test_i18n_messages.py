"""Messages built in Python, in the reader's language: import reports, parse errors, refusals, counts.

Each test shows one message in a non-English interface: through the admin
(the browser's Accept-Language, as a user sees it) or, for the commands,
in the active language (``LANGUAGE_CODE`` when run from a shell).
"""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.jobs_support import job_files, worker_run  # noqa: F401  (fixture)
from translations.exporters import ExportRequest
from translations.exporters import get as get_exporter
from translations.memory.tmx import read_tmx
from translations.models import CheckFinding, Document, MemoryEntry, Segment
from translations.parsing import SourceFormatError
from translations.services.checks import checks_run_document, finding_dismiss
from translations.services.documents import document_import
from translations.services.translations import translation_save


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "pw")


def client_for(user, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- Import report and parse errors -------------------------------------------


def test_the_import_report_counts_with_the_plural_forms_of_the_language(db, tmp_path, capsys):
    one_block = write(tmp_path, "doc.md", "Alpha is first. Beta is second.\n")
    with translation.override("ru"):
        report = document_import(path=one_block, slug="doc")
        # One block (singular), two new segments (the "few" form), no translation to update (genitive plural).
        assert report.summary() == (
            "doc: 1 блок; сегменты: 0 без изменений, 0 изменённых, 2 новых, 0 в архиве, 0 восстановленных; "
            "0 переводов требуют доработки; редакция 1"
        )
    translation_save(segment=Segment.objects.get(source_text="Beta is second."), language="de", text="Beta ist zweiter.")
    edited = write(
        tmp_path,
        "doc.md",
        "Alpha is first. Beta is the second one.\n\n"
        "Gamma comes next. Delta follows it. Epsilon is here. Zeta is too. Eta ends the text.\n",
    )
    with translation.override("ru"):
        call_command("import_document", str(edited), "--slug", "doc", verbosity=0)
    out = capsys.readouterr().out
    assert "doc: 2 блока;" in out and "1 изменённый" in out and "5 новых" in out
    assert "1 перевод требует доработки; редакция 2" in out
    unchanged = document_import(path=edited, slug="doc")
    with translation.override("ar"):
        # Arabic: the dual ("two blocks"), a count of 7 in the plural of 3–10, zero in its own form.
        assert unchanged.summary().startswith("doc: كتلتان؛ 7 مقاطع دون تغيير، لا مقاطع معدَّلة،")
    with translation.override("en"):
        assert unchanged.summary().startswith("doc: 2 blocks; segments: 7 unchanged, 0 changed, 0 new,")


def test_a_broken_upload_in_the_german_admin_names_file_and_line_in_german(essay_with_samples, root):
    bad = SimpleUploadedFile("kaputt.po", b'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "x\nmsgstr ""\n')
    url = reverse("admin:translations_document_exchange", args=[essay_with_samples.pk])
    response = client_for(root, "de").post(url, {"file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "kaputt.po, Zeile 5:" in body and "es wurde nichts importiert" in body
    assert "line 5" not in body and "nothing was imported" not in body


def test_import_document_refuses_a_bad_file_in_the_active_language(db, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"Erste Zeile\nzweite\x00Zeile\n")
    with translation.override("de"), pytest.raises(CommandError) as caught:
        call_command("import_document", str(binary), "--slug", "scan", verbosity=0)
    assert str(caught.value) == f"{binary}, Zeile 2: dies ist eine Binärdatei, kein Text (NUL-Byte gefunden)"
    document_import(path=write(tmp_path, "doc.md", "A sentence.\n"), slug="doc")
    with translation.override("fr"), pytest.raises(SourceFormatError) as caught:
        document_import(path=write(tmp_path, "doc.md", "A sentence.\n"), slug="doc", language="de")
    assert caught.value.reason == "le document 'doc' a pour langue source 'en', pas 'de'"


def test_the_memory_tmx_reader_refuses_in_the_active_language(tmp_path):
    tmx = write(tmp_path, "alt.tmx", '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"/></tu></body></tmx>')
    with translation.override("es"), pytest.raises(SourceFormatError) as caught:
        read_tmx(tmx)
    assert str(caught.value) == f"{tmx}, línea 1: <tuv> sin <seg>"


# --- Export refusals ----------------------------------------------------------


def test_the_po_exporter_refuses_an_interface_domain_in_the_active_language(db, tmp_path):
    Document.objects.create(slug="django", title="x", source_language="en")  # a row from before slugs were checked
    with translation.override("es"), pytest.raises(CommandError) as caught:
        call_command("export_po", "django", "--lang", "de", "--out", str(tmp_path / "locale"), verbosity=0)
    assert str(caught.value).startswith("un documento llamado 'django' no puede exportarse a django.po:")
    assert not (tmp_path / "locale").exists()


def test_an_unsupported_export_says_why_in_the_active_language(essay):
    request = ExportRequest(document=essay, languages=["de", "fr"])
    with translation.override("ru"):
        assert get_exporter("po").unsupported_reason(request).startswith(
            "файл gettext PO содержит ровно один язык перевода документа essay"
        )
        assert get_exporter("xliff").unsupported_reason(request).startswith("файл XLIFF содержит одну языковую пару")


@pytest.mark.parametrize("format_id, name", [("csv", "CSV"), ("tmx", "TMX 1.4b")])
def test_csv_and_tmx_take_only_target_languages_and_say_so(essay, format_id, name):
    exporter = get_exporter(format_id)
    assert exporter.supports(ExportRequest(document=essay, languages=["de", "fr"]))
    source_too = ExportRequest(document=essay, languages=["en", "de"])
    assert not exporter.supports(source_too)
    with translation.override("de"):
        reason = exporter.unsupported_reason(source_too)
    assert reason.startswith(f"{name} nimmt Zielsprachen von essay: ")
    assert "en" not in reason.split(": ", 1)[1].split(", ")


# --- Edition form -------------------------------------------------------------


def edition_url(document):
    return reverse("admin:translations_document_edition", args=[document.pk])


def form_errors(html: str) -> str:
    return re.search(r'<p class="errornote">(.*?)</p>', html, re.S).group(1)


def test_the_edition_form_refuses_in_the_interface_language(essay, root):
    response = client_for(root, "de").post(
        edition_url(essay), {"languages": ["de", "fr"], "format": "pdf", "layout": "facing"}
    )
    errors = form_errors(response.content.decode())
    assert "Gegenüberliegende Seiten" in errors and "nicht 2 (de, fr)" in errors
    assert "layout takes" not in errors and "--layout" not in errors


@pytest.mark.usefixtures("job_files")
def test_a_missing_font_is_reported_on_the_edition_job_in_the_interface_language(
    essay, root, tmp_path, django_capture_on_commit_callbacks
):
    empty = tmp_path / "fonts"
    empty.mkdir()
    client = client_for(root, "fr")
    with override_settings(WORKBENCH_FONT_DIRS=[str(empty)]):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(edition_url(essay), {"languages": ["de"], "format": "pdf", "layout": "columns"})
        worker_run()  # the worker speaks the language of whoever started the job
    assert response.status_code == 302
    errors = client.get(response["Location"]).content.decode()
    errors = re.search(r'<p class="wb-job-error">(.*?)</p>', errors, re.S).group(1)
    assert "aucune police pour l’écriture Latin" in errors and "rien n’a été exporté" in errors
    assert "&#x27;Noto Serif&#x27;" in errors and str(empty) in errors


# --- Quality pages ------------------------------------------------------------


@pytest.fixture
def checked(essay_with_samples):
    """The essay checked, with a German number written the English way: two German findings, one of the source."""
    checks_run_document(document=essay_with_samples)
    segment = Segment.objects.get(document=essay_with_samples, key="d71972e4")
    translation_save(segment=segment, language="de", text=segment.text_in("de").replace("1,9", "1.9"))
    return essay_with_samples


def test_the_dismissed_count_uses_the_plural_of_the_interface_language(checked, root):
    findings = list(CheckFinding.objects.filter(segment__document=checked, language__in=["de", ""]).order_by("pk"))
    assert len(findings) == 2

    def counts(language):
        html = client_for(root, language).get("/quality/essay/de/").content.decode()
        return re.search(r'<p class="wb-counts">(.*?)</p>', html, re.S).group(1)

    assert "0 отклонённых" in counts("ru")
    finding_dismiss(finding=findings[0], user=root, reason="As printed.")
    assert "1 отклонённое" in counts("ru") and "1 verworfen" in counts("de")
    assert "ملاحظة واحدة مستبعَدة" in counts("ar")
    finding_dismiss(finding=findings[1], user=root, reason="As printed.")
    assert "2 отклонённых" in counts("ru") and "2 écartés" in counts("fr")
    assert "ملاحظتان مستبعَدتان" in counts("ar")


def paragraph(html: str, css_class: str) -> str:
    return re.search(rf'<p class="{css_class}"[^>]*>', html).group(0)


def test_the_segment_page_gives_both_texts_their_own_language_and_direction(checked, root):
    segment = Segment.objects.get(document=checked, key="cd3699cb")
    arabic = "لا يمكن بناء الاشتراكية في ظل هذه الظروف."
    translation_save(segment=segment, language="ar", text=arabic)
    MemoryEntry(source_language="en", target_language="ar", source_text=segment.source_text, target_text=arabic,
                origin="tmx:old.tmx").save()  # fmt: skip
    url = reverse("quality:segment", args=[segment.pk, "ar"])
    html = client_for(root, "de").get(url).content.decode()
    # Arabic runs right to left inside the German page; the English source stays left to right.
    assert paragraph(html, "wb-target") == '<p class="wb-target" lang="ar" dir="rtl">'
    assert paragraph(html, "wb-source") == '<p class="wb-source" lang="en" dir="ltr">'
    # So do the memory's suggestion and the sentence it was made for.
    assert '<div class="wb-tm-target" lang="ar" dir="rtl">' in html
    assert '<div class="wb-tm-source" lang="en" dir="ltr">' in html
    # And vice versa: in the Arabic interface (dir="rtl" on <html>), the English and German texts say ltr.
    html = client_for(root, "ar").get(reverse("quality:segment", args=[segment.pk, "de"])).content.decode()
    assert 'dir="rtl"' in re.search(r"<html[^>]*>", html).group(0)
    assert paragraph(html, "wb-source") == '<p class="wb-source" lang="en" dir="ltr">'
    assert paragraph(html, "wb-target") == '<p class="wb-target" lang="de" dir="ltr">'


def test_an_arabic_source_runs_right_to_left_on_the_quality_pages(db, tmp_path, root):
    source = write(tmp_path, "nass.txt", "هذه جملة أولى. وهذه جملة ثانية.\n")
    document = document_import(path=source, slug="nass", language="ar").document
    segment = document.segments.order_by("position").first()
    html = client_for(root, "de").get(reverse("quality:segment", args=[segment.pk, "de"])).content.decode()
    assert paragraph(html, "wb-source") == '<p class="wb-source" lang="ar" dir="rtl">'
    assert paragraph(html, "wb-target") == '<p class="wb-target" lang="de" dir="ltr">'


def test_the_findings_page_in_arabic_keeps_the_texts_left_to_right(checked, root):
    html = client_for(root, "ar").get("/quality/essay/de/").content.decode()
    assert paragraph(html, "wb-source") == '<p class="wb-source" lang="en" dir="ltr">'
    assert paragraph(html, "wb-target") == '<p class="wb-target" lang="de" dir="ltr">'
