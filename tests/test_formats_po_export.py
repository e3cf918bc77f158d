"""PO and MO export: what Poedit, msgfmt and translate-toolkit see."""

import gettext
import io
import subprocess

import polib
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import require_program
from tests.formats_support import export, segments
from translations import languages
from translations.exporters import ExportRequest, get
from translations.exporters.po import catalog_path
from translations.models import Document, State, Translation
from translations.plural_forms import PLURAL_FORMS
from translations.services.translations import translation_save, translation_set_state

TRICKY = 'Er sagte: "Nein\\Ja"\tund ging.\nZweite Zeile — «ещё» 中文 العربية'


def catalog(data: bytes) -> polib.POFile:
    return polib.pofile(data.decode("utf-8"))


def test_one_entry_per_segment_with_key_reference_kind_and_fuzzy_for_unfinished(essay):
    first, second, third, fourth = segments(essay)[:4]
    translation_save(segment=first, language="de", text="Eins.", state=State.DRAFT)
    translation_save(segment=second, language="de", text="Zwei.")
    translation_save(segment=third, language="de", text="Drei.", state=State.NEEDS_REVIEW)
    translation_save(segment=fourth, language="de", text="Vier.")
    translation_set_state(segment=fourth, language="de", state=State.APPROVED)
    entries = list(catalog(export(essay, "po", "de")))
    assert len(entries) == 43
    by_key = {entry.msgctxt: entry for entry in entries}
    assert [e.msgctxt for e in entries] == [s.key for s in segments(essay)]
    assert by_key[first.key].msgid == first.source_text
    assert (by_key[first.key].msgstr, by_key[first.key].fuzzy) == ("Eins.", True)
    assert (by_key[second.key].msgstr, by_key[second.key].fuzzy) == ("Zwei.", False)
    assert by_key[third.key].fuzzy and not by_key[fourth.key].fuzzy
    untranslated = entries[-1]
    assert (untranslated.msgstr, untranslated.fuzzy) == ("", False)
    assert by_key[first.key].occurrences == [(f"essay:block-{first.block.position + 1}", "")]
    assert by_key[first.key].comment == "paragraph\nwb-version: 1"  # the version the entry is made from
    assert by_key[fourth.key].comment == "paragraph\nwb-version: 2"
    quotation = next(s for s in segments(essay) if s.block.kind == "quotation")
    assert by_key[quotation.key].comment == "quotation\nwb-version: 0"  # untranslated: no row yet


def test_header_is_complete_and_names_the_last_translator(essay):
    anna = User.objects.create(username="anna", first_name="Anna", last_name="Berg", email="anna@example.org")
    first, second = segments(essay)[:2]
    translation_save(segment=first, language="ru", text="Первое.", user=anna)
    translation_save(segment=second, language="ru", text="Второе.")  # by the system: not a person
    meta = catalog(export(essay, "po", "ru")).metadata
    assert meta["Language"] == "ru"
    assert meta["Plural-Forms"].startswith("nplurals=3;")
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Last-Translator"] == "Anna Berg <anna@example.org>"
    assert meta["X-Generator"] == "Translation workbench"
    assert meta["X-Document"] == "essay"
    for field in ("Project-Id-Version", "PO-Revision-Date", "POT-Creation-Date", "Language-Team", "MIME-Version"):
        assert meta[field]
    assert catalog(export(essay, "po", "de")).metadata["Last-Translator"] == "Translation workbench"
    assert catalog(export(essay, "po", "zh-hans")).metadata["Language"] == "zh_Hans"


def test_every_configured_language_has_a_plural_rule():
    assert all(code in PLURAL_FORMS for code in languages.codes())


def test_msgfmt_check_accepts_every_language(essay_with_samples, tmp_path):
    msgfmt = require_program("msgfmt", "gettext")
    translation_save(segment=segments(essay_with_samples)[5], language="es", text=TRICKY)
    for code in essay_with_samples.target_languages:
        path = tmp_path / f"{code}.po"
        path.write_bytes(export(essay_with_samples, "po", code))
        result = subprocess.run(
            [msgfmt, "-c", "-o", str(tmp_path / f"{code}.mo"), str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{code}: {result.stderr}"
        assert "warning" not in result.stderr.lower(), f"{code}: {result.stderr}"


def test_translate_toolkit_reads_the_file_cleanly(essay_with_samples):
    from translate.storage import po

    translation_save(segment=segments(essay_with_samples)[0], language="de", text=TRICKY)
    store = po.pofile(io.BytesIO(export(essay_with_samples, "po", "de")))
    units = [unit for unit in store.units if not unit.isheader()]
    assert len(units) == 43
    assert units[0].getcontext() == segments(essay_with_samples)[0].key
    assert units[0].target == TRICKY and not units[0].isfuzzy()
    assert units[1].isfuzzy() and units[1].source == segments(essay_with_samples)[1].source_text
    assert store.gettargetlanguage() == "de"


def test_reexport_of_unchanged_data_is_byte_identical(essay_with_samples):
    first = export(essay_with_samples, "po", "fr")
    assert export(essay_with_samples, "po", "fr") == first
    assert export(essay_with_samples, "xliff", "fr") == export(essay_with_samples, "xliff", "fr")
    assert export(essay_with_samples, "tmx") == export(essay_with_samples, "tmx")
    # Wrapping is gettext's: every line fits 79 columns unless one word is longer.
    assert all(len(line) <= 79 or " " not in line.strip('"') for line in first.decode().splitlines())
    translation_save(segment=segments(essay_with_samples)[0], language="fr", text="Autre.")
    assert export(essay_with_samples, "po", "fr") != first


def test_mo_holds_finished_translations_only(essay):
    first, second = segments(essay)[:2]
    translation_save(segment=first, language="de", text="Fertig.")
    translation_save(segment=second, language="de", text="Entwurf.", state=State.DRAFT)
    translations = gettext.GNUTranslations(io.BytesIO(export(essay, "mo", "de")))
    assert translations.pgettext(first.key, first.source_text) == "Fertig."
    assert translations.pgettext(second.key, second.source_text) == second.source_text  # fuzzy: left out


def test_export_takes_a_fixed_number_of_queries(essay_with_samples):
    def count():
        with CaptureQueriesContext(connection) as queries:
            export(essay_with_samples, "po", "de")
        return len(queries)

    small = count()
    call_command("import_document", str(_doubled_essay()), "--slug", "essay", "-v", "0")
    assert len(segments(essay_with_samples)) > 43
    assert count() == small <= 6


def _doubled_essay():
    import tempfile

    from translations.services.samples import ESSAY_PATH

    text = ESSAY_PATH.read_text(encoding="utf-8")
    handle = tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8")
    handle.write(text + "\n\nA brand new closing paragraph. It has two sentences.\n")
    handle.close()
    return handle.name


def test_export_po_command_writes_the_gettext_layout(essay_with_samples, tmp_path, settings, capsys):
    settings.BASE_DIR = tmp_path
    call_command("export_po", "essay", "--lang", "de,zh-hans", "--mo", "-v", "0")
    po = tmp_path / "locale" / "de" / "LC_MESSAGES" / "essay.po"
    assert po.read_bytes() == export(essay_with_samples, "po", "de")
    assert (tmp_path / "locale" / "de" / "LC_MESSAGES" / "essay.mo").exists()
    assert (tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "essay.po").exists()
    assert "Wrote" in capsys.readouterr().out
    call_command("export_po", "essay", "--lang", "fr", "--out", str(tmp_path / "elsewhere"), "-v", "0")
    assert (tmp_path / "elsewhere" / "fr" / "LC_MESSAGES" / "essay.po").exists()


def test_slugs_that_would_overwrite_the_ui_catalogs_are_refused(essay, tmp_path):
    Document.objects.create(slug="django", title="x", source_language="en")
    with pytest.raises(CommandError, match="interface translations"):
        call_command("export_po", "django", "--lang", "de", "--out", str(tmp_path))
    assert not any(tmp_path.rglob("django.po"))
    with pytest.raises(ValueError):
        catalog_path(tmp_path, "djangojs", "de")


def test_po_needs_exactly_one_target_language(essay):
    exporter = get("po")
    assert not exporter.supports(ExportRequest(document=essay, languages=["de", "fr"]))
    assert not exporter.supports(ExportRequest(document=essay, languages=["en"]))
    with pytest.raises(CommandError, match="exactly one target language"):
        call_command("export", "essay", "--format", "po", "--lang", "de,fr", "--out", "-")
