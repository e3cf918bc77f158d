"""``manage.py export_edition``: writes the file, reports counts, refuses bad requests cleanly."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.editions_support import pdf_pages, squeeze


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_edition", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.system
def test_exports_a_pdf_and_reports_pages_and_counts(essay_with_samples, tmp_path):
    out = tmp_path / "essay-de.pdf"
    report = run("essay", "--lang", "de", "--format", "pdf", "--layout", "columns", "--out", str(out))
    pages = pdf_pages(out)
    assert f"Wrote {out} (columns," in report and f", {len(pages)} pages," in report
    assert "22 blocks, 43 segments." in report
    assert "German: 43 translated (0 approved), 0 untranslated" in report
    assert "draft translation" in report
    assert squeeze("Die Sowjetunion konnte den Kapitalismus nicht überholen") in squeeze("".join(pages))


def test_exports_html_with_two_translations_in_three_columns(essay_with_samples, tmp_path):
    out = tmp_path / "essay.html"
    report = run("essay", "--lang", "de", "--lang", "fr", "--format", "html", "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert "repeat(3, minmax(0, 1fr))" in html
    assert 'lang="fr"' in html and 'lang="de"' in html
    assert "French: 43 translated" in report and "German: 43 translated" in report


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing", "--lang", "de"], "no document with slug 'missing' (documents: essay)"),
        (["essay", "--lang", "de", "--lang", "fr", "--layout", "facing"], "facing layout takes one target language"),
        (["essay", "--lang", "en"], "source language"),
        (["essay", "--lang", "de", "--out", "/nonexistent-dir/x.pdf"], "does not exist"),
    ],
)
def test_bad_requests_stop_with_the_reason_and_write_nothing(essay, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args, *(["--out", str(tmp_path / "x.pdf")] if "--out" not in args else []))
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_font_writes_no_file(essay, tmp_path):
    empty = tmp_path / "fonts"
    empty.mkdir()
    out = tmp_path / "x.pdf"
    with override_settings(WORKBENCH_FONT_DIRS=[str(empty)]), pytest.raises(CommandError, match="no font for the Latin"):
        run("essay", "--lang", "de", "--out", str(out))
    assert list(tmp_path.iterdir()) == [empty]
